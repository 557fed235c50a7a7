"""Queries about a member's question categories: usage counts, names, merging."""

from dataclasses import dataclass

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import ActionItem, Category, Question
from app.ownership import owned


@dataclass(frozen=True)
class CategoryUsage:
    """A category and how many of the member's questions and action items use it."""

    category: Category
    questions: int
    action_items: int

    @property
    def in_use(self) -> bool:
        """Whether deleting it would leave something without its category."""
        return bool(self.questions or self.action_items)


def _count_by_category(model, owner_id: int):
    """A subquery: rows of `model` per category id, for one member."""
    return (
        select(model.category_id, func.count(model.id).label("n"))
        .where(model.owner_id == owner_id, model.category_id.is_not(None))
        .group_by(model.category_id)
        .subquery()
    )


def categories_with_usage(owner_id: int) -> list[CategoryUsage]:
    """The member's categories in order, each with its usage (one query)."""
    questions = _count_by_category(Question, owner_id)
    actions = _count_by_category(ActionItem, owner_id)
    rows = db.session.execute(
        owned(Category, owner_id)
        .add_columns(func.coalesce(questions.c.n, 0), func.coalesce(actions.c.n, 0))
        .outerjoin(questions, questions.c.category_id == Category.id)
        .outerjoin(actions, actions.c.category_id == Category.id)
        .order_by(Category.position, Category.name)
    ).all()
    return [CategoryUsage(category, n_questions, n_actions) for category, n_questions, n_actions in rows]


def usage_of(category: Category) -> CategoryUsage:
    """How many questions and action items use one category."""
    count = lambda model: db.session.scalar(  # noqa: E731
        select(func.count(model.id)).where(
            model.owner_id == category.owner_id, model.category_id == category.id
        )
    )
    return CategoryUsage(category, count(Question), count(ActionItem))


def name_taken(owner_id: int, name: str, except_id: int | None = None) -> bool:
    """Whether the member has another category of this name, ignoring case."""
    statement = owned(Category, owner_id).where(func.lower(Category.name) == name.lower())
    if except_id is not None:
        statement = statement.where(Category.id != except_id)
    return db.session.scalars(statement).first() is not None


def next_category_position(owner_id: int) -> int:
    """The position after the member's last category."""
    last = db.session.scalar(select(func.max(Category.position)).where(Category.owner_id == owner_id))
    return 0 if last is None else last + 1


def merge_targets(category: Category) -> list[Category]:
    """The member's other categories, which `category` can be merged into."""
    return list(
        db.session.scalars(
            owned(Category, category.owner_id)
            .where(Category.id != category.id)
            .order_by(Category.position, Category.name)
        )
    )


def merge_category(source: Category, target: Category) -> None:
    """Move the questions and action items of `source` to `target`, then delete `source`."""
    for model in (Question, ActionItem):
        db.session.execute(
            update(model)
            .where(model.owner_id == source.owner_id, model.category_id == source.id)
            .values(category_id=target.id)
        )
    db.session.delete(source)
