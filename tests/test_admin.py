"""Administration without the command line: staff accounts with a one-time set-password
link, roles and teams, interpreters, API tokens shown once, and the council's settings."""

import re
from datetime import date, datetime, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from participation.admin.models import CouncilSetting, SetPasswordLink
from participation.audit.models import AuditEvent
from participation.auth.models import Role, Team, Worker
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from tests.helpers import PASSWORD, page_text

NEW_PASSWORD = "a long new password 42"  # noqa: S105


def signed_in(app, worker, password=PASSWORD):
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": worker.email, "password": password})
    assert response.status_code == 302
    return client


@pytest.fixture
def admin(make_worker):
    return make_worker(role=Role.ADMIN, name="Robin Admin")


@pytest.fixture
def desk(app, admin):
    return signed_in(app, admin)


def new_staff(desk, home, **changes):
    data = {
        "name": "Sam Okafor", "email": "Sam.Okafor@example.org", "role": "social_worker",
        "team": home.id, "new_team": "", "mobile": "", "languages": "", "gender": "",
    }  # fmt: skip
    return desk.post("/admin/staff/new", data={**data, **changes})


def shown_link(response) -> str:
    found = re.search(r'id="set-password-link">([^<]+)<', response.get_data(as_text=True))
    assert found, "no set-password link on the page"
    return found.group(1)


