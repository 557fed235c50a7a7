"""The group insights page: anonymous figures, each of at least 3 members, for coaches and the admin.

Adversarial data throughout: small groups, rare weak areas, opt-outs, nested figures that an
attacker would subtract, distinctive names and answers that must never reach the page.
"""

import re
from collections import defaultdict
from itertools import permutations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import User
from tests.coaching_factories import make_coach
from tests.conftest import log_in, make_person
from tests.crawler import form_to, send
from tests.group_factories import (
    add_interview,
    choices_of,
    late_twice,
    members,
    set_choices,
    weak_in,
)

FEWER = "Fewer than 3 members take part"
# The figures as the page renders them.
WEAK_ROW = re.compile(r'<tr><td>([^<]+)</td><td class="members">(\d+) members</td></tr>')
SIGN_ROW = re.compile(r'<tr><td>([^<]+) <span class="sign-kind">[^<]+</span></td><td class="members">(\d+) members</td></tr>')
QUESTION_ITEM = re.compile(r'<li>“([^”]+)” <span class="members">(asked of|rated 1–2 by) (\d+) members</span></li>')


@pytest.fixture
def coach(app, admin):
    """A coach of the instance (sees the group page)."""
    return make_coach(app)


@pytest.fixture
def coach_client(app, coach):
    """A client logged in as the coach."""
    return log_in(app, app.test_client(), coach)


def group_page(client) -> str:
    """The group page's HTML (and a 200)."""
    response = client.get("/group")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def figures(page: str) -> dict[tuple[str, str], int]:
    """Every count the page shows, by (kind, label): weak areas, signs and questions."""
    found = {}
    weak_section, _, rest = page.partition('id="signs-heading"')
    for label, count in WEAK_ROW.findall(weak_section):
        found["weak", label.lower()] = int(count)
    for label, count in SIGN_ROW.findall(rest):
        found["sign", label.lower()] = int(count)
    for label, kind, count in QUESTION_ITEM.findall(page):
        found[kind, label.lower()] = int(count)
    return found


def test_a_group_of_fewer_than_three_shows_nothing_but_that(app, coach_client):
    two = members(app, 2)
    for person in two:
        weak_in(app, person.id, "Behavioural")
        late_twice(app, person.id)
    page = group_page(coach_client)
    assert FEWER in page
    assert figures(page) == {}
    assert "Behavioural" not in page and "Arrived late" not in page


def test_two_members_sharing_a_rare_weak_area_do_not_appear(app, coach_client):
    people = members(app, 4)
    for person in people[:2]:
        weak_in(app, person.id, "Whiteboard puzzles")  # their own category, rare
        weak_in(app, person.id, "Leadership")  # a default category, weak for only two
    for person in people[:3]:
        weak_in(app, person.id, "Behavioural")
    page = group_page(coach_client)
    shown = figures(page)
    assert shown["weak", "behavioural"] == 3
    assert ("weak", "leadership") not in shown and ("weak", "whiteboard puzzles") not in shown
    assert "Whiteboard puzzles" not in page and "whiteboard puzzles" not in page
    # The default category below the threshold is named only as "fewer than 3 members".
    note = re.search(r'Weak for fewer than 3 members \(or none\): ([^<]+)', page).group(1)
    assert "Leadership" in note and "Behavioural" not in note


def test_a_figure_of_exactly_three_members_appears(app, coach_client):
    people = members(app, 5)
    for person in people[:3]:
        weak_in(app, person.id, "Motivation")
        late_twice(app, person.id)
        add_interview(app, person.id, [("Where do you see yourself in five years?", None, 2, False)])
    for person in people[3:]:
        add_interview(app, person.id, [("Where do you see yourself in five years?", None, 4, False)])
    shown = figures(group_page(coach_client))
    assert shown["weak", "motivation"] == 3
    assert shown["sign", "arrived late"] == 3
    assert shown["asked of", "where do you see yourself in five years?"] == 5
    # Rated 1-2 by 3 of the 5 asked: the 2 others are too few to stand as a difference.
    assert ("rated 1–2 by", "where do you see yourself in five years?") not in shown


