"""The shared form fields: every date a member types stays in a range the app can compute with."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import FeedbackRequest, Interview
from tests.crawler import send
from tests.debrief_factories import fetch, make_interview, make_request
from tests.test_interviews import add_interview, interview_form

TODAY = date.today()


@pytest.fixture(autouse=True)
def _today_when_the_test_runs():
    """Today as the app sees it when each test runs, not when the module was collected: a run
    that crosses midnight must not see tomorrow's follow-ups as today's."""
    global TODAY
    TODAY = date.today()
RANGE_MESSAGE = "Enter a date between 1970 and 2100: check the year."


def send_feedback(client, interview_id: int, form: str, typed: dict):
    """Type into one form of the interview's feedback page (sent, followed-up, reply), send it."""
    page = f"/interviews/{interview_id}/feedback"
    return send(client, page, f"{page}/{form}", typed)


def interview_count(app) -> int:
    """How many interviews are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Interview))


@pytest.mark.parametrize("typed", ["9999-12-31T23:30", "0001-01-01T09:00", "1969-12-31T10:00"])
def test_interview_date_out_of_range_is_refused_next_to_the_field(app, member_client, typed):
    response = send(member_client, "/interviews/new", "/interviews/new",
                    interview_form(occurred_at=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and 'id="occurred_at-error"' in page
    assert f'value="{typed}"' in page
    assert interview_count(app) == 0


def test_interview_dates_at_the_ends_of_the_range_are_saved(app, member_client):
    for typed in ("1970-01-01T00:00", "2100-12-31T23:59"):
        response = send(member_client, "/interviews/new", "/interviews/new",
                        interview_form(occurred_at=typed))
        assert response.status_code == 302
    with app.app_context():
        saved = sorted(db.session.scalars(select(Interview.occurred_at)))
    assert saved == [datetime(1970, 1, 1, 0, 0), datetime(2100, 12, 31, 23, 59)]


def test_date_inputs_carry_the_range_for_the_date_picker(member_client):
    page = member_client.get("/interviews/new").get_data(as_text=True)
    assert 'min="1970-01-01T00:00"' in page and 'max="2100-12-31T23:59"' in page


@pytest.mark.parametrize("name", ["date_to", "date_from"])
@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01"])
def test_list_filter_out_of_range_keeps_the_date_and_explains(app, member, member_client, name, typed):
    add_interview(app, member.id, "Still Listed")
    response = member_client.get(f"/interviews?{name}={typed}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and f'id="{name}-error"' in page
    assert f'value="{typed}"' in page
    # The refused filter is not applied.
    assert "Still Listed" in page


def test_list_filter_to_a_day_includes_that_whole_day(app, member, member_client):
    add_interview(app, member.id, "Late Evening", when=datetime(2026, 3, 14, 23, 30))
    add_interview(app, member.id, "Next Morning", when=datetime(2026, 3, 15, 0, 0))
    page = member_client.get("/interviews?date_to=2026-03-14").get_data(as_text=True)
    assert "Late Evening" in page and "Next Morning" not in page


@pytest.mark.parametrize(
    "changes",
    [{"sent_on": "0001-01-01"}, {"follow_up_on": "9999-12-31"}],
    ids=["sent on year 1", "follow up in year 9999"],
)
def test_mark_sent_dates_out_of_range_are_refused(app, member, member_client, changes):
    interview_id = make_interview(app, member.id)
    typed = {"sent_to": "Sam 4410", **changes}
    response = send_feedback(member_client, interview_id, "sent", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    field_name, typed = next(iter(changes.items()))
    assert RANGE_MESSAGE in page and f'id="{field_name}-error"' in page
    assert f'value="{typed}"' in page and "Sam 4410" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FeedbackRequest)) == 0


def test_followed_up_in_year_one_is_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    response = send_feedback(member_client, interview_id, "followed-up",
                             {"followed_up_on": "0001-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and 'value="0001-01-01"' in page
    saved = fetch(app, FeedbackRequest, request_id)
    assert (saved.status, saved.followed_up_on) == ("requested", None)


def test_reply_in_year_one_is_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    response = send_feedback(member_client, interview_id, "reply",
                             {"reply": "Strong SQL, 5521", "reply_on": "0001-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and "Strong SQL, 5521" in page
    assert fetch(app, FeedbackRequest, request_id).status == "requested"


def test_a_follow_up_at_the_end_of_the_range_stays_exportable(app, member, member_client):
    interview_id = make_interview(app, member.id)
    sent = TODAY - timedelta(days=1)
    response = send_feedback(member_client, interview_id, "sent",
                             {"sent_on": sent.isoformat(), "follow_up_on": "2100-12-31"})
    assert response.status_code == 302
    response = member_client.get("/calendar.ics")
    assert response.status_code == 200 and b"DTSTART;VALUE=DATE:21001231" in response.data


SPACES_ONLY = "   "
WHEN_MESSAGE = "Enter when the interview took place (or will)."


def test_a_new_interview_with_only_spaces_for_its_date_asks_for_one(app, member_client):
    response = send(member_client, "/interviews/new", "/interviews/new",
                    {"company": "Spaces Ltd 3391", "occurred_at": SPACES_ONLY})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert WHEN_MESSAGE in page and 'id="occurred_at-error"' in page
    assert 'value="Spaces Ltd 3391"' in page
    assert interview_count(app) == 0


def test_an_edited_interview_with_only_spaces_for_its_date_asks_for_one(app, member, member_client):
    interview_id = add_interview(app, member.id, "Acme", when=datetime(2026, 3, 14, 9, 30))
    url = f"/interviews/{interview_id}/edit"
    response = send(member_client, url, url,
                    {"company": "Acme Renamed 7720", "occurred_at": SPACES_ONLY})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert WHEN_MESSAGE in page and 'id="occurred_at-error"' in page
    assert 'value="Acme Renamed 7720"' in page
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert (interview.company, interview.occurred_at) == ("Acme", datetime(2026, 3, 14, 9, 30))


@pytest.mark.parametrize(
    ("path", "typed", "message"),
    [
        ("sent", {"sent_on": SPACES_ONLY, "sent_to": "Sam 4410"}, "Give the date you sent it."),
        ("followed-up", {"followed_up_on": SPACES_ONLY}, "Give the date you followed up."),
        ("reply", {"reply": "Strong SQL, 5521", "reply_on": SPACES_ONLY},
         "Give the date the reply came."),
    ],
    ids=["sent on", "followed up on", "reply on"],
)
def test_a_required_feedback_date_of_only_spaces_asks_for_one(
    app, member, member_client, path, typed, message
):
    interview_id = make_interview(app, member.id)
    if path != "sent":
        make_request(app, member.id, interview_id)
    response = send_feedback(member_client, interview_id, path, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    with app.app_context():
        statuses = list(db.session.scalars(select(FeedbackRequest.status)))
    assert statuses == ([] if path == "sent" else ["requested"])


def test_an_optional_date_of_only_spaces_counts_as_empty(app, member, member_client):
    interview_id = make_interview(app, member.id)
    sent = TODAY - timedelta(days=1)
    response = send_feedback(member_client, interview_id, "sent",
                             {"sent_on": sent.isoformat(), "follow_up_on": SPACES_ONLY})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(FeedbackRequest)).one()
        assert saved.follow_up_on == sent + timedelta(days=7)
    add_interview(app, member.id, "Still Listed")
    response = member_client.get(f"/interviews?date_from={SPACES_ONLY}&date_to={SPACES_ONLY}")
    assert response.status_code == 200 and "Still Listed" in response.get_data(as_text=True)
