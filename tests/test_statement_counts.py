"""Every list page runs the same number of SQL statements however many rows it lists, so a
page that loads each row's child, family or rules one by one (an N+1) can't come back."""

from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from sqlalchemy import select, update

from participation.activities.services import start_activity
from participation.alerts.models import WorryAlert
from participation.audit.services import record
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import create_client, register
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.version_models import SafetyPlanVersion
from participation.pathway.plans import plan_for
from tests.helpers import PASSWORD, page_text, statements
from tests.test_audit_bulk import add_entries
from tests.test_interpreters import interpreter

FEW = 3
MORE = 9  # added to FEW: four times the rows the first count saw


def signed_in(app, worker):
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return staff


def count(client, url: str) -> int:
    """Statements one request for `url` sends, once a first request warmed any caches."""
    return len(sent(client, url))


def sent(client, url: str) -> list[str]:
    """The statements themselves, for a failure message that names the repeated one."""
    assert client.get(url).status_code == 200
    with statements() as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return seen


class Counts(NamedTuple):
    few: int
    many: int
    repeated: str  # the statement sent most often at the larger size: the likely N+1


def grows(client, url: str, seed) -> Counts:
    """Statements for `url` with FEW rows seeded, then with FEW + MORE."""
    seed(FEW)
    few = sent(client, url)
    seed(MORE)
    many = sent(client, url)
    repeated = Counter(many).most_common(1)[0][0] if many else ""
    return Counts(len(few), len(many), " ".join(repeated.split())[:300])


def shown(client, url: str, phrase: str) -> int:
    """How many times the page shows `phrase`: proof the rows were really listed."""
    return page_text(client.get(url)).count(phrase)


def sent_activity(app, child, worker, make_code, language="en"):
    """A Three Houses the child filled in and sent, as the review queue lists it."""
    activity = start_activity(
        child, worker, tool="three_houses", mode="code", seen_alone=True,
        present="", interpreter="", language=language,
    )  # fmt: skip
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "Dad shouts"},
    )
    tablet.post(f"/activities/{activity.public_id}/finish")
    return activity


def write(phone, family, text="Nan collected Amy from school", language="en"):
    """A network member's journal entry logged against the plan's first rule."""
    rules = [rule.public_id for rule in family.plan.rules]
    data = {"plan_worked": "yes", "rules": rules, "what_happened": text, "language": language}
    response = phone.post("/network/journal/new", data=data, content_type="multipart/form-data")
    assert response.status_code in (200, 302), response.data


@pytest.fixture
def worker(make_worker):
    return make_worker(name="Sam Okafor")


@pytest.fixture
def family_phone(worker, make_child, make_family, make_member, member_phone):
    """Amy's family, with two rules, and Nan (boss of the plan) signed in on a phone."""
    rules = ("If Mum is drinking, Nan collects Amy", "Dad does not drive after drinking")
    family = make_family(make_child(worker, name="Amy Clarke"), worker, rules=rules)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    return family, member_phone(nan)


def test_the_review_queue(app, worker, make_child, make_code, family_phone):
    family, phone = family_phone

    def seed(n):
        for _ in range(n):
            sent_activity(app, make_child(worker), worker, make_code)
            write(phone, family)
            child = make_child(worker)
            db.session.add(WorryAlert(child_id=child.id))
        db.session.commit()

    staff = signed_in(app, worker)
    few, many, repeated = grows(staff, "/review", seed)
    assert many == few, (
        f"{FEW * 3} rows: {few} statements; {(FEW + MORE) * 3}: {many}; most repeated: {repeated}"
    )
    assert shown(staff, "/review", "Safety journal: Nan Clarke") == FEW + MORE
    assert shown(staff, "/review", "pressed “I'm worried right now”") == FEW + MORE
    assert shown(staff, "/review", "Three Houses") == FEW + MORE


