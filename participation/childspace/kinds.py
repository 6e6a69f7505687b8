"""The two kinds this package shares itself: the family's safety plan, and the worker's replies
to the child's activities. Each finds only what belongs to the child asked about."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from participation.activities.models import Activity, Status
from participation.activities.tools import tool_name
from participation.auth.models import Worker
from participation.children.models import Child
from participation.childspace.registry import Shareable, register
from participation.extensions import db
from participation.network.models import Family
from participation.network.services import PLAN_KIND, PlanPiece, reading_of
from participation.network.version_models import SafetyPlanVersion
from participation.network.versions import sentences
from participation.review.models import Review

# The safety plan ---------------------------------------------------------------------------


@dataclass
class PlanForChild:
    """One agreed version of the family's plan as this child reads it (network.versions
    snapshot content), each sentence in the child's language where a translation of exactly
    those words exists. `newer_than_shared` marks, on the worker's panel only, an agreed
    version newer than the one the child can see now."""

    family: Family
    version: SafetyPlanVersion
    content: dict
    reading: dict[str, PlanPiece]
    newer_than_shared: bool = False

    @property
    def agreed_at(self) -> datetime | None:
        return self.version.agreed_at


def _family_of(child: Child) -> Family | None:
    # Privacy: only the family the child's own record points at, never one found another way.
    if child.family_id is None:
        return None
    return db.session.get(Family, child.family_id)


def _reading(family: Family, content: dict, language: str) -> dict[str, PlanPiece]:
    """Like network.services.plan_reading, but for the words of this version (an agreed
    version may differ from today's plan): a translation of other words is never shown."""
    if not language or language == "en":
        return {}
    wanted = {
        f: s["text"]
        for f, s in sentences(content).items()
        if s.get("text") and (s.get("language") or "en") == "en"
    }
    return reading_of(family, language, wanted)


def _for_child(family: Family, version: SafetyPlanVersion, child: Child) -> PlanForChild | None:
    content = version.content
    if not any(s.get("text") for s in sentences(content).values()):
        return None  # an agreed plan with nothing written: nothing to share
    return PlanForChild(
        family=family,
        version=version,
        content=content,
        reading=_reading(family, content, child.preferred_language),
    )


def _agreed_stmt(family: Family):
    # Safeguarding: only versions everyone agreed. The plan as it stands (being edited) is
    # never a candidate, so a worker's half-made change can't reach the child's device.
    return select(SafetyPlanVersion).where(
        SafetyPlanVersion.family_id == family.id, SafetyPlanVersion.agreed_at.is_not(None)
    )


def _plan_candidates(child: Child) -> list[PlanForChild]:
    """The newest agreed version, and any older agreed version the child can see now (so the
    worker can stop sharing it). A newer agreed version is only offered: the child keeps the
    version the worker shared until the worker shares the newer one."""
    from participation.childspace.models import ChildShare

    family = _family_of(child)
    if family is None:
        return []
    newest = db.session.scalar(
        _agreed_stmt(family).order_by(SafetyPlanVersion.number.desc()).limit(1)
    )
    if newest is None:
        return []
    shared_ids = set(
        db.session.scalars(
            select(ChildShare.object_id).where(
                ChildShare.child_id == child.id,
                ChildShare.kind == "safety_plan",
                ChildShare.withdrawn_at.is_(None),
            )
        )
    )
    shared = list(
        db.session.scalars(
            _agreed_stmt(family)
            .where(SafetyPlanVersion.public_id.in_(shared_ids - {newest.public_id}))
            .order_by(SafetyPlanVersion.number.desc())
        )
    )
    found = []
    item = _for_child(family, newest, child)
    if item is not None:
        item.newer_than_shared = bool(shared)
        found.append(item)
    found.extend(i for v in shared if (i := _for_child(family, v, child)) is not None)
    return found


def _load_plan(object_id: str, child: Child) -> PlanForChild | None:
    """Exactly the agreed version that was shared, never a later one: what the child sees
    changes only when the worker shares another version."""
    family = _family_of(child)
    if family is None:
        return None
    version = db.session.scalar(
        _agreed_stmt(family).where(SafetyPlanVersion.public_id == object_id)
    )
    if version is None:
        return None  # not an agreed version of this child's family's plan: shows nothing
    return _for_child(family, version, child)


def _plan_label(item: PlanForChild) -> str:
    return _(
        "The safety plan, version %(number)s (agreed on %(date)s)",
        number=item.version.number,
        date=format_date(item.agreed_at),
    )


def _plan_note(item: PlanForChild) -> str:
    if item.newer_than_shared:
        return _("A newer agreed plan can be shared. Sharing it replaces the one shown now.")
    return ""


def _ask_plan_in_childs_language(item: PlanForChild, child: Child, worker: Worker) -> None:
    """The child reads the plan in their language: ask for it once, when it is first shared
    (asking again for the same words is a no-op)."""
    from participation.translation.services import auto_request

    if child.preferred_language and child.preferred_language != "en":
        auto_request(PLAN_KIND, item.family, "en", worker, child.preferred_language)


register(
    Shareable(
        kind="safety_plan",
        label=_plan_label,
        template="childspace/cards/safety_plan.html",
        candidates=_plan_candidates,
        load=_load_plan,
        object_id=lambda item: item.version.public_id,
        audit_object=lambda item: ("family", item.family.public_id),
        on_share=_ask_plan_in_childs_language,
        note=_plan_note,
        # The child has one safety plan: sharing a newer version takes the older one away.
        one_at_a_time=True,
    )
)


# The worker's replies ------------------------------------------------------------------------


def _replies_stmt(child: Child):
    # Only replies to this child's own sent activities, with words in them.
    return (
        select(Review)
        .join(Activity, Review.activity_id == Activity.id)
        .where(
            Activity.child_id == child.id,
            Activity.status == Status.SUBMITTED,
            Review.reply != "",
            Review.replied_at.is_not(None),
        )
    )


def _reply_candidates(child: Child) -> list[Review]:
    stmt = _replies_stmt(child).order_by(Review.replied_at.desc()).limit(50)
    return list(db.session.scalars(stmt))


def _load_reply(object_id: str, child: Child) -> Review | None:
    return db.session.scalar(_replies_stmt(child).where(Activity.public_id == object_id))


def _reply_label(review: Review) -> str:
    words = review.reply if len(review.reply) <= 80 else review.reply[:77] + "..."
    return _(
        "Your reply about their %(tool)s (%(date)s): %(words)s",
        tool=tool_name(review.activity.tool),
        date=format_date(review.replied_at),
        words=words,
    )


register(
    Shareable(
        kind="reply",
        label=_reply_label,
        template="childspace/cards/reply.html",
        candidates=_reply_candidates,
        load=_load_reply,
        object_id=lambda review: review.activity.public_id,
        audit_object=lambda review: ("activity", review.activity.public_id),
    )
)
