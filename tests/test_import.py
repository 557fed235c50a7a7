"""Importing on "Your data": a Debrief JSON export or a CSV of interviews, previewed, then
confirmed all at once; bad files refused with a message next to the field and nothing changed;
and `flask import` from the shell.

Uploads go through the page as a browser sends them: the form is read from the page (its
action and hidden fields), the file goes in its file field, multipart.
"""

import copy
import io
import json
import re
import time
import zipfile
from html import unescape

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.data import import_uploads, import_writing
from app.data.csv_columns import INTERVIEW_COLUMNS
from app.data.csv_export import write_csv_zip
from app.data.import_forms import UPLOAD_LIMIT
from app.data.json_export import write_json_export
from app.extensions import db
from app.models import ActionItem, Category, FeedbackRequest, Interview, Question, User
from tests.conftest import log_in
from tests.crawler import parse_forms, send, submit
from tests.stored_rows import change_between, demo_member, stored_rows


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    """Waiting uploads go to a folder of the test's own."""
    folder = tmp_path / "imports"
    folder.mkdir()
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(folder))  # empty for each test
    return folder


_DEMO_FILES: dict[str, bytes] = {}


@pytest.fixture
def demo_files(app, runner) -> dict[str, bytes]:
    """The demo member's JSON export and interviews.csv, made once (seeding takes seconds);
    the demo member is not in the database afterwards (every test starts empty)."""
    if not _DEMO_FILES:
        demo = demo_member(app, runner)
        _DEMO_FILES["json"] = json_export_of(app, demo.id)
        _DEMO_FILES["csv"] = interviews_csv_of(app, demo.id)
    return _DEMO_FILES


def json_export_of(app, user_id: int) -> bytes:
    """A member's JSON export, as the download gives it."""
    with app.app_context():
        out = io.BytesIO()
        write_json_export(db.session.get(User, user_id), out)
        db.session.rollback()
        return out.getvalue()


def interviews_csv_of(app, user_id: int) -> bytes:
    """The interviews.csv of a member's CSV export."""
    with app.app_context():
        out = io.BytesIO()
        write_csv_zip(db.session.get(User, user_id), out)
        db.session.rollback()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        return archive.read("interviews.csv")


def upload(client, kind: str, raw: bytes | None, filename: str = "export.json"):
    """Send a file with the page's import form of `kind` ("json" or "csv"), as a browser does."""
    page = client.get("/data/").get_data(as_text=True)
    form = next(f for f in parse_forms("/data/", page) if f.action == f"/data/import/{kind}")
    data = dict(form.submission())
    if raw is not None:
        data[f"{kind}-file"] = (io.BytesIO(raw), filename)
    return client.post(form.action, data=data, content_type="multipart/form-data")


def confirm(client, preview_html: str, press: str = "Import"):
    """Press a button of the preview's form."""
    form = next(f for f in parse_forms("/data/import/json", preview_html) if f.action == "/data/import/confirm")
    return submit(client, form, form.submission(press=press))


def field_error(html: str, kind: str) -> str | None:
    """The message next to the file field of the `kind` import form."""
    found = re.search(rf'<small id="{kind}-file-error" class="field-error">(.*?)</small>', html, re.S)
    return unescape(found.group(1)) if found else None