def test_the_childrens_list(app, make_worker, make_child, make_activity, make_family):
    def seed(n):
        for _ in range(n):
            # Each child with their own worker, so loading workers one by one would show;
            # and a family whose plan, never agreed, is overdue for review (the list's count
            # of plans due once asked for each family's dates one by one).
            worker = make_worker()
            child = make_child(worker)
            make_activity(child, worker)
            family = make_family(child, worker)
            family.created_at = utcnow() - timedelta(days=60)
            db.session.execute(
                update(SafetyPlanVersion)
                .where(SafetyPlanVersion.family_id == family.id)
                .values(created_at=family.created_at)
            )
        db.session.commit()

    staff = signed_in(app, make_worker(role=Role.TEAM_MANAGER))
    few, many, repeated = grows(staff, "/children", seed)
    assert many == few, (
        f"{FEW} children: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(staff, "/children", "born 1 Mar 2017") == FEW + MORE
    assert f"{FEW + MORE} overdue" in page_text(staff.get("/children"))


def test_a_familys_journal_for_the_worker(app, worker, family_phone):
    family, phone = family_phone

    def seed(n):
        for _ in range(n):
            write(phone, family)

    url = f"/journal/family/{family.public_id}"
    staff = signed_in(app, worker)
    few, many, repeated = grows(staff, url, seed)
    assert many == few, (
        f"{FEW} entries: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(staff, url, "Nan collected Amy from school") == 2 * (FEW + MORE)  # 2 rules


def test_the_members_journal_list(app, worker, family_phone, make_member, member_phone):
    family, phone = family_phone  # Nan, the plan's boss, sees every member's entries

    def seed(n):
        for k in range(n):
            write(member_phone(make_member(family, worker, name=f"Cousin {k}")), family)

    few, many, repeated = grows(phone, "/network", seed)
    assert many == few, (
        f"{FEW} entries: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(phone, "/network", "Did the plan work? Yes") == FEW + MORE


def test_the_case_record_api_list_with_its_cursor(app, worker, make_child):
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def seed(n):
        add_entries(worker, make_child, n)  # half submissions, half worry alerts

    few, many, repeated = grows(api, "/api/v1/entries?since=0&limit=200", seed)
    listed = api.get("/api/v1/entries?since=0&limit=200").get_json()["entries"]
    assert len(listed) == FEW + MORE
    assert many == few, (
        f"{FEW} entries: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    # The cursor pages on: the second page costs no more than the first.
    first = api.get("/api/v1/entries?since=0&limit=5").get_json()
    after = first["next_cursor"]
    assert count(api, f"/api/v1/entries?since={after}&limit=5") == count(
        api, "/api/v1/entries?since=0&limit=5"
    )


def test_the_managers_overdue_view(app, worker, make_worker, make_child):
    def seed(n):
        for _ in range(n):
            alert = WorryAlert(child_id=make_child(worker).id)
            db.session.add(alert)
            db.session.flush()
            register("worry_alert", alert.public_id, worker.team_id, "Worry", urgent=True)
        db.session.execute(
            RecordEntry.__table__.update().values(due_by=date.today() - timedelta(days=1))
        )
        db.session.commit()

    manager = signed_in(app, make_worker(role=Role.TEAM_MANAGER))
    few, many, repeated = grows(manager, "/case-record/overdue", seed)
    assert many == few, (
        f"{FEW} overdue: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(manager, "/case-record/overdue", "Urgent: Worry") == FEW + MORE


def test_a_childs_access_log(app, worker, make_worker, make_child):
    child = make_child(worker, name="Amy Clarke")
    others = [make_worker(name=f"Colleague {n}") for n in range(3)]

    def seed(n):
        for k in range(n):
            name = others[k % len(others)].name
            record("view_child", child, actor_kind="worker", actor_name=name)
        db.session.commit()

    url = f"/access-log/children/{child.public_id}"
    staff = signed_in(app, worker)
    few, many, repeated = grows(staff, url, seed)
    assert many == few, (
        f"{FEW} events: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(staff, url, "view child") == FEW + MORE


def test_the_interpreters_queue(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    desk = signed_in(app, interpreter(make_worker, "Amina Warsame", serves=("Northside",)))

    def seed(n):
        for _ in range(n):
            # Each piece from another family, sent by another worker ("sent by ...").
            worker = make_worker()
            family = make_family(make_child(worker), worker)
            member = make_member(family, worker, name="Faadumo Cali")
            member.language = "so"
            db.session.commit()
            write(member_phone(member), family, text="Hooyo waxay joogtay guriga.", language="so")

    few, many, repeated = grows(desk, "/translations", seed)
    assert many == few, (
        f"{FEW} pieces: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(desk, "/translations", "I'll do this one") == FEW + MORE


def test_the_interpreters_done_translations_are_one_page(app, make_worker):
    """Every translation an interpreter ever made was listed (15,000 rows at a large
    council's size): now the waiting ones, then only the latest page of those done."""
    from participation.translation.models import Translation

    app.config["LIST_PAGE_SIZE"] = 4
    person = interpreter(make_worker, "Amina Warsame", serves=("Northside",))
    sender = make_worker(name="Sam Okafor")
    desk = signed_in(app, person)
    made = []

    def seed(n):
        for _ in range(n):
            done = Translation(
                object_kind="activity", object_id=f"done-{len(made)}", field="worries.child_words",
                source_text="Hooyo", source_language="so", text="Mum", status="done",
                requested_by_id=sender.id, assigned_to_id=person.id, translator_kind="interpreter",
                translated_at=utcnow() + timedelta(minutes=len(made)),
            )  # fmt: skip
            made.append(done)
            db.session.add(done)
        db.session.commit()

    few, many, repeated = grows(desk, "/translations", seed)
    assert many == few, f"{few} statements, then {many}; most repeated: {repeated}"
    page = desk.get("/translations").get_data(as_text=True)
    assert page.count('class="read"') == 4
    # The newest done first: the last one made is listed, the first one is not.
    assert made[-1].public_id in page and made[0].public_id not in page


def test_the_advisers_young_people(app, make_worker, make_young_person):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Pat Adviser")

    def seed(n):
        for k in range(n):
            person = make_young_person(adviser, name=f"Young Person {k}")
            # A review due soon, so the page's "Plan reviews due" lists them too.
            plan_for(person).review_due = date.today() + timedelta(days=7)
            db.session.commit()

    desk = signed_in(app, adviser)
    few, many, repeated = grows(desk, "/young-people", seed)
    assert many == few, (
        f"{FEW} young people: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(desk, "/young-people", "born 2 Apr 2008") == FEW + MORE
    assert shown(desk, "/young-people", "Young Person 0 : due") == 2  # in both seedings


def test_the_members_home_with_young_peoples_shared_sections(
    app, make_worker, make_family, make_child, make_member, member_phone, make_young_person
):
    """A network member's home lists what each young person in the family shares: one
    statement for all of them, and never a section kept private."""
    from participation.pathway.plans import section_row
    from participation.pathway.sections import SECTIONS

    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Pat Adviser")
    family = make_family(make_child(adviser, name="Amy Clarke"), adviser)
    phone = member_phone(make_member(family, adviser, name="Nan Clarke"))
    shared, private = SECTIONS[0].slug, SECTIONS[1].slug

    def seed(n):
        for k in range(n):
            person = make_young_person(adviser, name=f"Young Person {k}")
            person.family_id = family.id
            plan = plan_for(person)
            row = section_row(plan, shared)
            row.shared_with_network, row.in_my_words = True, "I want my own flat"
            section_row(plan, private).in_my_words = "Kept to myself"
        db.session.commit()

    few, many, repeated = grows(phone, "/network", seed)
    assert many == few, (
        f"{FEW} young people: {few} statements; {FEW + MORE}: {many}; most repeated: {repeated}"
    )
    assert shown(phone, "/network", "I want my own flat") == FEW + MORE
    assert shown(phone, "/network", "Kept to myself") == 0


def test_the_counter_catches_one_query_per_row(app, make_worker, make_child):
    """The helper itself: loading each child's worker one by one shows as a statement each."""
    for _ in range(3):
        make_child(make_worker())
    db.session.expire_all()
    with statements() as seen:
        children = db.session.scalars(select(Child)).all()
        names = {child.allocated_worker.name for child in children}
    assert len(names) == 3 and len(seen) == 1 + 3


def test_an_audited_page_does_not_read_again_what_it_loaded(app, make_worker, make_child):
    """Opening a child's page writes its audit row first; committing it must not throw away
    the worker and the child the page has already read, to read each again."""
    worker = make_worker()
    child = make_child(worker)
    staff = signed_in(app, worker)
    seen = sent(staff, f"/children/{child.public_id}")
    assert any(s.lstrip().startswith("INSERT INTO audit_event") for s in seen)
    starts = Counter(s.split(" FROM ")[0].split(",")[0].strip() for s in seen)
    assert starts["SELECT worker.id AS worker_id"] == 0, seen
    assert sum(n for first, n in starts.items() if first.startswith("SELECT child.id")) == 1, seen


def test_the_childs_activity_with_their_workers_messages(
    app, worker, make_child, make_activity, make_code
):
    """The child opens a new activity and sees their worker's messages about earlier ones:
    marking them seen must not make the page read each message and its activity again."""
    from participation.activities.models import Status
    from participation.review.models import Review

    child = make_child(worker, name="Amy Clarke")
    draft = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(draft, worker)})

    def seed(n):
        for k in range(n):
            earlier = make_activity(child, worker)
            earlier.status, earlier.submitted_at = Status.SUBMITTED, utcnow()
            db.session.add(
                Review(activity=earlier, reviewed_at=utcnow(), reviewed_by_id=worker.id,
                       reply=f"Thank you for telling me {k}", replied_at=utcnow(),
                       replied_by_id=worker.id)
            )  # fmt: skip
        db.session.commit()

    url = f"/activities/{draft.public_id}"
    few, many, repeated = grows(tablet, url, seed)
    assert many == few, f"{FEW} messages: {few} statements; 10: {many}; most repeated: {repeated}"
    assert shown(tablet, url, "Thank you for telling me") == 10  # the newest ten, all shown


def test_a_young_persons_plan_for_their_adviser(app, make_worker, make_young_person):
    """The adviser's view of a pathway plan lists every section's actions: one statement
    for all of them, not one per section."""
    from participation.pathway.actions import add_action
    from participation.pathway.sections import SECTIONS

    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Pat Adviser")
    person = make_young_person(adviser)
    added = []

    def seed(n):
        for _ in range(n):
            section = SECTIONS[len(added) % len(SECTIONS)]
            added.append(section.slug)
            add_action(person, section.slug, f"Step {len(added)}", "", None, "adviser", "Pat")
        db.session.commit()

    desk = signed_in(app, adviser)
    url = f"/young-people/{person.public_id}"
    few, many, repeated = grows(desk, url, seed)
    assert many == few, f"{FEW} actions: {few} statements; {FEW + MORE}: {many}; {repeated}"
    assert shown(desk, url, "Step ") == FEW + MORE
