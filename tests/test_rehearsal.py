"""Rehearsal on FSRS: practice items become cards, one card is shown at a time with its answer
hidden, and a grade (once per showing) goes through the fsrs package's own scheduler."""

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import delete, func, select

from app import clock
from app.extensions import db
from app.interviews.forms import QUESTION_MAX
from app.models import (
    CardKind,
    Category,
    PracticeCard,
    PracticeReview,
    Question,
    Story,
    StoryCategory,
    StoryQuestion,
)
from app.rehearsal import agenda as agenda_module
from app.rehearsal.agenda import add_new_cards, build_agenda, due_today, next_card_id
from app.rehearsal.scheduling import SCHEDULER
from tests.conftest import log_in, make_person
from tests.crawler import form_to, parse_forms, submit
from tests.statements_seen import statements_seen
from tests.test_insights import add_interview, add_question
from tests.test_query_counts import query_plan


def ago(days: float) -> datetime:
    """A local moment `days` before now (rehearsal uses the real clock)."""
    return clock.now() - timedelta(days=days)


def cards_of(app, owner_id: int) -> list[PracticeCard]:
    """The member's cards, oldest first (detached: read their columns only)."""
    with app.app_context():
        rows = db.session.scalars(
            select(PracticeCard).where(PracticeCard.owner_id == owner_id).order_by(PracticeCard.id)
        ).all()
        db.session.expunge_all()
        return rows


def reviews_of(app, owner_id: int) -> list[tuple]:
    """Every grade the member gave: (card id, rating, showing), in order."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(PracticeReview.card_id, PracticeReview.rating, PracticeReview.showing)
            .where(PracticeReview.owner_id == owner_id).order_by(PracticeReview.id))]


def everything(app) -> dict:
    """Every card and grade of the instance, to compare before and after a request."""
    with app.app_context():
        return {
            "cards": sorted(map(repr, db.session.execute(select(PracticeCard.__table__)).all())),
            "reviews": sorted(map(repr, db.session.execute(select(PracticeReview.__table__)).all())),
            "questions": sorted(map(repr, db.session.execute(
                select(Question.id, Question.rehearsal_count, Question.next_rehearsal_on)).all())),
        }


@pytest.fixture
def weak_questions(app, member):
    """Two badly answered Leadership questions (a weak area) and a strong Introduction one."""
    with app.app_context():
        interview = add_interview(member.id, ago(5), company="Alpha")
        worst = add_question(member.id, interview, "Leadership", 1, text="Lead a team?",
                             answer="Um.", better_answer="The 2024 release, start to finish.")
        bad = add_question(member.id, interview, "Leadership", 2, text="Handle conflict?")
        strong = add_question(member.id, interview, "Introduction", 5, text="Your CV?")
        db.session.commit()
        return {"worst": worst, "bad": bad, "strong": strong}


def start(client, held_form=None) -> None:
    """Press "Start rehearsing" on the rehearsal page, as a browser does; or on `held_form`, the
    page kept open in a tab from before (with a card showing, the page has no such button)."""
    form = held_form or form_to(client, "/rehearse", "/rehearse/start")
    response = submit(client, form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/rehearse")


def card_page(client, url: str = "/rehearse") -> str:
    """A rehearsal page's HTML."""
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def grade_form(html: str, url: str = "/rehearse"):
    """The grade form of a rehearsal page."""
    return next(form for form in parse_forms(url, html) if form.action.endswith("/grade"))


GRADES = {"Again": "1", "Hard": "2", "Good": "3", "Easy": "4"}


def grade(client, html: str, press: str, changes: dict | None = None):
    """Press one of the four grade buttons of a page, by its name or its value (the form as
    rendered, or changed)."""
    form = grade_form(html)
    return submit(client, form, form.submission(press=GRADES.get(press, press), changes=changes))


def answer_section(html: str) -> str:
    """The opening tag of the page's answer section."""
    return re.search(r"<section class=\"card-answer\"[^>]*>", html).group(0)


# ---------------------------------------------------------------- who may rehearse


