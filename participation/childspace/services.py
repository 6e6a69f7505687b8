"""Sharing things with a child's space, finding whose space this browser may open, and the read
receipts. Every query here is scoped to one child, and the worker's side to their caseload."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import abort, current_app, session
from sqlalchemy import select

from participation.activities.models import Activity, Status
from participation.audit.services import record
from participation.auth.models import Worker
from participation.children.models import Child
from participation.childspace.models import ChildShare
from participation.childspace.registry import SHAREABLES, Shareable
from participation.codes.models import SignInCode
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.services import current_child_session

# The activities feature keeps the finished activity's id in this browser's server-side session
# for the thank-you page (activities.routes.FINISHED_KEY).
FINISHED_KEY = "finished_activity"
# Privacy decision: how long after "I'm finished" the child's own device can still open their
# space from the thank-you page. Finishing ends the code's session, but a child often wants to
# look again at what their worker shared straight after; a short window lets them, without
# their code, on that device only. Ten minutes is long enough for that and short enough that a
# tablet put down and picked up by someone else later shows nothing. It closes by itself
# (checked against the activity's submitted_at on every visit), at once with "I've finished
# looking" (which also clears the browser's cache), and when the worker revokes or replaces the
# code. 0 turns it off. A setting: PARTICIPATION_CHILD_SPACE_MINUTES_AFTER_FINISH.
DEFAULT_MINUTES_AFTER_FINISH = 10


# Sharing (the worker) ------------------------------------------------------------------------


def live_shares(child: Child) -> list[ChildShare]:
    """What the child can see now: shared and not withdrawn, oldest first."""
    stmt = (
        select(ChildShare)
        .where(ChildShare.child_id == child.id, ChildShare.withdrawn_at.is_(None))
        .order_by(ChildShare.shared_at, ChildShare.id)
    )
    return list(db.session.scalars(stmt))


def _live_share(child: Child, kind: str, object_id: str) -> ChildShare | None:
    return db.session.scalar(
        select(ChildShare).where(
            ChildShare.child_id == child.id,
            ChildShare.kind == kind,
            ChildShare.object_id == object_id,
            ChildShare.withdrawn_at.is_(None),
        )
    )


def _live_of_kind(child: Child, kind: str) -> list[ChildShare]:
    return [row for row in live_shares(child) if row.kind == kind]


def _shareable_or_404(kind: str) -> Shareable:
    shareable = SHAREABLES.get(kind)
    if shareable is None:
        abort(404)
    return shareable


def _audit_object(shareable: Shareable, item: Any, object_id: str) -> tuple[str, str]:
    if shareable.audit_object is not None:
        return shareable.audit_object(item)
    return shareable.kind, object_id


def share(child: Child, kind: str, object_id: str, worker: Worker) -> ChildShare:
    """The worker shows the child one thing. The caller has checked the child is on the
    worker's caseload; the thing must belong to this child (load answers None otherwise).
    Sharing what is already shared changes nothing. The caller commits."""
    shareable = _shareable_or_404(kind)
    item = shareable.load(object_id, child)
    if item is None:
        abort(404)  # not this child's: we don't say whether it exists
    existing = _live_share(child, kind, object_id)
    if existing is not None:
        return existing
    if shareable.one_at_a_time:
        # What the child saw before is replaced, not added to; the old row stays as history.
        for old in _live_of_kind(child, kind):
            stop_sharing(child, old.public_id, worker)
    row = ChildShare(child_id=child.id, kind=kind, object_id=object_id, shared_by_id=worker.id)
    db.session.add(row)
    shareable.on_share(item, child, worker)
    audit_kind, audit_id = _audit_object(shareable, item, object_id)
    record("child_space_share", child, audit_kind, audit_id, detail=kind)
    return row


def stop_sharing(child: Child, share_id: str, worker: Worker) -> ChildShare:
    """The worker takes something out of the child's space: it vanishes from the space at once;
    the row stays, withdrawn, as the history of what the child was shown. The caller commits."""
    row = db.session.scalar(
        select(ChildShare).where(ChildShare.public_id == share_id, ChildShare.child_id == child.id)
    )
    if row is None:
        abort(404)
    if row.withdrawn_at is None:
        row.withdrawn_at = utcnow()
        row.withdrawn_by_id = worker.id
        record("child_space_stop_sharing", child, "child_share", row.public_id, detail=row.kind)
    return row


@dataclass
class Candidate:
    """One thing the worker could share, and whether (and since when) the child can see it."""

    object_id: str
    label: str
    share: ChildShare | None
    note: str = ""


@dataclass
class KindPanel:
    kind: str
    candidates: list[Candidate] = field(default_factory=list)


def worker_panel(child: Child) -> list[KindPanel]:
    """Every registered kind with what could be shared with this child, marked shared or not
    and with its read receipt. The caller has checked the child is on the worker's caseload."""
    live = {(s.kind, s.object_id): s for s in live_shares(child)}
    panels = []
    for kind, shareable in SHAREABLES.items():
        panel = KindPanel(kind)
        for item in shareable.candidates(child):
            object_id = shareable.object_id(item)
            panel.candidates.append(
                Candidate(
                    object_id,
                    shareable.label(item),
                    live.get((kind, object_id)),
                    shareable.note(item),
                )
            )
        panels.append(panel)
    return panels


def family_public_id(child: Child) -> str | None:
    """The child's own family (for the panel's link to its Words and Pictures), or None."""
    from participation.network.models import Family

    if child.family_id is None:
        return None
    family = db.session.get(Family, child.family_id)
    return family.public_id if family is not None else None


