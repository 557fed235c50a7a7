"""`flask seed-demo`: a demo member with a believable year of interviews, so Debrief looks lived in.

Everything here is made up. The command refuses to touch a database that holds real accounts
unless --force is given; a previous demo member (same email) is replaced.
"""

import random
import secrets
from datetime import date, datetime, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import delete, func, select

from app import clock
from app.accounts import create_user
from app.auth.passwords import hash_password, password_problem
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackStatus,
    ForgottenQuestion,
    Interview,
    Interviewer,
    InterviewFormat,
    Outcome,
    Question,
    RejectionReason,
    SelfAssessment,
    User,
    WentWell,
)
from app.stories.demo import add_demo_stories

DEMO_EMAIL = "demo@example.com"
DEMO_NAME = "Dana Demo"

# (company, role, stages reached, how the last stage ended); oldest process first.
PROCESSES = [
    ("Northwind Traders", "Data analyst", ["screening", "first", "technical"], "rejected"),
    ("Contoso", "Business analyst", ["screening", "first"], "no_reply"),
    ("Initech", "Data analyst", ["screening"], "rejected"),
    ("Globex", "Product analyst", ["screening", "first", "technical", "panel"], "rejected"),
    ("Tyrell Labs", "Data scientist", ["screening", "technical"], "rejected"),
    ("Umbrella Health", "Analytics engineer", ["screening", "technical", "panel", "final"], "rejected"),
    ("Stark Logistics", "Operations analyst", ["screening", "first", "final"], "withdrew"),
    ("Soylent Foods", "Insights analyst", ["screening", "first", "panel"], "rejected"),
    ("Wayne Analytics", "Senior data analyst", ["screening", "first", "technical", "panel", "final"], "offer"),
    ("Hooli", "Product analyst", ["screening", "first", "technical"], "awaiting"),
    ("Acme Robotics", "BI developer", ["screening", "first", "final"], "upcoming"),
]

# Average self-rating per category key: the weak areas are plain to see.
CATEGORY_SKILL = {
    "introduction": 4.2, "motivation": 3.4, "behavioural": 3.0, "strengths_weaknesses": 1.9,
    "technical": 4.0, "problem_solving": 3.3, "situational": 2.9, "company_knowledge": 2.0,
    "salary_logistics": 1.8, "teamwork_culture": 3.8, "leadership": 2.8, "career_goals": 3.2,
    "other": 3.0,
}
WEAK = {"strengths_weaknesses", "company_knowledge", "salary_logistics"}

