"""What other areas' pages show of the story bank: the stories linked to an interview's questions."""

from flask_login import current_user

from app.stories import bp
from app.stories.queries import stories_by_question


@bp.app_template_global()
def question_stories(interview) -> dict[int, list[tuple[int, str, bool]]]:
    """Per question of the member's own interview: (story id, title, better answer), one query."""
    return stories_by_question(current_user.id, interview.id)
