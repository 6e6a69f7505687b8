"""Subject access (everything held about one child, as a bundle) and deletion at the end of
the retention period, with the audit trail kept."""

import io
import zipfile
from datetime import date

from flask import current_app
from sqlalchemy import delete, select

from participation import uploads
from participation.activities.models import Activity, ActivityArea, Drawing, Status
from participation.alerts.models import WorryAlert
from participation.audit.models import AuditEvent
from participation.audit.services import record
from participation.caserecord.models import RecordEntry
from participation.children.models import Child
from participation.codes.models import SignInCode
from participation.extensions import db
from participation.identity.models import SignedInSession
from participation.network.models import Family, SharedItem
from participation.record.pdfs import forget_pdfs
from participation.record.print_copies import forget_print_copies
from participation.record.services import record_entry
from participation.retention.audit_trail import forget_child_as_actor
from participation.retention.bundles import as_json as _json
from participation.retention.deleting import alerts, ids, translations
from participation.retention.families import delete_family
from participation.review.models import ReadReceipt, Review
from participation.scales.models import ScaleAnswer
from participation.translation.services import on_record
from participation.uploads import remove


def child_bundle(child: Child) -> bytes:
    """A zip a person can open: the child's record, each activity (words verbatim, drawings),
    scaling answers, alerts, and who has looked at the record."""
    buffer = io.BytesIO()
    activities = list(db.session.scalars(select(Activity).where(Activity.child_id == child.id)))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            "child.json",
            _json({
                "id": child.public_id, "name": child.name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "case_reference": child.case_reference,
                "preferred_language": child.preferred_language,
                "communication_needs": child.communication_needs,
                "allocated_worker": child.allocated_worker.name,
            }),
        )  # fmt: skip
        for activity in activities:
            if activity.status == Status.SUBMITTED:
                data = record_entry(activity)
            else:
                areas = [
                    {"id": a.area, "child_words": a.child_words, "scribed_words": a.scribed_words}
                    for a in activity.areas
                ]
                data = {"id": activity.public_id, "tool": activity.tool, "status": "not sent",
                        "areas": areas}  # fmt: skip
            bundle.writestr(f"activities/{activity.public_id}.json", _json(data))
            for drawing in activity.drawings:
                try:
                    raw = uploads.read(drawing.storage_key)
                except FileNotFoundError:
                    continue
                extension = drawing.storage_key.rsplit(".", 1)[-1]
                bundle.writestr(f"activities/{activity.public_id}/{drawing.area}.{extension}", raw)
        family = db.session.get(Family, child.family_id) if child.family_id else None
        if family is not None and family.plan is not None:
            # The safety plan is written about the child, often with their words in it.
            plan = family.plan
            bundle.writestr(
                "safety_plan.json",
                _json({
                    "family": family.name, "safety_object": plan.safety_object,
                    "object_usual_place": plan.object_usual_place,
                    "object_moved_means": plan.object_moved_means,
                    "object_who_acts": plan.object_who_acts,
                    "worries_and_goals": [{"worry": p.statement, "goal": p.goal}
                                          for p in plan.pairs],
                    "rules": [{"rule": r.text, "who": r.who} for r in plan.rules],
                    # Its translations into members' languages are copies of it too.
                    "translations": on_record("safety_plan", family.public_id),
                }),
            )  # fmt: skip
        answers = db.session.scalars(select(ScaleAnswer).where(ScaleAnswer.child_id == child.id))
        bundle.writestr(
            "scaling_answers.json",
            _json([{"question": a.question, "value": a.value, "why": a.why,
                    "one_higher": a.one_higher, "at": a.created_at,
                    "answered_by": a.answered_by_name or a.answered_by_kind,
                    "translations": on_record("scale_answer", a.public_id)} for a in answers]),
        )  # fmt: skip
        alerts = db.session.scalars(select(WorryAlert).where(WorryAlert.child_id == child.id))
        bundle.writestr(
            "worry_alerts.json",
            _json(
                [{"raised_at": a.raised_at, "acknowledged_at": a.acknowledged_at} for a in alerts]
            ),
        )
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.child_public_id == child.public_id)
            .order_by(AuditEvent.at)
        )
        bundle.writestr(
            "access_log.json",
            _json(
                [
                    {"at": e.at, "who": e.actor_name or e.actor_kind, "action": e.action}
                    for e in events
                ]
            ),
        )
    return buffer.getvalue()


