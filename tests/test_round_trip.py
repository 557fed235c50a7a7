"""Every form, found by crawling a demo member's pages, gives back what it shows and what is typed.

Nobody lists the forms: the crawl (tests/crawler.py) finds them, and a rule sorts each one.

- An action form is one whose submission is the change itself, so it is not sent here: it has
  no field to type into or choose (only hidden inputs and its button: delete, done/reopen,
  hide/show, move, rehearsed, no reply, log out), or its button names a change other than a
  save (ACTION_VERBS: "Merge and delete", "Mark as sent", "Mark as followed up").
- A creation form has a `required` field left empty, or carries version 0 (its row does not
  exist yet: see app/versioning.py).
- A secret form asks for a password: what is typed is checked, never stored or shown back.
- Every other POST form edits stored rows. GET forms (search, filters) only read.

Then: every form but the actions, sent exactly as rendered, is never refused for a value the page
put in it; an edit form sent so changes no stored row; a creation form with its required fields
filled (recognisable values) is accepted, the next page shows the values back, and the new rows
hold them.
"""

import re
from collections import defaultdict
from datetime import date, timedelta
from html import escape

from tests.crawler import Control, Form, crawl, parse_forms, submit
from tests.stored_rows import change_between, demo_client, stored_rows

# The first word of a button that does something other than save what the form shows.
ACTION_VERBS = ("Delete", "Merge", "Mark", "Remove", "Revoke", "Disable")
FIELD_ERROR = re.compile(r'id="([^"]+)-error"[^>]*class="field-error"')
# Bounds of the crawl: enough pages to meet each form in its different states (an interview
# with and without rejection reasons, a request sent or not), few enough to stay fast.
PER_PATTERN = 40
PER_PAGE = 2
MIN_FORMS = {"edit": 8, "create": 5, "action": 8, "get": 2}


def is_action(form: Form) -> bool:
    """Whether submitting the form is itself the change (see the module's doc)."""
    if form.action.split("?")[0] == "/logout" or not any(c.is_typeable for c in form.fields):
        return True
    button = form.button()
    return button is not None and button.label.split(" ")[0] in ACTION_VERBS


def is_filled(controls: list[Control]) -> bool:
    """Whether the page put a value in a field (a radio group counts once, if one is checked)."""
    return any(value.strip() for control in controls for value in control.sent_values())


def kind_of(form: Form) -> str:
    """action, get, secret, create or edit (see the module's doc)."""
    if is_action(form):
        return "action"
    if form.method == "get":
        return "get"
    if any(c.type == "password" for c in form.fields):
        return "secret"
    empty_required = any(
        c.required and c.is_typeable and not is_filled(form.named(c.name)) for c in form.fields
    )
    return "create" if empty_required or form.value("version") == "0" else "edit"


def facts(form: Form) -> set[tuple]:
    """What a form shows: which text fields are filled, which choices are made, its buttons."""
    shown = {("button", button.label) for button in form.buttons}
    for name in form.field_names():
        controls = form.named(name)
        if controls[0].tag == "select" or controls[0].type in ("radio", "checkbox"):
            shown.add((name, tuple(v for c in controls for v in c.sent_values())))
        else:
            shown.add((name, is_filled(controls)))
    return shown


def representatives(forms: list[Form]) -> list[Form]:
    """Per pattern, the forms that show something no earlier one showed (a rejected interview,
    a question marked froze, a reply received...): each state a form is shown in, at least once."""
    covered: dict[str, set] = defaultdict(set)
    chosen = []
    for form in forms:
        new = facts(form) - covered[form.pattern]
        if new:
            covered[form.pattern] |= new
            chosen.append(form)
    return chosen


def crawled_forms(client, **bounds) -> dict[str, list[Form]]:
    """The demo member's forms by kind, one per pattern and shape."""
    site = crawl(client, ["/dashboard"], **{"per_pattern": PER_PATTERN, "per_page": PER_PAGE, **bounds})
    broken = [f"{page.url}: {page.status}" for page in site.failures()]
    assert not broken, f"the crawl met broken pages: {broken}"
    kinds = defaultdict(list)
    for form in representatives(site.forms):
        kinds[kind_of(form)].append(form)
    return kinds


def reload(client, form: Form) -> Form:
    """The same form as its page shows it now (a save elsewhere may have moved its version)."""
    response = client.get(form.page)
    assert response.status_code == 200, f"{form.page} gave {response.status_code}"
    same = [f for f in parse_forms(form.page, response.get_data(as_text=True)) if f.action == form.action]
    assert same, f"{form.page} no longer shows its form to {form.action}"
    return same[0]


def field_errors(html: str) -> set[str]:
    """The ids of the fields that have an error message next to them."""
    return set(FIELD_ERROR.findall(html))


def error_id(control: Control) -> str:
    """The id the form macro gives the error of this control's field (a radio's or a group of
    checkboxes' (ids name-0, name-1...): its group's)."""
    return re.sub(r"-\d+$", "", control.id) if control.type in ("radio", "checkbox") else control.id


