"""The dashboard at a glance, in Chromium: the demo member's habit grid as the data says, the
first two screens of a phone, and an action item ticked in place with an undo."""

from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from app import clock, insights
from app.extensions import db
from app.models import ActionItem
from tests.browser.pages import log_in
from tests.conftest import make_person
from tests.stored_rows import DEMO_PASSWORD, demo_member
from tests.test_insights import add_interview

PHONE = {"width": 390, "height": 844}


def test_the_habit_grid_marks_what_the_demo_debriefs_hold(page: Page, app, runner):
    """Every mark of the grid is a sign the demo history holds, and every such sign is marked."""
    demo = demo_member(app, runner)
    with app.app_context():
        columns = insights.habit_grid(demo.id, clock.now())
    expected = {
        (sign.label, column.interview.id)
        for column in columns for sign in insights.SIGNS if sign.key in column.happened
    }
    assert len(columns) == insights.GRID_SIZE and expected
    log_in(page, demo.email, DEMO_PASSWORD)
    page.goto("/dashboard")
    grid = page.locator("table.habit-grid")
    marks = set()
    for row in grid.locator("tbody tr").all():
        label = row.locator("th .visually-hidden").inner_text().strip()
        for link in row.locator("td.mark a").all():
            marks.add((label, int(link.get_attribute("href").split("/")[2])))
    assert marks == expected
    # A mark opens that interview's debrief.
    label, interview_id = sorted(expected)[0]
    grid.locator("tbody tr", has=page.get_by_role("rowheader", name=label, exact=True)).locator(
        f'a[href="/interviews/{interview_id}/debrief"]').click()
    expect(page).to_have_url(f"/interviews/{interview_id}/debrief")


def test_a_phone_sees_the_next_interview_the_grid_and_the_to_dos_first(page: Page, app, runner):
    """At 390 px: nothing wider than the screen, and the three blocks within two screens."""
    demo = demo_member(app, runner)
    with app.app_context():
        add_interview(demo.id, datetime.now() + timedelta(days=2), company="Phone Co",
                      debriefed=False)
        db.session.commit()
    log_in(page, demo.email, DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/dashboard")
    too_wide = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter((element) => element.checkVisibility())
            .filter((element) => element.getBoundingClientRect().right > width + 0.5)
            .map((element) => element.tagName + '.' + element.className)""",
        PHONE["width"],
    )
    assert too_wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    two_screens = 2 * PHONE["height"]
    for block in (".next-interview", "table.habit-grid", "#todo-heading"):
        top = page.locator(block).bounding_box()["y"]
        assert top < two_screens, f"{block} starts at {top} px"
    assert page.locator(".next-interview").bounding_box()["y"] < PHONE["height"]
    expect(page.locator(".next-interview")).to_contain_text("Phone Co")


def test_an_action_item_is_ticked_in_place_and_undone(page: Page, app):
    """With JavaScript the list updates without leaving the page; undo brings the item back."""
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    mia = make_person(app, "mia@example.test", "Mia Member")
    with app.app_context():
        add_interview(mia.id, datetime.now() - timedelta(days=3), company="Northwind")
        db.session.add(ActionItem(owner_id=mia.id, text="Prepare a failure story"))
        db.session.commit()
    log_in(page, mia.email)
    page.goto("/dashboard")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Mark done: Prepare a failure story").click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text("Done: “Prepare a failure story”")
    assert page.evaluate("window.notReloaded") is True  # updated in place
    with app.app_context():
        assert db.session.query(ActionItem).one().done_at is not None
    undo.click()
    expect(page.get_by_role("button", name="Mark done: Prepare a failure story")).to_be_visible()
    with app.app_context():
        assert db.session.query(ActionItem).one().done_at is None
