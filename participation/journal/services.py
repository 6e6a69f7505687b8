"""Safety journal entries: who may see which, attachments, and the worker's view by rule."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from participation.audio import check_voice_memo
from participation.audit.services import record
from participation.auth.models import Worker
from participation.caserecord.services import register, team_of_family
from participation.db_types import utcnow
from participation.extensions import db
from participation.images import normalise_image
from participation.journal.models import JournalAttachment, JournalEntry, entry_rules
from participation.network.models import Family, NetworkMember, PlanRule
from participation.network.services import current_member, visible_family_ids
from participation.paging import Page, keyset_page
from participation.people import worker_or_none
from participation.problems import Refused
from participation.uploads import store

UK = ZoneInfo("Europe/London")


def _visible_to_member_stmt(member: NetworkMember) -> Select[tuple[JournalEntry]]:
    """The boss sees the whole network's entries; others their own and what the boss shared."""
    stmt = select(JournalEntry).where(JournalEntry.family_id == member.family_id)
    if not member.is_boss:
        stmt = stmt.where(
            (JournalEntry.member_id == member.id) | JournalEntry.shared_with_network.is_(True)
        )
    return stmt


def entries_visible_to_member(member: NetworkMember) -> list[JournalEntry]:
    stmt = _visible_to_member_stmt(member).order_by(JournalEntry.occurred_at.desc())
    return list(db.session.scalars(stmt))


def get_entry_for_member_or_404(public_id: str, member: NetworkMember) -> JournalEntry:
    return db.first_or_404(
        _visible_to_member_stmt(member).where(JournalEntry.public_id == public_id)
    )


def visible_entries_stmt(worker: Worker) -> Select[tuple[JournalEntry]]:
    return select(JournalEntry).where(JournalEntry.family_id.in_(visible_family_ids(worker)))


def get_entry_for_worker_or_404(public_id: str, worker: Worker) -> JournalEntry:
    return db.first_or_404(visible_entries_stmt(worker).where(JournalEntry.public_id == public_id))


def to_utc(local: datetime | None) -> datetime:
    """The form's date and time are UK local time; the future is not allowed."""
    if local is None:
        return utcnow()
    moment = local.replace(tzinfo=UK).astimezone(ZoneInfo("UTC"))
    if moment > utcnow():
        raise Refused(_("That date and time is in the future. Please check it."), 422)
    return moment


def existing_entry(member: NetworkMember, client_key: str | None) -> JournalEntry | None:
    if not client_key:
        return None
    return db.session.scalar(
        select(JournalEntry).where(
            JournalEntry.member_id == member.id, JournalEntry.client_key == client_key
        )
    )


def create_entry(
    member: NetworkMember, form, photo: bytes | None, voice: bytes | None
) -> JournalEntry:
    """The member's entry with its photo and voice memo, on their trail and ready for the
    record; "the plan did not work" raises an alert in the same transaction."""
    if not (form.what_happened.data or "").strip() and not photo and not voice:
        raise Refused(
            _("Tell us what happened: write it, add a photo or record a voice memo."), 422
        )
    plan = member.family.plan
    rule_ids = set(form.rules.data or [])
    rules = [r for r in (plan.rules if plan else []) if r.public_id in rule_ids]
    entry = JournalEntry(
        family_id=member.family_id,
        member=member,
        occurred_at=to_utc(form.occurred_at.data),
        what_happened=form.what_happened.data or "",
        plan_worked=form.plan_worked.data,
        red_flags=form.red_flags.data or "",
        safety_object_checked=form.safety_object_checked.data or "na",
        language=form.language.data or member.language,
        rules=rules,
        client_key=(form.client_key.data or None),
    )
    db.session.add(entry)
    cfg = current_app.config
    if photo:
        clean = normalise_image(
            photo,
            max_bytes=cfg["UPLOAD_MAX_BYTES"],
            max_pixels=cfg["UPLOAD_MAX_PIXELS"],
            max_side=cfg["UPLOAD_MAX_SIDE"],
        )
        _attach(entry, "photo", clean.data, clean.media_type, clean.extension, clean.sha256)
    if voice:
        audio = check_voice_memo(voice, max_bytes=cfg["VOICE_MAX_BYTES"])
        _attach(entry, "voice", audio.data, audio.media_type, audio.extension, audio.sha256)
    db.session.flush()
    record("journal_entry", None, "journal_entry", entry.public_id, actor_kind="network")
    register(
        "journal_entry", entry.public_id, team_of_family(member.family_id),
        f"{member.family.name}: safety journal by {member.name}",
        urgent=plan_failed(entry),
    )  # fmt: skip
    raise_plan_did_not_work(entry)  # same transaction: its messages exist if it does
    _ask_for_english(entry)
    if photo:
        from participation.record.print_copies import ask_for_print_copies

        ask_for_print_copies("journal_entry", entry.public_id)  # its PDF never waits on it
    return entry