# (category key, question, answer given, better answer for next time)
QUESTION_BANK = [
    ("introduction", "Tell me about yourself.",
     "Walked through my degree, then three jobs in order.",
     "Lead with what I do now and the result I am proudest of, then why this role is the next step."),
    ("introduction", "Walk me through your CV.",
     "Went job by job, a bit long.", "Two minutes, three highlights, end on why I applied."),
    ("motivation", "Why do you want to work here?",
     "Said I liked the product and the growth.",
     "Name the team's recent launch and how my churn analysis work fits it."),
    ("motivation", "Why are you leaving your current job?",
     "Said the work had become repetitive.", "Talk about what I am moving towards, not away from."),
    ("behavioural", "Tell me about a time you disagreed with your manager.",
     "Described the pricing dashboard argument; rambled.",
     "STAR: the pricing dashboard, what I proposed, the data I brought, the outcome (adopted)."),
    ("behavioural", "Describe a project that failed.",
     "The forecasting pilot; I blamed the data quality.", "Own my part, then what I changed afterwards."),
    ("behavioural", "Tell me about a tight deadline.",
     "Quarter-end reporting with a broken pipeline.", "Add the numbers: 3 days, 40 reports, zero late."),
    ("strengths_weaknesses", "What is your biggest weakness?",
     "Said I am a perfectionist. It landed badly.",
     "Public speaking: what I did about it (meetup talks) and where I am now."),
    ("strengths_weaknesses", "What would your colleagues say you could improve?",
     "Froze, then said delegation.", "Delegation, with the example of handing over the weekly KPI pack."),
    ("technical", "How would you find duplicate customers in a table?",
     "GROUP BY on email, then fuzzy matching on names.", "Same, plus mention normalising emails first."),
    ("technical", "Explain a window function to a non-technical colleague.",
     "Running totals example; went well.", "Keep it; add the ranking example."),
    ("technical", "How do you check that a dashboard is right?",
     "Reconcile with the source system and spot-check.", "Add automated tests on row counts and totals."),
    ("problem_solving", "Sign-ups dropped 20% last week. What do you do?",
     "Checked tracking first, then segments.", "Structure it: data issue, seasonality, product change, market."),
    ("problem_solving", "Estimate the number of coffee shops in the city.",
     "Top-down from population; lost track of units.", "Write the steps down as I go; sanity-check at the end."),
    ("situational", "What would you do if a stakeholder ignored your analysis?",
     "Said I would escalate.", "First ask what they need; reframe the finding in their terms."),
    ("situational", "How would you handle two urgent requests at once?",
     "Said I would work late.", "Ask both for the real deadline and agree priorities openly."),
    ("company_knowledge", "What do you know about our customers?",
     "Very little; guessed retail.", "Read the last annual report and two customer case studies beforehand."),
    ("company_knowledge", "Who do you see as our main competitors?",
     "Named one, wrongly.", "Prepare three competitors and how this company differs."),
    ("salary_logistics", "What are your salary expectations?",
     "Gave a number far too low, then backtracked.",
     "Give a researched range and say I am flexible on the package as a whole."),
    ("salary_logistics", "When could you start?", "Said immediately, then corrected to a month.",
     "Check my notice period before the interview: one month."),
    ("teamwork_culture", "How do you like to work in a team?",
     "Pairing on analyses and weekly demos.", "Same; add the example of the shared metrics glossary."),
    ("teamwork_culture", "Tell me about a conflict within a team.",
     "The naming dispute over metrics; resolved with a glossary.", "Good; shorten the set-up."),
    ("leadership", "Have you led anything without the title?",
     "Mentored an intern; vague.", "The intern project: goals I set, weekly check-ins, her final demo."),
    ("career_goals", "Where do you see yourself in five years?",
     "Said maybe management.", "Leading analytics for a product area; say why this role builds towards it."),
    ("other", "Do you have any questions for us?",
     "Asked about remote work only.", "Ask about how success is measured and the team's biggest challenge."),
]

FORGOTTEN = [
    "How is success measured in the first six months?",
    "What is the biggest challenge the team faces this year?",
    "What are the next steps, and when will I hear back?",
    "How do analysts and engineers work together here?",
]
WENT_WELL = [
    "Explained the churn project clearly and with numbers.",
    "Stayed calm on the live SQL exercise.",
    "Built a good rapport with the hiring manager.",
    "Asked sharp questions about their data stack.",
    "Arrived early and well prepared for the case.",
]
REJECTION_REASONS = [
    "Another candidate had more experience with their BI tool",
    "Looking for someone more senior",
    "Salary expectations did not fit the band",
    "Another candidate had industry experience",
]
FEEDBACK_REPLIES = [
    "Strong technical skills; your answers about your weaknesses felt rehearsed and vague.",
    "We liked your SQL exercise. You seemed not to know much about our customers.",
    "Good communication. The salary discussion left us unsure whether we could afford you.",
]
PEOPLE = [
    ("Sam Rivera", "Recruiter"), ("Alex Chen", "Head of Data"), ("Jordan Patel", "Senior analyst"),
    ("Morgan Lee", "Engineering manager"), ("Taylor Brooks", "VP Product"), ("Casey Nguyen", "Data lead"),
]
ACTION_ITEMS = [
    ("Write and rehearse a real weakness story with what I did about it", "strengths_weaknesses", True),
    ("Research salary bands for the role before every screening call", "salary_logistics", False),
    ("Read the annual report and two case studies before each interview", "company_knowledge", False),
    ("Prepare three questions to ask and keep them on a card", None, True),
    ("Practise estimation questions out loud, writing each step", "problem_solving", False),
    ("Shorten the CV walk-through to two minutes", "introduction", True),
    ("Prepare a STAR story about leading without the title", "leadership", False),
    ("Check my notice period and earliest start date", "salary_logistics", True),
]


def other_accounts(demo_email: str) -> int:
    """How many accounts other than the demo member the database holds."""
    return db.session.scalar(select(func.count(User.id)).where(func.lower(User.email) != demo_email)) or 0


def remove_previous_demo(demo_email: str) -> bool:
    """Delete an earlier demo member and everything theirs (the database cascades)."""
    result = db.session.execute(delete(User).where(func.lower(User.email) == demo_email))
    return bool(result.rowcount)


