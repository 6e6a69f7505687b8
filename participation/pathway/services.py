"""Pathway plans: scoped reads, versioned saves that never lose words, suggestions, signing."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, delete, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from participation.atomic import insert_once, lock
from participation.auth.models import Role, Worker
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind
from participation.identity.services import (
    end_sessions_for,
    sign_in_young_person,
    who_is_asking,
)
from participation.jobs import enqueue
from participation.pathway.attribution import attribute
from participation.pathway.jobs import CODE_LIFETIME, PENDING, send_sign_in_code
from participation.pathway.models import (
    AgreedPlanVersion,
    OneTimeCode,
    PathwayAction,
    PathwayPlan,
    PlanSection,
    SectionVersion,
    Suggestion,
    UnmergedEdit,
    YoungPerson,
    YoungPersonInvite,
)
from participation.pathway.sections import BY_SLUG, SECTIONS
from participation.problems import Refused
from participation.tokens import (
    claim_once,
    digest,
    find_open_invite,
    new_code,
    new_token,
    normalise_code,
)

FIELDS = ("in_my_words", "want_to_achieve")


# Who may see which young person --------------------------------------------------------


def visible_young_people_stmt(worker: Worker) -> Select[tuple[YoungPerson]]:
    """Personal advisers (and social workers) see those they support; managers their team."""
    stmt = select(YoungPerson)
    if worker.role in (Role.PERSONAL_ADVISER, Role.SOCIAL_WORKER):
        return stmt.where(YoungPerson.personal_adviser_id == worker.id)
    if worker.role == Role.TEAM_MANAGER and worker.team_id is not None:
        return stmt.join(Worker, YoungPerson.personal_adviser_id == Worker.id).where(
            Worker.team_id == worker.team_id
        )
    return stmt.where(YoungPerson.id.is_(None))


def get_young_person_or_404(public_id: str, worker: Worker) -> YoungPerson:
    person = db.session.scalar(
        visible_young_people_stmt(worker).where(YoungPerson.public_id == public_id)
    )
    if person is None:
        abort(404)
    return person


def plan_for(person: YoungPerson) -> PathwayPlan:
    plan = db.session.scalar(select(PathwayPlan).where(PathwayPlan.young_person_id == person.id))
    if plan is None:
        # The young person and adviser opening a new plan at once make one plan.
        insert_once(PathwayPlan, young_person_id=person.id)
        plan = db.session.scalars(
            select(PathwayPlan).where(PathwayPlan.young_person_id == person.id)
        ).one()
    return plan


def section_row(plan: PathwayPlan, slug: str) -> PlanSection:
    row = db.session.scalar(
        select(PlanSection).where(PlanSection.plan_id == plan.id, PlanSection.section == slug)
    )
    if row is None:
        row = PlanSection(plan_id=plan.id, section=slug, attribution={}, version=0)
        db.session.add(row)
        db.session.flush()
    return row


def sections_of(plan: PathwayPlan) -> dict[str, PlanSection]:
    rows = db.session.scalars(select(PlanSection).where(PlanSection.plan_id == plan.id))
    return {r.section: r for r in rows}


def open_suggestions(plan: PathwayPlan) -> list[Suggestion]:
    stmt = (
        select(Suggestion)
        .join(PlanSection, Suggestion.section_id == PlanSection.id)
        .where(PlanSection.plan_id == plan.id, Suggestion.status == "open")
        .order_by(Suggestion.created_at)
    )
    return list(db.session.scalars(stmt))


def plans_due(worker: Worker, within_days: int = 28) -> list[PathwayPlan]:
    """Plans overdue for review, or due within 28 days, for the adviser's young people."""
    people = visible_young_people_stmt(worker).with_only_columns(YoungPerson.id).scalar_subquery()
    stmt = (
        select(PathwayPlan)
        .where(
            PathwayPlan.young_person_id.in_(people),
            PathwayPlan.review_due.is_not(None),
            PathwayPlan.review_due <= date.today() + timedelta(days=within_days),
        )
        .order_by(PathwayPlan.review_due)
    )
    return list(db.session.scalars(stmt))


# Saving the young person's words --------------------------------------------------------


