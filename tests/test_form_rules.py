"""The project's rules, form by form: foreign ids in fields, local redirects, text limits, locking."""

from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ActionItem, Category, Interview, Question, RejectionReason
from tests.conftest import version_of
from tests.test_route_audit import changed_tables, snapshot


def first_category(app, owner_id: int, hidden: bool = False) -> int:
    """The id of one of the member's categories (hidden first when asked)."""
    with app.app_context():
        category = db.session.scalars(
            select(Category).where(Category.owner_id == owner_id).order_by(Category.position)
        ).first()
        if hidden:
            category.hidden = True
            db.session.commit()
        return category.id


def add_interview(app, owner_id: int, outcome: str = "awaiting", reasons=()) -> int:
    """A past interview of the member, with one question; its id."""
    with app.app_context():
        interview = Interview(
            owner_id=owner_id, company="Initech", role_title="Analyst",
            occurred_at=datetime(2025, 3, 4, 10, 0), outcome=outcome,
            rejection_reasons=[RejectionReason(position=n, text=t) for n, t in enumerate(reasons)],
        )
        interview.questions.append(Question(owner_id=owner_id, position=0, text="Why us?", rating=3))
        db.session.add(interview)
        db.session.commit()
        return interview.id


def add_action(app, owner_id: int, category_id: int | None = None) -> int:
    """An action item of the member; its id."""
    with app.app_context():
        item = ActionItem(owner_id=owner_id, text="Practise the intro", category_id=category_id)
        db.session.add(item)
        db.session.commit()
        return item.id


def question_id_of(app, interview_id: int) -> int:
    """The id of the interview's first question."""
    with app.app_context():
        return db.session.scalar(select(Question.id).where(Question.interview_id == interview_id))


# --- a foreign id in a form field attaches nothing to another member's rows -------------------


def foreign_category_posts(app, member, other_member):
    """(url, form) pairs that post the other member's category id in a select."""
    interview_id = add_interview(app, member.id)
    question_id = question_id_of(app, interview_id)
    item_id = add_action(app, member.id)
    foreign = first_category(app, other_member.id)
    question = {"text": "Typed question", "rating": "2", "category_id": str(foreign)}
    action = {"text": "Typed action", "category_id": str(foreign)}
    return [
        (f"/interviews/{interview_id}/questions/new", question),
        (f"/interviews/{interview_id}/questions/{question_id}/edit", question),
        ("/actions/new", action),
        (f"/actions/{item_id}/edit", action),
        (f"/interviews/{interview_id}/feedback/takeaways", action),
    ], foreign


def test_a_foreign_category_id_in_a_form_is_refused_and_changes_nothing(
    app, member, other_member, member_client
):
    posts, foreign = foreign_category_posts(app, member, other_member)
    for url, form in posts:
        before = snapshot(app)
        response = member_client.post(url, data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "Not a valid choice" in page, url
        assert form["text"] in page, url  # what was typed is still there
        assert changed_tables(before, snapshot(app)) == [], url
    with app.app_context():
        for model in (Question, ActionItem):
            assert db.session.scalar(select(func.count()).where(model.category_id == foreign)) == 0


def test_merging_into_a_foreign_category_is_refused(app, member, other_member, member_client):
    own = first_category(app, member.id)
    add_action(app, member.id, own)  # in use: it can only be merged
    foreign = first_category(app, other_member.id)
    before = snapshot(app)
    response = member_client.post(f"/categories/{own}/merge", data={"target_id": str(foreign)})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot(app)) == []


