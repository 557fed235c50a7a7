"""Every route, read from app.url_map, against the project's promises.

- an anonymous visitor is sent to /login and changes nothing;
- another member gets 404 for a member's ids, on GET and POST, and changes nothing;
- no GET changes the database, even for an owner with a full demo history;
- a POST-only route refuses a GET (405), and every POST without a CSRF token is refused (400).

The routes come from the url_map, so a new route is audited as soon as it exists. A new route
must also be named below (with the form it posts, or in the public allow-list): until then
`test_every_endpoint_is_audited_or_public` fails, so nobody adds a route without thinking about it.
"""

import io
import re
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.admin.invites import create_invite
from app.debrief.queries import WAITING_STATES
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    CoachGrant,
    Comment,
    FeedbackRequest,
    Interview,
    PracticeCard,
    Question,
    SelfAssessment,
    Story,
    StoryQuestion,
    User,
)
from tests.conftest import Person, log_in

DEMO_PASSWORD = "audit-lantern-copper-7"

# Pages anybody may open: the way in, and the static files. Everything else needs a login.
PUBLIC_ENDPOINTS = {
    "auth.login",  # the way in
    "auth.setup",  # first run: creates the admin account, refuses once any account exists
    "auth.join",  # an invite link, checked by its token
    "auth.signup",  # open sign-up, 404 unless an admin turned it on
    "auth.reset_password",  # a password-reset link an admin made, checked by its token
    "static",  # CSS, JS, icons
}

# Query-string parameters that name a member's row, per endpoint (they are not in the rule).
QUERY_IDS = {"prep.sheet": {"interview": "interview_id"}}


def today() -> str:
    """Today as a form's date field sends it."""
    return date.today().isoformat()


def interview_fields(ids: dict) -> dict:
    """A valid interview form."""
    return {
        "company": "Audit Corp",
        "role_title": "Auditor",
        "occurred_at": "2024-05-01T10:00",
        "stage": "first",
        "format": "video",
        "outcome": "awaiting",
        "version": str(ids["interview_version"]),
    }


def import_file(kind: str) -> dict:
    """A valid import upload: a file with one new interview (a preview writes nothing)."""
    if kind == "json":
        raw = (b'{"format": "debrief-export", "version": 1, "interviews": [{"uid": '
               b'"7d0c4a2e-8f1b-4c3d-9e5f-6a7b8c9d0e1f", "company": "Audit", "role": "Auditor", '
               b'"occurred_at": "2024-05-01T10:00:00"}]}')
    else:
        raw = b"interview_id,date,time,company,role,stage,format,outcome,job_url,interviewers," \
              b"rejection_reasons,notes,feedback_status\n,2024-05-01,10:00,Audit,Auditor,,,,,,,,\n"
    return {f"{kind}-file": (io.BytesIO(raw), f"audit.{kind}")}