@dataclass
class Conflict(Exception):
    """Someone saved this section first: show both versions, overwrite nothing."""

    saved: PlanSection
    mine: dict


def save_section(
    person: YoungPerson, slug: str, version: int, values: dict, note: str = "",
    suggestion: Suggestion | None = None,
) -> PlanSection:  # fmt: skip
    """Only the young person writes here. A stale `version` raises Conflict, never overwrites."""
    plan = plan_for(person)
    row = section_row(plan, slug)
    if version == row.version - 1 and suggestion is None and _same(row, values):
        return row  # the same save sent twice (a lost response): already done
    editor = {"by": "young_person", "name": person.name}
    suggester = (
        {"by": "personal_adviser", "name": suggestion.suggested_by.name} if suggestion else None
    )
    attribution = {
        field: attribute(
            values[field],
            (row.attribution or {}).get(field, []),
            editor,
            # Only the adviser's own wording is credited to them; a young person's edits
            # of a suggestion are their words.
            suggestion.text if suggestion and suggestion.field == field else None,
            suggester,
        )
        for field in FIELDS
    }
    # The version check and the write are one statement: two saves cannot both win.
    changed = db.session.execute(
        update(PlanSection)
        .where(PlanSection.id == row.id, PlanSection.version == version)
        .values(
            in_my_words=values["in_my_words"],
            want_to_achieve=values["want_to_achieve"],
            scale=values["scale"],
            shared_with_network=values["shared_with_network"],
            attribution=attribution,
            version=version + 1,
            updated_at=utcnow(),
        )
    )
    if changed.rowcount != 1:
        db.session.rollback()
        saved = section_row(plan_for(person), slug)
        raise Conflict(saved, values)
    db.session.add(
        SectionVersion(
            section_id=row.id,
            version=version + 1,
            in_my_words=values["in_my_words"],
            want_to_achieve=values["want_to_achieve"],
            attribution=attribution,
            scale=values["scale"],
            author_kind="young_person",
            author_name=person.name,
            note=note,
        )
    )
    _changed_since_agreement(plan)
    db.session.expire(row)
    return row


def keep_unmerged(row: PlanSection, values: dict) -> UnmergedEdit:
    """A refused save is kept (once, however often it is resent) until merged."""
    latest = latest_unmerged(row)
    if latest is not None and latest.values == values:
        return latest
    edit = UnmergedEdit(section_id=row.id, values=values)
    db.session.add(edit)
    return edit


def latest_unmerged(row: PlanSection) -> UnmergedEdit | None:
    return db.session.scalar(
        select(UnmergedEdit)
        .where(UnmergedEdit.section_id == row.id)
        .order_by(UnmergedEdit.id.desc())
        .limit(1)
    )


def sections_to_merge(plan: PathwayPlan) -> set[str]:
    """Slugs of sections with a refused save waiting to be put together."""
    stmt = (
        select(PlanSection.section)
        .join(UnmergedEdit, UnmergedEdit.section_id == PlanSection.id)
        .where(PlanSection.plan_id == plan.id)
    )
    return set(db.session.scalars(stmt))


def merged(row: PlanSection, up_to_id: int) -> None:
    """Only edits the young person was shown in the merge view are cleared: a save from
    another screen must never silently drop words they have not seen."""
    db.session.execute(
        delete(UnmergedEdit).where(UnmergedEdit.section_id == row.id, UnmergedEdit.id <= up_to_id)
    )


def _same(row: PlanSection, values: dict) -> bool:
    return all(getattr(row, field) == values[field] for field in values)


def _changed_since_agreement(plan: PathwayPlan) -> None:
    """A change after signing needs both signatures again; the agreed version stays on record."""
    plan.yp_agreed_at = None
    plan.pa_agreed_at = None


def versions_of(row: PlanSection) -> list[SectionVersion]:
    stmt = (
        select(SectionVersion)
        .where(SectionVersion.section_id == row.id)
        .order_by(SectionVersion.version.desc())
    )
    return list(db.session.scalars(stmt))


# Suggestions and actions -----------------------------------------------------------------


