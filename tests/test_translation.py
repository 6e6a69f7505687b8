import pytest

from participation.auth.models import Role
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.translation.models import Translation
from tests.helpers import PASSWORD, page_text

POLISH = "Mama piła wieczorem. Babcia odebrała Amy ze szkoły."
ENGLISH = "Mum was drinking in the evening. Nan picked Amy up from school."


def fake_engine(text: str, source: str, target: str) -> tuple[str, str]:
    return f"[{source}->{target}] {text}", "FakeTranslate 1.2"


@pytest.fixture
def polish_entry(app, make_worker, make_child, make_family, make_member, member_phone):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    phone = member_phone(make_member(family, worker, name="Babcia Nowak"))
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": POLISH, "language": "pl"},
    )
    return worker, db.session.query(JournalEntry).one()


def signed_in(app, worker):
    client = app.test_client()
    client.post("/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def test_interpreter_translates_and_the_record_shows_both_with_provenance(
    app, make_worker, polish_entry
):
    worker, entry = polish_entry
    assert entry.what_happened == POLISH and entry.language == "pl"  # stored verbatim
    interpreter = make_worker(role=Role.INTERPRETER, name="Maria Kowalska")
    staff = signed_in(app, worker)
    staff.post(
        f"/review/journal/{entry.public_id}/translations", data={"interpreter": interpreter.id}
    )
    desk = signed_in(app, interpreter)
    queue = desk.get("/translations")
    assert "Polski → English" in page_text(queue)
    item = db.session.query(Translation).one()
    page = page_text(desk.get(f"/translations/{item.public_id}"))
    assert POLISH in page
    # Only the words sent: not the child's name, the writer's name or the case reference.
    assert "Clarke" not in page and "Nowak" not in page and "REF-" not in page
    assert desk.post(f"/translations/{item.public_id}", data={"text": ""}).status_code == 422
    desk.post(f"/translations/{item.public_id}", data={"text": ENGLISH})

    document = page_text(staff.get(f"/record/journal/{entry.public_id}"))
    assert POLISH in document and ENGLISH in document
    assert "by Maria Kowalska, interpreter" in document
    data = staff.get(f"/record/journal/{entry.public_id}.json").get_json()
    assert data["what_happened"] == POLISH
    assert data["translations"][0]["text"] == ENGLISH
    assert data["translations"][0]["translated_by"] == {
        "kind": "interpreter", "name": "Maria Kowalska", "engine": None,
    }  # fmt: skip
    review = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert ENGLISH in review and "by Maria Kowalska, interpreter" in review


def test_interpreter_sees_nothing_that_was_not_sent_to_them(
    app, make_worker, make_child, polish_entry
):
    worker, entry = polish_entry
    interpreter = make_worker(role=Role.INTERPRETER, name="Maria Kowalska")
    other = make_worker(role=Role.INTERPRETER, name="Other Interpreter")
    staff = signed_in(app, worker)
    staff.post(f"/review/journal/{entry.public_id}/translations", data={"interpreter": other.id})
    desk = signed_in(app, interpreter)
    item = db.session.query(Translation).one()
    assert desk.get(f"/translations/{item.public_id}").status_code == 404
    assert "Nothing to translate yet." in page_text(desk.get("/translations"))
    child = make_child(worker, name="Secret Child")
    for url in ("/children", f"/children/{child.public_id}", "/review",
                f"/review/journal/{entry.public_id}", f"/record/journal/{entry.public_id}",
                "/young-people"):  # fmt: skip
        response = desk.get(url)
        assert POLISH not in response.get_data(as_text=True) and "Secret Child" not in page_text(
            response
        ), url
    assert desk.get(f"/record/journal/{entry.public_id}.json").status_code == 404


def test_machine_translation_is_off_unless_configured_and_labelled_when_on(app, polish_entry):
    worker, entry = polish_entry
    staff = signed_in(app, worker)
    assert "Machine-translate" not in page_text(staff.get(f"/review/journal/{entry.public_id}"))
    refused = staff.post(f"/review/journal/{entry.public_id}/translations", data={"how": "machine"})
    assert refused.status_code == 404 and db.session.query(Translation).count() == 0
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.fake_engine"
    staff.post(f"/review/journal/{entry.public_id}/translations", data={"how": "machine"})
    document = page_text(staff.get(f"/record/journal/{entry.public_id}"))
    assert f"[pl->en] {POLISH}" in document
    assert "machine translated by FakeTranslate 1.2 (not checked by a person)" in document
    assert POLISH in document  # the original is still there, untouched
    db.session.expire_all()
    assert db.session.query(JournalEntry).one().what_happened == POLISH


def test_interpreters_land_on_their_queue_after_signing_in(client, auth, make_worker):
    interpreter = make_worker(role=Role.INTERPRETER)
    assert auth.sign_in(interpreter).headers["Location"] == "/translations"
