"""A worry alert, a critical event the record must hold within one working day."""

from sqlalchemy import case, select

from participation.alerts.models import WorryAlert
from participation.alerts.services import get_alert_or_404
from participation.caserecord.kinds import RecordKind, register
from participation.caserecord.payloads import alert_payload
from participation.children.models import Child
from participation.network.models import NetworkMember


def _raised_by(alert: WorryAlert) -> list[tuple[str, str]]:
    """A child's alert is the child's; a member's (no child) is the member's."""
    if alert.child:
        return [("child", alert.child.public_id)]
    if alert.young_person:
        return [("young_person", alert.young_person.public_id)]
    return [("network_member", alert.member.public_id)] if alert.member else []


def _bulk(ids: set[str]):
    return (
        select(
            WorryAlert.public_id,
            Child.public_id,
            case((Child.id.is_(None), NetworkMember.public_id)),
        )
        .outerjoin(Child, Child.id == WorryAlert.child_id)
        .outerjoin(NetworkMember, NetworkMember.id == WorryAlert.member_id)
        .where(WorryAlert.public_id.in_(ids))
    )


WORRY_ALERT = register(
    RecordKind(
        name="worry_alert",
        audit_name="alert",
        model=WorryAlert,
        get_or_404=get_alert_or_404,
        subjects=_raised_by,
        bulk_subjects=(_bulk, ("child", "network_member")),
        api_name="worry_alert",
        document=alert_payload,
    )
)
