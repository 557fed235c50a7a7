"""`flask export`: a member's data to a file, from the shell."""

import contextlib
import os
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from app.accounts import find_user_by_email
from app.forms import DATE_RANGE_MESSAGE, is_in_date_range

FORMATS = ("json", "csv", "markdown")
DAY = click.DateTime(formats=["%Y-%m-%d"])


def write_export(user, export_format: str, out, start=None, end=None) -> None:
    """Write the member's export in the chosen format to the binary stream `out`."""
    if export_format == "json":
        from app.data.json_export import write_json_export

        write_json_export(user, out)
    elif export_format == "csv":
        from app.data.csv_export import write_csv_zip

        write_csv_zip(user, out, start=start, end=end)
    else:
        from app.data.markdown_export import write_markdown_zip

        write_markdown_zip(user, out)


def date_range(export_format: str, start, end) -> tuple[date | None, date | None]:
    """The --from and --to dates as days, refused unless the format takes them and they make a range."""
    start = start.date() if start else None
    end = end.date() if end else None
    if (start or end) and export_format != "csv":
        raise click.UsageError("--from and --to apply to the CSV export only (--format csv).")
    for name, value in (("--from", start), ("--to", end)):
        if value is not None and not is_in_date_range(value):
            raise click.BadParameter(DATE_RANGE_MESSAGE, param_hint=name)
    if start and end and end < start:
        raise click.BadParameter("the end of the range is before its start.", param_hint="--to")
    return start, end


@click.command("export")
@click.option("--email", required=True, help="The member whose data to export.")
@click.option("--format", "export_format", type=click.Choice(FORMATS), default="json")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="A file (default: standard output).")
@click.option("--from", "start", type=DAY, help="CSV only: the first day (YYYY-MM-DD) of the interviews to export.")
@click.option("--to", "end", type=DAY, help="CSV only: the last day (YYYY-MM-DD) of the interviews to export.")
@with_appcontext
def export_command(email: str, export_format: str, output: str | None, start, end) -> None:
    """Export a member's data as JSON, a zip of CSV files or a zip of Markdown debriefs."""
    start, end = date_range(export_format, start, end)
    # A command's transactions take the write lock (app/database.py) unless they run inside a
    # request that has not begun writing: an export only reads, so it runs as such a request,
    # and the members saving forms meanwhile never wait for it.
    with current_app.test_request_context():
        export_member(email, export_format, output, start, end)


def export_member(email: str, export_format: str, output: str | None, start, end) -> None:
    """Find the member and write the export to `output` (standard output when None)."""
    user = find_user_by_email(email.strip().lower())
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    if output is None:
        write_export(user, export_format, sys.stdout.buffer, start, end)
        return
    # Written beside the target and renamed at the end: a failed export leaves no half file.
    partial = f"{output}.part"
    try:
        with open(partial, "wb") as out:
            write_export(user, export_format, out, start, end)
        os.replace(partial, output)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        raise
    click.echo(f"Exported {user.email} as {export_format} to {output}.", err=True)


@click.command("delete-account")
@click.option("--email", required=True, help="The account to delete, with everything in it.")
@click.option("--yes", is_flag=True, help="Do not ask to type the email again to confirm.")
@with_appcontext
def delete_account_command(email: str, yes: bool) -> None:
    """Delete an account and every row of it (what the Your data page and the admin's do)."""
    from app.data.deletion import account_summary, erase_account, is_last_admin
    from app.extensions import db

    user = find_user_by_email(email.strip().lower())
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    if is_last_admin(user):
        raise click.ClickException(
            f"{user.email} is the only admin of this instance: make another person admin first."
        )
    lines = account_summary(user.id).lines() or ["nothing but the account itself"]
    click.echo(f"Deleting {user.email} takes away: " + "; ".join(lines) + ".")
    if not yes:
        typed = click.prompt("Type the email again to confirm", default="", show_default=False)
        if typed.strip().lower() != user.email.lower():
            raise click.ClickException("The email typed does not match: nothing was deleted.")
    erase_account(user.id)
    db.session.commit()
    click.echo(f"Deleted {user.email} and everything in it.")
