"""Every change to a family's safety plan makes a new version (owned by the versions helper):
the whole plan, each sentence with who wrote it and in which language, so the record can
always say which words were agreed and who changed what."""

from datetime import UTC, date, timedelta
from typing import Any, NamedTuple

from flask import has_request_context, request
from flask_babel import force_locale
from sqlalchemy import select

from participation.atomic import lock
from participation.auth.models import Worker
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.models import (
    PLAN_ITEM_KINDS,
    Family,
    NetworkMember,
    PlanItem,
    PlanPair,
    PlanRule,
    SafetyPlan,
)
from participation.network.terms import PLAN_KIND, labels, plan_for
from participation.network.version_models import SafetyPlanVersion

# The versions made in this request, by plan id: several changes in one request (a form that
# saves the object and a rule) make one version, not one per change.
_IN_REQUEST = "participation.plan_versions"


def record_change(plan: SafetyPlan, by: str) -> None:
    """Called by every function that changes the plan, after the change, before the commit;
    `by` is who changed it, as shown on the version (e.g. "Sam Worker (social worker)")."""
    content = snapshot(plan)
    made: dict[int, SafetyPlanVersion] = (
        request.environ.setdefault(_IN_REQUEST, {}) if has_request_context() else {}
    )
    version = made.get(plan.id)
    if version is not None and version in db.session:
        # Another change in the same request: the one version holds them all.
        version.content = content
        if by and by not in version.changed_by.split("; "):
            version.changed_by = f"{version.changed_by}; {by}"[:300]
        return
    # Two saves at once each see the other's version, so numbers never clash.
    lock(plan)
    latest = latest_version(plan.family_id)
    if latest is not None and latest.content == content:
        return  # a save that changed nothing is not a new version
    version = SafetyPlanVersion(
        family_id=plan.family_id,
        number=(latest.number if latest else 0) + 1,
        content=content,
        changed_by=by[:300],
    )
    db.session.add(version)
    db.session.flush()
    made[plan.id] = version


def latest_version(family_id: int) -> SafetyPlanVersion | None:
    return db.session.scalar(
        select(SafetyPlanVersion)
        .where(SafetyPlanVersion.family_id == family_id)
        .order_by(SafetyPlanVersion.number.desc())
        .limit(1)
    )


def latest_agreed(family_id: int) -> SafetyPlanVersion | None:
    return db.session.scalar(
        select(SafetyPlanVersion)
        .where(SafetyPlanVersion.family_id == family_id, SafetyPlanVersion.agreed_at.is_not(None))
        .order_by(SafetyPlanVersion.number.desc())
        .limit(1)
    )


def versions_of(family: Family) -> list[SafetyPlanVersion]:
    """Newest first; a family's plan changes a few times a month, so one list is enough."""
    return list(
        db.session.scalars(
            select(SafetyPlanVersion)
            .where(SafetyPlanVersion.family_id == family.id)
            .order_by(SafetyPlanVersion.number.desc())
        )
    )


def version_of(family: Family, number: int) -> SafetyPlanVersion | None:
    return db.session.scalar(
        select(SafetyPlanVersion).where(
            SafetyPlanVersion.family_id == family.id, SafetyPlanVersion.number == number
        )
    )


def agree(
    family: Family, worker: Worker, *, review: bool = False, next_review_on: date | None = None
) -> SafetyPlanVersion | None:
    """Mark the plan as it stands agreed: it goes on the record and to every member's phone.
    None when this version is already agreed (a double tap makes one record entry)."""
    from participation.caserecord.services import register, team_of_family

    plan = plan_for(family)
    lock(plan)
    if next_review_on is not None:
        # Set before the snapshot, so the agreed version says when the plan is looked at next.
        plan.next_review_on = next_review_on
    content = snapshot(plan)
    latest = latest_version(family.id)
    version = latest if latest is not None and latest.content == content else None
    # (A plan changed without record_change gets a version now: exactly today's words.)
    if version is not None and version.agreed_at is not None and not review:
        return None
    if version is not None and version.agreed_at is not None and _just_agreed(version):
        # A double tap on "agree the reviewed plan": the same words agreed moments ago are
        # the same agreement, so one version and one record entry.
        return version
    if version is None or version.agreed_at is not None:
        # A review agrees the plan again even when nothing changed: a new version says so.
        version = SafetyPlanVersion(
            family_id=family.id,
            number=(latest.number if latest else 0) + 1,
            content=content,
            changed_by=worker.name[:300],
        )
        db.session.add(version)
    version.agreed_at = utcnow()
    version.agreed_by_id = worker.id
    version.is_review = review
    db.session.flush()
    register(
        "safety_version", version.public_id, team_of_family(family.id),
        f"{family.name}: safety plan version {version.number} agreed",
    )  # fmt: skip
    return version


