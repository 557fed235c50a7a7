"""Text normalised on the way in: control characters pasted into any field are not stored.

Each test fetches a page, fills the form as rendered (CSRF token, version and all), and submits it.
"""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ActionItem, Category, Interview, Question, RejectionReason
from tests.conftest import CSRF_META
from tests.crawler import form_on_page, send
from tests.test_interviews import add_interview

# Right-to-left override, and an emoji joined by a zero-width joiner: typed on purpose, kept.
KEPT_AS_TYPED = "\u202eLtd \U0001f469\u200d\U0001f4bb"


def page_form(client, url: str, having: str, **changes) -> dict:
    """The form on the page at `url` that has the field `having`, with some fields changed."""
    response = client.get(url)
    assert response.status_code == 200
    return {**form_on_page(response.get_data(as_text=True), having), **changes}


def stored(app, model, **where):
    """The one row of `model` matching `where`, re-read after the request."""
    with app.app_context():
        row = db.session.scalars(select(model).filter_by(**where)).one()
        db.session.expunge(row)
        return row


@pytest.mark.parametrize("content_type", [None, "multipart/form-data"], ids=["urlencoded", "multipart"])
def test_a_new_interview_is_stored_without_control_characters(app, member, member_client, content_type):
    data = page_form(
        member_client,
        "/interviews/new",
        "company",
        company="North\x00wind\x07 Traders",
        role_title="Data\x1b analyst\x7f",
        **{"interviewers-0-name": "Priya\x0b Raman\x9b"},
        notes="Panel of two.\r\nAsked about SQL\x00.\rThen\ta tour.\x1b[0m",
    )
    # Sent as a dict, not through the crawler: a browser would turn the lone CR into CRLF before
    # the app saw it, and the crawler sends no multipart body.
    extra = {"content_type": content_type} if content_type else {}
    response = member_client.post("/interviews/new", data=data, **extra)
    assert response.status_code == 302
    interview = stored(app, Interview, owner_id=member.id)
    assert (interview.company, interview.role_title) == ("Northwind Traders", "Data analyst")
    # Line breaks from any system become \n; tabs stay; the escape is gone, its visible text not.
    assert interview.notes == "Panel of two.\nAsked about SQL.\nThen\ta tour.[0m"
    with app.app_context():
        names = [person.name for person in db.session.get(Interview, interview.id).interviewers]
    assert names == ["Priya Raman"]


def test_an_edited_interview_keeps_format_characters_and_line_breaks(app, member, member_client):
    reason = RejectionReason(position=0, text="Wanted more SQL")
    interview_id = add_interview(app, member.id, "Acme", outcome="rejected", rejection_reasons=[reason])
    url = f"/interviews/{interview_id}/edit"
    typed = {
        "company": f"Acme\x00 {KEPT_AS_TYPED}",
        "notes": "First\x00 round\n\nSecond\x85 round\r\n",
    }
    response = send(member_client, url, url, typed)
    assert response.status_code == 302
    interview = stored(app, Interview, id=interview_id)
    assert interview.company == f"Acme {KEPT_AS_TYPED}"
    assert interview.notes == "First round\n\nSecond round\n"
    # The page as rendered carried the stored reason, so saving it kept the reason unchanged.
    with app.app_context():
        reasons = [r.text for r in db.session.get(Interview, interview_id).rejection_reasons]
    assert reasons == ["Wanted more SQL"]


def test_a_question_and_its_answer_are_stored_without_control_characters(app, member, member_client):
    interview_id = add_interview(app, member.id)
    url = f"/interviews/{interview_id}/questions/new"
    typed = {
        "text": "Tell me\x00 about\x0c yourself.\r\nBriefly, please.",
        "answer": "Walked\x08 through my CV\x1a.",
        "rating": "4",
    }
    response = send(member_client, url, url, typed, press="Save and finish")
    assert response.status_code == 302
    question = stored(app, Question, interview_id=interview_id)
    assert question.text == "Tell me about yourself.\nBriefly, please."
    assert question.answer == "Walked through my CV."


def test_an_action_item_is_stored_without_control_characters(app, member, member_client):
    typed = {"text": "Practise\x00 SQL\x07 joins\r\ndaily"}
    response = send(member_client, "/actions/new", "/actions/new", typed)
    assert response.status_code == 302
    assert stored(app, ActionItem, owner_id=member.id).text == "Practise SQL joins\ndaily"


def test_a_category_name_is_stored_without_control_characters(app, member, member_client):
    typed = {"name": "System\x00 design\x1b", "hint": "Scale\x9c"}
    response = send(member_client, "/categories", "/categories", typed)
    assert response.status_code == 302
    category = stored(app, Category, owner_id=member.id, name="System design")
    assert category.hint == "Scale"


def test_a_form_posted_as_json_is_normalised_too(app, member, member_client):
    # Flask-WTF reads a JSON body as the form when no form data came: it is cleaned the same way.
    page = member_client.get("/categories").get_data(as_text=True)
    token = CSRF_META.search(page).group(1)
    response = member_client.post(
        "/categories",
        json={"name": "Salary\x00 talks", "hint": "", "version": "0"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 302
    assert stored(app, Category, owner_id=member.id, name="Salary talks")


def test_the_query_string_is_normalised(app, member, member_client):
    add_interview(app, member.id, "Northwind")
    add_interview(app, member.id, "Contoso")
    page = member_client.get("/interviews?company=North%00wind%07").get_data(as_text=True)
    assert 'value="Northwind"' in page
    assert "Contoso" not in page
    page = member_client.get("/search?q=North%1Bwind").get_data(as_text=True)
    assert 'value="Northwind"' in page
