"""Questions inside an interview: quick entry, editing, deleting and reordering."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Question
from tests.conftest import version_of
from tests.test_interviews import add_interview


def first_category_id(app, owner_id, name="Behavioural") -> int:
    """One of the member's own categories."""
    with app.app_context():
        return db.session.scalar(select(Category.id).where(Category.owner_id == owner_id, Category.name == name))


def add_question(app, owner_id, interview_id, text="Tell me about yourself", position=0, **fields) -> int:
    """Store a question directly and return its id."""
    with app.app_context():
        question = Question(owner_id=owner_id, interview_id=interview_id, text=text, position=position, **fields)
        db.session.add(question)
        db.session.commit()
        return question.id


def question_form(**overrides) -> dict:
    """A valid question form."""
    data = {
        "text": "Why do you want to work here?",
        "category_id": "",
        "answer": "Because of the mission & the <team>.",
        "rating": "2",
        "froze": "y",
        "better_answer": "Link their product to my last project.",
        "save_next": "Save and add another",
    }
    data.update(overrides)
    return data


def questions(app, interview_id) -> list[Question]:
    """The interview's questions in order, freshly read."""
    with app.app_context():
        rows = db.session.scalars(
            select(Question).where(Question.interview_id == interview_id).order_by(Question.position)
        ).all()
        db.session.expunge_all()
        return rows


