"""Words and Pictures in a child's own space: only an agreed version, and only once the
worker chose to share it with this child (the child space checks its ChildShare row)."""

import base64
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from participation import uploads
from participation.childspace.registry import Shareable, register
from participation.extensions import db
from participation.images import print_copy
from participation.wordspictures.models import StoryboardImage, StoryboardVersion
from participation.wordspictures.services import agreed_versions_for_child, latest_agreed


@dataclass(frozen=True)
class ChildPanel:
    words: str
    language: str
    translated: bool  # shown in the child's language by a translation, labelled as such
    translated_by: str  # "machine" or a person's name
    author: str
    picture: str | None  # a data: URI, so no picture URL reaches the child's device


@dataclass(frozen=True)
class ForChild:
    public_id: str
    title: str
    number: int
    panels: list[ChildPanel]


def _label(item) -> str:
    title = item.title if isinstance(item, ForChild) else item.storyboard.title
    return _("%(title)s, version %(number)s", title=title, number=item.number)


def _picture(image_id: str, storyboard_id: int) -> str | None:
    """The picture as the print-sized copy (small, no metadata) inline in the page."""
    from participation.record.print_copies import stored_copy

    image = db.session.scalar(
        select(StoryboardImage).where(
            StoryboardImage.public_id == image_id, StoryboardImage.storyboard_id == storyboard_id
        )
    )
    if image is None:
        return None
    try:
        data = stored_copy(image.sha256) or print_copy(uploads.read(image.storage_key))
    except FileNotFoundError:
        return None
    return f"data:image/jpeg;base64,{base64.b64encode(data).decode()}"


def for_child(version: StoryboardVersion, language: str) -> ForChild:
    """The agreed words in the child's language where a translation of exactly those words
    exists (labelled), else as written."""
    from participation.wordspictures.services import translated

    panels = []
    for panel in version.content.get("panels", []):
        words, shown_in, by = panel["words"], panel["language"], ""
        if words and panel["language"] != language:
            done = translated(panel["id"], words, language)
            if done is not None and done.text:
                words, shown_in = done.text, language
                by = "machine" if done.translator_kind == "machine" else done.translator_name
        image = panel.get("image")
        panels.append(
            ChildPanel(
                words=words,
                language=shown_in,
                translated=bool(by),
                translated_by=by,
                author=panel["author"]["name"],
                picture=_picture(image["id"], version.storyboard_id) if image else None,
            )
        )
    return ForChild(version.public_id, version.content.get("title", ""), version.number, panels)


def _ask_for_the_childs_language(item: ForChild, child, worker) -> None:
    """Shared with a child whose language the words are not in (a storyboard for every child
    in the family, a sibling reading another language): their words go for translation now,
    in the share's transaction. Only panels whose words still stand as agreed."""
    from participation.translation.services import auto_request
    from participation.wordspictures.models import StoryboardPanel
    from participation.wordspictures.services import PANEL_KIND

    version = db.session.scalar(
        select(StoryboardVersion).where(StoryboardVersion.public_id == item.public_id)
    )
    if version is None:
        return
    target = child.preferred_language or "en"
    for agreed in version.content.get("panels", []):
        panel = db.session.scalar(
            select(StoryboardPanel).where(StoryboardPanel.public_id == agreed["id"])
        )
        if panel is None or panel.words != agreed["words"] or not panel.words.strip():
            continue
        auto_request(PANEL_KIND, panel, panel.language, worker, target=target)


def _candidates(child) -> list[StoryboardVersion]:
    return agreed_versions_for_child(child)


def _load(public_id: str, child) -> ForChild | None:
    """Any agreed version of a storyboard for this child (a share of an earlier version
    still opens after a newer one is agreed); None for anything else."""
    version = db.session.scalar(
        select(StoryboardVersion).where(
            StoryboardVersion.public_id == public_id, StoryboardVersion.agreed_at.is_not(None)
        )
    )
    if version is None:
        return None
    storyboard = version.storyboard
    if storyboard.family_id != child.family_id or storyboard.child_id not in (None, child.id):
        return None
    if latest_agreed(storyboard) is None:
        return None
    return for_child(version, child.preferred_language)


WORDS_AND_PICTURES = register(
    Shareable(
        kind="words_and_pictures",
        label=_label,
        template="wordspictures/_for_child.html",
        candidates=_candidates,
        load=_load,
        on_share=_ask_for_the_childs_language,
    )
)