def suggest(person: YoungPerson, slug: str, field: str, text: str, adviser: Worker) -> Suggestion:
    if field not in FIELDS:
        abort(404)
    row = section_row(plan_for(person), slug)
    suggestion = Suggestion(section_id=row.id, field=field, text=text, suggested_by=adviser)
    db.session.add(suggestion)
    return suggestion


def get_suggestion_for(person: YoungPerson, public_id: str) -> Suggestion:
    plan = plan_for(person)
    suggestion = db.session.scalar(
        select(Suggestion)
        .join(PlanSection, Suggestion.section_id == PlanSection.id)
        .where(Suggestion.public_id == public_id, PlanSection.plan_id == plan.id)
    )
    if suggestion is None or suggestion.status != "open":
        abort(404)
    return suggestion


def respond(person: YoungPerson, suggestion: Suggestion, answer: str, changed_text: str) -> None:
    """Accept (the words go in as suggested), change (the young person's edit goes in), or
    decline (nothing changes). The young person's own text is never replaced silently."""
    suggestion.responded_at = utcnow()
    if answer == "decline":
        suggestion.status = "declined"
        return
    row = suggestion.section
    final = suggestion.text if answer == "accept" else changed_text
    suggestion.status = "accepted" if answer == "accept" else "changed"
    suggestion.final_text = final
    values = {
        "in_my_words": row.in_my_words,
        "want_to_achieve": row.want_to_achieve,
        "scale": row.scale,
        "shared_with_network": row.shared_with_network,
    }
    current = values[suggestion.field]
    values[suggestion.field] = f"{current.rstrip()}\n{final}".strip() if current.strip() else final
    note = "accepted a suggestion" if answer == "accept" else "changed and accepted a suggestion"
    save_section(person, row.section, row.version, values, note=note, suggestion=suggestion)


def add_action(
    person: YoungPerson, slug: str, what: str, who: str, by_when, kind: str, name: str
) -> PathwayAction:
    row = section_row(plan_for(person), slug)
    action = PathwayAction(
        section_id=row.id, what=what, who_helps=who, by_when=by_when,
        added_by_kind=kind, added_by_name=name,
    )  # fmt: skip
    db.session.add(action)
    return action


def get_action_for(person: YoungPerson, public_id: str) -> PathwayAction:
    plan = plan_for(person)
    action = db.session.scalar(
        select(PathwayAction)
        .join(PlanSection, PathwayAction.section_id == PlanSection.id)
        .where(PathwayAction.public_id == public_id, PlanSection.plan_id == plan.id)
    )
    if action is None:
        abort(404)
    return action


# Agreeing the plan ------------------------------------------------------------------------


def agree(person: YoungPerson, by: str) -> AgreedPlanVersion | None:
    """Both sign; then the version is snapshotted for the record and the review date set."""
    plan = plan_for(person)
    # When both sign at the same moment, each must see the other's signature: the second
    # waits for the first, so exactly one agreed version reaches the record.
    lock(plan)
    if plan.yp_agreed_at and plan.pa_agreed_at:
        # Already agreed at this version (any change clears both signatures): a double tap,
        # a resend, or the second signer's request that waited behind the lock changes
        # nothing, so the record gets one agreed version, not one per tap.
        return None
    now = utcnow()
    if by == "young_person":
        plan.yp_agreed_at = now
    else:
        plan.pa_agreed_at = now
    if not (plan.yp_agreed_at and plan.pa_agreed_at):
        return None
    plan.agreed_at = now
    plan.review_due = now.date() + current_app.config["PATHWAY_REVIEW_INTERVAL"]
    number = (
        db.session.scalar(
            select(AgreedPlanVersion.number)
            .where(AgreedPlanVersion.plan_id == plan.id)
            .order_by(AgreedPlanVersion.number.desc())
            .limit(1)
        )
        or 0
    ) + 1
    version = AgreedPlanVersion(plan=plan, number=number, snapshot=snapshot(plan), agreed_at=now)
    db.session.add(version)
    db.session.flush()
    from participation.caserecord.services import register, team_of_worker_id

    register(
        "pathway_plan", version.public_id, team_of_worker_id(person.personal_adviser_id),
        f"{person.name}: pathway plan version {number} agreed",
    )  # fmt: skip
    return version


