"""Rehearsal: one card at a time, the answer hidden, then a grade the FSRS scheduler acts on."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import clock
from app.models import CardKind
from app.rehearsal import bp
from app.rehearsal.agenda import (
    Agenda,
    add_new_cards,
    agenda_at,
    due_today,
    next_card_id,
    next_due_at,
    remembered_sources,
)
from app.rehearsal.forms import GradeForm, StartForm
from app.rehearsal.practice import GradeResult, describe_grade, grade_card
from app.rehearsal.scheduling import wait_in_words
from app.rehearsal.showing import Showing, build_showing, load_card
from app.versioning import save_changes

ALREADY_GRADED = (
    "That card was already graded (a second click, or another tab): the first grade counts. "
    "Here is the next card."
)


def render_rehearsal(agenda: Agenda, showing: Showing | None, revealed: bool = False,
                     form: GradeForm | None = None, status: int = 200):
    """The rehearsal page: a card (question side, or revealed), or what to do when none is due."""
    next_due = None if showing else next_due_at(agenda.owner_id, agenda.utc_now)
    page = render_template(
        "rehearsal/index.html", agenda=agenda, showing=showing, revealed=revealed,
        form=form or GradeForm(), start_form=StartForm(), due_today=due_today(agenda),
        next_due=next_due and clock.to_local(next_due),
        card_kinds={kind.value: kind.label for kind in CardKind}, wait_in_words=wait_in_words,
    )
    return page, status


def read_agenda() -> Agenda:
    """The member's agenda now, built from sources read once per version of their data."""
    now = clock.now()
    return agenda_at(current_user.id, now, remembered_sources(current_user.id, now))


@bp.route("/rehearse")
@login_required
def index():
    """The next card due, its question shown and its answer hidden."""
    agenda = read_agenda()
    card_id = next_card_id(agenda)
    showing = build_showing(load_card(card_id), agenda.utc_now) if card_id else None
    return render_rehearsal(agenda, showing)


@bp.route("/rehearse/cards/<int:card_id>/answer")
@login_required
def answer(card_id: int):
    """A card with its answer shown, and the grades: the page without JavaScript's reveal."""
    card = load_card(card_id)
    agenda = read_agenda()
    return render_rehearsal(agenda, build_showing(card, agenda.utc_now), revealed=True)


@bp.route("/rehearse/cards/<int:card_id>/grade", methods=["POST"])
@login_required
def grade(card_id: int):
    """Grade one showing of a card (once: a second grade of it changes nothing), then the next."""
    card = load_card(card_id)
    form = GradeForm()
    agenda = read_agenda()
    if not form.validate_on_submit():
        showing = build_showing(card, agenda.utc_now)
        return render_rehearsal(agenda, showing, revealed=True, form=form, status=422)
    result = GradeResult()
    apply = lambda: grade_card(card, form.grade, form.showing, agenda.utc_now, agenda, result)
    if save_changes(apply, typed=False):
        if result.graded:
            flash(describe_grade(result), "success")
        else:
            flash(ALREADY_GRADED, "warning")
    return redirect(url_for("rehearsal.index"))


@bp.route("/rehearse/start", methods=["POST"])
@login_required
def start():
    """Give the new practice items their cards, and show the first card due."""
    form = StartForm()
    if form.validate_on_submit():
        agenda = read_agenda()
        made = {}
        if save_changes(lambda: made.update(count=add_new_cards(agenda)), typed=False):
            count = made["count"]
            if count:
                flash(f"{count} new card{'' if count == 1 else 's'} to rehearse.", "success")
    return redirect(url_for("rehearsal.index"))
