"""Calibration in a real browser: a coach rates a member's answers, the member sees both ratings
on the interview page and, once 3 answers of a category are coach-rated, the self-rating beside
the coach's in the weak-area table, readable on a desktop and at 375 px, light and dark.

The weak-area table is photographed at each size and scheme into $DEBRIEF_SCREENSHOTS (a
folder; the test's own temporary folder when unset), so that a person can look at it."""

import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Interview, Question, Role
from tests.browser.pages import log_in
from tests.coaching_factories import make_grant
from tests.conftest import make_person

SIZES = (("desktop", 1366, 900), ("phone", 375, 812))


def log_out(page: Page) -> None:
    """Log out through the navigation."""
    page.get_by_role("button", name="Log out").click()


def weak_interview(app, owner_id: int) -> int:
    """A past interview with three behavioural answers the member rated 2; its id."""
    with app.app_context():
        behavioural = db.session.scalar(select(Category.id).where(
            Category.owner_id == owner_id, Category.name == "Behavioural"))
        interview = Interview(owner_id=owner_id, company="Globex", role_title="Analyst",
                              occurred_at=datetime.now().replace(microsecond=0) - timedelta(days=2))
        interview.questions = [
            Question(owner_id=owner_id, position=n, text=text, rating=2, category_id=behavioural)
            for n, text in enumerate(["Tell me about a conflict.", "A time you failed?",
                                      "A time you led without authority?"])
        ]
        db.session.add(interview)
        db.session.commit()
        return interview.id


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go."""
    folder = Path(os.environ.get("DEBRIEF_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_coach_rates_and_the_member_sees_both_ratings(page: Page, app, browser, base_url, shots):
    make_person(app, "ada@example.test", "Ada Admin", Role.ADMIN)
    mia = make_person(app, "mia@example.test", "Mia Member")
    cora = make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    make_grant(app, mia.id, cora.id)
    interview_id = weak_interview(app, mia.id)

    # The coach opens the member's interview and rates each answer, the last one twice.
    log_in(page, cora.email)
    page.get_by_role("link", name="Coaching").first.click()
    page.get_by_role("link", name="Mia Member").first.click()
    page.get_by_role("navigation", name="Mia Member’s pages").get_by_role("link", name="Interviews").click()
    page.get_by_role("link", name=re.compile("Globex")).first.click()
    for number, label in ((1, "4 · good"), (2, "5 · strong"), (3, "3 · fair"), (3, "4 · good")):
        page.get_by_role("group", name=f"Your rating of answer {number}").get_by_label(label).check()
        page.get_by_role("button", name=re.compile(rf"^(Save|Change) rating of answer {number}$")).click()
        expect(page.get_by_text("Rating saved")).to_be_visible()
    expect(page.get_by_text("You: 4/5")).to_have_count(2)
    log_out(page)

    # The member sees their rating beside the coach's, and the comparison in the weak areas.
    log_in(page, mia.email)
    page.goto(f"/interviews/{interview_id}")
    expect(page.get_by_text("Coach (Cora Coach): 5")).to_be_visible()
    expect(page.locator("#questions .question-meta").first).to_contain_text("You: 2")
    expect(page.locator("#questions .question-meta").first).to_contain_text("Coach (Cora Coach): 4")
    page.goto("/dashboard")
    row = page.get_by_role("row", name=re.compile("Behavioural"))
    expect(row).to_contain_text("You 2.0 · Coach 4.3")
    expect(page.get_by_text("People who practise with a coach tend to rate themselves lower")).to_be_visible()

    # Readable at every size, light and dark: photographed for a person to look at.
    for scheme in ("light", "dark"):
        for name, width, height in SIZES:
            context = browser.new_context(base_url=base_url, color_scheme=scheme,
                                          viewport={"width": width, "height": height})
            sized = context.new_page()
            log_in(sized, mia.email)
            sized.goto("/dashboard")
            table = sized.locator("section.weak-section")
            cell = table.locator("td.calibration").first
            expect(cell).to_be_visible()
            table.screenshot(path=shots / f"weak-areas-coach-{name}-{scheme}.png")
            # The table and its note stay within the page: no sideways scrolling for them.
            right = table.evaluate(
                "section => Math.max(...[section, ...section.querySelectorAll('*')]"
                ".map(element => element.getBoundingClientRect().right))")
            assert right <= width
            context.close()
