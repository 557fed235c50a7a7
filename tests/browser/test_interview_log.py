"""The interview log in a real browser: log an interview with three questions, then find it."""

import re

from playwright.sync_api import Page, expect

from tests.browser.pages import log_in
from tests.conftest import make_person

QUESTIONS = [
    ("Tell me about yourself.", "Introduction", "Walked through my CV in order.", "4 · good"),
    ("What is your biggest weakness?", "Strengths and weaknesses",
     "I said perfectionism, which sounded rehearsed.", "2 · weak"),
    ("How would you find duplicate customers?", "Technical and skills",
     "Grouped by a normalised email, then compared names with a trigram index.", "5 · strong"),
]


def test_log_an_interview_with_three_questions_then_find_it(page: Page, app):
    make_person(app, "ada@example.com", "Ada Admin", "admin")
    make_person(app, "mia@example.com", "Mia Member")
    log_in(page, "mia@example.com")

    page.get_by_role("link", name="Interviews", exact=True).click()
    page.get_by_role("button", name="Log an interview").first.click()
    page.get_by_label("Company").fill("Northwind Traders")
    page.get_by_label("Role or position").fill("Data analyst")
    page.get_by_label("Date and time").fill("2026-03-14T09:30")
    page.get_by_label("Stage").select_option(label="Technical")
    # JavaScript offers a fourth interviewer row; the first row is enough here.
    page.get_by_role("button", name="Add another interviewer").click()
    expect(page.locator("#interviewers-3-name")).to_be_focused()
    page.locator("#interviewers-0-name").fill("Priya Raman")
    page.locator("#interviewers-3-name").fill("Tom Okafor")
    page.get_by_label("Job posting link").fill("https://northwind.example/jobs/42")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Interview at Northwind Traders saved.")).to_be_visible()

    # Wherever saving led (its page, or its debrief), reach the interview from the list.
    page.goto("/interviews")
    page.get_by_role("link", name="Northwind Traders").click()
    expect(page.get_by_text("Tom Okafor")).to_be_visible()
    page.get_by_role("button", name="Add questions").click()

    for number, (text, category, answer, rating) in enumerate(QUESTIONS, start=1):
        expect(page.get_by_role("heading", name=f"Question {number}")).to_be_visible()
        question_box = page.get_by_label("Question, as it was asked")
        if number > 1:  # after "Save and add another", the cursor is back in the box
            expect(question_box).to_be_focused()
        question_box.fill(text)
        page.get_by_label("Category").select_option(label=category)
        page.get_by_label("What you answered").fill(answer)
        page.get_by_label(rating).check()
        last = number == len(QUESTIONS)
        page.get_by_role("button", name="Save and finish" if last else "Save and add another").click()
        if not last:
            expect(page.get_by_role("heading", name=f"So far ({number})")).to_be_visible()

    expect(page).to_have_url(re.compile(r"/interviews/\d+#question-\d+$"))
    expect(page.get_by_role("heading", name="Questions asked (3)")).to_be_visible()

    page.goto("/interviews")
    page.get_by_label("Search everything you wrote").fill("trigram")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search\?q=trigram"))
    expect(page.locator("mark", has_text="trigram")).to_be_visible()
    expect(page.get_by_text("Your answer")).to_be_visible()
    expect(page.get_by_text("How would you find duplicate customers?")).to_be_visible()
    page.get_by_role("link", name="Asked at Northwind Traders").click()
    expect(page.get_by_role("heading", name="Northwind Traders")).to_be_visible()
