"""Kept pages (app/page_cache.py): a page read again comes from memory, and is never older than
the member's data, than the time, or than what others show them."""

import importlib.util
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import select, text, update

from app import clock
from app.extensions import db
from app.models import ActionItem, Category, Comment, ForgottenQuestion, Question, User
from app.rehearsal.agenda import remembered_sources
from tests.coaching_factories import make_coach, make_grant
from tests.conftest import CSRF_META, database_kind, log_in
from tests.crawler import parse_forms, send, submit
from tests.debrief_factories import make_action, make_assessment, make_interview, make_request
from tests.group_factories import add_interview, members, set_choices
from tests.statements_seen import statements_seen
from tests.test_insights import add_interview as add_insights_interview
from tests.test_failed_writes import database_fails
from tests.test_insights import add_question as add_insights_question

# Tables no member page shows (or shows through another table's rows).
NOT_ON_MEMBER_PAGES = {
    "alembic_version", "user", "user_session", "invite", "setting", "rate_limit_count",
    "password_reset", "coach_access", "question_tally",
}


def page(client, url: str) -> str:
    """A page's HTML, after checking it answered 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def without_token(html: str) -> str:
    """The page with its CSRF token (signed with the second it was made) left out."""
    return html.replace(CSRF_META.search(html).group(1), "")


def kept(app) -> int:
    """How many pages and values the cache holds."""
    return len(app.extensions["page_cache"])


def versions(app) -> dict[int, int]:
    """Every user's data version, by id."""
    with app.app_context():
        return dict(db.session.execute(select(User.id, User.data_version)).all())


KEPT_PAGES = [
    ("/dashboard", 1), ("/interviews", 1), ("/interviews/{id}", 1), ("/interviews/{id}/debrief", 1),
    ("/interviews/{id}/feedback", 1), ("/actions", 1), ("/search?q=Initech", 1),
    ("/stories", 1), ("/prep", 2),  # the prep sheet also reads the question pool's state
]


@pytest.mark.parametrize("url, statements_when_kept", KEPT_PAGES)
def test_a_page_read_again_comes_from_memory_and_reads_the_same(app, member, member_client,
                                                                url, statements_when_kept):
    interview_id = make_interview(app, member.id, company="Initech",
                                  questions=[("Why this team?", 2, False)])
    make_action(app, member.id, "Practise the two-minute pitch", interview_id=interview_id)
    url = url.format(id=interview_id)
    first = page(member_client, url)
    held = kept(app)
    with statements_seen(app) as statements:
        second = page(member_client, url)
    assert without_token(second) == without_token(first)
    assert kept(app) == held
    # The login session is read (with the member's data version), and nothing of the page.
    run = [statement for statement in statements if statement != "BEGIN"]
    assert len(run) == statements_when_kept, run


def test_a_save_shows_at_once_on_every_page_read_before(app, member, member_client):
    interview_id = make_interview(app, member.id, company="Initech", interviewer=None)
    pages = [f"/interviews/{interview_id}", "/interviews", "/dashboard", "/search?q=Initech"]
    for url in pages:
        assert "Initech" in page(member_client, url)
    response = send(member_client, f"/interviews/{interview_id}/edit",
                    f"/interviews/{interview_id}/edit", {"company": "Globex"})
    assert response.status_code == 302
    for url in pages[:3]:
        assert "Globex" in page(member_client, url) and "Initech" not in page(member_client, url)
    assert f"/interviews/{interview_id}" not in page(member_client, "/search?q=Initech")
    assert f"/interviews/{interview_id}" in page(member_client, "/search?q=Globex")


def test_another_member_never_gets_a_members_kept_page(app, member, member_client,
                                                       other_member, other_client):
    make_interview(app, member.id, company="Initech")
    make_interview(app, other_member.id, company="Globex")
    for url in ["/dashboard", "/interviews", "/prep", "/actions"]:
        mine, theirs = page(member_client, url), page(other_client, url)
        if url in ("/dashboard", "/interviews"):
            assert "Initech" in mine and "Globex" in theirs
        assert "Globex" not in mine and "Initech" not in theirs
        assert "Mia Member" in mine and "Otto Other" in theirs


