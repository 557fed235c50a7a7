"""Their data is theirs, end to end in a real browser: a member with a year of history exports
everything from "Your data", deletes their account there, is invited again by an admin, joins
through the link, imports the file they downloaded (preview, then confirm), and finds the same
dashboard as before, and their coach's comments back as read-only history."""

import json
import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Interview, User
from tests.browser.pages import log_in
from tests.coaching_history import add_coaching_history
from tests.conftest import make_person
from tests.stored_rows import DEMO_PASSWORD, demo_member

NEW_PASSWORD = re.compile(r"^Password(?! again)")
JOINED_PASSWORD = "seven green apples"


def dashboard_text(page: Page) -> str:
    """The dashboard's main content as the member reads it (opened afresh: no flashed message)."""
    page.goto("/dashboard")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page.locator("main").inner_text()


def debrief_thread_text(page: Page, app, email: str, uid: str) -> str:
    """The comment thread on the debrief of the account's interview with this uid."""
    with app.app_context():
        interview_id = db.session.scalar(
            select(Interview.id).join(User, User.id == Interview.owner_id)
            .where(User.email == email, Interview.uid == uid))
    page.goto(f"/interviews/{interview_id}/debrief")
    thread = page.locator("section.comments").first
    expect(thread).to_be_visible()
    return thread.inner_text()


def test_export_delete_join_again_and_import_gives_the_same_dashboard(page: Page, app, runner, tmp_path):
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    dana = demo_member(app, runner)
    add_coaching_history(app, dana.id)
    log_in(page, dana.email, DEMO_PASSWORD)
    before = dashboard_text(page)
    # The demo year is there to compare: habits, to-dos, action items, trends, what went well.
    assert "Habits to fix" in before and "Action items" in before and len(before) > 2000

    # Export: the JSON download of "Your data".
    page.goto("/data/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".json"
    document = json.loads(saved.read_bytes())
    assert len(document["interviews"]) == 33
    first_uid = document["interviews"][0]["uid"]
    thread_before = debrief_thread_text(page, app, dana.email, first_uid)

    # Delete the account there, typing the password again.
    page.goto("/data/")
    page.get_by_role("button", name="Delete my account…").click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    expect(page.get_by_text("33 interviews")).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_text("Your account and everything in it are deleted")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))

    # The admin invites the same person again.
    log_in(page, "ada@example.test")
    page.goto("/admin/")
    page.get_by_label("Who it is for").fill(f"Dana again ({dana.email})")
    page.get_by_role("button", name="Create invite link").click()
    link = page.get_by_label("Invite link").input_value()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    # They join through the link, with the same name and email, and start empty.
    page.goto(link)
    expect(page.get_by_role("heading", name="Join Debrief")).to_be_visible()
    page.get_by_label("Your name").fill(dana.name)
    page.get_by_label("Email").fill(dana.email)
    page.get_by_label(NEW_PASSWORD).fill(JOINED_PASSWORD)
    page.get_by_label("Password again").fill(JOINED_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Welcome to Debrief, {dana.name}.")).to_be_visible()
    assert dashboard_text(page) != before

    # Import the downloaded file: the preview first, then the confirmation.
    page.goto("/data/")
    json_import = page.get_by_role("article", name="A Debrief export")
    json_import.get_by_label("Debrief export (.json)").set_input_files(saved)
    json_import.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    interviews_row = page.get_by_role("row", name=re.compile(r"^Interviews"))
    expect(interviews_row.get_by_role("cell").first).to_have_text("33")
    expect(page.get_by_role("row", name=re.compile(r"^Comments")).get_by_role("cell").first).to_have_text("4")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    # The whole of the dashboard's main text, nothing ignored: the same words, figures, dates
    # and order. (Only the links differ, unseen: the interviews have new ids.)
    after = dashboard_text(page)
    assert after == before
    # The coach's comments and the member's reply are back, marked as imported history: the
    # only difference in the thread, and nothing in it can be edited any more.
    thread_after = debrief_thread_text(page, app, dana.email, first_uid)
    assert thread_after.count("(imported)") == 2 and "Edit or delete" not in thread_after
    assert thread_after.replace("\n(imported)", "") == thread_before.replace(
        "\n\nEdit or delete\nthis comment\n\n", "\n")
