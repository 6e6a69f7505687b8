"""Deleting and bundling Words and Pictures storyboards: a family's, or one child's."""

from sqlalchemy import ColumnElement, delete, select

from participation import uploads
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.record.pdfs import forget_pdfs
from participation.record.print_copies import forget_print_copies
from participation.retention.bundles import as_json
from participation.retention.deleting import ids, translations
from participation.translation.services import on_record
from participation.wordspictures.models import (
    Storyboard,
    StoryboardImage,
    StoryboardPanel,
    StoryboardVersion,
)
from participation.wordspictures.services import PANEL_KIND, VERSION_KIND


def delete_storyboards(whose: ColumnElement[bool]) -> list[str]:
    """Delete these storyboards, their panels, pictures and kept versions (in the caller's
    transaction); returns the stored files to remove once it commits."""
    board_ids = ids(Storyboard.id, whose)
    if not board_ids:
        return []
    panel_ids = ids(StoryboardPanel.public_id, StoryboardPanel.storyboard_id.in_(board_ids))
    version_ids = ids(StoryboardVersion.public_id, StoryboardVersion.storyboard_id.in_(board_ids))
    images = StoryboardImage.storyboard_id.in_(board_ids)
    # The drawings and photos are of (or by) the child and their family: the files go too,
    # with the print-sized copies the PDFs made of them.
    keys = ids(StoryboardImage.storage_key, images)
    keys += forget_print_copies(ids(StoryboardImage.sha256, images))
    for statement in (
        # Translations copy the panels' words, into the child's language and English.
        translations(StoryboardPanel, panel_ids),
        # An agreed version is on the case record: its delivery notes go with it.
        delete(RecordEntry).where(RecordEntry.object_id.in_(version_ids)),
        delete(StoryboardVersion).where(StoryboardVersion.storyboard_id.in_(board_ids)),
        # Panels point at their pictures: first.
        delete(StoryboardPanel).where(StoryboardPanel.storyboard_id.in_(board_ids)),
        delete(StoryboardImage).where(images),
        delete(Storyboard).where(Storyboard.id.in_(board_ids)),
    ):
        db.session.execute(statement)
    return keys + forget_pdfs(VERSION_KIND, version_ids)  # PDFs copy the panels and pictures


def panel_data(panel: StoryboardPanel) -> dict:
    """A panel as its subject access bundle shows it: words verbatim, who wrote them."""
    return {
        "id": panel.public_id, "words": panel.words, "language": panel.language,
        "written_by": panel.written_by_name or panel.written_by_kind,
        "picture": panel.image.public_id if panel.image else None,
        "translations": on_record(PANEL_KIND, panel.public_id),
    }  # fmt: skip


def write_storyboards(bundle, boards: list[Storyboard]) -> None:
    """Each storyboard's panels, kept versions and pictures, into a subject access zip."""
    for board in boards:
        bundle.writestr(
            f"words_and_pictures/{board.public_id}.json",
            as_json({
                "title": board.title, "kind": board.kind, "created_at": board.created_at,
                "panels": [panel_data(p) for p in board.panels],
                "versions": [{"number": v.number, "content": v.content,
                              "kept_at": v.created_at, "agreed_at": v.agreed_at}
                             for v in board.versions],
            }),
        )  # fmt: skip
        pictures = db.session.scalars(
            select(StoryboardImage).where(StoryboardImage.storyboard_id == board.id)
        )
        for image in pictures:
            try:
                raw = uploads.read(image.storage_key)
            except FileNotFoundError:
                continue
            extension = image.storage_key.rsplit(".", 1)[-1]
            bundle.writestr(f"words_and_pictures/{board.public_id}/{image.public_id}.{extension}",
                            raw)  # fmt: skip