# Every endpoint behind login, with a VALID form for its POST (None: GET only). Valid data means
# that a missing ownership or login check would really change something, and the audit sees it.
AUDITED = {
    "main.home": None,
    "data.index": None,
    "data.import_json": lambda ids: import_file("json"),
    "data.import_csv": lambda ids: import_file("csv"),
    "data.import_confirm": lambda ids: {"token": "audit-token-of-no-preview-0123456789abcdef", "confirm": "Import"},
    "data.export_json": None,
    "data.export_csv": None,
    "data.export_markdown": None,
    "data.report": None,
    "dashboard.index": None,
    "prep.sheet": None,
    "rehearsal.index": None,
    "rehearsal.answer": None,
    "rehearsal.grade": lambda ids: {"rating": "3", "reviews": str(ids["card_reviews"])},
    "rehearsal.start": lambda ids: {},
    "stories.index": None,
    "stories.new": lambda ids: {"title": "Audit story", "action": "Audited."},
    "stories.detail": None,
    "stories.edit": lambda ids: {"title": "Audit story edited", "version": str(ids["story_version"])},
    "stories.delete": lambda ids: {},
    "stories.link_to_questions": lambda ids: {"question_ids": str(ids["question_id"])},
    "stories.unlink": lambda ids: {},
    "stories.for_question": lambda ids: {"story_id": str(ids["story_id"]), "better_answer": "y"},
    "search.results": None,
    "interviews.index": None,
    "interviews.new": interview_fields,
    "interviews.detail": None,
    "interviews.edit": interview_fields,
    "interviews.delete": lambda ids: {},
    "interviews.new_question": lambda ids: {"text": "Why us?", "rating": "3", "category_id": ""},
    "interviews.edit_question": lambda ids: {
        "text": "Why us?", "rating": "3", "category_id": "", "version": str(ids["question_version"]),
    },
    "interviews.delete_question": lambda ids: {},
    "interviews.move_question": lambda ids: {"direction": "down"},
    "categories.index": lambda ids: {"name": "Audit category"},
    "categories.edit": lambda ids: {
        "name": "Renamed by audit", "version": str(ids["category_version"]),
    },
    "categories.toggle_hidden": lambda ids: {},
    "categories.remove": None,
    "categories.delete": lambda ids: {},
    "categories.merge": lambda ids: {"target_id": str(ids["target_category_id"])},
    "debrief.assessment": lambda ids: {"version": str(ids["assessment_version"]), "sold_short": "yes"},
    "debrief.outcome": lambda ids: {
        "outcome": "withdrew" if ids["interview_outcome"] != "withdrew" else "offer",
        "version": str(ids["interview_version"]),
    },
    "debrief.feedback": None,
    "debrief.mark_sent": lambda ids: {
        "sent_on": today(), "channel": "email", "sent_to": "x@example.test",
        "version": str(ids["feedback_version"]),
    },
    "debrief.mark_followed_up": lambda ids: {
        "followed_up_on": today(), "version": str(ids["feedback_version"]),
    },
    "debrief.record_reply": lambda ids: {
        "kind": "received", "reply": "Audit reply", "reply_on": today(),
        "version": str(ids["feedback_version"]),
    },
    "debrief.mark_no_reply": lambda ids: {"version": str(ids["feedback_version"])},
    "debrief.add_takeaway": lambda ids: {"text": "Audit takeaway", "category_id": "0"},
    "debrief.template": lambda ids: {"template": "Thank you, {company}.", "version": "1"},
    "debrief.calendar": None,
    "actions.index": None,
    "actions.new": lambda ids: {"text": "Audit action", "category_id": "0"},
    "actions.edit": lambda ids: {
        "text": "Changed by audit", "category_id": "0", "version": str(ids["item_version"]),
    },
    "actions.toggle": lambda ids: {"done": "1"},
    "actions.delete": lambda ids: {},
    "auth.logout": lambda ids: {},
    "auth.change_password": lambda ids: {
        "current_password": DEMO_PASSWORD, "password": "audit-new-pass-99", "confirm": "audit-new-pass-99",
    },
    "admin.index": None,
    "admin.new_invite": lambda ids: {"role": "member", "days": "7", "note": "audit"},
    "admin.revoke_invite": lambda ids: {},
    "admin.edit_user": lambda ids: {"role": "coach", "disabled": "y"},
    "admin.signup_setting": lambda ids: {"open_signup": "y"},
    "admin.make_reset_link": lambda ids: {},
    "data.delete_account": lambda ids: {"password": DEMO_PASSWORD},
    "admin.delete_user": lambda ids: {"email": ids["user_email"]},
    "sharing.index": None,
    "sharing.grant": lambda ids: {"coach_id": str(ids["coach_user_id"])},
    "sharing.revoke": lambda ids: {},
    "sharing.set_private": lambda ids: {"private": "1", "back": "sharing"},
    "sharing.reply_debrief": lambda ids: {"debrief-body": "Audit reply"},
    "sharing.reply_question": lambda ids: {f"question-{ids['question_id']}-body": "Audit reply"},
    "sharing.group_choices": lambda ids: {"insights": "out", "pool": "share"},
    "group.insights": None,  # coaches and the admin only: a member's 404 is in test_group_insights
    "comments.edit": lambda ids: {"body": "Audit edit", "version": "1"},
    "comments.delete": lambda ids: {},
    "coaching.home": None,
    "coaching.dashboard": None,
    "coaching.interviews": None,
    "coaching.interview": None,
    "coaching.debrief": None,
    "coaching.comment_debrief": lambda ids: {"debrief-body": "Audit comment"},
    "coaching.comment_question": lambda ids: {f"question-{ids['question_id']}-body": "Audit"},
    "coaching.rate_question": lambda ids: {f"rating-{ids['question_id']}-rating": "4"},
    "coaching.unrate_question": lambda ids: {},
}
# A coach's pages: a member (even the owner) gets 404 there, and a granted coach's reads write
# the member's access log by design; tests/test_coach_isolation.py covers them with coaches.
COACH_ONLY = "coaching."