def test_an_admin_adds_a_worker_who_chooses_their_own_password(app, desk, team):
    response = new_staff(desk, team)
    assert response.status_code == 303
    page = desk.get(response.location)
    link = shown_link(page)
    assert "shown only this once" in page_text(page)
    worker = db.session.scalars(select(Worker).filter_by(email="sam.okafor@example.org")).one()
    assert (worker.role, worker.team_id, worker.name) == (Role.SOCIAL_WORKER, team.id, "Sam Okafor")
    # Shown once: a reload no longer has it.
    assert 'id="set-password-link"' not in desk.get(response.location).get_data(as_text=True)
    # Only a keyed hash is kept.
    token = link.rsplit("/", 1)[1]
    assert token not in str([r.token_hash for r in db.session.scalars(select(SetPasswordLink))])

    newcomer = app.test_client()
    path = "/staff/welcome/" + token
    assert "Welcome, Sam" in page_text(newcomer.get(path))
    mismatch = newcomer.post(path, data={"password": NEW_PASSWORD, "again": "something else"})
    assert mismatch.status_code == 422
    short = newcomer.post(path, data={"password": "short", "again": "short"})
    assert short.status_code == 422
    done = newcomer.post(path, data={"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert done.status_code == 303 and done.location.endswith("/staff/sign-in")
    assert signed_in(app, worker, NEW_PASSWORD).get("/children").status_code == 200
    # The link works once.
    assert newcomer.get(path).status_code == 404
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"create_staff", "make_set_password_link", "set_own_password"} <= actions


def test_a_set_password_link_stops_when_out_of_date_or_replaced(app, desk, team):
    worker_id = int(new_staff(desk, team).location.rsplit("/", 1)[1])
    first = shown_link(desk.get(f"/admin/staff/{worker_id}")).rsplit("/", 1)[1]
    response = desk.post(f"/admin/staff/{worker_id}/password-link")
    second = shown_link(desk.get(response.location)).rsplit("/", 1)[1]
    newcomer = app.test_client()
    assert newcomer.get(f"/staff/welcome/{first}").status_code == 404
    assert newcomer.get(f"/staff/welcome/{second}").status_code == 200
    link = db.session.scalars(select(SetPasswordLink)).one()
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert newcomer.get(f"/staff/welcome/{second}").status_code == 404
    assert newcomer.get("/staff/welcome/not-a-real-token").status_code == 404


def test_a_taken_email_and_a_missing_team_name_are_said_beside_the_form(app, desk, team, admin):
    taken = new_staff(desk, team, email=admin.email.upper())
    assert taken.status_code == 422
    assert "There is already an account with this email" in page_text(taken)
    unnamed = new_staff(desk, team, team=-1)
    assert unnamed.status_code == 422 and "Give the new team a name" in page_text(unnamed)
    made = new_staff(desk, team, team=-1, new_team="Westside")
    assert made.status_code == 303
    assert db.session.scalars(select(Worker).filter_by(name="Sam Okafor")).one().team.name == (
        "Westside"
    )


def test_an_interpreter_gets_languages_teams_served_and_gender(app, desk, team):
    south = Team(name="Southside")
    db.session.add(south)
    db.session.commit()
    unknown = new_staff(desk, team, role="interpreter", languages="so, xx")
    assert unknown.status_code == 422 and "“xx” is not a language code" in page_text(unknown)
    not_interpreter = new_staff(desk, team, languages="so")
    assert not_interpreter.status_code == 422
    made = new_staff(
        desk, team, name="Amina Hassan", email="amina@example.org", role="interpreter",
        languages="so, ar", serves=[south.id], gender="woman",
    )  # fmt: skip
    assert made.status_code == 303
    amina = db.session.scalars(select(Worker).filter_by(email="amina@example.org")).one()
    assert amina.language_codes == ["so", "ar"] and amina.gender == "woman"
    assert amina.served_team_ids == {team.id, south.id}
    listing = page_text(desk.get("/admin/interpreters"))
    assert "Amina Hassan" in listing and "Somali" in listing and "Southside" in listing


def test_changing_role_or_team_ends_the_workers_sessions(app, desk, make_worker, team):
    sam = make_worker(name="Sam Okafor")
    phone = signed_in(app, sam)
    south = Team(name="Southside")
    db.session.add(south)
    db.session.commit()
    data = {"name": "Sam Okafor", "email": sam.email, "role": "team_manager", "team": south.id,
            "new_team": "", "mobile": "07700900101", "languages": "", "gender": ""}  # fmt: skip
    response = desk.post(f"/admin/staff/{sam.id}", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    sam = db.session.get(Worker, sam.id)
    assert (sam.role, sam.team_id, sam.mobile) == (Role.TEAM_MANAGER, south.id, "07700900101")
    # What they may see changed: they sign in again to the new scope.
    assert phone.get("/children").status_code == 302


def test_an_admin_cannot_change_their_own_role(app, desk, admin, team):
    data = {"name": admin.name, "email": admin.email, "role": "social_worker", "team": team.id,
            "new_team": "", "mobile": "", "languages": "", "gender": ""}  # fmt: skip
    response = desk.post(f"/admin/staff/{admin.id}", data=data)
    assert response.status_code == 422 and "can't change your own role" in page_text(response)
    assert db.session.get(Worker, admin.id).role == Role.ADMIN


def test_teams_are_made_and_renamed(app, desk, team):
    assert desk.post("/admin/teams", data={"name": "Westside"}).status_code == 303
    taken = desk.post("/admin/teams", data={"name": "northside"})
    assert taken.status_code == 422 and "already a team" in page_text(taken)
    west = db.session.scalars(select(Team).filter_by(name="Westside")).one()
    assert (
        desk.post(f"/admin/teams/{west.id}", data={"name": "West and Central"}).status_code == 303
    )
    assert "West and Central" in page_text(desk.get("/admin/teams"))
    assert desk.post(f"/admin/teams/{west.id}", data={"name": "Northside"}).status_code == 422


def test_an_api_token_is_shown_once_and_works_until_revoked(app, desk, team):
    response = desk.post("/admin/api-clients/new", data={"name": "Mosaic", "team": team.id})
    assert response.status_code == 303
    html = desk.get(response.location).get_data(as_text=True)
    token = re.search(r'<code class="secret" dir="ltr">([^<]+)</code>', html).group(1)
    assert token not in desk.get("/admin/accounts").get_data(as_text=True)
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert api.get("/api/v1/entries?since=0").status_code == 200
    client_id = db.session.scalars(select(AuditEvent).filter_by(action="create_api_client")).one()
    desk.post(f"/admin/api-clients/{client_id.object_id}/revoke")
    assert api.get("/api/v1/entries?since=0").status_code == 401


SETTINGS = {
    "terminology": "wellbeing",
    "duty_name": "Northside duty desk", "duty_mobile": "07700 900201", "duty_email": "",
    "night_name": "Emergency duty team", "night_mobile": "", "night_email": "edt@example.org",
    "duty_phone": "0191 555 0100",
    "help_numbers": "Northside Youth Line | 0800 111 222 | | | Weekdays 9 to 5",
    "retention_years": "30", "care_leaver_retention_years": "75", "plan_review_days": "14",
}  # fmt: skip


def test_council_settings_are_used_in_place_of_the_installations(app, desk):
    from participation.alerts.services import duty_contact, emergency_duty_team
    from participation.network.plan_review import interval
    from participation.network.terms import labels
    from participation.pathway.help import duty_number, help_numbers
    from participation.retention.services import retention_ended

    response = desk.post("/admin/settings", data=SETTINGS)
    assert response.status_code == 303
    assert "Saved" in page_text(desk.get(response.location))
    with app.test_request_context():
        weekday_noon = datetime(2026, 12, 2, 12, 0).astimezone()
        assert duty_contact(weekday_noon).mobile == "07700 900201"
        assert emergency_duty_team().email == "edt@example.org"
        assert labels(None) == ("Worry statement", "Wellbeing goal")
        assert [n.name for n in help_numbers()] == ["Northside Youth Line"]
        assert help_numbers()[0].call == "0800111222"
        assert duty_number().call == "01915550100"
        assert interval() == timedelta(days=14)

        class Born:
            date_of_birth = date.today().replace(year=date.today().year - 26)

        assert not retention_ended(Born())  # kept to 30 now, not the default 25
    # What equals the installation's default is not stored: it keeps following it.
    stored = set(db.session.scalars(select(CouncilSetting.key)))
    assert "CARE_LEAVER_RETENTION_YEARS_AFTER_BIRTH" not in stored
    assert "DUTY_CONTACT" in stored
    events = db.session.scalars(select(AuditEvent).filter_by(action="change_council_setting"))
    assert "DUTY_CONTACT" in {e.object_id for e in events}
    # The page shows what is in use now.
    page = desk.get("/admin/settings").get_data(as_text=True)
    assert 'value="Northside duty desk"' in page and "Northside Youth Line |" in page


def test_settings_refuse_what_would_lose_records_or_alerts(app, desk):
    short = desk.post("/admin/settings", data={**SETTINGS, "retention_years": "5"})
    assert short.status_code == 422
    bad_line = desk.post("/admin/settings", data={**SETTINGS, "help_numbers": "No number here"})
    assert bad_line.status_code == 422 and "needs a name and a number" in page_text(bad_line)
    assert db.session.scalars(select(CouncilSetting)).all() == []


@pytest.mark.parametrize(
    "url",
    ["/admin/staff/new", "/admin/teams", "/admin/interpreters", "/admin/settings",
     "/admin/api-clients/new"],
)  # fmt: skip
@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.INTERPRETER])
def test_only_admins_open_the_admin_pages(app, make_worker, url, role):
    assert signed_in(app, make_worker(role=role)).get(url).status_code == 403
    assert signed_in(app, make_worker(role=role)).post(url, data={}).status_code in (403, 405)
    assert app.test_client().get(url).status_code == 302  # to sign in


