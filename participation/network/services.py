"""Families, safety plans and network members; every query scoped to who is asking."""

from typing import Any, NamedTuple

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CompoundSelect, Select, delete, func, select, union, update

from participation.activities.models import Activity, Drawing, Status
from participation.atomic import insert_once
from participation.audit.services import record
from participation.auth.models import Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind, SignedInSession
from participation.identity.services import end_sessions_for, sign_in_member, who_is_asking
from participation.network.models import (
    Family,
    NetworkInvite,
    NetworkMember,
    PlanPair,
    PlanRule,
    SafetyPlan,
    SharedItem,
)
from participation.tokens import (
    claim_once,
    digest,
    find_open_invite,
    new_code,
    new_token,
)

# Labels by service: Signs of Safety terms differ between councils and services.
TERMINOLOGY = {
    "safety": (_l("Danger statement"), _l("Safety goal")),
    "wellbeing": (_l("Worry statement"), _l("Wellbeing goal")),
    "success": (_l("Worry statement"), _l("Success goal")),
}


# Worker side -------------------------------------------------------------------------


def visible_families_stmt(worker: Worker) -> Select[tuple[Family]]:
    """A worker sees a family (or a young person's network) when they may see one of its
    children, or support the young person it belongs to."""
    return select(Family).where(Family.id.in_(visible_family_ids(worker)))


def visible_family_ids(worker: Worker) -> CompoundSelect | Select:
    """The ids of the families a worker sees, as one UNION: PostgreSQL turns an OR of two
    IN subqueries into a scan of every family (and of every journal entry, which the unread
    count and the queue join to it); a UNION is looked up through the indexes, so its cost
    follows the worker's caseload, not the council."""
    from participation.pathway.models import YoungPerson
    from participation.pathway.plans import visible_young_people_stmt

    ids = union(
        visible_children_stmt(worker).with_only_columns(Child.family_id),
        visible_young_people_stmt(worker).with_only_columns(YoungPerson.family_id),
    )
    if db.session.get_bind().dialect.name != "postgresql":
        return ids
    # The same ids, worked out once (an array) before the outer query runs. Joined as a
    # subquery, PostgreSQL guesses a manager's team (a tenth of the council) is too many
    # families for the indexes and reads all of journal_entry: 25 ms against 9 for the
    # team's newest entries, 31 against 11 for its unread count.
    return select(func.unnest(func.array(ids.scalar_subquery())))


def get_family_or_404(public_id: str, worker: Worker) -> Family:
    family = db.session.scalar(visible_families_stmt(worker).where(Family.public_id == public_id))
    if family is None:
        abort(404)
    return family


def open_family_for(child: Child, worker: Worker) -> Family:
    """The child's family, made (and audited) the first time a worker opens it."""
    if child.family_id is not None:
        return db.session.get_one(Family, child.family_id)
    family = create_family_for(child, worker)
    record("create_family", child, "family", family.public_id)
    return family


def loose_children(worker: Worker) -> list[Child]:
    """Children the worker may see who are in no family yet, to add to this one."""
    return list(db.session.scalars(visible_children_stmt(worker).where(Child.family_id.is_(None))))


def add_child_to_family(family: Family, child: Child) -> None:
    if child.family_id is None:
        child.family_id = family.id


def children_of(family: Family) -> list[Child]:
    return list(db.session.scalars(select(Child).where(Child.family_id == family.id)))


def create_family_for(child: Child, worker: Worker) -> Family:
    surname = child.name.split()[-1] if child.name.split() else child.name
    family = Family(name=f"{surname} family", created_by_id=worker.id)
    db.session.add(family)
    db.session.flush()
    child.family_id = family.id
    return family


def plan_for(family: Family) -> SafetyPlan:
    plan = family.plan
    if plan is None:
        plan = SafetyPlan(family=family, terminology=current_app.config["DEFAULT_TERMINOLOGY"])
        db.session.add(plan)
        db.session.flush()
    return plan


def labels(plan: SafetyPlan | None) -> tuple[str, str]:
    key = plan.terminology if plan else current_app.config["DEFAULT_TERMINOLOGY"]
    statement, goal = TERMINOLOGY.get(key, TERMINOLOGY["safety"])
    return str(statement), str(goal)


