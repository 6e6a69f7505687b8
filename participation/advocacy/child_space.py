"""An outcome in the child's own space: only once it is written, only this child's request,
and only once the worker chose to share it (the child space checks its ChildShare row)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from participation.advocacy.models import AdvocacyRequest, RequestKind
from participation.childspace.registry import Shareable, register
from participation.extensions import db


@dataclass(frozen=True)
class OutcomeCard:
    public_id: str
    kind: str
    text: str
    language: str
    translated_by: str


def _label(item) -> str:
    if item.kind == RequestKind.ADVOCATE:
        return _("What happened about asking for an advocate")
    return _("What happened about something you were not happy about")


def _candidates(child) -> list[AdvocacyRequest]:
    return list(
        db.session.scalars(
            select(AdvocacyRequest)
            .where(AdvocacyRequest.child_id == child.id, AdvocacyRequest.outcome != "")
            .order_by(AdvocacyRequest.created_at.desc())
        )
    )


def _load(public_id: str, child) -> OutcomeCard | None:
    """This child's request with an outcome, in the child's language; None for anything else."""
    from participation.advocacy.services import outcome_for

    item = db.session.scalar(
        select(AdvocacyRequest).where(
            AdvocacyRequest.public_id == public_id, AdvocacyRequest.child_id == child.id
        )
    )
    if item is None:
        return None
    shown = outcome_for(item, child.preferred_language or "en")
    if shown is None:
        return None
    return OutcomeCard(item.public_id, item.kind, shown.text, shown.language, shown.translated_by)


ADVOCACY_OUTCOME = register(
    Shareable(
        kind="advocacy_outcome",
        label=_label,
        template="advocacy/_for_child.html",
        candidates=_candidates,
        load=_load,
        audit_object=lambda item: ("advocacy_request", item.public_id),
    )
)
