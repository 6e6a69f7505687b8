"""What a worker can put in a child's own space: each feature registers its kind once, and the
space shows only what the worker chose to share with that child (a ChildShare row)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _no_hook(item: Any, child: Any, worker: Any) -> None:
    return None


@dataclass(frozen=True)
class Shareable:
    """One kind of thing a child can be shown. `candidates` lists what the worker may share with
    this child (already scoped to the child's family/record); `load` finds one by public id, only
    if it belongs to this child; `template` renders it for the child (context: `item`, `child`,
    `language`); `label` is the worker's one-line name for it. Optional: `audit_object` names
    what a read is about on the trail (object kind, public id; the share's kind and id if not
    given), and `on_share` runs when the worker shares it (e.g. asks for a translation into the
    child's language), `note` is a line for the worker beside it on the panel (empty for none),
    and `one_at_a_time` makes sharing one withdraw the others of its kind (the child has one
    safety plan: the version the worker chose)."""

    kind: str
    label: Callable[[Any], str]
    template: str
    candidates: Callable[[Any], list[Any]]
    load: Callable[[str, Any], Any | None]
    object_id: Callable[[Any], str] = lambda item: item.public_id
    audit_object: Callable[[Any], tuple[str, str]] | None = None
    on_share: Callable[[Any, Any, Any], None] = _no_hook
    note: Callable[[Any], str] = lambda item: ""
    one_at_a_time: bool = False


SHAREABLES: dict[str, Shareable] = {}


def register(shareable: Shareable) -> Shareable:
    SHAREABLES[shareable.kind] = shareable
    return shareable
