"""The story bank: stories, their tags and links, where they were told, the gaps, the prep sheet."""

import io
import json
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.data.deletion import account_summary
from app.data.import_plan import account_state, plan_import
from app.data.import_records import ImportProblem
from app.data.import_writing import apply_import
from app.data.json_export import write_json_export
from app.data.json_import import read_json_export
from app.extensions import db
from app.models import (
    Category,
    Interview,
    Question,
    Story,
    StoryCategory,
    StoryQuestion,
    User,
)
from tests.conftest import Person, log_in, make_person
from tests.crawler import parse_forms, send, submit
from tests.debrief_factories import category_id, fetch, fetch_all, make_assessment

# --- Rows made straight in the database --------------------------------------------------------


def ask(app, owner_id: int, company: str, questions=(), days: int = -3, role: str = "Analyst") -> tuple:
    """An interview `days` from now (past by default) with questions (text, category name or
    None, rating); its id and its questions' ids."""
    with app.app_context():
        interview = Interview(
            owner_id=owner_id, company=company, role_title=role,
            occurred_at=datetime.now().replace(microsecond=0) + timedelta(days=days),
        )
        for position, (text, category, rating) in enumerate(questions):
            interview.questions.append(Question(
                owner_id=owner_id, position=position, text=text, rating=rating,
                category_id=category_id(app, owner_id, category) if category else None,
            ))
        db.session.add(interview)
        db.session.commit()
        return interview.id, [question.id for question in interview.questions]


def make_story(app, owner_id: int, title: str = "The pricing dashboard", tags=(), questions=(),
               better=(), **parts) -> int:
    """A story tagged with these category names and linked to these question ids; its id."""
    with app.app_context():
        story = Story(owner_id=owner_id, title=title, situation=parts.get("situation", "A dashboard."),
                      task="Get it right.", action="I built both views.",
                      result=parts.get("result", "Sales used it."), learned="Bring evidence.")
        story.tags = [StoryCategory(category_id=category_id(app, owner_id, name), owner_id=owner_id)
                      for name in tags]
        story.links = [StoryQuestion(question_id=q, owner_id=owner_id, better_answer=q in better)
                       for q in questions]
        db.session.add(story)
        db.session.commit()
        return story.id


def links_of(app, story_id: int) -> dict[int, bool]:
    """The story's links now: question id to whether it is the better answer."""
    rows = fetch_all(app, select(StoryQuestion).where(StoryQuestion.story_id == story_id))
    return {row.question_id: row.better_answer for row in rows}


def tags_of(app, story_id: int) -> set[str]:
    """The names of the categories the story is tagged with now."""
    with app.app_context():
        return set(db.session.scalars(
            select(Category.name).join(StoryCategory, StoryCategory.category_id == Category.id)
            .where(StoryCategory.story_id == story_id)))


def form_with(client, url: str, having: str):
    """The form of a page that has a field `having`, parsed as a browser sees it."""
    response = client.get(url)
    assert response.status_code == 200, url
    for form in parse_forms(url, response.get_data(as_text=True)):
        if form.named(having):
            return form
    raise AssertionError(f"no form with {having!r} on {url}")


def error_of(html: str, field: str) -> str:
    """The message next to a field (the form macro's `<field>-error`), or ""."""
    marker = f'id="{field}-error" class="field-error">'
    start = html.find(marker)
    return "" if start < 0 else html[start + len(marker):html.find("<", start + len(marker))]


# --- The bank -----------------------------------------------------------------------------------


def test_the_bank_lists_stories_with_tags_and_where_they_were_told(app, member, member_client):
    _acme, (q1, q2) = ask(app, member.id, "Acme", [("Why us?", None, 3), ("A conflict?", None, 2)])
    _acme_again, (q3,) = ask(app, member.id, " acme ", [("A failure?", None, 3)], days=-10)
    _globex, (q4,) = ask(app, member.id, "Globex", [("Lead?", None, 4)], days=-20)
    make_story(app, member.id, "Pricing <dashboard>", tags=["Behavioural", "Leadership"],
               questions=[q1, q2, q3, q4])
    make_story(app, member.id, "The intern", tags=[])
    page = member_client.get("/stories").get_data(as_text=True)
    assert "Pricing &lt;dashboard&gt;" in page and "Pricing <dashboard>" not in page
    assert '<span class="tag">Behavioural</span>' in page and '<span class="tag">Leadership</span>' in page
    # Used 4 times: 3 at Acme (however the name was typed), once at Globex.
    assert "Told 4 times:" in page and "Acme (3×), Globex." in page
    assert "Not told in an interview yet." in page and "No kind of question ticked yet." in page
    assert 'href="/stories/new"' in page
    # The navigation leads here, right after Rehearse.
    nav = page[page.index('class="nav-links nav-wide"'):]
    assert nav.index("/rehearse") < nav.index('href="/stories"') < nav.index("/search")