# A second "agree" of exactly the same plan within this long is the same agreement.
AGREED_MOMENTS_AGO = timedelta(minutes=5)


def _just_agreed(version: SafetyPlanVersion) -> bool:
    agreed_at = version.agreed_at
    if agreed_at is None:
        return False
    if agreed_at.tzinfo is None:
        agreed_at = agreed_at.replace(tzinfo=UTC)
    return utcnow() - agreed_at < AGREED_MOMENTS_AGO


# The snapshot -------------------------------------------------------------------------


def snapshot(plan: SafetyPlan) -> dict:
    """The whole plan as it stands: pairs, rules, every other part by kind, the safety object
    and who chose it, and the next review date. Labels are in English, the record's language."""
    with force_locale("en"):
        return _snapshot(plan)


def _snapshot(plan: SafetyPlan) -> dict:
    from participation.children.models import Child

    db.session.flush()
    members = {
        m.id: m.public_id
        for m in db.session.scalars(
            select(NetworkMember).where(NetworkMember.family_id == plan.family_id)
        )
    }
    # Read from the tables, not the loaded lists: a pair added by id is not in them yet.
    pairs = db.session.scalars(
        select(PlanPair).where(PlanPair.plan_id == plan.id).order_by(PlanPair.position, PlanPair.id)
    )
    rules = db.session.scalars(
        select(PlanRule).where(PlanRule.plan_id == plan.id).order_by(PlanRule.position, PlanRule.id)
    )
    items = list(
        db.session.scalars(
            select(PlanItem)
            .where(PlanItem.plan_id == plan.id)
            .order_by(PlanItem.position, PlanItem.id)
        )
    )
    chooser = (
        db.session.get(Child, plan.object_chosen_by_child_id)
        if plan.object_chosen_by_child_id
        else None
    )
    statement_label, goal_label = labels(plan)
    # The child chose the object itself; where it is, what moving it means and who acts are
    # written on the worker's form, so they are the worker's words, never the child's.
    worker_by = {"kind": "worker", "name": ""}
    object_by = (
        {"kind": "child", "name": chooser.name, "id": chooser.public_id} if chooser else worker_by
    )
    if plan.object_written_by_kind in ("member", "parent"):
        # A member's or parent's accepted proposal: the object's words are theirs.
        object_by = _sentence("safety_object", "", plan, members, "object_")["by"]
    object_language = plan.object_language or "en"
    return {
        "terminology": plan.terminology,
        "labels": {"statement": statement_label, "goal": goal_label},
        "pairs": [
            {
                "id": p.id,
                "statement": _sentence(f"pair:{p.id}:statement", p.statement, p, members),
                "goal": _sentence(f"pair:{p.id}:goal", p.goal, p, members, "goal_"),
            }
            for p in pairs
        ],
        "rules": [
            {
                "id": r.public_id,
                "text": _sentence(f"rule:{r.public_id}:text", r.text, r, members),
                "who": _sentence(f"rule:{r.public_id}:who", r.who, r, members, "who_"),
            }
            for r in rules
        ],
        "items": {
            kind: [
                {
                    "id": i.public_id,
                    "text": _sentence(f"item:{i.public_id}:text", i.text, i, members),
                    "who": _sentence(f"item:{i.public_id}:who", i.who, i, members),
                    "by_when": i.by_when.isoformat() if i.by_when else None,
                }
                for i in items
                if i.kind == kind
            ]
            for kind in PLAN_ITEM_KINDS
        },
        "safety_object": {
            field: {
                "field": column,
                "text": getattr(plan, column) or "",
                "by": object_by if field == "object" else worker_by,
                "language": object_language if field == "object" else "en",
            }  # fmt: skip
            for field, column in OBJECT_FIELDS
        }
        | {"chosen_by_child": chooser.name if chooser else None},
        "next_review_on": plan.next_review_on.isoformat() if plan.next_review_on else None,
    }


OBJECT_FIELDS = (
    ("object", "safety_object"),
    ("usual_place", "object_usual_place"),
    ("moved_means", "object_moved_means"),
    ("who_acts", "object_who_acts"),
)


