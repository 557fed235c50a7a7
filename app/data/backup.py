"""`flask backup` and `flask restore`: a consistent copy of the whole instance, and back."""

import click


@click.command("backup")
def backup_command() -> None:
    """Not built yet."""
    raise click.ClickException("Backup is not built yet.")


@click.command("restore")
def restore_command() -> None:
    """Not built yet."""
    raise click.ClickException("Restore is not built yet.")