# Pages with query strings worth a GET of their own in the read-only audit.
EXTRA_GETS = [
    "/interviews?outcome=rejected&stage=first&company=a&date_from=2020-01-01&page=2",
    "/search?q=salary",
    "/search?q=tell+me",
    "/actions?show=all&page=2",
    "/actions?show=done",
    "/data/export/csv?start=2026-01-01&end=2026-03-31",
    "/data/export/csv?start=2026-03-01&end=2026-02-30",
    "/data/report?start=2020-01-01&end=2030-12-31",
    "/data/report?start=2026-03-01&end=",
]


def audited_rules(app):
    """The url_map's rules that the audit covers (everything but the public allow-list)."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC_ENDPOINTS),
        key=lambda rule: rule.rule,
    )


def methods_of(rule) -> set[str]:
    """The methods a rule answers, without the automatic ones."""
    return set(rule.methods) - {"HEAD", "OPTIONS"}


def snapshot(app) -> dict:
    """Every row of every table, to compare before and after a request."""
    with app.app_context():
        rows = {
            table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables
        }
        db.session.rollback()
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    """The names of the tables whose rows differ."""
    return [name for name in before if before[name] != after.get(name)]


def seed_demo(app, runner) -> Person:
    """The demo member made by `flask seed-demo`, with a year of history."""
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD, "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "demo@example.com"))
        return Person(user.id, user.email, user.display_name, DEMO_PASSWORD)


def owner_ids(app, owner: Person, admin: Person) -> dict:
    """Real ids of the owner's rows to fill every URL parameter with."""
    with app.app_context():
        # A debriefed interview whose feedback request still waits: every feedback step applies.
        assessment = db.session.scalars(
            select(SelfAssessment)
            .join(Interview, Interview.id == SelfAssessment.interview_id)
            .where(
                SelfAssessment.owner_id == owner.id,
                Interview.feedback_request.has(FeedbackRequest.status.in_(WAITING_STATES)),
            )
            .order_by(Interview.occurred_at.desc())
        ).first()
        interview = assessment.interview
        question = interview.questions[0]
        used = db.session.scalars(
            select(Category).where(Category.owner_id == owner.id).order_by(Category.position)
        ).all()
        item = db.session.scalars(select(ActionItem).where(ActionItem.owner_id == owner.id)).first()
        invite, _token = create_invite(admin.id, "member", "audit")
        db.session.add(invite)
        coach = db.session.scalar(select(User).where(User.email == "audit-coach@example.io"))
        if coach is None:
            coach = User(email="audit-coach@example.io", display_name="Audit Coach",
                         password_hash="x", role="coach")
            db.session.add(coach)
            db.session.flush()
        # A story not yet linked to that question: linking the two changes something.
        story = db.session.scalars(
            select(Story).where(Story.owner_id == owner.id,
                                ~Story.links.any(StoryQuestion.question_id == question.id))
        ).first()
        grant = CoachGrant(member_id=owner.id, coach_id=coach.id)
        reply = Comment(member_id=owner.id, author_id=owner.id, interview_id=interview.id,
                        body="The owner's own note")
        card = PracticeCard(owner_id=owner.id, kind="question", item_key="audit-card",
                            text=question.text, question_id=question.id)
        db.session.add_all([grant, reply, card])
        db.session.commit()
        return {
            "member_id": owner.id,
            "grant_id": grant.id,
            "comment_id": reply.id,
            "coach_user_id": coach.id,
            "interview_id": interview.id,
            "interview_version": interview.version,
            "interview_outcome": interview.outcome,
            "assessment_version": assessment.version,
            "feedback_version": interview.feedback_request.version,
            "question_id": question.id,
            "question_version": question.version,
            "category_id": question.category_id,
            "category_version": question.category.version,
            "item_version": item.version,
            "target_category_id": next(c.id for c in used if c.id != question.category_id),
            "item_id": item.id,
            "invite_id": invite.id,
            "user_id": owner.id,
            "user_email": owner.email,
            "card_id": card.id,
            "card_reviews": card.reviews,
            "story_id": story.id,
            "story_version": story.version,
        }


