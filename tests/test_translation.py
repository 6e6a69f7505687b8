from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import jobs_waiting, run_jobs
from participation.journal.models import JournalEntry
from participation.pathway.models import Suggestion
from participation.translation.models import Translation
from tests.helpers import PASSWORD, page_text

POLISH = "Mama piła wieczorem. Babcia odebrała Amy ze szkoły."
ENGLISH = "Mum was drinking in the evening. Nan picked Amy up from school."


def fake_engine(text: str, source: str, target: str) -> tuple[str, str]:
    return f"[{source}->{target}] {text}", "FakeTranslate 1.2"


ENGINE = {"up": True, "calls": 0}


def flaky_engine(text: str, source: str, target: str) -> tuple[str, str]:
    """The council's engine, which the test can switch off."""
    ENGINE["calls"] += 1
    if not ENGINE["up"]:
        raise ConnectionRefusedError("the translation server is down")
    return fake_engine(text, source, target)


@pytest.fixture
def engine(app):
    ENGINE.update(up=True, calls=0)
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.flaky_engine"
    return ENGINE


def run_all_jobs() -> None:
    """Every job and every retry, however far off, as if a day went by."""
    while run_jobs(include_scheduled=True):
        pass


@pytest.fixture
def polish_entry(app, make_worker, make_child, make_family, make_member, member_phone):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    phone = member_phone(make_member(family, worker, name="Babcia Nowak"))
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": POLISH, "language": "pl"},
    )
    return worker, db.session.scalars(select(JournalEntry)).one()


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def test_interpreter_translates_and_the_record_shows_both_with_provenance(
    app, make_worker, polish_entry
):
    worker, entry = polish_entry
    assert entry.what_happened == POLISH and entry.language == "pl"  # stored verbatim
    interpreter = make_worker(role=Role.INTERPRETER, name="Maria Kowalska")
    staff = signed_in(app, worker)
    staff.post(f"/translations/journal/{entry.public_id}", data={"interpreter": interpreter.id})
    desk = signed_in(app, interpreter)
    queue = desk.get("/translations")
    assert "Polish → English" in page_text(queue)
    item = db.session.scalars(select(Translation)).one()
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
    staff.post(f"/translations/journal/{entry.public_id}", data={"interpreter": other.id})
    desk = signed_in(app, interpreter)
    item = db.session.scalars(select(Translation)).one()
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
    refused = staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    machine_rows = select(func.count()).where(Translation.translator_kind == "machine")
    assert refused.status_code == 404 and db.session.scalar(machine_rows) == 0
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.fake_engine"
    staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    assert run_jobs() == 1  # the engine is asked by the queue, not on the worker's request
    document = page_text(staff.get(f"/record/journal/{entry.public_id}"))
    assert f"[pl->en] {POLISH}" in document
    assert "machine translated by FakeTranslate 1.2 (not checked by a person)" in document
    assert POLISH in document  # the original is still there, untouched
    db.session.expire_all()
    assert db.session.scalars(select(JournalEntry)).one().what_happened == POLISH


def test_interpreters_land_on_their_queue_after_signing_in(client, auth, make_worker):
    interpreter = make_worker(role=Role.INTERPRETER)
    assert auth.sign_in(interpreter).headers["Location"] == "/translations"


def translate_all(app, interpreter, text: str) -> None:
    """The interpreter opens their queue and translates everything waiting in it."""
    desk = signed_in(app, interpreter)
    for item in db.session.scalars(select(Translation).filter_by(status="requested")).all():
        desk.post(f"/translations/{item.public_id}", data={"text": text})


POLISH_REPLY = "Dziękuję, Zofio. Porozmawiam z mamą o krzykach."
REPLY = "Thank you, Zofia. I will talk to Mum about the shouting."


