"""Views for the feedback loop: the drafted request, sent, followed up, the reply, its takeaways."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.actions.forms import ActionItemForm
from app.debrief import bp
from app.debrief.drafting import draft_for
from app.debrief.feedback import (
    WAITING_STATES,
    feedback_state,
    is_follow_up_due,
    request_for,
)
from app.debrief.forms import FollowedUpForm, MarkSentForm, NoReplyForm, ReplyForm
from app.debrief.loading import load_interview
from app.models import ActionItem, FeedbackChannel, FeedbackStatus, Interview
from app.page_cache import member_page
from app.security import safe_next
from app.versioning import save_changes

FORM_CLASSES = {
    "sent_form": MarkSentForm,
    "followed_up_form": FollowedUpForm,
    "reply_form": ReplyForm,
    "no_reply_form": NoReplyForm,
}


def fresh_forms(interview: Interview) -> dict:
    """Every form of the page, unposted, filled from the interview's request."""
    saved = interview.feedback_request
    forms = {name: form_class(formdata=None) for name, form_class in FORM_CLASSES.items()}
    for form in forms.values():
        form.version.data = str(saved.version) if saved else "0"
    first = interview.interviewers[0] if interview.interviewers else None
    if saved and saved.sent_on:
        forms["sent_form"].sent_on.data = saved.sent_on
        forms["sent_form"].channel.data = saved.channel
        forms["sent_form"].sent_to.data = saved.sent_to
        forms["sent_form"].follow_up_on.data = saved.follow_up_on
    elif first:
        forms["sent_form"].sent_to.data = first.email or first.name
    if saved and saved.status in (FeedbackStatus.RECEIVED.value, FeedbackStatus.DECLINED.value):
        forms["reply_form"].kind.data = saved.status
        forms["reply_form"].reply.data = saved.reply
        forms["reply_form"].reply_from.data = saved.reply_from
        forms["reply_form"].reply_on.data = saved.reply_on
    elif first:
        forms["reply_form"].reply_from.data = first.name
    takeaway = ActionItemForm(formdata=None)
    takeaway.submit.label.text = "Add takeaway"
    forms["takeaway_form"] = takeaway
    return forms


def render_feedback_page(interview: Interview, **posted):
    """The feedback page, with a posted form (and its errors) in place of its fresh one."""
    forms = {**fresh_forms(interview), **posted}
    forms["takeaway_form"].submit.label.text = "Add takeaway"
    saved = interview.feedback_request
    page = render_template(
        "debrief/feedback.html",
        interview=interview,
        feedback=saved,
        state=feedback_state(saved),
        follow_up_due=is_follow_up_due(saved),
        waiting=bool(saved and saved.status in WAITING_STATES),
        draft=draft_for(interview, current_user),
        channel_label=FeedbackChannel.label_of,
        takeaways=sorted(interview.action_items, key=lambda item: item.created_at),
        **forms,
    )
    return page


def back_to_feedback(interview_id: int):
    """Redirect to the interview's feedback page."""
    return redirect(url_for("debrief.feedback", interview_id=interview_id))


def save_request_form(interview_id: int, form, form_name: str, message: str, allowed=None):
    """Validate a form about the feedback request, apply it, commit; re-render on any problem."""
    interview = load_interview(interview_id)
    saved = interview.feedback_request
    if allowed is not None and (saved is None or saved.status not in allowed):
        flash("That step does not apply yet: mark the request as sent first.", "error")
        return back_to_feedback(interview_id)
    form.saved = saved
    if not form.validate_on_submit():
        return render_feedback_page(interview, **{form_name: form})
    result = save_changes(lambda: form.apply_to(request_for(interview)), form=form, row=saved)
    if result:
        flash(message, "success")
        back = url_for("debrief.feedback", interview_id=interview_id)
        return redirect(safe_next(request.form.get("next"), back))
    return render_feedback_page(load_interview(interview_id), **{form_name: form}), result.status


@bp.get("/interviews/<int:interview_id>/feedback")
@login_required
@member_page()
def feedback(interview_id: int):
    """The drafted thank-you and feedback request, where it stands, the reply and takeaways."""
    return render_feedback_page(load_interview(interview_id))


@bp.post("/interviews/<int:interview_id>/feedback/sent")
@login_required
def mark_sent(interview_id: int):
    """Record that the thank-you and feedback request went out."""
    return save_request_form(
        interview_id,
        MarkSentForm(),
        "sent_form",
        "Marked as sent. Debrief will remind you to follow up.",
    )


@bp.post("/interviews/<int:interview_id>/feedback/followed-up")
@login_required
def mark_followed_up(interview_id: int):
    """Record that the member chased the request once more."""
    return save_request_form(
        interview_id,
        FollowedUpForm(),
        "followed_up_form",
        "Marked as followed up.",
        allowed=WAITING_STATES,
    )


@bp.post("/interviews/<int:interview_id>/feedback/reply")
@login_required
def record_reply(interview_id: int):
    """Record the interviewer's feedback, or that they declined."""
    return save_request_form(
        interview_id,
        ReplyForm(),
        "reply_form",
        "Reply saved. Now note the takeaways you want to act on.",
    )


@bp.post("/interviews/<int:interview_id>/feedback/no-reply")
@login_required
def mark_no_reply(interview_id: int):
    """Stop waiting: the interviewer never answered."""
    return save_request_form(
        interview_id, NoReplyForm(), "no_reply_form", "Marked as no reply.", allowed=WAITING_STATES
    )


@bp.post("/interviews/<int:interview_id>/feedback/takeaways")
@login_required
def add_takeaway(interview_id: int):
    """Add a takeaway from the feedback as an action item."""
    interview = load_interview(interview_id)
    form = ActionItemForm()
    if not form.validate_on_submit():
        return render_feedback_page(interview, takeaway_form=form)
    item = ActionItem(owner_id=current_user.id, interview_id=interview.id)
    saved = save_changes(lambda: form.apply_to(item), add=item)
    if not saved:
        return render_feedback_page(load_interview(interview_id), takeaway_form=form), saved.status
    flash("Takeaway added to your action items.", "success")
    return back_to_feedback(interview_id)

