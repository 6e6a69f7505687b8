"""A child's submitted activity, and the worker's reply to it, as kinds the record knows."""

from flask import abort, url_for
from sqlalchemy import select

from participation.activities.models import Activity, Drawing, Status, VoiceNote
from participation.caserecord.kinds import ReadActions, RecordKind, ToTranslate, register
from participation.children.models import Child
from participation.extensions import db
from participation.record.services import data_uri, record_entry
from participation.review.models import Review
from participation.review.services import existing_review, get_submission_or_404


def _child(activity: Activity) -> list[tuple[str, str]]:
    return [("child", activity.child.public_id)]


def _submitted(public_id: str) -> Activity | None:
    """Only a submitted activity is on the record."""
    return db.session.scalar(
        select(Activity).where(Activity.public_id == public_id, Activity.status == Status.SUBMITTED)
    )


def _bulk(ids: set[str]):
    return (
        select(Activity.public_id, Child.public_id)
        .join(Child, Child.id == Activity.child_id)
        .where(Activity.public_id.in_(ids))
    )


def _drawing_path(item: dict) -> str:
    if item.get("kind") == "voice":
        return url_for("activities.voice_file", voice_id=item["id"])
    return url_for("activities.drawing_file", drawing_id=item["id"])


def _drawing(activity: Activity, file_id: str) -> Drawing | VoiceNote | None:
    """A drawing or a voice note of this activity (the case system and interpreters ask)."""
    drawing = db.session.scalar(
        select(Drawing).where(Drawing.public_id == file_id, Drawing.activity_id == activity.id)
    )
    if drawing is not None:
        return drawing
    stmt = select(VoiceNote).where(VoiceNote.public_id == file_id)
    return db.session.scalar(stmt.where(VoiceNote.activity_id == activity.id))


def _texts(activity: Activity) -> list[tuple[str, str]]:
    return [(f"{a.area}.{f}", getattr(a, f)) for a in activity.areas for f in ACTIVITY.text_fields]


def _translate_activity(public_id: str, worker) -> ToTranslate:
    activity = get_submission_or_404(public_id, worker)
    back = url_for("review.submission", activity_id=public_id)
    return ToTranslate(activity, activity.language, "en", activity.child, back)


ACTIVITY = register(
    RecordKind(
        name="activity",
        model=Activity,
        get_or_404=get_submission_or_404,
        subjects=_child,
        bulk_subjects=(_bulk, ("child",)),
        api_name="child_activity",
        document=record_entry,
        template="record/document.html",
        load=_submitted,
        slug="activity",
        read_actions=ReadActions("view_record_document", "export_record_pdf", "export_record_json"),
        pdf_filename=lambda activity, data: (
            f"{activity.child.case_reference}-{data['tool']['id']}-{activity.public_id[:8]}.pdf"
        ),
        pdf_title=lambda activity, data: f"{activity.child.name} · {data['tool']['name']}",
        image_src=data_uri,
        page_image_src=_drawing_path,
        file_items=lambda data: [
            *(a["drawing"] for a in data["areas"] if a["drawing"]),
            *(v for a in data["areas"] for v in a.get("voice", [])),
        ],
        file=_drawing,
        text_fields=("child_words", "scribed_words"),
        texts=_texts,
        translate=_translate_activity,
    )
)


def _translate_reply(public_id: str, worker) -> ToTranslate:
    activity = get_submission_or_404(public_id, worker)
    review = existing_review(activity)
    if review is None or not review.reply.strip():
        abort(404)
    back = url_for("review.submission", activity_id=public_id)
    return ToTranslate(review, "en", activity.child.preferred_language, activity.child, back)


def _review_of(thing: Activity | Review) -> Review | None:
    """A reply's words live on its Review but are filed (and audited) under the Activity it
    answers, so the reply kind is asked about either."""
    return existing_review(thing) if isinstance(thing, Activity) else thing


def _reply_child(thing: Activity | Review) -> list[tuple[str, str]]:
    return _child(thing if isinstance(thing, Activity) else thing.activity)


def _reply_filed_under(thing: Activity | Review) -> str:
    return (thing if isinstance(thing, Activity) else thing.activity).public_id


def _reply_texts(thing: Activity | Review) -> list[tuple[str, str]]:
    review = _review_of(thing)
    return [("reply", review.reply)] if review is not None else []


# A reply to a child is filed under the activity it answers.
register(
    RecordKind(
        name="reply",
        model=Activity,
        subjects=_reply_child,
        texts=_reply_texts,
        text_fields=("reply",),
        translate=_translate_reply,
        object_id_of=_reply_filed_under,
    )
)
