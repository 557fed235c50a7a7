"""The isolation matrix of the careers group, generated from the url_map: every route of the
coaching, sharing and comments areas, and the member pages a coach's views read, against
{owner, coach with grant, coach without grant, coach after revoke, coach on a private
interview, another member, admin, anonymous}, with the database unchanged for every refused
write; and no form on the coach's read-only pages that reaches a member's data."""

import re
from datetime import datetime

import pytest

from app.extensions import db
from app.models import Interview, Role
from tests.coaching_factories import make_comment, make_grant, make_private
from tests.conftest import log_in, make_person
from tests.crawler import parse_forms
from tests.debrief_factories import make_assessment, make_interview
from tests.test_route_audit import (
    changed_tables,
    is_login_redirect,
    methods_of,
    snapshot,
)

AREAS = ("coaching.", "sharing.", "comments.", "group.")
# The member's own pages whose data the coach's views read (through their own URLs).
MEMBER_PAGES = {"dashboard.index", "interviews.index", "interviews.detail", "debrief.assessment"}
ROLES = ["owner", "coach", "coach_without_grant", "coach_after_revoke", "coach_on_private",
         "other_member", "admin", "anonymous"]
COACHES = {"coach", "coach_without_grant", "coach_after_revoke", "coach_on_private"}
# The visitor's own data (and their own choices about the group).
OWN_PAGES = {"sharing.index", "dashboard.index", "interviews.index", "sharing.group_choices"}
SECRET = "Shared Secret Co"

# Who gets through (the status), per endpoint; everybody else logged in gets 404.
ALLOWED = {
    "coaching.home": {role: 200 for role in COACHES},
    "coaching.dashboard": {"coach": 200, "coach_on_private": 200},
    "coaching.interviews": {"coach": 200, "coach_on_private": 200},
    "coaching.interview": {"coach": 200},
    "coaching.debrief": {"coach": 200},
    "coaching.comment_debrief": {"coach": 302},
    "coaching.comment_question": {"coach": 302},
    "coaching.rate_question": {"coach": 302},
    "coaching.unrate_question": {"coach": 302},
    "comments.edit": {"owner": 200, "coach": 200},
    "comments.delete": {"owner": 302, "coach": 302},
    "sharing.revoke": {"owner": 302},
    "sharing.set_private": {"owner": 302},
    "sharing.reply_debrief": {"owner": 302},
    "sharing.reply_question": {"owner": 302},
    "group.insights": {**{role: 200 for role in COACHES}, "admin": 200},  # no member's data
    "interviews.detail": {"owner": 200},
    "debrief.assessment": {"owner": 200},
}
POSTS = {
    "coaching.comment_debrief": lambda ids: {"debrief-body": "Matrix comment"},
    "coaching.comment_question": lambda ids: {f"question-{ids['question_id']}-body": "Matrix"},
    "coaching.rate_question": lambda ids: {f"rating-{ids['question_id']}-rating": "4"},
    "coaching.unrate_question": lambda ids: {},
    "comments.edit": lambda ids: {"body": "Matrix edit", "version": "1"},
    "comments.delete": lambda ids: {},
    "sharing.revoke": lambda ids: {},
    "sharing.set_private": lambda ids: {"private": "1", "back": "sharing"},
    "sharing.reply_debrief": lambda ids: {"debrief-body": "Matrix reply"},
    "sharing.reply_question": lambda ids: {f"question-{ids['question_id']}-body": "Matrix"},
    "sharing.grant": lambda ids: {"coach_id": str(ids["coach_user"])},
    "sharing.group_choices": lambda ids: {"insights": "in", "pool": "keep"},
    "debrief.assessment": lambda ids: {"sold_short": "yes", "version": "1"},
}
# Destructive writes last, so that the allowed ones do not change what the next rule reads.
LAST = ["sharing.set_private", "comments.delete", "sharing.revoke"]


def matrix_rules(app):
    """The rules the matrix covers, read from the url_map."""
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith(AREAS) or rule.endpoint in MEMBER_PAGES]
    return sorted(rules, key=lambda r: (r.endpoint in LAST and LAST.index(r.endpoint) + 1, r.rule))


def expected(role: str, endpoint: str, method: str) -> int | None:
    """The status `role` gets; None when the page is the visitor's own (not a refusal)."""
    if endpoint in OWN_PAGES or endpoint == "sharing.grant":
        return None
    return ALLOWED.get(endpoint, {}).get(role, 404)