def url_for_rule(rule, ids: dict) -> str:
    """The rule's path with every parameter filled from `ids` (query ids included)."""
    missing = [name for name in rule.arguments if name not in ids]
    assert not missing, f"{rule.endpoint}: no real row to fill {missing} with; add it to owner_ids()"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(ids[name]), path)
    extra = QUERY_IDS.get(rule.endpoint, {})
    if extra:
        path += "?" + "&".join(f"{key}={ids[source]}" for key, source in extra.items())
    return path


def post_data(rule, ids: dict) -> dict:
    """The valid form for a rule's POST."""
    builder = AUDITED.get(rule.endpoint)
    return builder(ids) if builder else {}


def is_login_redirect(response) -> bool:
    """Whether a response sends the visitor to the login page."""
    location = response.headers.get("Location", "")
    return response.status_code in {301, 302, 303} and urlsplit(location).path == "/login"


@pytest.fixture
def demo(app, runner, admin):
    """The seeded demo member and the ids of their rows."""
    owner = seed_demo(app, runner)
    return owner, owner_ids(app, owner, admin)


def test_every_endpoint_is_audited_or_public(app):
    rules = {rule.endpoint for rule in app.url_map.iter_rules()}
    unknown = rules - set(AUDITED) - PUBLIC_ENDPOINTS
    assert not unknown, (
        f"New endpoint(s) {sorted(unknown)}: add each to AUDITED (with a valid form for its POST) "
        "or, if anybody may open it, to PUBLIC_ENDPOINTS with a comment saying why."
    )
    gone = (set(AUDITED) | PUBLIC_ENDPOINTS) - rules
    assert not gone, f"Endpoint(s) {sorted(gone)} no longer exist: remove them from this audit."
    for rule in app.url_map.iter_rules():
        if methods_of(rule) & {"POST"} and rule.endpoint in AUDITED:
            assert AUDITED[rule.endpoint] is not None, f"{rule.endpoint} takes POST: give its form"


def test_every_id_parameter_has_a_real_row(app, demo):
    _owner, ids = demo
    for rule in audited_rules(app):
        url_for_rule(rule, ids)  # fails with the parameter's name when it cannot be filled


def test_anonymous_visitors_are_sent_to_login_and_change_nothing(app, client, demo):
    _owner, ids = demo
    problems = []
    for rule in audited_rules(app):
        url = url_for_rule(rule, ids)
        for method in sorted(methods_of(rule) & {"GET", "POST"}):
            before = snapshot(app)
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data=post_data(rule, ids))
            if not is_login_redirect(response):
                problems.append(f"anonymous {method} {url}: {response.status_code}, not a redirect to /login")
            changed = changed_tables(before, snapshot(app))
            if changed:
                problems.append(f"anonymous {method} {url} changed {changed}")
    assert not problems, "\n".join(problems)


def test_another_member_gets_404_for_every_id_and_changes_nothing(app, demo, other_member):
    _owner, ids = demo
    intruder = log_in(app, app.test_client(), other_member)
    problems = []
    audited = 0
    for rule in audited_rules(app):
        if not rule.arguments and rule.endpoint not in QUERY_IDS:
            continue
        audited += 1
        url = url_for_rule(rule, ids)
        for method in sorted(methods_of(rule) & {"GET", "POST"}):
            before = snapshot(app)
            if method == "GET":
                response = intruder.get(url)
            else:
                response = intruder.post(url, data=post_data(rule, ids))
            if response.status_code != 404:
                problems.append(f"other member {method} {url}: {response.status_code}, not 404")
            changed = changed_tables(before, snapshot(app))
            if changed:
                problems.append(f"other member {method} {url} changed {changed}")
    assert audited >= 20  # the interview, question, category, action item and admin routes
    assert not problems, "\n".join(problems)


