"""The exports in a real browser: the downloads of "Your data" and the report printed by Chromium,
one page per month, on A4 and on US Letter."""

import csv
import io
import re
import zipfile
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from app.data.report import CROWDED_FROM, DENSE_FROM
from app.extensions import db
from app.models import FeedbackRequest, Interview
from tests.browser.pages import log_in
from tests.conftest import make_person

pypdf = pytest.importorskip("pypdf", reason="the PDF check needs pypdf (the test extra)")

# (month, how many interviews): the busiest month in the normal layout first (on the page that
# also holds the report's heading), a quiet one, busier ones printed smaller, and one with an
# interview nearly every morning and afternoon (smaller still).
MONTHS = [((2026, 1), DENSE_FROM), ((2026, 2), 3), ((2026, 3), CROWDED_FROM), ((2026, 4), CROWDED_FROM + 16)]
LONG_COMPANY = "Northwind Traders International Holdings and Subsidiaries"


@pytest.fixture
def searcher(app):
    """A member with the months above logged, every other interview with its feedback asked for."""
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    person = make_person(app, "jo@example.test", "Jo Jobseeker")
    with app.app_context():
        for (year, month), count in MONTHS:
            start = datetime(year, month, 1, 8, 0)
            for n in range(count):
                interview = Interview(
                    owner_id=person.id, company=f"{LONG_COMPANY} {n}" if n % 5 == 0 else f"Company {n}",
                    role_title="Senior data analyst", occurred_at=start + n * (timedelta(days=27) / count),
                    stage="screening", outcome="next_stage",
                )
                db.session.add(interview)
                db.session.flush()
                if n % 2:
                    db.session.add(FeedbackRequest(owner_id=person.id, interview_id=interview.id,
                                                   status="requested", sent_on=start.date()))
        db.session.commit()
    return person


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_report_prints_one_page_per_month(page: Page, searcher, paper):
    log_in(page, searcher.email)
    page.goto("/data/report?start=2026-01-01&end=2026-04-30")
    expect(page.get_by_role("heading", name="Job search report")).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper)))
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert len(texts) == len(MONTHS), "\n".join(f"{text[:110]} ... {text[-50:]}" for text in texts)
    for text, ((year, month), count) in zip(texts, MONTHS, strict=True):
        title = datetime(year, month, 1).strftime("%B %Y")
        assert f"{title} {count} interviews" in text
    total = sum(count for _month, count in MONTHS)
    assert "Jo Jobseeker: interviews from 1 January 2026 to 30 April 2026" in texts[0]
    assert f"{total} interviews from 1 January 2026 to 30 April 2026" in texts[0]
    for text in texts[1:]:  # whose report, on every page
        assert text.startswith("Jo Jobseeker: job search report, 1 January 2026 to 30 April 2026")
    everything = " ".join(texts)
    assert "Log out" not in everything and "Show this period" not in everything
    assert "Print or save as PDF" not in everything


def test_the_report_and_the_page_fit_a_phone(page: Page, searcher):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, searcher.email)
    for url in ("/data/", "/data/report?start=2026-01-01&end=2026-04-30"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url


def test_the_downloads_save_files(page: Page, searcher):
    log_in(page, searcher.email)
    page.goto("/data/")
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_label("To", exact=True).fill("2026-01-31")
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download CSV zip").click()
    assert saved.value.suggested_filename == "debrief-csv-2026-01-01-to-2026-01-31.zip"
    archive = zipfile.ZipFile(saved.value.path())
    rows = list(csv.DictReader(io.StringIO(archive.read("interviews.csv").decode("utf-8-sig"))))
    assert len(rows) == DENSE_FROM and {row["date"][:7] for row in rows} == {"2026-01"}
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download Markdown zip").click()
    assert re.fullmatch(r"debrief-markdown-\d{4}-\d{2}-\d{2}\.zip", saved.value.suggested_filename)
    assert len(zipfile.ZipFile(saved.value.path()).namelist()) == sum(count for _m, count in MONTHS) + 1
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download JSON").click()
    assert re.fullmatch(r"debrief-export-\d{4}-\d{2}-\d{2}\.json", saved.value.suggested_filename)
    # A bad range: the message beside the field, the dates as typed, no download.
    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-02-01")
    page.get_by_role("button", name="Download CSV zip").click()
    expect(page.get_by_text("The end of the range is before its start")).to_be_visible()
    expect(page.get_by_label("From", exact=True)).to_have_value("2026-03-01")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pages_have_no_serious_accessibility_violations(page: Page, searcher, scheme):
    from tests.browser.test_accessibility import serious_violations

    page.emulate_media(color_scheme=scheme)
    log_in(page, searcher.email)
    problems = []
    for url in ("/data/", "/data/export/csv?start=2026-03-01&end=2026-02-01",
                "/data/report?start=2026-01-01&end=2026-04-30", "/data/report?start=&end=2026-01-01"):
        page.goto(url)
        problems += serious_violations(page)
    assert not problems, "\n".join(problems)