def snapshot(plan: PathwayPlan) -> dict:
    """The plan as agreed: the young person's words verbatim, with who wrote each sentence.
    Section titles are in English, the language of the case record."""
    with force_locale("en"):
        return _snapshot(plan)


def _snapshot(plan: PathwayPlan) -> dict:
    rows = sections_of(plan)
    person = plan.young_person
    return {
        "young_person": {"id": person.public_id, "name": person.name},
        "language": person.preferred_language,
        "personal_adviser": person.personal_adviser.name,
        "young_person_agreed_at": plan.yp_agreed_at.isoformat() if plan.yp_agreed_at else None,
        "adviser_agreed_at": plan.pa_agreed_at.isoformat() if plan.pa_agreed_at else None,
        "sections": [
            {
                "id": s.slug,
                "title": str(s.title),
                "in_my_words": rows[s.slug].in_my_words if s.slug in rows else "",
                "want_to_achieve": rows[s.slug].want_to_achieve if s.slug in rows else "",
                "how_am_i_doing": rows[s.slug].scale if s.slug in rows else None,
                "who_wrote_what": rows[s.slug].attribution if s.slug in rows else {},
                "actions": [
                    {
                        "what": a.what,
                        "who_helps": a.who_helps,
                        "by_when": a.by_when.isoformat() if a.by_when else None,
                        "done": a.done,
                        "added_by": a.added_by_name,
                    }
                    for a in (rows[s.slug].actions if s.slug in rows else [])
                ],
            }
            for s in SECTIONS
        ],
    }


# Young person sign-in ---------------------------------------------------------------------


def issue_invite(person: YoungPerson) -> tuple[str, str]:
    now = utcnow()
    db.session.execute(
        update(YoungPersonInvite)
        .where(
            YoungPersonInvite.young_person_id == person.id, YoungPersonInvite.revoked_at.is_(None)
        )
        .values(revoked_at=now)
    )
    link, code = new_token(), new_code()
    db.session.add(
        YoungPersonInvite(
            young_person=person,
            link_hash=digest(link),
            code_hash=digest(code),
            expires_at=now + current_app.config["INVITE_TTL"],
        )
    )
    return link, code


def find_invite(*, link: str | None = None, code: str | None = None) -> YoungPersonInvite | None:
    return find_open_invite(YoungPersonInvite, link=link, code=code)


def accept_invite(invite: YoungPersonInvite, username: str, password: str) -> None:
    username = username.strip().lower()
    taken = db.session.scalar(
        select(YoungPerson.id).where(
            YoungPerson.username == username, YoungPerson.id != invite.young_person_id
        )
    )
    if taken:
        raise Refused(_("That name is already used. Please choose another."), 422)
    if not claim_once(YoungPersonInvite, invite.id, utcnow()):
        raise Refused(_("That invitation has already been used."), 422)
    person = invite.young_person
    person.username = username
    person.password_hash = generate_password_hash(password)
    # A new invitation and password (often after losing a phone): every phone signed in
    # before now is signed out, so a lost or stolen one can't go on reading the plan.
    end_sessions_for(Kind.YOUNG_PERSON, person.id)
    start_session(person)


def start_session(person: YoungPerson) -> None:
    """Sign this phone in as the young person (a new session row and session id; commits)."""
    sign_in_young_person(person)


# Made once with the same method and cost as real young people's passwords.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def check_password(username: str, password: str) -> YoungPerson | None:
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.username == username.strip().lower())
    )
    if person is None or not person.password_hash:
        # Exactly the work of a real check (one scrypt, no hashing of a new password), so the
        # time taken doesn't tell a stranger which sign-in names exist.
        check_password_hash(_DUMMY_HASH, password)
        return None
    return person if check_password_hash(person.password_hash, password) else None


# At most this many one-time codes work at once for a young person: each extra valid code
# is one more chance for a guess to land, so a new one beyond this stops the oldest.
MAX_VALID_CODES = 3