def refused_filled_fields(form: Form, html: str) -> list[str]:
    """The fields the page itself filled in that the app then refused, with their values."""
    errors = field_errors(html)
    refused = []
    for name in form.field_names():
        controls = form.named(name)
        if is_filled(controls) and any(error_id(c) in errors for c in controls):
            refused.append(f"{name}={form.value(name)!r}")
    return refused


def recognisable_value(control: Control, number: int):
    """A valid value for an empty field, easy to find again in a page and in the database."""
    today = date.today()
    if control.tag == "select":
        return next((o.value for o in control.options if o.value and not o.disabled), "")
    if control.type in ("radio", "checkbox"):
        return control.value
    return {
        "email": f"typed{number}@example.com",
        "url": f"https://example.com/typed-{number}",
        "date": today.isoformat(),
        "datetime-local": f"{today - timedelta(days=1)}T09:30",
        "number": "3",
        "tel": "0123 456 789",
    }.get(control.type, f"Typed {control.name} {number}")


def shows_back(control: Control) -> bool:
    """Whether a typed value is text a page shows as typed (dates and choices are shown as labels)."""
    return control.tag == "textarea" or control.type in ("text", "email", "url", "search", "tel")


def fill_and_submit(client, form: Form, number: int):
    """Fill the required empty fields, and then any empty field the app asks for; send the form.

    Returns the last response and the {name: value} typed.
    """
    typed = {}
    wanted = [c for c in form.fields if c.required and c.is_typeable and not is_filled(form.named(c.name))]
    for _attempt in range(3):
        for control in wanted:
            typed.setdefault(control.name, recognisable_value(control, number))
        response = submit(client, form, form.submission(changes=typed))
        if response.status_code != 200:
            return response, typed
        errors = field_errors(response.get_data(as_text=True))
        wanted = [
            c for c in form.fields
            if error_id(c) in errors and c.name not in typed and not is_filled(form.named(c.name))
        ]
        if not wanted:
            return response, typed
    return response, typed


def test_the_crawl_finds_every_kind_of_form(app, runner):
    client = demo_client(app, runner)
    kinds = crawled_forms(client)
    counts = {kind: len({form.pattern for form in forms}) for kind, forms in kinds.items()}
    for kind, least in MIN_FORMS.items():
        assert counts.get(kind, 0) >= least, f"only {counts} form patterns found: is the crawl broken?"
    edited = {form.pattern for form in kinds["edit"]}
    assert "POST /interviews/<n>/edit" in edited and "POST /interviews/<n>/questions/<n>/edit" in edited


def test_every_form_sent_as_rendered_keeps_what_it_shows(app, runner):
    client = demo_client(app, runner)
    kinds = crawled_forms(client)
    problems = []
    checked = 0
    for kind in ("edit", "create", "secret", "get"):
        for crawled in kinds[kind]:
            form = reload(client, crawled)
            before = stored_rows(app)
            response = submit(client, form)
            downloaded = "attachment" in response.headers.get("Content-Disposition", "")
            html = "" if downloaded else response.get_data(as_text=True)  # a file, not a page
            where = f"{kind} form {form.action} (on {form.page})"
            checked += 1
            if response.status_code >= 400:
                problems.append(f"{where}: answered {response.status_code}")
                continue
            refused = refused_filled_fields(form, html) if response.status_code == 200 else []
            if refused:
                problems.append(f"{where}: refused what the page itself filled in: {', '.join(refused)}")
            change = change_between(before, stored_rows(app))
            if kind == "edit" and change:
                problems.append(f"{where}: saved unchanged, yet the stored rows changed:\n{change.describe()}")
            if kind != "edit" and change.removed:
                problems.append(f"{where}: sent as rendered, it changed stored rows:\n{change.describe()}")
    assert checked >= sum(MIN_FORMS.values()) - MIN_FORMS["action"]
    assert not problems, "\n".join(problems)


def test_every_creation_form_shows_back_and_stores_what_was_typed(app, runner):
    client = demo_client(app, runner)
    creations = crawled_forms(client)["create"]
    problems = []
    seen_patterns = set()
    for number, crawled in enumerate(creations, start=101):
        if crawled.pattern in seen_patterns:
            continue  # one record per creation form is enough: each one adds rows
        seen_patterns.add(crawled.pattern)
        form = reload(client, crawled)
        before = stored_rows(app)
        response, typed = fill_and_submit(client, form, number)
        where = f"creation form {form.action} (on {form.page}), typed {typed}"
        if response.status_code != 302:
            html = response.get_data(as_text=True)
            problems.append(f"{where}: not saved ({response.status_code}), errors by {sorted(field_errors(html))}")
            continue
        page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
        change = change_between(before, stored_rows(app))
        stored_text = " ".join(str(v) for (_table, row) in change.added for v in row)
        for name, value in typed.items():
            control = form.named(name)[0]
            if shows_back(control) and escape(value) not in page:
                problems.append(f"{where}: the next page does not show {name}={value!r}")
            if shows_back(control) and value not in stored_text:
                problems.append(f"{where}: no new row holds {name}={value!r}")
        if change.removed:
            problems.append(f"{where}: existing rows changed:\n{change.describe()}")
        if not change.added:
            problems.append(f"{where}: accepted, but no row was added")
    assert len(seen_patterns) >= MIN_FORMS["create"]
    assert not problems, "\n".join(problems)
