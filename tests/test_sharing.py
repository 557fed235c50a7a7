"""The member's consent: granting a coach, revoking, private interviews and the access log."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import CoachAccess, CoachGrant, PrivateInterview
from tests.coaching_factories import access_pages, count, make_coach, make_grant
from tests.conftest import log_in
from tests.crawler import form_to, send
from tests.debrief_factories import make_interview


@pytest.fixture
def coach(app, admin):
    """A coach of the instance."""
    return make_coach(app)


def grants(app):
    """Every grant as (member, coach, active)."""
    with app.app_context():
        return [(g.member_id, g.coach_id, g.revoked_at is None)
                for g in db.session.scalars(select(CoachGrant).order_by(CoachGrant.id))]


def test_the_sharing_page_offers_only_the_coaches(app, member_client, coach, other_member):
    page = member_client.get("/sharing").get_data(as_text=True)
    form = form_to(member_client, "/sharing", "/sharing/grants")
    options = [c for c in form.controls if c.name == "coach_id"]
    assert options
    assert "Cora Coach" in page
    assert "Otto Other" not in page and "Ada Admin" not in page


def test_a_member_grants_and_revokes_a_coach(app, member, member_client, coach):
    response = send(member_client, "/sharing", "/sharing/grants", {"coach_id": str(coach.id)})
    assert response.status_code == 302
    assert grants(app) == [(member.id, coach.id, True)]
    page = member_client.get("/sharing").get_data(as_text=True)
    assert "Cora Coach" in page and "Revoke access" in page

    coach_client = log_in(app, app.test_client(), coach)
    assert coach_client.get(f"/coaching/members/{member.id}").status_code == 200

    response = send(member_client, "/sharing", "/revoke")
    assert response.status_code == 302
    assert grants(app) == [(member.id, coach.id, False)]
    # The coach's very next request is refused, exactly like a stranger's.
    assert coach_client.get(f"/coaching/members/{member.id}").status_code == 404
    assert "Access you revoked" in member_client.get("/sharing").get_data(as_text=True)

    send(member_client, "/sharing", "/sharing/grants", {"coach_id": str(coach.id)})
    assert grants(app) == [(member.id, coach.id, True)]  # the same row stands again


def test_granting_without_choosing_shows_the_message_and_saves_nothing(app, member_client, coach):
    response = send(member_client, "/sharing", "/sharing/grants", {"coach_id": ""})
    assert response.status_code == 422
    assert "Choose the coach" in response.get_data(as_text=True)
    assert grants(app) == []


@pytest.mark.parametrize("who", ["member", "other", "admin"])
def test_only_a_coach_can_be_granted(app, member, member_client, other_member, admin, coach, who):
    target = {"member": member, "other": other_member, "admin": admin}[who]
    form = form_to(member_client, "/sharing", "/sharing/grants")
    response = send(member_client, "/sharing", form.action, {"coach_id": str(target.id)})
    assert response.status_code == 422
    assert grants(app) == []


def test_revoking_anothers_grant_is_a_404(app, member, other_client, coach):
    grant_id = make_grant(app, member.id, coach.id)
    response = other_client.post(f"/sharing/grants/{grant_id}/revoke",
                                 data={"csrf_token": other_client.csrf_token()})
    assert response.status_code == 404
    assert grants(app) == [(member.id, coach.id, True)]


def test_anonymous_visitors_go_to_login(client, admin):
    for url in ("/sharing",):
        assert client.get(url).headers["Location"].startswith("/login")
    response = client.post("/sharing/grants", data={"coach_id": "1"})
    assert response.status_code in {302, 400}


def test_a_member_keeps_an_interview_private_and_shares_it_again(app, member, member_client, coach):
    interview_id = make_interview(app, member.id, company="Secret Co")
    make_grant(app, member.id, coach.id)
    coach_client = log_in(app, app.test_client(), coach)
    url = f"/coaching/members/{member.id}/interviews/{interview_id}"
    assert coach_client.get(url).status_code == 200

    response = send(member_client, f"/interviews/{interview_id}", "/privacy")
    assert response.status_code == 302
    assert count(app, PrivateInterview) == 1
    assert coach_client.get(url).status_code == 404
    assert coach_client.get(url + "/debrief").status_code == 404
    listing = coach_client.get(f"/coaching/members/{member.id}/interviews").get_data(as_text=True)
    assert "Secret Co" not in listing
    assert "Secret Co" in member_client.get("/sharing").get_data(as_text=True)

    response = send(member_client, "/sharing", "/privacy")
    assert response.status_code == 302
    assert count(app, PrivateInterview) == 0
    assert coach_client.get(url).status_code == 200


def test_another_member_cannot_mark_an_interview_private(app, member, other_client):
    interview_id = make_interview(app, member.id)
    response = other_client.post(f"/sharing/interviews/{interview_id}/privacy",
                                 data={"csrf_token": other_client.csrf_token(), "private": "1"})
    assert response.status_code == 404
    assert count(app, PrivateInterview) == 0


def test_the_access_log_lists_each_read_and_forgets_after_90_days(app, member, member_client, coach):
    interview_id = make_interview(app, member.id, company="Logged Co")
    make_grant(app, member.id, coach.id)
    coach_client = log_in(app, app.test_client(), coach)
    with app.app_context():
        db.session.add(CoachAccess(member_id=member.id, coach_id=coach.id, page="Ancient",
                                   opened_at=clock.utcnow() - timedelta(days=91)))
        db.session.commit()
    coach_client.get(f"/coaching/members/{member.id}")
    coach_client.get(f"/coaching/members/{member.id}/interviews/{interview_id}")
    assert access_pages(app, member.id) == ["Dashboard", "Interview: Logged Co (Data Analyst)"]
    page = member_client.get("/sharing").get_data(as_text=True)
    assert "Interview: Logged Co (Data Analyst)" in page and "Cora Coach" in page
    assert "Ancient" not in page
