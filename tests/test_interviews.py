"""Interviews: the list, logging one, its page, editing with optimistic locking, deleting."""

import html
import re
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    FeedbackRequest,
    Interview,
    Interviewer,
    Question,
    RejectionReason,
)
from tests.crawler import form_to, send, submit
from tests.debrief_factories import finished_assessment


def add_interview(app, owner_id, company="Acme", when=None, **fields) -> int:
    """Store an interview directly and return its id."""
    with app.app_context():
        interview = Interview(
            owner_id=owner_id,
            company=company,
            role_title=fields.pop("role_title", "Analyst"),
            occurred_at=when or datetime(2026, 3, 14, 9, 30),
            **fields,
        )
        db.session.add(interview)
        db.session.commit()
        return interview.id


NEW_INTERVIEW = "/interviews/new"


def interview_form(**overrides) -> dict:
    """What a member types into the interview form for a valid interview (each a field of it)."""
    data = {
        "company": "Northwind",
        "role_title": "Data analyst",
        "occurred_at": "2026-03-14T09:30",
        "stage": "technical",
        "format": "video",
        "interviewers-0-name": "Priya Raman",
        "interviewers-0-title": "Head of data",
        "interviewers-0-email": "priya@northwind.example",
        "interviewers-1-name": "",
        "interviewers-1-title": "",
        "interviewers-1-email": "",
        "job_url": "https://northwind.example/jobs/42",
        "outcome": "rejected",
        "rejection_reasons": "Chose someone with more SQL\n\n  Budget moved  ",
        "notes": "Panel of two. <b>Nice</b> office.",
    }
    data.update(overrides)
    return data


def count(app, model) -> int:
    """How many rows a table holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def interviewer_rows(how_many: int) -> dict:
    """Rows for this many named interviewers, title and email left empty."""
    return {
        f"interviewers-{n}-{part}": f"Panelist {n}" if part == "name" else ""
        for n in range(how_many)
        for part in ("name", "title", "email")
    }


def send_with_added_rows(client, typed: dict):
    """Save the new-interview page with `typed`, its rows past the three shown sent as the
    "Add another interviewer" button (static/js/interviews.js) adds them: empty copies."""
    form = form_to(client, NEW_INTERVIEW, NEW_INTERVIEW)
    return submit(client, form, form.submission(changes=typed))


def test_log_an_interview_with_every_field(app, member, member_client):
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, interview_form())
    assert response.status_code == 302
    with app.app_context():
        interview = db.session.scalars(select(Interview)).one()
        assert interview.owner_id == member.id
        assert (interview.company, interview.role_title) == ("Northwind", "Data analyst")
        assert interview.occurred_at == datetime(2026, 3, 14, 9, 30)
        assert (interview.stage, interview.format, interview.outcome) == ("technical", "video", "rejected")
        assert [(p.name, p.title, p.email) for p in interview.interviewers] == [
            ("Priya Raman", "Head of data", "priya@northwind.example")
        ]
        assert [r.text for r in interview.rejection_reasons] == ["Chose someone with more SQL", "Budget moved"]
        assert interview.job_url == "https://northwind.example/jobs/42"
        interview_id = interview.id
    page = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "Priya Raman" in page and "Head of data" in page
    assert "Chose someone with more SQL" in page
    # Notes are shown as typed, escaped.
    assert "&lt;b&gt;Nice&lt;/b&gt;" in page and "<b>Nice</b>" not in page


def test_a_past_interview_leads_to_its_debrief(app, member_client):
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, interview_form())
    with app.app_context():
        interview_id = db.session.scalar(select(Interview.id))
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/debrief")


def test_a_future_interview_leads_to_its_page(app, member_client):
    future = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, interview_form(occurred_at=future))
    with app.app_context():
        interview_id = db.session.scalar(select(Interview.id))
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}")


def test_any_number_of_interviewers(app, member_client):
    response = send_with_added_rows(member_client, interview_form(**interviewer_rows(6)))
    assert response.status_code == 302
    assert count(app, Interviewer) == 6


def test_new_form_offers_blank_interviewer_rows_and_a_sensible_date(member_client):
    page = member_client.get("/interviews/new").get_data(as_text=True)
    assert 'name="interviewers-2-name"' in page
    assert 'type="datetime-local"' in page
    assert datetime.now().strftime("%Y-%m-%dT") in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("company", "   ", "Enter the company&#39;s name."),
        ("role_title", "", "Enter the role you applied for."),
        ("occurred_at", "2026-02-30T10:00", "There is no day 30 in month 2 of 2026"),
        ("occurred_at", "next tuesday", "Enter a date and a time"),
        ("occurred_at", "", "Enter when the interview took place"),
        ("company", "C" * 121, "Keep the company to 120 characters at most."),
        ("role_title", "R" * 121, "Keep the role to 120 characters at most."),
        ("notes", "N" * 10_001, "Keep the notes to 10,000 characters at most."),
        ("job_url", "javascript:alert(1)", "Use a web link starting with http:// or https://."),
        ("job_url", "ftp://files.example/job", "Use a web link starting with http:// or https://."),
        ("interviewers-0-email", "not-an-email", "This does not look like an email address."),
        ("interviewers-0-name", "", "Add the interviewer&#39;s name, or clear this row."),
        ("stage", "ceo-chat", "Not a valid choice"),
        ("rejection_reasons", "\n".join(f"reason {n}" for n in range(11)), "List at most 10 reasons"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    app, member_client, field, value, message
):
    kept_notes = {} if field == "notes" else {"notes": "kept typed text 7731"}
    typed = interview_form(**kept_notes, **{field: value})
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    field_id = field
    assert f'id="{field_id}-error"' in page
    assert count(app, Interview) == 0
    # What was typed is still there.
    assert "Northwind" in page or field == "company"
    if field == "occurred_at" and value:
        assert f'value="{value}"' in page
    if field == "job_url":
        assert value.split(":")[0] in page


def test_the_list_is_newest_first_with_debrief_status(app, member, member_client):
    past_done = add_interview(app, member.id, "Done Co", datetime.now() - timedelta(days=10))
    add_interview(app, member.id, "Due Co", datetime.now() - timedelta(days=2))
    add_interview(app, member.id, "Future Co", datetime.now() + timedelta(days=5))
    with app.app_context():
        db.session.add(finished_assessment(owner_id=member.id, interview_id=past_done))
        db.session.commit()
    page = member_client.get("/interviews").get_data(as_text=True)
    assert page.index("Future Co") < page.index("Due Co") < page.index("Done Co")
    assert "Debrief done" in page and "Debrief due" in page and "Upcoming" in page


NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next">Older</a>')
PREVIOUS_LINK = re.compile(r'<a href="([^"]+)" rel="prev">Newer</a>')
LISTED = re.compile(r"Company (\d\d)</a>")


def list_page(client, url: str) -> tuple[list[int], str | None, str | None]:
    """The company numbers a page of the list shows, in order, and its Newer and Older links."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    newer, older = PREVIOUS_LINK.search(page), NEXT_LINK.search(page)
    return (
        [int(number) for number in LISTED.findall(page)],
        html.unescape(newer.group(1)) if newer else None,
        html.unescape(older.group(1)) if older else None,
    )