def test_the_same_question_counts_once_whatever_its_capitals(app, coach_client):
    people = members(app, 3)
    for person, text in zip(people, ["Why us?", "why us?", "  WHY US?  "], strict=True):
        add_interview(app, person.id, [(text, None, 1, False)])
        add_interview(app, person.id, [(text, None, 1, False)], company="Globex")  # asked again
    shown = figures(group_page(coach_client))
    assert shown["asked of", "why us?"] == 3  # members, not the 6 times it was asked
    assert shown["rated 1–2 by", "why us?"] == 3


def test_a_group_of_three_where_one_opts_out_shows_nothing(app, coach_client):
    people = members(app, 3)
    for person in people:
        weak_in(app, person.id, "Behavioural")
        late_twice(app, person.id)
        add_interview(app, person.id, [("Tell me about yourself", None, 1, False)])
    assert figures(group_page(coach_client))  # all three: the figures show

    # The third member leaves through their Sharing page.
    leaver = log_in(app, app.test_client(), people[2])
    response = send(leaver, "/sharing", "/sharing/group", {"insights": "out"})
    assert response.status_code == 302
    assert choices_of(app, people[2].id) == (True, False)
    page = group_page(coach_client)
    assert FEWER in page and figures(page) == {}
    assert "Behavioural" not in page and "Tell me about yourself" not in page


def test_no_member_name_answer_note_or_company_reaches_the_page(app, coach_client):
    names = ["Zebulon Quartermaine", "Philippa Ostrogoth", "Ignatius Wolfenden"]
    people = [make_person(app, f"p{n}@example.test", name) for n, name in enumerate(names)]
    secrets = []
    for n, person in enumerate(people):
        answer, better = f"My secret answer number {n}", f"A better secret answer {n}"
        secrets += [answer, better, f"Private note {n}", f"Hushhush Company {n}"]
        add_interview(app, person.id,
                      [("Why should we hire you?", "Behavioural", 1, True, answer, better),
                       ("What is your weakness?", "Behavioural", 1, True, answer, better)],
                      company=f"Hushhush Company {n}", notes=f"Private note {n}",
                      debrief={"on_time": False, "sold_short": True,
                               "sold_short_note": f"Sold short note {n}"})
        add_interview(app, person.id, [], company=f"Hushhush Company {n}", days_ago=4,
                      debrief={"on_time": False})
        secrets.append(f"Sold short note {n}")
    page = group_page(coach_client)
    shown = figures(page)
    assert shown["weak", "behavioural"] == 3 and shown["asked of", "why should we hire you?"] == 3
    for text in names + [p.email for p in people] + secrets:
        assert text not in page, text
    assert "Hushhush" not in page


def nested_by_definition(bigger: tuple[str, str], smaller: tuple[str, str]) -> bool:
    """Whether the page's own words make `smaller` count a part of `bigger`'s members, so that
    their difference is itself a count of members: the members who rated a question's answer
    1-2 are some of those who were asked it. (Two different weak areas or signs may overlap by
    chance in the data, but the page cannot tell anyone so: their difference counts nobody.)"""
    return bigger[0] == "asked of" and smaller == ("rated 1–2 by", bigger[1])


