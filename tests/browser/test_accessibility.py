"""Accessibility in a real browser: axe-core on the main pages in light and dark mode, and a
keyboard-only visit (skip link, logging in, visible focus); the defects an outside audit found
stay fixed: help text on a tinted debrief box, the focused skip link's own box, a wrong password
announced, no autofocus before the skip link, the focus on a failed form's errors.

axe-core's script comes from the `axe-playwright-python` package; it is injected into each page
(the CSP does not apply to scripts a test evaluates), so nothing is downloaded.
"""

import io
import re
import unicodedata
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import ActionItem, Category, Interview, User
from tests.browser.pages import log_in
from tests.conftest import make_person

axe_sync = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="the test extra installs axe-playwright-python"
)

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-heron-lantern-58"
# Violations of these impacts fail the test; "minor" and "moderate" ones are reported only.
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def demo(app, runner):
    """The demo member's year of interviews (`flask seed-demo`), beside an admin; ids to visit."""
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD, "--force"])
    assert result.exit_code == 0, result.output
    now = datetime.now()
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == DEMO_EMAIL))
        interviews = db.session.scalars(
            select(Interview).where(Interview.owner_id == user_id).order_by(Interview.occurred_at.desc())
        ).all()
        debriefed = next(
            i for i in interviews
            if i.occurred_at <= now and i.self_assessment and i.questions and i.feedback_request
            and i.feedback_request.status == "received"
        )
        waiting = next(
            i for i in interviews
            if i.feedback_request and i.feedback_request.status in ("requested", "followed_up")
        )
        item = db.session.scalars(
            select(ActionItem).where(ActionItem.owner_id == user_id, ActionItem.done_at.is_(None))
        ).first()
        # A debrief with its warning signs answered "yes": the boxes take their tint.
        warned = next(
            i for i in interviews
            if i.self_assessment and i.self_assessment.sold_short and i.self_assessment.is_finished
        )
        warned.self_assessment.negative_tone = True
        warned.self_assessment.negative_tone_note = "Listed my gaps before anyone asked."
        category = db.session.scalar(select(Category.id).where(Category.owner_id == user_id))
        db.session.commit()
        return {"debriefed": debriefed.id, "waiting": waiting.id, "question": debriefed.questions[0].id,
                "item": item.id, "warned": warned.id, "category": category}


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line per node."""
    results = axe_sync.Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            detail = (node.get("any") or node.get("all") or node.get("none") or [{}])[0].get("message", "")
            found.append(f"{page.url}: {violation['id']} ({violation['impact']}) at {node['target']}: {detail}")
    return found


def member_pages(ids: dict) -> list[str]:
    """The main pages of a member with a history."""
    interview, waiting, question = ids["debriefed"], ids["waiting"], ids["question"]
    return [
        "/dashboard",
        "/interviews",
        f"/interviews/{interview}",
        "/interviews/new",
        f"/interviews/{interview}/edit",
        f"/interviews/{interview}/delete",
        f"/interviews/{interview}/questions/new",
        f"/interviews/{interview}/questions/{question}/edit",
        f"/interviews/{interview}/debrief",
        f"/interviews/{ids['warned']}/debrief",
        f"/interviews/{interview}/feedback",
        f"/interviews/{waiting}/feedback",
        f"/interviews/{interview}/outcome",
        "/account/feedback-template",
        "/actions?show=all",
        f"/actions/{ids['item']}/edit",
        "/prep",
        "/rehearse",
        "/search?q=salary",
        "/categories",
        "/account/password",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_accessibility_violations(page: Page, demo, scheme):
    page.emulate_media(color_scheme=scheme)
    problems = []
    page.goto("/login")
    problems += serious_violations(page)
    page.get_by_role("button", name="Log in").click()  # empty: the form's errors are shown
    expect(page.get_by_text("Enter your email.")).to_be_visible()
    problems += serious_violations(page)

    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    for url in member_pages(demo):
        page.goto(url)
        problems += serious_violations(page)

    # A form re-rendered with its errors, and an error page.
    page.goto("/interviews/new")
    page.get_by_label("Company").fill("")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Enter the company's name.")).to_be_visible()
    problems += serious_violations(page)
    page.goto("/no-such-page")
    problems += serious_violations(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, "ada@example.test")
    for url in ["/admin/", "/admin/invites"]:
        page.goto(url)
        problems += serious_violations(page)
    assert not problems, f"{len(problems)} serious accessibility problem(s) in {scheme} mode:\n" + "\n".join(problems)


FOCUSED = r"""() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  // A solid ring at least 2px wide in a colour that is not see-through (box-shadows fade in
  // through a transition, so they are not counted: the ring is the outline).
  const alpha = /rgba\(.*,\s*([\d.]+)\)/.exec(style.outlineColor);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && (!alpha || parseFloat(alpha[1]) >= 0.5);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: (el.innerText || el.value || el.name || "").trim().slice(0, 40),
    visible: outline, onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
    inMain: !!el.closest("main"),
  };
}"""


def focused(page: Page) -> dict:
    """What has the keyboard focus now, and whether a focus ring shows it."""
    return page.evaluate(FOCUSED)


def tab_through(page: Page, url: str, limit: int = 60) -> list[dict]:
    """Open a page and press Tab until the focus leaves it; every stop on the way."""
    page.goto(url)
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body":
            break
        stops.append(now)
    return stops


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_keyboard_user_logs_in_skips_the_navigation_and_always_sees_the_focus(page: Page, demo, scheme):
    page.emulate_media(color_scheme=scheme)

    # The login form, with the keyboard only: the first Tab reaches the skip link (no field takes
    # the focus on its own), the skip link leads to the form.
    page.goto("/login")
    assert focused(page)["tag"] == "body"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "email"
    page.keyboard.type(DEMO_EMAIL)
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["id"] == "password" and now["visible"], now
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Tab")
    now = focused(page)
    assert (now["tag"], now["name"]) == ("input", "Log in") and now["visible"], now
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # On the next page, the first Tab reaches the skip link, which shows itself and moves the
    # focus to the main content, past the navigation.
    page.goto("/interviews")
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["name"] == "Skip to content" and now["visible"] and now["onScreen"], now
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["inMain"] and now["visible"], now

    # Every control on the way through these pages shows where the focus is.
    for url in ["/interviews", "/interviews/new", f"/interviews/{demo['debriefed']}/debrief",
                f"/interviews/{demo['waiting']}/feedback"]:
        stops = tab_through(page, url)
        hidden = [f"{stop['tag']}#{stop['id']} {stop['name']!r}" for stop in stops if not stop["visible"]]
        assert len(stops) >= 10 and not hidden, f"{url}: focus not visible on {hidden}"


def test_an_interview_page_prints_cleanly_even_from_a_dark_desktop(page: Page, demo):
    pypdf = pytest.importorskip("pypdf", reason="the PDF check needs pypdf (the test extra)")
    page.emulate_media(color_scheme="dark")
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"/interviews/{demo['debriefed']}")
    questions = page.locator(".question-text").all_inner_texts()
    assert len(questions) >= 5

    # On paper the text is dark on white, whatever the screen's colour scheme.
    page.emulate_media(media="print")
    colours = page.evaluate("""() => [document.body, document.querySelector('.red-alert-text, .question-text')]
        .filter(Boolean).map(el => getComputedStyle(el).color)""")
    for colour in colours:
        red, green, blue = (float(part) for part in re.findall(r"[\d.]+", colour)[:3])
        assert max(red, green, blue) < 210, f"light text on paper: {colour}"

    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC turns the font's ligatures (such as "ﬁ") back into letters.
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages))
    assert len(pdf.pages) <= 3
    for question in questions:
        assert " ".join(question.split()) in text
    assert "What I answered" in text and "Better answer for next time" in text
    # No navigation, buttons or links that only make sense on a screen.
    for screen_only in ["Log out", "Move up", "Move down", "Add questions", "Set the outcome",
                        "View or edit", "Back to all interviews"]:
        assert screen_only not in text, screen_only


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two opaque CSS colours ("rgb(r, g, b)")."""

    def luminance(colour: str) -> float:
        """The relative luminance of a colour."""
        channels = [float(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def opaque(colour: str) -> bool:
    """Whether a computed CSS colour is fully opaque."""
    alpha = re.match(r"rgba\([^)]*,\s*([\d.]+)\)", colour)
    return colour != "transparent" and (alpha is None or float(alpha.group(1)) == 1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_help_text_on_an_answered_debriefs_tinted_boxes_is_readable(page: Page, demo, scheme):
    page.emulate_media(color_scheme=scheme)
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"/interviews/{demo['warned']}/debrief")
    # The audit's case: the help under "sold myself short", on the warning tint of a "yes".
    expect(page.locator(".warning-check:has(small#sold_short_note-help) input[value=yes]")).to_be_checked()
    expect(page.locator("small#sold_short_note-help")).to_be_visible()
    results = axe_sync.Axe().run(page, options={"runOnly": ["color-contrast"]})
    failing = [f"{node['target']}: {node['any'][0]['message']}"
               for violation in results.response["violations"] for node in violation["nodes"]]
    assert not failing, f"{scheme} mode: {failing}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focused_skip_link_is_a_solid_readable_box(page: Page, app, scheme):
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    page.emulate_media(color_scheme=scheme)
    page.goto("/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    style = skip.evaluate("el => ({background: getComputedStyle(el).backgroundColor, "
                          "colour: getComputedStyle(el).color})")
    assert opaque(style["background"]), style
    assert contrast(style["colour"], style["background"]) >= 4.5, style
    # Drawn over the logo, the link is what shows: the point at its centre is the link itself.
    box = skip.bounding_box()
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top.strip() == "Skip to content"


def test_a_wrong_password_is_announced_and_the_focus_returns_to_the_email(page: Page, app):
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    make_person(app, "mia@example.test", "Mia Member")
    log_in(page, "mia@example.test", "not the password", succeeds=False)
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Wrong email or password. Check both and try again.")
    email = page.get_by_label("Email")
    expect(email).to_be_focused()
    expect(email).to_have_value("mia@example.test")
    expect(email).to_have_accessible_description(re.compile("Wrong email or password"))


def test_pages_that_had_autofocus_start_at_the_skip_link(page: Page, demo, app):
    page.goto("/login")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Skip to content"
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    interview = demo["debriefed"]
    for url in ["/interviews/new", f"/interviews/{interview}/questions/new", "/actions/new",
                f"/categories/{demo['category']}/edit", "/account/password"]:
        page.goto(url)
        assert focused(page)["tag"] == "body", url
        page.keyboard.press("Tab")
        assert focused(page)["name"] == "Skip to content", url


def test_after_save_and_add_another_the_cursor_is_back_in_the_question_box(page: Page, demo):
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"/interviews/{demo['debriefed']}/questions/new")
    page.get_by_label("Question, as it was asked").fill("What would you change in our product?")
    page.get_by_label("3 · fair").check()
    page.get_by_role("button", name="Save and add another").click()
    expect(page.get_by_text("Question saved. Add the next one, or finish.")).to_be_visible()
    expect(page.get_by_label("Question, as it was asked")).to_be_focused()
    page.reload()  # opened again by itself: no focus taken
    assert focused(page)["tag"] == "body"


def failed_forms(demo) -> list[tuple[str, str, str, str | None]]:
    """(page, button to press, field emptied, error shown) for each form the audit named."""
    interview, question = demo["debriefed"], demo["question"]
    return [
        (f"/interviews/{interview}/edit", "Save interview", "#company", "Enter the company's name."),
        (f"/interviews/{interview}/feedback", "Add takeaway", "#text", None),
        ("/categories", "Add category", "#name", "Give the category a name."),
        (f"/interviews/{interview}/questions/{question}/edit", "Save question", "#text", None),
    ]


def test_after_a_failed_submit_the_focus_is_on_the_errors(page: Page, demo):
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    for url, button, emptied, message in failed_forms(demo):
        page.goto(url)
        page.locator(emptied).fill("")
        page.get_by_role("button", name=button).click()
        if message:
            expect(page.get_by_text(message)).to_be_visible()
        summary = page.locator(".form-errors")
        expect(summary).to_be_focused()
        expect(summary).to_have_attribute("role", "alert")
        # The next Tab goes on into the form that failed, not back to the top of the page.
        page.keyboard.press("Tab")
        assert focused(page)["inMain"], url

    page.get_by_role("button", name="Log out").click()
    log_in(page, "ada@example.test")
    page.goto("/admin/invites")
    page.get_by_label("Expires after (days)").fill("0")
    page.get_by_role("button", name="Create invite link").click()
    expect(page.locator(".form-errors")).to_be_focused()