def test_a_story_already_told_to_the_next_interviews_company_is_flagged(app, member, member_client):
    _past, (told,) = ask(app, member.id, "Acme Robotics", [("Tell me about yourself.", None, 4)], days=-30)
    _other, (elsewhere,) = ask(app, member.id, "Globex", [("Why us?", None, 4)], days=-20)
    ask(app, member.id, "ACME robotics", days=5)  # the next interview
    ask(app, member.id, "Globex", days=9)  # a later one: no warning for it
    flagged = make_story(app, member.id, "The churn analysis", questions=[told])
    make_story(app, member.id, "The pricing dashboard", questions=[elsewhere])
    page = member_client.get("/stories").get_data(as_text=True)
    assert "1 of your stories was already told there:</strong> The churn analysis." in page
    assert page.count("Already told to Acme Robotics") == 1
    assert page.count('class="story-card is-told"') == 1
    story_page = member_client.get(f"/stories/{flagged}").get_data(as_text=True)
    assert "Already told to Acme Robotics" in story_page and "where your next interview is" in story_page


def test_no_warning_without_an_upcoming_interview_or_when_it_is_elsewhere(app, member, member_client):
    _past, (told,) = ask(app, member.id, "Acme", [("Why us?", None, 4)])
    make_story(app, member.id, "The churn analysis", questions=[told])
    page = member_client.get("/stories").get_data(as_text=True)
    assert "Already told to" not in page and "Your next interview" not in page
    ask(app, member.id, "Initech", days=3)
    page = member_client.get("/stories").get_data(as_text=True)
    assert "None of your stories was told there yet." in page and "Already told to" not in page


def test_categories_without_a_story_weak_ones_first(app, member, member_client):
    # Salary and logistics is weak (two answers rated 1), Motivation weaker still (and frozen on).
    ask(app, member.id, "Acme", [("Salary?", "Salary and logistics", 2), ("Start?", "Salary and logistics", 2),
                                 ("Why us?", "Motivation", 1), ("Why now?", "Motivation", 1),
                                 ("Lead?", "Leadership", 2), ("Team?", "Leadership", 1)])
    make_story(app, member.id, "Leading the intern", tags=["Leadership"])
    page = member_client.get("/stories").get_data(as_text=True)
    gaps = page[page.index('id="gaps-heading"'):]
    weak = gaps[:gaps.index("Also without a story:")]
    assert weak.index("Motivation") < weak.index("Salary and logistics")
    assert weak.count("Weak area") == 2 and "Leadership" not in gaps
    others = gaps[gaps.index("Also without a story:"):]
    assert "Introduction" in others and "Motivation" not in others
    # "Write one" opens a new story with that category ticked.
    salary = category_id(app, member.id, "Salary and logistics")
    assert f'href="/stories/new?category={salary}"' in weak
    form = form_with(member_client, f"/stories/new?category={salary}", "title")
    assert [c.value for c in form.named("categories") if c.checked] == [str(salary)]


def test_hidden_categories_are_not_gaps(app, member, member_client):
    with app.app_context():
        for category in db.session.scalars(select(Category).where(Category.owner_id == member.id)):
            category.hidden = category.name != "Leadership"
        db.session.commit()
    page = member_client.get("/stories").get_data(as_text=True)
    gaps = page[page.index('id="gaps-heading"'):]
    assert "Leadership" in gaps and "Introduction" not in gaps
    make_story(app, member.id, "Leading", tags=["Leadership"])
    assert "Every kind of question you use has at least one story." in member_client.get("/stories").get_data(as_text=True)


# --- Writing, editing, deleting ------------------------------------------------------------------


def test_write_a_story(app, member, member_client):
    form = form_with(member_client, "/stories/new", "title")
    assert form.value("version") == "0" and [c.checked for c in form.named("categories")] == [False] * 13
    leadership = category_id(app, member.id, "Leadership")
    conflict = category_id(app, member.id, "Teamwork and culture")
    pairs = form.submission(changes={
        "title": "  The intern project  ", "situation": "An intern, no mentor.", "task": "Make it count.",
        "action": "I set three goals\nand met her weekly.", "result": "Hired a year later.",
        "learned": "Goals and time.", "categories": [str(leadership), str(conflict)],
    })
    response = submit(member_client, form, pairs)
    assert response.status_code == 302
    (story,) = fetch_all(app, select(Story))
    assert urlsplit(response.headers["Location"]).path == f"/stories/{story.id}"
    assert (story.owner_id, story.title, story.action) == (member.id, "The intern project",
                                                          "I set three goals\nand met her weekly.")
    assert (story.situation, story.task, story.result, story.learned) == (
        "An intern, no mentor.", "Make it count.", "Hired a year later.", "Goals and time.")
    assert len(story.uid) == 36
    assert tags_of(app, story.id) == {"Leadership", "Teamwork and culture"}
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Story saved." in page and "The intern project" in page and "I set three goals\nand met her weekly." in page


