"""Families, safety plans and network members; every query scoped to who is asking."""

import uuid
from datetime import date
from typing import Any, NamedTuple

from flask import abort, current_app
from sqlalchemy import CompoundSelect, Select, delete, func, select, union, update

from participation.activities.models import Activity, Drawing, Status
from participation.atomic import insert_once
from participation.audit.services import record
from participation.auth.models import Role, Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind, SignedInSession
from participation.identity.services import end_sessions_for, sign_in_member, who_is_asking
from participation.network.models import (
    MEMBER_ROLES,
    PLAN_ITEM_KINDS,
    Family,
    NetworkInvite,
    NetworkMember,
    PlanItem,
    PlanPair,
    PlanProposal,
    PlanRule,
    SafetyPlan,
    SharedItem,
)
from participation.network.terms import PLAN_KIND as PLAN_KIND
from participation.network.terms import TERMINOLOGY as TERMINOLOGY
from participation.network.terms import labels as labels
from participation.network.terms import plan_for as plan_for
from participation.network.versions import record_change
from participation.tokens import (
    claim_once,
    digest,
    find_open_invite,
    new_code,
    new_token,
)

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


class Author(NamedTuple):
    """Who wrote a sentence of the plan, kept on the sentence so everyone sees whose words
    these are: kind (worker, manager, member, parent), name, member id, language."""

    kind: str
    name: str
    member_id: int | None = None
    language: str = "en"
    relation: str = ""

    @property
    def by(self) -> str:
        """As a plan version names who changed it: "Nana Joy (grandmother)"."""
        if not self.name:
            return ""
        return f"{self.name} ({self.relation or ROLE_WORDS_EN.get(self.kind, self.kind)})"

    def stamp(self, sentence: PlanPair | PlanRule | PlanItem, prefix: str = "") -> None:
        """Sign one part: "" is the sentence itself, "goal_" a pair's goal, "who_" a rule's
        who acts; each part keeps its own author."""
        setattr(sentence, f"{prefix}written_by_kind", self.kind)
        setattr(sentence, f"{prefix}written_by_name", self.name)
        setattr(sentence, f"{prefix}written_by_member_id", self.member_id)
        setattr(sentence, f"{prefix}language", self.language)
        setattr(sentence, f"{prefix}edited_by_name", "")


# How the record names the author's role (English, as the record is kept in English).
ROLE_WORDS_EN = {
    "worker": "social worker",
    "manager": "team manager",
    "member": "network member",
    "parent": "parent",
}
NOBODY = Author("worker", "")


def worker_author(worker: Worker) -> Author:
    """Bottom lines are set by the worker and the manager: a manager's words say so."""
    kind = "manager" if worker.role == Role.TEAM_MANAGER else "worker"
    return Author(kind, worker.name, None, "en")


def member_author(member: NetworkMember, language: str | None = None) -> Author:
    kind = member.role if member.role in MEMBER_ROLES else "member"
    relation = "parent" if kind == "parent" else member.relationship_to_child
    return Author(kind, member.name, member.id, language or member.language, relation)


def set_safety_object(
    plan: SafetyPlan, terminology: str, safety_object: str, usual_place: str,
    moved_means: str, who_acts: str, *, chosen_by_child_id: int | None = None,
    next_review_on: date | None = None, author: Author = NOBODY,
) -> None:  # fmt: skip
    plan.terminology = terminology
    if plan.safety_object != safety_object:
        # New words are the editor's words: the object then says who wrote it.
        stamp_object(plan, author)
    plan.safety_object = safety_object
    plan.object_usual_place = usual_place
    plan.object_moved_means = moved_means
    plan.object_who_acts = who_acts
    # The safety object is chosen by the child: only one of this family's children counts.
    family_children = {c.id for c in children_of(plan.family)}
    plan.object_chosen_by_child_id = (
        chosen_by_child_id if chosen_by_child_id in family_children else None
    )
    plan.next_review_on = next_review_on
    record_change(plan, author.by)


