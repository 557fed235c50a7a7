"""The insights in a real browser: the dashboard's recurring red alert and weak area, and the
prep sheet printed to PDF by Chromium."""

import io
import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from tests.browser.pages import log_in
from tests.conftest import make_person
from tests.test_insights import add_interview, add_question

pypdf = pytest.importorskip("pypdf", reason="the PDF check needs pypdf (the test extra)")


@pytest.fixture
def mia(app):
    """A member whose two interviews both missed company research, with weak leadership answers."""
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    person = make_person(app, "mia@example.test", "Mia Member")
    now = datetime.now()
    with app.app_context():
        first = add_interview(person.id, now - timedelta(days=12), company="Northwind",
                              researched_company=False, forgotten=("Who would I report to?",),
                              went_well=("Explained my data project clearly",))
        second = add_interview(person.id, now - timedelta(days=3), company="Contoso",
                               researched_company=False)
        add_question(person.id, first, "Leadership", 1, text="Tell me about leading a team",
                     better_answer="Start with the migration I led: goal, people, result.")
        add_question(person.id, second, "Leadership", 2, text="How do you give feedback?")
        add_interview(person.id, now + timedelta(days=2), company="Fabrikam", debriefed=False)
        db.session.commit()
    return person


def test_dashboard_shows_the_recurring_red_alert_and_the_weak_area(page: Page, mia):
    log_in(page, mia.email)
    page.goto("/dashboard")
    habits = page.locator("article", has=page.get_by_role("heading", name="Habits to fix"))
    line = habits.locator("summary", has_text="Did not research the company")
    expect(line).to_contain_text("2 of the last 2")
    # The advice is behind the one-line summary, shown on demand.
    advice = habits.get_by_text("Read the company's site")
    expect(advice).to_be_hidden()
    line.click()
    expect(advice).to_be_visible()
    weak = page.get_by_role("table", name="Weak areas, weakest first")
    expect(weak.get_by_role("rowheader", name="Leadership")).to_be_visible()
    expect(weak.get_by_role("row", name=re.compile("Leadership"))).to_contain_text("1.5")
    # The rating chart has a text equivalent for screen readers.
    expect(page.get_by_role("img", name=re.compile("Average self-rating per interview"))).to_be_visible()


def test_dashboard_fits_a_phone(page: Page, mia):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, mia.email)
    page.goto("/dashboard")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_prep_sheet_prints_to_one_or_two_pages(page: Page, mia):
    log_in(page, mia.email)
    page.goto("/prep")
    expect(page.get_by_role("heading", name="Prep sheet")).to_be_visible()
    expect(page.get_by_role("button", name="Print this sheet")).to_be_visible()
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "For Fabrikam" in text
    assert "Did not research the company" in text
    assert "Tell me about leading a team" in text
    assert "Start with the migration I led" in text
    assert "Who would I report to?" in text
    assert "Explained my data project clearly" in text
    # No navigation and no buttons on paper.
    assert "Log out" not in text and "Print this sheet" not in text


def test_a_full_prep_sheet_still_prints_on_two_pages_at_most(page: Page, app):
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    busy = make_person(app, "bo@example.test", "Bo Busy")
    now = datetime.now()
    every_miss = dict(on_time=False, dressed_appropriately=False, researched_company=False,
                      researched_role=False, prepared_questions=False, sold_short=True,
                      negative_tone=True)
    answer = ("Situation, task, action, result: the payments migration, three teams, "
              "weekly demos, shipped two weeks early and cut incidents by half. ") * 2
    with app.app_context():
        for day in range(5):
            interview = add_interview(
                busy.id, now - timedelta(days=10 * day + 1), company=f"Company {day}",
                forgotten=tuple(f"Question I forgot number {day}-{n}?" for n in range(2)),
                went_well=tuple(f"Something that went well, {day}-{n}" for n in range(2)),
                **every_miss,
            )
            for n in range(2):
                add_question(busy.id, interview, "Leadership", 1, froze=True,
                             text=f"Tell me about a time you led a team through change ({day}-{n})",
                             better_answer=answer)
        db.session.commit()
    log_in(page, busy.email)
    page.goto("/prep")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Arrived late" in text and "Question I forgot number" in text