@pytest.fixture
def polish_child_activity(app, make_worker, make_child, make_activity, make_code):
    """A Polish-speaking child who finished Three Houses on their own tablet."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Zofia Nowak", language="pl")
    activity = make_activity(child, worker, language="pl")
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    words = f"/activities/{activity.public_id}/areas/worries/words"
    tablet.post(words, data={"child_words": "Tata krzyczy, kiedy pije."})
    tablet.post(f"/activities/{activity.public_id}/finish")
    return worker, child, activity


def test_the_childs_words_and_the_reply_are_translated_both_ways_with_english_on_record(
    app, make_worker, make_activity, make_code, polish_child_activity
):
    worker, child, activity = polish_child_activity
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")
    staff = signed_in(app, worker)
    review = page_text(staff.get(f"/review/{activity.public_id}"))
    assert "Send for translation into English" in review
    staff.post(
        f"/translations/send/activity/{activity.public_id}", data={"interpreter": interpreter.id}
    )
    translate_all(app, interpreter, "Dad shouts when he drinks.")
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})
    assert "Zofia reads Polish" in page_text(staff.get(f"/review/{activity.public_id}"))
    staff.post(
        f"/translations/send/reply/{activity.public_id}", data={"interpreter": interpreter.id}
    )
    translate_all(app, interpreter, POLISH_REPLY)

    # The child, next time, reads the reply in Polish, says who translated it, English kept.
    draft = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(draft, worker)})
    seen = page_text(tablet.get(f"/activities/{draft.public_id}"))
    assert POLISH_REPLY in seen and "Przetłumaczył(a) Ewa Kowalska." in seen
    assert "Pokaż po angielsku" in seen and REPLY in seen

    record = staff.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert record["areas"][0]["child_words"] == "Tata krzyczy, kiedy pije."  # never replaced
    assert record["reply_to_child"]["text"] == REPLY  # the record keeps the English
    by_field = {t["field"]: t for t in record["translations"]}
    assert by_field["worries.child_words"]["text"] == "Dad shouts when he drinks."
    assert by_field["worries.child_words"]["translated_by"]["name"] == "Ewa Kowalska"
    assert by_field["reply"]["target_language"] == "pl"
    document = page_text(staff.get(f"/record/activity/{activity.public_id}"))
    assert "Translation into Polish, by Ewa Kowalska, interpreter" in document
    assert "Dad shouts when he drinks." in document and POLISH_REPLY in document


def test_a_translation_of_words_that_have_since_changed_is_not_shown_as_current(
    app, make_worker, make_activity, make_code, polish_child_activity
):
    worker, child, activity = polish_child_activity
    interpreter = make_worker(role=Role.INTERPRETER)
    staff = signed_in(app, worker)
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})
    staff.post(
        f"/translations/send/reply/{activity.public_id}", data={"interpreter": interpreter.id}
    )
    translate_all(app, interpreter, POLISH_REPLY)
    changed = "Thank you, Zofia. Nan will pick you up on Fridays."
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": changed})
    draft = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(draft, worker)})
    seen = page_text(tablet.get(f"/activities/{draft.public_id}"))
    assert changed in seen and POLISH_REPLY not in seen


def test_a_reply_to_a_journal_entry_reaches_the_member_in_their_language(
    app, make_worker, polish_entry, member_phone
):
    worker, entry = polish_entry
    entry.member.language = "pl"
    db.session.commit()
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")
    staff = signed_in(app, worker)
    empty = staff.post(f"/review/journal/{entry.public_id}/reply", data={"reply": " "})
    assert empty.status_code == 422 and "Write a reply first." in page_text(empty)
    reply = "Thank you. Collecting Amy was the right thing to do."
    staff.post(f"/review/journal/{entry.public_id}/reply", data={"reply": reply})
    page = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert "Babcia Nowak reads Polish" in page
    staff.post(
        f"/translations/send/journal_reply/{entry.public_id}", data={"interpreter": interpreter.id}
    )
    polish = "Dziękuję. Odebranie Amy było słuszne."
    translate_all(app, interpreter, polish)
    phone = member_phone(entry.member)
    seen = page_text(phone.get(f"/network/journal/{entry.public_id}"))
    assert "Odpowiedź od: Sam Okafor" in seen and polish in seen and reply in seen
    record = staff.get(f"/record/journal/{entry.public_id}.json").get_json()
    assert record["reply_to_member"]["text"] == reply
    assert [t["text"] for t in record["translations"] if t["field"] == "reply"] == [polish]


def test_only_the_team_that_holds_the_words_can_send_them_for_translation(
    app, make_worker, polish_child_activity
):
    from participation.auth.services import get_or_create_team

    worker, _child, activity = polish_child_activity
    elsewhere = get_or_create_team("Southside Children in Need")
    outsider = make_worker(team=elsewhere)
    their_interpreter = make_worker(role=Role.INTERPRETER, team=elsewhere)
    our_interpreter = make_worker(role=Role.INTERPRETER)
    other = signed_in(app, outsider)
    for kind in ("activity", "reply"):
        refused = other.post(
            f"/translations/send/{kind}/{activity.public_id}",
            data={"interpreter": our_interpreter.id},
        )
        assert refused.status_code == 404
    # A worker cannot hand a family's words to an interpreter from another team either.
    staff = signed_in(app, worker)
    refused = staff.post(
        f"/translations/send/activity/{activity.public_id}",
        data={"interpreter": their_interpreter.id},
    )
    # (The words wait unassigned in their language's queue, asked for on arrival.)
    handed = select(func.count()).where(Translation.assigned_to_id.is_not(None))
    assert refused.status_code == 404 and db.session.scalar(handed) == 0


def test_a_young_persons_plan_and_their_advisers_suggestions_are_translated_both_ways(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    interpreter = make_worker(role=Role.INTERPRETER, name="Omar Haddad")
    person = make_young_person(adviser, name="Yusuf Ahmadi")
    person.preferred_language = "ar"
    db.session.commit()
    phone = yp_phone(person)
    words = "أريد أن أدرس الميكانيكا في الكلية."
    phone.post(
        "/my-plan/education", data={"version": "0", "in_my_words": words, "want_to_achieve": ""}
    )
    staff = signed_in(app, adviser)
    staff.post(
        f"/translations/send/pathway_plan/{person.public_id}", data={"interpreter": interpreter.id}
    )
    translate_all(app, interpreter, "I want to study mechanics at college.")
    adviser_page = page_text(staff.get(f"/young-people/{person.public_id}"))
    assert words in adviser_page and "I want to study mechanics at college." in adviser_page
    assert "Translation into English · by Omar Haddad, interpreter" in adviser_page

    staff.post(
        f"/young-people/{person.public_id}/sections/education/suggestions",
        data={"education-suggest-field": "want_to_achieve",
              "education-suggest-text": "Apply to college by March."},
    )  # fmt: skip
    suggestion = db.session.scalars(select(Suggestion)).one()
    staff.post(
        f"/translations/send/suggestion/{suggestion.public_id}",
        data={"interpreter": interpreter.id},
    )
    translate_all(app, interpreter, "قدّم طلبًا للكلية قبل مارس.")
    mine = phone.get("/my-plan")
    assert '<html lang="ar" dir="rtl">' in mine.get_data(as_text=True)
    seen = page_text(mine)
    assert "قدّم طلبًا للكلية قبل مارس." in seen and "ترجمها Omar Haddad." in seen
    assert "Apply to college by March." in seen  # the English is one tap away


def test_an_interpreters_change_keeps_the_earlier_text_on_the_record(
    app, make_worker, polish_entry
):
    worker, entry = polish_entry
    interpreter = make_worker(role=Role.INTERPRETER, name="Maria Kowalska")
    staff = signed_in(app, worker)
    staff.post(f"/translations/journal/{entry.public_id}", data={"interpreter": interpreter.id})
    desk = signed_in(app, interpreter)
    item = db.session.scalars(select(Translation)).one()
    first = "Mum drank in the evening. Granny took Amy from school."
    desk.post(f"/translations/{item.public_id}", data={"text": first})
    desk.post(f"/translations/{item.public_id}", data={"text": ENGLISH})

    document = page_text(staff.get(f"/record/journal/{entry.public_id}"))
    assert first in document and ENGLISH in document
    assert "Earlier translation into English, by Maria Kowalska, interpreter" in document
    assert "replaced by the interpreter on" in document
    data = staff.get(f"/record/journal/{entry.public_id}.json").get_json()
    texts = [(t["text"], t["replaced_at"] is not None) for t in data["translations"]]
    assert texts == [(first, True), (ENGLISH, False)]
    # The worker's page and the interpreter's queue show only the current text.
    review = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert ENGLISH in review and first not in review
    assert len(page_text(desk.get("/translations")).split("sent by")) == 2


def test_an_engine_that_is_down_never_fails_the_request_and_the_translation_comes_later(
    app, engine, polish_entry
):
    worker, entry = polish_entry
    engine["up"] = False
    staff = signed_in(app, worker)
    asked = staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    assert asked.status_code == 302 and engine["calls"] == 0  # nobody waited for the engine
    item = db.session.scalars(select(Translation)).one()
    assert (item.status, item.translator_kind, item.text) == ("pending", "machine", "")
    waiting = "Machine translation requested: it will appear here when the engine answers."
    assert waiting in page_text(staff.get(f"/review/journal/{entry.public_id}"))

    run_jobs()
    assert engine["calls"] == 1  # still down: tried, and to be tried again later
    assert len(jobs_waiting(queue="outward")) == 1
    review = staff.get(f"/review/journal/{entry.public_id}")
    assert review.status_code == 200 and waiting in page_text(review)
    assert db.session.scalars(select(Translation)).one().status == "pending"

    engine["up"] = True
    run_all_jobs()
    run_all_jobs()
    review = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert review.count(f"[pl->en] {POLISH}") == 1 and waiting not in review
    data = staff.get(f"/record/journal/{entry.public_id}.json").get_json()
    assert [t["text"] for t in data["translations"]] == [f"[pl->en] {POLISH}"]
    assert engine["calls"] == 2  # once while down, once when back: never translated twice


def test_asking_twice_for_a_machine_translation_asks_the_engine_once(app, engine, polish_entry):
    worker, entry = polish_entry
    staff = signed_in(app, worker)
    for _tap in range(2):
        staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    assert len(jobs_waiting(queue="outward")) == 1
    run_all_jobs()
    staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    run_all_jobs()
    assert (
        engine["calls"] == 1
        and db.session.scalar(select(func.count()).select_from(Translation)) == 1
    )


def test_when_the_engine_never_answers_the_worker_is_told_to_ask_an_interpreter(
    app, engine, polish_entry
):
    worker, entry = polish_entry
    engine["up"] = False
    staff = signed_in(app, worker)
    staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    item = db.session.scalars(select(Translation)).one()
    item.requested_at -= timedelta(days=1)  # a day of retries has gone by
    db.session.commit()
    run_all_jobs()
    page = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert (
        "The translation engine didn't answer, so the words are waiting for an interpreter." in page
    )
    assert "it will appear here when the engine answers" not in page
    assert jobs_waiting(queue="outward") == []
    # ...and they are: the same words wait, unassigned, in the interpreters' queue.
    queued = db.session.scalars(select(Translation).filter_by(translator_kind="")).one()
    assert (queued.status, queued.source_text, queued.assigned_to_id) == ("requested", POLISH, None)

    engine["up"] = True  # back: asking again tries the same request again
    staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    run_all_jobs()
    page = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert f"[pl->en] {POLISH}" in page and "didn't answer" not in page
    # The engine's answer takes the words off the interpreters' queue again.
    db.session.expire_all()
    assert queued.status == "withdrawn"
    assert db.session.scalar(select(func.count()).select_from(Translation)) == 2


def test_after_a_restart_of_the_embedded_queue_pending_translations_are_asked_again(
    app, engine, polish_entry
):
    from procrastinate.testing import InMemoryConnector

    from participation.jobs.queue import queue_app
    from participation.translation.services import requeue_pending_machine_translations

    if not isinstance(queue_app.connector, InMemoryConnector):
        pytest.skip("PostgreSQL keeps its jobs across a restart")
    worker, entry = polish_entry
    staff = signed_in(app, worker)
    staff.post(f"/translations/journal/{entry.public_id}", data={"how": "machine"})
    queue_app.connector.reset()  # the process restarted before the job ran
    requeue_pending_machine_translations()
    run_jobs()
    assert db.session.scalars(select(Translation)).one().status == "done" and engine["calls"] == 1
