"""Loading the demo through the app's own services, so its data is what the screens make."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.activities.models import Activity, Mode, Status
from participation.activities.services import (
    Access,
    confirm_seen,
    save_answers,
    save_drawing,
    start_activity,
    submit,
)
from participation.activities.tools import tool_for
from participation.audit.services import record
from participation.auth.models import Role, Worker
from participation.auth.services import create_worker, get_or_create_team
from participation.children.models import Child
from participation.children.services import create_child
from participation.codes.services import issue_code
from participation.demo import content
from participation.demo.drawings import drawing
from participation.extensions import db
from participation.journal.services import create_entry
from participation.links import external_url
from participation.network.models import Family, NetworkMember
from participation.network.services import (
    add_child_to_family,
    add_item,
    add_pair,
    add_rule,
    create_family_for,
    create_member,
    issue_invite,
    member_author,
    set_safety_object,
    worker_author,
)
from participation.network.terms import plan_for
from participation.network.versions import agree
from participation.pathway.invites import issue_invite as issue_yp_invite
from participation.pathway.models import YoungPerson
from participation.pathway.plans import add_young_person, section_row
from participation.pathway.plans import plan_for as pathway_plan_for
from participation.pathway.suggestions import suggest
from participation.pathway.words import row_values, save_section
from participation.tokens import display_code

UK = ZoneInfo("Europe/London")


class NotEmpty(Exception):
    """The database holds staff who are not the demo's: demo people are never mixed in."""


@dataclass
class SignIns:
    """Everything a newcomer needs to sign in as each audience, printed at start."""

    already_loaded: bool
    staff: list[tuple[str, str, str, str]] = field(default_factory=list)
    child: tuple[str, str, str] = ("", "", "")  # name, code, where to type it
    code_minutes: int = 0
    members: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, role, link, code
    young_person: tuple[str, str, str] = ("", "", "")  # name, link, code
    invite_days: int = 0

    def lines(self) -> list[str]:
        """The sign-ins as the command prints them."""
        head = "Demo data already loaded." if self.already_loaded else "Demo data loaded."
        out = [head, f"Staff sign in at {external_url('auth.sign_in')}, password for all: "
                     f"{content.PASSWORD}"]  # fmt: skip
        out += [f"  {email:<31} {name:<18} {role:<17} {team}" for email, name, role, team
                in self.staff]  # fmt: skip
        name, code, url = self.child
        out += [
            f"Child: {name} types the code {code} at {url}",
            f"  (works for {self.code_minutes} minutes; run flask seed-demo again for a fresh one)",
            f"Safety network (links work for {self.invite_days} days):",
        ]
        out += [f"  {n} ({r}): {link}  or code {c}" for n, r, link, c in self.members]
        name, link, code = self.young_person
        out += [f"Young person: {name} joins at {link}  or code {code}"]
        out.append(
            "Urgent alerts text the demo mobiles (07700 900xxx) and the duty contacts "
            "./scripts/dev sets; in development every message shows at /dev/messages."
        )
        return out


def load() -> SignIns:
    """Load the demo once; run again, it only makes fresh codes and links to print."""
    if db.session.scalar(select(Worker.id).where(Worker.email == content.ADMIN_EMAIL)):
        return sign_ins(already_loaded=True)
    if db.session.scalar(select(Worker.id).limit(1)):
        # Safeguarding: invented people are never mixed into a database with real staff.
        raise NotEmpty("this database already has staff accounts: demo data not loaded")
    staff = _staff()
    children = {c["name"]: _child(c, staff[c["worker"]]) for c in content.CHILDREN}
    jayden = _child(content.CODE_CHILD, staff[content.CODE_CHILD["worker"]])
    for details in content.CHILDREN:
        child, worker = children[details["name"]], staff[details["worker"]]
        _finished(child, worker, "three_houses", details, details["three_houses"])
        _finished(child, worker, "safety_house", details, details["safety_house"])
    amy = children["Amy Clarke"]
    _family(amy, jayden, staff["sam.worker@example.org"])
    _young_person(staff[content.YOUNG_PERSON["adviser"]])
    return sign_ins(already_loaded=False)