def test_add_a_child_with_no_workers_says_to_add_one_first(app, desk):
    page = desk.get("/children/new")
    text = page_text(page)
    assert page.status_code == 200
    assert "there are no workers yet" in text and "Add a worker first" in text
    assert 'href="/admin/staff/new"' in page.get_data(as_text=True)
    sent = desk.post("/children/new", data={"name": "Amy Clarke"})
    assert sent.status_code == 422 and "Not a valid choice" not in page_text(sent)


def test_a_manager_with_no_team_is_told_to_ask_the_admin(app, make_worker):
    manager = make_worker(role=Role.TEAM_MANAGER, team=None)
    page = page_text(signed_in(app, manager).get("/children/new"))
    assert "Ask your council's admin to add a worker" in page


def test_an_admin_adds_a_child_for_a_worker_and_does_not_see_their_record(app, desk, make_worker):
    sam = make_worker(name="Sam Okafor")
    form = page_text(desk.get("/children/new"))
    assert "Sam Okafor" in form
    response = desk.post(
        "/children/new",
        data={"name": "Amy Clarke", "date_of_birth": "2017-03-01", "case_reference": "NS-1",
              "preferred_language": "en", "allocated_worker": sam.id, "interpreter_gender": "",
              "address_as": "", "communication_needs": ""},
    )  # fmt: skip
    assert response.status_code == 302 and response.location.endswith("/admin/accounts")
    assert "Amy Clarke is added, allocated to Sam Okafor" in page_text(desk.get("/admin/accounts"))
    amy = db.session.scalars(select(Child)).one()
    assert amy.allocated_worker_id == sam.id
    # Least privilege: admins manage accounts, not casework.
    assert desk.get(f"/children/{amy.public_id}").status_code == 404


