"""Subject access for a safety network member, and deleting a family's plan, network and
journal when its children's records are deleted."""

import io
import zipfile

from sqlalchemy import delete, select, update

from participation import uploads
from participation.alerts.models import WorryAlert
from participation.audit.services import record
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.identity.models import SignedInSession
from participation.journal.models import JournalAttachment, JournalEntry, JournalRead, entry_rules
from participation.network import models as network
from participation.network.version_models import SafetyPlanVersion
from participation.pathway.models import ReviewContributor, YoungPerson
from participation.planscales.models import PlanScaleAnswer, PracticeRun, ScalingRound
from participation.planscales.services import ROUND_KIND
from participation.record.pdfs import forget_pdfs
from participation.record.print_copies import forget_print_copies
from participation.record.services import journal_record_entry
from participation.retention.audit_trail import forget_actors
from participation.retention.bundles import access_log, as_json
from participation.retention.deleting import alerts, ids, translations
from participation.retention.storyboards import delete_storyboards, panel_data
from participation.translation.services import on_record
from participation.wordspictures.models import Storyboard, StoryboardPanel


def member_bundle(member: network.NetworkMember) -> bytes:
    """Everything held about one network member: their details, every journal entry they
    wrote (words, photos, voice memos, replies, translations), alerts they raised, and who
    has looked at them."""
    buffer = io.BytesIO()
    entries = list(
        db.session.scalars(
            select(JournalEntry)
            .where(JournalEntry.member_id == member.id)
            .order_by(JournalEntry.created_at)
        )
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            "member.json",
            as_json({
                "id": member.public_id, "name": member.name, "family": member.family.name,
                "relationship_to_child": member.relationship_to_child,
                "contact": member.contact, "contact_shared": member.contact_shared,
                "language": member.language, "boss_of_the_plan": member.is_boss,
                "invited_by": member.invited_by.name, "joined_at": member.created_at,
                "removed_at": member.removed_at,
            }),
        )  # fmt: skip
        for entry in entries:
            bundle.writestr(f"journal/{entry.public_id}.json", as_json(journal_record_entry(entry)))
            for attachment in entry.attachments:
                try:
                    raw = uploads.read(attachment.storage_key)
                except FileNotFoundError:
                    continue
                extension = attachment.storage_key.rsplit(".", 1)[-1]
                bundle.writestr(f"journal/{entry.public_id}/{attachment.kind}.{extension}", raw)
        # Their own words for the plan: proposals, scaling answers, practices, panels.
        proposals = db.session.scalars(
            select(network.PlanProposal).where(network.PlanProposal.member_id == member.id)
        )
        bundle.writestr(
            "plan_proposals.json",
            as_json([{"part": p.part, "text": p.text, "language": p.language,
                      "answer": p.status, "final_text": p.final_text, "reason": p.reason,
                      "at": p.created_at} for p in proposals]),
        )  # fmt: skip
        answers = db.session.scalars(
            select(PlanScaleAnswer).where(PlanScaleAnswer.member_id == member.id)
        )
        bundle.writestr(
            "scaling_answers.json",
            as_json([{"statement": a.pair.statement, "value": a.value, "why": a.why,
                      "one_higher": a.one_higher, "language": a.language,
                      "meeting_on": a.round.meeting_on, "at": a.answered_at,
                      "translations": on_record("plan_scale_answer", a.public_id)}
                     for a in answers]),
        )  # fmt: skip
        practices = db.session.scalars(
            select(PracticeRun).where(PracticeRun.member_id == member.id)
        )
        bundle.writestr(
            "practices.json",
            as_json([{"practised_on": r.practised_on, "what_we_practised": r.what_we_practised,
                      "how_it_went": r.how_it_went, "language": r.language,
                      "translations": on_record("practice_run", r.public_id)}
                     for r in practices]),
        )  # fmt: skip
        panels = db.session.scalars(
            select(StoryboardPanel).where(StoryboardPanel.written_by_member_id == member.id)
        )
        bundle.writestr("words_and_pictures_panels.json", as_json([panel_data(p) for p in panels]))
        alerts = db.session.scalars(select(WorryAlert).where(WorryAlert.member_id == member.id))
        bundle.writestr(
            "worry_alerts.json",
            as_json([{"raised_at": a.raised_at, "acknowledged_at": a.acknowledged_at}
                     for a in alerts]),
        )  # fmt: skip
        ids = [member.public_id] + [e.public_id for e in entries]
        bundle.writestr("access_log.json", as_json(access_log(ids, member)))
    return buffer.getvalue()