def _staff() -> dict[str, Worker]:
    workers = {}
    for email, name, role, team, mobile in content.STAFF:
        worker = create_worker(
            email, name, role, content.PASSWORD, get_or_create_team(team) if team else None
        )
        worker.mobile = mobile
        if role == Role.INTERPRETER:
            worker.languages = content.INTERPRETER["languages"]
            worker.gender = content.INTERPRETER["gender"]
            worker.serves = [get_or_create_team(t) for t in content.INTERPRETER["serves"]]
        workers[email] = worker
    db.session.commit()
    return workers


def _child(details: dict, worker: Worker) -> Child:
    """As "Add a child" makes one: created and audited."""
    fields = ("name", "date_of_birth", "case_reference", "preferred_language")
    child = create_child(
        **{f: details[f] for f in fields},
        communication_needs=details["communication_needs"],
        allocated_worker=worker,
    )
    db.session.flush()
    record("create_child", child, object_kind="child", object_id=child.public_id)
    db.session.commit()
    return child


def _start(child: Child, worker: Worker, tool: str, mode: Mode, interpreter: str) -> Activity:
    """As "Start an activity" does: started and audited."""
    activity = start_activity(
        child, worker, tool=tool, mode=mode, seen_alone=not interpreter,
        present=interpreter, interpreter=interpreter, language=child.preferred_language,
    )  # fmt: skip
    db.session.flush()
    record("start_activity", child, object_kind="activity", object_id=activity.public_id)
    db.session.commit()
    return activity


def _finished(child: Child, worker: Worker, tool: str, details: dict, words: dict) -> None:
    """Done together at the worker's tablet: the child's words and drawing in every area,
    sent, then the worker says who was there, as the activity screens do."""
    interpreter = details["interpreter"]
    activity = _start(child, worker, tool, Mode.TOGETHER, interpreter)
    access = Access(activity, worker)
    for area in tool_for(tool).areas:
        answers = MultiDict({"child_words": words[area.slug]})
        if area.scale is not None:
            answers.update(details["path"])
        save_answers(access, area.slug, answers)
        db.session.commit()
        # Through the same checks and re-encoding as a drawing sent from the canvas.
        save_drawing(access, area.slug, drawing(area.slug, child.case_reference), source="canvas")
    submit(access)
    confirm_seen(
        activity, worker, seen_alone=not interpreter, present=interpreter,
        where="At school, in the quiet room",
        reason="An interpreter was needed" if interpreter else "",
    )  # fmt: skip
    db.session.commit()


def _family(amy: Child, jayden: Child, worker: Worker) -> None:
    """The Clarkes: a safety plan with every kind of part, agreed, and a network whose
    journal holds one entry where the plan worked and one where it did not."""
    family = create_family_for(amy, worker)
    add_child_to_family(family, jayden)
    db.session.commit()
    boss = create_member(
        family, worker, name=content.BOSS["name"], relationship=content.BOSS["relationship"],
        contact=content.BOSS["contact"], contact_shared=True, language="en", is_boss=True,
    )  # fmt: skip
    member = create_member(
        family, worker, name=content.MEMBER["name"], relationship=content.MEMBER["relationship"],
        contact=content.MEMBER["contact"], contact_shared=False, language="en", is_boss=False,
    )  # fmt: skip
    db.session.commit()
    author = worker_author(worker)
    plan = plan_for(family)
    # One change at a time, committed, as each form on the plan page saves its own part.
    for statement, goal in content.PAIRS:
        add_pair(plan, statement, goal, author)
        db.session.commit()
    for text, who in content.RULES:
        # Nan's rule is in her own words: the plan shows whose words each sentence is.
        add_rule(plan, text, who, member_author(boss) if who == "Nan" else author)
        db.session.commit()
    for kind, text, who in content.ITEMS:
        add_item(plan, kind, text, who, author=author)
        db.session.commit()
    obj = content.SAFETY_OBJECT
    set_safety_object(
        plan, plan.terminology, obj["safety_object"], obj["usual_place"], obj["moved_means"],
        obj["who_acts"], chosen_by_child_id=amy.id,
        next_review_on=date.today() + timedelta(days=28), author=author,
    )  # fmt: skip
    db.session.commit()
    agree(family, worker)
    db.session.commit()
    rules = [r.public_id for r in plan_for(family).rules]
    writers = {"boss": boss, "member": member}
    now = datetime.now(UK).replace(tzinfo=None, second=0, microsecond=0)
    for who, worked, happened, red_flags, rule, days_ago in content.JOURNAL:
        writer = writers[who]
        # The journal form's answers, as create_entry reads them from the member's phone.
        answers = SimpleNamespace(
            what_happened=_Data(happened), plan_worked=_Data(worked),
            red_flags=_Data(red_flags), rules=_Data([rules[rule]]),
            occurred_at=_Data(now - timedelta(days=days_ago)),
            safety_object_checked=_Data("na"), language=_Data(writer.language),
            client_key=_Data(None),
        )  # fmt: skip
        create_entry(writer, answers, None, None)
        db.session.commit()