def test_the_list_pages_by_key_both_ways(app, member, member_client):
    start = datetime(2025, 1, 1, 10, 0)
    for n in range(60):
        add_interview(app, member.id, f"Company {n:02d}", start + timedelta(days=n))
    first, newer, older = list_page(member_client, "/interviews")
    assert first == list(range(59, 34, -1)) and newer is None
    assert "older_than=" in older and "page=" not in older
    second, newer, older = list_page(member_client, older)
    assert second == list(range(34, 9, -1))
    third, newer, older = list_page(member_client, older)
    assert third == list(range(9, -1, -1)) and older is None
    # And back: the same pages, the first one full again.
    back, newer, older = list_page(member_client, newer)
    assert back == second
    back, newer, older = list_page(member_client, newer)
    assert back == first and newer is None


def test_interviews_at_the_same_moment_are_each_listed_once(app, member, member_client):
    for n in range(30):
        add_interview(app, member.id, f"Company {n:02d}", datetime(2025, 5, 5, 9, 0))
    first, _, older = list_page(member_client, "/interviews")
    second, newer, last = list_page(member_client, older)
    assert sorted(first + second) == list(range(30)) and last is None
    assert list_page(member_client, newer)[0] == first


def test_filters_are_kept_from_page_to_page(app, member, member_client):
    start = datetime(2025, 1, 1, 10, 0)
    for n in range(60):
        add_interview(app, member.id, f"Company {n:02d}", start + timedelta(days=n),
                      outcome="rejected" if n % 2 else "offer")
    first, _, older = list_page(member_client, "/interviews?outcome=rejected&company=company")
    assert first == list(range(59, 9, -2))
    assert "outcome=rejected" in older and "company=company" in older
    page = member_client.get(older).get_data(as_text=True)
    assert "30 interviews match your filters" in page
    second, newer, last = list_page(member_client, older)
    assert second == [9, 7, 5, 3, 1] and last is None
    assert "outcome=rejected" in newer
    assert list_page(member_client, newer)[0] == first


