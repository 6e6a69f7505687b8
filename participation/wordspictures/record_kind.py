"""An agreed Words and Pictures version on the case record (HTML, PDF, JSON with its
pictures), and a panel's words as a kind that is translated."""

from flask import abort, url_for
from sqlalchemy import select

from participation.audit.subjects import subjects_of_family
from participation.caserecord.kinds import RecordKind, ToTranslate, register
from participation.children.models import Child
from participation.extensions import db
from participation.links import external_url
from participation.network.services import children_of, get_family_or_404
from participation.translation.services import as_record, translations_for
from participation.wordspictures.models import (
    Storyboard,
    StoryboardImage,
    StoryboardPanel,
    StoryboardVersion,
)
from participation.wordspictures.services import PANEL_KIND, VERSION_KIND, child_language

SCHEMA = "participation.words-and-pictures.v1"


def _agreed(public_id: str) -> StoryboardVersion | None:
    """Only an agreed version is on the record; a kept draft is not."""
    return db.session.scalar(
        select(StoryboardVersion).where(
            StoryboardVersion.public_id == public_id, StoryboardVersion.agreed_at.is_not(None)
        )
    )


def _version_or_404(public_id: str, worker) -> StoryboardVersion:
    version = _agreed(public_id)
    if version is None:
        abort(404)
    get_family_or_404(version.storyboard.family.public_id, worker)  # this worker's families only
    return version


def _bulk(ids: set[str]):
    return (
        select(StoryboardVersion.public_id, Child.public_id)
        .join(Storyboard, Storyboard.id == StoryboardVersion.storyboard_id)
        .join(Child, Child.family_id == Storyboard.family_id)
        .where(StoryboardVersion.public_id.in_(ids))
    )


def _translations(content: dict) -> list[dict]:
    """Only translations of each panel's words exactly as agreed."""
    found: list[dict] = []
    for panel in content.get("panels", []):
        items = translations_for(PANEL_KIND, panel["id"], with_earlier=True)
        for item in as_record(
            {f: [t for t in g if t.source_text == panel["words"]] for f, g in items.items()}
        ):
            found.append({**item, "panel": panel["id"]})
    return found


def version_document(version: StoryboardVersion) -> dict:
    """The storyboard as agreed: every panel's words verbatim, who wrote them and in which
    language, its picture, and the translations beside the words."""
    storyboard = version.storyboard
    family = storyboard.family
    content = version.content
    panels = []
    for panel in content.get("panels", []):
        image = panel.get("image")
        panels.append(
            {
                **{k: panel[k] for k in ("id", "position", "words", "language", "author")},
                "image": {
                    "id": image["id"],
                    "media_type": image["media_type"],
                    "bytes": image["bytes"],
                    "sha256": image["sha256"],
                    "url": external_url(
                        "wordspictures.image",
                        family_id=family.public_id,
                        image_id=image["id"],
                    ),
                }
                if image
                else None,
            }
        )
    child = (
        db.session.scalar(select(Child).where(Child.public_id == content["child_id"]))
        if content.get("child_id")
        else None
    )
    return {
        "schema": SCHEMA,
        "id": version.public_id,
        "storyboard_id": storyboard.public_id,
        "tool": {"id": "words_and_pictures", "name": "Words and Pictures"},
        "title": content.get("title", storyboard.title),
        "kind": content.get("kind", storyboard.kind),
        "version": version.number,
        "kept_at": version.created_at.isoformat(),
        "agreed_at": version.agreed_at.isoformat() if version.agreed_at else None,
        "agreed_by": version.agreed_by.name if version.agreed_by else None,
        "family": {
            "id": family.public_id,
            "name": family.name,
            "children": [
                {
                    "id": c.public_id,
                    "name": c.name,
                    "case_reference": c.case_reference,
                    "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                }
                for c in children_of(family)
            ],
        },
        "for_child": {"id": child.public_id, "name": child.name} if child else None,
        "child_language": content.get("child_language", "en"),
        "panels": panels,
        "translations": _translations(content),
    }


def _image_data(image: dict) -> str:
    """A picture for the PDF renderer, as a print-sized copy (never a URL it would fetch)."""
    from participation.record.services import _embedded

    return _embedded(StoryboardImage, image["id"])  # type: ignore[type-var]


def _image_path(image: dict) -> str:
    return image["url"]


def _image_of(version: StoryboardVersion, file_id: str) -> StoryboardImage | None:
    """A picture the agreed version shows, nothing else of the storyboard."""
    shown = {p["image"]["id"] for p in version.content.get("panels", []) if p.get("image")}
    if file_id not in shown:
        return None
    return db.session.scalar(
        select(StoryboardImage).where(
            StoryboardImage.public_id == file_id,
            StoryboardImage.storyboard_id == version.storyboard_id,
        )
    )


WORDS_AND_PICTURES_VERSION = register(
    RecordKind(
        name=VERSION_KIND,
        model=StoryboardVersion,
        get_or_404=_version_or_404,
        load=_agreed,
        # About the family's children: the trail of every read is on their records.
        subjects=lambda version: subjects_of_family(version.storyboard.family),
        bulk_subjects=(_bulk, ("child",)),
        api_name="words_and_pictures",
        document=version_document,
        template="wordspictures/record_document.html",
        slug="words-and-pictures",
        pdf_filename=lambda version, _data: f"words-and-pictures-v{version.number}.pdf",
        pdf_title=lambda version, data: f"{data['title']}, version {version.number}",
        image_src=_image_data,
        page_image_src=_image_path,
        file_items=lambda data: [p["image"] for p in data["panels"] if p["image"]],
        file=_image_of,
    )
)


def _translate_panel(public_id: str, worker) -> ToTranslate:
    """Asked for from the worker's storyboard page: the panel's words into the child's
    language, only for a family this worker sees."""
    panel = db.session.scalar(select(StoryboardPanel).where(StoryboardPanel.public_id == public_id))
    if panel is None:
        abort(404)
    storyboard = panel.storyboard
    family = get_family_or_404(storyboard.family.public_id, worker)
    back = url_for(
        "wordspictures.storyboard", family_id=family.public_id, storyboard_id=storyboard.public_id
    )
    return ToTranslate(panel, panel.language, child_language(storyboard), None, back)


# A panel's words, translated into the child's language (and English for the record).
register(
    RecordKind(
        name=PANEL_KIND,
        model=StoryboardPanel,
        subjects=lambda panel: subjects_of_family(panel.storyboard.family),
        text_fields=("words",),
        translate=_translate_panel,
    )
)