def test_subtracting_any_two_figures_never_isolates_one_or_two_members(app, coach_client):
    """The attack: subtract every pair of figures on the page; wherever one counts, by
    definition, a part of the other's members, the difference must be 0 or at least 3."""
    people = members(app, 7)
    truth: dict[tuple[str, str], set[int]] = defaultdict(set)

    def asked(person, text: str, rating: int, category: str | None = None):
        """A question asked of `person`, remembered in the truth."""
        add_interview(app, person.id, [(text, category, rating, False)])
        truth["asked of", text.lower()].add(person.id)
        if rating <= 2:
            truth["rated 1–2 by", text.lower()].add(person.id)

    def weak(person, category: str):
        """A weak area of `person` (its two questions are asked questions too)."""
        weak_in(app, person.id, category)
        truth["weak", category.lower()].add(person.id)
        for text in (f"{category} question one", f"{category} question two"):
            truth["asked of", text.lower()].add(person.id)
            truth["rated 1–2 by", text.lower()].add(person.id)

    # Asked of 4, rated 1-2 by 3: the rated count would single out the fourth.
    for n, person in enumerate(people[:4]):
        asked(person, "Why this company?", 1 if n < 3 else 4)
    # Asked of 6, rated 1-2 by 3: the difference is 3 members.
    for n, person in enumerate(people[:6]):
        asked(person, "Tell me about a failure", 2 if n < 3 else 5)
    # Asked of 3, all rated 1-2.
    for person in people[:3]:
        asked(person, "Describe your ideal team", 1)
    for person in people[:4]:
        weak(person, "Behavioural")
    for person in people[:3]:
        weak(person, "Leadership")
    for person in people[:2]:
        weak(person, "Motivation")
    for person in people[:5]:
        late_twice(app, person.id)
        truth["sign", "arrived late"].add(person.id)

    shown = figures(group_page(coach_client))
    assert shown, "the page shows figures"
    for figure, count in shown.items():
        assert figure in truth, f"a figure we cannot account for (a total?): {figure}"
        assert count == len(truth[figure]) >= 3, figure
    tried = 0
    for bigger, smaller in permutations(shown, 2):
        if nested_by_definition(bigger, smaller):
            tried += 1
            assert truth[smaller] <= truth[bigger]  # the definition holds in the data
            difference = shown[bigger] - shown[smaller]
            assert difference == 0 or difference >= 3, f"{bigger} - {smaller} = {difference}"
    assert tried >= 3
    # The attack had something to try: nested pairs exist, and the dangerous one was withheld.
    assert ("rated 1–2 by", "tell me about a failure") in shown
    assert ("rated 1–2 by", "describe your ideal team") in shown
    assert ("rated 1–2 by", "why this company?") not in shown
    assert shown["asked of", "why this company?"] == 4
    # No figure counts the whole group (a total that everything else could be taken from).
    assert all(truth[figure] != {p.id for p in people} for figure in shown)


def test_private_and_future_interviews_do_not_count(app, coach_client):
    people = members(app, 3)
    for person in people[:2]:
        weak_in(app, person.id, "Behavioural")
        add_interview(app, person.id, [("Why us?", None, 1, False)])
    weak_in(app, people[2].id, "Behavioural", private=True)
    add_interview(app, people[2].id, [("Why us?", None, 1, False)], days_ago=-3)  # still to come
    for person in people[:2]:
        late_twice(app, person.id)
    for days_ago in (5, 6):
        add_interview(app, people[2].id, debrief={"on_time": False}, days_ago=days_ago,
                      private=True)
    shown = figures(group_page(coach_client))
    assert ("weak", "behavioural") not in shown
    assert ("asked of", "why us?") not in shown
    assert ("sign", "arrived late") not in shown


def test_coaches_admins_and_disabled_accounts_do_not_count(app, coach, coach_client, admin):
    people = members(app, 3)
    for person in people[:2] + [coach, admin]:
        weak_in(app, person.id, "Behavioural")
    page = group_page(coach_client)
    assert ("weak", "behavioural") not in figures(page)

    weak_in(app, people[2].id, "Behavioural")
    assert figures(group_page(coach_client))["weak", "behavioural"] == 3
    with app.app_context():
        db.session.get(User, people[0].id).disabled = True
        db.session.commit()
    assert FEWER in group_page(coach_client)


def test_the_admin_sees_the_page_too(app, admin_client):
    people = members(app, 3)
    for person in people:
        weak_in(app, person.id, "Behavioural")
    assert figures(group_page(admin_client))["weak", "behavioural"] == 3


