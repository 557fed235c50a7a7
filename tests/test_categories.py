"""A member's question categories: add, rename, hide, delete when unused, merge when used."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ActionItem, Category, Question
from tests.crawler import form_to, send, submit
from tests.test_interviews import add_interview
from tests.test_questions import add_question, first_category_id


def category_names(app, owner_id) -> list[str]:
    """The member's category names."""
    with app.app_context():
        return list(db.session.scalars(select(Category.name).where(Category.owner_id == owner_id)))


def all_categories(app):
    """Every category row, plus the questions' and action items' categories."""
    with app.app_context():
        return (
            [tuple(row) for row in db.session.execute(select(Category.__table__)).all()],
            list(db.session.execute(select(Question.id, Question.category_id)).all()),
            list(db.session.execute(select(ActionItem.id, ActionItem.category_id)).all()),
        )


def add_category(client, typed: dict):
    """Type into the categories page's form that adds one, and send it."""
    return send(client, "/categories", "/categories", typed)


def edit_page(category_id: int) -> str:
    """The page (and the action of its form) that renames a category."""
    return f"/categories/{category_id}/edit"


def test_the_list_shows_the_defaults_with_usage(app, member, member_client):
    interview_id = add_interview(app, member.id)
    behavioural = first_category_id(app, member.id)
    add_question(app, member.id, interview_id, category_id=behavioural)
    add_question(app, member.id, interview_id, category_id=behavioural, position=1)
    page = member_client.get("/categories").get_data(as_text=True)
    assert "Introduction" in page and "Career goals" in page
    row = page.split("Behavioural", 1)[1].split("</tr>", 1)[0]
    assert '<td class="numeric">2' in row and "Merge" in row


def test_add_a_category(app, member, member_client):
    response = add_category(member_client, {"name": "  System design ", "hint": "Whiteboard"})
    assert response.status_code == 302
    assert "System design" in category_names(app, member.id)


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Give the category a name."),
        ("behavioural", "You already have a category called “behavioural”."),
        ("X" * 61, "Keep the name to 60 characters at most."),
    ],
)
def test_bad_names_are_refused_with_the_typed_text_kept(app, member, member_client, name, message):
    before = all_categories(app)
    response = add_category(member_client, {"name": name, "hint": "my hint 8812"})
    page = response.get_data(as_text=True)
    assert message in page and 'id="name-error"' in page
    assert "my hint 8812" in page
    assert all_categories(app) == before


def test_names_are_unique_per_member_only(app, member, other_member, other_client):
    assert add_category(other_client, {"name": "Brain teasers"}).status_code == 302
    with app.app_context():
        db.session.add(Category(owner_id=member.id, name="Brain Teasers"))
        db.session.commit()
    assert "Brain teasers" in category_names(app, other_member.id)


def test_rename(app, member, member_client):
    page = edit_page(first_category_id(app, member.id))
    assert 'value="Behavioural"' in member_client.get(page).get_data(as_text=True)
    send(member_client, page, page, {"name": "Behavioral"})
    assert "Behavioral" in category_names(app, member.id)
    # Changing only the case of its own name is allowed.
    send(member_client, page, page, {"name": "BEHAVIORAL"})
    assert "BEHAVIORAL" in category_names(app, member.id)


def test_rename_to_an_existing_name_is_refused(app, member, member_client):
    page = edit_page(first_category_id(app, member.id))
    before = all_categories(app)
    response = send(member_client, page, page, {"name": "LEADERSHIP"})
    assert "You already have a category called" in response.get_data(as_text=True)
    assert all_categories(app) == before


def test_hide_and_show(app, member, member_client):
    category_id = first_category_id(app, member.id)
    visibility = f"/categories/{category_id}/visibility"
    send(member_client, "/categories", visibility, press="Hide Behavioural")
    with app.app_context():
        assert db.session.get(Category, category_id).hidden is True
    # The page now offers to show it again: that button is the one pressed next.
    send(member_client, "/categories", visibility, press="Show Behavioural")
    with app.app_context():
        assert db.session.get(Category, category_id).hidden is False


def test_an_unused_category_is_deleted_after_confirming(app, member, member_client):
    category_id = first_category_id(app, member.id, "Other")
    page = member_client.get(f"/categories/{category_id}/remove").get_data(as_text=True)
    assert "Delete “Other”?" in page
    assert "Other" in category_names(app, member.id)
    send(member_client, f"/categories/{category_id}/remove", f"/categories/{category_id}/delete")
    assert "Other" not in category_names(app, member.id)