def test_quick_entry_saves_and_offers_a_fresh_form_with_the_list_so_far(app, member, member_client):
    interview_id = add_interview(app, member.id)
    category_id = first_category_id(app, member.id)
    response = member_client.post(
        f"/interviews/{interview_id}/questions/new", data=question_form(category_id=str(category_id))
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/questions/new")
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "So far (1)" in page and "Why do you want to work here?" in page
    assert "Question 2" in page
    # No autofocus (the first Tab reaches the skip link): static/js/interviews.js puts the cursor
    # back in the question box after "Save and add another" (tests/browser/test_accessibility.py).
    assert "autofocus" not in page and "data-quick-entry" in page
    assert "Question saved" in page
    saved = questions(app, interview_id)
    assert len(saved) == 1
    question = saved[0]
    assert (question.owner_id, question.category_id, question.rating, question.froze) == (
        member.id, category_id, 2, True,
    )
    assert question.answer == "Because of the mission & the <team>."


def test_save_and_finish_goes_to_the_interview(app, member, member_client):
    interview_id = add_interview(app, member.id)
    data = question_form(save_done="Save and finish")
    del data["save_next"]
    response = member_client.post(f"/interviews/{interview_id}/questions/new", data=data)
    assert f"/interviews/{interview_id}#question-" in response.headers["Location"]
    page = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "the &lt;team&gt;." in page and "Rated 2/5" in page and "Froze" in page


def test_new_questions_go_to_the_end(app, member, member_client):
    interview_id = add_interview(app, member.id)
    for text in ("First", "Second", "Third"):
        member_client.post(f"/interviews/{interview_id}/questions/new", data=question_form(text=text))
    assert [q.text for q in questions(app, interview_id)] == ["First", "Second", "Third"]


def test_hidden_categories_are_not_offered_but_kept_when_editing(app, member, member_client):
    interview_id = add_interview(app, member.id)
    category_id = first_category_id(app, member.id, "Leadership")
    with app.app_context():
        db.session.get(Category, category_id).hidden = True
        db.session.commit()
    page = member_client.get(f"/interviews/{interview_id}/questions/new").get_data(as_text=True)
    assert ">Leadership<" not in page and ">Behavioural<" in page
    response = member_client.post(
        f"/interviews/{interview_id}/questions/new", data=question_form(category_id=str(category_id))
    )
    assert "Not a valid choice" in response.get_data(as_text=True)
    question_id = add_question(app, member.id, interview_id, category_id=category_id, rating=3)
    edit_page = member_client.get(f"/interviews/{interview_id}/questions/{question_id}/edit").get_data(as_text=True)
    assert ">Leadership<" in edit_page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("text", "  ", "Write down the question."),
        ("text", "Q" * 1001, "Keep the question to 1,000 characters at most."),
        ("answer", "A" * 5001, "Keep the answer to 5,000 characters at most."),
        ("better_answer", "B" * 5001, "Keep the better answer to 5,000 characters at most."),
        ("rating", "7", "Rate your answer from 1 (poor) to 5 (strong)."),
        ("rating", "0", "Rate your answer from 1 (poor) to 5 (strong)."),
        ("rating", "abc", "Rate your answer from 1 (poor) to 5 (strong)."),
        ("rating", None, "Rate your answer from 1 (poor) to 5 (strong)."),
        ("category_id", "999999", "Not a valid choice"),
    ],
)
def test_bad_question_input_is_explained_and_nothing_saved(app, member, member_client, field, value, message):
    interview_id = add_interview(app, member.id)
    data = question_form(answer="my typed answer 5521") if field != "answer" else question_form()
    if value is None:
        del data[field]
    else:
        data[field] = value
    response = member_client.post(f"/interviews/{interview_id}/questions/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert f'{field}-error' in page
    assert questions(app, interview_id) == []
    if field != "answer":
        assert "my typed answer 5521" in page


def test_edit_a_question(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, rating=1, answer="Old answer")
    page = member_client.get(f"/interviews/{interview_id}/questions/{question_id}/edit").get_data(as_text=True)
    assert "Old answer" in page and 'checked id="rating-0"' in page
    data = question_form(text="Edited question", rating="4", froze="",
                         version=version_of(app, Question, question_id))
    response = member_client.post(f"/interviews/{interview_id}/questions/{question_id}/edit", data=data)
    assert response.status_code == 302
    question = questions(app, interview_id)[0]
    assert (question.text, question.rating, question.froze) == ("Edited question", 4, False)


def test_bad_edit_keeps_typed_text_and_the_stored_question(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, rating=3)
    response = member_client.post(
        f"/interviews/{interview_id}/questions/{question_id}/edit",
        data=question_form(text="My new wording", rating="9"),
    )
    page = response.get_data(as_text=True)
    assert "Rate your answer" in page and "My new wording" in page
    assert questions(app, interview_id)[0].text == "Tell me about yourself"


def test_delete_a_question_after_confirming(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id)
    confirm = member_client.get(f"/interviews/{interview_id}/questions/{question_id}/delete")
    assert "Delete this question?" in confirm.get_data(as_text=True)
    assert len(questions(app, interview_id)) == 1
    member_client.post(f"/interviews/{interview_id}/questions/{question_id}/delete", data={})
    assert questions(app, interview_id) == []


def test_reorder_questions_up_and_down(app, member, member_client):
    interview_id = add_interview(app, member.id)
    ids = [add_question(app, member.id, interview_id, text=t, position=n) for n, t in enumerate("ABC")]
    url = f"/interviews/{interview_id}/questions/{{}}/move"
    member_client.post(url.format(ids[2]), data={"direction": "up"})
    assert [q.text for q in questions(app, interview_id)] == ["A", "C", "B"]
    member_client.post(url.format(ids[0]), data={"direction": "down"})
    assert [q.text for q in questions(app, interview_id)] == ["C", "A", "B"]
    # Already first: nothing moves.
    member_client.post(url.format(ids[2]), data={"direction": "up"})
    assert [q.text for q in questions(app, interview_id)] == ["C", "A", "B"]
    response = member_client.post(url.format(ids[2]), data={"direction": "sideways"})
    assert response.status_code == 400
    assert [q.text for q in questions(app, interview_id)] == ["C", "A", "B"]


def test_a_question_of_another_interview_is_404(app, member, member_client):
    first = add_interview(app, member.id, "First")
    second = add_interview(app, member.id, "Second")
    question_id = add_question(app, member.id, first)
    response = member_client.get(f"/interviews/{second}/questions/{question_id}/edit")
    assert response.status_code == 404


def question_routes(interview_id, question_id):
    """Every question route as (method, url, data)."""
    base = f"/interviews/{interview_id}/questions"
    return [
        ("get", f"{base}/new", None),
        ("post", f"{base}/new", question_form()),
        ("get", f"{base}/{question_id}/edit", None),
        ("post", f"{base}/{question_id}/edit", question_form(text="Hijacked")),
        ("get", f"{base}/{question_id}/delete", None),
        ("post", f"{base}/{question_id}/delete", {}),
        ("post", f"{base}/{question_id}/move", {"direction": "down"}),
    ]


def all_questions(app):
    """Every stored question as plain tuples."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(Question.__table__)).all()]


@pytest.mark.parametrize("index", range(7))
def test_another_member_gets_404_for_questions_and_nothing_changes(app, member, other_member, other_client, index):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, text="Private question")
    add_question(app, member.id, interview_id, text="Second", position=1)
    method, url, data = question_routes(interview_id, question_id)[index]
    before = all_questions(app)
    response = getattr(other_client, method)(url, data=data)
    assert response.status_code == 404
    assert all_questions(app) == before


@pytest.mark.parametrize("index", range(2, 7))
def test_another_members_question_inside_my_interview_is_404(app, member, other_member, other_client, index):
    # The other member's own interview, with the member's question id: still a 404.
    theirs = add_interview(app, other_member.id, "Theirs")
    mine = add_interview(app, member.id, "Mine")
    question_id = add_question(app, member.id, mine, text="Private question")
    method, url, data = question_routes(theirs, question_id)[index]
    before = all_questions(app)
    response = getattr(other_client, method)(url, data=data)
    assert response.status_code == 404
    assert all_questions(app) == before


@pytest.mark.parametrize("index", range(7))
def test_anonymous_visitors_are_sent_to_log_in_from_question_pages(app, member, client, index):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id)
    method, url, data = question_routes(interview_id, question_id)[index]
    before = all_questions(app)
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert all_questions(app) == before


def test_a_stale_question_edit_is_refused_and_the_typed_text_kept(app, member, member_client):
    """Two tabs open on one question: the second save does not overwrite the first."""
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, rating=1, answer="Old answer")
    url = f"/interviews/{interview_id}/questions/{question_id}/edit"
    opened_version = version_of(app, Question, question_id)
    first = question_form(text="Saved in the first tab", rating="3", version=opened_version)
    assert member_client.post(url, data=first).status_code == 302

    second = question_form(text="Typed in the second tab", rating="5", version=opened_version)
    response = member_client.post(url, data=second)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed elsewhere" in page
    assert "Typed in the second tab" in page
    question = questions(app, interview_id)[0]
    assert (question.text, question.rating) == ("Saved in the first tab", 3)


def test_an_edit_posted_without_its_version_is_refused_not_taken_from_the_row(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, text="Original", rating=3)
    response = member_client.post(
        f"/interviews/{interview_id}/questions/{question_id}/edit", data=question_form(text="Typed")
    )
    assert response.status_code == 409
    assert "Typed" in response.get_data(as_text=True)
    assert [q.text for q in questions(app, interview_id)] == ["Original"]