@pytest.mark.parametrize(
    "key",
    ["garbage", "_", "2025-13-01T00:00:00_5", "2025-01-01T00:00:00_0", "2025-01-01T00:00:00_-3",
     "2025-01-01T00:00:00_" + "9" * 30, "2025-01-01T00:00:00_" + "9" * 5000, "2025-01-01_x"],
)
def test_a_key_that_is_not_one_shows_the_first_page(app, member, member_client, key):
    start = datetime(2025, 1, 1, 10, 0)
    for n in range(30):
        add_interview(app, member.id, f"Company {n:02d}", start + timedelta(days=n))
    for name in ("older_than", "newer_than"):
        shown, _, _ = list_page(member_client, "/interviews?" + urlencode({name: key}))
        assert shown == list(range(29, 4, -1))


def test_a_key_past_the_oldest_interview_says_so(app, member, member_client):
    add_interview(app, member.id, "Company 01", datetime(2025, 1, 1, 10, 0))
    page = member_client.get("/interviews?older_than=2020-01-01T00:00:00_1").get_data(as_text=True)
    assert "No older interviews." in page and 'href="/interviews">Back to the newest' in page
    assert "Company 01" not in page


def test_the_list_filters_by_outcome_stage_company_and_dates(app, member, member_client):
    add_interview(app, member.id, "Alpha Labs", datetime(2026, 1, 10, 9), outcome="offer", stage="final")
    add_interview(app, member.id, "Beta Works", datetime(2026, 2, 10, 9), outcome="rejected", stage="screening")
    add_interview(app, member.id, "Gamma 100%", datetime(2026, 3, 10, 9), outcome="rejected", stage="final")

    def names(query):
        page = member_client.get("/interviews" + query).get_data(as_text=True)
        return {name for name in ("Alpha Labs", "Beta Works", "Gamma 100%") if name in page}

    assert names("?outcome=rejected") == {"Beta Works", "Gamma 100%"}
    assert names("?stage=final") == {"Alpha Labs", "Gamma 100%"}
    assert names("?company=beta") == {"Beta Works"}
    assert names("?company=100%25") == {"Gamma 100%"}
    assert names("?date_from=2026-02-01&date_to=2026-02-28") == {"Beta Works"}
    assert names("?date_from=2026-02-10&date_to=2026-02-10") == {"Beta Works"}
    bad = member_client.get("/interviews?date_from=2026-03-01&date_to=2026-02-01").get_data(as_text=True)
    assert "The end of the range is before its start." in bad


def test_edit_keeps_everything_and_replaces_interviewers(app, member, member_client):
    interview_id = add_interview(app, member.id, "Old name")
    edit = f"/interviews/{interview_id}/edit"
    form_page = member_client.get(edit).get_data(as_text=True)
    assert 'value="Old name"' in form_page and 'name="version" type="hidden" value="1"' in form_page
    response = send(member_client, edit, edit, interview_form(company="New name"))
    assert response.status_code == 302
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert interview.company == "New name"
        assert interview.version == 2
        assert len(interview.interviewers) == 1


