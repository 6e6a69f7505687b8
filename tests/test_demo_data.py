"""The demo (`flask seed-demo`): every audience it prints can sign in and finds its content."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from participation.activities.models import Activity, Drawing, Status
from participation.auth.models import Worker
from participation.children.models import Child
from participation.demo import content
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.network.models import Family
from participation.network.versions import latest_agreed
from participation.pathway.models import Suggestion
from participation.uploads import exists
from tests.helpers import page_text

YP_ANSWERS = {
    "username": "jordan.demo",
    "password": "my long password",
    "confirm": "my long password",
    "contact": "",
}


def seed(app) -> str:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def printed(app):
    return seed(app)


def child_code(output: str) -> str:
    return re.search(r"types the code (\S+) at", output).group(1)


def link_of(output: str, name: str) -> str:
    """The path of the sign-in link printed on the line naming this person."""
    found = re.search(rf"{re.escape(name)}[^\n]*?(https?://\S+)", output)
    assert found, output
    return urlsplit(found.group(1)).path


def staff_client(app, email: str):
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": email, "password": content.PASSWORD})
    assert response.status_code == 302, email
    return client


def test_prints_every_sign_in(printed):
    for email, *_rest in content.STAFF:
        assert email in printed
    assert content.PASSWORD in printed
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]+", child_code(printed))
    assert link_of(printed, "Nan Clarke (boss of the plan)").startswith("/join/")
    assert link_of(printed, "Asha Patel (network member)").startswith("/join/")
    assert link_of(printed, "Young person: Jordan Reid").startswith("/yp/join/")


# Each member of staff: their page, what they see on it, and what is not theirs to see.
STAFF_PAGES = [
    ("sam.worker@example.org", "/children", ["Amy Clarke", "Jayden Clarke"], ["Zofia Nowak"]),
    (
        "sam.worker@example.org",
        "/review",
        ["Amy Clarke · Three Houses", "Amy Clarke · Safety House", "the plan did not work"],
        ["Zofia", "Yusuf"],
    ),  # fmt: skip
    ("priya.worker@example.org", "/children", ["Zofia Nowak"], ["Amy Clarke", "Yusuf Haddad"]),
    ("lena.worker@example.org", "/children", ["Yusuf Haddad"], ["Amy Clarke", "Zofia Nowak"]),
    # The Northside manager sees the team's children, not Southside's.
    ("jo.manager@example.org", "/children", ["Amy Clarke", "Zofia Nowak"], ["Yusuf Haddad"]),
    ("alex.pa@example.org", "/young-people", ["Jordan Reid"], ["Amy Clarke"]),
    # The interpreter sees the words waiting in their languages, never the children's records.
    (
        "marta.interpreter@example.org",
        "/translations",
        ["Polish → English", "Arabic → English"],
        ["Amy Clarke", "NS-104811"],
    ),  # fmt: skip
    ("admin@example.org", "/admin/accounts", ["Sam Okafor", "Marta Wiśniewska"], []),
]


def test_each_member_of_staff_signs_in_and_sees_their_page(app, printed):
    for email, path, shown, hidden in STAFF_PAGES:
        response = staff_client(app, email).get(path)
        assert response.status_code == 200, (email, path)
        text = page_text(response)
        for words in shown:
            assert words in text, (email, words)
        for words in hidden:
            assert words not in text, (email, words)


def test_the_child_signs_in_with_the_printed_code(app, printed):
    tablet = app.test_client()
    response = tablet.post("/start", data={"code": child_code(printed)})
    assert response.status_code == 302
    page = page_text(tablet.get(response.headers["Location"]))
    assert "Three Houses" in page
    assert "House of worries" in page


def journal_links(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [
        link
        for link in re.findall(r'href="(/network/journal/[^"]+)"', html)
        if link != "/network/journal/new"
    ]


def test_the_boss_and_the_member_open_their_links(app, printed):
    nan = app.test_client()
    assert nan.post(link_of(printed, "Nan Clarke")).status_code == 302
    home = nan.get("/network")
    page = page_text(home)
    assert "Hello Nan Clarke" in page
    assert "Nan collects Amy and Jayden from school" in page
    assert "Amy's blue teddy, Bluey" in page
    assert len(journal_links(home)) == 2  # the boss of the plan reads the whole journal
    asha = app.test_client()
    assert asha.post(link_of(printed, "Asha Patel")).status_code == 302
    home = asha.get("/network")
    assert "Hello Asha Patel" in page_text(home)
    [own] = journal_links(home)  # a member reads their own entries, not the boss's
    entry = page_text(asha.get(own))
    assert "Heard shouting next door" in entry


def test_the_young_person_joins_and_finds_their_part_written_plan(app, printed):
    phone = app.test_client()
    response = phone.post(link_of(printed, "Jordan Reid"), data=YP_ANSWERS)
    assert response.status_code == 302
    page = page_text(phone.get("/my-plan"))
    assert "Suggestions from Alex" in page
    assert "Open a bank account" in page
    assert "not started" in page  # part-written: some sections still empty
    health = page_text(phone.get("/my-plan/health"))
    assert "asthma inhaler" in health


def test_finished_activities_in_three_languages_with_drawings(app, printed):
    for details in content.CHILDREN:
        child = db.session.scalars(select(Child).where(Child.name == details["name"])).one()
        activities = db.session.scalars(select(Activity).where(Activity.child_id == child.id))
        finished = {a.tool: a for a in activities if a.status == Status.SUBMITTED}
        assert set(finished) == {"three_houses", "safety_house"}
        for activity in finished.values():
            assert activity.language == details["preferred_language"]
            assert activity.seen_confirmed_at is not None
            words = {row.area: row.child_words for row in activity.areas}
            assert words == details[activity.tool]  # kept exactly as written
            # A drawing in every area, stored through the storage interface.
            assert len(activity.drawings) == len(words)
            for drawing in activity.drawings:
                assert drawing.media_type == "image/png"
                assert exists(drawing.storage_key)


def test_drawings_are_shown_only_to_staff_who_may_see_the_child(app, printed):
    drawing = db.session.scalars(
        select(Drawing).join(Activity).join(Child).where(Child.name == "Amy Clarke")
    ).first()
    url = f"/activities/drawings/{drawing.public_id}"
    with staff_client(app, "sam.worker@example.org").get(url) as response:  # closed, as a browser
        assert response.status_code == 200
        assert response.mimetype == "image/png"
    assert staff_client(app, "lena.worker@example.org").get(url).status_code == 404


def test_the_family_has_an_agreed_plan_and_a_journal_where_it_did_not_work(app, printed):
    family = db.session.scalars(select(Family).where(Family.name == "Clarke family")).one()
    assert latest_agreed(family.id) is not None
    worked = db.session.scalars(
        select(JournalEntry.plan_worked).where(JournalEntry.family_id == family.id)
    ).all()
    assert sorted(worked) == ["no", "yes"]
    entries = db.session.scalars(select(JournalEntry)).all()
    assert all(entry.rules for entry in entries)  # each about a rule of the plan


def counts() -> dict[str, int]:
    models = {"staff": Worker, "children": Child, "activities": Activity,
              "journal": JournalEntry, "suggestions": Suggestion, "families": Family}  # fmt: skip
    return {
        name: db.session.scalar(select(func.count()).select_from(m)) for name, m in models.items()
    }


def test_running_twice_duplicates_nothing_and_prints_fresh_sign_ins(app, printed):
    before = counts()
    again = seed(app)
    assert "already loaded" in again
    assert counts() == before
    # The new code works; the one printed before it has stopped, as a re-issued code does.
    assert app.test_client().post("/start", data={"code": child_code(printed)}).status_code != 302
    assert app.test_client().post("/start", data={"code": child_code(again)}).status_code == 302
    assert app.test_client().post(link_of(again, "Nan Clarke")).status_code == 302
    phone = app.test_client()
    assert phone.post(link_of(again, "Jordan Reid"), data=YP_ANSWERS).status_code == 302


def test_a_used_code_is_replaced_by_a_new_activity_on_the_next_run(app, printed):
    tablet = app.test_client()
    location = tablet.post("/start", data={"code": child_code(printed)}).headers["Location"]
    activity_id = location.rsplit("/", 1)[-1]
    assert tablet.post(f"/activities/{activity_id}/finish").status_code == 302
    again = seed(app)
    assert app.test_client().post("/start", data={"code": child_code(again)}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Worker)) == len(content.STAFF)


def test_refuses_a_database_with_other_staff(app, make_worker):
    make_worker()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "not loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Child)) == 0


def test_refused_in_production(app):
    app.config["ENVIRONMENT"] = "production"
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(Worker)) == 0
