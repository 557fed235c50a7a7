"""The rehearsal with 10,000 cards, through the real server: one command.

    .venv/bin/python -m bench.rehearsal            # 10,000 cards (about 1,100 interviews)
    .venv/bin/python -m bench.rehearsal --quick    # a smoke run: 300 cards

A fresh SQLite file gets one member with a long history (bench/group_data.py's generator: ten
questions per interview) and a rehearsal card for every question: those the practice rules pick
are made as starting a rehearsal makes them, the rest are added in bulk, every card graded three
times and due anywhere from two months ago to four months ahead (about a third due now). The
app is served by `python -m app.serve` (waitress) in a subprocess and driven over HTTP by
bench/browser.py, as bench/group.py does; each page is timed in the same rounds, in turns, so
that the machine's load weighs on all alike:

- the rehearsal page (the next card, its answer hidden), the revealed page of a card, the
  dashboard and the prep sheet of the same member, and the login page as the unit;
- a grade: the POST of the revealed page's "Good" button, up to its redirect (a write: FSRS,
  the log, the question's summary, and the sync of new practice items, under the write lock).

Those pages are read afresh (a server keeping no page). Then a second server, keeping pages as
Debrief runs, times a grade and the next card's page read right after it: a grade changes no
practice item, so that page reads only the cards again (app/rehearsal/agenda.py).

The goal: the rehearsal page answers within the dashboard's own time (<= 1.0x its median).
"""

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median

from sqlalchemy import func, insert, select

from app.clock import utcnow
from app.extensions import db
from app.models import PracticeCard, PracticeReview, Question
from app.models.practice import wording_key
from app.rehearsal.agenda import add_new_cards, build_agenda
from bench.browser import Browser, form_with
from bench.group import time_pages
from bench.group_data import (
    PASSWORD,
    PasswordHash,
    add_member,
    bench_app,
    member_email,
    upgrade_schema,
)
from bench.servers import NOTHING_KEPT, Server, start_all

GOAL = 1.0  # the rehearsal page's median as a multiple of the dashboard's
FULL = {"cards": 10_000, "rounds": 15}
QUICK = {"cards": 300, "rounds": 3}


