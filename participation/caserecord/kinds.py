"""The one registry of the kinds of thing that reach the case record, or whose words are
translated for it: each feature registers its kinds once, in its own `record_kind.py`, and
the case-record API, record documents and PDFs, translation and the audit trail read them
from here instead of choosing by name.

A kind's `name` is what is stored (record_entry.kind, record_pdf.kind,
translation.object_kind, audit_event.object_kind); `api_name` is the public API's type name,
kept as it was so the case systems' contract does not change.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from participation.extensions import db

Subject = tuple[str, str]  # (kind, public id): child, young_person or network_member


class ToTranslate(NamedTuple):
    """What a send-for-translation form needs: the thing, from and into which language,
    the child (for the audit trail) and the page to go back to."""

    thing: Any
    source: str
    target: str
    child: Any
    back: str


class ReadActions(NamedTuple):
    """The audit actions of reading a record document: its page, its PDF and its JSON."""

    view: str
    pdf: str
    json: str


@dataclass(frozen=True)
class RecordKind:
    """Everything the rest of the app needs to know about one kind; parts a kind lacks are
    None (a reply is translated but is not a record entry of its own)."""

    name: str
    model: Any = None
    # Stored on audit events as object_kind, when that differs from `name` (kept as it was,
    # so the trail already written reads the same).
    audit_name: str = ""  # the row, looked up by its public_id
    # Fetch-or-404 for the worker asking: refuses what they may not see.
    get_or_404: Callable[[str, Any], Any] | None = None
    # Whose record it is part of (a child, young person or network member).
    subjects: Callable[[Any], list[Subject]] | None = None
    # Bulk form of `subjects` for the API's listing: (query of object id then person ids,
    # the kind of person each id is). Without it, each entry is looked up on its own.
    bulk_subjects: tuple[Callable[[set[str]], Any], tuple[str, ...]] | None = None
    # The case record: public type name, document, template, and files.
    api_name: str = ""
    document: Callable[[Any], dict] | None = None
    template: str = ""
    load: Callable[[str], Any] | None = None  # what may be on the record (default: any row)
    image_src: Callable[[dict], str] | None = None  # a file as a data: URI, for PDFs
    page_image_src: Callable[[dict], str] | None = None  # a file's URL, on the record page
    file_items: Callable[[dict], list[dict]] | None = None  # the document's file entries
    file: Callable[[Any, str], Any] | None = None  # a file row of this object, or None
    api_extra: Callable[[Any, dict], None] | None = None  # more for the case system
    # The record views, /record/<slug>/<id> (.json, .pdf), for a kind that has a slug: the
    # audit actions of reading them (kept as the trail already written names them), and the
    # PDF's file name and title, from the thing and its document.
    slug: str = ""
    read_actions: ReadActions | None = None
    pdf_filename: Callable[[Any, dict], str] | None = None
    pdf_title: Callable[[Any, dict], str] | None = None
    # Translation: which fields, their (field, text) pairs, and where the texts are filed.
    text_fields: tuple[str, ...] = ()
    texts: Callable[[Any], list[tuple[str, str]]] | None = None
    translate: Callable[[str, Any], ToTranslate] | None = None
    object_id_of: Callable[[Any], str] | None = None

    def find(self, public_id: str) -> Any:
        """The thing, unscoped (the API, jobs, audit): None if there is no such row."""
        if self.load is not None:
            return self.load(public_id)
        return db.session.scalar(select(self.model).where(self.model.public_id == public_id))

    def find_or_404(self, public_id: str) -> Any:
        found = self.find(public_id)
        if found is None:
            abort(404)
        return found

    def build(self, obj: Any) -> dict:
        """The record document; only a kind that is on the record has one."""
        if self.document is None:
            raise LookupError(f"{self.name} is not a kind of record entry")
        return self.document(obj)

    def filed_under(self, obj: Any) -> str:
        return self.object_id_of(obj) if self.object_id_of else obj.public_id

    def texts_of(self, obj: Any) -> list[tuple[str, str]]:
        if self.texts is not None:
            return self.texts(obj)
        return [(field, getattr(obj, field)) for field in self.text_fields]

    def filename(self, obj: Any, document: dict) -> str:
        """The PDF's file name: the kind's own, or its slug and the start of the id."""
        if self.pdf_filename is not None:
            return self.pdf_filename(obj, document)
        return f"{self.slug}-{obj.public_id[:8]}.pdf"

    def title(self, obj: Any, document: dict) -> str:
        return self.pdf_title(obj, document) if self.pdf_title else _("Record document")

    @property
    def reads(self) -> ReadActions:
        """A new kind's reads are named after it; the first kinds keep their old names."""
        return self.read_actions or ReadActions(
            f"view_{self.name}_record", f"export_{self.name}_pdf", f"export_{self.name}_json"
        )

    @property
    def audited_as(self) -> str:
        return self.audit_name or self.name

    @property
    def on_record(self) -> bool:
        return self.document is not None


