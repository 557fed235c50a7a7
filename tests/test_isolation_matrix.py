"""The isolation matrix of the whole app (issue #10 item 8), generated from app.url_map.

Every endpoint is classified below (KINDS); a new route that is not fails
`test_every_endpoint_is_classified`, naming it, and fails the matrix too. Every URL (filled with
the ids of one member's rows: tests/test_route_audit.py's `owner_ids`) and every form (its valid
form: test_route_audit's AUDITED) is requested by each of

    owner, coach with grant, coach without grant, coach after revoke, coach on a private
    interview, another member, admin, anonymous

and answered as the member's promises say: the owner 200 (302 for a page that sends on, and
for a saved form); a coach only through the coaching pages, only with a standing grant, and
never on a private interview; everybody else 404, exactly like a missing row; an anonymous
visitor is sent to /login. Every refused request (POST and GET) leaves every row of every table
as it was, and no page of somebody else shows the member's interviews.

One world is built per module (a demo member with a year of history, their coaches and a
stranger): refused requests change nothing, so the roles share it; the writes that are allowed
(the coach's comments, the owner's own forms) come last, and a test that finds the world changed
by them builds it again.
"""

import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import ActionItem, Comment, Interview, Role, SelfAssessment
from tests.coaching_factories import make_comment, make_grant, make_private
from tests.conftest import (
    WRITING_STATEMENT,
    Person,
    empty_instance,
    log_in,
    make_person,
)
from tests.crawler import crawl, parse_forms
from tests.test_route_audit import (
    AUDITED,
    QUERY_IDS,
    changed_tables,
    is_login_redirect,
    methods_of,
    owner_ids,
    post_data,
    seed_demo,
    url_for_rule,
)

# What each endpoint is, for the matrix.
PUBLIC = "public"  # anybody, logged in or not: the ways in, and the static files
OWN = "own"  # the visitor's own pages; no row of anybody else's in the URL
MEMBER = "member"  # one member's rows by id (in the path, or the query: QUERY_IDS): the owner only
COMMENT = "comment"  # one comment: its author only (the member's reply; a coach's, while granted)
COACH = "coach"  # a coach's read-only view of a member who granted them, never a private interview
STAFF = "staff"  # the group's anonymous insights: coaches and the admin
ADMIN = "admin"  # running the instance: the admin only