def pick_questions(rng: random.Random, stage: str) -> list[tuple]:
    """5 to 10 questions from the bank, opening with an introduction at the early stages."""
    count = rng.randint(5, 10)
    chosen = rng.sample(QUESTION_BANK, count)
    if stage in {"screening", "first"}:
        opener = rng.choice([q for q in QUESTION_BANK if q[0] == "introduction"])
        chosen = [opener] + [q for q in chosen if q is not opener][: count - 1]
    return chosen


def rating_for(rng: random.Random, key: str, progress: float) -> int:
    """A self-rating around the category's level, slowly improving over the year."""
    value = CATEGORY_SKILL[key] + rng.gauss(0, 0.7) + 0.6 * progress
    return max(1, min(5, round(value)))


def add_questions(rng, member, interview, categories, progress) -> list[int]:
    """The questions of one interview; returns their ratings."""
    ratings = []
    for position, (key, text, answer, better) in enumerate(pick_questions(rng, interview.stage)):
        rating = rating_for(rng, key, progress)
        froze = rng.random() < (0.35 if key in WEAK else 0.04)
        db.session.add(
            Question(owner_id=member.id, interview=interview, position=position, text=text,
                     category_id=categories[key].id, answer=answer, rating=rating, froze=froze,
                     better_answer=better if rating <= 3 or rng.random() < 0.4 else "")
        )
        ratings.append(rating)
    return ratings


def add_assessment(rng, member, interview, ratings, recent: bool) -> None:
    """A self-assessment; skipping company research keeps coming back in the recent ones."""
    db.session.add(
        SelfAssessment(
            owner_id=member.id,
            interview=interview,
            on_time=rng.random() > 0.08,
            dressed_appropriately=True,
            researched_company=rng.random() > (0.6 if recent else 0.2),
            researched_role=rng.random() > 0.15,
            prepared_questions=rng.random() > (0.45 if recent else 0.25),
            sold_short=rng.random() < 0.3,
            sold_short_note="Played down my part in the churn project.",
            negative_tone=rng.random() < 0.15,
            negative_tone_note="Started by apologising for not knowing their BI tool.",
            overall_feeling=max(1, min(5, round(sum(ratings) / len(ratings)))),
            do_differently="Research the company properly and rehearse the weakness answer out loud.",
            completed_at=clock.utcnow(),
            forgotten_questions=[
                ForgottenQuestion(position=n, text=text)
                for n, text in enumerate(rng.sample(FORGOTTEN, rng.randint(0, 2)))
            ],
            went_well=[
                WentWell(position=n, text=text)
                for n, text in enumerate(rng.sample(WENT_WELL, rng.randint(1, 3)))
            ],
        )
    )


def add_feedback(rng, member, interview, contact: Interviewer, today: date) -> None:
    """A feedback request in a state that fits the interview's age and outcome."""
    held = interview.occurred_at.date()
    age = (today - held).days
    if age < 4:
        status = FeedbackStatus.REQUESTED if rng.random() < 0.5 else FeedbackStatus.NOT_REQUESTED
    elif interview.outcome == Outcome.REJECTED:
        status = rng.choice([FeedbackStatus.RECEIVED, FeedbackStatus.RECEIVED, FeedbackStatus.NO_REPLY,
                             FeedbackStatus.DECLINED])
    else:
        status = rng.choice([FeedbackStatus.FOLLOWED_UP, FeedbackStatus.REQUESTED, FeedbackStatus.RECEIVED])
    request = FeedbackRequest(owner_id=member.id, interview=interview, status=status.value)
    if status != FeedbackStatus.NOT_REQUESTED:
        request.sent_on = held + timedelta(days=1)
        request.channel = FeedbackChannel.EMAIL.value
        request.sent_to = contact.email
        request.follow_up_on = held + timedelta(days=8)
    if status == FeedbackStatus.FOLLOWED_UP:
        request.followed_up_on = held + timedelta(days=8)
        request.follow_up_on = min(today, held + timedelta(days=15))
    if status == FeedbackStatus.RECEIVED:
        request.reply = rng.choice(FEEDBACK_REPLIES)
        request.reply_from = contact.name
        request.reply_on = held + timedelta(days=rng.randint(3, 9))
    db.session.add(request)