_KINDS: dict[str, RecordKind] = {}


def register(record_kind: RecordKind) -> RecordKind:
    """Called once per kind, by the feature that owns it, when create_app imports its
    record_kind module (participation.RECORD_KINDS)."""
    if record_kind.on_record and not record_kind.api_name:
        raise ValueError(f"{record_kind.name}: a record kind needs its API type name")
    if record_kind.slug:
        if not (record_kind.on_record and record_kind.template and record_kind.get_or_404):
            raise ValueError(f"{record_kind.name}: record views need a document and template")
        taken = _by_slug(record_kind.slug)
        if taken is not None and taken.name != record_kind.name:
            raise ValueError(f"{record_kind.name}: {taken.name} has slug {record_kind.slug}")
    _KINDS[record_kind.name] = record_kind
    return record_kind


def unregister(name: str) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(name, None)


def kinds() -> tuple[RecordKind, ...]:
    return tuple(_KINDS.values())


def record_kinds() -> tuple[RecordKind, ...]:
    """The kinds that are entries on the case record, in the order registered."""
    return tuple(k for k in kinds() if k.on_record)


def find_kind(name: str) -> RecordKind | None:
    return _KINDS.get(name)


def kind(name: str) -> RecordKind:
    found = find_kind(name)
    if found is None:
        raise KeyError(name)
    return found


# Names stored before migration a7c3e91d4b26 (one name per record kind). Old app servers still
# write them while a deploy rolls out; reading them as today's names keeps the API, webhooks and
# PDFs working for those rows. The release notes ask for the old servers to stop before upgrading.
_ENTRY_NAMES_BEFORE = {"child_activity": "activity", "pathway_plan": "pathway_version"}
_PDF_NAMES_BEFORE = {"journal": "journal_entry", "pathway": "pathway_version"}


def entry_kind(stored: str) -> RecordKind:
    """The kind of a stored record entry, whichever release wrote it."""
    return kind(_ENTRY_NAMES_BEFORE.get(stored, stored))


def pdf_kind_name(stored: str) -> str:
    """A stored PDF's kind as today's name, whichever release wrote it."""
    return _PDF_NAMES_BEFORE.get(stored, stored)


def kind_or_404(name: str) -> RecordKind:
    found = find_kind(name)
    if found is None:
        abort(404)
    return found


def _by_slug(slug: str) -> RecordKind | None:
    return next((k for k in _KINDS.values() if k.slug == slug), None)


def kind_at_or_404(slug: str) -> RecordKind:
    """The kind whose record views are at /record/<slug>/...; 404 for any other word."""
    found = _by_slug(slug) if slug else None
    if found is None:
        abort(404)
    return found


def filed_under(model: Any) -> tuple[str, ...]:
    """Every kind whose rows, translations and trail are keyed by this model's public ids,
    so deleting a person's records reaches the words of each (an activity and its reply)."""
    return tuple(k.name for k in kinds() if k.model is model)


def audited_as(audit_name: str) -> RecordKind | None:
    """The kind an audit event's object_kind names, if it is one."""
    return next((k for k in kinds() if k.audited_as == audit_name), None)
