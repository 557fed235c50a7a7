"""The shared question pool on the prep sheet: others' questions, opt-in, withdrawn at once."""

import re

import pytest

from app.models import Role
from tests.conftest import log_in, make_person
from tests.crawler import send
from tests.group_factories import add_interview, choices_of, members, set_choices

POOL_HEADING = "Questions others in your group were asked"


@pytest.fixture
def sharers(app, admin):
    """Three members who share their questions."""
    people = members(app, 3, prefix="sharer")
    for person in people:
        set_choices(app, person.id, shares=True)
    return people


def prep_sheet(client, interview_id: int | None = None) -> str:
    """The prep sheet's HTML (and a 200)."""
    response = client.get("/prep" + (f"?interview={interview_id}" if interview_id else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def pool_section(page: str) -> str:
    """The pool's section of the prep sheet ('' when it has none)."""
    match = re.search(r'<section aria-labelledby="pool-heading".*?</section>', page, re.DOTALL)
    return match.group(0) if match else ""


def pooled(section: str, heading_start: str) -> dict[str, int]:
    """The questions of one list of the section (the one under the heading starting with
    `heading_start`) and how many members were asked each."""
    part = section.split(f"<h3>{heading_start}", 1)[1].split("<h3>", 1)[0]
    return {text.strip(): int(count) for text, count in
            re.findall(r"<li>([^<]+)<small>\((?:[^;<]+; )?asked of (\d+) members?\)</small></li>", part)}


def upcoming(app, person, company: str = "Initech", stage: str = "technical") -> int:
    """An interview of `person` still to come: the prep sheet is for it."""
    return add_interview(app, person.id, company=company, stage=stage, days_ago=-2)


def test_the_sheet_shows_what_others_were_asked_at_the_company_and_the_stage(
        app, member, member_client, sharers):
    upcoming(app, member)
    one, two, three = sharers
    add_interview(app, one.id, [("Walk me through a query plan", "Technical and skills", 2, False)],
                  company="Initech", stage="first")
    add_interview(app, two.id, [("walk me through a query plan ", None, 5, False)],
                  company=" initech", stage="technical")
    add_interview(app, three.id, [("Design a parking lot", None, 3, False),
                                  ("Walk me through a query plan", None, 1, False)],
                  company="Globex", stage="technical")
    section = pool_section(prep_sheet(member_client))
    assert "<h3>At Initech</h3>" in section
    at_company = pooled(section, "At Initech")
    assert at_company == {"Walk me through a query plan": 2}  # whatever the case or spaces
    assert "Technical and skills; asked of 2 members" in section
    at_stage = pooled(section, "At this stage")
    # The stage's list leaves out what the company's list already holds.
    assert at_stage == {"Design a parking lot": 1}
    assert "At this stage (technical), anywhere" in section


def test_only_the_questions_are_shared_never_answers_ratings_notes_or_who(
        app, member, member_client, sharers):
    upcoming(app, member)
    add_interview(app, sharers[0].id,
                  [("Why Initech?", "Motivation", 1, True, "My answer about staplers",
                    "A better answer about staplers")],
                  company="Initech", notes="Note about the red stapler")
    page = prep_sheet(member_client)
    section = pool_section(page)
    assert pooled(section, "At Initech") == {"Why Initech?": 1}
    for private in ("staplers", "red stapler", "Sharer 1", "sharer1@example.test", "froze",
                    "rated", "1/5"):
        assert private not in section, private


def test_the_viewers_own_questions_never_count(app, member, member_client, sharers):
    set_choices(app, member.id, shares=True)
    upcoming(app, member)
    add_interview(app, member.id, [("Tell me about Initech", None, 3, False),
                                   ("My very own question", None, 3, False)], company="Initech")
    add_interview(app, sharers[0].id, [("Tell me about Initech", None, 3, False)],
                  company="Initech")
    section = pool_section(prep_sheet(member_client))
    assert pooled(section, "At Initech") == {"Tell me about Initech": 1}  # the other member only
    assert "My very own question" not in section


def test_members_who_do_not_share_are_never_in_the_pool(app, member, member_client, other_member):
    upcoming(app, member)
    add_interview(app, other_member.id, [("Unshared question", None, 3, False)], company="Initech")
    section = pool_section(prep_sheet(member_client))
    assert "Unshared question" not in section
    assert "Nobody else in your group who shares their questions" in section


def test_withdrawing_takes_the_questions_out_at_once(app, member, member_client, sharers):
    upcoming(app, member)
    add_interview(app, sharers[0].id, [("Withdrawn question", None, 3, False)], company="Initech")
    add_interview(app, sharers[1].id, [("Withdrawn question", None, 3, False)], company="Initech")
    assert pooled(pool_section(prep_sheet(member_client)), "At Initech") == {"Withdrawn question": 2}

    # One of them stops sharing on their Sharing page: the count drops on the next page.
    leaver = log_in(app, app.test_client(), sharers[0])
    response = send(leaver, "/sharing", "/sharing/group", {"pool": "keep"})
    assert response.status_code == 302
    assert choices_of(app, sharers[0].id) == (False, False)
    assert pooled(pool_section(prep_sheet(member_client)), "At Initech") == {"Withdrawn question": 1}

    send(log_in(app, app.test_client(), sharers[1]), "/sharing", "/sharing/group", {"pool": "keep"})
    assert "Withdrawn question" not in prep_sheet(member_client)


def test_opting_in_through_the_sharing_page_adds_the_questions(app, member, member_client,
                                                               other_member, other_client):
    upcoming(app, member)
    add_interview(app, other_member.id, [("Soon shared", None, 3, False)], company="Initech")
    assert "Soon shared" not in prep_sheet(member_client)
    response = send(other_client, "/sharing", "/sharing/group", {"pool": "share"})
    assert response.status_code == 302
    assert "Soon shared" in pool_section(prep_sheet(member_client))


def test_private_future_and_disabled_members_questions_stay_out(app, member, member_client,
                                                                 sharers):
    from app.extensions import db
    from app.models import User

    upcoming(app, member)
    add_interview(app, sharers[0].id, [("From a private interview", None, 3, False)],
                  company="Initech", private=True)
    add_interview(app, sharers[1].id, [("From an interview still to come", None, 3, False)],
                  company="Initech", days_ago=-1)
    add_interview(app, sharers[2].id, [("From a disabled account", None, 3, False)],
                  company="Initech")
    with app.app_context():
        db.session.get(User, sharers[2].id).disabled = True
        db.session.commit()
    section = pool_section(prep_sheet(member_client))
    for text in ("From a private interview", "From an interview still to come",
                 "From a disabled account"):
        assert text not in section


def test_a_newcomer_with_nothing_debriefed_sees_the_pool(app, member, member_client, sharers):
    upcoming(app, member)
    add_interview(app, sharers[0].id, [("Newcomer can see this", None, 3, False)],
                  company="Initech")
    page = prep_sheet(member_client)
    assert "Nothing to go over yet" in page
    assert pooled(pool_section(page), "At Initech") == {"Newcomer can see this": 1}
    assert "Share yours too" in page  # the newcomer does not share (yet)


def test_the_sheet_for_a_chosen_interview_uses_its_company(app, member, member_client, sharers):
    upcoming(app, member, company="Initech")
    later = add_interview(app, member.id, company="Globex", stage="final", days_ago=-10)
    add_interview(app, sharers[0].id, [("Globex question", None, 3, False)], company="Globex",
                  stage="final")
    section = pool_section(prep_sheet(member_client, later))
    assert pooled(section, "At Globex") == {"Globex question": 1}
    assert "At this stage (final), anywhere" in section


def test_without_an_interview_there_is_no_pool(app, member, member_client, sharers):
    add_interview(app, sharers[0].id, [("Anything", None, 3, False)], company="Initech")
    assert pool_section(prep_sheet(member_client)) == ""


def test_a_coach_who_shares_is_in_the_pool_too(app, member, member_client):
    coach = make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    set_choices(app, coach.id, shares=True)
    upcoming(app, member)
    add_interview(app, coach.id, [("Asked of the coach", None, 3, False)], company="Initech")
    assert pooled(pool_section(prep_sheet(member_client)), "At Initech") == {"Asked of the coach": 1}