@dataclass
class _Data:
    data: object


def _young_person(adviser: Worker) -> None:
    """Jordan: a pathway plan part-written in their own words, and one suggestion from
    their adviser waiting for them to accept, change or decline."""
    details = content.YOUNG_PERSON
    person = add_young_person(
        adviser, details["name"], details["date_of_birth"], details["preferred_language"]
    )
    # As "Add a young person" asks: allocated months ago, the assessment under way.
    person.pa_allocated_on = date.today() - timedelta(days=120)
    person.assessment_started_on = date.today() - timedelta(days=60)
    db.session.commit()
    for slug, (in_my_words, want) in content.PATHWAY_SECTIONS.items():
        row = section_row(pathway_plan_for(person), slug)
        values = row_values(row) | {
            "in_my_words": in_my_words, "want_to_achieve": want, "shared_with_network": False,
        }  # fmt: skip
        # Saved as the young person's own words, as their plan page saves them.
        save_section(person, slug, row.version, values)
        db.session.commit()
    slug, field_name, text = content.SUGGESTION
    suggest(person, slug, field_name, text, adviser)
    db.session.commit()


def _works_for(role: Role) -> str:
    """What the staff list says instead of a team, for staff who have none."""
    if role == Role.INTERPRETER:
        return content.INTERPRETER["described"]
    return "the whole council" if role == Role.ADMIN else ""


def sign_ins(already_loaded: bool) -> SignIns:
    """Fresh sign-ins: a new code for Jayden's waiting activity and new invitation links
    (each replaces the one before, as the worker's "new code" and "invite" buttons do)."""
    found = SignIns(already_loaded=already_loaded)
    found.staff = [
        (email, name, role.value, team or _works_for(role))
        for email, name, role, team, _m in content.STAFF
    ]
    jayden = db.session.scalars(
        select(Child).where(Child.case_reference == content.CODE_CHILD["case_reference"])
    ).one()
    worker = jayden.allocated_worker
    activity = db.session.scalar(
        select(Activity)
        .where(Activity.child_id == jayden.id, Activity.status == Status.DRAFT,
               Activity.mode == Mode.CODE)
        .order_by(Activity.id.desc())
        .limit(1)
    )  # fmt: skip
    if activity is None:  # none yet, or the last one was sent: a new one to start
        activity = _start(jayden, worker, "three_houses", Mode.CODE, "")
    _code, plain = issue_code(activity, worker)
    found.child = (jayden.name, display_code(plain), external_url("start.enter_code"))
    found.code_minutes = int(current_app.config["CODE_TTL"].total_seconds() // 60)
    family = db.session.get_one(Family, jayden.family_id)
    members = db.session.scalars(
        select(NetworkMember)
        .where(NetworkMember.family_id == family.id, NetworkMember.removed_at.is_(None))
        .order_by(NetworkMember.is_boss.desc(), NetworkMember.name)
    )
    for member in members:
        _invite, link, code = issue_invite(member)
        role = "boss of the plan" if member.is_boss else "network member"
        found.members.append(
            (member.name, role, external_url("join.link", token=link), display_code(code))
        )
    person = db.session.scalars(
        select(YoungPerson).where(YoungPerson.name == content.YOUNG_PERSON["name"])
    ).one()
    link, code = issue_yp_invite(person)
    found.young_person = (person.name, external_url("yp.join_link", token=link), display_code(code))
    found.invite_days = current_app.config["INVITE_TTL"].days
    db.session.commit()
    return found
