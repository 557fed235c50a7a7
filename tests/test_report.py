"""The printable job search report: the member's interviews in a period, month by month."""

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest

from app.data.export_forms import report_start
from app.data.report import CROWDED_FROM, DENSE_FROM, build_report, months_between
from app.extensions import db
from app.models import FeedbackRequest, Interview
from tests.crawler import parse_forms, submit
from tests.stored_rows import change_between, stored_rows


def add(app, owner_id: int, when: datetime, company: str, feedback: str | None = None, **fields) -> int:
    """An interview, with a feedback request in the `feedback` status if given; its id."""
    with app.app_context():
        interview = Interview(owner_id=owner_id, company=company, role_title=fields.pop("role", "Analyst"),
                              occurred_at=when, **fields)
        db.session.add(interview)
        db.session.flush()
        if feedback:
            db.session.add(FeedbackRequest(
                owner_id=owner_id, interview_id=interview.id, status=feedback,
                sent_on=when.date() + timedelta(days=1) if feedback != "not_requested" else None,
            ))
        db.session.commit()
        return interview.id


def report_form(client, url: str = "/data/report"):
    """The period form on the report page, as the browser has it, and the page's HTML."""
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    [form] = [form for form in parse_forms(url, html) if form.named("start")]
    return form, html


def show_period(client, start: str, end: str) -> str:
    """Type a period into the report's form and press its button; the page."""
    form, _html = report_form(client)
    response = submit(client, form, form.submission(changes={"start": start, "end": end}))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows_of(html: str) -> list[list[str]]:
    """The report's table rows as lists of cell texts."""
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.DOTALL):
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL):
            rows.append([" ".join(unescape(re.sub(r"<[^>]+>", "", cell)).split())
                         for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)])
    return rows


def test_the_default_period_is_this_month_and_the_two_before(app, member, member_client):
    today = date.today()
    start = report_start(today)
    assert start.day == 1 and (today.year * 12 + today.month) - (start.year * 12 + start.month) == 2
    add(app, member.id, datetime.combine(start, datetime.min.time()) + timedelta(hours=9), "First Day Co")
    add(app, member.id, datetime.combine(start - timedelta(days=1), datetime.min.time()) + timedelta(hours=9),
        "Too Early Co")
    form, html = report_form(member_client)
    assert (form.value("start"), form.value("end")) == (start.isoformat(), today.isoformat())
    assert "First Day Co" in html and "Too Early Co" not in html
    assert "Mia Member" in html


def test_the_report_lists_the_period_month_by_month(app, member, member_client):
    add(app, member.id, datetime(2026, 1, 5, 10, 0), "Acme", stage="screening", outcome="next_stage",
        feedback="requested", role="Data analyst")
    add(app, member.id, datetime(2026, 1, 20, 14, 30), "Globex", stage="technical", outcome="rejected",
        feedback="not_requested")
    add(app, member.id, datetime(2026, 3, 2, 9, 0), "Initech", stage="final", outcome="offer")
    add(app, member.id, datetime(2026, 4, 1, 9, 0), "After Co")
    html = show_period(member_client, "2026-01-01", "2026-03-31")
    assert "Mia Member: interviews from 1 January 2026 to 31 March 2026" in html
    assert "<strong>3 interviews</strong> from 1 January 2026 to 31 March 2026" in html
    assert "By month: Jan 2026: 2 · Feb 2026: 0 · Mar 2026: 1." in " ".join(html.split())
    headings = re.findall(r'<h2 id="month-[0-9-]+">([^<]*)<small>([^<]*)</small>', html)
    assert [(title.strip(), count) for title, count in headings] == [
        ("January 2026", "2 interviews"), ("March 2026", "1 interview"),
    ]
    assert rows_of(html) == [
        ["Mon 5 Jan", "Acme", "Data analyst", "Screening call", "Moved on to the next stage", "Yes, 6 Jan"],
        ["Tue 20 Jan", "Globex", "Analyst", "Technical", "Rejected", "No"],
        ["Mon 2 Mar", "Initech", "Analyst", "Final", "Offer", "No"],
    ]
    assert "After Co" not in html


def test_a_period_without_interviews_says_so(app, member, member_client):
    html = show_period(member_client, "2025-01-01", "2025-01-31")
    assert "<strong>0 interviews</strong>" in html
    assert "No interview is logged in this period." in html
    assert "<table" not in html


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2026-03-01", "2026-02-01", "end", "The end of the range is before its start"),
        ("", "2026-02-01", "start", "Choose the first day of the period."),
        ("2026-01-01", "", "end", "Choose the last day of the period."),
        ("2026-13-01", "2026-12-31", "start", "There is no month 13: write the date as year-month-day"),
        ("14/03/2026", "2026-12-31", "start", "Enter a date such as 2026-03-14."),
        ("2026-04-31", "2026-05-31", "start", "There is no day 31 in month 4 of 2026"),
    ],
)
def test_a_bad_period_is_explained_beside_its_field(app, member, member_client, start, end, field, message):
    add(app, member.id, datetime(2026, 2, 5, 10, 0), "Acme")
    before = stored_rows(app)
    html = show_period(member_client, start, end)
    error = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', html)
    assert error and message in error.group(1)
    [form] = [form for form in parse_forms("/data/report", html) if form.named("start")]
    assert (form.value("start"), form.value("end")) == (start, end)  # as typed
    assert "<table" not in html and "Acme" not in html
    assert not change_between(before, stored_rows(app))


def test_another_member_sees_only_their_own(app, member, other_member, other_client):
    add(app, member.id, datetime(2026, 2, 5, 10, 0), "Mia Secret Co")
    add(app, other_member.id, datetime(2026, 2, 6, 10, 0), "Otto Co")
    html = show_period(other_client, "2026-01-01", "2026-12-31")
    assert "Otto Co" in html and "Mia" not in html
    assert "<strong>1 interview</strong>" in html


def test_months_and_busy_months(app, member):
    assert months_between(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1),
    ]
    for month, count in ((4, DENSE_FROM), (5, DENSE_FROM + 1), (6, CROWDED_FROM + 1)):
        for n in range(count):
            add(app, member.id, datetime(2026, month, 1, 8, 0) + n * timedelta(days=28) / count, f"Company {n}")
    with app.app_context():
        report = build_report(member.id, date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 1))
    assert [month.density for month in report.months] == ["normal", "dense", "crowded"]
    assert report.total == DENSE_FROM * 2 + CROWDED_FROM + 2


def test_the_months_listed_are_those_that_matter(app, member):
    add(app, member.id, datetime(2026, 2, 5, 10, 0), "Acme")
    add(app, member.id, datetime(2026, 4, 5, 10, 0), "Globex")
    with app.app_context():
        everything = build_report(member.id, date(1970, 1, 1), date(2100, 12, 31), date(2026, 6, 15))
        assert [(month.strftime("%Y-%m"), count) for month, count in everything.month_counts] == [
            ("2026-02", 1), ("2026-03", 0), ("2026-04", 1), ("2026-05", 0), ("2026-06", 0),
        ]
        assert build_report(member.id, date(2026, 3, 1), date(2026, 3, 31), date(2026, 6, 15)).month_counts == []
        part = build_report(member.id, date(2026, 3, 10), date(2026, 4, 30), date(2026, 6, 15))
        assert part.month_counts == [(date(2026, 4, 1), 1)]  # nothing before the first interview