def stamp_object(plan: SafetyPlan, author: Author, child_id: int | None = None) -> None:
    """Sign the safety object's words: a member's or parent's proposal, the child in their
    own space (`child_id`), or the worker."""
    plan.object_written_by_kind = "child" if child_id else author.kind
    plan.object_written_by_name = author.name
    plan.object_written_by_member_id = author.member_id
    plan.object_language = author.language or "en"
    plan.object_edited_by_name = ""


def add_pair(plan: SafetyPlan, statement: str, goal: str, author: Author = NOBODY) -> PlanPair:
    pair = PlanPair(plan_id=plan.id, statement=statement, goal=goal, position=len(plan.pairs))
    author.stamp(pair)
    author.stamp(pair, "goal_")
    db.session.add(pair)
    record_change(plan, author.by)
    return pair


def add_rule(plan: SafetyPlan, text: str, who: str, author: Author = NOBODY) -> PlanRule:
    rule = PlanRule(plan_id=plan.id, text=text, who=who, position=len(plan.rules))
    author.stamp(rule)
    author.stamp(rule, "who_")
    db.session.add(rule)
    record_change(plan, author.by)
    return rule


def add_item(
    plan: SafetyPlan, kind: str, text: str, who: str = "", by_when: date | None = None,
    author: Author = NOBODY,
) -> PlanItem:  # fmt: skip
    """A bottom line, a contingency, a step on the timeline, a trigger time or a red flag."""
    if kind not in PLAN_ITEM_KINDS:
        abort(404)
    position = sum(1 for item in plan.items if item.kind == kind)
    item = PlanItem(plan_id=plan.id, kind=kind, text=text, who=who, by_when=by_when)
    item.position = position
    author.stamp(item)
    db.session.add(item)
    plan.items.append(item)
    record_change(plan, author.by)
    return item


def update_item(
    plan: SafetyPlan, item_id: int, text: str, who: str, by_when: date | None,
    author: Author = NOBODY,
) -> PlanItem:  # fmt: skip
    """New words are the editor's words: the sentence then says who changed it."""
    item = db.session.scalar(
        select(PlanItem).where(PlanItem.id == item_id, PlanItem.plan_id == plan.id)
    )
    if item is None:
        abort(404)
    if item.text != text:
        author.stamp(item)
    item.text, item.who, item.by_when = text, who, by_when
    record_change(plan, author.by)
    return item


def empty_parts(plan: SafetyPlan) -> list[str]:
    """The plan's sections with nothing in them ("pair", "rule", "object", each item kind), so
    the worker is warned before agreeing a plan that is mostly blank (issue #18)."""
    db.session.flush()
    db.session.expire(plan, ["pairs", "rules", "items"])
    found = items_by_kind(plan)
    empty = [kind for kind in PLAN_ITEM_KINDS if not found[kind]]
    if not plan.safety_object.strip():
        empty.insert(0, "object")
    if not plan.rules:
        empty.insert(0, "rule")
    if not plan.pairs:
        empty.insert(0, "pair")
    return empty


PLAN_SECTIONS = 3 + len(PLAN_ITEM_KINDS)  # pairs, rules, the object and the other parts


def mostly_empty(plan: SafetyPlan) -> list[str]:
    """The empty sections when more than half of the plan's sections are empty, else []."""
    empty = empty_parts(plan)
    return empty if len(empty) * 2 > PLAN_SECTIONS else []


def items_by_kind(plan: SafetyPlan | None) -> dict[str, list[PlanItem]]:
    """The plan's other parts, each in its order (an empty list for a part not written yet)."""
    found: dict[str, list[PlanItem]] = {kind: [] for kind in PLAN_ITEM_KINDS}
    for item in plan.items if plan else []:
        found.setdefault(item.kind, []).append(item)
    return found


PLAN_ITEMS: dict[str, type[PlanPair] | type[PlanRule] | type[PlanItem]] = {
    "pairs": PlanPair,
    "rules": PlanRule,
    "items": PlanItem,
}