def test_a_page_kept_under_one_mount_path_is_not_shown_under_another(app, member_client):
    """Behind a proxy the same server may answer under a path of its own (SCRIPT_NAME): a
    page's links start with it, so a page kept under one is not shown under another."""
    assert 'href="/interviews"' in page(member_client, "/dashboard")
    mounted = member_client.get("/dashboard", environ_overrides={"SCRIPT_NAME": "/debrief"})
    assert mounted.status_code == 200
    html = mounted.get_data(as_text=True)
    assert 'href="/debrief/interviews"' in html and 'href="/interviews"' not in html


def test_a_kept_page_carries_the_csrf_token_of_the_session_reading_it(app, member, member_client):
    make_interview(app, member.id)
    item_id = make_action(app, member.id, "Practise the two-minute pitch")
    first = page(member_client, "/dashboard")
    second_login = log_in(app, app.test_client(), member)
    again = page(second_login, "/dashboard")
    tokens = CSRF_META.findall(first) + CSRF_META.findall(again)
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert without_token(again) == without_token(first)
    form = next(f for f in parse_forms("/dashboard", again) if f"/actions/{item_id}/toggle" in f.action)
    assert submit(second_login, form, form.submission()).status_code == 302
    with app.app_context():
        assert db.session.get(ActionItem, item_id).done_at is not None


def test_a_flashed_message_shows_once_and_is_never_kept(app, member, member_client):
    item_id = make_action(app, member.id, "Write to the recruiter")
    page(member_client, "/actions")
    response = send(member_client, "/actions", f"/actions/{item_id}/toggle")
    assert response.status_code == 302
    assert "Marked done: well done." in page(member_client, response.headers["Location"])
    assert "Marked done: well done." not in page(member_client, response.headers["Location"])


def coached_interview(app, member) -> tuple:
    """A coach the member shares with, and an interview of the member's with one question:
    (coach, interview id, question id)."""
    coach = make_coach(app)
    make_grant(app, member.id, coach.id)
    interview_id = make_interview(app, member.id, questions=[("Why us?", 2, False)])
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).where(Question.interview_id == interview_id))
    return coach, interview_id, question_id


def comment_as_coach(app, coach, member, interview_id: int, question_id: int, body: str) -> None:
    """The coach writes `body` on the question, through the form of their page of the interview."""
    coach_client = log_in(app, app.test_client(), coach)
    response = send(coach_client, f"/coaching/members/{member.id}/interviews/{interview_id}",
                    f"/questions/{question_id}/comments", {f"question-{question_id}-body": body})
    assert response.status_code == 302


def test_a_coachs_comment_shows_on_the_members_page_read_before(app, member, member_client,
                                                                 admin):
    coach, interview_id, question_id = coached_interview(app, member)
    assert "Name the team" not in page(member_client, f"/interviews/{interview_id}")
    comment_as_coach(app, coach, member, interview_id, question_id, "Name the team you would join.")
    assert "Name the team you would join." in page(member_client, f"/interviews/{interview_id}")

    with app.app_context():
        db.session.execute(update(User).where(User.id == coach.id).values(display_name="Cora Mentor"))
        db.session.commit()
    again = page(member_client, f"/interviews/{interview_id}")
    assert "Cora Mentor" in again and "Cora Coach" not in again


@pytest.mark.sqlite_only
def test_a_comment_whose_marking_as_read_was_refused_is_marked_at_the_next_showing(
        app, member, member_client, admin):
    """Showing a coach's comment marks it read; when the database refuses that, nothing tells
    the member (they asked for no save) and the page is not kept, so the next showing marks it."""
    coach, interview_id, question_id = coached_interview(app, member)
    comment_as_coach(app, coach, member, interview_id, question_id, "Name the team you would join.")

    def read_at():
        """When the member's comment was marked read (None: unread)."""
        with app.app_context():
            return db.session.scalar(select(Comment.read_at).where(Comment.member_id == member.id))

    with database_fails(app, "read-only"):
        assert "Name the team you would join." in page(member_client, f"/interviews/{interview_id}")
    assert read_at() is None
    # The member asked for no save: no page tells them of one refused.
    assert "nothing was saved" not in page(member_client, "/actions")
    assert "Name the team you would join." in page(member_client, f"/interviews/{interview_id}")
    assert read_at() is not None


