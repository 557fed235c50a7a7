"""Your data: importing a Debrief JSON export, or interviews from a CSV file.

An upload is read and checked in full, then previewed (what will be added, what is already
there); nothing changes until the member confirms, and then everything is added in one
transaction or nothing is. Between the two the file waits on the server (app/data/import_uploads.py),
never in the page. A bad file is answered on the "Your data" page, with the message next to
its file field.
"""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from app.data import bp, routes
from app.data.csv_import import read_interviews_csv
from app.data.import_forms import (
    TOO_LARGE,
    UPLOAD_LIMIT,
    ConfirmImportForm,
    CsvImportForm,
    JsonImportForm,
)
from app.data.import_plan import ImportPlan, account_state, plan_import
from app.data.import_records import ImportProblem
from app.data.import_uploads import forget_upload, keep_upload, kept_upload
from app.data.import_writing import apply_import
from app.data.json_import import read_json_export
from app.errors import render_error
from app.versioning import save_changes

UPLOAD_ENDPOINTS = {"data.import_json": "json", "data.import_csv": "csv"}
FORMS = {"json": JsonImportForm, "csv": CsvImportForm}
READERS = {"json": read_json_export, "csv": read_interviews_csv}
# Room for the multipart envelope and the CSRF token around the file itself.
FORM_ROOM = 64 * 1024
NOT_IMPORTED = "The file was not imported: the reason is next to its field below."
PREVIEW_GONE = (
    "That import preview is no longer open (it was imported or discarded already, another "
    "file was chosen since, or an hour went by): nothing was imported. Choose the file again."
)


@bp.url_value_preprocessor
def allow_import_uploads(endpoint, _values):
    """Let a member's import upload be up to UPLOAD_LIMIT; every other request (a visitor's
    too) keeps the instance's limit. This runs before the CSRF check, the first to read the
    request's body."""
    if (
        endpoint in UPLOAD_ENDPOINTS
        and request.mimetype == "multipart/form-data"
        and current_user.is_authenticated
    ):
        request.max_content_length = UPLOAD_LIMIT + FORM_ROOM


@bp.context_processor
def import_section_forms():
    """The two import forms of "Your data" (as sent, with their message, after a refused file)."""
    return {
        "json_import_form": g.get("json_import_form") or JsonImportForm(formdata=None),
        "csv_import_form": g.get("csv_import_form") or CsvImportForm(formdata=None),
    }


def refuse_file(kind: str, form, status: int = 200):
    """The "Your data" page again, the problem next to the file field."""
    setattr(g, f"{kind}_import_form", form)
    flash(NOT_IMPORTED, "error")
    return routes.index(), status


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """A file over the limit gets the import form and its message, not a bare error page."""
    kind = UPLOAD_ENDPOINTS.get(request.endpoint)
    if kind is None or not current_user.is_authenticated:
        return render_error(error)
    form = FORMS[kind](formdata=None)
    form.file.errors = [TOO_LARGE]
    return refuse_file(kind, form, 413)


def preview_page(kind: str, filename: str, plan: ImportPlan, token: str | None, status: int = 200):
    """The preview of an import: what it adds and skips, and the buttons to import or not."""
    form = ConfirmImportForm(formdata=None, token=token)
    page = render_template(
        "data/import_preview.html", kind=kind, filename=filename, plan=plan, form=form
    )
    return page, status


def preview_upload(kind: str):
    """Read and check an uploaded file; show what importing it would add."""
    form = FORMS[kind]()
    if not form.validate_on_submit():
        return refuse_file(kind, form)
    upload = form.file.data
    raw = upload.stream.read(UPLOAD_LIMIT + 1)
    if len(raw) > UPLOAD_LIMIT:
        form.file.errors.append(TOO_LARGE)
        return refuse_file(kind, form, 413)
    try:
        records = READERS[kind](raw)
    except ImportProblem as problem:
        form.file.errors.append(problem.message)
        return refuse_file(kind, form)
    owner_id = current_user.id
    plan = plan_import(records, account_state(owner_id))
    filename = upload.filename or f"the .{kind} file"
    token = keep_upload(owner_id, kind, filename, raw) if plan.adds_anything else None
    return preview_page(kind, filename, plan, token)


@bp.post("/import/json")
@login_required
def import_json():
    """Preview the import of a Debrief JSON export."""
    return preview_upload("json")


@bp.post("/import/csv")
@login_required
def import_csv():
    """Preview the import of interviews from a CSV file."""
    return preview_upload("csv")


def imported_message(plan: ImportPlan) -> str:
    """What the import added, in a sentence."""
    added = [
        f"{tally.added:,} {label[0].lower()}{label[1:]}"
        for label, tally in plan.rows()
        if tally.added
    ]
    if plan.template == "set":
        added.append("your feedback template")
    if not added:
        return "Nothing was added: everything in the file was already in your account."
    listed = added[0] if len(added) == 1 else ", ".join(added[:-1]) + " and " + added[-1]
    return f"Imported {listed}."


@bp.post("/import/confirm")
@login_required
def import_confirm():
    """Import the previewed file in one transaction, or discard it."""
    form = ConfirmImportForm()
    owner_id = current_user.id
    upload = kept_upload(owner_id, form.token.data)
    if upload is None:
        flash(PREVIEW_GONE, "warning")
        return redirect(url_for("data.index", _anchor="import"))
    if form.discard.data:
        forget_upload(owner_id)
        flash("Nothing was imported.", "info")
        return redirect(url_for("data.index", _anchor="import"))
    try:
        records = READERS[upload.kind](upload.raw)
    except ImportProblem:  # checked at upload already: only a newer Debrief in between
        forget_upload(owner_id)
        flash(PREVIEW_GONE, "warning")
        return redirect(url_for("data.index", _anchor="import"))
    done = {}
    saved = save_changes(lambda: done.update(plan=apply_import(owner_id, records)), typed=False)
    if saved:
        forget_upload(owner_id)
        flash(imported_message(done["plan"]), "success")
        return redirect(url_for("dashboard.index"))
    plan = plan_import(records, account_state(owner_id))
    return preview_page(upload.kind, upload.filename, plan, upload.token, saved.status)
