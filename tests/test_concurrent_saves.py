"""Saves at the same moment: exactly one wins, the other is refused with its text kept, never a 500.

Two tabs of the same member open the same form, then both press Save at once (a barrier lets
the threads go together). Toggles, moves and a rehearsal card's grades are pressed many times at
once and must end with the exact expected state (one grade per showing of a card). Runs on SQLite and on PostgreSQL.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    Interview,
    PracticeCard,
    PracticeReview,
    Question,
    SelfAssessment,
    User,
)
from tests.conftest import log_in, write_turn_is_free
from tests.crawler import form_to, parse_forms, submit
from tests.debrief_factories import make_assessment, make_interview, make_request

TABS = 2


def at_once(actions) -> list:
    """Run the actions in threads released together; their results in order."""
    barrier = threading.Barrier(len(actions))

    def run(action):
        """Wait for the others, then act."""
        barrier.wait()
        return action()

    with ThreadPoolExecutor(len(actions)) as pool:
        return list(pool.map(run, actions))


def setup_rows(app, member) -> dict:
    """An interview with a question, its debrief, a feedback request and an action item."""
    interview_id = make_interview(
        app,
        member.id,
        interviewer=("Sam Lee", "sam@acme-robotics.io"),
        questions=[("Why this role?", 3, False), ("Tell me about a failure", 2, True)],
    )
    make_assessment(app, member.id, interview_id)
    make_request(app, member.id, interview_id)
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        item = ActionItem(owner_id=member.id, interview_id=interview_id, text="Practise the intro")
        db.session.add(item)
        db.session.commit()
        category = db.session.scalar(select(Category).where(Category.owner_id == member.id))
        return {
            "interview": interview_id,
            "question": interview.questions[0].id,
            "item": item.id,
            "category": category.id,
        }


# (page, the field each tab types into, how to read it back)
VERSIONED_FORMS = {
    "interview": ("/interviews/{interview}/edit", "notes",
                  lambda ids: db.session.get(Interview, ids["interview"]).notes),
    "question": ("/interviews/{interview}/questions/{question}/edit", "answer",
                 lambda ids: db.session.get(Question, ids["question"]).answer),
    "action item": ("/actions/{item}/edit", "text",
                    lambda ids: db.session.get(ActionItem, ids["item"]).text),
    "category": ("/categories/{category}/edit", "hint",
                 lambda ids: db.session.get(Category, ids["category"]).hint),
    "debrief": ("/interviews/{interview}/debrief", "do_differently",
                lambda ids: db.session.scalar(
                    select(SelfAssessment.do_differently).where(
                        SelfAssessment.interview_id == ids["interview"]))),
    "feedback template": ("/account/feedback-template", "template",
                          lambda ids: db.session.scalar(select(User.feedback_template).where(
                              User.feedback_template.is_not(None)))),
}


@pytest.mark.parametrize("kind", list(VERSIONED_FORMS))
def test_two_tabs_saving_at_once_one_wins_the_other_keeps_its_text(app, member, kind):
    ids = setup_rows(app, member)
    url_pattern, field, stored = VERSIONED_FORMS[kind]
    url = url_pattern.format(**ids)
    tabs = [log_in(app, app.test_client(), member) for _ in range(TABS)]
    forms = [form_to(tab, url, url) for tab in tabs]
    typed = [f"Typed in tab {n} ({kind})" for n in range(TABS)]
    press = "Save the debrief" if kind == "debrief" else None
    responses = at_once([
        (lambda tab=tab, form=form, text=text: submit(
            tab, form, form.submission(press=press, changes={field: text})))
        for tab, form, text in zip(tabs, forms, typed)
    ])
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302, 409], statuses
    loser = next(r for r, s in zip(responses, typed) if r.status_code == 409)
    lost_text = typed[responses.index(loser)]
    page = loser.get_data(as_text=True)
    assert lost_text in page and "changed elsewhere" in page
    won_text = typed[1 - responses.index(loser)]
    with app.app_context():
        assert stored(ids) == won_text
    assert write_turn_is_free()  # the refused save gave its turn back


@pytest.mark.sqlite_only  # PostgreSQL's advisory lock wakes its waiters itself
def test_a_save_waits_for_its_turn_in_the_server_not_in_sqlites_lock(app, member):
    """While one save writes, another of the same server waits for its turn before asking SQLite
    for the lock: SQLite's busy handler sleeps longer and longer between tries (up to 100 ms),
    past the moment the lock is free. Both are saved."""
    ids = setup_rows(app, member)
    urls = ["/interviews/{interview}/edit".format(**ids), "/actions/{item}/edit".format(**ids)]
    tabs = [log_in(app, app.test_client(), member) for _ in urls]
    forms = [form_to(tab, url, url) for tab, url in zip(tabs, urls)]
    first_writing, first_may_finish = threading.Event(), threading.Event()
    locks_asked = []

    def watch(_conn, _cursor, statement, _parameters, _context, _executemany):
        """Count the requests that ask SQLite for its lock; hold the first save mid-write."""
        if statement.startswith("BEGIN IMMEDIATE"):
            locks_asked.append(statement)
        elif statement.startswith("UPDATE interview") and not first_writing.is_set():
            first_writing.set()
            first_may_finish.wait(timeout=10)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(submit, tabs[0], forms[0],
                                forms[0].submission(changes={"notes": "Saved first."}))
            assert first_writing.wait(timeout=10)
            second = pool.submit(submit, tabs[1], forms[1],
                                 forms[1].submission(changes={"text": "Saved second."}))
            second_waited = not second.done() and not first.done()
            threading.Event().wait(0.3)  # time for the second save to reach its turn
            asked_while_first_wrote = len(locks_asked)
            turn_free_while_first_wrote = write_turn_is_free()
            first_may_finish.set()
            statuses = [first.result(timeout=10).status_code, second.result(timeout=10).status_code]
    finally:
        first_may_finish.set()
        event.remove(engine, "before_cursor_execute", watch)
    assert second_waited and statuses == [302, 302]
    assert asked_while_first_wrote == 1 and not turn_free_while_first_wrote
    assert len(locks_asked) == 2 and write_turn_is_free()
    with app.app_context():
        assert db.session.get(Interview, ids["interview"]).notes == "Saved first."
        assert db.session.get(ActionItem, ids["item"]).text == "Saved second."


def test_done_pressed_many_times_at_once_ends_done_without_error(app, member):
    ids = setup_rows(app, member)
    clients = [log_in(app, app.test_client(), member) for _ in range(6)]
    forms = []
    for client in clients:
        page = client.get("/actions").get_data(as_text=True)
        forms.append(next(f for f in parse_forms("/actions", page)
                          if f.action.startswith(f"/actions/{ids['item']}/toggle")))
    responses = at_once([
        (lambda client=client, form=form: submit(client, form)) for client, form in zip(clients, forms)
    ])
    assert [r.status_code for r in responses] == [302] * len(clients)
    with app.app_context():
        assert db.session.get(ActionItem, ids["item"]).done_at is not None


def test_a_grade_pressed_many_times_at_once_counts_once(app, member):
    """One showing of a rehearsal card, graded from many tabs at the same moment: one grade."""
    with app.app_context():
        now = datetime.now().replace(microsecond=0)
        interview = Interview(owner_id=member.id, company="Count Co", role_title="Dev",
                              occurred_at=now - timedelta(days=3))
        db.session.add(interview)
        db.session.flush()
        question = Question(owner_id=member.id, interview_id=interview.id, position=0,
                            text="A question to rehearse", rating=1)
        db.session.add(question)
        db.session.flush()
        card = PracticeCard(owner_id=member.id, kind="question", item_key="count-co",
                            text=question.text, question_id=question.id)
        db.session.add(card)
        db.session.commit()
        card_id, question_id = card.id, question.id
    presses = 8
    clients = [log_in(app, app.test_client(), member) for _ in range(presses)]
    forms = [form_to(client, "/rehearse", f"/rehearse/cards/{card_id}/grade") for client in clients]
    responses = at_once([
        (lambda client=client, form=form, rating=str(1 + n % 4):
            submit(client, form, form.submission(press=rating)))
        for n, (client, form) in enumerate(zip(clients, forms))
    ])
    assert [r.status_code for r in responses] == [302] * presses
    with app.app_context():
        assert db.session.get(PracticeCard, card_id).reviews == 1
        assert db.session.scalar(select(func.count()).select_from(PracticeReview)) == 1
        assert db.session.get(Question, question_id).rehearsal_count == 1


def test_moves_pressed_at_once_keep_every_question_in_one_place(app, member):
    interview_id = make_interview(
        app, member.id, questions=[(f"Question {n}", 3, False) for n in range(4)]
    )
    with app.app_context():
        question_ids = [q.id for q in db.session.get(Interview, interview_id).questions]
    clients = [log_in(app, app.test_client(), member) for _ in range(6)]
    forms = []
    for n, client in enumerate(clients):
        page = client.get(f"/interviews/{interview_id}").get_data(as_text=True)
        moving = question_ids[n % len(question_ids)]
        forms.append(next(f for f in parse_forms("/", page)
                          if f.action.endswith(f"/questions/{moving}/move")))
    responses = at_once([
        (lambda client=client, form=form: submit(client, form)) for client, form in zip(clients, forms)
    ])
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    with app.app_context():
        positions = [q.position for q in db.session.get(Interview, interview_id).questions]
    assert sorted(positions) == list(range(len(question_ids)))