def test_an_action_item_in_a_hidden_category_can_still_be_edited(app, member, member_client):
    hidden = first_category(app, member.id, hidden=True)
    item_id = add_action(app, member.id, hidden)
    page = member_client.get(f"/actions/{item_id}/edit").get_data(as_text=True)
    assert f'<option selected value="{hidden}">' in page
    response = member_client.post(
        f"/actions/{item_id}/edit",
        data={"text": "Reworded", "category_id": str(hidden), "version": version_of(app, ActionItem, item_id)},
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert (item.text, item.category_id) == ("Reworded", hidden)
    # A hidden category is still not offered for a new item.
    page = member_client.get("/actions/new").get_data(as_text=True)
    assert f'value="{hidden}"' not in page


# --- redirects stay on this host ----------------------------------------------------------------

OFFSITE = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", OFFSITE)
def test_action_forms_never_redirect_off_site(app, member, member_client, target):
    item_id = add_action(app, member.id)
    posts = [
        (f"/actions/{item_id}/toggle", {"done": "1", "next": target}),
        (f"/actions/{item_id}/edit", {"text": "Changed", "category_id": "0", "next": target}),
        (f"/actions/{item_id}/delete", {"next": target}),
    ]
    for url, form in posts:
        if url.endswith("/edit"):
            form["version"] = version_of(app, ActionItem, item_id)
        response = member_client.post(url, data=form)
        location = urlsplit(response.headers["Location"])
        assert response.status_code == 302 and location.netloc in {"", "127.0.0.1"}, url
        assert location.path == "/actions", url


@pytest.mark.parametrize("target", OFFSITE)
def test_login_never_redirects_off_site(app, client, member, target):
    response = client.post(
        f"/login?next={target}", data={"email": member.email, "password": member.password}
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in {"", "127.0.0.1"} and location.path == "/"


# --- text limits are enforced on the server -----------------------------------------------------


def interview_form(**changes) -> dict:
    """A valid interview form."""
    form = {"company": "Initech", "role_title": "Analyst", "occurred_at": "2025-03-04T10:00",
            "stage": "first", "format": "video", "outcome": "awaiting", "version": "1"}
    return {**form, **changes}


LONG_TEXTS = [
    # (what, url with {interview}/{question}/{item}/{category}, form, field whose text must stay)
    ("company", "/interviews/new", interview_form(company="C" * 121), "company"),
    ("role", "/interviews/new", interview_form(role_title="R" * 121), "role_title"),
    ("notes", "/interviews/{interview}/edit", interview_form(notes="N" * 10_001), "notes"),
    ("interviewer", "/interviews/new", interview_form(**{"interviewers-0-name": "I" * 121}),
     "interviewers-0-name"),
    ("job link", "/interviews/new", interview_form(job_url="https://x.example/" + "j" * 500), "job_url"),
    ("reason", "/interviews/{interview}/edit",
     interview_form(outcome="rejected", rejection_reasons="W" * 301), "rejection_reasons"),
    ("question", "/interviews/{interview}/questions/new", {"text": "Q" * 1001, "rating": "3"}, "text"),
    ("answer", "/interviews/{interview}/questions/{question}/edit",
     {"text": "Why us?", "rating": "3", "answer": "A" * 5001}, "answer"),
    ("better answer", "/interviews/{interview}/questions/new",
     {"text": "Why us?", "rating": "3", "better_answer": "B" * 5001}, "better_answer"),
    ("action", "/actions/new", {"text": "T" * 501, "category_id": "0"}, "text"),
    ("action edit", "/actions/{item}/edit", {"text": "T" * 501, "category_id": "0"}, "text"),
    ("takeaway", "/interviews/{interview}/feedback/takeaways", {"text": "T" * 501, "category_id": "0"},
     "text"),
    ("category name", "/categories", {"name": "K" * 61}, "name"),
    ("category hint", "/categories/{category}/edit", {"name": "Fine", "hint": "H" * 201}, "hint"),
    ("do differently", "/interviews/{interview}/debrief", {"do_differently": "D" * 4001}, "do_differently"),
    ("sold short note", "/interviews/{interview}/debrief", {"sold_short_note": "S" * 4001},
     "sold_short_note"),
    ("negative tone note", "/interviews/{interview}/debrief", {"negative_tone_note": "G" * 4001},
     "negative_tone_note"),
    ("forgotten line", "/interviews/{interview}/debrief", {"forgotten": "F" * 501}, "forgotten"),
    ("went well lines", "/interviews/{interview}/debrief",
     {"went_well": "\n".join(f"well {n}" for n in range(31))}, "went_well"),
    ("sent to", "/interviews/{interview}/feedback/sent",
     {"sent_on": date.today().isoformat(), "channel": "email", "sent_to": "s" * 255}, "sent_to"),
    ("reply", "/interviews/{interview}/feedback/reply",
     {"kind": "received", "reply": "Y" * 10_001, "reply_on": date.today().isoformat()}, "reply"),
    ("reply from", "/interviews/{interview}/feedback/reply",
     {"kind": "received", "reply": "ok", "reply_from": "F" * 121, "reply_on": date.today().isoformat()},
     "reply_from"),
    ("outcome reasons", "/interviews/{interview}/outcome",
     {"outcome": "rejected", "reasons": "O" * 301, "version": "1"}, "reasons"),
    ("template", "/account/feedback-template", {"template": "P" * 5001}, "template"),
]


@pytest.mark.parametrize("what, url, form, field", LONG_TEXTS, ids=[case[0] for case in LONG_TEXTS])
def test_overlong_text_is_refused_next_to_its_field_and_kept(
    app, member, member_client, what, url, form, field
):
    interview_id = add_interview(app, member.id)
    category_id = first_category(app, member.id)
    url = url.format(
        interview=interview_id, question=question_id_of(app, interview_id),
        item=add_action(app, member.id), category=category_id,
    )
    before = snapshot(app)
    response = member_client.post(url, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, what
    assert 'aria-invalid="true"' in page, what  # the message sits with its field
    assert form[field][:50] in page, what  # what was typed is still there
    assert changed_tables(before, snapshot(app)) == [], what


# --- optimistic locking: no lost update between the interview form and the outcome form ---------


def test_reasons_changed_on_the_outcome_page_are_not_overwritten_by_a_stale_interview_form(
    app, member, member_client
):
    interview_id = add_interview(app, member.id, outcome="rejected", reasons=["Too junior"])
    with app.app_context():
        opened_version = db.session.get(Interview, interview_id).version
    # Another tab changes only the reasons on the outcome page.
    response = member_client.post(
        f"/interviews/{interview_id}/outcome",
        data={"outcome": "rejected", "reasons": "Salary too high", "version": str(opened_version)},
    )
    assert response.status_code == 302
    # The interview form opened before that now saves its (old) reasons with a new note.
    response = member_client.post(
        f"/interviews/{interview_id}/edit",
        data=interview_form(outcome="rejected", rejection_reasons="Too junior",
                            notes="Typed in the first tab", version=str(opened_version)),
    )
    assert response.status_code == 409
    assert "Typed in the first tab" in response.get_data(as_text=True)
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert [reason.text for reason in interview.rejection_reasons] == ["Salary too high"]
        assert interview.notes == ""


def test_a_stale_outcome_form_keeps_what_was_typed(app, member, member_client):
    interview_id = add_interview(app, member.id)
    member_client.post(f"/interviews/{interview_id}/edit", data=interview_form(notes="Moved on"))
    response = member_client.post(
        f"/interviews/{interview_id}/outcome",
        data={"outcome": "rejected", "reasons": "Typed reason from an old tab", "version": "1"},
    )
    page = response.get_data(as_text=True)
    assert "changed elsewhere" in page and "Typed reason from an old tab" in page
    with app.app_context():
        assert db.session.get(Interview, interview_id).outcome == "awaiting"


def test_an_interview_with_the_most_interviewers_allowed_can_be_edited(app, member, member_client):
    from app.interviews.forms import MAX_INTERVIEWERS
    from app.models import Interviewer

    interview_id = add_interview(app, member.id)
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        interview.interviewers = [Interviewer(position=n, name=f"Panel {n}") for n in range(MAX_INTERVIEWERS)]
        db.session.commit()
    response = member_client.get(f"/interviews/{interview_id}/edit")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'value="Panel {MAX_INTERVIEWERS - 1}"' in page
    form = interview_form(notes="Still editable")
    form.update({f"interviewers-{n}-name": f"Panel {n}" for n in range(MAX_INTERVIEWERS)})
    response = member_client.post(f"/interviews/{interview_id}/edit", data=form)
    assert response.status_code == 302
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert (interview.notes, len(interview.interviewers)) == ("Still editable", MAX_INTERVIEWERS)


def test_an_assessment_changed_only_in_its_lists_refuses_an_older_tab(app, member, member_client):
    interview_id = add_interview(app, member.id)
    url = f"/interviews/{interview_id}/debrief"
    member_client.post(url, data={"went_well": "Calm start", "version": "0"})
    with app.app_context():
        opened = db.session.get(Interview, interview_id).self_assessment.version
    # One tab changes only the list of what went well...
    assert member_client.post(url, data={"went_well": "Calm start\nGood rapport",
                                         "version": str(opened)}).status_code == 302
    # ...and a tab opened before that saves its own list.
    response = member_client.post(url, data={"went_well": "Typed in the old tab", "version": str(opened)})
    page = response.get_data(as_text=True)
    assert "changed elsewhere" in page and "Typed in the old tab" in page
    with app.app_context():
        saved = db.session.get(Interview, interview_id).self_assessment
        assert [row.text for row in saved.went_well] == ["Calm start", "Good rapport"]


def test_an_interview_changed_only_in_its_interviewers_refuses_an_older_tab(app, member, member_client):
    interview_id = add_interview(app, member.id)
    url = f"/interviews/{interview_id}/edit"
    response = member_client.post(url, data=interview_form(**{"interviewers-0-name": "Sam Lee"}))
    assert response.status_code == 302
    response = member_client.post(url, data=interview_form(**{"interviewers-0-name": "Old tab"}))
    assert response.status_code == 409
    assert 'value="Old tab"' in response.get_data(as_text=True)
    with app.app_context():
        assert [p.name for p in db.session.get(Interview, interview_id).interviewers] == ["Sam Lee"]
