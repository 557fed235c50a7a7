"""Questions inside an interview: quick entry, editing, deleting and reordering."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Question
from tests.crawler import filled_in, form_to, parse_forms, send, submit
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
    """What a member types into the question form for a valid question (each a field of it)."""
    data = {
        "text": "Why do you want to work here?",
        "answer": "Because of the mission & the <team>.",
        "rating": "2",
        "froze": "y",
        "better_answer": "Link their product to my last project.",
    }
    data.update(overrides)
    return data


def new_question_page(interview_id) -> str:
    """The page (and the form's action) where a member adds a question to an interview."""
    return f"/interviews/{interview_id}/questions/new"


def move_form(client, interview_id, question_id, direction):
    """The question's "Move up" or "Move down" form on its interview's page."""
    page_url = f"/interviews/{interview_id}"
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    forms = parse_forms(page_url, page.get_data(as_text=True))
    moves = [form for form in forms if form.action.endswith(f"/questions/{question_id}/move")
             and form.value("direction") == direction]
    assert moves, f"no {direction} button for question {question_id} on {page_url}"
    return moves[0]


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
    new = new_question_page(interview_id)
    typed = question_form(category_id=str(category_id))
    response = send(member_client, new, new, typed, press="Save and add another")
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
    new = new_question_page(interview_id)
    response = send(member_client, new, new, question_form(), press="Save and finish")
    assert f"/interviews/{interview_id}#question-" in response.headers["Location"]
    page = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "the &lt;team&gt;." in page and "Rated 2/5" in page and "Froze" in page


def test_new_questions_go_to_the_end(app, member, member_client):
    interview_id = add_interview(app, member.id)
    new = new_question_page(interview_id)
    for text in ("First", "Second", "Third"):
        assert send(member_client, new, new, question_form(text=text)).status_code == 302
    assert [q.text for q in questions(app, interview_id)] == ["First", "Second", "Third"]


def test_hidden_categories_are_not_offered_but_kept_when_editing(app, member, member_client):
    interview_id = add_interview(app, member.id)
    category_id = first_category_id(app, member.id, "Leadership")
    new = new_question_page(interview_id)
    # A tab opened before the category was hidden still offers it.
    open_tab = form_to(member_client, new, new)
    assert str(category_id) in [option.value for option in open_tab.named("category_id")[0].options]
    with app.app_context():
        db.session.get(Category, category_id).hidden = True
        db.session.commit()
    page = member_client.get(new).get_data(as_text=True)
    assert ">Leadership<" not in page and ">Behavioural<" in page
    typed = question_form(category_id=str(category_id))
    response = submit(member_client, open_tab, filled_in(open_tab, typed))
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
    typed = question_form(answer="my typed answer 5521") if field != "answer" else question_form()
    typed[field] = value  # None: the field is left out (no rating chosen)
    new = new_question_page(interview_id)
    response = send(member_client, new, new, typed)
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
    edit = f"/interviews/{interview_id}/questions/{question_id}/edit"
    page = member_client.get(edit).get_data(as_text=True)
    assert "Old answer" in page and 'checked id="rating-0"' in page
    typed = question_form(text="Edited question", rating="4", froze=None)  # froze left unticked
    response = send(member_client, edit, edit, typed)
    assert response.status_code == 302
    question = questions(app, interview_id)[0]
    assert (question.text, question.rating, question.froze) == ("Edited question", 4, False)


def test_bad_edit_keeps_typed_text_and_the_stored_question(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, rating=3)
    edit = f"/interviews/{interview_id}/questions/{question_id}/edit"
    response = send(member_client, edit, edit, question_form(text="My new wording", rating="9"))
    page = response.get_data(as_text=True)
    assert "Rate your answer" in page and "My new wording" in page
    assert questions(app, interview_id)[0].text == "Tell me about yourself"


def test_delete_a_question_after_confirming(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id)
    delete = f"/interviews/{interview_id}/questions/{question_id}/delete"
    confirm = member_client.get(delete)
    assert "Delete this question?" in confirm.get_data(as_text=True)
    assert len(questions(app, interview_id)) == 1
    assert send(member_client, delete, delete, press="Delete the question").status_code == 302
    assert questions(app, interview_id) == []


def test_reorder_questions_up_and_down(app, member, member_client):
    interview_id = add_interview(app, member.id)
    ids = [add_question(app, member.id, interview_id, text=t, position=n) for n, t in enumerate("ABC")]
    submit(member_client, move_form(member_client, interview_id, ids[2], "up"))
    assert [q.text for q in questions(app, interview_id)] == ["A", "C", "B"]
    # A tab left open here still offers to move C up once another tab has made it first.
    stale_move_up = move_form(member_client, interview_id, ids[2], "up")
    submit(member_client, move_form(member_client, interview_id, ids[0], "down"))
    assert [q.text for q in questions(app, interview_id)] == ["C", "A", "B"]
    # Already first: nothing moves.
    submit(member_client, stale_move_up)
    assert [q.text for q in questions(app, interview_id)] == ["C", "A", "B"]
    # A direction no button sends.
    url = f"/interviews/{interview_id}/questions/{ids[2]}/move"
    response = member_client.post(url, data={"direction": "sideways"})
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
    first_tab, second_tab = form_to(member_client, url, url), form_to(member_client, url, url)
    first = question_form(text="Saved in the first tab", rating="3")
    assert submit(member_client, first_tab, filled_in(first_tab, first)).status_code == 302

    second = question_form(text="Typed in the second tab", rating="5")
    response = submit(member_client, second_tab, filled_in(second_tab, second))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed elsewhere" in page
    assert "Typed in the second tab" in page
    question = questions(app, interview_id)[0]
    assert (question.text, question.rating) == ("Saved in the first tab", 3)


def test_an_edit_posted_without_its_version_is_refused_not_taken_from_the_row(app, member, member_client):
    interview_id = add_interview(app, member.id)
    question_id = add_question(app, member.id, interview_id, text="Original", rating=3)
    edit = f"/interviews/{interview_id}/questions/{question_id}/edit"
    form = form_to(member_client, edit, edit)
    without_version = filled_in(form, {"text": "Typed", "version": None})
    response = submit(member_client, form, without_version)
    assert response.status_code == 409
    assert "Typed" in response.get_data(as_text=True)
    assert [q.text for q in questions(app, interview_id)] == ["Original"]