def test_a_member_mixing_own_and_foreign_ids_gets_404(app, demo, other_member):
    """The other member's own interview in the path does not open the owner's question."""
    _owner, ids = demo
    with app.app_context():
        own = Interview(owner_id=other_member.id, company="Own Co", role_title="Own role",
                        occurred_at=datetime(2024, 1, 10, 9, 0))
        db.session.add(own)
        db.session.commit()
        own_id = own.id
    intruder = log_in(app, app.test_client(), other_member)
    problems = []
    for rule in audited_rules(app):
        if not {"interview_id", "question_id"} <= set(rule.arguments):
            continue
        url = url_for_rule(rule, {**ids, "interview_id": own_id})
        for method in sorted(methods_of(rule) & {"GET", "POST"}):
            before = snapshot(app)
            send = intruder.get if method == "GET" else intruder.post
            response = send(url) if method == "GET" else send(url, data=post_data(rule, ids))
            if response.status_code != 404:
                problems.append(f"{method} {url}: {response.status_code}, not 404")
            if changed_tables(before, snapshot(app)):
                problems.append(f"{method} {url} changed the database")
    assert not problems, "\n".join(problems)


def test_a_member_gets_404_on_every_admin_page(app, demo, other_member):
    _owner, ids = demo
    intruder = log_in(app, app.test_client(), other_member)
    problems = []
    for rule in audited_rules(app):
        if not rule.endpoint.startswith("admin."):
            continue
        url = url_for_rule(rule, ids)
        for method in sorted(methods_of(rule) & {"GET", "POST"}):
            before = snapshot(app)
            response = intruder.get(url) if method == "GET" else intruder.post(url, data=post_data(rule, ids))
            if response.status_code != 404:
                problems.append(f"member {method} {url}: {response.status_code}, not 404")
            if changed_tables(before, snapshot(app)):
                problems.append(f"member {method} {url} changed the database")
    assert not problems, "\n".join(problems)


def test_no_get_changes_the_database(app, demo, admin):
    owner, ids = demo
    member = log_in(app, app.test_client(), owner)
    runs_instance = log_in(app, app.test_client(), admin)
    problems = []
    urls = []
    for rule in audited_rules(app):
        if "GET" in methods_of(rule) and not rule.endpoint.startswith(COACH_ONLY):
            who = runs_instance if rule.endpoint.startswith(("admin.", "group.")) else member
            urls.append((who, url_for_rule(rule, ids)))
    urls += [(member, url) for url in EXTRA_GETS]
    for who, url in urls:
        before = snapshot(app)
        response = who.get(url)
        if response.status_code not in {200, 302}:
            problems.append(f"GET {url}: {response.status_code}")
        changed = changed_tables(before, snapshot(app))
        if changed:
            problems.append(f"GET {url} changed {changed}")
    assert len(urls) >= 30
    assert not problems, "\n".join(problems)


def test_public_pages_change_nothing_on_get(app, client, demo, admin):
    """The allow-listed pages are open to anybody, and reading them changes nothing either."""
    _owner, ids = demo
    with app.app_context():
        invite, token = create_invite(admin.id, "member", "audit")
        db.session.add(invite)
        db.session.commit()
    urls = ["/login", "/login?next=/dashboard", "/setup", "/signup", f"/join/{token}", "/join/unknown",
            "/reset/unknown", "/static/css/app.css"]
    problems = []
    for url in urls:
        before = snapshot(app)
        response = client.get(url)
        if response.status_code not in {200, 302, 404}:
            problems.append(f"GET {url}: {response.status_code}")
        changed = changed_tables(before, snapshot(app))
        if changed:
            problems.append(f"GET {url} changed {changed}")
    assert client.get(f"/join/{token}").status_code == 200  # the invite is still usable
    assert not problems, "\n".join(problems)


