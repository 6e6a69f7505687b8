"""Subject access and end-of-retention deletion for a young person's pathway plan."""

import io
import zipfile

from sqlalchemy import delete, select

from participation.alerts.models import WorryAlert
from participation.audit.services import record
from participation.caserecord.models import RecordEntry
from participation.children.models import Child
from participation.extensions import db
from participation.identity.models import SignedInSession
from participation.network.models import Family
from participation.pathway import models as pathway
from participation.record.pdfs import forget_pdfs
from participation.record.services import pathway_record_entry
from participation.retention.audit_trail import forget_actors, forget_contributors
from participation.retention.bundles import access_log, as_json
from participation.retention.deleting import alerts, ids, translations
from participation.retention.families import delete_family
from participation.translation.services import on_record
from participation.uploads import discard_after_commit


def _plan_of(person: pathway.YoungPerson) -> pathway.PathwayPlan | None:
    return db.session.scalar(
        select(pathway.PathwayPlan).where(pathway.PathwayPlan.young_person_id == person.id)
    )


def young_person_bundle(person: pathway.YoungPerson) -> bytes:
    """Everything held about a young person: their details, the plan as it stands, every
    saved version, suggestions and how they answered them, agreed versions, translations and
    who has looked at the plan."""
    plan = _plan_of(person)
    sections = (
        list(
            db.session.scalars(
                select(pathway.PlanSection).where(pathway.PlanSection.plan_id == plan.id)
            )
        )
        if plan
        else []
    )
    section_ids = [s.id for s in sections]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            "young_person.json",
            as_json({
                "id": person.public_id, "name": person.name,
                "date_of_birth": person.date_of_birth.isoformat(),
                "preferred_language": person.preferred_language,
                "sign_in_name": person.username, "contact_for_codes": person.contact,
                "personal_adviser": person.personal_adviser.name, "added_at": person.created_at,
            }),
        )  # fmt: skip
        bundle.writestr(
            "pathway_plan.json",
            as_json([{
                "section": s.section, "in_my_words": s.in_my_words,
                "want_to_achieve": s.want_to_achieve, "how_am_i_doing": s.scale,
                "who_wrote_what": s.attribution, "shared_with_network": s.shared_with_network,
                "actions": [{"what": a.what, "who_helps": a.who_helps, "by_when": a.by_when,
                             "done": a.done, "added_by": a.added_by_name,
                             "translations": on_record("pathway_action", a.public_id)}
                            for a in s.actions],
            } for s in sections]),
        )  # fmt: skip
        versions = db.session.scalars(
            select(pathway.SectionVersion)
            .where(pathway.SectionVersion.section_id.in_(section_ids))
            .order_by(pathway.SectionVersion.created_at)
        )
        bundle.writestr(
            "every_saved_version.json",
            as_json([{
                "section_id": v.section_id, "version": v.version, "in_my_words": v.in_my_words,
                "want_to_achieve": v.want_to_achieve, "by": v.author_name, "at": v.created_at,
            } for v in versions]),
        )  # fmt: skip
        unmerged = db.session.scalars(
            select(pathway.UnmergedEdit).where(pathway.UnmergedEdit.section_id.in_(section_ids))
        )
        bundle.writestr(
            "waiting_to_be_merged.json",
            as_json(
                [{"section_id": u.section_id, "at": u.created_at, **u.values} for u in unmerged]
            ),
        )
        suggestions = list(
            db.session.scalars(
                select(pathway.Suggestion).where(pathway.Suggestion.section_id.in_(section_ids))
            )
        )
        bundle.writestr(
            "suggestions.json",
            as_json([{
                "text": g.text, "by": g.suggested_by.name, "at": g.created_at,
                "answer": g.status, "their_version": g.final_text,
            } for g in suggestions]),
        )  # fmt: skip
        agreed = list(
            db.session.scalars(
                select(pathway.AgreedPlanVersion).where(
                    pathway.AgreedPlanVersion.plan_id == (plan.id if plan else 0)
                )
            )
        )
        for version in agreed:
            bundle.writestr(
                f"agreed/version-{version.number}.json", as_json(pathway_record_entry(version))
            )
        moves = list(
            db.session.scalars(
                select(pathway.AccommodationMove)
                .where(pathway.AccommodationMove.young_person_id == person.id)
                .order_by(pathway.AccommodationMove.moved_on)
            )
        )
        bundle.writestr(
            "moves.json",
            as_json([{
                "moved_on": m.moved_on.isoformat(), "place": m.place, "words": m.words,
                "language": m.language, "recorded_by": m.recorded_by_name,
                "review_on": m.review_on.isoformat(),
            } for m in moves]),
        )  # fmt: skip
        requests = list(
            db.session.scalars(
                select(pathway.ReviewForwardRequest).where(
                    pathway.ReviewForwardRequest.young_person_id == person.id
                )
            )
        )
        bundle.writestr(
            "review_requests.json",
            as_json([{
                "reason": r.reason, "language": r.language, "asked_by": r.asked_by_name,
                "at": r.created_at, "resolved_at": r.resolved_at,
            } for r in requests]),
        )  # fmt: skip
        reviews = list(
            db.session.scalars(
                select(pathway.PathwayReview).where(
                    pathway.PathwayReview.plan_id == (plan.id if plan else 0)
                )
            )
        )
        bundle.writestr(
            "reviews.json",
            as_json([{
                "due_on": r.due_on, "held_on": r.held_on, "number": r.number,
                "outcome": r.outcome,
                "views": [{
                    "name": c.name, "relationship": c.relationship_to_young_person,
                    "language": c.language, "going_well": c.going_well, "worries": c.worries,
                    "should_happen": c.should_happen, "answered_at": c.redeemed_at,
                } for c in r.contributors],
            } for r in reviews]),
        )  # fmt: skip
        help_alerts = db.session.scalars(
            select(WorryAlert).where(WorryAlert.young_person_id == person.id)
        )
        bundle.writestr(
            "help_requests.json",
            as_json([{
                "asked_at": a.raised_at, "picked_up_at": a.acknowledged_at,
                "what_was_done": a.acknowledged_action,
            } for a in help_alerts]),
        )  # fmt: skip
        translations = on_record("pathway_plan", plan.public_id) if plan else []
        for suggestion in suggestions:
            translations += on_record("suggestion", suggestion.public_id)
        for move in moves:
            translations += on_record("accommodation_move", move.public_id)
        for review in reviews:
            translations += on_record("pathway_review", review.public_id)
        bundle.writestr("translations.json", as_json(translations))
        ids = (
            [person.public_id] + ([plan.public_id] if plan else []) + [v.public_id for v in agreed]
        )
        from participation.advocacy.deletion import requests_for_bundle

        bundle.writestr(
            "advocacy_requests.json", as_json(requests_for_bundle(young_person_id=person.id))
        )
        bundle.writestr("access_log.json", as_json(access_log(ids, person)))
    return buffer.getvalue()