def test_an_interview_starting_moves_the_pages_on(app, member, member_client, monkeypatch):
    """No data changes: the time passes the start of the interview, and its pages follow."""
    start = clock.now().replace(second=0, microsecond=0) + timedelta(hours=1)
    interview_id = make_interview(app, member.id, company="Initech", when=start)
    url = f"/interviews/{interview_id}/debrief"
    assert "Not yet: this interview is still to come" in page(member_client, url)
    assert "Not yet: this interview is still to come" in page(member_client, url)
    later = clock.utcnow() + timedelta(hours=2)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    after = page(member_client, url)
    assert "Not yet" not in after
    assert any(form.named("csrf_token") and "/debrief" in form.action
               for form in parse_forms(url, after))


def test_an_agenda_read_just_before_an_interview_starts_is_not_kept_past_the_start(
        app, member, member_client, monkeypatch):
    """A rehearsal page reads the time, then the interview starts before its agenda is kept:
    the agenda, read as of before the start, must not be shown after it."""
    start = datetime(2031, 3, 10, 12, 0)
    offset = clock.to_local(start) - start  # local time minus UTC, that day
    moment = {"utc": start - offset + timedelta(seconds=1)}  # the interview has just started
    monkeypatch.setattr(clock, "utcnow", lambda: moment["utc"])
    make_interview(app, member.id, company="Initech", when=start)
    with app.test_request_context("/rehearse"):
        login_user(db.session.get(User, member.id))
        read_before = remembered_sources(member.id, start - timedelta(seconds=1))
    assert read_before.interview is not None and read_before.interview.company == "Initech"

    moment["utc"] += timedelta(hours=1)
    assert "Next interview: Initech" not in page(member_client, "/rehearse")


def test_midnight_moves_the_pages_on(app, member, member_client, monkeypatch):
    """The dashboard counts days to the next interview: a new day reads differently."""
    moment = {"now": datetime(2031, 3, 10, 12, 0)}  # midday: a day from midnight either way
    monkeypatch.setattr(clock, "utcnow", lambda: moment["now"])
    make_interview(app, member.id, company="Initech", when=clock.now() + timedelta(days=5, hours=1))
    assert "In 5 days" in page(member_client, "/dashboard")
    assert "In 5 days" in page(member_client, "/dashboard")
    moment["now"] += timedelta(days=1)
    assert "In 4 days" in page(member_client, "/dashboard")


def test_the_prep_sheet_shows_questions_shared_after_it_was_read(app, admin, member, member_client):
    add_interview(app, member.id, company="Initech", stage="technical", days_ago=-2)
    sharers = members(app, 3, prefix="sharer")
    for person in sharers:
        set_choices(app, person.id, shares=True)
    add_interview(app, sharers[0].id, [("Walk me through a query plan", None, 2, False)],
                  company="Initech", stage="first")
    assert "Walk me through a query plan" in page(member_client, "/prep")
    add_interview(app, sharers[1].id, [("Design a rate limiter", None, 3, False)],
                  company="Initech", stage="first")
    assert "Design a rate limiter" in page(member_client, "/prep")
    set_choices(app, sharers[1].id, shares=False)
    assert "Design a rate limiter" not in page(member_client, "/prep")


def test_a_write_moves_the_data_version_of_its_member_only(app, member, other_member):
    before = versions(app)
    make_interview(app, member.id, questions=[("Why us?", 3, False)])
    after = versions(app)
    assert after[member.id] != before[member.id]
    assert after[other_member.id] == before[other_member.id]


