"""Imports every feature's models so metadata (and Alembic) sees all tables."""

from participation.activities.models import Activity, ActivityArea, Drawing, WorryAlert
from participation.alerts.models import AlertNotice
from participation.audit.models import AuditEvent
from participation.auth.models import Role, Team, Worker
from participation.caserecord.models import ApiClient, RecordEntry
from participation.children.models import Child
from participation.codes.models import SignInCode
from participation.identity.models import SignedInSession
from participation.journal.models import JournalAttachment, JournalEntry, JournalRead
from participation.network.models import (
    Family,
    NetworkInvite,
    NetworkMember,
    PlanPair,
    PlanRule,
    SafetyPlan,
    SharedItem,
)
from participation.notifications.models import DevMessage
from participation.pathway.models import (
    AgreedPlanVersion,
    OneTimeCode,
    PathwayAction,
    PathwayPlan,
    PlanSection,
    SectionVersion,
    Suggestion,
    YoungPerson,
    YoungPersonInvite,
)
from participation.record.models import RecordPdf
from participation.review.models import ReadReceipt, Review
from participation.scales.models import ScaleAnswer
from participation.translation.models import Translation

__all__ = [
    "ApiClient",
    "RecordEntry",
    "AgreedPlanVersion",
    "OneTimeCode",
    "PathwayAction",
    "PathwayPlan",
    "PlanSection",
    "SectionVersion",
    "Suggestion",
    "YoungPerson",
    "YoungPersonInvite",
    "Family",
    "JournalAttachment",
    "JournalEntry",
    "JournalRead",
    "NetworkInvite",
    "NetworkMember",
    "PlanPair",
    "PlanRule",
    "SafetyPlan",
    "SharedItem",
    "Activity",
    "ActivityArea",
    "AlertNotice",
    "AuditEvent",
    "DevMessage",
    "Child",
    "Drawing",
    "ReadReceipt",
    "RecordPdf",
    "Review",
    "Role",
    "ScaleAnswer",
    "SignInCode",
    "SignedInSession",
    "Team",
    "Translation",
    "Worker",
    "WorryAlert",
]