def delete_young_person(person: pathway.YoungPerson, reason: str) -> None:
    """Delete the young person and their plan, every version and translation; the audit
    trail stays, with one more event saying it was deleted and why."""
    plan = _plan_of(person)
    plan_id = plan.id if plan else 0
    section_ids = select(pathway.PlanSection.id).where(pathway.PlanSection.plan_id == plan_id)
    suggestion_ids = ids(
        pathway.Suggestion.public_id, pathway.Suggestion.section_id.in_(section_ids)
    )
    agreed_ids = ids(
        pathway.AgreedPlanVersion.public_id, pathway.AgreedPlanVersion.plan_id == plan_id
    )
    own_copy = [plan.public_id] if plan else []
    review_ids = ids(pathway.PathwayReview.public_id, pathway.PathwayReview.plan_id == plan_id)
    review_rows = select(pathway.PathwayReview.id).where(pathway.PathwayReview.plan_id == plan_id)
    contributor_ids = ids(
        pathway.ReviewContributor.public_id, pathway.ReviewContributor.review_id.in_(review_rows)
    )
    move_ids = ids(
        pathway.AccommodationMove.public_id,
        pathway.AccommodationMove.young_person_id == person.id,
    )
    request_ids = ids(
        pathway.ReviewForwardRequest.public_id,
        pathway.ReviewForwardRequest.young_person_id == person.id,
    )
    help_ids = ids(WorryAlert.public_id, WorryAlert.young_person_id == person.id)
    for statement in (
        # Moves, reviews and the views asked for before them hold their words and their
        # contributors' (and go before the network: a contributor may be one of its members).
        translations(pathway.PathwayReview, review_ids),
        translations(pathway.ReviewContributor, contributor_ids),
        translations(pathway.AccommodationMove, move_ids),
        translations(pathway.ReviewForwardRequest, request_ids),
        delete(RecordEntry).where(RecordEntry.object_id.in_(review_ids + move_ids + help_ids)),
        delete(pathway.ReviewContributor).where(
            pathway.ReviewContributor.public_id.in_(contributor_ids)
        ),
        # A review's outcome is a version of the plan that points at the review: first.
        delete(pathway.AgreedPlanVersion).where(pathway.AgreedPlanVersion.plan_id == plan_id),
        delete(pathway.PathwayReview).where(pathway.PathwayReview.plan_id == plan_id),
        delete(pathway.AccommodationMove).where(
            pathway.AccommodationMove.young_person_id == person.id
        ),
        delete(pathway.ReviewForwardRequest).where(
            pathway.ReviewForwardRequest.young_person_id == person.id
        ),
        # Their "I need help now" alerts and the messages sent about them (SQLite does not
        # enforce the cascade the foreign key declares).
        *alerts(WorryAlert.young_person_id == person.id),
        # Translations hold copies of the young person's words and the adviser's suggestions.
        translations(pathway.PathwayPlan, own_copy),
        translations(pathway.Suggestion, suggestion_ids),
        translations(  # ...and of their actions (what, who helps)
            pathway.PathwayAction,
            ids(pathway.PathwayAction.public_id, pathway.PathwayAction.section_id.in_(section_ids)),
        ),
        delete(RecordEntry).where(RecordEntry.object_id.in_(agreed_ids)),
        delete(pathway.SectionVersion).where(pathway.SectionVersion.section_id.in_(section_ids)),
        delete(pathway.UnmergedEdit).where(pathway.UnmergedEdit.section_id.in_(section_ids)),
        delete(pathway.Suggestion).where(pathway.Suggestion.section_id.in_(section_ids)),
        delete(pathway.PathwayAction).where(pathway.PathwayAction.section_id.in_(section_ids)),
        delete(pathway.PlanSection).where(pathway.PlanSection.plan_id == plan_id),
        delete(pathway.PathwayPlan).where(pathway.PathwayPlan.id == plan_id),
        delete(pathway.OneTimeCode).where(pathway.OneTimeCode.young_person_id == person.id),
        delete(SignedInSession).where(SignedInSession.young_person_id == person.id),
        delete(pathway.YoungPersonInvite).where(
            pathway.YoungPersonInvite.young_person_id == person.id
        ),
    ):
        db.session.execute(statement)
    pdfs = forget_pdfs("pathway_version", agreed_ids) + forget_pdfs("my_plan", own_copy)
    pdfs += forget_pdfs("pathway_review", review_ids) + forget_pdfs("accommodation_move", move_ids)
    pdfs += forget_pdfs("help_request", help_ids)
    # Their requests for someone independent (advocacy), with their words and the outcomes.
    from participation.advocacy.deletion import delete_requests
    from participation.advocacy.models import AdvocacyRequest

    pdfs += delete_requests(AdvocacyRequest.young_person_id == person.id)
    for key in pdfs:
        discard_after_commit(key)  # PDFs hold copies of their plan
    network = _network_only_for(person)
    if network is not None:
        # The network made for this young person ("<name>'s network") holds its members'
        # names, their journal, photos, voice memos, sign-ins and record entries: with the
        # young person's records gone, it goes too (files once this commits).
        for key in delete_family(network, reason):
            discard_after_commit(key)
    # Privacy: the log keeps what they did, not the address of the phone they did it on.
    forget_actors("young_person", [person.public_id])
    forget_contributors(contributor_ids)  # and the people who gave views for their reviews
    record(
        "delete_young_person_records", None, "young_person", person.public_id, detail=reason,
        actor_kind="system",
    )  # fmt: skip
    db.session.delete(person)
    db.session.commit()


def _network_only_for(person: pathway.YoungPerson) -> Family | None:
    """The young person's network, unless a child or another young person shares it (then
    it is their record too, and stays)."""
    if person.family_id is None:
        return None
    shared = db.session.scalar(
        select(Child.id).where(Child.family_id == person.family_id).limit(1)
    ) or db.session.scalar(
        select(pathway.YoungPerson.id)
        .where(
            pathway.YoungPerson.family_id == person.family_id, pathway.YoungPerson.id != person.id
        )
        .limit(1)
    )
    return None if shared else db.session.get(Family, person.family_id)