def count(app, model, owner_id: int) -> int:
    """How many rows of `model` the member has."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(model.owner_id == owner_id))


def without_export_time(raw: bytes) -> bytes:
    """An export without its `exported_at` line."""
    return re.sub(rb'\n  "exported_at": "[^"]*",', b"", raw)


# --- The page ------------------------------------------------------------------------------


def test_your_data_page_offers_both_imports(member_client):
    page = member_client.get("/data/").get_data(as_text=True)
    for kind in ("json", "csv"):
        assert f'action="/data/import/{kind}#import-{kind}"' in page
        assert f'<label for="{kind}-file">' in page
    assert page.count('enctype="multipart/form-data"') >= 2


def test_anonymous_visitors_are_sent_to_login_and_nothing_changes(app, client, member):
    before = stored_rows(app)
    for url in ("/data/import/json", "/data/import/csv", "/data/import/confirm"):
        response = client.post(url, data={"json-file": (io.BytesIO(b"{}"), "x.json")},
                               content_type="multipart/form-data")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert not change_between(before, stored_rows(app))


def test_the_import_urls_take_only_posts(member_client):
    for url in ("/data/import/json", "/data/import/csv", "/data/import/confirm"):
        assert member_client.get(url).status_code == 405


# --- JSON: the happy path ------------------------------------------------------------------


def test_an_export_imports_into_a_new_account_after_a_preview(app, demo_files, member, upload_folder):
    raw = demo_files["json"]
    client = log_in(app, app.test_client(), member)
    before = stored_rows(app)
    preview = upload(client, "json", raw, "debrief-export.json")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Check the import" in html and "debrief-export.json" in html
    # The counts, the date range and the categories: nothing has changed yet.
    assert re.search(r"Interviews</th>\s*<td>33</td>\s*<td>0</td>", html)
    assert re.search(r"Questions</th>\s*<td>\d{3}</td>", html)
    assert "held from" in html and "categories as they are" in html
    assert not change_between(before, stored_rows(app))
    assert len(list(upload_folder.iterdir())) == 1  # the file waits on the server, not in the page
    assert raw.decode()[:50] not in html
    done = confirm(client, html)
    assert done.status_code == 302 and done.headers["Location"] == "/dashboard"
    assert "Imported 33 interviews" in client.get("/data/").get_data(as_text=True)
    assert count(app, Interview, member.id) == 33
    assert list(upload_folder.iterdir()) == []
    assert without_export_time(json_export_of(app, member.id)) == without_export_time(raw)


def test_importing_the_same_file_again_adds_nothing(app, demo_files, member):
    raw = demo_files["json"]
    client = log_in(app, app.test_client(), member)
    confirm(client, upload(client, "json", raw).get_data(as_text=True))
    before = stored_rows(app)
    again = upload(client, "json", raw).get_data(as_text=True)
    assert "already in your account: importing it would add nothing" in again
    assert re.search(r"Interviews</th>\s*<td>0</td>\s*<td>33</td>", again)
    assert 'action="/data/import/confirm"' not in again
    assert not change_between(before, stored_rows(app))


def test_into_an_account_with_its_own_history_records_are_merged(app, demo_files, member):
    """The member's own interviews stay; the file's custom category is created; a record the
    account has (same uid) is skipped, and a new question of it is added to it."""
    raw = demo_files["json"]
    document = json.loads(raw)
    document["categories"].append(
        {"uid": "0b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c", "name": "Stakeholders", "hint": "", "default_key": None,
         "hidden": True}
    )
    document["interviews"][0]["questions"][0]["category"] = "0b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c"
    client = log_in(app, app.test_client(), member)
    send(client, "/interviews/new", "/interviews/new",
         {"company": "Mine Ltd", "role_title": "Analyst", "occurred_at": "2024-05-01T10:00"})
    assert count(app, Interview, member.id) == 1
    first = json.loads(raw)  # the file without the custom category: 33 interviews
    confirm(client, upload(client, "json", json.dumps(first).encode()).get_data(as_text=True))
    assert count(app, Interview, member.id) == 34
    # A later export of the same history: one new question on an interview already imported.
    extra = copy.deepcopy(document["interviews"][0]["questions"][0])
    extra["uid"] = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    extra["text"] = "A question added later"
    document["interviews"][0]["questions"].append(extra)
    html = upload(client, "json", json.dumps(document).encode()).get_data(as_text=True)
    assert re.search(r"Interviews</th>\s*<td>0</td>\s*<td>33</td>", html)
    assert re.search(r"Questions</th>\s*<td>1</td>", html)
    assert "Categories created" in html and "Stakeholders (hidden)" in html
    assert "categories as they are" not in html
    confirm(client, html)
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.owner_id == member.id,
                                                            Question.text == "A question added later"))
        assert question.category.name == "Stakeholders" and question.category.hidden
        assert question.position == len(question.interview.questions) - 1
        names = db.session.scalars(select(Category.name).where(Category.owner_id == member.id)).all()
        assert len(names) == 14 and "Mine Ltd" in db.session.scalars(
            select(Interview.company).where(Interview.owner_id == member.id)).all()


def test_records_of_another_member_with_the_same_uids_are_imported_for_this_one(
    app, demo_files, member, other_member
):
    """uids are unique per owner: the same file imports into two accounts."""
    for person in (member, other_member):
        client = log_in(app, app.test_client(), person)
        confirm(client, upload(client, "json", demo_files["json"]).get_data(as_text=True))
    assert count(app, Interview, member.id) == count(app, Interview, other_member.id) == 33


def test_the_feedback_template_is_set_only_when_the_member_has_none(app, demo_files, member):
    document = json.loads(demo_files["json"])
    document["feedback_template"] = "Thank you, {company}!"
    client = log_in(app, app.test_client(), member)
    html = upload(client, "json", json.dumps(document).encode()).get_data(as_text=True)
    assert "Your feedback request template becomes the file" in html
    confirm(client, html)
    with app.app_context():
        user = db.session.get(User, member.id)
        assert user.feedback_template == "Thank you, {company}!" and user.feedback_template_version == 2
    document["feedback_template"] = "Something else"
    html = upload(client, "json", json.dumps(document).encode()).get_data(as_text=True)
    assert "yours is kept" in html and "already in your account" in html


def test_discarding_the_preview_imports_nothing_and_deletes_the_upload(app, demo_files, member, upload_folder):
    client = log_in(app, app.test_client(), member)
    html = upload(client, "json", demo_files["json"]).get_data(as_text=True)
    before = stored_rows(app)
    response = confirm(client, html, press="Don't import")
    assert response.status_code == 302 and response.headers["Location"] == "/data/#import"
    assert "Nothing was imported." in client.get("/data/").get_data(as_text=True)
    assert not change_between(before, stored_rows(app))
    assert list(upload_folder.iterdir()) == []
    # The same preview cannot be confirmed afterwards.
    response = confirm(client, html)
    assert "no longer open" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(app, Interview, member.id) == 0


def test_a_preview_cannot_be_confirmed_twice_or_by_another_member(app, demo_files, member, other_member):
    client = log_in(app, app.test_client(), member)
    html = upload(client, "json", demo_files["json"]).get_data(as_text=True)
    intruder = log_in(app, app.test_client(), other_member)
    before = stored_rows(app)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    response = intruder.post("/data/import/confirm", data={"token": token, "confirm": "Import"})
    assert response.status_code == 302  # the member's token, sent from another member's session
    assert "no longer open" in intruder.get("/data/").get_data(as_text=True)
    assert not change_between(before, stored_rows(app))
    confirm(client, html)
    assert count(app, Interview, member.id) == 33
    response = confirm(client, html)
    assert "no longer open" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(app, Interview, member.id) == 33 and count(app, Interview, other_member.id) == 0


def test_a_forged_token_imports_nothing(app, demo_files, member):
    client = log_in(app, app.test_client(), member)
    html = upload(client, "json", demo_files["json"]).get_data(as_text=True)
    before = stored_rows(app)
    for token in ("", "../../etc/passwd", "A" * 43):
        forged = re.sub(r'(name="token" type="hidden" value=")[^"]*"', rf'\g<1>{token}"', html)
        response = confirm(client, forged)
        assert response.status_code == 302
    assert not change_between(before, stored_rows(app))


def test_uploads_left_waiting_are_removed_after_an_hour(app, demo_files, member, upload_folder):
    client = log_in(app, app.test_client(), member)
    upload(client, "json", demo_files["json"])
    assert len(list(upload_folder.iterdir())) == 1
    with app.test_request_context():
        import_uploads.remove_stale_uploads(now=time.time() + import_uploads.KEEP_SECONDS + 1)
    assert list(upload_folder.iterdir()) == []


def test_a_refused_write_changes_nothing_and_shows_the_preview_again(app, demo_files, member, monkeypatch):
    """All or nothing: the disk filling up halfway through leaves no interview behind."""
    client = log_in(app, app.test_client(), member)
    html = upload(client, "json", demo_files["json"]).get_data(as_text=True)
    before = stored_rows(app)

    def disk_full(*_args):
        """The database refuses the action items, after the interviews were written."""
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    original = import_writing.write_action_items
    monkeypatch.setattr(import_writing, "write_action_items", disk_full)
    response = confirm(client, html)
    page = response.get_data(as_text=True)
    assert response.status_code == 507 and "The disk is full" in page and "Check the import" in page
    assert not change_between(before, stored_rows(app))
    monkeypatch.setattr(import_writing, "write_action_items", original)
    assert confirm(client, page).status_code == 302  # the same preview, once the disk has room
    assert count(app, ActionItem, member.id) == 8


# --- JSON: bad files -----------------------------------------------------------------------


def edited(raw: bytes, change) -> bytes:
    """The export with `change(document)` applied."""
    document = json.loads(raw)
    change(document)
    return json.dumps(document).encode()


def first_interview(document) -> dict:
    """The first interview of a document."""
    return document["interviews"][0]


BAD_FILES = {
    "empty": (lambda raw: b"", "The file is empty."),
    "not JSON": (lambda raw: b"company,role\nAcme,Dev\n", "is not valid JSON"),
    "not UTF-8": (lambda raw: "{\"é\": 1}".encode("latin-1"), "not UTF-8 text"),
    "another format's JSON": (lambda raw: b'{"version": 1, "items": []}', "not a Debrief export"),
    "a JSON list": (lambda raw: b"[1, 2, 3]", "not a Debrief export"),
    "a newer version": (lambda raw: raw.replace(b'"version": 1,', b'"version": 2,'), "newer Debrief"),
    "a truncated file": (lambda raw: raw[: len(raw) // 2], "stops in the middle"),
    "a wrong type": (
        lambda raw: edited(raw, lambda d: first_interview(d)["questions"][0].update(rating="high")),
        "“rating” should be a whole number from 1 to 5",
    ),
    "a boolean as a number": (
        lambda raw: edited(raw, lambda d: first_interview(d)["questions"][0].update(froze=1)),
        "“froze” should be true or false",
    ),
    "a name of 100,000 characters": (
        lambda raw: edited(raw, lambda d: first_interview(d).update(company="x" * 100_000)),
        "“company” is 100,000 characters long; at most 120 fit",
    ),
    "a category not in the file": (
        lambda raw: edited(raw, lambda d: first_interview(d)["questions"][0].update(
            category="7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")),
        "names the category 7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0, which is not in the file",
    ),
    "an unknown key": (
        lambda raw: edited(raw, lambda d: first_interview(d).update(salary=100)),
        "“salary”, which Debrief's format does not have",
    ),
    "an impossible date": (
        lambda raw: edited(raw, lambda d: first_interview(d).update(occurred_at="2026-02-30T10:00:00")),
        "should be a date and time",
    ),
    "a script link": (
        lambda raw: edited(raw, lambda d: first_interview(d).update(job_url="javascript:alert(1)")),
        "should be a web link",
    ),
    "a missing uid": (
        lambda raw: edited(raw, lambda d: first_interview(d).pop("uid")),
        "has no “uid”",
    ),
    "the same interview twice": (
        lambda raw: edited(raw, lambda d: d["interviews"].append(first_interview(d))),
        "have the same uid",
    ),
    "a lone surrogate": (
        lambda raw: edited(raw, lambda d: first_interview(d).update(notes="half \ud800 a character")),
        "holds a character that is not valid text",
    ),
    "a rating out of range": (
        lambda raw: edited(raw, lambda d: first_interview(d)["questions"][0].update(rating=6)),
        "from 1 to 5",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_json_file_is_refused_next_to_the_field_and_changes_nothing(app, demo_files, member, upload_folder, case):
    make, message = BAD_FILES[case]
    raw = make(demo_files["json"])
    client = log_in(app, app.test_client(), member)
    before = stored_rows(app)
    response = upload(client, "json", raw, "broken.json")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = field_error(html, "json")
    assert error is not None and message in error, error
    assert "The file was not imported" in html  # said at the top of the page too
    assert not change_between(before, stored_rows(app))
    assert list(upload_folder.iterdir()) == []


def test_imported_text_is_cleaned_as_typed_text_is(app, demo_files, member):
    """Line breaks as \\n, control characters gone: what the app does to anything typed."""
    raw = edited(demo_files["json"], lambda d: first_interview(d).update(notes="a\x00b\r\nc\x1b[31m\td"))
    client = log_in(app, app.test_client(), member)
    confirm(client, upload(client, "json", raw).get_data(as_text=True))
    uid = json.loads(raw)["interviews"][0]["uid"]
    with app.app_context():
        notes = db.session.scalar(select(Interview.notes).where(Interview.owner_id == member.id, Interview.uid == uid))
    assert notes == "ab\nc[31m\td"


def test_no_file_chosen_asks_for_one(app, member_client):
    response = upload(member_client, "json", None)
    assert response.status_code == 200
    assert "Choose the .json file" in field_error(response.get_data(as_text=True), "json")


@pytest.mark.parametrize("size", [UPLOAD_LIMIT + 1, 50 * 1024 * 1024])
def test_a_file_over_the_limit_gets_the_message_not_a_bare_error_page(app, member, member_client, size):
    before = stored_rows(app)
    response = upload(member_client, "json", b" " * size, "huge.json")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "larger than 20 MB" in field_error(html, "json")
    assert "<h1>Your data</h1>" in html
    assert not change_between(before, stored_rows(app))


def test_other_forms_keep_the_instance_limit(app, member_client):
    """The import's larger limit is for its own uploads only."""
    response = member_client.post("/data/import/json", data={"csrf_token": "x" * 3_000_000})
    assert response.status_code == 413


