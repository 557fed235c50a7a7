"""`flask import`: bring a Debrief JSON export (or a CSV of interviews) into a member's account."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.accounts import find_user_by_email
from app.data.csv_import import read_interviews_csv
from app.data.import_forms import UPLOAD_LIMIT
from app.data.import_plan import ImportPlan, account_state, plan_import
from app.data.import_records import ImportProblem
from app.data.import_writing import apply_import
from app.data.json_import import read_json_export
from app.extensions import db

READERS = {"json": read_json_export, "csv": read_interviews_csv}


def describe_plan(plan: ImportPlan) -> list[str]:
    """The preview, as lines of text."""
    lines = [
        f"  {label}: {tally.added:,} to add, {tally.skipped:,} already there"
        for label, tally in plan.rows()
    ]
    if plan.first_day:
        lines.append(f"  Interviews added: held from {plan.first_day} to {plan.last_day}")
    if plan.replace_categories:
        lines.append(
            "  The account has no interviews or action items yet: "
            "it takes the file's categories as they are."
        )
    if plan.new_categories:
        lines.append("  Categories created: " + ", ".join(c["name"] for c in plan.new_categories))
    if plan.removed_categories:
        lines.append("  Starting categories removed: " + ", ".join(plan.removed_categories))
    if plan.template == "set":
        lines.append("  The feedback template becomes the file's.")
    elif plan.template == "kept":
        lines.append("  The file's feedback template differs: the account's is kept.")
    return lines


@click.command("import")
@click.option("--email", required=True, help="The member whose account receives the records.")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(tuple(READERS)),
    help="json (a Debrief export) or csv (interviews); by default from the file's extension.",
)
@click.option("--dry-run", is_flag=True, help="Only say what would be added.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(email: str, file_format: str | None, dry_run: bool, path: Path) -> None:
    """Import a Debrief JSON export or a CSV of interviews into a member's account."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    file_format = file_format or ("csv" if path.suffix.lower() == ".csv" else "json")
    with path.open("rb") as handle:
        raw = handle.read(UPLOAD_LIMIT + 1)
    if len(raw) > UPLOAD_LIMIT:
        raise click.ClickException(f"{path} is larger than {UPLOAD_LIMIT // (1024 * 1024)} MB.")
    try:
        records = READERS[file_format](raw)
    except ImportProblem as problem:
        raise click.ClickException(f"{path} was not imported. {problem.message}") from None
    owner_id = user.id
    plan = plan_import(records, account_state(owner_id))
    click.echo(f"{path} into {user.email}:")
    click.echo("\n".join(describe_plan(plan)))
    if dry_run or not plan.adds_anything:
        click.echo(
            "Nothing was changed." if dry_run else "Nothing to add: everything is there already."
        )
        db.session.rollback()
        return
    apply_import(owner_id, records)
    db.session.commit()
    click.echo("Imported.")
