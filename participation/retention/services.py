"""Subject access (everything held about one child, as a bundle) and deletion at the end of
the retention period, with the audit trail kept."""

import io
import zipfile
from datetime import date

from sqlalchemy import delete, or_, select, update

from participation import uploads
from participation.activities.models import (
    Activity,
    ActivityArea,
    Drawing,
    Observation,
    Status,
    VoiceNote,
)
from participation.alerts.models import WorryAlert
from participation.audit.models import AuditEvent
from participation.audit.services import record
from participation.caserecord.models import RecordEntry
from participation.children.models import Child
from participation.childspace.models import ChildShare
from participation.codes.models import SignInCode
from participation.extensions import db
from participation.identity.models import SignedInSession
from participation.network.models import Family, SafetyPlan, SharedItem
from participation.network.version_models import SafetyPlanVersion
from participation.record.pdfs import forget_pdfs
from participation.record.print_copies import forget_print_copies
from participation.record.services import record_entry
from participation.retention.audit_trail import forget_child_as_actor
from participation.retention.bundles import as_json as _json
from participation.retention.deleting import alerts, ids, translations
from participation.retention.families import delete_family
from participation.retention.storyboards import delete_storyboards, write_storyboards
from participation.review.models import ReadReceipt, Review
from participation.scales.models import ScaleAnswer
from participation.translation.services import on_record
from participation.uploads import remove
from participation.wordspictures.models import Storyboard


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
                    {
                        "id": a.area,
                        "child_words": a.child_words,
                        "scribed_words": a.scribed_words,
                        "pictures_chosen": a.symbols,
                    }
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
            for number, note in enumerate(activity.voice_notes, 1):
                try:
                    raw = uploads.read(note.storage_key)
                except FileNotFoundError:
                    continue
                extension = note.storage_key.rsplit(".", 1)[-1]
                bundle.writestr(
                    f"activities/{activity.public_id}/{note.area}-voice-{number}.{extension}", raw
                )
            if activity.observation is not None:
                # The worker's account of what they saw is about the child: theirs to see.
                bundle.writestr(
                    f"activities/{activity.public_id}/what_the_worker_saw.json",
                    _json({"observation": activity.observation.text,
                           "by": activity.observation.by.name if activity.observation.by else "",
                           "at": activity.observation.updated_at}),
                )  # fmt: skip
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
                    "other_parts": [{"part": i.kind, "text": i.text, "who": i.who,
                                     "by_when": i.by_when, "written_by": i.written_by_name}
                                    for i in plan.items],
                    # Every version kept, each a copy of the whole plan as it stood.
                    "versions": [{"number": v.number, "content": v.content,
                                  "changed_by": v.changed_by, "at": v.created_at,
                                  "agreed_at": v.agreed_at}
                                 for v in db.session.scalars(
                                     select(SafetyPlanVersion)
                                     .where(SafetyPlanVersion.family_id == family.id)
                                     .order_by(SafetyPlanVersion.number))],
                    # Its translations into members' languages are copies of it too.
                    "translations": on_record("safety_plan", family.public_id),
                }),
            )  # fmt: skip
        if family is not None:
            # Storyboards for this child, or for every child of the family.
            write_storyboards(bundle, list(db.session.scalars(
                select(Storyboard).where(
                    Storyboard.family_id == family.id,
                    or_(Storyboard.child_id == child.id, Storyboard.child_id.is_(None)),
                ).order_by(Storyboard.created_at)
            )))  # fmt: skip
        shares = db.session.scalars(select(ChildShare).where(ChildShare.child_id == child.id))
        bundle.writestr(
            "shared_with_me.json",
            _json([{"kind": s.kind, "object_id": s.object_id, "shared_at": s.shared_at,
                    "withdrawn_at": s.withdrawn_at, "first_read_at": s.first_read_at,
                    "last_read_at": s.last_read_at, "read_mode": s.read_mode}
                   for s in shares]),
        )  # fmt: skip
        from participation.advocacy.deletion import requests_for_bundle

        bundle.writestr("advocacy_requests.json", _json(requests_for_bundle(child_id=child.id)))
        from participation.meetings.deletion import meetings_for_bundle

        bundle.writestr("meetings.json", _json(meetings_for_bundle(child.id)))
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
    from participation.admin.council import setting as council_setting

    years = int(council_setting(setting))  # the admin's choice, else the deployment's
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
    # The child's recorded voice is theirs: the files go with the rows.
    keys += ids(VoiceNote.storage_key, VoiceNote.activity_id.in_(activity_ids))
    # ...and the print-sized copies of those drawings made for PDFs.
    keys += forget_print_copies(ids(Drawing.sha256, Drawing.activity_id.in_(activity_ids)))
    object_ids = ids(Activity.public_id, Activity.id.in_(activity_ids))
    object_ids += ids(WorryAlert.public_id, WorryAlert.child_id == child.id)
    code_ids = select(SignInCode.id).where(SignInCode.activity_id.in_(activity_ids))
    family = db.session.get(Family, child.family_id) if child.family_id else None
    # A storyboard made for this child (not for every child of the family) is about them.
    keys += delete_storyboards(Storyboard.child_id == child.id)
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
        delete(VoiceNote).where(VoiceNote.activity_id.in_(activity_ids)),
        # What the worker saw of the child is about the child: it goes with their record.
        delete(Observation).where(Observation.activity_id.in_(activity_ids)),
        # What the child was shown, and when they read it, is part of their record.
        delete(ChildShare).where(ChildShare.child_id == child.id),
        # The plan stays for the family's other children; only who chose its object goes.
        update(SafetyPlan)
        .where(SafetyPlan.object_chosen_by_child_id == child.id)
        .values(object_chosen_by_child_id=None),
        delete(RecordEntry).where(RecordEntry.object_id.in_(object_ids)),
        delete(Activity).where(Activity.id.in_(activity_ids)),
    ):
        db.session.execute(statement)
    keys += forget_pdfs("activity", object_ids)  # PDFs hold copies of the child's words
    # Their requests for someone independent (advocacy), with their words and the outcomes.
    from participation.advocacy.deletion import delete_requests
    from participation.advocacy.models import AdvocacyRequest

    keys += delete_requests(AdvocacyRequest.child_id == child.id)
    # Their meetings: what they were told was decided, and their answers.
    from participation.meetings.deletion import delete_meetings

    keys += delete_meetings(child.id)
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
