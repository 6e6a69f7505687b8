"""Who wrote each sentence of a young person's plan, carried from version to version."""

import re

_SENTENCE_END = re.compile(r"(?<=[.!?؟।])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def attribute(
    new_text: str,
    previous: list[dict],
    editor: dict,
    suggestion_text: str | None = None,
    suggester: dict | None = None,
) -> list[dict]:
    """Sentences kept from before keep their author; sentences taken from an accepted
    suggestion belong to the adviser who suggested them; anything new is the editor's."""
    earlier = {item["text"]: item for item in previous}
    suggested = set(sentences(suggestion_text or ""))
    result = []
    for sentence in sentences(new_text):
        if sentence in suggested and suggester:
            result.append({"text": sentence, **suggester, "accepted_by": editor["name"]})
        elif sentence in earlier:
            result.append(earlier[sentence])
        else:
            result.append({"text": sentence, **editor})
    return result