def test_versions_are_drawn_from_48_bits(app, member):
    """A version drawn again would bring back what was kept under it: the triggers draw from
    48 bits (migration 0024), so 30 draws all below 2^31 would take a chance of 2^-510."""
    drawn = []
    for number in range(30):
        make_interview(app, member.id, company=f"Initech {number}", questions=[("Why us?", 2, False)])
        drawn += [versions(app)[member.id], practice_versions(app)[member.id]]
    assert all(0 <= version < 2**48 for version in drawn)
    assert max(drawn) >= 2**31
    assert len(set(drawn)) == len(drawn)


def test_a_shared_category_renamed_moves_everyones_data_version(app, member, other_member):
    before = versions(app)
    with app.app_context():
        # Written back unchanged: the shared categories stay as the other tests expect them.
        db.session.execute(update(Category).where(Category.owner_id.is_(None))
                           .values(hint=Category.hint))
        db.session.commit()
    after = versions(app)
    assert all(after[user_id] != before[user_id] for user_id in before)
    assert changes_versions(
        app, lambda: db.session.execute(update(Category).where(Category.owner_id.is_(None))
                                        .values(hint=Category.hint))
    )[1] == set(before), "every member's practice version"


def _triggered_tables(app, prefix: str) -> set[str]:
    """The tables on which a trigger named `prefix...` is set, in the test database."""
    with app.app_context():
        if database_kind() == "sqlite":
            query = ("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                     f"AND name LIKE '{prefix}%'")
        else:
            query = ("SELECT event_object_table FROM information_schema.triggers "
                     f"WHERE trigger_name LIKE '{prefix}%'")
        return set(db.session.scalars(text(query)))


def test_every_table_a_member_page_shows_moves_the_data_version(app):
    """A new table must get its trigger (migration 0020 shows how) or be listed as not shown."""
    tables = {table.name for table in db.metadata.sorted_tables} - NOT_ON_MEMBER_PAGES
    missing = tables - _triggered_tables(app, "data_version")
    assert not missing, f"no data_version trigger on {sorted(missing)}"


def practice_versions(app) -> dict[int, int]:
    """Every user's practice version, by id."""
    with app.app_context():
        return dict(db.session.execute(select(User.id, User.practice_version)).all())


def changes_versions(app, change) -> tuple[set[int], set[int]]:
    """The users whose data version and whose practice version `change` (run in an app
    context, then committed) moved."""
    data, practice = versions(app), practice_versions(app)
    with app.app_context():
        change()
        db.session.commit()
    return ({user for user, version in versions(app).items() if data[user] != version},
            {user for user, version in practice_versions(app).items() if practice[user] != version})


def test_the_practice_version_moves_only_with_what_the_practice_items_read(app, member,
                                                                          other_member):
    interview_id = make_interview(app, member.id, questions=[("Why us?", 3, False)])
    item_id = make_action(app, member.id, "Practise the pitch", interview_id=interview_id)
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).where(Question.owner_id == member.id))
        category_id = db.session.scalar(select(Category.id).where(Category.owner_id == member.id))
    question, item = (update(Question).where(Question.id == question_id),
                      update(ActionItem).where(ActionItem.id == item_id))
    just_member = ({member.id}, {member.id})
    # What a grade writes on the question, and an action item reworded or ticked: pages change,
    # the practice items cannot.
    for unread in (question.values(rehearsal_count=Question.rehearsal_count + 1,
                                   next_rehearsal_on=clock.today()),
                   item.values(text="Practise the pitch twice"),
                   item.values(done_at=clock.now())):
        assert changes_versions(app, lambda: db.session.execute(unread)) == ({member.id}, set())
    for read in (question.values(rating=1), question.values(text="Why this team?"),
                 item.values(category_id=category_id), item.values(interview_id=None)):
        assert changes_versions(app, lambda: db.session.execute(read)) == just_member
    assert changes_versions(app, lambda: make_interview(app, member.id)) == just_member
    assert changes_versions(
        app, lambda: make_action(app, member.id, "Another", category_id=category_id)
    ) == just_member
    # A question forgotten, under the member's debrief; a feedback request changes pages only.
    assessment_id = make_assessment(app, member.id, interview_id)
    assert changes_versions(app, lambda: db.session.add(
        ForgottenQuestion(assessment_id=assessment_id, text="Who would I work with?"))) == just_member
    assert changes_versions(app, lambda: make_request(app, member.id, interview_id)) == (
        {member.id}, set())