def test_a_stale_edit_is_refused_and_the_typed_text_kept(app, member, member_client):
    interview_id = add_interview(app, member.id, "Original")
    edit = f"/interviews/{interview_id}/edit"
    first_tab, second_tab = form_to(member_client, edit, edit), form_to(member_client, edit, edit)
    typed = interview_form(company="First tab")
    assert submit(member_client, first_tab, first_tab.submission(changes=typed)).status_code == 302
    typed = interview_form(company="Second tab")
    response = submit(member_client, second_tab, second_tab.submission(changes=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed elsewhere" in page
    assert 'value="Second tab"' in page
    with app.app_context():
        assert db.session.get(Interview, interview_id).company == "First tab"


def test_bad_edit_changes_nothing(app, member, member_client):
    interview_id = add_interview(app, member.id, "Keep me")
    edit = f"/interviews/{interview_id}/edit"
    response = send(member_client, edit, edit, interview_form(job_url="javascript:alert(1)"))
    assert "Use a web link" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Interview, interview_id).company == "Keep me"


def test_delete_asks_first_then_removes_everything_under_it(app, member, member_client):
    interview_id = add_interview(app, member.id)
    with app.app_context():
        db.session.add(Question(owner_id=member.id, interview_id=interview_id, text="Why us?"))
        db.session.add(RejectionReason(interview_id=interview_id, text="Budget"))
        db.session.commit()
    delete = f"/interviews/{interview_id}/delete"
    confirm = member_client.get(delete)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    assert count(app, Interview) == 1
    response = send(member_client, delete, delete, press="Delete the interview")
    assert response.status_code == 302
    assert (count(app, Interview), count(app, Question), count(app, RejectionReason)) == (0, 0, 0)


def test_delete_without_csrf_token_changes_nothing(app, member, member_client):
    interview_id = add_interview(app, member.id)
    response = member_client.post(f"/interviews/{interview_id}/delete", data={}, csrf=False)
    assert response.status_code == 400
    assert count(app, Interview) == 1


def interview_routes(interview_id):
    """Every interview route as (method, url)."""
    return [
        ("get", f"/interviews/{interview_id}"),
        ("get", f"/interviews/{interview_id}/edit"),
        ("post", f"/interviews/{interview_id}/edit"),
        ("get", f"/interviews/{interview_id}/delete"),
        ("post", f"/interviews/{interview_id}/delete"),
    ]


def snapshot(app):
    """Everything the interview log stores, to compare before and after a request."""
    with app.app_context():
        return [
            [tuple(row) for row in db.session.execute(select(table)).all()]
            for table in (Interview.__table__, Interviewer.__table__, Question.__table__)
        ]


@pytest.mark.parametrize("index", range(5))
def test_another_member_gets_404_and_nothing_changes(app, member, other_client, index):
    interview_id = add_interview(app, member.id, "Private Co")
    method, url = interview_routes(interview_id)[index]
    before = snapshot(app)
    data = interview_form(company="Hijacked", version="1") if method == "post" else None
    response = getattr(other_client, method)(url, data=data)
    assert response.status_code == 404
    assert "Private Co" not in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_other_members_interviews_are_not_listed(app, member, other_member, other_client):
    add_interview(app, member.id, "Private Co")
    assert "Private Co" not in other_client.get("/interviews").get_data(as_text=True)


@pytest.mark.parametrize(
    "method, url",
    [("get", "/interviews"), ("get", "/interviews/new"), ("post", "/interviews/new")]
    + interview_routes(1),
)
def test_anonymous_visitors_are_sent_to_log_in(app, admin, client, method, url):
    add_interview(app, admin.id, "Admin Co")
    before = snapshot(app)
    response = getattr(client, method)(url, data=interview_form() if method == "post" else None)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert snapshot(app) == before


def test_list_page_links_to_search_and_categories(member_client):
    page = member_client.get("/interviews").get_data(as_text=True)
    assert 'action="/search"' in page
    assert 'href="/categories"' in page


def test_interview_page_shows_its_debrief_panel(app, member, member_client):
    past = datetime.now().replace(microsecond=0) - timedelta(days=3)
    waiting = add_interview(app, member.id, "Waiting Co", when=past)
    answered = add_interview(app, member.id, "Answered Co", when=past)
    follow_up_on = (datetime.now() + timedelta(days=4)).date()
    with app.app_context():
        category = db.session.scalar(select(Category).where(Category.owner_id == member.id))
        category_name = category.name
        for interview_id, status in ((waiting, "requested"), (answered, "received")):
            db.session.add(FeedbackRequest(owner_id=member.id, interview_id=interview_id,
                                           status=status, follow_up_on=follow_up_on))
        db.session.add(ActionItem(owner_id=member.id, interview_id=waiting,
                                  text="Prepare a <b>salary</b> range", category_id=category.id))
        db.session.commit()
    reminder = f"follow up {follow_up_on.strftime('%d %b')}"
    page = member_client.get(f"/interviews/{waiting}").get_data(as_text=True)
    assert "Debrief" in page and "Due" in page
    assert reminder in page
    assert "Prepare a &lt;b&gt;salary&lt;/b&gt; range" in page and category_name in page
    answered_page = member_client.get(f"/interviews/{answered}").get_data(as_text=True)
    assert "Received" in answered_page
    assert reminder not in answered_page


def test_an_upcoming_interview_links_to_its_prep_sheet(app, member, member_client):
    upcoming = add_interview(app, member.id, when=datetime.now() + timedelta(days=2))
    page = member_client.get(f"/interviews/{upcoming}").get_data(as_text=True)
    assert f"/prep?interview={upcoming}" in page


def test_reasons_with_an_outcome_other_than_rejected_are_refused(app, member_client):
    typed = interview_form(outcome="offer", rejection_reasons="They wanted more SQL 8812")
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Reasons not chosen only apply to a rejection" in page
    assert 'id="rejection_reasons-error"' in page and "They wanted more SQL 8812" in page
    assert count(app, Interview) == 0


def test_more_interviewers_than_allowed_are_refused_not_dropped(app, member_client):
    from app.interviews.forms import MAX_INTERVIEWERS

    # One row more than the button adds (it stops at the limit): the server must refuse it too.
    typed = interview_form(**interviewer_rows(MAX_INTERVIEWERS + 1))
    response = send_with_added_rows(member_client, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"List at most {MAX_INTERVIEWERS} interviewers: you entered {MAX_INTERVIEWERS + 1}." in page
    assert 'id="interviewers-error"' in page
    # Every typed row is still on the page, the last one included.
    assert f'value="Panelist {MAX_INTERVIEWERS}"' in page
    assert count(app, Interview) == 0 and count(app, Interviewer) == 0


def test_the_interviewer_limit_is_given_to_the_add_button(member_client):
    from app.interviews.forms import MAX_INTERVIEWERS

    page = member_client.get("/interviews/new").get_data(as_text=True)
    assert f'data-max="{MAX_INTERVIEWERS}"' in page
    assert f"{MAX_INTERVIEWERS} interviewers." in page


def test_as_many_interviewers_as_allowed_are_all_saved(app, member_client):
    from app.interviews.forms import MAX_INTERVIEWERS

    typed = interview_form(**interviewer_rows(MAX_INTERVIEWERS))
    response = send_with_added_rows(member_client, typed)
    assert response.status_code == 302
    assert count(app, Interviewer) == MAX_INTERVIEWERS


@pytest.mark.parametrize(
    ("outcome", "reasons"), [("awaiting", []), ("rejected", ["Chose someone with more SQL", "Budget moved"])]
)
def test_saving_the_edit_page_unchanged_keeps_the_interview_as_it_was(
    app, member, member_client, outcome, reasons
):
    interview_id = add_interview(app, member.id, "Northwind", outcome=outcome, notes="Two rounds.")
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        interview.rejection_reasons = [RejectionReason(position=i, text=t) for i, t in enumerate(reasons)]
        interview.interviewers = [Interviewer(position=0, name="Priya Raman", email="priya@northwind.example")]
        db.session.commit()
    path = f"/interviews/{interview_id}/edit"
    form = form_to(member_client, path, path)
    assert form.value("rejection_reasons") == "\n".join(reasons)
    response = submit(member_client, form)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert [r.text for r in interview.rejection_reasons] == reasons
        assert [(p.name, p.email) for p in interview.interviewers] == [("Priya Raman", "priya@northwind.example")]
        assert (interview.company, interview.outcome, interview.notes) == ("Northwind", outcome, "Two rounds.")


def test_an_edit_posted_without_its_version_is_refused_as_stale(app, member, member_client):
    interview_id = add_interview(app, member.id, "Original")
    path = f"/interviews/{interview_id}/edit"
    form = form_to(member_client, path, path)
    response = submit(member_client, form, form.submission(changes={"company": "Typed", "version": None}))
    assert response.status_code == 409
    assert 'value="Typed"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Interview, interview_id).company == "Original"


@pytest.mark.parametrize("address, reserved", [("priya@northwind.test", "test"), ("priya@printer.local", "local"),
                                               ("sam@LOCALHOST", "localhost")])
def test_an_interviewer_email_on_a_reserved_domain_gets_the_real_reason(app, member_client, address, reserved):
    typed = interview_form(**{"interviewers-0-email": address})
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (f'<small id="interviewers-0-email-error" class="field-error">Addresses ending in .{reserved} '
            f"cannot receive mail: .{reserved} is a reserved domain, kept for tests and local networks. "
            "Use a real address.</small>") in page
    assert "does not look like an email address" not in page
    assert f'value="{address}"' in page  # what was typed is kept
    assert count(app, Interview) == 0


def test_a_malformed_interviewer_email_keeps_its_own_message(app, member_client):
    typed = interview_form(**{"interviewers-0-email": "a@b@test"})
    response = send(member_client, NEW_INTERVIEW, NEW_INTERVIEW, typed)
    page = response.get_data(as_text=True)
    assert "This does not look like an email address." in page and "reserved domain" not in page
    assert count(app, Interview) == 0
