"""Debrief's typed SQLAlchemy models, by area."""

from app.models.accounts import Invite, RateLimitCount, Role, Setting, User, UserSession
from app.models.coaching import CoachAccess, CoachGrant, CoachRating, Comment, PrivateInterview
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
from app.models.password_resets import PasswordReset
from app.models.practice import CardKind, PracticeCard, PracticeReview
from app.models.stories import Story, StoryCategory, StoryQuestion
from app.models.tallies import QuestionTally

__all__ = [
    "DEFAULT_CATEGORIES",
    "ActionItem",
    "CardKind",
    "Category",
    "CoachAccess",
    "CoachGrant",
    "CoachRating",
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
    "PasswordReset",
    "PracticeCard",
    "PracticeReview",
    "PrivateInterview",
    "Question",
    "QuestionTally",
    "RateLimitCount",
    "RejectionReason",
    "Role",
    "SelfAssessment",
    "Setting",
    "Stage",
    "Story",
    "StoryCategory",
    "StoryQuestion",
    "User",
    "UserSession",
    "WentWell",
]