def _sentence(field: str, text: str, row: Any, members: dict[int, str], prefix: str = "") -> dict:
    """One sentence, under the name its translations are filed by, with who wrote it and in
    which language, exactly as written; `prefix` names a part with its own author."""
    member_id = getattr(row, f"{prefix}written_by_member_id", None)
    by = {
        "kind": getattr(row, f"{prefix}written_by_kind", None) or "worker",
        "name": getattr(row, f"{prefix}written_by_name", None) or "",
        "member": members.get(member_id) if member_id else None,
    }
    edited_by = getattr(row, f"{prefix}edited_by_name", None) or ""
    if edited_by:
        # Who changed the proposer's words: the sentence says so (only when someone did, so
        # versions made before this still compare equal).
        by["edited_by"] = edited_by
    return {
        "field": field,
        "text": text or "",
        "by": by,
        "language": getattr(row, f"{prefix}language", None) or "en",
    }


# Reading a version ---------------------------------------------------------------------


def sentences(content: dict) -> dict[str, dict]:
    """Every sentence of a version, by field, in the order the plan shows them."""
    found: dict[str, dict] = {}
    for pair in content.get("pairs", []):
        for part in ("statement", "goal"):
            found[pair[part]["field"]] = {**pair[part], "part": part}
    for rule in content.get("rules", []):
        for part in ("text", "who"):
            found[rule[part]["field"]] = {**rule[part], "part": f"rule_{part}"}
    for kind, items in content.get("items", {}).items():
        for item in items:
            found[item["text"]["field"]] = {**item["text"], "part": kind}
            found[item["who"]["field"]] = {**item["who"], "part": f"{kind}_who"}
    for name, value in content.get("safety_object", {}).items():
        if isinstance(value, dict):
            found[value["field"]] = {**value, "part": f"object_{name}"}
    return found


class Change(NamedTuple):
    """One sentence added, changed or removed since the version before."""

    how: str  # added / changed / removed
    part: str
    before: str
    after: str
    by: dict


def changes(before: dict | None, after: dict) -> list[Change]:
    """What changed between two versions, sentence by sentence (the first: everything)."""
    old = sentences(before or {})
    new = sentences(after)
    found: list[Change] = []
    for field, s in new.items():
        was = old.get(field)
        if was is None:
            if s["text"]:
                found.append(Change("added", s["part"], "", s["text"], s["by"]))
        elif was["text"] != s["text"]:
            how = "removed" if not s["text"] else "added" if not was["text"] else "changed"
            found.append(Change(how, s["part"], was["text"], s["text"], s["by"]))
    for field, was in old.items():
        if field not in new and was["text"]:
            found.append(Change("removed", was["part"], was["text"], "", was["by"]))
    if (before or {}).get("next_review_on") != after.get("next_review_on"):
        found.append(
            Change(
                "changed", "next_review", (before or {}).get("next_review_on") or "",
                after.get("next_review_on") or "", {"kind": "worker", "name": ""},
            )
        )  # fmt: skip
    return found


def previous_of(version: SafetyPlanVersion) -> SafetyPlanVersion | None:
    return db.session.scalar(
        select(SafetyPlanVersion)
        .where(
            SafetyPlanVersion.family_id == version.family_id,
            SafetyPlanVersion.number < version.number,
        )
        .order_by(SafetyPlanVersion.number.desc())
        .limit(1)
    )


def agreed_translations(version: SafetyPlanVersion, with_earlier: bool = True) -> list[dict]:
    """Translations of the words exactly as agreed, for the record: each labelled with who
    translated it. A translation of words changed before or since is not of this version."""
    from participation.translation.services import as_record, translations_for

    agreed = {field: s["text"] for field, s in sentences(version.content).items()}
    items = translations_for(PLAN_KIND, version.family.public_id, with_earlier=with_earlier)
    matching = {
        field: [t for t in group if agreed.get(field) and t.source_text == agreed[field]]
        for field, group in items.items()
    }
    return as_record({field: group for field, group in matching.items() if group})


def reading_of(version: SafetyPlanVersion, language: str) -> dict[str, dict]:
    """A member's language: each agreed sentence's current translation (with who made it),
    where one is done; the others show as written."""
    if not language or language == "en":
        return {}
    found: dict[str, dict] = {}
    for t in agreed_translations(version, with_earlier=False):
        if t["target_language"] == language:
            found[t["field"]] = t  # the newest finished one wins (ordered by time)
    return found
