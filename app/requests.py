"""Text normalised on the way in: every submitted value is cleaned once, before any form reads it.

Pasted text can carry invisible control characters (a NUL, a bell, a terminal's colour codes)
that nobody meant to keep, and PostgreSQL refuses NUL outright. Cleaning the parsed query
string and form (urlencoded or multipart alike) and JSON bodies here means that no form field,
view or filter has to remember to do it.
"""

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items

# C0 controls, DEL and C1 controls, except tab (\x09) and newline (\x0a). Line breaks are made
# \n first, so a \r is never removed. Format characters (right-to-left marks, zero-width
# joiners in emoji) are not controls and stay as typed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"\r\n?")


def normalise_text(value):
    """A string with \\r\\n and lone \\r as \\n and other control characters removed; else as is."""
    if not isinstance(value, str):
        return value
    return CONTROL_CHARACTERS.sub("", LINE_BREAK.sub("\n", value))


def normalise_json(value):
    """Every string in a decoded JSON document (keys included) normalised."""
    if isinstance(value, dict):
        return {normalise_text(key): normalise_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise_json(item) for item in value]
    return normalise_text(value)


class NormalisedMultiDict(ImmutableMultiDict):
    """The query string's or the form's values, normalised as they are parsed (files untouched)."""

    def __init__(self, mapping=None):
        """Store every value normalised; keys stay as sent."""
        super().__init__(
            [(key, normalise_text(value)) for key, value in iter_multi_items(mapping or ())]
        )


class NormalisingRequest(Request):
    """Flask's request, whose args, form and JSON body hold normalised text."""

    # Werkzeug builds request.args, request.form and request.files with this class.
    parameter_storage_class = NormalisedMultiDict

    def get_json(self, *args, **kwargs):
        """The JSON body with its strings normalised (Flask-WTF reads a JSON post as a form)."""
        return normalise_json(super().get_json(*args, **kwargs))
