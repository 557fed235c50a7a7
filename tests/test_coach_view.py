"""The coach's home and the read-only views of a member's dashboard, interviews and debriefs."""

from datetime import datetime, timedelta

from tests.coaching_factories import access_pages, make_coach, make_grant, make_private
from tests.conftest import log_in, make_person
from tests.debrief_factories import make_assessment, make_interview


def debriefed(app, member_id, company, days_ago, **answers):
    """A past interview with a finished debrief."""
    when = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
    interview_id = make_interview(app, member_id, company=company, when=when,
                                  questions=[("Tell me about yourself", 1, True)])
    make_assessment(app, member_id, interview_id, completed_at=datetime.utcnow() - timedelta(days=days_ago),
                    **answers)
    return interview_id


def test_the_home_lists_granted_members_with_what_needs_attention(app, admin):
    coach = make_coach(app)
    struggling = make_person(app, "sam@example.test", "Sam Struggling")
    fine = make_person(app, "ann@example.test", "Ann Fine")
    hidden = make_person(app, "hal@example.test", "Hal Hidden")  # never granted
    for member in (struggling, fine):
        make_grant(app, member.id, coach.id)
    for days in (3, 5):
        debriefed(app, struggling.id, f"Late Co {days}", days, on_time=False)
    debriefed(app, fine.id, "Calm Co", 40)
    make_interview(app, hidden.id, company="Hidden Co")
    client = log_in(app, app.test_client(), coach)

    page = client.get("/coaching").get_data(as_text=True)
    assert "Hal Hidden" not in page
    assert page.index("Sam Struggling") < page.index("Ann Fine")  # who struggles most first
    assert "Arrived late" in page or "on time" in page.lower()
    assert "Last debrief 3 days ago" in page and "Last debrief 40 days ago" in page
    by_days = client.get("/coaching?sort=days").get_data(as_text=True)
    assert by_days.index("Ann Fine") < by_days.index("Sam Struggling")
    by_name = client.get("/coaching?sort=name").get_data(as_text=True)
    assert by_name.index("Ann Fine") < by_name.index("Sam Struggling")
    assert 'href="/coaching?sort=name"' in page  # sorting works without JavaScript
    assert client.get("/coaching?sort=nonsense").status_code == 200


def test_members_and_admins_get_404_on_the_coach_home(app, member_client, admin_client):
    assert member_client.get("/coaching").status_code == 404
    assert admin_client.get("/coaching").status_code == 404


def test_the_read_only_views_leave_out_private_interviews_and_log_each_read(app, member, admin):
    coach = make_coach(app)
    make_grant(app, member.id, coach.id)
    shared = debriefed(app, member.id, "Open Co", 3, on_time=False)
    private = debriefed(app, member.id, "Hush Co", 2, on_time=False)
    make_private(app, member.id, private)
    client = log_in(app, app.test_client(), coach)
    base = f"/coaching/members/{member.id}"
    for url in (base, f"{base}/interviews", f"{base}/interviews/{shared}",
                f"{base}/interviews/{shared}/debrief"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert "Hush Co" not in html, url
        assert "/account" not in html.replace('href="/account/password"', "")  # own nav only
    assert "Open Co" in client.get(f"{base}/interviews").get_data(as_text=True)
    assert access_pages(app, member.id) == [
        "Dashboard", "Interview list", "Interview: Open Co (Data Analyst)",
        "Debrief: Open Co (Data Analyst)", "Interview list",
    ]


def test_the_read_only_debrief_shows_the_checklist(app, member, admin):
    coach = make_coach(app)
    make_grant(app, member.id, coach.id)
    interview_id = debriefed(app, member.id, "Check Co", 3, researched_role=False)
    client = log_in(app, app.test_client(), coach)
    html = client.get(f"/coaching/members/{member.id}/interviews/{interview_id}/debrief").get_data(as_text=True)
    assert "Had I researched the role?" in html and "Red alert" in html


def test_a_disabled_or_demoted_coach_loses_access(app, member, admin):
    from app.extensions import db
    from app.models import User
    coach = make_coach(app)
    make_grant(app, member.id, coach.id)
    client = log_in(app, app.test_client(), coach)
    assert client.get(f"/coaching/members/{member.id}").status_code == 200
    with app.app_context():
        db.session.get(User, coach.id).role = "member"
        db.session.commit()
    assert client.get(f"/coaching/members/{member.id}").status_code == 404


def test_the_home_counts_debriefs_due_but_not_private_ones(app, admin):
    coach = make_coach(app)
    member = make_person(app, "dee@example.test", "Dee Due")
    make_grant(app, member.id, coach.id)
    debriefed(app, member.id, "Done Co", 9)
    when = datetime.now().replace(microsecond=0)
    make_interview(app, member.id, company="Open Co", when=when - timedelta(days=2))
    secret = make_interview(app, member.id, company="Secret Co", when=when - timedelta(days=3))
    make_interview(app, member.id, company="Soon Co", when=when + timedelta(days=3))
    client = log_in(app, app.test_client(), coach)
    assert "2 debriefs due" in client.get("/coaching").get_data(as_text=True)
    make_private(app, member.id, secret)
    assert "1 debrief due" in client.get("/coaching").get_data(as_text=True)