# Codes sent to one name: at most one a minute and five an hour. Past that nothing is sent
# and nothing is stopped, with the same answer as for a sent code: a stranger who knows a
# young person's sign-in name can't flood them with texts, or keep asking so that the code
# they have just been sent stops working.
CODE_SEND_GAP = timedelta(minutes=1)
CODE_SENDS_PER_HOUR = 5
# No young person has this id: an unknown name runs the same queries against it.
_NOBODY = -1


def send_one_time_code(username: str) -> None:
    """Ask for a code to be sent to the contact the young person chose; says nothing about
    who exists. The code itself is made and sent by a job (participation/pathway/jobs.py),
    so a slow or down provider never slows or fails this page."""
    now = utcnow()
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.username == username.strip().lower())
    )
    # Privacy: an unknown name (or one with nowhere to send to) makes the same database
    # round trips as a real one, and nothing here waits on the provider, so the time taken
    # says little about which names exist.
    person_id = person.id if person is not None and person.contact else _NOBODY
    recent = list(
        db.session.scalars(
            select(OneTimeCode.created_at)
            .where(
                OneTimeCode.young_person_id == person_id,
                OneTimeCode.created_at > now - timedelta(hours=1),
            )
            .order_by(OneTimeCode.created_at.desc())
            .limit(CODE_SENDS_PER_HOUR)
        )
    )
    valid = list(
        db.session.scalars(
            select(OneTimeCode)
            .where(
                OneTimeCode.young_person_id == person_id,
                OneTimeCode.used_at.is_(None),
                OneTimeCode.expires_at > now,
            )
            .order_by(OneTimeCode.created_at.desc(), OneTimeCode.id.desc())
        )
    )
    issue = (
        person_id != _NOBODY
        and len(recent) < CODE_SENDS_PER_HOUR
        and (not recent or recent[0] <= now - CODE_SEND_GAP)
    )
    if issue:
        # Each extra valid code is one more chance for a guess to land, so a new one beyond
        # MAX_VALID_CODES stops the oldest (never one under a minute old: see the gap above).
        for row in valid[MAX_VALID_CODES - 1 :]:
            row.expires_at = now
        # Privacy: no code yet, only a row that no typed code matches (PENDING). The job
        # makes the code and keeps just its hash, so the plain code is never stored, not
        # even in the job's arguments. The row counts towards the limits above at once.
        pending = OneTimeCode(
            young_person_id=person_id,
            code_hash=PENDING,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        db.session.add(pending)
        db.session.flush()
        # In this transaction: the request and its job are saved together or not at all.
        enqueue(send_sign_in_code, code_id=pending.id)
    db.session.commit()


def use_one_time_code(username: str, code: str) -> YoungPerson | None:
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.username == username.strip().lower())
    )
    if person is None:
        return None
    row_id = db.session.scalar(
        select(OneTimeCode.id).where(
            OneTimeCode.young_person_id == person.id,
            OneTimeCode.code_hash == digest(normalise_code(code)),
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > utcnow(),
        )
    )
    if row_id is None:
        return None
    # One conditional statement (as tokens.claim_once): if two phones race with the same
    # code, exactly one gets in.
    claimed = db.session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.id == row_id, OneTimeCode.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    return person


def current_young_person() -> YoungPerson | None:
    """The young person signed in on this phone (the identity layer decides)."""
    identity = who_is_asking()
    if identity is None or identity.kind != Kind.YOUNG_PERSON:
        return None
    return identity.person


def require_young_person() -> YoungPerson:
    person = current_young_person()
    if person is None:
        abort(404)
    return person


def shared_sections_for_family(family_id: int) -> list[tuple[YoungPerson, list]]:
    """What a network member may read: only the sections each young person chose to share."""
    people = db.session.scalars(select(YoungPerson).where(YoungPerson.family_id == family_id))
    result = []
    for person in people:
        plan = db.session.scalar(
            select(PathwayPlan).where(PathwayPlan.young_person_id == person.id)
        )
        if plan is None:
            continue
        rows = sections_of(plan)
        shared = [
            (BY_SLUG[s], rows[s]) for s in BY_SLUG if s in rows and rows[s].shared_with_network
        ]
        if shared:
            result.append((person, shared))
    return result
