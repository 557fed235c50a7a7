"""The project's rules, form by form: foreign ids in fields, local redirects, text limits, locking."""

from datetime import datetime
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ActionItem, Category, Interview, Question, RejectionReason
from tests.crawler import form_to, send, submit
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
    # The page's own choice, the hidden category, is sent back as it is.
    response = send(member_client, f"/actions/{item_id}/edit", f"/actions/{item_id}/edit",
                    {"text": "Reworded"})
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert (item.text, item.category_id) == ("Reworded", hidden)
    # A hidden category is still not offered for a new item.
    page = member_client.get("/actions/new").get_data(as_text=True)
    assert f'value="{hidden}"' not in page


# --- redirects stay on this host ----------------------------------------------------------------

OFFSITE = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]


def assert_stays_on_site(response, url: str) -> None:
    """The response redirects to the action items list on this host."""
    location = urlsplit(response.headers["Location"])
    assert response.status_code == 302 and location.netloc in {"", "127.0.0.1"}, url
    assert location.path == "/actions", url


@pytest.mark.parametrize("target", OFFSITE)
def test_action_forms_never_redirect_off_site(app, member, member_client, target):
    item_id = add_action(app, member.id)
    # The list page never puts a foreign `next` in its toggle form: only a forged post can.
    url = f"/actions/{item_id}/toggle"
    assert_stays_on_site(member_client.post(url, data={"done": "1", "next": target}), url)
    # The edit and delete pages carry the `next` of the link that opened them.
    for action, typed in ((f"/actions/{item_id}/edit", {"text": "Changed"}),
                          (f"/actions/{item_id}/delete", {})):
        page = f"{action}?next={quote(target, safe='')}"
        assert form_to(member_client, page, action).value("next") == target, action
        assert_stays_on_site(send(member_client, page, action, typed), action)


@pytest.mark.parametrize("target", OFFSITE)
def test_login_never_redirects_off_site(app, client, member, target):
    page = f"/login?next={quote(target, safe='')}"
    assert "next=" in form_to(client, page, "/login").action  # the form sends it back
    response = send(client, page, "/login", {"email": member.email, "password": member.password})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in {"", "127.0.0.1"} and location.path == "/"


# --- text limits are enforced on the server -----------------------------------------------------


def new_interview(**typed) -> dict:
    """What a member types into the new-interview form: a company, a role, and `typed`."""
    return {"company": "Initech", "role_title": "Analyst", **typed}


NEW = "/interviews/new"
EDIT = "/interviews/{interview}/edit"
NEW_QUESTION = "/interviews/{interview}/questions/new"
EDIT_QUESTION = "/interviews/{interview}/questions/{question}/edit"
FEEDBACK = "/interviews/{interview}/feedback"
DEBRIEF = "/interviews/{interview}/debrief"
OUTCOME = "/interviews/{interview}/outcome"

LONG_TEXTS = [
    # (what, page with {interview}/{question}/{item}/{category}, the action of its form,
    #  what the member types into it, field whose text must stay)
    ("company", NEW, NEW, new_interview(company="C" * 121), "company"),
    ("role", NEW, NEW, new_interview(role_title="R" * 121), "role_title"),
    ("notes", EDIT, EDIT, {"notes": "N" * 10_001}, "notes"),
    ("interviewer", NEW, NEW, new_interview(**{"interviewers-0-name": "I" * 121}),
     "interviewers-0-name"),
    ("job link", NEW, NEW, new_interview(job_url="https://x.example/" + "j" * 500), "job_url"),
    ("reason", EDIT, EDIT, {"outcome": "rejected", "rejection_reasons": "W" * 301},
     "rejection_reasons"),
    ("question", NEW_QUESTION, NEW_QUESTION, {"text": "Q" * 1001, "rating": "3"}, "text"),
    ("answer", EDIT_QUESTION, EDIT_QUESTION, {"answer": "A" * 5001}, "answer"),
    ("better answer", NEW_QUESTION, NEW_QUESTION,
     {"text": "Why us?", "rating": "3", "better_answer": "B" * 5001}, "better_answer"),
    ("action", "/actions/new", "/actions/new", {"text": "T" * 501}, "text"),
    ("action edit", "/actions/{item}/edit", "/actions/{item}/edit", {"text": "T" * 501}, "text"),
    ("takeaway", FEEDBACK, FEEDBACK + "/takeaways", {"text": "T" * 501}, "text"),
    # On /categories, every hide and show form's action begins with "/categories" too.
    ("category name", "/categories", "/categories", {"name": "K" * 61}, "name"),
    ("category hint", "/categories/{category}/edit", "/categories/{category}/edit",
     {"hint": "H" * 201}, "hint"),
    ("do differently", DEBRIEF, DEBRIEF, {"do_differently": "D" * 4001}, "do_differently"),
    ("sold short note", DEBRIEF, DEBRIEF, {"sold_short_note": "S" * 4001}, "sold_short_note"),
    ("negative tone note", DEBRIEF, DEBRIEF, {"negative_tone_note": "G" * 4001},
     "negative_tone_note"),
    ("forgotten line", DEBRIEF, DEBRIEF, {"forgotten": "F" * 501}, "forgotten"),
    ("went well lines", DEBRIEF, DEBRIEF,
     {"went_well": "\n".join(f"well {n}" for n in range(31))}, "went_well"),
    ("sent to", FEEDBACK, FEEDBACK + "/sent", {"sent_to": "s" * 255}, "sent_to"),
    ("reply", FEEDBACK, FEEDBACK + "/reply", {"reply": "Y" * 10_001}, "reply"),
    ("reply from", FEEDBACK, FEEDBACK + "/reply", {"reply": "ok", "reply_from": "F" * 121},
     "reply_from"),
    ("outcome reasons", OUTCOME, OUTCOME, {"outcome": "rejected", "reasons": "O" * 301},
     "reasons"),
    ("template", "/account/feedback-template", "/account/feedback-template",
     {"template": "P" * 5001}, "template"),
]