def _ask_for_english(entry: JournalEntry) -> None:
    """Words written in another language go to translation on arrival, in the same
    transaction as the entry, so the worker never has to remember to ask."""
    from participation.translation.services import auto_request

    worker = _worker_of_family(entry.family_id)
    if worker is not None:
        auto_request("journal_entry", entry, entry.language, worker)


def _worker_of_family(family_id: int) -> Worker | None:
    """Who asks: the family's child's allocated worker, else the young person's adviser."""
    from participation.children.models import Child
    from participation.pathway.models import YoungPerson

    child = db.session.scalar(
        select(Child).where(Child.family_id == family_id).order_by(Child.id).limit(1)
    )
    if child is not None:
        return child.allocated_worker
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.family_id == family_id).limit(1)
    )
    return person.personal_adviser if person else None


def share_with_network(entry: JournalEntry, member: NetworkMember, share: bool) -> None:
    if not member.is_boss:
        # Only the boss of the plan decides what the rest of the network sees.
        abort(404)
    entry.shared_with_network = share


def plan_failed(entry: JournalEntry) -> bool:
    """ "No, the plan did not work" is urgent: a record entry due in 1 working day, not 5."""
    return entry.plan_worked == "no"


def raise_plan_did_not_work(entry: JournalEntry):
    """An alert through the same chain as a worry (SMS and email to the worker, escalation)."""
    from participation.alerts.raising import raise_plan_did_not_work as raise_alert

    return raise_alert(entry) if plan_failed(entry) else None


def _attach(entry, kind: str, data: bytes, media_type: str, extension: str, sha: str) -> None:
    entry.attachments.append(
        JournalAttachment(
            kind=kind,
            storage_key=store(data, extension),
            media_type=media_type,
            byte_size=len(data),
            sha256=sha,
        )
    )


def get_attachment_or_404(public_id: str) -> JournalAttachment:
    """Served to a worker who may see the family, or a member who may see the entry."""
    attachment = db.session.scalar(
        select(JournalAttachment).where(JournalAttachment.public_id == public_id)
    )
    if attachment is None:
        abort(404)
    worker = worker_or_none()
    if worker is not None:
        get_entry_for_worker_or_404(attachment.entry.public_id, worker)
        return attachment
    member = current_member()
    if member is None:
        abort(404)
    get_entry_for_member_or_404(attachment.entry.public_id, member)
    return attachment


@dataclass
class RuleSummary:
    rule: PlanRule | None
    entries: list[JournalEntry]
    counts: Counter

    @property
    def kept(self) -> str:
        """Plain words for a network meeting: is this rule being kept?"""
        if not self.counts.total():
            return "no entries yet"
        if self.counts["no"] == 0 and self.counts["partly"] == 0:
            return "kept"
        if self.counts["no"] == 0:
            return "mostly kept"
        return "not always kept"


def journal_by_rule(family: Family) -> Page[RuleSummary]:
    """One newest-first page of the family's entries, grouped by the rule they were logged
    against, for the worker. Each rule's "kept" counts are over the whole journal (one
    grouped query), so a meeting hears the whole picture, not just this page's."""
    of_family = JournalEntry.family_id == family.id
    total = db.session.scalar(select(func.count(JournalEntry.id)).where(of_family))
    page = keyset_page(
        select(JournalEntry)
        .where(of_family)
        # Each entry's rules and writer, fetched for all entries at once, not one by one.
        .options(selectinload(JournalEntry.rules), selectinload(JournalEntry.member)),
        JournalEntry.occurred_at,
        JournalEntry.id,
        total,
    )
    entries: list[JournalEntry] = page.items
    per_rule: dict[int | None, Counter] = {}
    linked = db.session.execute(
        select(entry_rules.c.rule_id, JournalEntry.plan_worked, func.count())
        .join(JournalEntry, JournalEntry.id == entry_rules.c.entry_id)
        .where(of_family)
        .group_by(entry_rules.c.rule_id, JournalEntry.plan_worked)
    )
    unlinked_counts = db.session.execute(
        select(JournalEntry.plan_worked, func.count())
        .where(of_family, ~exists().where(entry_rules.c.entry_id == JournalEntry.id))
        .group_by(JournalEntry.plan_worked)
    )
    for rule_id, worked, n in linked:
        per_rule.setdefault(rule_id, Counter())[worked] = n
    for worked, n in unlinked_counts:
        per_rule.setdefault(None, Counter())[worked] = n
    summaries = []
    for rule in family.plan.rules if family.plan else []:
        on_page = [e for e in entries if rule in e.rules]
        summaries.append(RuleSummary(rule, on_page, per_rule.get(rule.id, Counter())))
    unlinked = [e for e in entries if not e.rules]
    if unlinked or None in per_rule:
        summaries.append(RuleSummary(None, unlinked, per_rule.get(None, Counter())))
    page.items, page.rows = summaries, len(entries)
    return page
