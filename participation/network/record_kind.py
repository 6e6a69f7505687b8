"""A family's safety plan as a kind whose words are translated into each member's language.
It is not a record entry of its own: the English the worker wrote is what the record keeps."""

from flask import abort, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participation.audit.subjects import subjects_of_family
from participation.caserecord.kinds import ReadActions, RecordKind, ToTranslate, register
from participation.extensions import db
from participation.network.models import Family
from participation.network.services import PLAN_KIND, get_family_or_404, plan_languages, plan_texts
from participation.network.version_models import SafetyPlanVersion


def _translate_plan(object_id: str, worker) -> ToTranslate:
    """The send form names the family and the language, "<family id>.<language>", since a
    plan is read in as many languages as its members read. Only this worker's families, and
    only a language someone in the network reads, so words go nowhere nobody asked for."""
    family_id, _dot, language = object_id.rpartition(".")
    family = get_family_or_404(family_id, worker)
    if language not in plan_languages(family):
        abort(404)
    back = url_for("families.family", family_id=family.public_id)
    return ToTranslate(family, "en", language, None, back)


SAFETY_PLAN = register(
    RecordKind(
        name=PLAN_KIND,
        model=Family,
        # The plan is about the family's children (and any young person in it).
        subjects=subjects_of_family,
        texts=plan_texts,
        translate=_translate_plan,
    )
)


# versions helper: an agreed version of the safety plan, on the record.


def _agreed_or_404(public_id: str, worker) -> SafetyPlanVersion:
    """Only an agreed version is a record entry, and only for a worker who sees the family."""
    version = db.session.scalar(
        select(SafetyPlanVersion).where(
            SafetyPlanVersion.public_id == public_id, SafetyPlanVersion.agreed_at.is_not(None)
        )
    )
    if version is None:
        abort(404)
    get_family_or_404(version.family.public_id, worker)
    return version


def _load_agreed(public_id: str) -> SafetyPlanVersion | None:
    return db.session.scalar(
        select(SafetyPlanVersion).where(
            SafetyPlanVersion.public_id == public_id, SafetyPlanVersion.agreed_at.is_not(None)
        )
    )


def _agreed_document(version: SafetyPlanVersion) -> dict:
    """The plan's full text as agreed, every sentence with who wrote it and in which language,
    the children it is about, who is in the network, and each member language's translation
    labelled with who translated it."""
    from participation.children.models import Child
    from participation.network.models import NetworkMember
    from participation.network.versions import agreed_translations

    family = version.family
    children = db.session.scalars(select(Child).where(Child.family_id == family.id))
    members = db.session.scalars(
        select(NetworkMember)
        .where(NetworkMember.family_id == family.id)
        .order_by(NetworkMember.name)
    )
    return {
        "schema": "participation.safety-plan.v1",
        "id": version.public_id,
        "family": {"id": family.public_id, "name": family.name},
        "children": [
            {
                "id": c.public_id,
                "name": c.name,
                "case_reference": c.case_reference,
                "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
            }
            for c in children
        ],  # fmt: skip
        "network": [
            {
                "id": m.public_id,
                "name": m.name,
                "relationship": m.relationship_to_child,
                "role": m.role,
                "language": m.language,
                "removed": m.removed_at is not None,
            }
            for m in members
        ],  # fmt: skip
        "version": version.number,
        "review": version.is_review,
        "changed_by": version.changed_by,
        "created_at": version.created_at.isoformat(),
        "agreed_at": version.agreed_at.isoformat() if version.agreed_at else None,
        "agreed_by": version.agreed_by.name if version.agreed_by else "",
        "tool": {"id": "safety_plan", "name": "Safety plan"},
        "plan": version.content,
        "translations": agreed_translations(version),
    }


SAFETY_PLAN_VERSION = register(
    RecordKind(
        # record_pdf.kind holds 16 characters: the name is short.
        name="safety_version",
        model=SafetyPlanVersion,
        get_or_404=_agreed_or_404,
        load=_load_agreed,
        # The plan is about the family's children (and any young person in it).
        subjects=lambda version: subjects_of_family(version.family),
        api_name="safety_plan",
        document=_agreed_document,
        template="record/safety_plan_version.html",
        slug="safety-plan",
        read_actions=ReadActions(
            "view_agreed_safety_plan",
            "export_agreed_safety_plan_pdf",
            "export_agreed_safety_plan_json",
        ),  # fmt: skip
        pdf_filename=lambda version, _data: f"safety-plan-v{version.number}.pdf",
        pdf_title=lambda version, _data: _(
            "Safety plan, version %(number)s", number=version.number
        ),
    )
)