def build(database: Path, cards: int) -> dict:
    """One member with enough interviews for `cards` cards, and the cards; what was made."""
    app = bench_app(f"sqlite:///{database}")
    upgrade_schema(app)
    password_hash = PasswordHash.get(app)
    with app.app_context():
        anchor = datetime.now().replace(second=0, microsecond=0)
        add_member(1, cards // 9 + 3, password_hash, anchor)
        owner_id = db.session.scalar(select(Question.owner_id).limit(1))
        # The practice items' cards, as "Start rehearsing" makes them.
        agenda = build_agenda(owner_id, datetime.now())
        started = add_new_cards(agenda)
        db.session.commit()
        carded = set(db.session.scalars(select(PracticeCard.question_id)))
        rest = db.session.execute(
            select(Question.id, Question.text).where(Question.owner_id == owner_id)
            .order_by(Question.id).limit(cards - started + len(carded))
        ).all()
        now = utcnow()
        rows = [
            {
                "owner_id": owner_id, "uid": f"00000000-0000-4000-8000-{number:012d}",
                "kind": "question", "item_key": wording_key(f"{text} #{question_id}"),
                "text": text, "question_id": question_id, "state": 2, "step": None,
                "stability": 3.0 + number % 40, "difficulty": 1.0 + number % 9,
                "due": now + timedelta(days=(number * 7919) % 180 - 60, minutes=number % 600),
                "last_review": now - timedelta(days=number % 30), "reviews": 3,
                "created_at": now - timedelta(days=90),
            }
            for number, (question_id, text) in enumerate(
                (row for row in rest if row.id not in carded), start=1)
        ][: cards - started]
        db.session.execute(insert(PracticeCard), rows)
        ids = db.session.scalars(select(PracticeCard.id).where(PracticeCard.reviews == 3)).all()
        db.session.execute(insert(PracticeReview), [
            {"card_id": card_id, "owner_id": owner_id, "rating": 3, "showing": showing,
             "reviewed_at": now - timedelta(days=90 - 30 * showing), "estimated": False}
            for card_id in ids for showing in range(3)
        ])
        db.session.commit()
        made = {
            "cards": db.session.scalar(select(func.count()).select_from(PracticeCard)),
            "due now": db.session.scalar(select(func.count()).select_from(PracticeCard)
                                         .where(PracticeCard.due <= utcnow())),
            "reviews": db.session.scalar(select(func.count()).select_from(PracticeReview)),
            "questions": db.session.scalar(select(func.count()).select_from(Question)),
            "started": started,
        }
        db.engine.dispose()
    return made


def card_answer_path(browser: Browser) -> str:
    """The revealed page of the card the rehearsal page shows now."""
    page = browser.get("/rehearse").body
    marker = '/rehearse/cards/'
    start = page.index(marker)
    return page[start: page.index('"', start)]


def time_grades(browser: Browser, rounds: int) -> tuple[float, float]:
    """The median time of a grade (open the card's revealed page, press "Good": timed) and of
    the rehearsal page read right after it (timed)."""
    grades, following = [], []
    for _ in range(rounds):
        path = card_answer_path(browser)
        page = browser.get(path)
        form = form_with(page.body, "reviews")
        response = browser.post(path.replace("/answer", "/grade"),
                                {**form.fields, "rating": "3"})
        if response.status != 302:
            raise RuntimeError(f"grading {path} answered {response.status}")
        grades.append(response.elapsed_ms)
        following.append(browser.get("/rehearse").elapsed_ms)
    return median(grades), median(following)


def main(argv: list[str] | None = None) -> int:
    """Build, serve, time, print the table; 1 when the goal is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.rehearsal", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run with 300 cards")
    parser.add_argument("--cards", type=int, default=None, help="how many cards the member holds")
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds per page")
    options = parser.parse_args(argv)
    sizes = dict(QUICK if options.quick else FULL)
    sizes.update({k: v for k, v in (("cards", options.cards), ("rounds", options.rounds)) if v})
    with tempfile.TemporaryDirectory(prefix="bench-rehearsal-") as folder:
        database = Path(folder) / "rehearsal.db"
        began = time.perf_counter()
        made = build(database, sizes["cards"])
        built = time.perf_counter() - began
        server = Server("rehearsal", "app.serve", 2, Path(folder), f"sqlite:///{database}",
                        env=NOTHING_KEPT)
        start_all([server])
        try:
            member = Browser(server.port)
            member.log_in(member_email(1), PASSWORD)
            visitor = Browser(server.port)
            answer = card_answer_path(member)
            plan = [("rehearse", member, "/rehearse"), ("answer", member, answer),
                    ("dashboard", member, "/dashboard"), ("prep", member, "/prep"),
                    ("login page", visitor, "/login")]
            medians = time_pages(plan, sizes["rounds"])
            grade, _next_card = time_grades(member, sizes["rounds"])
        finally:
            server.stop()
        # The same member rehearsing on a server that keeps pages, as Debrief runs.
        server = Server("rehearsal-kept", "app.serve", 2, Path(folder), f"sqlite:///{database}")
        start_all([server])
        try:
            member = Browser(server.port)
            member.log_in(member_email(1), PASSWORD)
            kept_grade, kept_next_card = time_grades(member, sizes["rounds"])
        finally:
            server.stop()
    unit = medians["login page"]
    ratio = medians["rehearse"] / medians["dashboard"]
    print(f"\n== Rehearsal with {made['cards']:,} cards (SQLite, waitress, 2 threads)")
    print(f"   {made['questions']:,} questions; {made['started']:,} cards made by starting a rehearsal, "
          f"the rest in bulk; {made['due now']:,} due now; {made['reviews']:,} grades logged; "
          f"built in {built:.0f} s; medians of {sizes['rounds']} rounds")
    rows = [("login page (the unit)", f"{unit:.1f} ms", "")]
    for name, label in (("rehearse", "GET /rehearse (next card)"), ("answer", "GET a card's answer"),
                        ("dashboard", "GET /dashboard"), ("prep", "GET /prep")):
        rows.append((label, f"{medians[name]:.1f} ms ({medians[name] / unit:.2f}x login)", ""))
    rows.append(("POST a grade (to its redirect)", f"{grade:.1f} ms ({grade / unit:.2f}x login)", ""))
    rows.append(("  pages kept: POST a grade", f"{kept_grade:.1f} ms ({kept_grade / unit:.2f}x login)",
                 ""))
    rows.append(("  pages kept: the next card", f"{kept_next_card:.1f} ms "
                 f"({kept_next_card / unit:.2f}x login)", ""))
    verdict = "ok" if ratio <= GOAL else "over"
    rows.append(("rehearse / dashboard", f"{ratio:.2f}x", f"<= {GOAL:g}x  {verdict}"))
    width = max(len(label) for label, _m, _g in rows)
    for label, measured, goal in rows:
        print(f"  {label:<{width}}  {measured:<28}  {goal}".rstrip())
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