KINDS = {
    # The ways in, and the static files (tests/test_route_audit.py's PUBLIC_ENDPOINTS).
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.setup": PUBLIC,
    "auth.join": PUBLIC,
    "auth.signup": PUBLIC,
    "auth.reset_password": PUBLIC,
    # The visitor's own pages and forms.
    "main.home": OWN,
    "auth.logout": OWN,
    "auth.change_password": OWN,
    "dashboard.index": OWN,
    "search.results": OWN,
    "interviews.index": OWN,
    "interviews.new": OWN,
    "categories.index": OWN,
    "actions.index": OWN,
    "actions.new": OWN,
    "rehearsal.index": OWN,
    "debrief.template": OWN,
    "debrief.calendar": OWN,
    "data.index": OWN,
    "data.import_json": OWN,
    "data.import_csv": OWN,
    "data.import_confirm": OWN,
    "data.export_json": OWN,
    "data.export_csv": OWN,
    "data.export_markdown": OWN,
    "data.report": OWN,
    "data.delete_account": OWN,
    "sharing.index": OWN,
    "sharing.grant": OWN,
    "sharing.group_choices": OWN,  # the member's own opt-outs (insights, the question pool)
    "rehearsal.start": OWN,
    "stories.index": OWN,
    "stories.new": OWN,
    # One member's rows, by id.
    "prep.sheet": MEMBER,  # ?interview=<id>
    "interviews.detail": MEMBER,
    "interviews.edit": MEMBER,
    "interviews.delete": MEMBER,
    "interviews.new_question": MEMBER,
    "interviews.edit_question": MEMBER,
    "interviews.delete_question": MEMBER,
    "interviews.move_question": MEMBER,
    "categories.edit": MEMBER,
    "categories.toggle_hidden": MEMBER,
    "categories.remove": MEMBER,
    "categories.delete": MEMBER,
    "categories.merge": MEMBER,
    "debrief.assessment": MEMBER,
    "debrief.outcome": MEMBER,
    "debrief.feedback": MEMBER,
    "debrief.mark_sent": MEMBER,
    "debrief.mark_followed_up": MEMBER,
    "debrief.record_reply": MEMBER,
    "debrief.mark_no_reply": MEMBER,
    "debrief.add_takeaway": MEMBER,
    "actions.edit": MEMBER,
    "actions.toggle": MEMBER,
    "actions.delete": MEMBER,
    "rehearsal.answer": MEMBER,
    "rehearsal.grade": MEMBER,
    "stories.detail": MEMBER,
    "stories.edit": MEMBER,
    "stories.delete": MEMBER,
    "stories.link_to_questions": MEMBER,
    "stories.unlink": MEMBER,
    "stories.for_question": MEMBER,
    "sharing.revoke": MEMBER,
    "sharing.set_private": MEMBER,
    "sharing.reply_debrief": MEMBER,
    "sharing.reply_question": MEMBER,
    # One comment.
    "comments.edit": COMMENT,
    "comments.delete": COMMENT,
    # The coach's views of a granted member (coaching.home: any coach, their own list).
    "coaching.home": COACH,
    "coaching.dashboard": COACH,
    "coaching.interviews": COACH,
    "coaching.interview": COACH,
    "coaching.debrief": COACH,
    "coaching.comment_debrief": COACH,
    "coaching.comment_question": COACH,
    "coaching.rate_question": COACH,
    "coaching.unrate_question": COACH,
    # The group's anonymous insights.
    "group.insights": STAFF,
    # Running the instance.
    "admin.index": ADMIN,
    "admin.new_invite": ADMIN,
    "admin.revoke_invite": ADMIN,
    "admin.edit_user": ADMIN,
    "admin.delete_user": ADMIN,
    "admin.signup_setting": ADMIN,
    "admin.make_reset_link": ADMIN,
}

ROLES = ["anonymous", "other_member", "admin", "coach_without_grant", "coach_after_revoke",
         "coach_on_private", "coach", "owner"]
COACHES = {"coach", "coach_without_grant", "coach_after_revoke", "coach_on_private"}
GRANTED = {"coach", "coach_on_private"}
# Rows of one interview: a coach on a private interview is refused every URL that names one.
INTERVIEW_PARTS = {"interview_id", "question_id"}
SHARED_COMPANY = "Matrix Shared Robotics"
PRIVATE_COMPANY = "Matrix Private Dynamics"

# Whose allowed writes may come before a role's run in the same world (ROLES' order).
WRITES_BEFORE = {"coach": {"coach_on_private"}, "owner": {"coach_on_private", "coach"}}

LOGIN = "a redirect to /login"
OK = "200 (or 302)"
REFUSED = 404
SKIP = None


def expected(endpoint: str, arguments: set[str], role: str, method: str):
    """What `role` gets from the endpoint: LOGIN, OK, REFUSED, or SKIP (not this matrix's to ask)."""
    kind = KINDS[endpoint]
    if kind == PUBLIC:
        return SKIP  # tests/test_route_audit.py's public pages test
    if role == "anonymous":
        return LOGIN
    if kind == OWN:
        # Reading one's own page is open to all; posting to it changes the visitor's own
        # account (their interviews, their login), tested with each area.
        return OK if method == "GET" else SKIP
    if kind == ADMIN:
        if role != "admin":
            return REFUSED
        return OK if method == "GET" else SKIP  # the admin's own writes: tests/test_admin.py
    if kind == STAFF:
        return OK if role in COACHES | {"admin"} else REFUSED
    if kind == MEMBER:
        return OK if role == "owner" else REFUSED
    if kind == COMMENT:
        return OK if role in {"owner", "coach"} else REFUSED  # each with their own comment
    if kind == COACH:
        if role not in COACHES:
            return REFUSED
        if "member_id" not in arguments:
            return OK  # the coach's own list of the members who granted them
        if role == "coach_on_private" and arguments & INTERVIEW_PARTS:
            return REFUSED
        return OK if role in GRANTED else REFUSED
    raise AssertionError(f"{endpoint}: kind {kind!r} has no expectations")


