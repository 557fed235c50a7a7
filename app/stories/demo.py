"""The demo member's story bank (`flask seed-demo`): a few stories, linked to the demo's questions.

Made up like the rest of the demo. The stories leave two weak areas (company knowledge, salary)
without a story, and one was already told to the company of the upcoming interview, so the bank
shows both of its warnings.
"""

from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Category, Question, Story, StoryCategory, StoryQuestion, User
from app.ownership import owned

# (title, situation, task, action, result, learned, category keys, question texts, companies):
# linked to the latest few of the member's questions of those texts: at those companies when
# named, else anywhere but the company of the upcoming interview.
DEMO_STORIES = [
    (
        "The churn analysis that changed the roadmap",
        "Subscription product losing customers after the second month; nobody knew why.",
        "Find out who left and why, in three weeks, for the quarterly planning.",
        ("I joined billing and support data, split leavers by first-month behaviour, interviewed "
         "five support agents, and showed the onboarding gap in one chart."),
        "Onboarding was rebuilt the next quarter; second-month churn fell from 9% to 6%.",
        "Start from the decision someone has to make, not from the data I have.",
        ["introduction", "motivation"],
        ["Tell me about yourself.", "Walk me through your CV."],
        {"acme robotics", "wayne analytics"},
    ),
    (
        "The pricing dashboard disagreement",
        "My manager wanted the pricing dashboard to show list prices only.",
        "Make sure sales saw what customers actually paid.",
        ("I built both views on a sample, took them to my manager with three deals where list "
         "price misled us, and proposed showing both side by side."),
        "We shipped both views; sales used the discount view in every renewal meeting.",
        "Bring evidence and an option, not an objection.",
        ["behavioural", "teamwork_culture"],
        ["Tell me about a time you disagreed with your manager.", "Tell me about a conflict within a team."],
        None,
    ),
    (
        "The forecasting pilot that failed",
        "A demand forecast pilot for the warehouse team.",
        "Deliver weekly forecasts good enough to plan staff.",
        ("I picked a model before checking how the data was recorded; when the errors were large "
         "I traced them to returns booked as negative sales, and told the team plainly."),
        "The pilot stopped after six weeks; the data fix I wrote up is used by two teams today.",
        "Check how the data is made before modelling it; say early when something is off.",
        ["behavioural", "strengths_weaknesses"],
        ["Describe a project that failed."],
        None,
    ),
    (
        "Mentoring the summer intern",
        "An intern joined with no analytics experience and no one assigned to her.",
        "Nobody asked me to; I wanted her summer to produce something real.",
        "I set her three goals, met her every Monday, and reviewed her queries line by line.",
        "Her final demo became the team's weekly retention report; she was hired a year later.",
        "Leading starts with clear goals and regular time, not a title.",
        ["leadership", "teamwork_culture"],
        ["Have you led anything without the title?"],
        None,
    ),
    (
        "Quarter-end with a broken pipeline",
        "Two days before quarter-end the reporting pipeline failed.",
        "Get 40 reports out on time anyway.",
        ("I ranked the reports by who needed them first, rebuilt the top ten by hand, and fixed the "
         "pipeline overnight with an engineer."),
        "All 40 reports went out on time; we added an alert so it cannot fail silently again.",
        "Triage first, then fix: and say out loud what will be late before it is.",
        ["behavioural", "problem_solving"],
        ["Tell me about a tight deadline."],
        None,
    ),
]


LINKS_PER_STORY = 3
# The demo's last process (app/demo.py PROCESSES) is still to come, at this company.
UPCOMING_COMPANY = "acme robotics"


def add_demo_stories(member: User) -> int:
    """The demo member's stories, tagged and linked to their questions; how many were made."""
    db.session.flush()
    categories = {
        c.default_key: c.id for c in db.session.scalars(owned(Category, member.id))
    }
    questions = db.session.scalars(
        owned(Question, member.id).options(joinedload(Question.interview))
    ).all()
    for title, situation, task, action, result, learned, keys, texts, companies in DEMO_STORIES:
        story = Story(owner_id=member.id, title=title, situation=situation, task=task,
                      action=action, result=result, learned=learned)
        story.tags = [StoryCategory(category_id=categories[key], owner_id=member.id) for key in keys]
        matching = sorted(
            (q for q in questions
             if q.text in texts
             and (q.interview.company.lower() in companies if companies else
                  q.interview.company.lower() != UPCOMING_COMPANY)),
            key=lambda q: (q.interview.occurred_at, q.id),
        )[-LINKS_PER_STORY:]
        story.links = [
            # The latest answer to each is where the story is the better answer next time.
            StoryQuestion(question_id=q.id, owner_id=member.id,
                          better_answer=q is matching[-1] and companies is None)
            for q in matching
        ]
        db.session.add(story)
    return len(DEMO_STORIES)