def add_interviewers(rng, interview, company: str) -> list[Interviewer]:
    """One or two interviewers with work emails."""
    domain = company.lower().replace(" ", "") + ".example"
    people = []
    for position, (name, title) in enumerate(rng.sample(PEOPLE, rng.randint(1, 2))):
        email = f"{name.split()[0].lower()}@{domain}"
        people.append(Interviewer(position=position, name=name, title=title, email=email))
    interview.interviewers = people
    return people


def add_history(member: User, now: datetime, rng: random.Random) -> int:
    """A year of interview processes for the member; returns how many interviews were made."""
    categories = {
        c.default_key: c
        for c in db.session.scalars(select(Category).where(Category.owner_id == member.id))
    }
    past = []  # (interview, ratings) of past interviews, oldest first
    made = 0
    for index, (company, role, stages, ending) in enumerate(PROCESSES):
        start = now - timedelta(days=350 - index * 33) if ending not in {"awaiting", "upcoming"} else None
        if ending == "awaiting":
            start = now - timedelta(days=24)
        if ending == "upcoming":
            start = now - timedelta(days=17)
        for step, stage in enumerate(stages):
            when = (start + timedelta(days=step * 9 + rng.randint(0, 2))).replace(
                hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=rng.choice([0, 30]), second=0, microsecond=0
            )
            last = step == len(stages) - 1
            if ending == "upcoming" and last:
                when = (now + timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
            outcome = Outcome.NEXT_STAGE.value
            if last:
                outcome = Outcome.AWAITING.value if ending in {"awaiting", "upcoming"} else ending
            interview = Interview(
                owner_id=member.id, company=company, role_title=role, occurred_at=when, stage=stage,
                format=rng.choice([InterviewFormat.VIDEO, InterviewFormat.VIDEO, InterviewFormat.PHONE,
                                   InterviewFormat.IN_PERSON]).value if stage != "panel" else "in_person",
                job_url=f"https://careers.{company.lower().replace(' ', '')}.example/jobs/{1000 + index}",
                outcome=outcome,
                notes=f"{stage.title()} round for the {role} role. Met the team; they use dbt and Looker.",
            )
            contact = add_interviewers(rng, interview, company)[0]
            if outcome == Outcome.REJECTED.value:
                interview.rejection_reasons = [RejectionReason(position=0, text=rng.choice(REJECTION_REASONS))]
            db.session.add(interview)
            made += 1
            if when > now:
                continue
            ratings = add_questions(rng, member, interview, categories, progress=index / len(PROCESSES))
            past.append((interview, ratings, contact))
    past.sort(key=lambda item: item[0].occurred_at)
    # The two most recent interviews still wait for their debrief.
    for position, (interview, ratings, contact) in enumerate(past[:-2]):
        add_assessment(rng, member, interview, ratings, recent=position >= len(past) - 8)
        if rng.random() < 0.75 or position >= len(past) - 6:
            add_feedback(rng, member, interview, contact, now.date())
    for text, key, done in ACTION_ITEMS:
        interview = rng.choice(past)[0]
        db.session.add(
            ActionItem(owner_id=member.id, interview=interview, text=text,
                       category_id=categories[key].id if key else None,
                       done_at=now - timedelta(days=rng.randint(5, 60)) if done else None)
        )
    return made


@click.command("seed-demo")
@click.option("--email", default=DEMO_EMAIL, show_default=True, help="The demo member's email.")
@click.option("--password", default=None, help="The demo member's password (random when not given).")
@click.option("--force", is_flag=True, help="Add the demo member even though other accounts exist.")
@click.option("--seed", default=7, show_default=True, help="Random seed, for the same history each time.")
@with_appcontext
def seed_demo_command(email: str, password: str | None, force: bool, seed: int) -> None:
    """Create a demo member with a year of made-up interviews, debriefs and feedback."""
    email = email.strip().lower()
    others = other_accounts(email)
    if others and not force:
        raise click.ClickException(
            f"This database already has {others} other account(s). seed-demo is meant for a "
            "fresh or demo instance; run it with --force to add the demo member anyway."
        )
    password = password or secrets.token_urlsafe(12)
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    replaced = remove_previous_demo(email)
    member = create_user(email, DEMO_NAME, hash_password(password))
    made = add_history(member, clock.now(), random.Random(seed))
    add_demo_stories(member)
    db.session.commit()
    click.echo(f"{'Replaced' if replaced else 'Created'} the demo member with {made} interviews.")
    click.echo(f"Log in as {email} with the password {password}")
