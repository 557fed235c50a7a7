"""Your data: the downloads (JSON, a zip of CSV files, a zip of Markdown debriefs) and the
printable report. Every one is a GET that only reads.

The zips are written into a spooled temporary file (in memory while small, on disk beyond)
and sent from there: the export reads the database in one go, however slowly the browser
downloads, and a failure while writing is an error page rather than a cut-off file.
"""

from datetime import date
from tempfile import SpooledTemporaryFile

from flask import (
    Response,
    g,
    make_response,
    render_template,
    request,
    send_file,
    stream_with_context,
)
from flask_login import current_user, login_required

from app import clock
from app.data import bp, routes
from app.data.csv_export import write_csv_zip
from app.data.export_forms import CsvExportForm, ReportForm
from app.data.json_export import json_export_chunks
from app.data.markdown_export import write_markdown_zip
from app.data.report import build_report

# Zips up to this size stay in memory while they are written; bigger ones go to a temporary file.
SPOOL_IN_MEMORY = 1024 * 1024


@bp.context_processor
def export_section_form():
    """The CSV export's form for the export section of "Your data" (as typed, after an error)."""
    form = g.get("csv_export_form")
    return {"csv_form": form if form is not None else CsvExportForm(formdata=None)}


def as_download(response: Response, filename: str) -> Response:
    """A response saved as `filename` by the browser and kept in no cache."""
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def send_spool(spool: SpooledTemporaryFile, filename: str) -> Response:
    """The zip written into `spool`, as a download of known length."""
    size = spool.tell()
    spool.seek(0)
    response = send_file(spool, mimetype="application/zip", max_age=0, conditional=False, etag=False)
    response.content_length = size
    return as_download(response, filename)


@bp.get("/export/json")
@login_required
def export_json():
    """Everything the member recorded, as one JSON file, sent as it is written."""
    chunks = json_export_chunks(current_user._get_current_object())
    response = Response(stream_with_context(chunks), mimetype="application/json")
    return as_download(response, f"debrief-export-{clock.today().isoformat()}.json")


@bp.get("/export/csv")
@login_required
def export_csv():
    """The member's tables as a zip of CSV files: everything, or the interviews of a date range."""
    form = CsvExportForm(formdata=request.args)
    if not form.validate():
        g.csv_export_form = form  # the page again, the dates as typed and the message beside them
        return make_response(routes.index())
    spool = SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (the response closes it)
    write_csv_zip(current_user, spool, start=form.start.data, end=form.end.data)
    return send_spool(spool, csv_filename(form.start.data, form.end.data, clock.today()))


def csv_filename(start: date | None, end: date | None, today: date) -> str:
    """`debrief-csv-<today>.zip`, or the range's dates when it has one."""
    if start is None and end is None:
        return f"debrief-csv-{today.isoformat()}.zip"
    if start is None:
        return f"debrief-csv-to-{end.isoformat()}.zip"
    return f"debrief-csv-{start.isoformat()}-to-{(end or today).isoformat()}.zip"


@bp.get("/export/markdown")
@login_required
def export_markdown():
    """A zip with one Markdown file per interview, for a notes app."""
    spool = SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (the response closes it)
    write_markdown_zip(current_user, spool)
    return send_spool(spool, f"debrief-markdown-{clock.today().isoformat()}.zip")


@bp.get("/report")
@login_required
def report():
    """The printable report of the member's interviews in a period, one page per month."""
    if request.args:
        form = ReportForm(formdata=request.args)
        valid = form.validate()
    else:
        form, valid = ReportForm.default_period(), True
    today = clock.today()
    found = build_report(current_user.id, form.start.data, form.end.data, today) if valid else None
    return render_template("data/report.html", form=form, report=found, today=today)
