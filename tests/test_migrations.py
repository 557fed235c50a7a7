"""The committed migrations build exactly the schema the models describe, and can be undone."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, make_url

from app import create_app
from app.extensions import db
from app.models.interviews import WORDING_INDEX_LENGTH
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")


# Indexes on an expression, by table: SQLite cannot reflect them and PostgreSQL spells their
# expression its own way (`TRIM(BOTH FROM text)`), so autogenerate cannot compare them; they are
# looked up by name instead.
INDEXES_ON_EXPRESSIONS = {"ix_question_owner_wording": "question"}


def compared(object_, name, type_, reflected, compare_to):
    """What autogenerate compares: not the FTS tables of migration 0003 (they are not models),
    nor the indexes on an expression."""
    if type_ == "table" and "_fts" in name:
        return False
    return not (type_ == "index" and name in INDEXES_ON_EXPRESSIONS)


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": compared, "compare_type": True}
        )
        assert compare_metadata(context, db.metadata) == []


def test_the_migrations_make_the_models_indexes_on_expressions(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            found = connection.exec_driver_sql(
                "SELECT indexname, tablename, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema()"
            )
        else:
            found = connection.exec_driver_sql(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
            )
        made = {name: (table, definition) for name, table, definition in found.all()}
    in_models = {index.name: table.name for table in db.metadata.tables.values()
                 for index in table.indexes if index.name in INDEXES_ON_EXPRESSIONS}
    assert in_models == INDEXES_ON_EXPRESSIONS
    assert {name: made.get(name, (None,))[0] for name in INDEXES_ON_EXPRESSIONS} == INDEXES_ON_EXPRESSIONS
    # The wording index keeps as many characters as the model's statements compare.
    assert f", 1, {WORDING_INDEX_LENGTH})" in made["ix_question_owner_wording"][1]


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
