"""Time the story bank's pages for a member with a long history: 1,000 and 5,000 interviews.

Run: .venv/bin/python -m bench.stories

Each instance (a temporary SQLite file migrated like a real one) has one member with one
interview a day (bench.insights_pages: 10 questions each, finished debriefs) and an upcoming
one, and 40 stories, each tagged with 2 categories and linked to 12 questions spread over the
history. Every page is requested in-process, the two instances in turn, and reported as the
median and 95th percentile in milliseconds beside the login page (a request that reads
nothing). The question picker lists the latest interviews' questions, and searches through the
full-text index (app/search), so neither should grow much with five times the history.

Measured on SQLite, 2026-11-28 (median / p95 ms, 1,000 then 5,000 interviews): login 4.6 / 6.0
and 4.7 / 6.2; the bank 18.8 / 23.6 and 19.4 / 27.0; a story 8.7 / 11.6 and 8.2 / 11.4; the
picker 8.6 / 15.2 and 8.1 / 11.8, searching 9.3 / 17.4 and 20.2 / 24.5; the prep sheet
33.7 / 40.8 and 38.7 / 50.0.
"""

import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Category, Interview, Question, Story, StoryCategory, StoryQuestion  # noqa: E402
from bench.insights_pages import (  # noqa: E402
    logged_in_client,
    populated_app,
    summary,
    timed_get,
)

SIZES = (1_000, 5_000)
STORIES = 40
LINKS_PER_STORY = 12
REQUESTS = 25


def add_bank(app, rng: random.Random) -> tuple[int, int]:
    """The member's stories, an upcoming interview; (a story's id, a question's id)."""
    with app.app_context():
        owner_id = db.session.scalar(select(Interview.owner_id).limit(1))
        categories = db.session.scalars(select(Category.id).where(Category.owner_id == owner_id)).all()
        questions = db.session.scalars(select(Question.id).where(Question.owner_id == owner_id)).all()
        db.session.add(Interview(owner_id=owner_id, company="Company 7", role_title="Analyst",
                                 occurred_at=datetime.now() + timedelta(days=3)))
        for number in range(STORIES):
            story = Story(owner_id=owner_id, title=f"Story {number}", situation="S", task="T",
                          action="A" * 400, result="R" * 200, learned="L")
            story.tags = [StoryCategory(category_id=c, owner_id=owner_id)
                          for c in rng.sample(categories, 2)]
            story.links = [StoryQuestion(question_id=q, owner_id=owner_id)
                           for q in rng.sample(questions, LINKS_PER_STORY)]
            db.session.add(story)
        db.session.commit()
        return db.session.scalar(select(Story.id).limit(1)), questions[-1]


def main() -> int:
    """Measure every page of the story bank at both sizes."""
    rng = random.Random(13)
    instances = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            app, token = populated_app(f"sqlite:///{folder}/s{size}.db", size, rng)
            story_id, question_id = add_bank(app, rng)
            pages = ["/stories", f"/stories/{story_id}", f"/stories/{story_id}/edit",
                     f"/stories/{story_id}/questions", f"/stories/{story_id}/questions?q=salary",
                     f"/stories/{story_id}/questions?q=zeppelin", f"/questions/{question_id}/stories",
                     "/prep"]
            instances.append((size, logged_in_client(app, token), pages, app.test_client()))
        samples = {(size, n): [] for size, _c, pages, _v in instances for n in range(len(pages) + 1)}
        for _round in range(REQUESTS + 2):
            for size, client, pages, visitor in instances:
                # The login page, for a visitor: the cost of a request that reads nothing.
                for n, (who, path) in enumerate([(visitor, "/login")] + [(client, p) for p in pages]):
                    elapsed = timed_get(who, path)
                    if _round >= 2:  # the first two rounds warm the caches
                        samples[(size, n)].append(elapsed)
        print(f"{'page':42}" + "".join(f"{size:>8,} interviews: median / p95 ms" for size in SIZES))
        for n, path in enumerate(["/login"] + instances[0][2]):
            cells = []
            for size, *_rest in instances:
                median, p95 = summary(samples[(size, n)])
                cells.append(f"{median:>25.1f} / {p95:>6.1f}")
            print(f"{path:42}" + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