def test_write_a_story_bad_input_keeps_what_was_typed(app, member, other_member, member_client):
    form = form_with(member_client, "/stories/new", "title")
    response = submit(member_client, form, form.submission(changes={
        "title": "   ", "situation": "Typed <situation>", "action": "x" * 5001,
        "categories": [str(category_id(app, member.id, "Leadership"))],
    }))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_of(page, "title") == "Give the story a short title you will recognise."
    assert error_of(page, "action") == "Keep the action to 5,000 characters at most."
    assert "Typed &lt;situation&gt;" in page and "x" * 5001 in page
    resent = next(f for f in parse_forms("/stories/new", page) if f.named("title"))
    assert [c.value for c in resent.named("categories") if c.checked] == [
        str(category_id(app, member.id, "Leadership"))]
    # Another member's category is not a choice.
    response = submit(member_client, form, form.submission(changes={
        "title": "Mine", "categories": [str(category_id(app, other_member.id, "Leadership"))]}))
    assert "is not a valid choice" in error_of(response.get_data(as_text=True), "categories")
    assert fetch_all(app, select(Story)) == []


def test_write_a_story_for_a_question_links_it(app, member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("A conflict with a colleague?", "Teamwork and culture", 2)])
    form = form_with(member_client, f"/stories/new?question={question}", "title")
    assert form.value("question_id") == str(question)
    assert [c.value for c in form.named("categories") if c.checked] == [
        str(category_id(app, member.id, "Teamwork and culture"))]
    response = submit(member_client, form, form.submission(changes={"title": "The metrics glossary"}))
    assert response.status_code == 302
    (story,) = fetch_all(app, select(Story))
    assert links_of(app, story.id) == {question: False}
    assert "It is linked to the question." in member_client.get(response.headers["Location"]).get_data(as_text=True)


def test_writing_a_story_for_another_members_question_is_not_found(app, member, other_member, member_client):
    _interview, (foreign,) = ask(app, other_member.id, "Theirs", [("Their question?", None, 3)])
    assert member_client.get(f"/stories/new?question={foreign}").status_code == 404
    assert member_client.get("/stories/new?question=abc").status_code == 404
    form = form_with(member_client, "/stories/new", "title")
    response = submit(member_client, form, form.submission(changes={"title": "T", "question_id": str(foreign)}))
    assert response.status_code == 404
    assert fetch_all(app, select(Story)) == [] and fetch_all(app, select(StoryQuestion)) == []


def test_edit_a_story(app, member, member_client):
    story_id = make_story(app, member.id, "Old title", tags=["Leadership"])
    form = form_with(member_client, f"/stories/{story_id}/edit", "title")
    assert form.value("title") == "Old title" and form.value("situation") == "A dashboard."
    assert [c.value for c in form.named("categories") if c.checked] == [str(category_id(app, member.id, "Leadership"))]
    motivation = str(category_id(app, member.id, "Motivation"))
    response = submit(member_client, form, form.submission(
        changes={"title": "New title", "result": "", "categories": [motivation]}))
    assert response.status_code == 302
    story = fetch(app, Story, story_id)
    assert (story.title, story.result, story.version) == ("New title", "", 2)
    assert tags_of(app, story_id) == {"Motivation"}


def test_edit_bad_input_and_a_stale_form_change_nothing(app, member, member_client):
    story_id = make_story(app, member.id, "Old title", tags=["Leadership"])
    form = form_with(member_client, f"/stories/{story_id}/edit", "title")
    response = submit(member_client, form, form.submission(changes={"title": "", "task": "Typed task", "categories": []}))
    page = response.get_data(as_text=True)
    assert error_of(page, "title") and "Typed task" in page
    assert fetch(app, Story, story_id).title == "Old title" and tags_of(app, story_id) == {"Leadership"}
    # Saved elsewhere since the form was opened: refused, what was typed kept.
    with app.app_context():
        db.session.get(Story, story_id).title = "Changed in another tab"
        db.session.commit()
    response = submit(member_client, form, form.submission(changes={"title": "Mine"}))
    assert response.status_code == 409 and 'value="Mine"' in response.get_data(as_text=True)
    assert fetch(app, Story, story_id).title == "Changed in another tab"


