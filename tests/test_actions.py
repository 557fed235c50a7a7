"""Action items across interviews: list and filter, done and reopen, add, edit, delete."""

import pytest
from sqlalchemy import select

from app.actions.queries import PER_PAGE
from app.extensions import db
from app.models import ActionItem
from tests.crawler import form_to, send, submit
from tests.debrief_factories import (
    category_id,
    fetch,
    fetch_all,
    make_action,
    make_interview,
)


def test_list_shows_open_items_with_interview_and_category(app, member, member_client):
    interview_id = make_interview(app, member.id, company="Acme Robotics")
    make_action(app, member.id, "Shorter answers", interview_id, category_id(app, member.id))
    make_action(app, member.id, "Already <done>", done=True)
    page = member_client.get("/actions").get_data(as_text=True)
    assert "Shorter answers" in page and "Acme Robotics" in page and "Behavioural" in page
    assert "Already" not in page
    assert "Open <span" in page and "(1)" in page
    assert "/calendar.ics" in page


@pytest.mark.parametrize(
    "show, visible, hidden",
    [("open", "Still to do", "Done &lt;it&gt;"), ("done", "Done &lt;it&gt;", "Still to do")],
)
def test_filter_open_and_done(app, member, member_client, show, visible, hidden):
    make_action(app, member.id, "Still to do")
    make_action(app, member.id, "Done <it>", done=True)
    page = member_client.get(f"/actions?show={show}").get_data(as_text=True)
    assert visible in page and hidden not in page
    everything = member_client.get("/actions?show=all").get_data(as_text=True)
    assert "Still to do" in everything and "Done &lt;it&gt;" in everything
    # An unknown filter falls back to open items.
    assert "Still to do" in member_client.get("/actions?show=bogus").get_data(as_text=True)


def test_mark_done_and_reopen(app, member, member_client):
    item_id = make_action(app, member.id, "Research the interviewers")
    toggle = f"/actions/{item_id}/toggle"
    response = send(member_client, "/actions?show=all", toggle,
                    press="Mark done: Research the interviewers")
    assert response.headers["Location"] == "/actions?show=all"
    assert fetch(app, ActionItem, item_id).done_at is not None
    send(member_client, "/actions?show=done", toggle, press="Reopen: Research the interviewers")
    assert fetch(app, ActionItem, item_id).done_at is None


def test_toggle_bad_input_and_foreign_next(app, member, member_client):
    item_id = make_action(app, member.id, "Research the interviewers")
    assert member_client.post(f"/actions/{item_id}/toggle", data={"done": "maybe"}).status_code == 400
    assert fetch(app, ActionItem, item_id).done_at is None
    response = member_client.post(
        f"/actions/{item_id}/toggle", data={"done": "1", "next": "https://evil.test/"}
    )
    assert response.headers["Location"] == "/actions?show=open"


def test_add_a_free_standing_item(app, member, member_client):
    assert "What to do" in member_client.get("/actions/new").get_data(as_text=True)
    leadership = category_id(app, member.id, "Leadership")
    response = send(member_client, "/actions/new", "/actions/new",
                    {"text": "Prepare a story about leading", "category_id": str(leadership)})
    assert response.status_code == 302
    (item,) = fetch_all(app, select(ActionItem))
    assert (item.owner_id, item.interview_id, item.category_id) == (member.id, None, leadership)
    assert item.text == "Prepare a story about leading"


def test_add_bad_input(app, member, other_member, member_client):
    response = send(member_client, "/actions/new", "/actions/new")  # nothing typed
    assert "Write down what you want to do." in response.get_data(as_text=True)
    response = send(member_client, "/actions/new", "/actions/new", {"text": "y" * 501})
    page = response.get_data(as_text=True)
    assert "500 characters or fewer" in page and "y" * 501 in page
    foreign = category_id(app, other_member.id)  # no page offers it: only a forged post sends it
    response = member_client.post("/actions/new", data={"text": "Mine", "category_id": str(foreign)})
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert fetch_all(app, select(ActionItem)) == []


def test_edit_text_and_category(app, member, member_client):
    item_id = make_action(app, member.id, "Old text", category_id=category_id(app, member.id))
    edit = f"/actions/{item_id}/edit"
    page = member_client.get(edit).get_data(as_text=True)
    assert "Old text" in page
    response = send(member_client, edit, edit, {"text": "New text", "category_id": "0"})
    assert response.status_code == 302
    saved = fetch(app, ActionItem, item_id)
    assert (saved.text, saved.category_id) == ("New text", None)


