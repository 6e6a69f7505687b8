"""'What I'm entitled to': the council's page for care leavers, edited by an admin only (and
audited), read by each young person in their language, and linked from Money and Where I live."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.pathway.entitlements import DEFAULT_TEXT, blocks
from participation.translation.models import Translation
from tests.helpers import PASSWORD, page_text

NEW_TEXT = (
    "## Setting Up Home Allowance\nNorthside gives you £3,000 for your first home.\n\n"
    "## How to ask\nTell your PA."
)


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


@pytest.fixture
def sam(make_worker):
    return make_worker(name="Sam Okafor")


@pytest.fixture
def admin(app, make_worker):
    return signed_in(app, make_worker(role=Role.ADMIN, name="Ada Admin"))


def test_the_shipped_text_is_there_before_anyone_edits_it(sam, make_young_person, yp_phone):
    phone = yp_phone(make_young_person(sam))
    page = page_text(phone.get("/my-plan/entitlements"))
    assert "Setting Up Home Allowance" in page and "Junior ISA" in page and "How to ask" in page


def test_an_admin_edits_it_audited_and_young_people_read_the_new_text(
    admin, sam, make_young_person, yp_phone
):
    assert 'href="/admin/entitlements"' in admin.get("/admin/accounts").get_data(as_text=True)
    assert "care leavers' offer" in page_text(admin.get("/admin/entitlements"))
    saved = admin.post("/admin/entitlements", data={"body": NEW_TEXT})
    assert saved.status_code == 303
    assert "Last changed by Ada Admin" in page_text(admin.get("/admin/entitlements"))
    events = select(func.count()).select_from(AuditEvent).filter_by(action="edit_council_text")
    assert db.session.scalar(events) == 1
    phone = yp_phone(make_young_person(sam))
    page = page_text(phone.get("/my-plan/entitlements"))
    assert "Northside gives you £3,000 for your first home." in page
    assert "Junior ISA" not in page
    html = phone.get("/my-plan/entitlements").get_data(as_text=True)
    assert "<h2" in html and ">Setting Up Home Allowance</h2>" in html


def test_an_empty_page_is_refused_and_the_text_kept(admin):
    refused = admin.post("/admin/entitlements", data={"body": "   "})
    assert refused.status_code == 422
    assert "Junior ISA" in page_text(admin.get("/admin/entitlements"))


def test_nobody_but_an_admin_can_change_it(app, sam, make_young_person, yp_phone):
    worker = signed_in(app, sam)
    assert worker.get("/admin/entitlements").status_code == 403
    assert worker.post("/admin/entitlements", data={"body": "Nothing for you"}).status_code == 403
    phone = yp_phone(make_young_person(sam))
    assert phone.post("/admin/entitlements", data={"body": "Nothing for you"}).status_code != 303
    page = page_text(phone.get("/my-plan/entitlements"))
    assert "Nothing for you" not in page and "Junior ISA" in page


def test_machine_translated_into_their_language_and_labelled(app, sam, make_young_person, yp_phone):
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.fake_engine"
    person = make_young_person(sam)
    person.preferred_language = "pl"
    db.session.commit()
    phone = yp_phone(person)
    phone.get("/my-plan/entitlements")
    run_jobs()
    page = page_text(phone.get("/my-plan/entitlements"))
    assert "[en->pl] Setting Up Home Allowance" in page
    with app.test_request_context(), force_locale("pl"):
        label = gettext("Translated by a computer, so it may have mistakes.")
    assert label in page  # in the reader's language, like the rest of the page
    asked = select(func.count()).select_from(Translation).filter_by(object_kind="council_text")
    first = db.session.scalar(asked)
    assert first == len(blocks(DEFAULT_TEXT))
    phone.get("/my-plan/entitlements")  # read again: nothing is asked for twice
    assert db.session.scalar(asked) == first


def test_without_an_engine_an_interpreter_translates_it(
    app, sam, make_worker, make_young_person, yp_phone
):
    person = make_young_person(sam)
    person.preferred_language = "so"
    db.session.commit()
    phone = yp_phone(person)
    # The page is in Somali, so the notice is found by its class, not its English words.
    waiting_html = phone.get("/my-plan/entitlements").get_data(as_text=True)
    assert 'class="being-translated"' in waiting_html
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    interpreter.languages = "so"
    db.session.commit()
    desk = signed_in(app, interpreter)
    waiting = db.session.scalars(select(Translation).filter_by(status="requested")).all()
    assert waiting and {t.target_language for t in waiting} == {"so"}
    for item in waiting:
        assert desk.post(
            f"/translations/{item.public_id}", data={"text": f"SO: {item.source_text}"}
        ).status_code in (302, 303)
    translated = phone.get("/my-plan/entitlements")
    html, page = translated.get_data(as_text=True), page_text(translated)
    assert "SO: Setting Up Home Allowance" in page and "Faadumo Warsame" in page
    assert 'class="being-translated"' not in html


def test_linked_from_money_and_where_i_live_only(sam, make_young_person, yp_phone):
    phone = yp_phone(make_young_person(sam))
    link = 'href="/my-plan/entitlements"'
    assert link in phone.get("/my-plan/money").get_data(as_text=True)
    assert link in phone.get("/my-plan/accommodation").get_data(as_text=True)
    assert link not in phone.get("/my-plan/health").get_data(as_text=True)
    assert phone.get("/my-plan").get_data(as_text=True).count(link) == 2