def set_safety_object(
    plan: SafetyPlan, terminology: str, safety_object: str, usual_place: str,
    moved_means: str, who_acts: str,
) -> None:  # fmt: skip
    plan.terminology = terminology
    plan.safety_object = safety_object
    plan.object_usual_place = usual_place
    plan.object_moved_means = moved_means
    plan.object_who_acts = who_acts


def add_pair(plan: SafetyPlan, statement: str, goal: str) -> PlanPair:
    pair = PlanPair(plan_id=plan.id, statement=statement, goal=goal, position=len(plan.pairs))
    db.session.add(pair)
    return pair


def add_rule(plan: SafetyPlan, text: str, who: str) -> PlanRule:
    rule = PlanRule(plan_id=plan.id, text=text, who=who, position=len(plan.rules))
    db.session.add(rule)
    return rule


PLAN_ITEMS: dict[str, type[PlanPair] | type[PlanRule]] = {"pairs": PlanPair, "rules": PlanRule}


def remove_plan_item(plan: SafetyPlan, kind: str, item_id: int) -> None:
    model = PLAN_ITEMS.get(kind)
    if model is None:
        abort(404)
    item = db.session.scalar(select(model).where(model.id == item_id, model.plan_id == plan.id))
    if item is None:
        abort(404)
    if isinstance(item, PlanRule) and _rule_has_entries(item):
        # Journal entries point at this rule: keep it so the record still makes sense.
        abort(409)
    db.session.delete(item)


def _rule_has_entries(rule: PlanRule) -> bool:
    from participation.journal.models import entry_rules

    return (
        db.session.execute(
            select(entry_rules.c.entry_id).where(entry_rules.c.rule_id == rule.id).limit(1)
        ).first()
        is not None
    )


def create_member(
    family: Family, worker: Worker, *, name: str, relationship: str, contact: str,
    contact_shared: bool, language: str, is_boss: bool,
) -> NetworkMember:  # fmt: skip
    member = NetworkMember(
        family_id=family.id,
        name=name,
        relationship_to_child=relationship,
        contact=contact,
        contact_shared=contact_shared,
        language=language,
        invited_by_id=worker.id,
    )
    db.session.add(member)
    db.session.flush()
    if is_boss:
        make_boss(member)
    return member


def members_of(family: Family) -> list[NetworkMember]:
    stmt = (
        select(NetworkMember)
        .where(NetworkMember.family_id == family.id, NetworkMember.removed_at.is_(None))
        .order_by(NetworkMember.is_boss.desc(), NetworkMember.name)
    )
    return list(db.session.scalars(stmt))


def get_member_for_worker_or_404(public_id: str, worker: Worker) -> NetworkMember:
    families = visible_families_stmt(worker).with_only_columns(Family.id).scalar_subquery()
    member = db.session.scalar(
        select(NetworkMember).where(
            NetworkMember.public_id == public_id,
            NetworkMember.family_id.in_(families),
            NetworkMember.removed_at.is_(None),
        )
    )
    if member is None:
        abort(404)
    return member


def make_boss(member: NetworkMember) -> None:
    """One boss of the plan per network."""
    db.session.execute(
        update(NetworkMember)
        .where(NetworkMember.family_id == member.family_id)
        .values(is_boss=False)
    )
    member.is_boss = True


def remove_member(member: NetworkMember) -> None:
    now = utcnow()
    member.removed_at = now
    member.is_boss = False
    _end_member_access(member, now)