def test_edit_bad_input_keeps_typed_text(app, member, member_client):
    item_id = make_action(app, member.id, "Old text")
    response = member_client.post(
        f"/actions/{item_id}/edit", data={"text": "New & typed", "category_id": "12345"}
    )
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page and "New &amp; typed" in page
    assert fetch(app, ActionItem, item_id).text == "Old text"


def test_delete_asks_first(app, member, member_client):
    item_id = make_action(app, member.id, "Gone soon")
    page = member_client.get(f"/actions/{item_id}/delete").get_data(as_text=True)
    assert "Delete this action item?" in page and "Gone soon" in page
    assert fetch(app, ActionItem, item_id) is not None
    response = send(member_client, f"/actions/{item_id}/delete", f"/actions/{item_id}/delete")
    assert response.status_code == 302
    assert fetch(app, ActionItem, item_id) is None


def test_delete_without_csrf_is_refused(app, member, member_client):
    item_id = make_action(app, member.id, "Stays")
    assert member_client.post(f"/actions/{item_id}/delete", data={}, csrf=False).status_code == 400
    assert fetch(app, ActionItem, item_id) is not None


ROUTES = [
    ("get", "/actions", None),
    ("get", "/actions/new", None),
    ("post", "/actions/new", {"text": "x", "category_id": "0"}),
    ("get", "/actions/{id}/edit", None),
    ("post", "/actions/{id}/edit", {"text": "Changed", "category_id": "0"}),
    ("post", "/actions/{id}/toggle", {"done": "1"}),
    ("get", "/actions/{id}/delete", None),
    ("post", "/actions/{id}/delete", {}),
]


@pytest.mark.parametrize("method, path, data", ROUTES)
def test_anonymous_visitor_is_sent_to_login(app, member, method, path, data):
    client = app.test_client()
    item_id = make_action(app, member.id, "Mine")
    response = getattr(client, method)(path.format(id=item_id), data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    saved = fetch(app, ActionItem, item_id)
    assert (saved.text, saved.done_at) == ("Mine", None)


@pytest.mark.parametrize("method, path, data", [r for r in ROUTES if "{id}" in r[1]])
def test_another_member_gets_404_and_changes_nothing(app, member, other_client, method, path, data):
    item_id = make_action(app, member.id, "Mine")
    response = getattr(other_client, method)(path.format(id=item_id), data=data)
    assert response.status_code == 404
    saved = fetch(app, ActionItem, item_id)
    assert (saved.text, saved.done_at) == ("Mine", None)


def test_another_members_items_are_not_listed(app, member, other_client):
    make_action(app, member.id, "Mia's secret plan")
    for show in ("open", "done", "all"):
        assert "secret plan" not in other_client.get(f"/actions?show={show}").get_data(as_text=True)


def test_long_lists_come_in_pages(app, member, member_client):
    with app.app_context():
        for number in range(PER_PAGE + 1):
            db.session.add(ActionItem(owner_id=member.id, text=f"Item number {number:03d}"))
        db.session.commit()
    first = member_client.get("/actions").get_data(as_text=True)
    assert "Item number 000" in first and f"Item number {PER_PAGE:03d}" not in first
    assert "Next page" in first
    second = member_client.get("/actions?show=open&page=2").get_data(as_text=True)
    assert f"Item number {PER_PAGE:03d}" in second and "Item number 000" not in second
    assert "Previous page" in second and "Next page" not in second


def test_a_stale_action_item_edit_is_refused(app, member, member_client):
    item_id = make_action(app, member.id, "Old text")
    edit = f"/actions/{item_id}/edit"
    stale_tab = form_to(member_client, edit, edit)
    send(member_client, "/actions", f"/actions/{item_id}/toggle")  # another tab marks it done
    response = submit(member_client, stale_tab,
                      stale_tab.submission(changes={"text": "Typed in a stale tab"}))
    assert response.status_code == 409
    assert "Typed in a stale tab" in response.get_data(as_text=True)
    saved = fetch(app, ActionItem, item_id)
    assert saved.text == "Old text" and saved.done_at is not None


def test_the_day_an_item_was_done_is_the_members_local_day(app, member, member_client, monkeypatch):
    """done_at is stored in UTC; 23:30 UTC on 14 March is already 15 March in Auckland."""
    import time
    from datetime import datetime

    item_id = make_action(app, member.id, "Done late in the evening")
    with app.app_context():
        db.session.get(ActionItem, item_id).done_at = datetime(2026, 3, 14, 23, 30)
        db.session.commit()
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    try:
        page = member_client.get("/actions?show=done").get_data(as_text=True)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "done 15 Mar 2026" in page