# --- CSV -----------------------------------------------------------------------------------


def test_interviews_from_the_csv_export_import_and_a_second_time_add_nothing(app, demo_files, member):
    raw = demo_files["csv"]
    client = log_in(app, app.test_client(), member)
    html = upload(client, "csv", raw, "interviews.csv").get_data(as_text=True)
    assert "interviews from a CSV file" in html
    assert re.search(r"Interviews</th>\s*<td>33</td>", html)
    assert "categories as they are" not in html
    confirm(client, html)
    with app.app_context():
        mine = {i.uid: i for i in db.session.scalars(select(Interview).where(Interview.owner_id == member.id))}
        theirs = json.loads(demo_files["json"])["interviews"]
        assert set(mine) == {i["uid"] for i in theirs}
        for original in theirs:
            copy_ = mine[original["uid"]]
            assert copy_.occurred_at.isoformat() == original["occurred_at"]
            assert copy_.role_title == original["role"]
            for name in ("company", "stage", "format", "outcome", "job_url", "notes"):
                assert getattr(copy_, name) == original[name], name
            assert [{"name": p.name, "title": p.title, "email": p.email} for p in copy_.interviewers] == (
                original["interviewers"])
            assert [r.text for r in copy_.rejection_reasons] == original["rejection_reasons"]
            status = (original["feedback_request"] or {}).get("status")
            assert (copy_.feedback_request.status if copy_.feedback_request else None) == status
        categories = db.session.scalar(select(func.count(Category.id)).where(Category.owner_id == member.id))
        assert categories == 13  # the starting ones, untouched
    before = stored_rows(app)
    again = upload(client, "csv", raw, "interviews.csv").get_data(as_text=True)
    assert "importing it would add nothing" in again
    assert not change_between(before, stored_rows(app))


