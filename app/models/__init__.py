"""Debrief's typed SQLAlchemy models, by area."""

from app.models.accounts import Invite, RateLimitCount, Role, Setting, User, UserSession
from app.models.coaching import CoachAccess, CoachGrant, Comment, PrivateInterview
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
from app.models.tallies import QuestionTally

__all__ = [
    "DEFAULT_CATEGORIES",
    "ActionItem",
    "Category",
    "CoachAccess",
    "CoachGrant",
    "Comment",
    "FeedbackChannel",
    "FeedbackRequest",
    "FeedbackStatus",
    "ForgottenQuestion",
    "Interview",
    "InterviewFormat",
    "Interviewer",
    "Invite",
    "Outcome",
    "PrivateInterview",
    "Question",
    "QuestionTally",
    "RateLimitCount",
    "RejectionReason",
    "Role",
    "SelfAssessment",
    "Setting",
    "Stage",
    "User",
    "UserSession",
    "WentWell",
]
