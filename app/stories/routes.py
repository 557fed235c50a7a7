"""Views of the story bank: the bank, a story, writing and deleting one, linking it to questions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.extensions import db
from app.forms import ConfirmForm
from app.models import Question, Story
from app.ownership import get_owned_or_404, owned
from app.page_cache import member_page
from app.security import safe_next
from app.stories import bp
from app.stories.forms import (
    LinkButtonForm,
    LinkQuestionsForm,
    PickStoryForm,
    StoryForm,
)
from app.stories.links import find_link, link_questions, link_story, set_tags
from app.stories.queries import (
    PICKER_LIMIT,
    linked_questions,
    member_categories,
    next_interview,
    question_candidates,
    stories_of_question,
    story_bank,
    story_choices,
    story_entry,
)
from app.versioning import save_changes

SEARCH_MAX = 100


def story_url(story: Story) -> str:
    """The page of one story."""
    return url_for("stories.detail", story_id=story.id)


def question_url(question: Question) -> str:
    """The interview page, scrolled to one question."""
    return url_for(
        "interviews.detail", interview_id=question.interview_id, _anchor=f"question-{question.id}"
    )


def id_or_404(raw: str | None) -> int | None:
    """An id sent in a link or a hidden field: None when absent, 404 when it is not an id."""
    if raw is None or raw == "":
        return None
    if not raw.isdecimal() or len(raw) > 19:
        abort(404)
    return int(raw)


def tag_choices(story: Story | None = None):
    """The categories a story may be tagged with: the visible ones, plus its hidden tags."""
    keep = {tag.category_id for tag in story.tags} if story is not None else set()
    return member_categories(current_user.id, keep)


def preset_tags(form: StoryForm, question: Question | None) -> list[int]:
    """A new story's ticked category: the question's, or the one asked for (`?category=`)."""
    offered = {category_id for category_id, _name in form.categories.choices}
    raw = request.args.get("category", "")
    wanted = question.category_id if question is not None else (int(raw) if raw.isdecimal() else None)
    return [wanted] if wanted in offered else []


def render_story_form(form: StoryForm, story: Story | None, question: Question | None, status=200):
    """The new/edit page of a story."""
    page = render_template("stories/form.html", form=form, story=story, question=question)
    return page, status


@bp.get("/stories")
@login_required
@member_page()
def index():
    """The story bank: every story, its tags and uses, and the categories still without one."""
    return render_template("stories/index.html", bank=story_bank(current_user.id, clock.now()))


@bp.route("/stories/new", methods=["GET", "POST"])
@login_required
def new():
    """Write a new story; from a question ("answer with a story"), linked to it once saved."""
    form = StoryForm(categories=tag_choices())
    raw = form.question_id.data if form.is_submitted() else request.args.get("question")
    question_id = id_or_404(raw)
    question = get_owned_or_404(Question, question_id) if question_id else None
    if not form.is_submitted():
        form.categories.data = preset_tags(form, question)
        if question is not None:
            form.question_id.data = str(question.id)
    status = 200
    if form.validate_on_submit():
        story = Story(owner_id=current_user.id)

        def apply():
            """Fill the story, its tags and its link to the question."""
            form.apply_to(story)
            set_tags(story, form.categories.data)
            if question is not None:
                link_story(story, question)

        saved = save_changes(apply, add=story)
        if saved:
            flash("Story saved." + (" It is linked to the question." if question else ""), "success")
            return redirect(story_url(story))
        status = saved.status
    return render_story_form(form, None, question, status)


@bp.get("/stories/<int:story_id>")
@login_required
@member_page()
def detail(story_id: int):
    """One story in full, where it was used, and the questions it is linked to."""
    story = get_owned_or_404(Story, story_id)
    coming = next_interview(current_user.id, clock.now())
    return render_template(
        "stories/detail.html",
        entry=story_entry(story, coming),
        next_interview=coming,
        linked=linked_questions(current_user.id, story.id),
    )


@bp.route("/stories/<int:story_id>/edit", methods=["GET", "POST"])
@login_required
def edit(story_id: int):
    """Change a story, or the kinds of question it answers."""
    story = get_owned_or_404(Story, story_id)
    form = StoryForm.for_story(story, tag_choices(story))
    status = 200
    if form.validate_on_submit():

        def apply():
            """Copy the form onto the story and its tags."""
            form.apply_to(story)
            set_tags(story, form.categories.data)

        saved = save_changes(apply, form=form, row=story)
        if saved:
            flash("Story saved.", "success")
            return redirect(story_url(story))
        status = saved.status
    return render_story_form(form, story, None, status)


@bp.route("/stories/<int:story_id>/delete", methods=["GET", "POST"])
@login_required
def delete(story_id: int):
    """Ask, then delete a story (its links to questions go with it; the questions stay)."""
    story = get_owned_or_404(Story, story_id)
    form = ConfirmForm()
    status = 200
    if form.validate_on_submit():
        saved = save_changes(lambda: db.session.delete(story), typed=False)
        if saved:
            flash("Story deleted.", "success")
            return redirect(url_for("stories.index"))
        status = saved.status
    page = render_template(
        "stories/delete.html", story=story, form=form,
        link_count=len(linked_questions(current_user.id, story.id)),
    )
    return page, status


@bp.route("/stories/<int:story_id>/questions", methods=["GET", "POST"])
@login_required
def link_to_questions(story_id: int):
    """Pick the questions a story answers, among the member's own, grouped by interview."""
    story = get_owned_or_404(Story, story_id)
    form = LinkQuestionsForm()
    status = 200
    if form.validate_on_submit():
        wanted = set(form.question_ids.data)
        questions = db.session.scalars(owned(Question).where(Question.id.in_(wanted))).all()
        if len(questions) != len(wanted):
            abort(404)  # a question that is not the member's looks like one that is not there
        saved = save_changes(lambda: link_questions(story, questions))
        if saved:
            count = len(questions)
            flash(f"Linked {count} question{'' if count == 1 else 's'} to the story.", "success")
            return redirect(story_url(story))
        status = saved.status
    search = (form.q.data if form.is_submitted() else request.args.get("q", "")) or ""
    search = search.strip()[:SEARCH_MAX]
    form.q.data = search
    groups, more = question_candidates(current_user.id, search, story.id)
    ticked = set(form.question_ids.data or []) if form.is_submitted() else set()
    page = render_template(
        "stories/link_questions.html",
        story=story, form=form, groups=groups, more=more, search=search, ticked=ticked,
        limit=PICKER_LIMIT,
    )
    return page, status