def retention_ended(person, today: date | None = None) -> bool:
    """Councils keep records until a set birthday: a child's to 25, a care leaver's to 75 by
    default (both configurable)."""
    from participation.pathway.models import YoungPerson

    today = today or date.today()
    setting = (
        "CARE_LEAVER_RETENTION_YEARS_AFTER_BIRTH"
        if isinstance(person, YoungPerson)
        else "RETENTION_YEARS_AFTER_BIRTH"
    )
    years = current_app.config[setting]
    born = person.date_of_birth
    try:
        end = born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        end = born.replace(year=born.year + years, day=28)
    return today >= end


def delete_child(child: Child, reason: str) -> None:
    """Delete everything held about the child, files included; the audit trail stays, with
    one more event saying it was deleted and why."""
    activity_ids = ids(Activity.id, Activity.child_id == child.id)
    keys = ids(Drawing.storage_key, Drawing.activity_id.in_(activity_ids))
    # ...and the print-sized copies of those drawings made for PDFs.
    keys += forget_print_copies(ids(Drawing.sha256, Drawing.activity_id.in_(activity_ids)))
    object_ids = ids(Activity.public_id, Activity.id.in_(activity_ids))
    object_ids += ids(WorryAlert.public_id, WorryAlert.child_id == child.id)
    code_ids = select(SignInCode.id).where(SignInCode.activity_id.in_(activity_ids))
    family = db.session.get(Family, child.family_id) if child.family_id else None
    for statement in (
        # Translations hold copies of the child's words and of replies to them.
        translations(Activity, object_ids),
        # ...and of the why and one number higher of their scaling answers.
        translations(ScaleAnswer, ids(ScaleAnswer.public_id, ScaleAnswer.child_id == child.id)),
        delete(SignedInSession).where(SignedInSession.activity_id.in_(activity_ids)),
        delete(SignInCode).where(SignInCode.id.in_(code_ids)),
        delete(SharedItem).where(SharedItem.activity_id.in_(activity_ids)),
        delete(ReadReceipt).where(ReadReceipt.activity_id.in_(activity_ids)),
        delete(Review).where(Review.activity_id.in_(activity_ids)),
        delete(ScaleAnswer).where(ScaleAnswer.child_id == child.id),
        *alerts(WorryAlert.child_id == child.id),
        delete(ActivityArea).where(ActivityArea.activity_id.in_(activity_ids)),
        delete(Drawing).where(Drawing.activity_id.in_(activity_ids)),
        delete(RecordEntry).where(RecordEntry.object_id.in_(object_ids)),
        delete(Activity).where(Activity.id.in_(activity_ids)),
    ):
        db.session.execute(statement)
    keys += forget_pdfs("activity", object_ids)  # PDFs hold copies of the child's words
    # Privacy: the log keeps what the child did, not the address of the tablet they used.
    forget_child_as_actor(child.public_id)
    record(
        "delete_child_records", child, "child", child.public_id, detail=reason, actor_kind="system"
    )
    db.session.delete(child)
    db.session.flush()
    if family is not None and not db.session.scalar(
        select(Child.id).where(Child.family_id == family.id).limit(1)
    ):
        # The family's safety plan, network and journal were kept for its children; with the
        # last child's records gone, they go too.
        keys += delete_family(family, reason)
    db.session.commit()
    for key in keys:
        remove(key)