def test_delete_a_story_keeps_its_questions(app, member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    story_id = make_story(app, member.id, "Going soon", tags=["Leadership"], questions=[question])
    url = f"/stories/{story_id}/delete"
    page = member_client.get(url).get_data(as_text=True)
    assert "Delete this story?" in page and "links to 1 question" in page
    assert fetch(app, Story, story_id) is not None
    response = send(member_client, url, url)
    assert response.status_code == 302 and response.headers["Location"] == "/stories"
    assert fetch(app, Story, story_id) is None
    assert fetch_all(app, select(StoryQuestion)) == [] and fetch_all(app, select(StoryCategory)) == []
    assert fetch(app, Question, question) is not None


def test_the_story_page_shows_its_parts_and_questions(app, member, member_client):
    _interview, (q1, q2) = ask(app, member.id, "Acme", [("Why us?", None, 3), ("A conflict?", None, 2)])
    story_id = make_story(app, member.id, "The pricing dashboard", tags=["Behavioural"],
                          questions=[q1, q2], better=[q2], result="")
    page = member_client.get(f"/stories/{story_id}").get_data(as_text=True)
    for text in ("The pricing dashboard", "A dashboard.", "I built both views.", "Bring evidence.",
                 "Not written yet.", "Why us?", "A conflict?", "Told 2 times:", "Acme (2×)."):
        assert text in page, text
    assert page.count("Better answer</span>") == 1
    assert f'action="/stories/{story_id}/questions/{q1}/unlink"' in page
    assert f'href="/stories/{story_id}/questions"' in page


# --- Linking stories and questions -------------------------------------------------------------


def test_link_a_story_to_questions_grouped_by_interview(app, member, member_client):
    _old, (old,) = ask(app, member.id, "Initech", [("Old question?", None, 3)], days=-40)
    _new, (a, b) = ask(app, member.id, "Globex", [("Why Globex?", None, 3), ("A failure?", "Behavioural", 2)])
    story_id = make_story(app, member.id, questions=[b])
    page = member_client.get(f"/stories/{story_id}/questions").get_data(as_text=True)
    # Newest interview first; a question already linked is not offered again.
    assert page.index("Globex · Analyst") < page.index("Initech · Analyst")
    assert f'value="{a}"' in page and f'value="{old}"' in page and f'value="{b}"' not in page
    form = form_with(member_client, f"/stories/{story_id}/questions", "question_ids")
    response = submit(member_client, form, form.submission(changes={"question_ids": [str(a), str(old)]}))
    assert response.status_code == 302
    assert links_of(app, story_id) == {a: False, b: False, old: False}
    assert "Linked 2 questions to the story." in member_client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_question_picker_searches_words_and_companies(app, member, member_client):
    _one, (salary,) = ask(app, member.id, "Acme", [("What salary do you expect?", "Salary and logistics", 2)])
    _two, (conflict,) = ask(app, member.id, "Globex", [("A 100% conflict_story?", "Behavioural", 2)])
    story_id = make_story(app, member.id)
    for search, shown, hidden in [("salary", salary, conflict), ("GLOBEX", conflict, salary),
                                  ("confl", conflict, salary), ("100%", conflict, salary),
                                  ("expect", salary, conflict)]:
        page = member_client.get(f"/stories/{story_id}/questions", query_string={"q": search}).get_data(as_text=True)
        assert f'value="{shown}"' in page and f'value="{hidden}"' not in page, search
    page = member_client.get(f"/stories/{story_id}/questions?q=zeppelin").get_data(as_text=True)
    assert "No question of yours matches “zeppelin”" in page
    # Nothing but punctuation searches for nothing: the latest questions.
    page = member_client.get(f"/stories/{story_id}/questions?q=%25_").get_data(as_text=True)
    assert f'value="{salary}"' in page and f'value="{conflict}"' in page


def test_the_question_picker_shows_the_latest_interviews_and_finds_older_ones(app, member, member_client):
    from app.stories.queries import PICKER_INTERVIEWS
    oldest, (old_question,) = ask(app, member.id, "Old Corp", [("An old question about zebras?", None, 3)], days=-400)
    for day in range(PICKER_INTERVIEWS):
        ask(app, member.id, f"Recent {day}", [(f"Recent question {day}?", None, 3)], days=-1 - day)
    story_id = make_story(app, member.id)
    page = member_client.get(f"/stories/{story_id}/questions").get_data(as_text=True)
    assert f'value="{old_question}"' not in page and "Recent question 0?" in page
    assert "Only the questions of your latest interviews are shown" in page
    page = member_client.get(f"/stories/{story_id}/questions?q=zebras").get_data(as_text=True)
    assert f'value="{old_question}"' in page and "Only the" not in page
    assert oldest


def test_linking_nothing_says_so_and_keeps_the_search(app, member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    story_id = make_story(app, member.id)
    form = form_with(member_client, f"/stories/{story_id}/questions?q=why", "question_ids")
    response = submit(member_client, form, form.submission())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_of(page, "question_ids") == "Tick at least one question to link the story to."
    assert 'value="why"' in page and f'value="{question}"' in page
    response = submit(member_client, form, form.submission(changes={"question_ids": "not-a-number"}))
    assert "Tick questions from the list." in response.get_data(as_text=True)
    assert links_of(app, story_id) == {}


def test_linking_another_members_question_is_not_found(app, member, other_member, member_client):
    _mine, (mine,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    _theirs, (theirs,) = ask(app, other_member.id, "Theirs", [("Their question?", None, 3)])
    story_id = make_story(app, member.id)
    assert f'value="{theirs}"' not in member_client.get(f"/stories/{story_id}/questions").get_data(as_text=True)
    form = form_with(member_client, f"/stories/{story_id}/questions", "question_ids")
    response = submit(member_client, form, form.submission(changes={"question_ids": [str(mine), str(theirs)]}))
    assert response.status_code == 404
    assert links_of(app, story_id) == {}


def test_unlink_a_question(app, member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    story_id = make_story(app, member.id, questions=[question], better=[question])
    form = next(f for f in parse_forms(f"/stories/{story_id}", member_client.get(f"/stories/{story_id}").get_data(as_text=True))
            if f.action.endswith("/unlink"))
    response = submit(member_client, form)
    assert response.status_code == 302 and response.headers["Location"] == f"/stories/{story_id}#questions"
    assert links_of(app, story_id) == {} and fetch(app, Question, question) is not None
    # Again, from the same page held open: nothing to unlink, said so; a foreign `next`, put in
    # the hidden field by hand, is not followed.
    tampered = form.submission(changes={"next": "https://evil.example/"})
    response = submit(member_client, form, tampered)
    assert response.headers["Location"] == f"/stories/{story_id}"
    assert "was not linked" in member_client.get(f"/stories/{story_id}").get_data(as_text=True)


def test_answer_a_question_with_a_story(app, member, member_client):
    interview_id, (question,) = ask(app, member.id, "Acme", [("A time you failed?", "Behavioural", 2)])
    first = make_story(app, member.id, "The forecasting pilot")
    second = make_story(app, member.id, "The broken pipeline")
    detail = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert f'href="/questions/{question}/stories"' in detail and "Answer with a story" in detail
    form = form_with(member_client, f"/questions/{question}/stories", "story_id")
    assert [o.label for o in form.named("story_id")[0].options] == [
        "Choose a story…", "The broken pipeline", "The forecasting pilot"]
    response = submit(member_client, form, form.submission(changes={"story_id": str(first), "better_answer": "y"}))
    assert response.headers["Location"] == f"/interviews/{interview_id}#question-{question}"
    assert links_of(app, first) == {question: True}
    # Another story as the better answer: the first stays linked, no longer the better answer.
    response = submit(member_client, form, form.submission(changes={"story_id": str(second), "better_answer": "y"}))
    assert links_of(app, first) == {question: False} and links_of(app, second) == {question: True}
    detail = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "Stories: " in detail and f'href="/stories/{second}"' in detail and "Better answer</span>" in detail
    # The same link again changes nothing and says so.
    response = submit(member_client, form, form.submission(changes={"story_id": str(first)}))
    assert response.status_code == 302 and links_of(app, first) == {question: False}


def test_answer_with_a_story_bad_input(app, member, other_member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    make_story(app, member.id, "Mine")
    theirs = make_story(app, other_member.id, "Theirs")
    form = form_with(member_client, f"/questions/{question}/stories", "story_id")
    response = submit(member_client, form, form.submission(changes={"better_answer": "y"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and error_of(page, "story_id") == "Choose one of your stories."
    resent = next(f for f in parse_forms(f"/questions/{question}/stories", page) if f.named("story_id"))
    assert resent.named("better_answer")[0].checked
    response = submit(member_client, form, form.submission(changes={"story_id": str(theirs)}))
    assert response.status_code == 404
    assert fetch_all(app, select(StoryQuestion)) == []


def test_answer_with_a_story_when_the_bank_is_empty(app, member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    page = member_client.get(f"/questions/{question}/stories").get_data(as_text=True)
    assert "Your story bank is empty." in page and f'href="/stories/new?question={question}"' in page
    assert 'name="story_id"' not in page


def test_the_question_form_points_the_better_answer_to_a_story(app, member, other_member, member_client):
    interview_id, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    url = f"/interviews/{interview_id}/questions/{question}/edit"
    assert 'name="better_story_id"' not in member_client.get(url).get_data(as_text=True)  # no story yet
    story_id = make_story(app, member.id, "The churn analysis")
    form = form_with(member_client, url, "better_story_id")
    assert form.value("better_story_id") == ""
    assert submit(member_client, form, form.submission(changes={"better_story_id": str(story_id)})).status_code == 302
    assert links_of(app, story_id) == {question: True}
    form = form_with(member_client, url, "better_story_id")
    assert form.value("better_story_id") == str(story_id)
    # Sent as rendered: nothing changes; "No story": still linked, no longer the better answer.
    submit(member_client, form)
    assert links_of(app, story_id) == {question: True}
    submit(member_client, form, form.submission(changes={"better_story_id": ""}))
    assert links_of(app, story_id) == {question: False}
    # Another member's story is not a choice.
    theirs = make_story(app, other_member.id, "Theirs")
    response = submit(member_client, form, form.submission(changes={"better_story_id": str(theirs), "text": "Typed"}))
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in error_of(page, "better_story_id") and "Typed" in page
    assert links_of(app, theirs) == {} and fetch(app, Question, question).text == "Why us?"


def test_a_new_question_can_point_to_a_story(app, member, member_client):
    interview_id, _ = ask(app, member.id, "Acme")
    story_id = make_story(app, member.id, "The churn analysis")
    form = form_with(member_client, f"/interviews/{interview_id}/questions/new", "better_story_id")
    response = submit(member_client, form, form.submission(
        press="save_done", changes={"text": "Tell me about yourself.", "rating": "4", "better_story_id": str(story_id)}))
    assert response.status_code == 302
    (question,) = fetch_all(app, select(Question))
    assert links_of(app, story_id) == {question.id: True}


# --- Who may do what ---------------------------------------------------------------------------


def story_urls(story_id: int, question_id: int) -> list[tuple[str, str, dict]]:
    """(method, url, valid form) of every story bank route for one story and question."""
    return [
        ("GET", "/stories", {}),
        ("GET", "/stories/new", {}),
        ("POST", "/stories/new", {"title": "Intruder"}),
        ("GET", f"/stories/{story_id}", {}),
        ("GET", f"/stories/{story_id}/edit", {}),
        ("POST", f"/stories/{story_id}/edit", {"title": "Intruder", "version": "1"}),
        ("GET", f"/stories/{story_id}/delete", {}),
        ("POST", f"/stories/{story_id}/delete", {}),
        ("GET", f"/stories/{story_id}/questions", {}),
        ("POST", f"/stories/{story_id}/questions", {"question_ids": str(question_id)}),
        ("POST", f"/stories/{story_id}/questions/{question_id}/unlink", {}),
        ("GET", f"/questions/{question_id}/stories", {}),
        ("POST", f"/questions/{question_id}/stories", {"story_id": str(story_id), "better_answer": "y"}),
    ]


def every_story_row(app) -> list:
    """Every row of the story bank's tables, to tell whether a request changed any."""
    with app.app_context():
        return [sorted(map(repr, db.session.execute(model.__table__.select()).all()))
                for model in (Story, StoryCategory, StoryQuestion)]


def test_anonymous_visitors_are_sent_to_log_in(app, client, member):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    story_id = make_story(app, member.id, tags=["Leadership"])
    before = every_story_row(app)
    for method, url, data in story_urls(story_id, question):
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login", url
    assert every_story_row(app) == before


def test_another_member_gets_404_and_changes_nothing(app, member, other_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    story_id = make_story(app, member.id, tags=["Leadership"], questions=[question])
    before = every_story_row(app)
    for method, url, data in story_urls(story_id, question):
        if url in ("/stories", "/stories/new"):
            continue  # their own bank
        response = other_client.get(url) if method == "GET" else other_client.post(url, data=data)
        assert response.status_code == 404, f"{method} {url}"
    assert every_story_row(app) == before
    assert "The pricing dashboard" not in other_client.get("/stories").get_data(as_text=True)


def test_another_members_own_story_with_my_question_is_not_found(app, member, other_member, other_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", None, 3)])
    theirs = make_story(app, other_member.id, "Theirs")
    before = every_story_row(app)
    assert other_client.post(f"/stories/{theirs}/questions/{question}/unlink", data={}).status_code == 404
    html = other_client.get(f"/stories/{theirs}/questions").get_data(as_text=True)
    form = next(f for f in parse_forms(f"/stories/{theirs}/questions", html)
            if f.method == "post" and f.named("q"))
    response = submit(other_client, form, form.submission(changes={"question_ids": str(question)}))
    assert response.status_code == 404
    assert every_story_row(app) == before


# --- The prep sheet ------------------------------------------------------------------------------


def test_the_prep_sheet_lists_stories_for_the_weak_areas(app, member, member_client):
    _past, (weak1, _weak2, _fine) = ask(app, member.id, "Acme", [
        ("A conflict?", "Behavioural", 1), ("A failure?", "Behavioural", 2), ("Why us?", "Motivation", 5)])
    _again, (_extra,) = ask(app, member.id, "Acme", [("Why here?", "Motivation", 4)], days=-8)
    upcoming, _ = ask(app, member.id, "ACME", days=4)
    told = make_story(app, member.id, "Told at Acme", tags=["Behavioural"], questions=[weak1],
                      result="Shipped on time.")
    fresh = make_story(app, member.id, "Not told yet", tags=["Behavioural", "Leadership"])
    make_story(app, member.id, "Only motivation", tags=["Motivation"])
    page = member_client.get("/prep").get_data(as_text=True)
    section = page[page.index('id="stories-heading"'):page.index('id="ask-heading"')]
    rehearse = page.index('id="rehearse-heading"')
    assert rehearse < page.index('id="stories-heading"') < page.index('id="ask-heading"')
    # Weak-area stories only, those the company has not heard first; the told one flagged.
    assert "Only motivation" not in section
    assert section.index("Not told yet") < section.index("Told at Acme")
    assert "already told at Acme" in section and section.count("already told at") == 1
    assert "For Behavioural" in section and "Result:</span> Shipped on time." in section
    assert f'href="/stories/{fresh}"' in section and f'href="/stories/{told}"' in section
    # For another interview, the company differs: nothing is flagged.
    _later, _ = ask(app, member.id, "Globex", days=10)
    page = member_client.get(f"/prep?interview={_later}").get_data(as_text=True)
    assert "already told at" not in page[page.index('id="stories-heading"'):page.index('id="ask-heading"')]
    assert upcoming


def test_the_prep_sheet_says_when_no_story_answers_the_weak_areas(app, member, member_client):
    ask(app, member.id, "Acme", [("A conflict?", "Behavioural", 1), ("A failure?", "Behavioural", 2)])
    page = member_client.get("/prep").get_data(as_text=True)
    assert "No story in your bank answers your weak areas (Behavioural) yet." in page


def test_the_prep_sheet_without_weak_areas(app, member, member_client):
    interview_id, _ = ask(app, member.id, "Acme", [("Why us?", "Motivation", 5), ("Why now?", "Motivation", 4)])
    make_assessment(app, member.id, interview_id, researched_company=False)  # a sign: the sheet has content
    make_story(app, member.id, "Motivated", tags=["Motivation"])
    page = member_client.get("/prep").get_data(as_text=True)
    assert "No weak areas yet, so no story to single out." in page and "Motivated" not in page


# --- Export, import, deletion, demo ------------------------------------------------------------


def export_of(app, user_id: int) -> dict:
    """The member's JSON export, read."""
    with app.app_context():
        out = io.BytesIO()
        write_json_export(db.session.get(User, user_id), out)
        db.session.rollback()
    return json.loads(out.getvalue())


def test_stories_are_in_the_export_and_come_back_on_import(app, member):
    _interview, (q1, q2) = ask(app, member.id, "Acme", [("Why us?", "Motivation", 3), ("A failure?", None, 2)])
    make_story(app, member.id, "The churn analysis", tags=["Motivation", "Introduction"],
               questions=[q1, q2], better=[q2])
    make_story(app, member.id, "Unlinked")
    document = export_of(app, member.id)
    first, second = document["stories"]
    question_uids = {q["text"]: q["uid"] for i in document["interviews"] for q in i["questions"]}
    assert first["title"] == "The churn analysis" and first["categories"] == ["Introduction", "Motivation"]
    assert first["questions"] == [{"question": question_uids["Why us?"], "better_answer": False},
                                  {"question": question_uids["A failure?"], "better_answer": True}]
    assert (second["categories"], second["questions"]) == ([], [])
    assert set(first) == {"uid", "title", "situation", "task", "action", "result", "learned",
                          "categories", "questions", "created_at", "updated_at"}
    # Into a new account: the same stories, tags and links; importing again adds nothing.
    newcomer = make_person(app, "nora@example.test", "Nora New")
    raw = json.dumps(document).encode()
    with app.app_context():
        plan = apply_import(newcomer.id, read_json_export(raw))
        db.session.commit()
    assert plan.tallies["stories"].added == 2
    again = export_of(app, newcomer.id)
    assert again["stories"] == document["stories"]
    with app.app_context():
        assert not plan_import(read_json_export(raw), account_state(newcomer.id)).adds_anything
        db.session.rollback()


@pytest.mark.parametrize("change, message", [
    (lambda s, d: s.update(categories=["No such category"]), "not the name of one of the file's categories"),
    (lambda s, d: s.update(categories=["Motivation", "motivation"]), "twice"),
    (lambda s, d: s.update(questions=[{"question": "0b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c"}]), "not in the file"),
    (lambda s, d: s.update(title=" "), "“title” is empty"),
    (lambda s, d: s.update(mood="happy"), "“mood”"),
    (lambda s, d: d["stories"].append(dict(s)), "have the same uid"),
    (lambda s, d: d["stories"].append({**s, "uid": "1b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c"}),
     "are both the better answer"),
])
def test_an_import_refuses_a_story_that_does_not_fit(app, member, change, message):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", "Motivation", 3)])
    make_story(app, member.id, "The churn analysis", tags=["Motivation"], questions=[question], better=[question])
    document = export_of(app, member.id)
    change(document["stories"][0], document)
    with pytest.raises(ImportProblem) as problem, app.app_context():
        read_json_export(json.dumps(document).encode())
    assert message in problem.value.message and "Stor" in problem.value.message


def test_an_older_file_without_stories_still_imports(app, member):
    ask(app, member.id, "Acme", [("Why us?", None, 3)])
    document = export_of(app, member.id)
    del document["stories"]
    with app.app_context():
        assert read_json_export(json.dumps(document).encode()).stories == []


def test_the_preview_counts_the_stories(app, member, member_client):
    make_story(app, member.id, "The churn analysis")
    with app.app_context():
        out = io.BytesIO()
        write_json_export(db.session.get(User, member.id), out)
    newcomer = make_person(app, "nora@example.test", "Nora New")
    client = log_in(app, app.test_client(), newcomer)
    page = client.post("/data/import/json", data={"json-file": (io.BytesIO(out.getvalue()), "export.json")})
    html = page.get_data(as_text=True)
    row = html[html.index('<th scope="row">Stories</th>'):]
    assert row.split("<td>")[1].startswith("1</td>")


def test_deleting_the_account_counts_and_removes_the_stories(app, member, member_client):
    _interview, (question,) = ask(app, member.id, "Acme", [("Why us?", "Motivation", 3)])
    make_story(app, member.id, "One", tags=["Motivation"], questions=[question])
    make_story(app, member.id, "Two")
    with app.app_context():
        summary = account_summary(member.id)
    assert summary.stories == 2 and "2 stories of the story bank" in summary.lines()
    assert "2 stories of the story bank" in member_client.get("/data/delete").get_data(as_text=True)
    form = next(f for f in parse_forms("/data/delete", member_client.get("/data/delete").get_data(as_text=True))
            if f.named("password"))
    response = submit(member_client, form, form.submission(changes={"password": member.password}))
    assert response.status_code == 302
    assert every_story_row(app) == [[], [], []]


def test_the_demo_has_a_story_bank(app, runner, admin):
    result = runner.invoke(args=["seed-demo", "--password", "demo-heron-lantern-58", "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        demo = db.session.scalar(select(User).where(User.email == "demo@example.com"))
        person = Person(demo.id, demo.email, demo.display_name)
    client = log_in(app, app.test_client(), person)
    page = client.get("/stories").get_data(as_text=True)
    assert page.count('class="story-card') == 5 and "Told " in page
    assert "Already told to Acme Robotics" in page  # the demo's next interview
    gaps = page[page.index('id="gaps-heading"'):]
    assert "Salary and logistics" in gaps and "Company and industry knowledge" in gaps and "Weak area" in gaps
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StoryQuestion).where(
            StoryQuestion.owner_id == demo.id, StoryQuestion.better_answer.is_(True))) >= 4
    prep = client.get("/prep").get_data(as_text=True)
    assert prep.index('id="rehearse-heading"') < prep.index('id="stories-heading"')