def test_post_only_routes_refuse_get(app, demo, admin):
    owner, ids = demo
    member = log_in(app, app.test_client(), owner)
    runs_instance = log_in(app, app.test_client(), admin)
    problems = []
    post_only = [rule for rule in audited_rules(app) if methods_of(rule) == {"POST"}]
    for rule in post_only:
        who = runs_instance if rule.endpoint.startswith("admin.") else member
        url = url_for_rule(rule, ids)
        before = snapshot(app)
        response = who.get(url)
        if response.status_code != 405:
            problems.append(f"GET {url}: {response.status_code}, not 405")
        if changed_tables(before, snapshot(app)):
            problems.append(f"GET {url} changed the database")
    assert len(post_only) >= 10
    assert not problems, "\n".join(problems)


def test_every_post_without_csrf_token_is_refused(app, demo, admin):
    owner, ids = demo
    member = log_in(app, app.test_client(), owner)
    runs_instance = log_in(app, app.test_client(), admin)
    problems = []
    for rule in audited_rules(app):
        if "POST" not in methods_of(rule):
            continue
        who = runs_instance if rule.endpoint.startswith("admin.") else member
        url = url_for_rule(rule, ids)
        before = snapshot(app)
        response = who.post(url, data=post_data(rule, ids), csrf=False)
        if response.status_code != 400:
            problems.append(f"POST {url} without CSRF: {response.status_code}, not 400")
        changed = changed_tables(before, snapshot(app))
        if changed:
            problems.append(f"POST {url} without CSRF changed {changed}")
    assert not problems, "\n".join(problems)


def test_the_audits_valid_forms_really_change_something(app, demo, admin):
    """The forms above are valid: posted by the owner (with a token), they do save.

    Without this, a form the views refuse would make the 404 and login checks pass for nothing.
    """
    owner, ids = demo
    member = log_in(app, app.test_client(), owner)
    runs_instance = log_in(app, app.test_client(), admin)
    problems = []
    # Each of these changes rows that later posts do not need; deletions and logout come last.
    order = [
        "debrief.assessment", "debrief.outcome", "debrief.mark_sent", "debrief.mark_followed_up",
        "debrief.record_reply", "debrief.add_takeaway", "debrief.template", "interviews.new",
        "interviews.edit",
        "interviews.new_question", "interviews.edit_question", "interviews.move_question",
        "categories.index", "categories.edit", "categories.toggle_hidden", "actions.new",
        "stories.edit", "stories.link_to_questions", "stories.for_question", "stories.new",
        "actions.edit", "actions.toggle", "rehearsal.start", "rehearsal.grade", "admin.new_invite", "admin.edit_user",
        "admin.signup_setting", "admin.revoke_invite",
    ]
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for endpoint in order:
        who = runs_instance if endpoint.startswith("admin.") else member
        with app.app_context():
            interview = db.session.get(Interview, ids["interview_id"])
            ids["interview_version"] = interview.version
            ids["assessment_version"] = interview.self_assessment.version
            ids["feedback_version"] = interview.feedback_request.version
            ids["question_version"] = db.session.get(Question, ids["question_id"]).version
            ids["category_version"] = db.session.get(Category, ids["category_id"]).version
            ids["item_version"] = db.session.get(ActionItem, ids["item_id"]).version
            db.session.rollback()
        url = url_for_rule(rules[endpoint], ids)
        before = snapshot(app)
        response = who.post(url, data=post_data(rules[endpoint], ids))
        # A new invite's link is shown once, on the page that answers the POST.
        expected = 200 if endpoint == "admin.new_invite" else 302
        if response.status_code != expected or not changed_tables(before, snapshot(app)):
            problems.append(f"POST {url}: {response.status_code}, saved nothing")
    assert not problems, "\n".join(problems)
    with app.app_context():
        assert db.session.get(Question, ids["question_id"]).text == "Why us?"


@pytest.mark.parametrize("endpoint", ["data.delete_account", "admin.delete_user"])
def test_the_audits_deletion_forms_really_delete(app, demo, admin, endpoint):
    """The account deletions' forms above are valid too: they delete the owner's account."""
    owner, ids = demo
    who = log_in(app, app.test_client(), admin if endpoint.startswith("admin.") else owner)
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    response = who.post(url_for_rule(rule, ids), data=post_data(rule, ids))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, owner.id) is None