def leaks_for(role: str) -> tuple[str, ...]:
    """What `role` must never read: the member's private interview, and more for strangers."""
    if role == "owner":
        return ()
    if role in GRANTED:
        return (PRIVATE_COMPANY,)
    return (PRIVATE_COMPANY, SHARED_COMPANY)


def write_order(rule) -> tuple:
    """Allowed writes that take rows away come after those that change them: deletions of
    children before their parents, and a question, then an interview, very last."""
    name = rule.endpoint.rsplit(".", 1)[-1]
    if rule.endpoint == "interviews.delete":
        rank = 4
    elif rule.endpoint == "interviews.delete_question":
        rank = 3
    elif name.startswith(("delete", "remove", "unlink", "unrate", "merge", "revoke", "set_private")):
        rank = 2
    else:
        rank = 1
    return (rank, -len(rule.arguments), rule.rule)


@dataclass
class World:
    """One member's year of history, the people around them, and their ids per role."""

    people: dict[str, Person] = field(default_factory=dict)
    ids: dict[str, dict] = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    changed: bool = True  # not built yet, or changed by a failure: build before use
    written_by: set = field(default_factory=set)  # the roles whose allowed writes ran in it

    def fits(self, role: str) -> bool:
        """Whether the world is as `role`'s run needs it: nobody's writes but those that
        cannot change what it checks (a coach's comments and visits do not matter to the
        owner; the coach on a private interview only adds visits)."""
        return not self.changed and self.written_by <= WRITES_BEFORE.get(role, set())

    def client(self, app, role: str):
        """A browser of `role`, logged in once per build (anonymous: not logged in)."""
        if role not in self.clients:
            client = app.test_client()
            if role != "anonymous":
                log_in(app, client, self.people[role])
            self.clients[role] = client
            # The session's CSRF token, read once from a page as a browser would, and sent
            # with every form (instead of fetching a page before each post).
            self.tokens[role] = client.csrf_token()
        return self.clients[role]


WORLD = World()


def first_private_candidate(app, owner_id: int, shared_id: int) -> tuple[int, int]:
    """Another debriefed interview of the member, with a question: (interview, question)."""
    with app.app_context():
        interviews = db.session.scalars(
            select(Interview)
            .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
            .where(Interview.owner_id == owner_id, Interview.id != shared_id)
            .order_by(Interview.occurred_at.desc())
        )
        chosen = next(i for i in interviews if i.questions)
        return chosen.id, chosen.questions[0].id


def rename(app, interview_id: int, company: str) -> None:
    """Give an interview a name that a leak check can look for."""
    with app.app_context():
        db.session.get(Interview, interview_id).company = company
        db.session.commit()