def delete_family(family: network.Family, reason: str) -> list[str]:
    """Delete the family's plan, network, journal and alerts (in the caller's transaction);
    returns the stored files to remove once it commits. The audit log stays."""
    entry_ids = ids(JournalEntry.id, JournalEntry.family_id == family.id)
    entry_public_ids = ids(JournalEntry.public_id, JournalEntry.id.in_(entry_ids))
    keys = ids(JournalAttachment.storage_key, JournalAttachment.entry_id.in_(entry_ids))
    # ...and the print-sized copies of their photos made for PDFs.
    keys += forget_print_copies(
        ids(JournalAttachment.sha256, JournalAttachment.entry_id.in_(entry_ids))
    )
    alert_ids = ids(WorryAlert.public_id, WorryAlert.family_id == family.id)
    member_ids = select(network.NetworkMember.id).where(
        network.NetworkMember.family_id == family.id
    )
    # Privacy: the log keeps what each member did, not their name or their phone's address.
    members = select(network.NetworkMember.public_id).where(
        network.NetworkMember.family_id == family.id
    )
    forget_actors("network", list(db.session.scalars(members)))
    plan_ids = select(network.SafetyPlan.id).where(network.SafetyPlan.family_id == family.id)
    round_ids = ids(ScalingRound.public_id, ScalingRound.family_id == family.id)
    round_rows = select(ScalingRound.id).where(ScalingRound.family_id == family.id)
    answer_ids = ids(PlanScaleAnswer.public_id, PlanScaleAnswer.round_id.in_(round_rows))
    practice_ids = ids(PracticeRun.public_id, PracticeRun.family_id == family.id)
    version_ids = ids(SafetyPlanVersion.public_id, SafetyPlanVersion.family_id == family.id)
    # Storyboards hold the family's words and pictures (their panels name members).
    keys += delete_storyboards(Storyboard.family_id == family.id)
    for statement in (
        delete(JournalRead).where(JournalRead.entry_id.in_(entry_ids)),
        delete(entry_rules).where(entry_rules.c.entry_id.in_(entry_ids)),
        delete(JournalAttachment).where(JournalAttachment.entry_id.in_(entry_ids)),
        # Translations hold copies of members' words and of the replies to them.
        translations(JournalEntry, entry_public_ids),
        # ...and the plan's translations copy the family's plan and members' relationships.
        translations(network.Family, [family.public_id]),
        delete(RecordEntry).where(RecordEntry.object_id.in_(entry_public_ids + alert_ids)),
        *alerts(WorryAlert.family_id == family.id),
        delete(JournalEntry).where(JournalEntry.id.in_(entry_ids)),
        delete(SignedInSession).where(SignedInSession.member_id.in_(member_ids)),
        delete(network.NetworkInvite).where(network.NetworkInvite.member_id.in_(member_ids)),
        delete(network.SharedItem).where(network.SharedItem.member_id.in_(member_ids)),
        # A member's views for a young person's review are the young person's record: they
        # stay, still named (the row keeps the name), no longer linked to the member.
        update(ReviewContributor)
        .where(ReviewContributor.member_id.in_(member_ids))
        .values(member_id=None),
        # Members' scaling answers and practices are their words about the plan, with
        # translations (and a closed round is on the case record, its PDF too).
        translations(PlanScaleAnswer, answer_ids),
        translations(PracticeRun, practice_ids),
        delete(RecordEntry).where(RecordEntry.object_id.in_(round_ids + version_ids)),
        delete(PlanScaleAnswer).where(PlanScaleAnswer.round_id.in_(round_rows)),
        delete(ScalingRound).where(ScalingRound.family_id == family.id),
        delete(PracticeRun).where(PracticeRun.family_id == family.id),
        # Proposals are a member's own wording for the plan.
        delete(network.PlanProposal).where(network.PlanProposal.plan_id.in_(plan_ids)),
        # Every version copies the whole plan, with its authors' names.
        delete(SafetyPlanVersion).where(SafetyPlanVersion.family_id == family.id),
        # The plan's sentences name the members who wrote them: before the members.
        delete(network.PlanPair).where(network.PlanPair.plan_id.in_(plan_ids)),
        delete(network.PlanRule).where(network.PlanRule.plan_id.in_(plan_ids)),
        delete(network.PlanItem).where(network.PlanItem.plan_id.in_(plan_ids)),
        delete(network.SafetyPlan).where(network.SafetyPlan.family_id == family.id),
        delete(network.NetworkMember).where(network.NetworkMember.family_id == family.id),
        # A young person's plan is their own record: it stays, no longer shared with anyone.
        update(YoungPerson).where(YoungPerson.family_id == family.id).values(family_id=None),
    ):
        db.session.execute(statement)
    keys += forget_pdfs("journal_entry", entry_public_ids)  # PDFs hold copies of members' words
    keys += forget_pdfs(ROUND_KIND, round_ids)  # ...of their scaling answers
    keys += forget_pdfs("safety_version", version_ids)  # ...and of each agreed plan
    record(
        "delete_family_records", None, "family", family.public_id, detail=reason,
        actor_kind="system",
    )  # fmt: skip
    db.session.delete(family)
    return keys
