"""The dashboard: the next interview, the habits to fix and what to do first, then the charts."""

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import ActionItem, FeedbackRequest
from tests.crawler import parse_forms, submit
from tests.test_insights import add_interview, add_question, category_id


def page(client, path="/dashboard"):
    """GET a page and return (status, text)."""
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def form_to(html: str, action: str):
    """The form of the page that posts to `action`, as a browser reads it."""
    (form,) = [form for form in parse_forms("/dashboard", html) if form.action == action]
    return form


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
    habits = text[text.index('id="habits-heading"') : text.index('id="todo-heading"')]
    recurring = habits[: habits.index("Watch these")]
    # One line each: what, how often, when last; the advice behind a disclosure.
    assert re.search(r"<strong>Did not research the company</strong> · 2 of the last 3 · "
                     r"last time \d+ \w+, 1 debrief ago</summary>", recurring)
    assert "<details>" in recurring and "Read the company" in recurring
    # A single miss is not recurring, but from the latest debrief it is one to watch.
    assert "Arrived late" not in recurring
    watch = habits[habits.index("Watch these") :]
    assert "<strong>Arrived late</strong> · 1 of the last 3" in watch
    assert "Well done" not in text


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
    # How well, not how many: the average and the share rated 1-2 per category.
    assert "Leadership: average 1.5, 100 % rated 1–2 <small>(2 rated)</small>" in text
    assert "Introduction: average 5.0, 0 % rated 1–2" in text
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
    assert "Debriefs to write" in todo and "Undebriefed" in todo
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


def test_the_next_interview_comes_first_with_what_to_avoid(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(9), company="Alpha", researched_company=False)
        add_interview(member.id, ago(4), company="Beta", researched_company=False)
        coming = add_interview(member.id, ago(-3), company="Initech", stage="technical",
                               debriefed=False)
        add_interview(member.id, ago(-10), company="Later Ltd", debriefed=False)
        db.session.commit()
    _, text = page(member_client)
    card = text[text.index('class="next-interview"') : text.index('id="habits-heading"')]
    assert text.index('class="next-interview"') < text.index('id="todo-heading"')
    assert "In 3 days" in card or "In 2 days" in card  # 3 days ahead, whatever the hour
    assert "Initech" in card and "Technical ·" in card and "Later Ltd" not in card
    assert f'href="/prep?interview={coming}"' in card
    assert '<span class="chip chip-alert">Did not research the company</span>' in card


def test_tomorrow_and_today_read_as_words(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(-1), company="Soon Co", debriefed=False)
        db.session.commit()
    _, text = page(member_client)
    assert re.search(r'<p class="next-when">(Tomorrow|In 2 days)<span>', text)


def test_the_habit_grid_marks_each_sign_where_it_happened(app, member, member_client):
    with app.app_context():
        alpha = add_interview(member.id, ago(9), company="Alpha", researched_company=False)
        beta = add_interview(member.id, ago(4), company="Beta", on_time=False)
        gamma = add_interview(member.id, ago(2), company="Gamma")
        db.session.commit()
    _, text = page(member_client)
    grid = text[text.index('class="habit-grid"') : text.index("</table>", text.index('class="habit-grid"'))]
    heads = re.findall(r'<span class="grid-head"[^>]*>([^<]*)</span>', grid)
    assert [head.split(" · ")[1] for head in heads] == ["Alpha", "Beta", "Gamma"]  # oldest first
    rows = {
        re.search(r'<span class="visually-hidden">([^<]*)</span></th>', row).group(1): row
        for row in re.findall(r"<tr class=\"row-[a-z]+\">(.*?)</tr>", grid, re.S)
    }
    assert len(rows) == 9
    marks = {label: re.findall(r'href="/interviews/(\d+)/debrief"', row) for label, row in rows.items()}
    assert marks["Did not research the company"] == [str(alpha)]
    assert marks["Arrived late"] == [str(beta)]
    assert all(not found for label, found in marks.items()
               if label not in {"Did not research the company", "Arrived late"})
    assert f"/interviews/{gamma}/debrief" not in grid  # a clean debrief: a quiet column


def test_the_habit_grid_shows_the_last_ten_debriefs(app, member, member_client):
    with app.app_context():
        for day in range(12, 0, -1):
            add_interview(member.id, ago(day), company=f"Firm {day:02d}", on_time=False)
        db.session.commit()
    _, text = page(member_client)
    grid = text[text.index('class="habit-grid"') :]
    heads = re.findall(r'<span class="grid-head"[^>]*>[^<]* · Firm (\d+)', grid)
    assert heads == [f"{day:02d}" for day in range(10, 0, -1)]