def test_the_coach_home_and_the_admin_page_link_to_it(app, coach_client, admin_client):
    assert 'href="/group"' in coach_client.get("/coaching").get_data(as_text=True)
    assert 'href="/group"' in admin_client.get("/admin/").get_data(as_text=True)


def test_a_plain_member_gets_404_and_no_link(app, member_client):
    assert member_client.get("/group").status_code == 404
    assert 'href="/group"' not in member_client.get("/sharing").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_login(client, admin):
    response = client.get("/group")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_reading_the_page_changes_nothing(app, coach_client):
    people = members(app, 3)
    for person in people:
        weak_in(app, person.id, "Behavioural")

    def counts():
        """Rows per table."""
        with app.app_context():
            return {t.name: db.session.scalar(select(func.count()).select_from(t))
                    for t in db.metadata.sorted_tables}

    before = counts()
    group_page(coach_client)
    assert counts() == before


# ---- the member's choice, on the Sharing page ------------------------------------------------


def test_a_member_leaves_the_figures_and_comes_back(app, member, member_client):
    form = form_to(member_client, "/sharing", "/sharing/group")
    checked = {c.name: c.value for c in form.controls if c.type == "radio" and c.checked}
    assert checked == {"insights": "in", "pool": "keep"}  # the defaults: counted, not sharing

    response = send(member_client, "/sharing", "/sharing/group", {"insights": "out"})
    assert response.status_code == 302
    assert choices_of(app, member.id) == (True, False)
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your debriefs are left out of the group" in page

    send(member_client, "/sharing", "/sharing/group", {"insights": "in"})
    assert choices_of(app, member.id) == (False, False)


def test_the_sharing_page_explains_both_choices(app, member_client):
    page = member_client.get("/sharing").get_data(as_text=True)
    section = page[page.index('id="group-heading"'):page.index('id="log-heading"')]
    for words in ("never your answer", "at least 3 members", "straight away", "Who sees it",
                  "the only member who interviewed at a company"):
        assert words in section, words


def test_a_bad_choice_shows_the_message_and_changes_nothing(app, member, member_client):
    response = send(member_client, "/sharing", "/sharing/group",
                    {"insights": "out", "pool": "maybe"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'<small id="pool-error" class="field-error">Not a valid choice', page)
    assert choices_of(app, member.id) == (False, False)
    # What was chosen is kept: "out" is still checked.
    assert re.search(r'<input[^>]*checked[^>]*value="out"|<input[^>]*value="out"[^>]*checked', page)


def test_a_missing_choice_shows_the_message(app, member, member_client):
    response = send(member_client, "/sharing", "/sharing/group", {"pool": None})
    assert response.status_code == 422
    assert "Choose whether to share your questions." in response.get_data(as_text=True)
    assert choices_of(app, member.id) == (False, False)


def test_the_choice_is_the_members_own(app, member, other_member, member_client):
    set_choices(app, other_member.id, opt_out=False, shares=True)
    send(member_client, "/sharing", "/sharing/group", {"insights": "out", "pool": "share"})
    assert choices_of(app, member.id) == (True, True)
    assert choices_of(app, other_member.id) == (False, True)


def test_anonymous_choices_go_to_login_and_change_nothing(app, client, member):
    response = client.post("/sharing/group", data={"insights": "out", "pool": "share"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert choices_of(app, member.id) == (False, False)



def test_a_coach_is_told_their_own_debriefs_never_count(app, coach, coach_client):
    page = coach_client.get("/sharing").get_data(as_text=True)
    assert "as a coach, your own debriefs never do" in page
    assert 'name="insights" value="in"' in page  # kept as it is when the coach saves the pool
    response = send(coach_client, "/sharing", "/sharing/group", {"pool": "share"})
    assert response.status_code == 302
    assert choices_of(app, coach.id) == (False, True)
    page = coach_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved: the questions you were asked are in the shared pool" in page
    assert "Your debriefs count" not in page