def test_anonymous_visitor_is_sent_to_login_and_changes_nothing(app, client, member_client, weak_questions):
    start(member_client)
    card = cards_of(app, weak_questions_owner(app, weak_questions))[0]
    before = everything(app)
    for url in ("/rehearse", f"/rehearse/cards/{card.id}/answer"):
        assert "/login" in client.get(url).headers["Location"]
    for url, data in ((f"/rehearse/cards/{card.id}/grade", {"rating": "3", "reviews": "0"}),
                      ("/rehearse/start", {})):
        response = client.post(url, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert everything(app) == before


def weak_questions_owner(app, weak_questions) -> int:
    """The owner of the weak questions."""
    with app.app_context():
        return db.session.get(Question, weak_questions["worst"]).owner_id


def test_another_members_card_is_not_found_and_nothing_changes(app, member_client, other_client, member,
                                                              weak_questions):
    start(member_client)
    card = cards_of(app, member.id)[0]
    before = everything(app)
    assert other_client.get(f"/rehearse/cards/{card.id}/answer").status_code == 404
    response = other_client.post(f"/rehearse/cards/{card.id}/grade", data={"rating": "3", "reviews": "0"})
    assert response.status_code == 404
    assert everything(app) == before
    # Their own rehearsal knows nothing of the member's questions.
    page = card_page(other_client)
    assert "Lead a team?" not in page and "Nothing to rehearse yet" in page


@pytest.mark.parametrize("path", ["/rehearse/cards/999999/answer", "/rehearse/cards/abc/answer",
                                  "/rehearse/cards/-1/answer"])
def test_unknown_cards_are_not_found(member_client, weak_questions, path):
    assert member_client.get(path).status_code == 404
    assert member_client.post(path.replace("answer", "grade"), data={"rating": "3"}).status_code == 404


def test_a_grade_without_its_csrf_token_changes_nothing(app, member, member_client, weak_questions):
    start(member_client)
    card = cards_of(app, member.id)[0]
    before = everything(app)
    response = member_client.post(f"/rehearse/cards/{card.id}/grade", data={"rating": "3", "reviews": "0"},
                                  csrf=False)
    assert response.status_code == 400
    assert member_client.post("/rehearse/start", data={}, csrf=False).status_code == 400
    assert everything(app) == before


def test_grading_and_starting_refuse_get(app, member, member_client, weak_questions):
    start(member_client)
    card = cards_of(app, member.id)[0]
    assert member_client.get(f"/rehearse/cards/{card.id}/grade").status_code == 405
    assert member_client.get("/rehearse/start").status_code == 405


# ---------------------------------------------------------------- the practice items


def test_a_new_member_is_told_how_cards_come(member_client):
    page = card_page(member_client)
    assert "Nothing to rehearse yet" in page
    assert "from two questions on" in page
    assert "Start rehearsing" not in page


def test_starting_makes_a_card_per_practice_item_worst_first(app, member, member_client, weak_questions):
    page = card_page(member_client)
    assert "2 new things to practise" in page and "2 cards</strong> to rehearse today" in page
    assert cards_of(app, member.id) == []  # reading the page wrote nothing
    start_form = form_to(member_client, "/rehearse", "/rehearse/start")
    start(member_client)
    cards = cards_of(app, member.id)
    assert [(c.kind, c.text, c.question_id) for c in cards] == [
        ("question", "Lead a team?", weak_questions["worst"]),
        ("question", "Handle conflict?", weak_questions["bad"]),
    ]
    assert all(c.state == State.Learning and c.step == 0 and c.stability is None and c.reviews == 0
               for c in cards)
    # Starting again, from the page still open in another tab, makes nothing new.
    start(member_client, start_form)
    assert len(cards_of(app, member.id)) == 2


def test_the_card_shows_the_question_and_hides_the_answer(app, member, member_client, weak_questions):
    start(member_client)
    page = card_page(member_client)
    assert '<h2 id="card-prompt">Lead a team?</h2>' in page
    assert "asked at Alpha" in page and "you rated your answer 1/5" in page
    assert " hidden" in answer_section(page)  # the better answer is in the page, hidden
    card = cards_of(app, member.id)[0]
    assert f'href="/rehearse/cards/{card.id}/answer"' in page and "Show the answer" in page
    # Without JavaScript, the link opens the same card with its answer shown.
    revealed = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
    assert " hidden" not in answer_section(revealed)
    assert "The 2024 release, start to finish." in revealed and "Show the answer" not in revealed
    buttons = grade_form(revealed).buttons
    assert [(b.name, b.value) for b in buttons] == [("rating", value) for value in "1234"]
    assert [" ".join(b.label.split()[1:3]) for b in buttons] == [
        "Again back", "Hard back", "Good back", "Easy back"]


def test_a_question_asked_at_several_interviews_is_one_card(app, member, member_client):
    with app.app_context():
        first = add_interview(member.id, ago(40), company="Alpha")
        second = add_interview(member.id, ago(3), company="Beta")
        older = add_question(member.id, first, "Leadership", 2, text="Lead a team?",
                             better_answer="Older better answer.")
        newer = add_question(member.id, second, "Leadership", 1, text="  lead a TEAM? ")
        db.session.commit()
    start(member_client)
    cards = cards_of(app, member.id)
    assert len(cards) == 1
    # Shown through the latest copy with a better answer written.
    assert cards[0].question_id == older
    page = card_page(member_client, f"/rehearse/cards/{cards[0].id}/answer")
    assert "Older better answer." in page
    assert grade(member_client, page, "Good").status_code == 302
    with app.app_context():
        counts = {q.id: (q.rehearsal_count, q.next_rehearsal_on) for q in db.session.scalars(select(Question))}
    due_day = clock.to_local(cards_of(app, member.id)[0].due).date()
    assert counts == {older: (1, due_day), newer: (1, due_day)}



@pytest.mark.sqlite_only  # SQLite's query plans
def test_a_grade_finds_the_copies_of_its_wording_through_the_index(app, member, member_client,
                                                                   weak_questions):
    """The grade's update of every copy of the wording runs under the write lock: it must look
    the wording up, not read all the member's questions."""
    start(member_client)
    page = card_page(member_client)
    with statements_seen(app, lambda _conn, statement, parameters: (statement, parameters)) as seen:
        assert grade(member_client, page, "Good").status_code == 302
    statement, parameters = next((statement, parameters) for statement, parameters in seen
                                 if statement.startswith("UPDATE question"))
    plan = query_plan(app, statement, parameters)
    assert "USING INDEX ix_question_owner_wording (owner_id=? AND <expr>=?)" in plan, plan

def test_a_question_at_its_longest_in_characters_that_do_not_compress_is_saved_and_graded(
        app, member, member_client, weak_questions):
    """1,000 characters of three bytes each, in no repeating order: the wording index keeps only
    their start, so PostgreSQL takes the row (it refuses an index row over 2,704 bytes), and a
    grade still finds every copy of the wording."""
    chance = random.Random(7)
    wording = "".join(chr(chance.randint(0x4E00, 0x9FFF)) for _ in range(QUESTION_MAX))
    with app.app_context():
        first_interview = db.session.get(Question, weak_questions["worst"]).interview_id
        other_interview = add_interview(member.id, ago(2), company="Beta")
        copy = add_question(member.id, other_interview, "Leadership", 2, text=wording)
        db.session.commit()
    url = f"/interviews/{first_interview}/questions/new"
    form = next(form for form in parse_forms(url, card_page(member_client, url)) if form.named("text"))
    leadership = next(option.value for option in form.named("category_id")[0].options
                      if option.label == "Leadership")
    changes = {"text": wording, "rating": "1", "category_id": leadership}
    assert submit(member_client, form, form.submission(changes=changes)).status_code == 302
    start(member_client)
    card = next(card for card in cards_of(app, member.id) if card.text == wording)
    page = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
    assert grade(member_client, page, "Good").status_code == 302
    with app.app_context():
        copies = db.session.execute(
            select(Question.id, Question.rehearsal_count).where(Question.text == wording)
        ).all()
    assert len(copies) == 2 and copy in {row.id for row in copies}
    assert {row.rehearsal_count for row in copies} == {1}

def test_frozen_forgotten_and_stories_get_cards_too(app, member, member_client):
    with app.app_context():
        interview = add_interview(member.id, ago(4), company="Gamma",
                                  forgotten=("How does the team measure success?",))
        add_question(member.id, interview, "Introduction", 4, froze=True, text="Walk me through your CV")
        story = Story(owner_id=member.id, title="The late release", situation="We were late.",
                      task="Ship it.", action="Cut scope.", result="Shipped.", learned="Plan slack.")
        db.session.add(story)
        db.session.flush()
        db.session.add(StoryCategory(story_id=story.id, owner_id=member.id,
                                     category_id=db.session.scalar(select(Category.id).where(
                                         Category.owner_id == member.id, Category.name == "Leadership"))))
        db.session.commit()
    start(member_client)
    cards = cards_of(app, member.id)
    assert [c.kind for c in cards] == ["question", "to_ask", "story"]
    by_kind = {c.kind: c for c in cards}
    to_ask = card_page(member_client, f"/rehearse/cards/{by_kind['to_ask'].id}/answer")
    assert "Which question did you mean to ask, and forget?" in to_ask
    assert "It begins: “How does the…”" in to_ask
    assert "How does the team measure success?" in to_ask
    story_page = card_page(member_client, f"/rehearse/cards/{by_kind['story'].id}/answer")
    assert '<h2 id="card-prompt">The late release</h2>' in story_page
    assert "Tell it as an answer on Leadership" in story_page
    for part in ("We were late.", "Ship it.", "Cut scope.", "Shipped.", "Plan slack."):
        assert part in story_page


def test_a_story_that_is_a_questions_better_answer_is_shown_with_it(app, member, member_client, weak_questions):
    with app.app_context():
        story = Story(owner_id=member.id, title="The migration", situation="Old system.", task="Move it.",
                      action="Moved it.", result="Done early.", learned="")
        db.session.add(story)
        db.session.flush()
        db.session.add(StoryQuestion(story_id=story.id, question_id=weak_questions["bad"],
                                     owner_id=member.id, better_answer=True))
        db.session.commit()
    start(member_client)
    card = next(c for c in cards_of(app, member.id) if c.question_id == weak_questions["bad"])
    page = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
    assert "Your story: The migration" in page and "Moved it." in page


def test_a_card_whose_question_is_deleted_waits_for_another_copy(app, member, member_client, weak_questions):
    start_form = form_to(member_client, "/rehearse", "/rehearse/start")
    start(member_client)
    card = cards_of(app, member.id)[0]
    with app.app_context():
        db.session.execute(delete(Question).where(Question.id == weak_questions["worst"]))
        db.session.commit()
    assert cards_of(app, member.id)[0].question_id is None
    assert member_client.get(f"/rehearse/cards/{card.id}/answer").status_code == 404
    assert "Lead a team?" not in card_page(member_client)
    with app.app_context():
        again = add_interview(member.id, ago(1), company="Delta")
        copy = add_question(member.id, again, "Leadership", 1, text="Lead a team?")
        db.session.commit()
    # Started from the page held open: the sync links the card to the new copy, history kept.
    start(member_client, start_form)
    cards = cards_of(app, member.id)
    assert len(cards) == 2 and cards[0].id == card.id and cards[0].question_id == copy


# ---------------------------------------------------------------- grading


def test_grading_goes_through_the_scheduler_and_brings_the_next_card(app, member, member_client,
                                                                    weak_questions):
    start(member_client)
    first = cards_of(app, member.id)[0]
    page = card_page(member_client)
    response = grade(member_client, page, "Good")
    assert response.status_code == 302 and response.headers["Location"].endswith("/rehearse")
    after = cards_of(app, member.id)[0]
    with app.app_context():
        logged = db.session.scalar(select(PracticeReview).where(PracticeReview.card_id == first.id))
        expected, _ = SCHEDULER.review_card(
            Card(card_id=first.id, due=first.due.replace(tzinfo=UTC)), Rating.Good,
            review_datetime=logged.reviewed_at.replace(tzinfo=UTC))
    assert (logged.rating, logged.showing, logged.estimated) == (3, 0, False)
    assert (after.state, after.step, after.stability, after.difficulty, after.reviews) == (
        expected.state, expected.step, expected.stability, expected.difficulty, 1)
    assert after.due == expected.due.replace(tzinfo=None)
    following = card_page(member_client)
    back, graded_on = clock.to_local(after.due), clock.to_local(logged.reviewed_at).date()
    # A learning step away: "tomorrow" when the grade was given just before midnight.
    when = f"later today, at {back:%H:%M}" if back.date() == graded_on else "tomorrow"
    assert f"Good: this card comes back {when}." in following
    assert '<h2 id="card-prompt">Handle conflict?</h2>' in following


def scripted_times(start_at: datetime) -> list[tuple[datetime, Rating]]:
    """A scripted run of grades: first learning steps, a lapse, recovery, days apart."""
    return [
        (start_at, Rating.Again),
        (start_at + timedelta(minutes=1, seconds=5), Rating.Good),
        (start_at + timedelta(minutes=12), Rating.Good),
        (start_at + timedelta(days=3, hours=2), Rating.Hard),
        (start_at + timedelta(days=9), Rating.Again),
        (start_at + timedelta(days=9, minutes=11), Rating.Good),
        (start_at + timedelta(days=15), Rating.Easy),
        (start_at + timedelta(days=60), Rating.Good),
        (start_at + timedelta(days=400), Rating.Easy),  # comes back within the year's cap
    ]


def test_states_after_a_scripted_run_of_grades_are_the_packages_own(app, member, member_client,
                                                                    weak_questions, monkeypatch):
    """Each grade, posted through the page at a pinned time, leaves the card in exactly the
    state that a fresh fsrs.Scheduler computes for the same grades at the same times."""
    start_at = datetime(2031, 3, 3, 9, 0, 0, 250_000)
    moment = {"now": start_at - timedelta(minutes=5)}
    monkeypatch.setattr(clock, "utcnow", lambda: moment["now"])
    start(member_client)
    card = cards_of(app, member.id)[0]
    # The package's defaults, without fuzz, at most a year apart: the app's settings.
    reference = Scheduler(enable_fuzzing=False, maximum_interval=365)
    expected = Card(card_id=card.id, due=card.due.replace(tzinfo=UTC))
    for when, rating in scripted_times(start_at):
        moment["now"] = when
        page = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
        assert grade(member_client, page, str(int(rating))).status_code == 302
        expected, _ = reference.review_card(expected, rating, review_datetime=when.replace(tzinfo=UTC))
        stored = next(c for c in cards_of(app, member.id) if c.id == card.id)
        assert Card(card_id=card.id, state=State(stored.state), step=stored.step,
                    stability=stored.stability, difficulty=stored.difficulty,
                    due=stored.due.replace(tzinfo=UTC),
                    last_review=stored.last_review.replace(tzinfo=UTC)).to_dict() == expected.to_dict()
    assert [r[1:] for r in reviews_of(app, member.id)] == [
        (int(rating), n) for n, (_when, rating) in enumerate(scripted_times(start_at))]
    assert stored.state == State.Review and stored.reviews == len(scripted_times(start_at))


def test_a_double_click_grades_once(app, member, member_client, weak_questions):
    start(member_client)
    page = card_page(member_client)
    assert grade(member_client, page, "Good").status_code == 302
    state = cards_of(app, member.id)[0]
    second = grade(member_client, page, "Good")
    assert second.status_code == 302 and second.headers["Location"].endswith("/rehearse")
    assert len(reviews_of(app, member.id)) == 1
    assert cards_of(app, member.id)[0].due == state.due
    following = card_page(member_client)
    assert "already graded (a second click, or another tab)" in following
    assert '<h2 id="card-prompt">Handle conflict?</h2>' in following


def test_two_tabs_grade_a_showing_once(app, member, member_client, weak_questions):
    start(member_client)
    card = cards_of(app, member.id)[0]
    first_tab = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
    second_tab = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
    assert grade(member_client, first_tab, "Hard").status_code == 302
    assert grade(member_client, second_tab, "Easy").status_code == 302
    assert reviews_of(app, member.id) == [(card.id, 2, 0)]
    assert "already graded" in card_page(member_client)


@pytest.mark.parametrize("rating", ["5", "0", "x", "", None])
def test_an_unknown_rating_changes_nothing_and_says_so_next_to_the_grades(app, member, member_client,
                                                                         weak_questions, rating):
    start(member_client)
    card = cards_of(app, member.id)[0]
    page = card_page(member_client, f"/rehearse/cards/{card.id}/answer")
    before = everything(app)
    form = grade_form(page)
    pairs = [pair for pair in form.submission(press="") if pair[0] != "rating"]
    if rating is not None:
        pairs.append(("rating", rating))
    response = submit(member_client, form, pairs)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="grade-error" class="field-error">Choose how well you recalled it' in text
    assert 'aria-describedby="grade-error"' in text
    assert '<h2 id="card-prompt">Lead a team?</h2>' in text and " hidden" not in answer_section(text)
    assert everything(app) == before


@pytest.mark.parametrize(("token", "status"), [("abc", 422), ("", 422), ("7", 302)])
def test_a_stale_or_broken_showing_token_grades_nothing(app, member, member_client, weak_questions,
                                                        token, status):
    start(member_client)
    page = card_page(member_client)
    before = everything(app)
    response = grade(member_client, page, "Good", changes={"reviews": token})
    assert response.status_code == status
    assert everything(app) == before
    if status == 302:
        assert "already graded" in card_page(member_client)
    else:
        assert "This page is out of date" in response.get_data(as_text=True)


# ---------------------------------------------------------------- what is due


def test_a_card_graded_again_comes_back_after_its_step(app, member, member_client, weak_questions,
                                                      monkeypatch):
    moment = {"now": datetime(2031, 5, 5, 10, 0)}
    monkeypatch.setattr(clock, "utcnow", lambda: moment["now"])
    start(member_client)
    grade(member_client, card_page(member_client), "Again")  # back in a minute
    grade(member_client, card_page(member_client), "Good")  # the second card: back in ten
    page = card_page(member_client)
    back = clock.to_local(datetime(2031, 5, 5, 10, 1)).strftime("%H:%M")
    assert "Nothing due now" in page and f"The next card comes back today at {back}." in page
    moment["now"] += timedelta(minutes=1)
    assert '<h2 id="card-prompt">Lead a team?</h2>' in card_page(member_client)


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_due_today_ends_at_the_members_local_midnight(app, member, weak_questions, monkeypatch, zone):
    monkeypatch.setitem(app.config, "TIMEZONE", zone)
    with app.app_context():
        local_midnight = datetime(2031, 6, 10)  # the night from the 9th to the 10th, local time
        before, after = (agenda_module.local_midnight_utc(local_midnight.date()) + offset
                         for offset in (timedelta(seconds=-30), timedelta(seconds=30)))
        for text, due in (("Due just before midnight", before), ("Due just after midnight", after)):
            db.session.add(PracticeCard(owner_id=member.id, kind=CardKind.TO_ASK.value, item_key=text,
                                        text=text, due=due, state=1, step=0))
        db.session.commit()
        weak = []

        def due_at(local_now: datetime) -> int:
            """Cards due today as of a local time (the weak questions have no cards: 2 new)."""
            return due_today(build_agenda(member.id, local_now, weak=weak, interview=None))

        assert due_at(datetime(2031, 6, 9, 23, 59, 0)) == 1  # the card of 23:59:30 only
        assert due_at(datetime(2031, 6, 10, 0, 0, 10)) == 2  # both, since a new day began
        assert due_at(datetime(2031, 6, 8, 12, 0)) == 0


def test_the_dashboard_and_prep_sheet_count_the_cards_due_today(app, member, member_client,
                                                                weak_questions):
    dashboard = card_page(member_client, "/dashboard")
    assert re.search(r'<a href="/rehearse"[^>]*>\s*2 cards to rehearse today', dashboard)
    prep = card_page(member_client, "/prep")
    rehearse = prep[prep.index('id="rehearse-heading"'): prep.index('id="ask-heading"')]
    assert "2 cards to rehearse today" in rehearse
    start(member_client)
    grade(member_client, card_page(member_client), "Easy")
    grade(member_client, card_page(member_client), "Easy")
    assert "cards to rehearse today" not in card_page(member_client, "/dashboard")
    assert "Nothing left to rehearse today." in card_page(member_client)


def test_a_grade_reads_the_cards_again_and_keeps_the_practice_items(app, member, member_client,
                                                                    weak_questions):
    """A grade cannot change what there is to practise: the next page reads only the cards
    again. A badly answered question typed in afterwards is counted on the next page."""
    start(member_client)
    grade(member_client, card_page(member_client), "Easy")
    with statements_seen(app) as statements:
        following = card_page(member_client)
    assert '<h2 id="card-prompt">Handle conflict?</h2>' in following
    assert "1 card</strong> to rehearse today" in following
    assert any("FROM practice_card" in statement for statement in statements)
    assert not any("recent_interviews" in statement for statement in statements), statements
    with app.app_context():
        interview_id = db.session.get(Question, weak_questions["worst"]).interview_id
    url = f"/interviews/{interview_id}/questions/new"
    form = next(form for form in parse_forms(url, card_page(member_client, url))
                if form.named("text"))
    leadership = next(option.value for option in form.named("category_id")[0].options
                      if option.label == "Leadership")
    changes = {"text": "Delegate work?", "rating": "1", "category_id": leadership}
    assert submit(member_client, form, form.submission(changes=changes)).status_code == 302
    with statements_seen(app) as statements:
        following = card_page(member_client)
    assert "2 cards</strong> to rehearse today" in following
    assert any("recent_interviews" in statement for statement in statements)


# ---------------------------------------------------------------- the next interview


def test_an_interview_soon_brings_its_likely_questions_forward(app, member, member_client, monkeypatch):
    moment = {"now": datetime(2031, 4, 1, 8, 0)}
    monkeypatch.setattr(clock, "utcnow", lambda: moment["now"])
    with app.app_context():
        local = clock.now()
        beta = add_interview(member.id, local - timedelta(days=30), company="Beta", stage="final")
        add_question(member.id, beta, "Leadership", 1, text="Lead at Beta?")
        alpha = add_interview(member.id, local - timedelta(days=20), company="Alpha", stage="first")
        add_question(member.id, alpha, "Leadership", 1, text="Lead at Alpha?")
        add_question(member.id, alpha, "Leadership", 2, text="Conflict at Alpha?")
        gamma = add_interview(member.id, local - timedelta(days=10), company="Gamma", stage="final")
        add_question(member.id, gamma, "Introduction", 3, froze=True, text="Froze at Gamma?")
        add_interview(member.id, local + timedelta(days=2, hours=10), company=" beta ", stage="first",
                      debriefed=False)
        db.session.commit()
    start(member_client)
    for _ in range(4):  # rehearse everything today: Easy sends each card days away
        grade(member_client, card_page(member_client), "Easy")
    assert "Nothing due now" in card_page(member_client)
    # The next morning, two days before the interview: its likely cards are due again.
    moment["now"] += timedelta(days=1)
    page = card_page(member_client)
    assert "its likely questions come first, due now" in page
    # Asked at Beta before, first; then the weak area's questions asked at the same stage
    # (not the frozen Introduction one, asked at another stage, nor due yet).
    assert "3 cards</strong> to rehearse today" in page
    assert '<h2 id="card-prompt">Lead at Beta?</h2>' in page
    assert "Likely at beta, Thursday 3 April" in page
    shown = []
    for _ in range(3):
        page = card_page(member_client)
        shown.append(re.search(r'<h2 id="card-prompt">([^<]+)</h2>', page).group(1))
        grade(member_client, page, "Good")
    assert shown == ["Lead at Beta?", "Lead at Alpha?", "Conflict at Alpha?"]
    # Rehearsed today: not brought forward again until tomorrow.
    assert "Nothing due now" in card_page(member_client)
    moment["now"] += timedelta(days=1)
    assert "3 cards</strong> to rehearse today" in card_page(member_client)


def test_an_interview_further_off_orders_but_does_not_bring_forward(app, member, weak_questions):
    with app.app_context():
        soon = clock.now()
        add_interview(member.id, soon + timedelta(days=10), company="Alpha", stage="first",
                      debriefed=False)
        db.session.commit()
        agenda = build_agenda(member.id, soon)
        add_new_cards(agenda)
        db.session.commit()
        agenda = build_agenda(member.id, soon)
        assert not agenda.brings_forward
        # Both are from Alpha: the company's cards come first, in the order they are due.
        first = next_card_id(agenda)
        assert db.session.get(PracticeCard, first).text == "Lead a team?"
        assert due_today(agenda) == 2


def test_the_count_of_new_items_is_what_starting_makes(app, member, weak_questions):
    with app.app_context():
        agenda = build_agenda(member.id, clock.now())
        assert [item.text for item in agenda.new_items] == ["Lead a team?", "Handle conflict?"]
        assert add_new_cards(agenda) == 2
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(PracticeCard)) == 2
        assert build_agenda(member.id, clock.now()).new_items == []