def test_an_action_item_is_ticked_on_the_dashboard_and_undone(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(3), company="Alpha")
        item = ActionItem(owner_id=member.id, text="Prepare a failure story")
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    html = member_client.get("/dashboard").get_data(as_text=True)
    tick = form_to(html, f"/actions/{item_id}/toggle")
    response = submit(member_client, tick)
    assert response.status_code == 302 and response.headers["Location"].startswith("/dashboard?done=")
    with app.app_context():
        assert db.session.get(ActionItem, item_id).done_at is not None
    html = member_client.get(response.headers["Location"]).get_data(as_text=True)
    todo = html[html.index('id="todo-heading"') :]
    assert "Done: “Prepare a failure story”." in todo and "Undo</button>" in todo
    undo = form_to(html, f"/actions/{item_id}/toggle")
    submit(member_client, undo)
    with app.app_context():
        assert db.session.get(ActionItem, item_id).done_at is None
    html = member_client.get("/dashboard").get_data(as_text=True)
    assert "Undo</button>" not in html and "Prepare a failure story" in html


def test_another_members_item_is_never_offered_for_undo(app, member, other_member, member_client):
    with app.app_context():
        add_interview(member.id, ago(3))
        theirs = ActionItem(owner_id=other_member.id, text="Their secret plan", done_at=datetime.now())
        db.session.add(theirs)
        db.session.commit()
        their_id = theirs.id
    for done in (str(their_id), "0", "-5", "99999999999999999999999", "abc"):
        response = member_client.get(f"/dashboard?done={done}")
        assert response.status_code == 200
        assert "Their secret plan" not in response.get_data(as_text=True)
        assert "Undo</button>" not in response.get_data(as_text=True)


def test_long_overdue_follow_ups_ask_no_reply_and_close_in_one_click(app, member, member_client):
    with app.app_context():
        recent = add_interview(member.id, ago(30), company="Recent Co")
        stale = add_interview(member.id, ago(120), company="Silent Corp")
        today = datetime.now().date()
        db.session.add_all([
            FeedbackRequest(owner_id=member.id, interview_id=recent, status="requested",
                            follow_up_on=today - timedelta(days=10)),
            FeedbackRequest(owner_id=member.id, interview_id=stale, status="followed_up",
                            follow_up_on=today - timedelta(days=75)),
        ])
        db.session.commit()
    html = member_client.get("/dashboard").get_data(as_text=True)
    todo = html[html.index('id="todo-heading"') : html.index('id="grid-heading"')]
    due = todo[todo.index("Follow-ups due") : todo.index("No reply?")]
    assert "Recent Co" in due and "Silent Corp" not in due
    no_reply = todo[todo.index("No reply?") :]
    assert "Silent Corp" in no_reply and "Recent Co" not in no_reply
    response = submit(member_client, form_to(html, f"/interviews/{stale}/feedback/no-reply"))
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard#to-do"
    with app.app_context():
        statuses = dict(db.session.execute(select(FeedbackRequest.interview_id, FeedbackRequest.status)).all())
    assert statuses == {stale: "no_reply", recent: "requested"}
    html = member_client.get("/dashboard").get_data(as_text=True)
    assert "No reply?" not in html and "Marked as no reply." in html


def test_a_no_reply_click_from_a_stale_dashboard_is_refused(app, member, member_client):
    with app.app_context():
        stale = add_interview(member.id, ago(120), company="Silent Corp")
        db.session.add(FeedbackRequest(owner_id=member.id, interview_id=stale, status="requested",
                                       follow_up_on=datetime.now().date() - timedelta(days=75)))
        db.session.commit()
    html = member_client.get("/dashboard").get_data(as_text=True)
    form = form_to(html, f"/interviews/{stale}/feedback/no-reply")
    with app.app_context():  # meanwhile, in another tab, the reply came in
        request_ = db.session.scalars(select(FeedbackRequest)).one()
        request_.status, request_.reply = "received", "You were great"
        db.session.commit()
    response = submit(member_client, form)
    assert response.status_code in {302, 409}
    with app.app_context():
        assert db.session.scalars(select(FeedbackRequest)).one().status == "received"
