"""Which of a page's submissions still have words not yet in English, found for the whole page
at once so the worker sees "Written in Somali: not translated yet" without a query per row."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from participation.caserecord.kinds import kind
from participation.extensions import db
from participation.translation.models import Translation
from participation.translation.services import VOICE_FIELD, voices_of

Key = tuple[str, str]  # (kind, the object id its translations are filed under)


def untranslated(things: Iterable[tuple[str, Any, str]]) -> dict[Key, str]:
    """From (kind, thing, language it is written in): the language of each thing with a piece
    of text that has no finished English translation of exactly those words. English, and
    things with no words (a drawing, a photo), are never listed. One query for them all."""
    pieces: dict[Key, tuple[str, list[tuple[str, str]]]] = {}
    for kind_name, obj, language in things:
        if not language or language == "en":
            continue
        record_kind = kind(kind_name)
        texts = [(f, t) for f, t in record_kind.texts_of(obj) if t and t.strip()]
        # A voice memo is words too: until an interpreter writes it down, it isn't in English.
        texts += [(VOICE_FIELD, "") for _voice in voices_of(kind_name, obj)][:1]
        if texts:
            pieces[(kind_name, record_kind.filed_under(obj))] = (language, texts)
    if not pieces:
        return {}
    stmt = select(
        Translation.object_kind, Translation.object_id, Translation.field, Translation.source_text
    ).where(
        Translation.object_kind.in_({k for k, _ in pieces}),
        Translation.object_id.in_({object_id for _, object_id in pieces}),
        Translation.target_language == "en",
        Translation.status == "done",
    )
    done = {tuple(row) for row in db.session.execute(stmt)}
    return {
        key: language
        for key, (language, texts) in pieces.items()
        if any((*key, field, text) not in done for field, text in texts)
    }
