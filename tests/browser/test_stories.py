"""The story bank in a real browser: write a story, link it to a question, find it on the prep sheet."""

import re
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Interview, Question
from tests.browser.pages import log_in
from tests.conftest import make_person


def interview_with_questions(app, owner_id: int, company: str, days: int, questions=()) -> None:
    """An interview `days` from now with (text, category name, rating) questions."""
    with app.app_context():
        categories = {c.name: c.id for c in db.session.scalars(select(Category).where(Category.owner_id == owner_id))}
        interview = Interview(owner_id=owner_id, company=company, role_title="Analyst",
                              occurred_at=datetime.now().replace(microsecond=0) + timedelta(days=days))
        interview.questions = [
            Question(owner_id=owner_id, position=n, text=text, category_id=categories[category], rating=rating)
            for n, (text, category, rating) in enumerate(questions)
        ]
        db.session.add(interview)
        db.session.commit()


def test_write_a_story_link_it_and_see_it_on_the_prep_sheet(page: Page, app):
    make_person(app, "ada@example.com", "Ada Admin", "admin")
    mia = make_person(app, "mia@example.com", "Mia Member")
    # Behavioural is a weak area (two answers rated 1-2); the next interview is with Acme again.
    interview_with_questions(app, mia.id, "Acme Robotics", -6, [
        ("Tell me about a conflict with a colleague.", "Behavioural", 1),
        ("Describe a project that failed.", "Behavioural", 2),
    ])
    interview_with_questions(app, mia.id, "Acme Robotics", 4)
    log_in(page, "mia@example.com")

    page.get_by_role("link", name="Stories", exact=True).first.click()
    expect(page.get_by_role("heading", name="Story bank")).to_be_visible()
    expect(page.get_by_text("Behavioural").first).to_be_visible()  # a weak area without a story
    page.get_by_role("button", name="Write a story").click()
    page.get_by_label("Title").fill("The metrics glossary")
    page.get_by_label("Situation", exact=True).fill("Two teams used the same word for different numbers.")
    page.get_by_label("Task", exact=True).fill("Get one definition everyone signs up to.")
    page.get_by_label("Action", exact=True).fill("I interviewed both leads and wrote a shared glossary.")
    page.get_by_label("Result", exact=True).fill("One dashboard instead of two; no more arguments in reviews.")
    page.get_by_label("What I learned", exact=True).fill("Agree on words before numbers.")
    # The tag is ticked from the keyboard.
    page.get_by_label("Behavioural", exact=True).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Behavioural", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save story").click()
    expect(page.get_by_text("Story saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="The metrics glossary")).to_be_visible()
    expect(page.get_by_text("Not told in an interview yet.")).to_be_visible()

    page.get_by_role("button", name="Link questions").click()
    page.get_by_label("Find questions by their words, or by the company").fill("conflict")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label("Describe a project that failed.")).to_have_count(0)
    page.get_by_label("Tell me about a conflict with a colleague.").check()
    page.get_by_role("button", name="Link the ticked questions").click()
    expect(page.get_by_text("Linked 1 question to the story.")).to_be_visible()
    expect(page.get_by_text("Told 1 time: Acme Robotics.")).to_be_visible()
    expect(page.get_by_text("Already told to Acme Robotics")).to_be_visible()

    page.get_by_role("link", name="Prep sheet", exact=True).first.click()
    stories = page.locator("section.prep-stories")
    expect(stories.get_by_role("heading", name="Stories to tell")).to_be_visible()
    expect(stories.get_by_role("link", name="The metrics glossary")).to_be_visible()
    expect(stories.get_by_text(re.compile(r"already told at Acme Robotics"))).to_be_visible()
    expect(stories.get_by_text("One dashboard instead of two; no more arguments in reviews.")).to_be_visible()