# Whose space this browser opens (the child) ---------------------------------------------------


@dataclass
class SpaceVisit:
    """Whose space is open on this device, how ("code" or "together"), and the activity the
    child's code opened (None once it is finished, or in together mode)."""

    child: Child
    mode: str
    activity: Activity | None


def code_visit() -> SpaceVisit | None:
    """The child signed in with a code on this device: their space, and only theirs. Just after
    "I'm finished" (the code's session has ended), the same device may still open it for a few
    minutes from the thank-you page, unless the worker has since revoked or replaced the code."""
    child_session = current_child_session()
    if child_session is not None and child_session.activity is not None:
        activity = child_session.activity
        return SpaceVisit(activity.child, "code", activity if activity.is_draft else None)
    return _just_finished_visit()


def minutes_after_finish() -> int:
    """The window after finishing (see DEFAULT_MINUTES_AFTER_FINISH); 0 when it is off."""
    return int(
        current_app.config.get("CHILD_SPACE_MINUTES_AFTER_FINISH", DEFAULT_MINUTES_AFTER_FINISH)
    )


def _just_finished_visit() -> SpaceVisit | None:
    finished = session.get(FINISHED_KEY)
    minutes = minutes_after_finish()
    if not isinstance(finished, str) or not finished or minutes <= 0:
        return None
    activity = db.session.scalar(select(Activity).where(Activity.public_id == finished))
    if activity is None or activity.status != Status.SUBMITTED or activity.submitted_at is None:
        return None
    if utcnow() - activity.submitted_at > timedelta(minutes=minutes):
        return None
    # Safeguarding: a revoked or replaced code closes the space too, as it closes the tablet.
    still_good = db.session.scalar(
        select(SignInCode.id).where(
            SignInCode.activity_id == activity.id,
            SignInCode.redeemed_at.is_not(None),
            SignInCode.revoked_at.is_(None),
        )
    )
    if still_good is None:
        return None
    return SpaceVisit(activity.child, "code", None)


def close_finished_visit() -> None:
    """ "I've finished looking": this device stops opening the space straight away."""
    session.pop(FINISHED_KEY, None)


@dataclass
class SpaceCard:
    share: ChildShare
    shareable: Shareable
    item: Any


def space_cards(child: Child) -> list[SpaceCard]:
    """What the child sees: live shares whose thing still belongs to them (a thing deleted, or
    moved out of the child's family, simply isn't shown)."""
    cards = []
    for row in live_shares(child):
        shareable = SHAREABLES.get(row.kind)
        if shareable is None:
            continue  # a kind no longer registered shows nothing
        item = shareable.load(row.object_id, child)
        if item is not None:
            cards.append(SpaceCard(row, shareable, item))
    return cards


def has_space(child: Child) -> bool:
    """Whether anything is shared with the child (the code landing and the thanks link ask)."""
    stmt = select(ChildShare.id).where(
        ChildShare.child_id == child.id, ChildShare.withdrawn_at.is_(None)
    )
    return db.session.scalar(stmt.limit(1)) is not None


def mark_read(cards: list[SpaceCard], child: Child, mode: str) -> None:
    """The read receipt the worker sees, and each read on the trail, about the child and
    whoever the thing is about (the family for the plan). The caller commits."""
    now = utcnow()
    for card in cards:
        row = card.share
        if row.first_read_at is None:
            row.first_read_at = now
        row.last_read_at = now
        row.read_mode = mode
        audit_kind, audit_id = _audit_object(card.shareable, card.item, row.object_id)
        record("child_space_read", child, audit_kind, audit_id, detail=f"{row.kind} {mode}")


def landing_after_code(child_session) -> str | None:
    """Where a code lands: the child's space when something is shared with them (the
    activity is one tap away there), else None (the activity, as before)."""
    from flask import url_for

    activity = child_session.activity
    if activity is None or not has_space(activity.child):
        return None
    return url_for("childspace.space")


# The child chooses the safety object ----------------------------------------------------------

SAFETY_OBJECT_MAX = 500


def plan_shared_with(child: Child):
    """The child's own family's live plan, only while an agreed version of it is shared with
    them: the child chooses the object on the plan's card, and sees no plan otherwise."""
    from participation.childspace.kinds import _family_of

    family = _family_of(child)
    if family is None or family.plan is None or not _live_of_kind(child, "safety_plan"):
        return None
    return family.plan


def chosen_object(child: Child) -> str:
    """The safety object this child chose, as it stands in the plan today ("" if none)."""
    plan = plan_shared_with(child)
    if plan is None or plan.object_chosen_by_child_id != child.id:
        return ""
    return plan.safety_object


def choose_safety_object(child: Child, words: str, mode: str) -> None:
    """The safety object is chosen by the child: their words, kept as written in their
    language, go into their own family's plan as a new version, on the family's and the
    child's trail. The worker then fills in where it lives and who acts when it moves."""
    from participation.network.services import Author, request_plan_translations, stamp_object
    from participation.network.versions import record_change

    plan = plan_shared_with(child)
    if plan is None:
        abort(404)  # only a child their plan is shared with, and only their family's plan
    language = child.preferred_language or "en"
    author = Author("child", child.first_name, None, language, "child")
    plan.safety_object = words
    plan.object_chosen_by_child_id = child.id
    stamp_object(plan, author, child_id=child.id)
    record_change(plan, author.by)
    record("child_choose_safety_object", child, "family", plan.family.public_id, detail=mode)
    # Read by the worker in English and by each member in their language, asked for at once.
    request_plan_translations(plan.family, child.allocated_worker)