@pytest.mark.parametrize("what, page, action, typed, field", LONG_TEXTS,
                         ids=[case[0] for case in LONG_TEXTS])
def test_overlong_text_is_refused_next_to_its_field_and_kept(
    app, member, member_client, what, page, action, typed, field
):
    interview_id = add_interview(app, member.id)
    ids = {"interview": interview_id, "question": question_id_of(app, interview_id),
           "item": add_action(app, member.id), "category": first_category(app, member.id)}
    before = snapshot(app)
    response = send(member_client, page.format(**ids), action.format(**ids), typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, what
    assert 'aria-invalid="true"' in html, what  # the message sits with its field
    assert typed[field][:50] in html, what  # what was typed is still there
    assert changed_tables(before, snapshot(app)) == [], what


# --- optimistic locking: no lost update between the interview form and the outcome form ---------


def test_reasons_changed_on_the_outcome_page_are_not_overwritten_by_a_stale_interview_form(
    app, member, member_client
):
    interview_id = add_interview(app, member.id, outcome="rejected", reasons=["Too junior"])
    edit = f"/interviews/{interview_id}/edit"
    first_tab = form_to(member_client, edit, edit)
    assert first_tab.value("rejection_reasons") == "Too junior"
    # Another tab changes only the reasons on the outcome page.
    outcome = f"/interviews/{interview_id}/outcome"
    response = send(member_client, outcome, outcome, {"reasons": "Salary too high"})
    assert response.status_code == 302
    # The interview form opened before that now saves its (old) reasons with a new note.
    response = submit(member_client, first_tab,
                      first_tab.submission(changes={"notes": "Typed in the first tab"}))
    assert response.status_code == 409
    assert "Typed in the first tab" in response.get_data(as_text=True)
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert [reason.text for reason in interview.rejection_reasons] == ["Salary too high"]
        assert interview.notes == ""


def test_a_stale_outcome_form_keeps_what_was_typed(app, member, member_client):
    interview_id = add_interview(app, member.id)
    outcome, edit = f"/interviews/{interview_id}/outcome", f"/interviews/{interview_id}/edit"
    old_tab = form_to(member_client, outcome, outcome)
    assert send(member_client, edit, edit, {"notes": "Moved on"}).status_code == 302
    typed = {"outcome": "rejected", "reasons": "Typed reason from an old tab"}
    response = submit(member_client, old_tab, old_tab.submission(changes=typed))
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
    url = f"/interviews/{interview_id}/edit"
    response = member_client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'value="Panel {MAX_INTERVIEWERS - 1}"' in page
    # Sent back as the page shows them: every interviewer, and the note typed.
    response = send(member_client, url, url, {"notes": "Still editable"})
    assert response.status_code == 302
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert (interview.notes, len(interview.interviewers)) == ("Still editable", MAX_INTERVIEWERS)


def test_an_assessment_changed_only_in_its_lists_refuses_an_older_tab(app, member, member_client):
    interview_id = add_interview(app, member.id)
    url = f"/interviews/{interview_id}/debrief"
    assert send(member_client, url, url, {"went_well": "Calm start"}).status_code == 302
    old_tab = form_to(member_client, url, url)
    # One tab changes only the list of what went well...
    assert send(member_client, url, url,
                {"went_well": "Calm start\nGood rapport"}).status_code == 302
    # ...and a tab opened before that saves its own list.
    response = submit(member_client, old_tab,
                      old_tab.submission(changes={"went_well": "Typed in the old tab"}))
    page = response.get_data(as_text=True)
    assert "changed elsewhere" in page and "Typed in the old tab" in page
    with app.app_context():
        saved = db.session.get(Interview, interview_id).self_assessment
        assert [row.text for row in saved.went_well] == ["Calm start", "Good rapport"]


def test_an_interview_changed_only_in_its_interviewers_refuses_an_older_tab(app, member, member_client):
    interview_id = add_interview(app, member.id)
    url = f"/interviews/{interview_id}/edit"
    old_tab = form_to(member_client, url, url)
    response = send(member_client, url, url, {"interviewers-0-name": "Sam Lee"})
    assert response.status_code == 302
    response = submit(member_client, old_tab,
                      old_tab.submission(changes={"interviewers-0-name": "Old tab"}))
    assert response.status_code == 409
    assert 'value="Old tab"' in response.get_data(as_text=True)
    with app.app_context():
        assert [p.name for p in db.session.get(Interview, interview_id).interviewers] == ["Sam Lee"]