def build_world(app, runner) -> None:
    """The demo member, a coach they granted, a coach they never granted, a coach whose grant
    they revoked (after that coach commented), another member and the admin."""
    empty_instance(app)
    admin = make_person(app, "admin@example.test", "Ada Admin", Role.ADMIN)
    owner = seed_demo(app, runner)
    ids = owner_ids(app, owner, admin)  # also: a coach with a grant, and the owner's own reply
    shared = ids["interview_id"]
    private, private_question = first_private_candidate(app, owner.id, shared)
    rename(app, shared, SHARED_COMPANY)
    rename(app, private, PRIVATE_COMPANY)
    coach = Person(ids["coach_user_id"], "audit-coach@example.io", "Audit Coach")
    stranger_coach = make_person(app, "carl@example.io", "Carl Coach", Role.COACH)
    former_coach = make_person(app, "fay@example.io", "Fay Former", Role.COACH)
    make_grant(app, owner.id, former_coach.id, revoked=True)
    coach_comment = make_comment(app, owner.id, coach.id, shared, "Coach note", ids["question_id"])
    private_comment = make_comment(app, owner.id, coach.id, private, "Before it went private")
    former_comment = make_comment(app, owner.id, former_coach.id, shared, "Said before the revoke")
    make_private(app, owner.id, private)
    other = make_person(app, "otto@example.test", "Otto Other")
    WORLD.people = {
        "owner": owner, "coach": coach, "coach_on_private": coach,
        "coach_without_grant": stranger_coach, "coach_after_revoke": former_coach,
        "other_member": other, "admin": admin,
    }
    # Each role's URLs name the member's rows; a comment URL names the comment the role
    # would touch: its own where it has one.
    base = {**ids, "comment_id": coach_comment}
    WORLD.ids = {role: dict(base) for role in ROLES}
    WORLD.ids["owner"]["comment_id"] = ids["comment_id"]  # the owner's own reply
    WORLD.ids["coach_after_revoke"]["comment_id"] = former_comment
    WORLD.ids["coach_on_private"].update(
        interview_id=private, question_id=private_question, comment_id=private_comment
    )
    WORLD.clients = {}
    WORLD.changed = False
    WORLD.written_by = set()


@pytest.fixture(autouse=True)
def _fresh_database():
    """The matrix shares one world across its tests (`world`), instead of conftest's empty
    instance before each test; the world is built, and rebuilt, by `world` alone."""
    yield


@pytest.fixture(scope="module", autouse=True)
def _world_of_this_module(app):
    """Other modules empty the database before each of their tests: build anew here. And
    listen for writing statements (recorded_writes) while this module runs."""
    WORLD.changed = True
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _record_write)
    yield
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", _record_write)
    WORLD.changed = True
    WORLD.clients = {}


@pytest.fixture
def world(app, runner, request) -> World:
    """The shared world, built again when writes before made it unfit for this test's role."""
    role = getattr(request.node, "callspec", None) and request.node.callspec.params.get("role")
    if not WORLD.fits(role or "coach"):
        build_world(app, runner)
    return WORLD


def every_row(app) -> dict[str, Counter]:
    """Every row of every table, all columns (version counters and stamps too): what a refused
    request must leave exactly as it was. Like test_route_audit's `snapshot`, read faster."""
    with app.app_context(), db.engine.connect() as connection:
        return {table.name: Counter(map(tuple, connection.execute(table.select())))
                for table in db.metadata.sorted_tables}


_RECORDING: list[list[str]] = []


def _record_write(conn, cursor, statement, parameters, context, executemany):
    """Note every writing statement while a request of the matrix runs (recorded_writes)."""
    if _RECORDING and WRITING_STATEMENT.match(statement):
        _RECORDING[-1].append(statement)


@contextmanager
def recorded_writes():
    """The writing statements (INSERT, UPDATE, DELETE) run inside the block."""
    statements: list[str] = []
    _RECORDING.append(statements)
    try:
        yield statements
    finally:
        _RECORDING.pop()


def refresh_versions(app, ids: dict) -> None:
    """The current version of every row the owner's forms carry, as a fresh page would."""
    with app.app_context():
        interview = db.session.get(Interview, ids["interview_id"])
        if interview is None:
            return
        ids["interview_version"] = interview.version
        if interview.self_assessment:
            ids["assessment_version"] = interview.self_assessment.version
        if interview.feedback_request:
            ids["feedback_version"] = interview.feedback_request.version
        # Every other `<row>_version` beside a `<row>_id`, the row's model found by table name.
        models = {mapper.local_table.name: mapper.class_ for mapper in db.Model.registry.mappers}
        models["item"] = ActionItem
        for key in [name.removesuffix("_version") for name in ids if name.endswith("_version")]:
            model = models.get(key)
            row = db.session.get(model, ids[f"{key}_id"]) if model and f"{key}_id" in ids else None
            if row is not None:
                ids[f"{key}_version"] = row.version
        db.session.rollback()