def remove_plan_item(plan: SafetyPlan, kind: str, item_id: int, author: Author = NOBODY) -> None:
    model = PLAN_ITEMS.get(kind)
    if model is None:
        abort(404)
    item = db.session.scalar(select(model).where(model.id == item_id, model.plan_id == plan.id))
    if item is None:
        abort(404)
    if isinstance(item, PlanRule) and _rule_has_entries(item):
        # Journal entries point at this rule: keep it so the record still makes sense.
        abort(409)
    if isinstance(item, PlanPair) and _pair_has_answers(item):
        # Members' scaling answers are about this statement: keep it, as their words are.
        abort(409)
    db.session.delete(item)
    db.session.flush()
    db.session.expire(plan, ["pairs", "rules", "items"])
    record_change(plan, author.by)


def _pair_has_answers(pair: PlanPair) -> bool:
    """Whether anyone has answered this statement's scaling question."""
    from participation.planscales.models import PlanScaleAnswer

    found = select(PlanScaleAnswer.id).where(PlanScaleAnswer.pair_id == pair.id).limit(1)
    return db.session.execute(found).first() is not None


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
    contact_shared: bool, language: str, is_boss: bool, role: str = "member",
) -> NetworkMember:  # fmt: skip
    member = NetworkMember(
        role=role if role in MEMBER_ROLES else "member",
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
        # Only words written in English are sent from English: a member's proposal is kept
        # as written, in their language, and everyone reads it so (labelled with its language).
        for pair in plan.pairs:
            if _in_english(pair):
                texts.append((f"pair:{pair.id}:statement", pair.statement))
            if (pair.goal_language or "en") == "en":
                texts.append((f"pair:{pair.id}:goal", pair.goal))
        for rule in plan.rules:
            if _in_english(rule):
                texts.append((f"rule:{rule.public_id}:text", rule.text))
            if (rule.who_language or "en") == "en":
                texts.append((f"rule:{rule.public_id}:who", rule.who))
        for item in plan.items:
            if _in_english(item):
                texts += [
                    (f"item:{item.public_id}:text", item.text),
                    (f"item:{item.public_id}:who", item.who),
                ]
        texts += [
            (field, getattr(plan, field))
            for field in PLAN_OBJECT_FIELDS
            # The object in a member's (or the child's) own words is sent from their language.
            if field != "safety_object" or (plan.object_language or "en") == "en"
        ]
    # The members' relationship labels ("Grandmother") are read by the whole network.
    texts += [(f"member:{m.public_id}", m.relationship_to_child) for m in members_of(family)]
    return texts


def written_in_other_languages(family: Family) -> list[tuple[str, str, str]]:
    """(field, words, language) for every piece not written in English: an accepted proposal
    kept in the proposer's words, and the open proposals the worker has to read. Each is
    translated from its own language, never sent as if it were English."""
    plan = family.plan
    found: list[tuple[str, str, str]] = []
    if plan is None:
        return found
    for pair in plan.pairs:
        found.append((f"pair:{pair.id}:statement", pair.statement, pair.language or "en"))
        found.append((f"pair:{pair.id}:goal", pair.goal, pair.goal_language or "en"))
    for rule in plan.rules:
        found.append((f"rule:{rule.public_id}:text", rule.text, rule.language or "en"))
        found.append((f"rule:{rule.public_id}:who", rule.who, rule.who_language or "en"))
    for item in plan.items:
        found.append((f"item:{item.public_id}:text", item.text, item.language or "en"))
        found.append((f"item:{item.public_id}:who", item.who, item.language or "en"))
    found.append(("safety_object", plan.safety_object, plan.object_language or "en"))
    for proposal in open_proposals(plan):
        found.append((f"proposal:{proposal.public_id}", proposal.text, proposal.language or "en"))
        found.append(
            (f"proposal:{proposal.public_id}:goal", proposal.goal_text, proposal.language or "en")
        )
    return [(f, t, lang) for f, t, lang in found if lang != "en" and t and t.strip()]


def request_other_language_translations(family: Family, worker: Worker) -> int:
    """Ask for each piece not written in English: into English (for the worker and the
    record) and into every other member's language. Only words not already asked for."""
    made = 0
    for field, text, source in written_in_other_languages(family):
        for target in {"en", *plan_languages(family)} - {source}:
            made += ask_for_piece(family, field, text, source, target, worker)
    return made


def ask_for_piece(
    family: Family, field: str, text: str, source: str, target: str, worker: Worker
) -> int:
    """One piece of the plan's words into one language, as a journal entry's words are: the
    council's engine where one is configured for both languages, else the interpreters'
    queue. Asking again for the same words is a no-op. Returns how many were asked (0 or 1)."""
    from participation.jobs import enqueue
    from participation.translation.models import Translation
    from participation.translation.services import (
        _asked_for,
        _withdraw_earlier,
        machine_available,
        machine_covers,
        machine_translate_job,
    )

    if not text or not text.strip() or not source or source == target:
        return 0
    if _asked_for(PLAN_KIND, family.public_id, field, text, target):
        return 0  # asked already (or translated, or with the engine)
    _withdraw_earlier(PLAN_KIND, family.public_id, field, text, target)
    # A plan read by the whole network carries no one person's interpreter preference.
    item = Translation(
        object_kind=PLAN_KIND, object_id=family.public_id, field=field, source_text=text,
        source_language=source, target_language=target, requested_by=worker,
        assigned_to=None, gender_preference=None,
    )  # fmt: skip
    machine = machine_available() and machine_covers(source, target)
    if machine:
        # Nothing leaves unless the council configured its own engine for these languages.
        item.translator_kind, item.translator_name = "machine", "Machine translation"
        item.status, item.requested_at = "pending", utcnow()
    db.session.add(item)
    if machine:
        db.session.flush()
        enqueue(machine_translate_job, translation_id=item.id, queueing_lock=f"translate:{item.id}")
    return 1


def _in_english(sentence: PlanPair | PlanRule | PlanItem) -> bool:
    return (sentence.language or "en") == "en"


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
        db.session.expire(family.plan, ["pairs", "rules", "items"])
    asked = sum(
        len(auto_request(PLAN_KIND, family, "en", worker, language))
        for language in plan_languages(family)
    )
    return asked + request_other_language_translations(family, worker)


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


def update_rule(
    plan: SafetyPlan, rule_id: int, text: str, who: str, author: Author = NOBODY
) -> PlanRule:
    """The worker changes a rule's words. A rule journal entries point at keeps its words, as
    one they are about cannot change under them: the worker adds a new rule instead."""
    rule = db.session.scalar(
        select(PlanRule).where(PlanRule.id == rule_id, PlanRule.plan_id == plan.id)
    )
    if rule is None:
        abort(404)
    if (rule.text, rule.who) != (text, who) and _rule_has_entries(rule):
        raise RuleInUse(rule_id)
    if rule.text != text:
        author.stamp(rule)  # new words are the editor's words
    if rule.who != who:
        author.stamp(rule, "who_")
    rule.text, rule.who = text, who
    record_change(plan, author.by)
    return rule


class PlanPiece(NamedTuple):
    """How one piece of the plan reads in a member's language: its finished translation of
    exactly today's words, or whether that is still being translated."""

    translation: Any
    waiting: bool


def plan_reading(family: Family, language: str) -> dict[str, PlanPiece]:
    """Each piece of the plan in this language, by field; empty for English. A translation of
    words the worker has since changed is never shown as if it were current."""
    if not language:
        return {}
    # English too: a sentence kept in a member's language is read in English by the worker.
    current = dict(plan_texts(family))
    current.update((f, t) for f, t, _lang in written_in_other_languages(family))
    return reading_of(family, language, current)


def reading_of(family: Family, language: str, words: dict[str, str]) -> dict[str, PlanPiece]:
    """The plan's translations into this language of exactly these words (field: text), the
    newest finished one winning, else whether one is on its way: the plan as it stands now,
    or an agreed version's words (the child's space)."""
    from participation.translation.models import Translation

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
        if words.get(row.field) != row.source_text:
            continue  # the words have changed since: this is not what they say now
        earlier = found.get(row.field, PlanPiece(None, False))
        if row.status == "done":
            found[row.field] = PlanPiece(row, False)  # the newest finished one wins
        elif earlier.translation is None:
            found[row.field] = PlanPiece(None, True)
    return found


# Proposals: a member's or parent's wording for the plan -------------------------------
# The pathway plan's suggestion flow in reverse: the family proposes, the worker accepts
# (as written, or edited) or declines, saying why if they like. Proposals are kept in the
# proposer's own language and, once accepted, stay in it, with the proposer as author.

# Parts a proposal can be for: the plan's other parts and its rules take new sentences or
# new words for one; a danger statement or goal can be reworded, or a new statement proposed
# with its goal ("pair"); and the safety object ("object", one per plan) can be proposed.
# Safeguarding: bottom lines and the council's contingency are set by the worker and the
# manager only, so the family can never propose (or reword) them.
WORKER_ONLY_KINDS = ("bottom_line", "council_contingency")
MEMBER_ITEM_KINDS = tuple(kind for kind in PLAN_ITEM_KINDS if kind not in WORKER_ONLY_KINDS)
NEW_SENTENCE_PARTS = (*MEMBER_ITEM_KINDS, "rule", "pair", "object")
# Parts that are only ever new (a pair) or whole (the one safety object): never a target.
NO_TARGET_PARTS = ("pair", "object")
PROPOSAL_PARTS = (*NEW_SENTENCE_PARTS, "statement", "goal")


class ProposalRefused(Exception):
    """A proposal that cannot become part of the plan as asked (its words are in use)."""


def _target(plan: SafetyPlan, part: str, target: str) -> PlanPair | PlanRule | PlanItem | None:
    """The sentence a proposal would change, only ever in this family's plan; None is new."""
    if not target:
        if part not in NEW_SENTENCE_PARTS:
            abort(404)
        return None
    if part in NO_TARGET_PARTS:
        abort(404)
    found: PlanPair | PlanRule | PlanItem | None
    if part in ("statement", "goal"):
        found = next((p for p in plan.pairs if str(p.id) == target), None)
    elif part == "rule":
        found = next((r for r in plan.rules if r.public_id == target), None)
    else:
        found = next((i for i in plan.items if i.public_id == target and i.kind == part), None)
    if found is None:
        abort(404)
    return found


def existing_proposal(member: NetworkMember, client_key: str | None) -> PlanProposal | None:
    if not client_key:
        return None
    return db.session.scalar(
        select(PlanProposal).where(
            PlanProposal.member_id == member.id, PlanProposal.client_key == client_key
        )
    )


def create_proposal(
    member: NetworkMember, part: str, target: str, text: str, client_key: str | None = None,
    goal_text: str = "",
) -> PlanProposal:  # fmt: skip
    """A member proposes words for their own family's plan only; the same form sent twice
    (a double tap, a retry on a bad signal) makes one proposal."""
    if part not in PROPOSAL_PARTS:
        abort(404)
    already = existing_proposal(member, client_key)
    if already is not None:
        return already
    plan = plan_for(member.family)
    _target(plan, part, target)
    # Only a new pair carries a goal with its statement.
    goal = goal_text if part == "pair" else ""
    values = dict(plan_id=plan.id, member_id=member.id, part=part, target=target, text=text,
                  goal_text=goal, language=member.language, status="open")  # fmt: skip
    if client_key:
        # Two copies at once: the unique (member, client key) keeps one.
        made = insert_once(
            PlanProposal, public_id=str(uuid.uuid4()), client_key=client_key,
            created_at=utcnow(), final_text="", final_goal_text="", final_language="",
            reason="", **values,
        )  # fmt: skip
        proposal = existing_proposal(member, client_key)
    else:
        made, proposal = True, PlanProposal(**values)
        db.session.add(proposal)
        db.session.flush()
    assert proposal is not None
    if made:
        # The worker reads it in English: asked for now, in the name of the worker who
        # invited the member (the family's worker), so it waits for nobody to remember.
        request_other_language_translations(member.family, member.invited_by)
        # The member's own words, on the family's trail (the plan is about the children).
        record(
            "propose_plan_wording", None, "family", member.family.public_id,
            detail=proposal.public_id,
        )  # fmt: skip
    return proposal


def proposals_of(member: NetworkMember) -> list[PlanProposal]:
    """A member's own proposals, newest first, with what became of them."""
    return list(
        db.session.scalars(
            select(PlanProposal)
            .where(PlanProposal.member_id == member.id)
            .order_by(PlanProposal.created_at.desc(), PlanProposal.id.desc())
        )
    )


def open_proposals(plan: SafetyPlan) -> list[PlanProposal]:
    """Proposals waiting for the worker, oldest first; only members still in the network."""
    return list(
        db.session.scalars(
            select(PlanProposal)
            .join(NetworkMember, NetworkMember.id == PlanProposal.member_id)
            .where(
                PlanProposal.plan_id == plan.id,
                PlanProposal.status == "open",
                NetworkMember.removed_at.is_(None),
            )
            .order_by(PlanProposal.created_at, PlanProposal.id)
        )
    )


def get_open_proposal_or_404(plan: SafetyPlan, public_id: str) -> PlanProposal:
    proposal = db.session.scalar(
        select(PlanProposal).where(
            PlanProposal.public_id == public_id,
            PlanProposal.plan_id == plan.id,
            PlanProposal.status == "open",
        )
    )
    if proposal is None:
        abort(404)
    return proposal


def sentence_words(plan: SafetyPlan | None, part: str, target: str) -> str | None:
    """The words of the sentence a proposal is about, from this plan only; None if it has
    no such sentence."""
    if plan is None:
        return None
    if part == "object":
        return plan.safety_object
    if part == "pair":
        return ""
    if part in ("statement", "goal"):
        pair = next((p for p in plan.pairs if str(p.id) == target), None)
        if pair is None:
            return None
        return pair.statement if part == "statement" else pair.goal
    sentences: list[PlanRule | PlanItem] = [*plan.rules, *plan.items]
    return next((s.text for s in sentences if s.public_id == target), None)


def target_text(plan: SafetyPlan, proposal: PlanProposal) -> str:
    """The words a proposal would change, to show beside it ("" for a new sentence)."""
    if proposal.part == "object":
        return plan.safety_object or ""
    if not proposal.target:
        return ""
    return sentence_words(plan, proposal.part, proposal.target) or ""


def accept_proposal(
    plan: SafetyPlan, proposal: PlanProposal, worker: Worker, text: str | None = None,
    goal: str | None = None, language: str | None = None,
) -> None:  # fmt: skip
    """The proposal becomes part of the plan, attributed to the proposer in their language;
    edited words are kept as the worker settled them (the proposal says it was edited), in
    the language the worker wrote them in (`language`, default the proposer's)."""
    if proposal.part not in PROPOSAL_PARTS:
        # Bottom lines and the council's contingency are never the family's to write.
        raise ProposalRefused(proposal.public_id)
    final = text.strip() if text and text.strip() else proposal.text
    final_goal = goal.strip() if goal and goal.strip() else proposal.goal_text
    edited = final != proposal.text or final_goal != proposal.goal_text
    words_language = (language or proposal.language) if edited else proposal.language
    # The sentence stays the proposer's; its language is the language of the words it holds.
    author = member_author(proposal.member, words_language)
    target = _target(plan, proposal.part, proposal.target) if proposal.target else None
    sentence: PlanPair | PlanRule | PlanItem | None = target
    if proposal.part == "object":
        _accept_object(plan, final, author, worker.name if edited else "")
    elif proposal.part == "pair":
        sentence = add_pair(plan, final, final_goal, author)
    elif target is None and proposal.part == "rule":
        add_rule(plan, final, "", author)
    elif target is None:
        add_item(plan, proposal.part, final, "", None, author)
    elif isinstance(target, PlanRule):
        if _rule_has_entries(target):
            # Journal entries are about these exact words, so they never change under them.
            raise ProposalRefused(proposal.public_id)
        target.text = final
        author.stamp(target)
    elif isinstance(target, PlanPair):
        if proposal.part == "statement":
            target.statement = final
            author.stamp(target)
        else:
            # Only the goal is the proposer's: the statement keeps its own author.
            target.goal = final
            author.stamp(target, "goal_")
    else:
        target.text = final
        author.stamp(target)
    if edited and proposal.part != "object":
        # The words are no longer exactly the proposer's: the sentence says who edited them.
        if sentence is None:
            sentence = _newest(plan, proposal.part)
        prefix = "goal_" if proposal.part == "goal" else ""
        setattr(sentence, f"{prefix}edited_by_name", worker.name)
        if proposal.part == "pair":
            sentence.goal_edited_by_name = worker.name  # type: ignore[union-attr]
    if target is not None or edited or proposal.part == "object":
        record_change(plan, author.by)
    proposal.status = "edited" if edited else "accepted"
    proposal.final_text = final
    proposal.final_goal_text = final_goal if proposal.part == "pair" else ""
    proposal.final_language = words_language or "en"
    proposal.responded_by_id = worker.id
    proposal.responded_at = utcnow()
    record("accept_plan_proposal", None, "family", plan.family.public_id, detail=proposal.public_id)
    if edited:
        # The proposer reads the words as the worker settled them in their own language.
        _ask_for_proposer(proposal, worker)


def _accept_object(plan: SafetyPlan, words: str, author: Author, edited_by: str) -> None:
    """The safety object in the proposer's words. It is no longer the one a child chose, so
    the plan stops saying a child chose it (the child can choose again in their space)."""
    plan.safety_object = words
    plan.object_chosen_by_child_id = None
    stamp_object(plan, author)
    plan.object_edited_by_name = edited_by


def _ask_for_proposer(proposal: PlanProposal, worker: Worker) -> None:
    """What the worker wrote back (the edited words, a reason for declining) into the
    proposer's language, filed with the plan's words: by machine where the council allows it."""
    family = proposal.member.family
    target = proposal.member.language or "en"
    if proposal.status == "declined":
        ask_for_piece(family, proposal_field(proposal, "reason"), proposal.reason, "en", target,
                      worker)  # fmt: skip
        return
    source = proposal.final_language or proposal.language or "en"
    ask_for_piece(family, proposal_field(proposal, "final"), proposal.final_text, source, target,
                  worker)  # fmt: skip
    ask_for_piece(family, proposal_field(proposal, "final_goal"), proposal.final_goal_text,
                  source, target, worker)  # fmt: skip


def proposal_field(proposal: PlanProposal, name: str) -> str:
    """Where the translations of a proposal's answer are filed (under the family's plan)."""
    return f"proposal:{proposal.public_id}:{name}"


def answer_words(proposal: PlanProposal) -> dict[str, str]:
    """The worker's words back to the proposer, by the field their translations are under."""
    return {
        proposal_field(proposal, "reason"): proposal.reason,
        proposal_field(proposal, "final"): proposal.final_text,
        proposal_field(proposal, "final_goal"): proposal.final_goal_text,
    }


def answers_reading(member: NetworkMember, proposals: list[PlanProposal]) -> dict[str, PlanPiece]:
    """The worker's answers to this member's own proposals in the member's language: only
    translations of exactly the words the worker wrote."""
    language = member.language or "en"
    if language == "en":
        return {}
    words: dict[str, str] = {}
    for proposal in proposals:
        words.update((f, t) for f, t in answer_words(proposal).items() if t)
    return reading_of(member.family, language, words) if words else {}


def _newest(plan: SafetyPlan, part: str) -> PlanRule | PlanItem:
    """The sentence just added for a proposal (the last of its part)."""
    db.session.flush()
    db.session.expire(plan, ["rules", "items"])
    if part == "rule":
        return plan.rules[-1]
    return [item for item in plan.items if item.kind == part][-1]


def decline_proposal(proposal: PlanProposal, worker: Worker, reason: str = "") -> None:
    """Declined, with a reason the proposer sees if the worker gives one."""
    proposal.status = "declined"
    proposal.reason = reason.strip()
    proposal.responded_by_id = worker.id
    proposal.responded_at = utcnow()
    # The proposer reads why in their own language (the worker writes in English).
    _ask_for_proposer(proposal, worker)
    record(
        "decline_plan_proposal", None, "family", proposal.member.family.public_id,
        detail=proposal.public_id,
    )  # fmt: skip
