"""The dashboard: actions first, then charts, then what went well."""

from datetime import datetime, timedelta

from app.extensions import db
from app.models import ActionItem, FeedbackRequest
from tests.test_insights import add_interview, add_question, category_id


def page(client, path="/dashboard"):
    """GET a page and return (status, text)."""
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def ago(days: float) -> datetime:
    """A moment `days` before now (the dashboard uses the real clock)."""
    return datetime.now() - timedelta(days=days)


def test_anonymous_visitor_is_sent_to_login(client, member):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_home_leads_to_the_dashboard(member_client):
    response = member_client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")


def test_new_member_sees_what_to_do_first(member_client):
    status, text = page(member_client)
    assert status == 200
    assert "Start with your last interview" in text
    assert "<svg" not in text
    assert "Weak areas" not in text


def test_recurring_red_alert_leads_the_page(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(9), company="Alpha", researched_company=False)
        add_interview(member.id, ago(4), company="Beta", researched_company=False)
        add_interview(member.id, ago(2), company="Gamma", on_time=False)
        db.session.commit()
    status, text = page(member_client)
    assert status == 200
    recurring = text.index("Recurring red alerts")
    alert = text.index("Did not research the company")
    assert recurring < alert < text.index("Trends")
    assert "In 2 of your last 3 debriefed interviews" in text
    # A single miss is not recurring.
    assert "Arrived late" not in text[recurring : text.index("To do")]


def test_fixed_habit_shows_its_streak(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(30), negative_tone=True)
        add_interview(member.id, ago(20))
        add_interview(member.id, ago(10))
        db.session.commit()
    _, text = page(member_client)
    assert "Habits you are breaking" in text
    assert "Set a negative tone</strong>: not since" in text
    assert "2 clean debriefs in a row" in text


def test_weak_area_table_and_charts(app, member, member_client):
    with app.app_context():
        interview = add_interview(member.id, ago(5), stage="screening", outcome="next_stage")
        add_question(member.id, interview, "Leadership", 1)
        add_question(member.id, interview, "Leadership", 2)
        add_question(member.id, interview, "Introduction", 5)
        db.session.add(ActionItem(owner_id=member.id, text="Prepare a leadership story",
                                  category_id=category_id(member.id, "Leadership")))
        db.session.commit()
    _, text = page(member_client)
    weak = text[text.index('id="weak-heading"') : text.index('id="trends-heading"')]
    assert '<th scope="row">Leadership</th>' in weak
    assert "Introduction" not in weak
    assert "Prepare a leadership story" in text  # an open action item
    # Charts carry a text equivalent; no inline styles anywhere.
    assert 'role="img"' in text and "<title" in text
    assert "Screening call: 1 interview, 1 went further" in text
    assert "Leadership: 2 questions, average 1.5" in text
    assert "style=" not in text


def test_to_do_list_gathers_debriefs_and_feedback(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(40), company="Done")
        add_interview(member.id, ago(3), company="Undebriefed", debriefed=False)
        followed = add_interview(member.id, ago(20), company="Waiting Co")
        db.session.add(FeedbackRequest(owner_id=member.id, interview_id=followed,
                                       status="requested",
                                       follow_up_on=(datetime.now() - timedelta(days=1)).date()))
        db.session.commit()
    _, text = page(member_client)
    todo = text[text.index('id="todo-heading"') : text.index('id="weak-heading"')]
    assert "Interviews waiting for their debrief" in todo and "Undebriefed" in todo
    assert "Thank-you and feedback requests to send" in todo
    assert "Follow up with Waiting Co" in todo


def test_what_went_well_with_encouragement(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(8), stage="first", outcome="next_stage", went_well=("Calm intro",))
        add_interview(member.id, ago(2), stage="technical", outcome="rejected",
                      went_well=("Clear <b>story</b>",))
        db.session.commit()
    _, text = page(member_client)
    well = text[text.index('id="well-heading"') :]
    assert "1 of your 2 interviews led to a further step" in well
    assert "Calm intro" in well
    assert "Clear &lt;b&gt;story&lt;/b&gt;" in well


def test_other_members_data_stays_out(app, member, other_member, member_client):
    with app.app_context():
        add_interview(other_member.id, ago(9), company="Secret Corp", researched_company=False,
                      went_well=("Otto's win",))
        add_interview(other_member.id, ago(4), company="Secret Corp", researched_company=False)
        db.session.commit()
    _, text = page(member_client)
    assert "Start with your last interview" in text
    assert "Secret Corp" not in text and "Otto&#39;s win" not in text


def test_long_to_do_lists_show_five_and_say_how_many_more(app, member, member_client):
    """The dashboard loads five rows of a long list and counts the rest, instead of all."""
    with app.app_context():
        for day in range(1, 9):
            add_interview(member.id, datetime.now() - timedelta(days=day), company=f"Firm {day}",
                          debriefed=False)
        db.session.commit()
    page = member_client.get("/dashboard").get_data(as_text=True)
    assert page.count("Debrief Firm ") == 5
    assert "and 3 more." in page


def test_no_weak_area_states_the_rule(app, member, member_client):
    """One badly answered question is too few: the page says which rule no category meets."""
    with app.app_context():
        interview = add_interview(member.id, ago(5))
        add_question(member.id, interview, "Leadership", 1)
        add_question(member.id, interview, "Introduction", 4)
        db.session.commit()
    _, text = page(member_client)
    weak = text[text.index('id="weak-heading"') : text.index('id="trends-heading"')]
    assert "No weak areas yet: none of your categories meets the rule." in weak
    assert "from two questions on" in weak and "2.5 or less" in weak and "40 %" in weak
    assert "gone badly" not in text


def test_a_one_interview_record_reads_naturally(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(3), stage="screening", outcome="next_stage")
        db.session.commit()
    _, text = page(member_client)
    assert "Your one interview so far led to a further step." in text
    assert "of your 1 interview" not in text
