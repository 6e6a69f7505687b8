from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.extensions import db
from tests.helpers import page_text


def test_worker_creates_a_child_record(client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    response = client.post(
        "/children/new",
        data={
            "name": "Amy Clarke",
            "date_of_birth": "2018-06-14",
            "case_reference": "NS-104233",
            "preferred_language": "pl",
            "communication_needs": "Likes to draw first.",
            "allocated_worker": worker.id,
        },
    )
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "Amy Clarke" in page and "NS-104233" in page and "Polish" in page
    assert "Likes to draw first." in page


def test_child_form_errors_are_shown_with_422(client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    response = client.post(
        "/children/new",
        data={"name": "", "date_of_birth": "2999-01-01", "case_reference": "X",
              "preferred_language": "en", "allocated_worker": worker.id},
    )  # fmt: skip
    assert response.status_code == 422
    text = page_text(response)
    assert "This field is required" in text
    assert "Date of birth can't be in the future" in text


def test_worker_cannot_allocate_a_child_to_someone_else(client, auth, make_worker):
    worker, other = make_worker(), make_worker()
    auth.sign_in(worker)
    response = client.post(
        "/children/new",
        data={"name": "X", "date_of_birth": "2018-01-01", "case_reference": "R",
              "preferred_language": "en", "allocated_worker": other.id},
    )  # fmt: skip
    assert response.status_code == 422


def test_worker_sees_only_their_own_children(client, auth, make_worker, make_child):
    mine, theirs = make_worker(), make_worker()
    make_child(mine, name="Amy Clarke")
    other = make_child(theirs, name="Zofia Nowak")
    auth.sign_in(mine)
    listing = page_text(client.get("/children"))
    assert "Amy Clarke" in listing and "Zofia Nowak" not in listing
    assert client.get(f"/children/{other.public_id}").status_code == 404
    assert client.get(f"/access-log/children/{other.public_id}").status_code == 404


def test_manager_sees_their_team_only(client, auth, make_worker, make_child):
    manager = make_worker(role=Role.TEAM_MANAGER)
    colleague = make_worker()
    other_team = get_or_create_team("Southside")
    db.session.commit()
    outsider = make_worker(team=other_team)
    make_child(colleague, name="Amy Clarke")
    make_child(outsider, name="Jordan Miles")
    auth.sign_in(manager)
    listing = page_text(client.get("/children"))
    assert "Amy Clarke" in listing and "Jordan Miles" not in listing


def test_admin_manages_accounts_not_casework(client, auth, make_worker, make_child):
    admin = make_worker(role=Role.ADMIN)
    child = make_child(make_worker(), name="Amy Clarke")
    auth.sign_in(admin)
    assert "Amy Clarke" not in page_text(client.get("/children"))
    assert client.get(f"/children/{child.public_id}").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, make_worker, make_child):
    child = make_child(make_worker())
    response = client.get(f"/children/{child.public_id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