def build_world(app, admin):
    """A member who granted a coach, with a shared and a private interview, their comments."""
    owner = make_person(app, "owner@example.test", "Olive Owner")
    coach = make_person(app, "coach@example.test", "Cora Coach", Role.COACH)
    stranger_coach = make_person(app, "coach2@example.test", "Carl Coach", Role.COACH)
    other = make_person(app, "other@example.test", "Otto Other")
    grant_id = make_grant(app, owner.id, coach.id)
    shared = make_interview(app, owner.id, company=SECRET, questions=[("Why us?", 2, False)])
    private = make_interview(app, owner.id, company="Private Co", questions=[("Pay?", 1, True)])
    for interview_id in (shared, private):
        make_assessment(app, owner.id, interview_id, completed_at=datetime(2026, 1, 1))
    make_private(app, owner.id, private)
    with app.app_context():
        question = {i: db.session.get(Interview, i).questions[0].id for i in (shared, private)}
    ids = {
        "shared": {
            "member_id": owner.id, "interview_id": shared, "question_id": question[shared],
            "coach_comment": make_comment(app, owner.id, coach.id, shared, "Coach note",
                                          question[shared]),
            "reply": make_comment(app, owner.id, owner.id, shared, "Owner reply"),
            "grant_id": grant_id, "coach_user": coach.id,
        },
    }
    ids["private"] = {
        **ids["shared"], "interview_id": private, "question_id": question[private],
        "coach_comment": make_comment(app, owner.id, coach.id, private, "Private note"),
    }
    people = {"owner": owner, "coach": coach, "coach_without_grant": stranger_coach,
              "coach_after_revoke": coach, "coach_on_private": coach, "other_member": other,
              "admin": admin}
    return people, ids


def fill(rule, ids: dict, role: str) -> str:
    """The rule's path for `role`: the comment it would touch is its own where it has one."""
    values = dict(ids, comment_id=ids["reply"] if role == "owner" else ids["coach_comment"])
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), path)
    return path


def test_every_area_endpoint_has_an_expectation(app):
    for rule in matrix_rules(app):
        if "POST" in methods_of(rule):
            assert rule.endpoint in POSTS, f"{rule.endpoint}: give its form in POSTS"
        if rule.arguments:
            assert rule.endpoint in ALLOWED, f"{rule.endpoint}: say who may use it in ALLOWED"


@pytest.mark.parametrize("role", ROLES)
def test_the_isolation_matrix(app, admin, role):
    people, all_ids = build_world(app, admin)
    ids = all_ids["private" if role == "coach_on_private" else "shared"]
    if role == "coach_after_revoke":
        with app.app_context():
            from app.models import CoachGrant
            db.session.get(CoachGrant, ids["grant_id"]).revoked_at = datetime(2026, 1, 3)
            db.session.commit()
    client = app.test_client()
    if role != "anonymous":
        log_in(app, client, people[role])
    problems = []
    for rule in matrix_rules(app):
        url = fill(rule, ids, role)
        for method in sorted(methods_of(rule) & {"GET", "POST"}):
            before = snapshot(app)
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data=POSTS[rule.endpoint](ids))
            status = response.status_code
            if role == "anonymous":
                if not is_login_redirect(response):
                    problems.append(f"{method} {url}: {status}, not a redirect to /login")
                if changed_tables(before, snapshot(app)):
                    problems.append(f"{method} {url} changed the database")
                continue
            want = expected(role, rule.endpoint, method)
            if method == "POST" and want == 200:
                want = 302
            if want is None:
                if status >= 500 or status in {403, 404}:
                    problems.append(f"{method} {url}: {status} on the visitor's own page")
                if role != "owner" and method == "GET" and SECRET in response.get_data(as_text=True):
                    problems.append(f"{method} {url} shows the owner's interview")
                continue
            if status != want:
                problems.append(f"{method} {url}: {status}, expected {want}")
            if want == 404 and changed_tables(before, snapshot(app)):
                problems.append(f"{method} {url} was refused but changed the database")
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_the_coach_pages_have_no_form_that_reaches_a_members_data(app, admin):
    people, all_ids = build_world(app, admin)
    ids = all_ids["shared"]
    client = log_in(app, app.test_client(), people["coach"])
    adapter = app.url_map.bind("localhost")
    pages = [f"/coaching/members/{ids['member_id']}",
             f"/coaching/members/{ids['member_id']}/interviews",
             f"/coaching/members/{ids['member_id']}/interviews/{ids['interview_id']}",
             f"/coaching/members/{ids['member_id']}/interviews/{ids['interview_id']}/debrief",
             "/coaching"]
    seen = 0
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for form in parse_forms(page, response.get_data(as_text=True)):
            endpoint, _args = adapter.match(form.action.split("?")[0], method=form.method.upper())
            seen += 1
            assert endpoint.startswith(("coaching.", "comments.")) or endpoint == "auth.logout", (
                f"{page} has a form to {form.action} ({endpoint})"
            )
    assert seen >= 5  # the comment forms are there