@bp.post("/stories/<int:story_id>/questions/<int:question_id>/unlink")
@login_required
def unlink(story_id: int, question_id: int):
    """Take a question off a story (the story and the question stay)."""
    story = get_owned_or_404(Story, story_id)
    question = get_owned_or_404(Question, question_id)
    form = LinkButtonForm()
    if not form.validate_on_submit():
        abort(400)
    link = find_link(story.id, question.id, current_user.id)
    if link is None:
        flash("That question was not linked to the story.", "info")
    elif save_changes(lambda: db.session.delete(link), typed=False):
        flash("The question is no longer linked to the story.", "success")
    return redirect(safe_next(form.next.data, story_url(story)))


@bp.route("/questions/<int:question_id>/stories", methods=["GET", "POST"])
@login_required
def for_question(question_id: int):
    """Answer a question with a story: link one of the member's stories, or write a new one."""
    question = get_owned_or_404(Question, question_id)
    form = PickStoryForm()
    form.set_stories(story_choices(current_user.id))
    status = 200
    if form.validate_on_submit():
        story = get_owned_or_404(Story, form.story_id.data)
        link = find_link(story.id, question.id, current_user.id)
        better = bool(form.better_answer.data)
        if link is not None and (link.better_answer or not better):
            flash("That story was already linked to this question.", "info")
            return redirect(question_url(question))
        saved = save_changes(lambda: link_story(story, question, better_answer=better))
        if saved:
            flash(
                "Story linked" + (" as the better answer." if better else " to the question."),
                "success",
            )
            return redirect(question_url(question))
        status = saved.status
    page = render_template(
        "stories/for_question.html",
        question=question,
        interview=question.interview,
        linked=stories_of_question(current_user.id, question.id),
        form=form,
    )
    return page, status