def csv_file(rows: list[list[str]], header=INTERVIEW_COLUMNS) -> bytes:
    """A CSV file as a spreadsheet saves it."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def row(**cells) -> list[str]:
    """One row of interviews.csv: the cells given, the rest empty."""
    return [cells.get(name, "") for name in INTERVIEW_COLUMNS]


def test_rows_without_an_id_are_recognised_by_their_content(app, member):
    raw = csv_file([
        row(date="2024-05-01", time="9:30", company="Acme", role="Analyst", stage="first interview",
            format="Video", outcome="Rejected", interviewers="Sam Lee (Recruiter) <sam@acme.io>; Kim Ode",
            rejection_reasons="Too junior\nAnother candidate", notes="'=SUM(A1) is text", feedback_status="Requested"),
        row(date="2024-06-11", company="Globex", role="Engineer", interview_id="17"),
    ])
    client = log_in(app, app.test_client(), member)
    confirm(client, upload(client, "csv", raw, "mine.csv").get_data(as_text=True))
    with app.app_context():
        acme = db.session.scalar(select(Interview).where(Interview.owner_id == member.id, Interview.company == "Acme"))
        assert acme.occurred_at.isoformat() == "2024-05-01T09:30:00"
        assert (acme.stage, acme.format, acme.outcome) == ("first", "video", "rejected")
        assert [(p.name, p.title, p.email) for p in acme.interviewers] == [
            ("Sam Lee", "Recruiter", "sam@acme.io"), ("Kim Ode", "", "")]
        assert [r.text for r in acme.rejection_reasons] == ["Too junior", "Another candidate"]
        assert acme.notes == "=SUM(A1) is text"  # the export's ' before a formula is taken off
        assert acme.feedback_request.status == "requested"
        globex = db.session.scalar(
            select(Interview).where(Interview.owner_id == member.id, Interview.company == "Globex"))
        assert globex.occurred_at.isoformat() == "2024-06-11T00:00:00" and globex.stage == "first"
        assert globex.feedback_request is None
    before = stored_rows(app)
    assert "would add nothing" in upload(client, "csv", raw, "mine.csv").get_data(as_text=True)
    assert not change_between(before, stored_rows(app))


BAD_CSV = {
    "empty": (b"", "The file is empty."),
    "no header": (b"2024-05-01,Acme,Analyst\n", "names columns Debrief does not know"),
    "a missing column": (csv_file([], header=INTERVIEW_COLUMNS[:-1]), "lacks the columns feedback_status"),
    "an unknown column": (csv_file([], header=(*INTERVIEW_COLUMNS, "salary")), "“salary”"),
    "only the header": (csv_file([]), "no interviews below it"),
    "a day-first date": (csv_file([row(date="14/03/2026", company="A", role="B")]),
                         "Row 2, date is “14/03/2026”; write dates as YYYY-MM-DD"),
    "an impossible date": (csv_file([row(date="2026-02-30", company="A", role="B")]), "not a day of the calendar"),
    "a missing company": (csv_file([row(date="2026-02-03", role="B")]), "Row 2, company is empty"),
    "an unknown stage": (csv_file([row(date="2026-02-03", company="A", role="B", stage="Round 9")]),
                         "Row 2, stage is “Round 9”; it should be one of"),
    "a name of 100,000 characters": (csv_file([row(date="2026-02-03", company="x" * 100_000, role="B")]),
                                     "100,000 characters long; at most 120 fit"),
    "a bad time": (csv_file([row(date="2026-02-03", company="A", role="B", time="25:00")]), "write times as HH:MM"),
    "the same row twice": (csv_file([row(date="2026-02-03", company="A", role="B")] * 2),
                           "Rows 2 and 3 are the same interview"),
    "not UTF-8": ("interview_id;société\n".encode("latin-1"), "save it as “CSV UTF-8”"),
    "a script link": (csv_file([row(date="2026-02-03", company="A", role="B", job_url="javascript:x()")]),
                      "should be a web link"),
}


@pytest.mark.parametrize("case", list(BAD_CSV))
def test_a_bad_csv_file_is_refused_next_to_the_field_and_changes_nothing(app, member, upload_folder, case):
    raw, message = BAD_CSV[case]
    client = log_in(app, app.test_client(), member)
    before = stored_rows(app)
    response = upload(client, "csv", raw, "bad.csv")
    assert response.status_code == 200
    error = field_error(response.get_data(as_text=True), "csv")
    assert error is not None and message in error, error
    assert not change_between(before, stored_rows(app))
    assert list(upload_folder.iterdir()) == []


# --- flask import --------------------------------------------------------------------------


def test_flask_import_previews_then_imports_and_twice_adds_nothing(app, runner, demo_files, member, tmp_path):
    path = tmp_path / "export.json"
    path.write_bytes(demo_files["json"])
    result = runner.invoke(args=["import", "--email", member.email, "--dry-run", str(path)])
    assert result.exit_code == 0 and "Interviews: 33 to add" in result.output and "Nothing was changed" in result.output
    assert count(app, Interview, member.id) == 0
    result = runner.invoke(args=["import", "--email", member.email.upper(), str(path)])
    assert result.exit_code == 0 and "Imported." in result.output, result.output
    assert count(app, Interview, member.id) == 33
    assert count(app, FeedbackRequest, member.id) == 23
    result = runner.invoke(args=["import", "--email", member.email, str(path)])
    assert result.exit_code == 0 and "Nothing to add" in result.output
    assert count(app, Interview, member.id) == 33


def test_flask_import_reads_csv_and_refuses_bad_files(app, runner, demo_files, member, tmp_path):
    path = tmp_path / "interviews.csv"
    path.write_bytes(demo_files["csv"])
    result = runner.invoke(args=["import", "--email", member.email, str(path)])
    assert result.exit_code == 0 and "Interviews: 33 to add" in result.output
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "debrief-export", "version": 3}')
    result = runner.invoke(args=["import", "--email", member.email, str(bad)])
    assert result.exit_code != 0 and "newer Debrief" in result.output
    result = runner.invoke(args=["import", "--email", "nobody@example.io", str(bad)])
    assert result.exit_code != 0 and "No account has the email" in result.output


def test_pages_show_interviews_imported_with_only_some_values(app, member):
    """A CSV gives a feedback status without its dates: every page of the interview still opens."""
    from app.models import FeedbackStatus

    raw = csv_file([
        row(date="2024-05-01", company=f"Company {status.value}", role="Analyst", feedback_status=status.label)
        for status in FeedbackStatus
    ])
    client = log_in(app, app.test_client(), member)
    confirm(client, upload(client, "csv", raw, "statuses.csv").get_data(as_text=True))
    with app.app_context():
        ids = db.session.scalars(select(Interview.id).where(Interview.owner_id == member.id)).all()
    assert len(ids) == len(FeedbackStatus)
    for interview_id in ids:
        for url in (f"/interviews/{interview_id}", f"/interviews/{interview_id}/feedback",
                    f"/interviews/{interview_id}/debrief", f"/interviews/{interview_id}/outcome"):
            assert client.get(url).status_code == 200, url
    for url in ("/dashboard", "/interviews", "/prep", "/actions"):
        assert client.get(url).status_code == 200, url


def test_a_visitor_cannot_send_a_large_file(app, client, member):
    """The larger limit is for members: a visitor's large upload is refused before it is read."""
    response = client.post("/data/import/json", content_type="multipart/form-data",
                           data={"json-file": (io.BytesIO(b" " * 3_000_000), "x.json")})
    assert response.status_code == 413
