"""Flask commands: `flask create-admin`, and more as areas add them."""

import click
from flask import Flask
from flask.cli import with_appcontext

from app.accounts import create_user, find_user_by_email
from app.auth.passwords import hash_password, password_problem
from app.data.backup import backup_command, restore_command
from app.data.cli import delete_account_command, export_command
from app.data.import_cli import import_command
from app.demo import seed_demo_command
from app.extensions import db
from app.models import Role


@click.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email, used to log in.")
@click.option("--name", "display_name", prompt="Your name", help="The name shown in Debrief.")
@click.password_option(help="The password (asked twice when not given).")
@with_appcontext
def create_admin_command(email: str, display_name: str, password: str) -> None:
    """Create an admin account from the shell."""
    email = email.strip().lower()
    if find_user_by_email(email):
        raise click.ClickException(f"An account with the email {email} exists already.")
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    create_user(email, display_name, hash_password(password), Role.ADMIN)
    db.session.commit()
    click.echo(f"Admin account created for {email}.")


def init_cli(app: Flask) -> None:
    """Register the commands on the app."""
    app.cli.add_command(create_admin_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(delete_account_command)
