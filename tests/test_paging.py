"""One way to read and link pages (app/paging.py, templates/_macros/pagination.html), used by the
interview list (by key), the action items (by number) and the search (capped counts)."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from app.actions.queries import PER_PAGE
from app.extensions import db
from app.models import ActionItem, Interview
from app.paging import capped_count_label, read_page


@pytest.fixture
def items(app, member):
    """Seven action items of the member, ids in order."""
    with app.app_context():
        db.session.execute(insert(ActionItem), [
            {"owner_id": member.id, "text": f"Item {n}", "version": 1, "uid": f"item-{n}"}
            for n in range(7)
        ])
        db.session.commit()
        return list(db.session.scalars(select(ActionItem.id).order_by(ActionItem.id)))


@pytest.mark.parametrize(
    "size, offset, shown, more",
    [(3, 0, slice(0, 3), True), (3, 3, slice(3, 6), True), (3, 6, slice(6, 7), False),
     (7, 0, slice(0, 7), False), (10, 0, slice(0, 7), False), (3, 9, slice(9, 9), False)],
)
def test_a_page_is_its_rows_and_whether_more_follow(app, items, size, offset, shown, more):
    with app.app_context():
        window = read_page(select(ActionItem.id).order_by(ActionItem.id), size, offset=offset,
                           read=db.session.scalars)
        assert window.rows == items[shown] and window.more is more
        # A capped count: the rows read, and one for "more than that".
        assert window.count == len(items[shown]) + more


def test_model_rows_and_plain_rows(app, items):
    with app.app_context():
        rows = read_page(select(ActionItem.id, ActionItem.text).order_by(ActionItem.id), 2)
        assert [tuple(row) for row in rows.rows] == [(items[0], "Item 0"), (items[1], "Item 1")]
        models = read_page(select(ActionItem).order_by(ActionItem.id.desc()), 1, read=db.session.scalars)
        assert [item.text for item in models.rows] == ["Item 6"] and models.more


def test_capped_counts_read_as_a_person_reads_them():
    assert [capped_count_label(n, 1_000) for n in (0, 12, 1_000, 1_001)] == ["0", "12", "1,000", "1,000+"]


def pager_of(page: str) -> str:
    """The page links of a list page."""
    start = page.index('<nav class="pagination"')
    return page[start : page.index("</nav>", start)]


def test_both_paged_lists_draw_their_links_the_same_way(app, member, member_client, items):
    with app.app_context():
        day = datetime(2026, 1, 1, 9, 0)
        db.session.execute(insert(Interview), [
            {"owner_id": member.id, "company": f"Co {n}", "role_title": "Analyst", "uid": f"iv-{n}",
             "occurred_at": day + timedelta(days=n), "notes": "", "version": 1}
            for n in range(3)
        ])
        db.session.commit()
    app.config["ITEMS_PER_PAGE"], saved = 2, app.config["ITEMS_PER_PAGE"]
    try:
        interviews = pager_of(member_client.get("/interviews").get_data(as_text=True))
    finally:
        app.config["ITEMS_PER_PAGE"] = saved
    assert 'aria-label="Pages"' in interviews
    assert '<li aria-current="page">3 Jan 2026 to 2 Jan 2026</li>' in interviews
    assert 'rel="next">Older</a>' in interviews and 'rel="prev"' not in interviews

    with app.app_context():
        db.session.execute(insert(ActionItem), [
            {"owner_id": member.id, "text": f"More {n}", "version": 1, "uid": f"more-{n}"}
            for n in range(2 * PER_PAGE)
        ])
        db.session.commit()
    second = member_client.get("/actions?show=open&page=2").get_data(as_text=True)
    actions = pager_of(second)
    assert 'aria-label="Pages of action items"' in actions
    assert '<li aria-current="page">Page 2</li>' in actions
    assert 'href="/actions?show=open&amp;page=1" rel="prev">Previous page</a>' in actions
    assert 'href="/actions?show=open&amp;page=3" rel="next">Next page</a>' in actions
    assert f"More {PER_PAGE - 7}<" in second and f"More {PER_PAGE - 8}<" not in second
