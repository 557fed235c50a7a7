"""The import forms of "Your data": a file to preview, then the confirmation."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField

# The largest file an import reads. A request may carry this much (plus the form around it);
# any other form keeps the instance's MAX_CONTENT_LENGTH.
UPLOAD_LIMIT = 20 * 1024 * 1024
TOO_LARGE = (
    f"The file is larger than {UPLOAD_LIMIT // (1024 * 1024)} MB, more than any Debrief export "
    "of years of interviews: is it the right file? Nothing was imported."
)


class UploadForm(FlaskForm):
    """A file field among others on "Your data", under its own prefix (ids stay unique).

    The request's CSRF token is checked by CSRFProtect, as for every POST, from the page's
    plain `csrf_token` input: a prefixed token field of its own per form would only repeat it.
    """

    class Meta:
        """No form-level token: see above."""

        csrf = False

    prefix_name = ""

    def __init__(self, *args, **kwargs):
        """The form with its own prefix."""
        super().__init__(*args, prefix=self.prefix_name, **kwargs)


class JsonImportForm(UploadForm):
    """A Debrief JSON export to bring back."""

    prefix_name = "json"

    file = FileField(
        "Debrief export (.json)",
        validators=[FileRequired("Choose the .json file of a Debrief export.")],
        description="The file “Download JSON” gives you, from this Debrief or another one.",
        render_kw={"accept": ".json,application/json"},
    )
    submit = SubmitField("Preview the import")


class CsvImportForm(UploadForm):
    """A CSV file of interviews, with the columns of Debrief's interviews.csv."""

    prefix_name = "csv"

    file = FileField(
        "Interviews (.csv)",
        validators=[FileRequired("Choose a .csv file of interviews.")],
        description="One interview per row, under a first row naming the columns (see “The columns”).",
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField("Preview the import")


class ConfirmImportForm(FlaskForm):
    """Import the previewed file, or discard it."""

    token = HiddenField()
    confirm = SubmitField("Import")
    discard = SubmitField("Don't import")