def test_an_admin_makes_and_edits_a_reviewing_officer(app, desk, team):
    """Chairs are accounts like any other: made and kept from the admin's form."""
    made = new_staff(desk, team, name="Ruth Adeyemi", email="ruth.iro@example.org",
                     role="independent_reviewing_officer")  # fmt: skip
    assert made.status_code == 303
    ruth = db.session.scalars(select(Worker).filter_by(email="ruth.iro@example.org")).one()
    assert ruth.role == Role.INDEPENDENT_REVIEWING_OFFICER
    form = desk.get(f"/admin/staff/{ruth.id}")
    assert 'selected value="independent_reviewing_officer"' in form.get_data(as_text=True)
    data = {"name": "Ruth Adeyemi", "email": ruth.email, "role": "independent_reviewing_officer",
            "team": team.id, "new_team": "", "mobile": "07700900102", "languages": "",
            "gender": ""}  # fmt: skip
    assert desk.post(f"/admin/staff/{ruth.id}", data=data).status_code == 303
    assert "Independent reviewing officer" in page_text(desk.get("/admin/accounts"))


def test_the_set_password_link_is_emailed_once_and_works(app, desk, team):
    from participation.jobs.testing import run_jobs
    from participation.notify import outbox

    made = new_staff(desk, team)
    sam = db.session.scalars(select(Worker).filter_by(email="sam.okafor@example.org")).one()
    outbox.clear()
    url = f"/admin/staff/{sam.id}/email-link"
    first, second = desk.post(url), desk.post(url)  # a double tap
    assert first.status_code == second.status_code == 303 and made.status_code == 303
    said = page_text(desk.get(first.headers["Location"]))
    assert "A link to choose a password is on its way to sam.okafor@example.org." in said
    assert outbox == []  # off the request path: nothing sent until the job runs
    run_jobs()
    assert [to for to, _text in outbox] == ["sam.okafor@example.org"]
    link = re.search(r"https?://\S+/welcome/\S+", outbox[0][1])[0].rstrip(".")
    phone = app.test_client()
    path = "/" + link.split("/", 3)[3]
    assert phone.get(path).status_code == 200
    chosen = {"password": "a long password of mine", "again": "a long password of mine"}
    assert phone.post(path, data=chosen).status_code in (302, 303)
    signed = phone.post(
        "/staff/sign-in", data={"email": sam.email, **{"password": chosen["password"]}}
    )
    assert signed.status_code == 302 and "/staff/sign-in" not in signed.headers["Location"]
    audit = db.session.scalars(select(AuditEvent).filter_by(action="email_set_password_link"))
    assert len(audit.all()) == 2


def test_an_admins_header_and_menu_lead_only_to_their_own_work(app, desk, make_worker):
    """An admin holds no cases: no Review, Children or Young people that would be empty, and
    the admin menu says which page you are on; `/` starts each role at their own work."""
    html = desk.get("/admin/teams").get_data(as_text=True)
    header = html[html.index('<header class="top">') : html.index("</header>")]
    links = [
        re.sub(r"<[^>]+>|\s+", " ", t).strip()
        for t in re.findall(r"<a [^>]*>(.*?)</a>", header, re.S)
    ]
    assert "Administration" in links
    assert not {"Review", "Children", "Young people"} & set(links)
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', html)
    assert current == ["Teams"]
    assert desk.get("/").headers["Location"].endswith("/admin/accounts")
    interpreter = signed_in(app, make_worker(role=Role.INTERPRETER))
    with app.test_request_context():
        queue = url_for("translation.queue")
    assert interpreter.get("/").headers["Location"].endswith(queue)