def test_a_question_whose_wording_is_edited_keeps_its_card(app, member, member_client, weak_questions):
    start_form = form_to(member_client, "/rehearse", "/rehearse/start")
    start(member_client)
    grade(member_client, card_page(member_client), "Good")
    card = cards_of(app, member.id)[0]
    with app.app_context():
        db.session.get(Question, weak_questions["worst"]).text = "How would you lead a team?"
        db.session.commit()
    start(member_client, start_form)  # from the page held open: the card now shows
    cards = cards_of(app, member.id)
    assert len(cards) == 2 and cards[0].id == card.id
    assert (cards[0].text, cards[0].reviews) == ("How would you lead a team?", 1)


# ---------------------------------------------------------------- cost


def member_with_cards(app, email: str, cards: int) -> tuple:
    """A member with weak answers as cards (`cards` of them, all due) and a logged-in client."""
    person = make_person(app, email, email.split("@")[0])
    with app.app_context():
        interview = add_interview(person.id, ago(3), company="Cost Co")
        for number in range(cards):
            add_question(person.id, interview, "Leadership", 1 + number % 2, text=f"Question {number}?")
        db.session.commit()
        add_new_cards(build_agenda(person.id, clock.now()))
        db.session.commit()
        first = db.session.scalar(select(PracticeCard.id).where(PracticeCard.owner_id == person.id))
    return log_in(app, app.test_client(), person), first


def test_the_pages_run_the_same_statements_with_ten_times_the_cards(app, admin):
    counts = {}
    for size in (5, 50):
        client, card_id = member_with_cards(app, f"cards{size}@example.io", size)
        counts[size] = {}
        for url in ("/rehearse", f"/rehearse/cards/{card_id}/answer", "/dashboard", "/prep"):
            client.get(url)
            with statements_seen(app) as statements:
                assert client.get(url).status_code == 200
            counts[size][url.split("/cards/")[0]] = len(statements)
    assert counts[5] == counts[50], counts
    assert counts[50]["/rehearse"] <= 15, counts


@pytest.mark.sqlite_only  # SQLite's query plans
def test_the_due_count_reads_the_covering_index_only(app, member, weak_questions):
    with app.app_context():
        statement = agenda_module._due_count_statement().compile(db.engine)
        plan = query_plan(app, str(statement), (member.id, datetime(2031, 1, 1), "question"))
    assert "USING COVERING INDEX ix_practice_card_owner_due (owner_id=? AND due<?)" in plan, plan