def matrix_rules(app) -> list:
    """The url_map's rules, reads first, then the writes in an order that keeps later ones
    meaningful (write_order)."""
    rules = [rule for rule in app.url_map.iter_rules()]
    reads = sorted((r for r in rules if "GET" in methods_of(r)), key=lambda r: r.rule)
    writes = sorted((r for r in rules if "POST" in methods_of(r)), key=write_order)
    return [(r, "GET") for r in reads] + [(r, "POST") for r in writes]


def requests_of(app, role: str) -> list[tuple]:
    """The (rule, method, expected answer) `role` sends: the refused ones first (they share
    their dumps of the rows), then the allowed ones in matrix_rules' order."""
    requests = [(rule, method, expected(rule.endpoint, set(rule.arguments), role, method))
                for rule, method in matrix_rules(app) if rule.endpoint in KINDS]
    requests = [request for request in requests if request[2] is not SKIP]
    return sorted(requests, key=lambda request: request[2] == OK)  # a stable sort


def run_matrix(app, runner, role: str) -> tuple[list[str], int]:
    """Request every URL and form as `role`; the problems found, and how many were checked.

    A refused POST is checked against a dump of every row before and after it; a refused GET
    by the statements it ran (none may write), which is much cheaper than a dump; a role that
    is refused everywhere is also checked against a dump of the whole run.
    """
    problems: list[str] = []
    checked = 0
    before = None  # the rows before a refused POST (kept while refused requests follow)
    WORLD.client(app, role)  # logged in (a session row) before the run's first dump
    start = every_row(app) if role not in GRANTED | {"owner"} else None
    unclassified = [rule for rule, _method in matrix_rules(app) if rule.endpoint not in KINDS]
    problems += [f"{rule.endpoint} ({rule.rule}) is not classified in KINDS" for rule in unclassified]
    for rule, method, want in requests_of(app, role):
        ids = WORLD.ids[role]
        try:
            url = url_for_rule(rule, ids)
        except AssertionError as missing:
            problems.append(str(missing))
            continue
        client = WORLD.client(app, role)
        refused = want != OK
        if refused and method == "POST" and before is None:
            before = every_row(app)
        if not refused and method == "POST":
            refresh_versions(app, ids)
        where = f"{role} {method} {url} ({rule.endpoint})"
        with recorded_writes() as writes:
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={**post_data(rule, ids), "csrf_token": WORLD.tokens[role]})
        checked += 1
        problems += judge(response, want, role, where,
                          look_for_leaks=method == "GET" and KINDS[rule.endpoint] != ADMIN)
        if not refused:
            before = None  # an allowed request may write (a coach's visit is logged)
            continue
        changed = [f"wrote {statement[:70]!r}" for statement in writes[:1]]
        if method == "POST":
            after = every_row(app)
            changed += [f"changed {changed_tables(before, after)}"] if changed_tables(before, after) else []
            before = after
        if changed:
            problems.append(f"{where} was refused but {' and '.join(changed)}")
            build_world(app, runner)  # put the world back for the requests that follow
            if role in GRANTED | {"owner"}:
                WORLD.written_by.add(role)
            before = start = None
    if start is not None and changed_tables(start, every_row(app)):
        problems.append(f"{role}: the whole run changed {changed_tables(start, every_row(app))}")
    return problems, checked


def judge(response, want, role: str, where: str, look_for_leaks: bool) -> list[str]:
    """What is wrong with one answer: its status, or a page showing what `role` must not read."""
    status = response.status_code
    if want == LOGIN and not is_login_redirect(response):
        return [f"{where}: {status}, not a redirect to /login"]
    if want == REFUSED and status != 404:
        return [f"{where}: {status}, not 404"]
    if want == OK and status not in (200, 302, 303):
        return [f"{where}: {status}, not 200 or 302"]
    if want == OK and look_for_leaks:
        body = response.get_data()  # a page, or a download (an export)
        return [f"{where} shows {secret!r}" for secret in leaks_for(role) if secret.encode() in body]
    return []


