"""Debrief's typed SQLAlchemy models, by area."""

from app.models.accounts import Invite, RateLimitCount, Role, Setting, User, UserSession
from app.models.debrief import (
    ActionItem,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackStatus,
    ForgottenQuestion,
    SelfAssessment,
    WentWell,
)
from app.models.interviews import (
    DEFAULT_CATEGORIES,
    Category,
    Interview,
    Interviewer,
    InterviewFormat,
    Outcome,
    Question,
    RejectionReason,
    Stage,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "ActionItem",
    "Category",
    "FeedbackChannel",
    "FeedbackRequest",
    "FeedbackStatus",
    "ForgottenQuestion",
    "Interview",
    "InterviewFormat",
    "Interviewer",
    "Invite",
    "Outcome",
    "Question",
    "RejectionReason",
    "Role",
    "SelfAssessment",
    "RateLimitCount",
    "Setting",
    "Stage",
    "User",
    "UserSession",
    "WentWell",
]