def test_a_used_category_is_never_deleted_silently(app, member, member_client):
    interview_id = add_interview(app, member.id)
    category_id = first_category_id(app, member.id)
    remove = f"/categories/{category_id}/remove"
    # The page was opened while nothing used the category; a question is added in the meantime.
    stale_tab = form_to(member_client, remove, f"/categories/{category_id}/delete")
    add_question(app, member.id, interview_id, category_id=category_id)
    page = member_client.get(remove).get_data(as_text=True)
    assert "Merge “Behavioural” into another category" in page
    before = all_categories(app)
    response = submit(member_client, stale_tab)
    assert response.status_code == 302
    assert all_categories(app) == before
    assert "merge it into another" in member_client.get(response.headers["Location"]).get_data(as_text=True)


def test_merge_moves_questions_and_action_items_then_deletes(app, member, member_client):
    interview_id = add_interview(app, member.id)
    source = first_category_id(app, member.id, "Situational")
    target = first_category_id(app, member.id, "Behavioural")
    question_id = add_question(app, member.id, interview_id, category_id=source)
    with app.app_context():
        item = ActionItem(owner_id=member.id, text="Practise STAR", category_id=source)
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    response = send(member_client, f"/categories/{source}/remove", f"/categories/{source}/merge",
                    {"target_id": str(target)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Category, source) is None
        assert db.session.get(Question, question_id).category_id == target
        assert db.session.get(ActionItem, item_id).category_id == target


def test_merge_into_itself_or_a_foreign_category_is_refused(app, member, other_member, member_client):
    interview_id = add_interview(app, member.id)
    source = first_category_id(app, member.id, "Situational")
    add_question(app, member.id, interview_id, category_id=source)
    foreign = first_category_id(app, other_member.id, "Behavioural")
    before = all_categories(app)
    for target in (source, foreign):
        response = member_client.post(f"/categories/{source}/merge", data={"target_id": str(target)})
        assert "Not a valid choice" in response.get_data(as_text=True)
    assert all_categories(app) == before


def category_routes(category_id):
    """Every route about one category as (method, url, data)."""
    return [
        ("get", f"/categories/{category_id}/edit", None),
        ("post", f"/categories/{category_id}/edit", {"name": "Hijacked"}),
        ("post", f"/categories/{category_id}/visibility", {}),
        ("get", f"/categories/{category_id}/remove", None),
        ("post", f"/categories/{category_id}/delete", {}),
        ("post", f"/categories/{category_id}/merge", {"target_id": "1"}),
    ]


@pytest.mark.parametrize("index", range(6))
def test_another_member_gets_404_for_categories_and_nothing_changes(app, member, other_member, other_client, index):
    category_id = first_category_id(app, member.id, "Other")
    method, url, data = category_routes(category_id)[index]
    if url.endswith("/merge"):
        data = {"target_id": str(first_category_id(app, other_member.id))}
    before = all_categories(app)
    response = getattr(other_client, method)(url, data=data)
    assert response.status_code == 404
    assert all_categories(app) == before


def test_the_defaults_without_owner_are_not_reachable(app, member, member_client):
    with app.app_context():
        default_id = db.session.scalar(select(Category.id).where(Category.owner_id.is_(None)))
    assert member_client.get(f"/categories/{default_id}/edit").status_code == 404


@pytest.mark.parametrize(
    "method, url, data",
    [("get", "/categories", None), ("post", "/categories", {"name": "Anon"})] + category_routes(1),
)
def test_anonymous_visitors_are_sent_to_log_in_from_categories(app, admin, client, method, url, data):
    before = all_categories(app)
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert all_categories(app) == before


def test_a_stale_rename_is_refused(app, member, member_client):
    category_id = first_category_id(app, member.id)
    page = edit_page(category_id)
    stale_tab = form_to(member_client, page, page)
    # Another tab hides it.
    send(member_client, "/categories", f"/categories/{category_id}/visibility")
    response = submit(member_client, stale_tab,
                      stale_tab.submission(changes={"name": "Renamed late"}))
    assert response.status_code == 409
    assert 'value="Renamed late"' in response.get_data(as_text=True)
    assert "Renamed late" not in category_names(app, member.id)
