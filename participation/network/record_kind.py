"""A family's safety plan as a kind whose words are translated into each member's language.
It is not a record entry of its own: the English the worker wrote is what the record keeps."""

from flask import abort, url_for

from participation.audit.subjects import subjects_of_family
from participation.caserecord.kinds import RecordKind, ToTranslate, register
from participation.network.models import Family
from participation.network.services import PLAN_KIND, get_family_or_404, plan_languages, plan_texts


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
