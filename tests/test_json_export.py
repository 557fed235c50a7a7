"""The Debrief JSON export: its header, every record with its stable uid, a fixed order, and a
stream read a batch at a time. The format is docs/export-format.md."""

import io
import json
import re
import uuid
from datetime import date, datetime

import flask_migrate
import pytest
from sqlalchemy import event, select

from app import create_app
from app.data import json_export
from app.data.json_export import json_export_chunks, write_json_export
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    Comment,
    FeedbackRequest,
    ForgottenQuestion,
    Interview,
    Interviewer,
    Question,
    RejectionReason,
    SelfAssessment,
    User,
    WentWell,
)
from tests.coaching_history import add_coaching_history
from tests.conftest import ROOT

MOMENT = datetime(2026, 3, 14, 9, 30)


def export(app, user_id: int) -> bytes:
    """The member's export as one file."""
    with app.app_context():
        out = io.BytesIO()
        write_json_export(db.session.get(User, user_id), out)
        db.session.rollback()
        return out.getvalue()


def full_member(app, owner_id: int) -> None:
    """A history with one of everything: a renamed hidden category and a custom one, an interview
    with interviewers, reasons, a rehearsed question, a debrief with lists, feedback with a reply,
    action items with and without an interview, and a feedback template."""
    with app.app_context():
        categories = db.session.scalars(
            select(Category).where(Category.owner_id == owner_id).order_by(Category.position)
        ).all()
        categories[1].name, categories[1].hidden = "Why us", True
        custom = Category(owner_id=owner_id, name="Stakeholders", hint="Saying no", position=99)
        interview = Interview(
            owner_id=owner_id, company="Zoë & Co", role_title="Analyst", occurred_at=MOMENT, stage="panel",
            format="in_person", outcome="rejected", job_url="https://zoe.example.io/jobs/1", notes="Ünïcode ✓",
            interviewers=[Interviewer(position=0, name="Sam", title="CTO", email="sam@zoe.example.io"),
                          Interviewer(position=1, name="Kim")],
            rejection_reasons=[RejectionReason(position=0, text="Too junior")],
        )
        interview.questions = [
            Question(owner_id=owner_id, position=0, text="Why us?", category=categories[1], answer="Growth",
                     rating=2, froze=True, better_answer="Their launch", rehearsed_at=datetime(2026, 3, 20, 8, 0, 1, 5),
                     rehearsal_count=3, next_rehearsal_on=date(2026, 4, 1)),
            Question(owner_id=owner_id, position=1, text="Salary?", category=custom),
            Question(owner_id=owner_id, position=2, text="No category"),
        ]
        interview.self_assessment = SelfAssessment(
            owner_id=owner_id, on_time=True, dressed_appropriately=None, researched_company=False,
            researched_role=True, prepared_questions=True, sold_short=True, sold_short_note="Played down",
            negative_tone=False, overall_feeling=3, do_differently="Research", completed_at=datetime(2026, 3, 15),
            forgotten_questions=[ForgottenQuestion(position=0, text="Team size?")],
            went_well=[WentWell(position=0, text="Rapport"), WentWell(position=1, text="SQL")],
        )
        interview.feedback_request = FeedbackRequest(
            owner_id=owner_id, status="received", sent_on=date(2026, 3, 15), channel="email",
            sent_to="sam@zoe.example.io", follow_up_on=date(2026, 3, 22), reply="Be concrete",
            reply_from="Sam", reply_on=date(2026, 3, 18),
        )
        db.session.add_all([custom, interview])
        db.session.add_all([
            ActionItem(owner_id=owner_id, interview=interview, category=custom, text="Practise saying no",
                       done_at=datetime(2026, 3, 30, 12, 0)),
            ActionItem(owner_id=owner_id, text="Buy a better microphone"),
        ])
        db.session.get(User, owner_id).feedback_template = "Dear {interviewer}, thank you!"
        db.session.commit()


