"""The committed migrations build exactly the schema the models describe, and can be undone."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, make_url

from app import create_app
from app.extensions import db
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")


def not_search_index(object_, name, type_, reflected, compare_to):
    """The FTS tables of migration 0003 are not models."""
    return not (type_ == "table" and "_fts" in name)


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": not_search_index, "compare_type": True}
        )
        assert compare_metadata(context, db.metadata) == []


@pytest.fixture
def scratch_database_url(tmp_path, test_database_url):
    """An empty database of the run's kind: a SQLite file, or a new PostgreSQL database."""
    if not test_database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    server = make_url(test_database_url)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS debrief_scratch")
        connection.exec_driver_sql("CREATE DATABASE debrief_scratch")
    yield server.set(database="debrief_scratch").render_as_string(hide_password=False)
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS debrief_scratch WITH (FORCE)")
    engine.dispose()


def test_migrations_downgrade_to_nothing_and_upgrade_again(scratch_database_url):
    scratch = create_app({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": scratch_database_url})
    with scratch.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade(directory=MIGRATIONS)
        assert "question_fts" in inspect(db.engine).get_table_names()
        db.engine.dispose()


@pytest.mark.sqlite_only  # a scratch SQLite file
def test_saved_self_assessments_stay_as_their_members_saved_them(tmp_path):
    scratch = create_app({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.db'}"})
    with scratch.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0005_edit_versions")
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO user (id, email, display_name, password_hash, role, disabled, created_at, "
                "password_changed_at) VALUES (1, 'a@b.test', 'A', 'x', 'member', 0, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
            connection.exec_driver_sql(
                "INSERT INTO interview (id, owner_id, company, role_title, occurred_at, stage, format, "
                "outcome, job_url, notes, created_at, updated_at, version) VALUES (1, 1, 'Acme', 'Dev', "
                "'2026-01-02 10:00:00', 'first', 'video', 'awaiting', '', '', '2026-01-02 00:00:00', "
                "'2026-01-02 00:00:00', 1)"
            )
            connection.exec_driver_sql(
                "INSERT INTO self_assessment (owner_id, interview_id, on_time, dressed_appropriately, "
                "researched_company, researched_role, prepared_questions, sold_short, sold_short_note, "
                "negative_tone, negative_tone_note, do_differently, created_at, updated_at, version) "
                "VALUES (1, 1, 0, 1, 1, 0, 1, 1, '', 0, '', '', '2026-01-02 12:00:00', "
                "'2026-01-03 09:00:00', 1)"
            )
        flask_migrate.upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT on_time, researched_role, sold_short, negative_tone, completed_at "
                "FROM self_assessment"
            ).one()
        assert tuple(row[:4]) == (0, 0, 1, 0)
        assert str(row[4]).startswith("2026-01-03 09:00:00")
