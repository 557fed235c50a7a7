"""`flask export`: a member's data to a file, from the shell."""

import sys

import click
from flask.cli import with_appcontext

from app.accounts import find_user_by_email

FORMATS = ("json", "csv", "markdown")


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


@click.command("export")
@click.option("--email", required=True, help="The member whose data to export.")
@click.option("--format", "export_format", type=click.Choice(FORMATS), default="json")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="A file (default: standard output).")
@with_appcontext
def export_command(email: str, export_format: str, output: str | None) -> None:
    """Export a member's data as JSON, a zip of CSV files or a zip of Markdown debriefs."""
    user = find_user_by_email(email.strip().lower())
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    if output is None:
        write_export(user, export_format, sys.stdout.buffer)
        return
    with open(output, "wb") as out:
        write_export(user, export_format, out)
    click.echo(f"Exported {user.email} as {export_format} to {output}.", err=True)