def _practice_version_migration():
    """Migration 0022, which says which columns of a few tables the practice items read."""
    path = Path(__file__).parents[1] / "migrations" / "versions" / "0022_practice_versions.py"
    spec = importlib.util.spec_from_file_location("practice_versions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_table_and_column_the_practice_items_read_moves_the_practice_version(app, member):
    """A new read in app/rehearsal/items.py or the weak areas must get its trigger (migration
    0022 shows how): read the statements they run, and compare."""
    from app.rehearsal.agenda import read_practice
    with app.app_context():
        interview_id = add_insights_interview(member.id, clock.now() - timedelta(days=3))
        for wording in ("Lead a team?", "Handle conflict?"):
            add_insights_question(member.id, interview_id, "Leadership", 1, text=wording)
        db.session.commit()
    make_action(app, member.id, "Practise the pitch", interview_id=interview_id)
    with app.test_request_context(), statements_seen(app) as statements:
        assert read_practice(member.id, clock.now()).items
    sql = " ".join(statements)
    tables = {table.name for table in db.metadata.sorted_tables}
    read = {name for name in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)', sql) if name in tables}
    assert {"question", "interview", "action_item", "category"} <= read
    # question_tally is written only by the question table's triggers (migration 0012), when a
    # question's category, rating or froze mark changes: a change that moves the version anyway.
    missing = read - _triggered_tables(app, "practice_version") - {"question_tally"}
    assert not missing, f"no practice_version trigger on {sorted(missing)}"
    for table, columns in _practice_version_migration().COLUMNS_READ.items():
        columns_read = set(re.findall(rf"\b{table}(?:_\d+)?\.(\w+)", sql)) - {"id"}
        assert columns_read and columns_read <= set(columns), (table, columns_read - set(columns))


@pytest.mark.parametrize("url", ["/dashboard", "/prep", "/interviews"])
def test_pages_are_kept_only_for_members_logged_in(client, member, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_members_interview_stays_a_404_and_theirs_stays_theirs(app, member_client,
                                                                       other_member):
    foreign = make_interview(app, other_member.id, company="Globex")
    owner_client = log_in(app, app.test_client(), other_member)
    assert "Globex" in page(owner_client, f"/interviews/{foreign}")
    for _ in range(2):
        response = member_client.get(f"/interviews/{foreign}")
        assert response.status_code == 404 and "Globex" not in response.get_data(as_text=True)
    assert "Globex" in page(owner_client, f"/interviews/{foreign}")


def test_the_cache_counts_the_size_of_what_it_keeps(app):
    """Pages by their length, the rehearsal's agenda sources by their items: however many
    versions go by, what is kept stays within the setting, the latest kept."""
    from app.page_cache import KeptPage, PageCache
    from app.rehearsal.agenda import AgendaSources
    moment, later = clock.now(), clock.now() + timedelta(hours=1)
    items = {("question", str(n)): None for n in range(200)}
    agenda = KeptPage(AgendaSources(None, items, {}), moment, later)
    page = KeptPage("x" * 5_000, moment, later)
    assert agenda.size > 100_000 and 5_000 < page.size < 6_000
    cache = PageCache(400_000)
    for version in range(40):
        cache.put(("page", version), page)
        cache.put(("agenda", version), agenda)
    kept_now = [key for key in [(kind, v) for v in range(40) for kind in ("page", "agenda")]
                if cache.get(key, moment)]
    assert sum(page.size if kind == "page" else agenda.size for kind, _v in kept_now) <= 400_000
    assert ("agenda", 39) in kept_now and ("page", 0) not in kept_now
