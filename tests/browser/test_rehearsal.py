"""Rehearsal in Chromium: three cards rehearsed with the keyboard alone (Space shows the answer,
1 to 4 grade it), and the same without JavaScript, by the link and the buttons."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import PracticeCard, PracticeReview
from app.rehearsal.agenda import add_new_cards, build_agenda
from tests.browser.pages import log_in
from tests.browser.test_accessibility import serious_violations
from tests.conftest import make_person
from tests.test_insights import add_interview, add_question


@pytest.fixture
def rehearser(app):
    """A member with three weak answers as rehearsal cards, due now."""
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    person = make_person(app, "mia@example.test", "Mia Member")
    with app.app_context():
        interview = add_interview(person.id, datetime.now() - timedelta(days=4), company="Northwind")
        for rating, text, better in ((1, "Tell me about leading a team", "The migration I led."),
                                     (1, "How do you handle conflict?", "Listen, then restate."),
                                     (2, "Why do you want this role?", "The product, the team.")):
            add_question(person.id, interview, "Leadership", rating, text=text, better_answer=better)
        db.session.commit()
        add_new_cards(build_agenda(person.id, clock.now()))
        db.session.commit()
    return person


def grades_of(app, owner_id: int) -> list[tuple[str, int]]:
    """(card text, rating) of every grade the member gave, in order."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(PracticeCard.text, PracticeReview.rating)
            .join(PracticeCard, PracticeCard.id == PracticeReview.card_id)
            .where(PracticeReview.owner_id == owner_id).order_by(PracticeReview.id))]


def test_three_cards_rehearsed_with_the_keyboard_only(page: Page, app, rehearser):
    log_in(page, rehearser.email)
    page.goto("/rehearse")
    prompts = []
    for key in ("3", "4", "1"):
        prompt = page.locator("#card-prompt")
        prompts.append(prompt.inner_text())
        answer = page.locator("[data-answer]")
        expect(answer).to_be_hidden()
        page.keyboard.press(" ")
        expect(answer).to_be_visible()
        expect(page.locator("#answer-heading")).to_be_focused()
        with page.expect_navigation():
            page.keyboard.press(key)
        expect(page.locator(".flash-success")).to_contain_text(
            {"3": "Good", "4": "Easy", "1": "Again"}[key] + ": this card comes back")
    assert grades_of(app, rehearser.id) == [(prompts[0], 3), (prompts[1], 4), (prompts[2], 1)]
    assert sorted(prompts) == ["How do you handle conflict?", "Tell me about leading a team",
                               "Why do you want this role?"]
    # Graded Again: back within the minute, so nothing is due just now.
    expect(page.get_by_role("heading", name="Nothing due now")).to_be_visible()


def test_keys_do_nothing_before_the_answer_is_shown_and_grade_once(page: Page, app, rehearser):
    log_in(page, rehearser.email)
    page.goto("/rehearse")
    page.keyboard.press("3")  # not shown yet: no grade
    page.keyboard.press(" ")
    with page.expect_navigation():
        page.keyboard.press("3")
        page.keyboard.press("3")  # a second press while the first is on its way sends nothing
    assert len(grades_of(app, rehearser.id)) == 1


def test_without_javascript_the_link_and_the_buttons_do_it(browser, base_url, app, rehearser):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    log_in(page, rehearser.email)
    page.goto("/rehearse")
    expect(page.locator("[data-answer]")).to_be_hidden()
    expect(page.locator("[data-key-hint]").first).to_be_hidden()  # the keys need JavaScript
    prompt = page.locator("#card-prompt").inner_text()
    page.get_by_role("button", name="Show the answer").click()
    expect(page).to_have_url(re.compile(r"/rehearse/cards/\d+/answer$"))
    expect(page.locator("[data-answer] .better-answer")).to_be_visible()
    expect(page.locator("#card-prompt")).to_have_text(prompt)
    page.get_by_role("button", name=re.compile("^Hard")).click()
    expect(page).to_have_url(re.compile(r"/rehearse$"))
    expect(page.locator(".flash-success")).to_contain_text("Hard: this card comes back")
    assert grades_of(app, rehearser.id) == [(prompt, 2)]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_card_reads_well_shown_and_revealed(page: Page, app, rehearser, scheme, width):
    """No serious accessibility problem (axe-core) on either side of a card, nothing wider than
    the screen at 375 px, and the grades' focus ring visible."""
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, rehearser.email)
    page.goto("/rehearse")
    problems = serious_violations(page)
    page.keyboard.press(" ")
    problems += serious_violations(page)
    assert not problems, "\n".join(problems)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.keyboard.press("Tab")  # from the answer's heading to the first grade
    expect(page.get_by_role("button", name=re.compile("^1 Again|^Again"))).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none"