def test_the_file_starts_with_its_format_version_and_time(app, member):
    raw = export(app, member.id)
    document = json.loads(raw)
    assert list(document)[:3] == ["format", "version", "exported_at"]
    assert document["format"] == "debrief-export" and document["version"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z", document["exported_at"])
    assert list(document) == ["format", "version", "exported_at", "time_zone", "feedback_template",
                              "categories", "interviews", "stories", "practice_cards", "action_items"]
    assert document["interviews"] == [] and document["action_items"] == [] and document["stories"] == []
    assert document["practice_cards"] == []
    assert len(document["categories"]) == 13  # the starting ones, each with its uid and key


def test_every_record_and_field_is_in_the_file(app, member):
    full_member(app, member.id)
    document = json.loads(export(app, member.id))
    assert document["feedback_template"] == "Dear {interviewer}, thank you!"
    categories = {c["name"]: c for c in document["categories"]}
    assert categories["Why us"] == {"uid": categories["Why us"]["uid"], "name": "Why us",
                                    "hint": "Why this company, why this role", "default_key": "motivation",
                                    "hidden": True}
    assert document["categories"][-1]["name"] == "Stakeholders"  # the order is the member's
    assert categories["Stakeholders"]["default_key"] is None
    (interview,) = document["interviews"]
    assert interview["occurred_at"] == "2026-03-14T09:30:00"  # the wall-clock time as typed
    assert (interview["company"], interview["notes"], interview["job_url"]) == (
        "Zoë & Co", "Ünïcode ✓", "https://zoe.example.io/jobs/1")
    assert interview["interviewers"] == [{"name": "Sam", "title": "CTO", "email": "sam@zoe.example.io"},
                                         {"name": "Kim", "title": "", "email": ""}]
    assert interview["rejection_reasons"] == ["Too junior"]
    why, salary, bare = interview["questions"]
    assert why["category"] == categories["Why us"]["uid"] and salary["category"] == categories["Stakeholders"]["uid"]
    assert bare["category"] is None
    assert (why["rating"], why["froze"], why["better_answer"]) == (2, True, "Their launch")
    assert (why["rehearsed_at"], why["rehearsal_count"], why["next_rehearsal_on"]) == (
        "2026-03-20T08:00:01.000005Z", 3, "2026-04-01")
    debrief = interview["self_assessment"]
    assert debrief["dressed_appropriately"] is None and debrief["researched_company"] is False
    assert debrief["forgotten_questions"] == ["Team size?"] and debrief["went_well"] == ["Rapport", "SQL"]
    assert debrief["completed_at"] == "2026-03-15T00:00:00Z"
    feedback = interview["feedback_request"]
    assert (feedback["status"], feedback["sent_on"], feedback["reply"], feedback["followed_up_on"]) == (
        "received", "2026-03-15", "Be concrete", None)
    tied, loose = document["action_items"]
    assert (tied["interview"], tied["category"], tied["done_at"]) == (
        interview["uid"], categories["Stakeholders"]["uid"], "2026-03-30T12:00:00Z")
    assert (loose["interview"], loose["category"], loose["done_at"]) == (None, None, None)
    for record in [*document["categories"], interview, *interview["questions"], *document["action_items"]]:
        assert str(uuid.UUID(record["uid"])) == record["uid"]
    for stamp in (interview["created_at"], why["updated_at"], loose["created_at"]):
        assert stamp.endswith("Z")


def test_the_file_holds_only_the_members_own_records(app, member, other_member):
    full_member(app, other_member.id)
    mine = json.loads(export(app, member.id))
    assert mine["interviews"] == [] and mine["action_items"] == [] and mine["feedback_template"] is None
    with app.app_context():
        theirs = set(db.session.scalars(select(Category.uid).where(Category.owner_id == other_member.id)))
    assert not theirs & {c["uid"] for c in mine["categories"]}


def many_interviews(app, owner_id: int, count: int) -> None:
    """`count` interviews, several at the same moment, each with a question and an action item
    made at the same moment too: ties that the order must break the same way every time."""
    with app.app_context():
        for n in range(count):
            interview = Interview(owner_id=owner_id, company=f"Company {n}", role_title="Role",
                                  occurred_at=datetime(2026, 1, 1 + n // 3, 10, 0))
            interview.questions = [Question(owner_id=owner_id, position=0, text=f"Question {n}")]
            db.session.add(interview)
            db.session.add(ActionItem(owner_id=owner_id, interview=interview, text=f"Action {n}",
                                      created_at=datetime(2026, 2, 1 + n // 4)))
        db.session.commit()


def without_export_time(raw: bytes) -> bytes:
    """The file without its `exported_at` line."""
    return re.sub(rb'\n  "exported_at": "[^"]*",', b"", raw)


def test_the_same_data_gives_the_same_file_whatever_the_batch_size(app, member, monkeypatch):
    many_interviews(app, member.id, 23)
    whole = export(app, member.id)
    assert without_export_time(export(app, member.id)) == without_export_time(whole)
    monkeypatch.setattr(json_export, "INTERVIEW_BATCH", 4)
    monkeypatch.setattr(json_export, "ACTION_ITEM_BATCH", 3)
    assert without_export_time(export(app, member.id)) == without_export_time(whole)
    document = json.loads(whole)
    assert [i["company"] for i in document["interviews"]] == [f"Company {n}" for n in range(23)]
    assert [a["text"] for a in document["action_items"]] == [f"Action {n}" for n in range(23)]


def test_the_export_streams_one_batch_at_a_time(app, member, monkeypatch):
    """The first interview is sent once its batch is read, before the next batch is asked for."""
    many_interviews(app, member.id, 12)
    monkeypatch.setattr(json_export, "INTERVIEW_BATCH", 5)
    statements = []
    with app.app_context():
        def note(_conn, _cursor, statement, *_args):
            """Remember the queries of interviews."""
            if re.search(r"FROM interview\b", statement):
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            chunks = json_export_chunks(db.session.get(User, member.id), size=1)
            text = b""
            while b"Company 0" not in text:
                text += next(chunks)
            assert len(statements) == 1  # only the first batch has been read so far
            rest = b"".join(chunks)
            assert len(statements) == 3  # 12 interviews, 5 at a time
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
            db.session.rollback()
    document = json.loads(text + rest)
    assert len(document["interviews"]) == 12


def test_flask_export_writes_the_json_file(app, runner, member, tmp_path):
    full_member(app, member.id)
    path = tmp_path / "mine.json"
    result = runner.invoke(args=["export", "--email", member.email, "--format", "json", "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_bytes())["interviews"][0]["company"] == "Zoë & Co"


# --- The uids ------------------------------------------------------------------------------


def test_new_records_get_a_uid_of_their_own(app, member, other_member):
    full_member(app, member.id)
    with app.app_context():
        for model in (Interview, Question, ActionItem, Category):
            uids = db.session.scalars(select(model.uid).where(model.owner_id == member.id)).all()
            assert uids and len(set(uids)) == len(uids)
            assert all(str(uuid.UUID(uid)) == uid for uid in uids)
        # Each member's copy of a starting category is a record of its own.
        mine = set(db.session.scalars(select(Category.uid).where(Category.owner_id == member.id)))
        theirs = set(db.session.scalars(select(Category.uid).where(Category.owner_id == other_member.id)))
        assert not mine & theirs


@pytest.mark.sqlite_only  # a scratch SQLite file, written with SQL of an older schema
def test_the_migration_gives_every_existing_record_a_uid(tmp_path):
    scratch = create_app({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'u.db'}"})
    with scratch.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"), revision="0009_bounded_page_indexes")
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            run("INSERT INTO user (id, email, display_name, password_hash, role, disabled, created_at, "
                "password_changed_at) VALUES (1, 'a@b.io', 'A', 'x', 'member', 0, '2026-01-01', '2026-01-01')")
            for n in range(1, 51):
                run("INSERT INTO interview (id, owner_id, company, role_title, occurred_at, stage, format, "
                    f"outcome, notes, created_at, updated_at, version) VALUES ({n}, 1, 'Acme', 'Dev', "
                    "'2026-01-02 10:00:00', 'first', 'video', 'awaiting', '', '2026-01-02', '2026-01-02', 1)")
                run("INSERT INTO question (owner_id, interview_id, position, text, answer, froze, better_answer, "
                    f"rehearsal_count, created_at, updated_at) VALUES (1, {n}, 0, 'Why?', '', 0, '', 0, "
                    "'2026-01-02', '2026-01-02')")
                run("INSERT INTO action_item (owner_id, interview_id, text, created_at) "
                    f"VALUES (1, {n}, 'Do', '2026-01-02')")
        flask_migrate.upgrade(directory=str(ROOT / "migrations"), revision="0010_record_uids")
        with db.engine.connect() as connection:
            for table in ("interview", "question", "action_item", "category"):
                uids = [row[0] for row in connection.exec_driver_sql(f"SELECT uid FROM {table}")]
                assert len(uids) == len(set(uids)) >= 13
                for uid in uids:
                    parsed = uuid.UUID(uid)
                    assert str(parsed) == uid and parsed.version == 4 and parsed.variant == uuid.RFC_4122
            # The search index's triggers are still there (the columns were added in place).
            triggers = connection.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert triggers.scalar() == 6
        flask_migrate.downgrade(directory=str(ROOT / "migrations"), revision="0009_bounded_page_indexes")
        db.engine.dispose()


# --- The member's coaching data --------------------------------------------------------------


def test_comments_and_private_interviews_are_in_the_file_but_not_grants_or_visits(app, member):
    full_member(app, member.id)
    with app.app_context():
        db.session.add(Interview(owner_id=member.id, company="Later", role_title="Analyst",
                                 occurred_at=datetime(2026, 5, 1, 10, 0)))
        db.session.commit()
    add_coaching_history(app, member.id, coach_email="cora.private@example.io",
                                    coach_name="Cora Ñandú")
    document = json.loads(export(app, member.id))
    first, later = document["interviews"]
    assert (first["private"], later["private"]) == (False, True)
    reply_at = "2026-01-05T11:30:00.000250Z"
    assert first["comments"] == [
        {"uid": first["comments"][0]["uid"], "author": "Cora Ñandú", "author_role": "coach",
         "body": "You researched the role well. Where did the time go on the case?",
         "created_at": "2026-01-05T09:00:00Z", "edited_at": None},
        {"uid": first["comments"][1]["uid"], "author": member.name, "author_role": "member",
         "body": "I froze on the numbers.\nNext time I'll say my estimate out loud.",
         "created_at": reply_at, "edited_at": None},
    ]
    why, salary, _bare = first["questions"]
    assert [(c["author"], c["edited_at"]) for c in why["comments"]] == [("Cora Ñandú", "2026-01-06T08:20:00Z")]
    assert salary["comments"] == []
    assert [c["body"] for c in later["comments"]] == ["Much better this time."]
    # The coach's rating of an answer, named like a comment's author.
    assert why["coach_ratings"] == [{"uid": why["coach_ratings"][0]["uid"], "coach": "Cora Ñandú",
                                     "rating": 4, "rated_at": "2026-01-06T08:16:00Z"}]
    assert salary["coach_ratings"] == []
    with app.app_context():
        stored = set(db.session.scalars(select(Comment.uid).where(Comment.member_id == member.id)))
    written = [c["uid"] for c in [*first["comments"], *why["comments"], *later["comments"]]]
    assert set(written) == stored and len(written) == 4
    # Never the coach's account: no id, no email; no grant, no access log.
    raw = export(app, member.id).decode()
    assert "cora.private@example.io" not in raw and "grant" not in raw and "/interviews/" not in raw


def test_a_comment_by_another_member_of_the_instance_is_not_in_the_file(app, member, other_member):
    """Comments the member wrote as a coach on someone else's debrief are in that person's file."""
    full_member(app, other_member.id)
    with app.app_context():
        theirs = db.session.scalars(select(Interview).where(Interview.owner_id == other_member.id)).one()
        db.session.add(Comment(member_id=other_member.id, author_id=member.id, interview_id=theirs.id,
                               body="Written on their page"))
        db.session.commit()
    assert b"Written on their page" not in export(app, member.id)
    assert b"Written on their page" in export(app, other_member.id)
