"""The shared form fields: every date a member types stays in a range the app can compute with."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import FeedbackRequest, Interview
from tests.debrief_factories import fetch, make_interview, make_request
from tests.test_interviews import add_interview, interview_form

TODAY = date.today()
RANGE_MESSAGE = "Enter a date between 1970 and 2100: check the year."


def interview_count(app) -> int:
    """How many interviews are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Interview))


@pytest.mark.parametrize("typed", ["9999-12-31T23:30", "0001-01-01T09:00", "1969-12-31T10:00"])
def test_interview_date_out_of_range_is_refused_next_to_the_field(app, member_client, typed):
    response = member_client.post("/interviews/new", data=interview_form(occurred_at=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and 'id="occurred_at-error"' in page
    assert f'value="{typed}"' in page
    assert interview_count(app) == 0


def test_interview_dates_at_the_ends_of_the_range_are_saved(app, member_client):
    for typed in ("1970-01-01T00:00", "2100-12-31T23:59"):
        response = member_client.post("/interviews/new", data=interview_form(occurred_at=typed))
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
    data = {"sent_on": TODAY.isoformat(), "channel": "email", "sent_to": "Sam 4410", "version": "0"}
    response = member_client.post(
        f"/interviews/{interview_id}/feedback/sent", data={**data, **changes}
    )
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
    response = member_client.post(
        f"/interviews/{interview_id}/feedback/followed-up",
        data={"followed_up_on": "0001-01-01", "version": "1"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and 'value="0001-01-01"' in page
    saved = fetch(app, FeedbackRequest, request_id)
    assert (saved.status, saved.followed_up_on) == ("requested", None)


def test_reply_in_year_one_is_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    response = member_client.post(
        f"/interviews/{interview_id}/feedback/reply",
        data={"kind": "received", "reply": "Strong SQL, 5521", "reply_on": "0001-01-01",
              "version": "1"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert RANGE_MESSAGE in page and "Strong SQL, 5521" in page
    assert fetch(app, FeedbackRequest, request_id).status == "requested"


def test_a_follow_up_at_the_end_of_the_range_stays_exportable(app, member, member_client):
    interview_id = make_interview(app, member.id)
    sent = TODAY - timedelta(days=1)
    response = member_client.post(
        f"/interviews/{interview_id}/feedback/sent",
        data={"sent_on": sent.isoformat(), "channel": "email", "follow_up_on": "2100-12-31",
              "version": "0"},
    )
    assert response.status_code == 302
    response = member_client.get("/calendar.ics")
    assert response.status_code == 200 and b"DTSTART;VALUE=DATE:21001231" in response.data