def _end_member_access(member: NetworkMember, now) -> None:
    db.session.execute(
        update(NetworkInvite)
        .where(NetworkInvite.member_id == member.id, NetworkInvite.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    end_sessions_for(Kind.MEMBER, member.id)


def issue_invite(member: NetworkMember) -> tuple[NetworkInvite, str, str]:
    """A link and a code for one member; any earlier invitation stops working."""
    now = utcnow()
    db.session.execute(
        update(NetworkInvite)
        .where(NetworkInvite.member_id == member.id, NetworkInvite.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    link, code = new_token(), new_code()
    invite = NetworkInvite(
        member=member,
        link_hash=digest(link),
        code_hash=digest(code),
        expires_at=now + current_app.config["INVITE_TTL"],
    )
    db.session.add(invite)
    return invite, link, code


def shared_members(activity: Activity) -> list[NetworkMember]:
    stmt = (
        select(NetworkMember)
        .join(SharedItem, SharedItem.member_id == NetworkMember.id)
        .where(SharedItem.activity_id == activity.id, NetworkMember.removed_at.is_(None))
    )
    return list(db.session.scalars(stmt))


def share_activity(activity: Activity, member: NetworkMember, worker: Worker) -> None:
    """The worker decides, item by item, what a network member may see of the child's work."""
    if activity.status != Status.SUBMITTED or activity.child.family_id != member.family_id:
        abort(404)
    # Two taps on "Share" (or two workers at once) make one share, never a 500.
    insert_once(SharedItem, activity_id=activity.id, member_id=member.id, shared_by_id=worker.id)


def unshare_activity(activity: Activity, member: NetworkMember) -> None:
    db.session.execute(
        delete(SharedItem).where(
            SharedItem.activity_id == activity.id, SharedItem.member_id == member.id
        )
    )


def set_sharing(activity: Activity, member: NetworkMember, worker: Worker, share: bool) -> None:
    """Share with the member or stop sharing; either way it is on the child's trail."""
    if share:
        share_activity(activity, member, worker)
    else:
        unshare_activity(activity, member)
    action = "share_with_network" if share else "unshare_with_network"
    record(action, activity.child, "activity", activity.public_id, detail=member.public_id)


# Network member side -----------------------------------------------------------------


def find_invite(*, link: str | None = None, code: str | None = None) -> NetworkInvite | None:
    return find_open_invite(NetworkInvite, link=link, code=code)


def redeem_invite(*, link: str | None = None, code: str | None = None) -> SignedInSession | None:
    """Swap an unused, unexpired invitation for a session on this phone; None otherwise."""
    now = utcnow()
    invite = find_invite(link=link, code=code)
    if invite is None or invite.member.removed_at:
        return None
    if not claim_once(NetworkInvite, invite.id, now):
        db.session.rollback()
        return None
    return sign_in_member(invite.member)


def current_member() -> NetworkMember | None:
    """The network member signed in on this phone (the identity layer decides)."""
    identity = who_is_asking()
    if identity is None or identity.kind != Kind.MEMBER:
        return None
    assert isinstance(identity.person, NetworkMember)
    return identity.person


def require_member() -> NetworkMember:
    member = current_member()
    if member is None:
        abort(404)
    return member


def shared_activities_for(member: NetworkMember) -> list[Activity]:
    stmt = (
        select(Activity)
        .join(SharedItem, SharedItem.activity_id == Activity.id)
        .where(SharedItem.member_id == member.id, Activity.status == Status.SUBMITTED)
        .order_by(Activity.submitted_at.desc())
    )
    return list(db.session.scalars(stmt))


def get_shared_activity_or_404(member: NetworkMember, public_id: str) -> Activity:
    """Only what the worker shared with this member, item by item."""
    activity = db.session.scalar(select(Activity).where(Activity.public_id == public_id))
    if activity is None or not member_may_see_activity(member, activity):
        abort(404)
    return activity


def get_shared_drawing_or_404(member: NetworkMember, activity_id: str, drawing_id: str) -> Drawing:
    activity = get_shared_activity_or_404(member, activity_id)
    drawing = db.session.scalar(
        select(Drawing).where(Drawing.public_id == drawing_id, Drawing.activity_id == activity.id)
    )
    if drawing is None:
        abort(404)
    return drawing


def member_may_see_activity(member: NetworkMember, activity: Activity) -> bool:
    return (
        db.session.scalar(
            select(SharedItem.id).where(
                SharedItem.activity_id == activity.id, SharedItem.member_id == member.id
            )
        )
        is not None
    )


# The plan in each member's language ---------------------------------------------------
# The worker writes the plan in English and the English stays on the record; each member
# reads it in their own language once an interpreter (or the council's engine) has
# translated exactly today's words. The texts are filed under the family, kind "safety_plan".

PLAN_KIND = "safety_plan"
PLAN_OBJECT_FIELDS = (
    "safety_object",
    "object_usual_place",
    "object_moved_means",
    "object_who_acts",
)


def plan_texts(family: Family) -> list[tuple[str, str]]:
    """Every piece of the plan members read, under a field name that stays the same when
    other pieces are added or removed (pairs by id, rules by public id)."""
    plan = family.plan
    texts: list[tuple[str, str]] = []
    if plan is not None:
        for pair in plan.pairs:
            texts += [
                (f"pair:{pair.id}:statement", pair.statement),
                (f"pair:{pair.id}:goal", pair.goal),
            ]
        for rule in plan.rules:
            texts += [
                (f"rule:{rule.public_id}:text", rule.text),
                (f"rule:{rule.public_id}:who", rule.who),
            ]
        texts += [(field, getattr(plan, field)) for field in PLAN_OBJECT_FIELDS]
    # The members' relationship labels ("Grandmother") are read by the whole network.
    texts += [(f"member:{m.public_id}", m.relationship_to_child) for m in members_of(family)]
    return texts


def plan_languages(family: Family) -> list[str]:
    """The languages other than English that the family's current members read."""
    return sorted({m.language for m in members_of(family) if m.language and m.language != "en"})


def request_plan_translations(family: Family, worker: Worker) -> int:
    """Ask for the plan in every member's language, so nobody has to remember: only words
    not already asked for (or translated) are asked again. Returns how many were asked."""
    from participation.translation.services import auto_request

    db.session.flush()
    if family.plan is not None:
        # Pairs and rules just added by id are not in the loaded lists yet.
        db.session.expire(family.plan, ["pairs", "rules"])
    return sum(
        len(auto_request(PLAN_KIND, family, "en", worker, language))
        for language in plan_languages(family)
    )


def plan_translation_progress(family: Family) -> list[tuple[str, int, int, int]]:
    """For the worker, per member language: (language, translated, being translated, all)
    pieces of the plan as it stands today."""
    total = sum(1 for _field, text in plan_texts(family) if text and text.strip())
    progress = []
    for language in plan_languages(family):
        pieces = plan_reading(family, language).values()
        done = sum(1 for piece in pieces if piece.translation is not None)
        waiting = sum(1 for piece in pieces if piece.waiting)
        progress.append((language, done, waiting, total))
    return progress


class RuleInUse(Exception):
    """A rule journal entries point at: its words stay, so the worker is told to add a new one."""


def update_rule(plan: SafetyPlan, rule_id: int, text: str, who: str) -> PlanRule:
    """The worker changes a rule's words. A rule journal entries point at keeps its words, as
    one they are about cannot change under them: the worker adds a new rule instead."""
    rule = db.session.scalar(
        select(PlanRule).where(PlanRule.id == rule_id, PlanRule.plan_id == plan.id)
    )
    if rule is None:
        abort(404)
    if (rule.text, rule.who) != (text, who) and _rule_has_entries(rule):
        raise RuleInUse(rule_id)
    rule.text, rule.who = text, who
    return rule


class PlanPiece(NamedTuple):
    """How one piece of the plan reads in a member's language: its finished translation of
    exactly today's words, or whether that is still being translated."""

    translation: Any
    waiting: bool


def plan_reading(family: Family, language: str) -> dict[str, PlanPiece]:
    """Each piece of the plan in this language, by field; empty for English. A translation of
    words the worker has since changed is never shown as if it were current."""
    from participation.translation.models import Translation

    if not language or language == "en":
        return {}
    current = dict(plan_texts(family))
    rows = db.session.scalars(
        select(Translation)
        .where(
            Translation.object_kind == PLAN_KIND,
            Translation.object_id == family.public_id,
            Translation.target_language == language,
            Translation.status.in_(("requested", "pending", "done")),
        )
        .order_by(Translation.translated_at, Translation.id)
    )
    found: dict[str, PlanPiece] = {}
    for row in rows:
        if current.get(row.field) != row.source_text:
            continue  # the words have changed since: this is not what the plan says now
        earlier = found.get(row.field, PlanPiece(None, False))
        if row.status == "done":
            found[row.field] = PlanPiece(row, False)  # the newest finished one wins
        elif earlier.translation is None:
            found[row.field] = PlanPiece(None, True)
    return found