def test_every_endpoint_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unknown = sorted(endpoints - set(KINDS))
    assert not unknown, (
        f"Endpoint(s) not in the isolation matrix: {unknown}. Add each to KINDS in "
        "tests/test_isolation_matrix.py (member-owned, coach, staff, admin, own, public), with its "
        "ids in test_route_audit.owner_ids() and its valid form in test_route_audit.AUDITED."
    )
    gone = sorted(set(KINDS) - endpoints)
    assert not gone, f"Endpoint(s) {gone} no longer exist: remove them from KINDS."
    problems = []
    for rule in app.url_map.iter_rules():
        kind = KINDS[rule.endpoint]
        if kind == MEMBER and not (rule.arguments or rule.endpoint in QUERY_IDS):
            problems.append(f"{rule.endpoint}: member-owned, but its URL names no row")
        if kind == OWN and rule.arguments:
            problems.append(f"{rule.endpoint}: an own page, but its URL names {sorted(rule.arguments)}")
        if kind == COACH and rule.arguments and "member_id" not in rule.arguments:
            problems.append(f"{rule.endpoint}: a coach's view names no member")
        if kind != PUBLIC and "POST" in methods_of(rule) and AUDITED.get(rule.endpoint) is None:
            problems.append(f"{rule.endpoint}: takes POST, give its valid form in AUDITED")
    assert not problems, "\n".join(problems)


def coach_pages(app, world: World) -> list[str]:
    """Every page of a coach's views of the member: each coaching GET, and what links reach."""
    ids = world.ids["coach"]
    pages = [url_for_rule(rule, ids) for rule in app.url_map.iter_rules()
             if KINDS.get(rule.endpoint) == COACH and "GET" in methods_of(rule)]
    client = world.client(app, "coach")
    adapter = app.url_map.bind("127.0.0.1")
    for url in crawl(client, ["/coaching"], per_pattern=2, max_pages=30).pages:
        try:
            endpoint, _args = adapter.match(url.split("?")[0], method="GET")
        except Exception:  # a page elsewhere, or a redirect target outside the map
            continue
        if KINDS.get(endpoint) == COACH and url not in pages:
            pages.append(url)
    return pages


def test_the_coach_pages_have_no_form_that_reaches_a_members_data(app, world):
    client = world.client(app, "coach")
    coach_id = world.people["coach"].id
    adapter = app.url_map.bind("127.0.0.1")
    problems, forms_seen = [], 0
    pages = coach_pages(app, world)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for form in parse_forms(page, response.get_data(as_text=True)):
            forms_seen += 1
            endpoint, args = adapter.match(form.action.split("?")[0], method=form.method.upper())
            kind = KINDS.get(endpoint)
            if kind == COMMENT:
                with app.app_context():
                    author = db.session.get(Comment, args["comment_id"]).author_id
                if author != coach_id:
                    problems.append(f"{page}: a form to {form.action} edits someone else's comment")
            elif kind == OWN:
                if re.search(r"\d", form.action):
                    problems.append(f"{page}: a form to the coach's own {endpoint} names {form.action}")
            elif kind != COACH:
                problems.append(f"{page}: a form to {form.action} ({endpoint}, {kind})")
    assert len(pages) >= 5 and forms_seen >= 5, (pages, forms_seen)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_the_isolation_matrix(app, runner, world, role):
    if role in GRANTED | {"owner"}:
        WORLD.written_by.add(role)  # their allowed writes change the world for who comes next
    problems, checked = run_matrix(app, runner, role)
    assert checked >= 40, f"{role}: only {checked} requests checked"
    assert not problems, f"{role}, {len(problems)} problem(s):\n" + "\n".join(problems)
