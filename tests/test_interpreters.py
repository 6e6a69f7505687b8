"""Interpreter queues by language across a council's teams, the gender an interpreter is
asked to be, and voice memos an interpreter writes down and translates (issue #13)."""

import io

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.translation.models import Translation
from tests.audio_samples import voice_memo
from tests.helpers import PASSWORD, page_text

SOMALI = "Hooyo waxay joogtay guriga markii aan imid, aabana wuu qayliyay."
ENGLISH = "Mum was at home when I came, and Dad shouted."


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def interpreter(make_worker, name, languages="so", serves=(), gender=None, team=None):
    """An interpreter who works in `languages` for the teams in `serves`."""
    person = make_worker(role=Role.INTERPRETER, name=name, team=team)
    person.languages, person.gender = languages, gender
    person.serves = [get_or_create_team(t) for t in serves]
    db.session.commit()
    return person


@pytest.fixture
def somali_writer(app, make_worker, make_child, make_family, make_member, member_phone):
    """Northside's worker, and a network member who writes in Somali."""
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    member = make_member(family, worker, name="Faadumo Cali")
    member.language = "so"
    db.session.commit()
    return worker, member, member_phone(member)


def write(phone, **data):
    body = {"plan_worked": "yes", "language": "so", **data}
    return phone.post("/network/journal/new", data=body, content_type="multipart/form-data")


def test_a_queued_somali_entry_is_offered_across_teams_and_only_one_interpreter_gets_it(
    app, make_worker, somali_writer
):
    worker, _member, phone = somali_writer
    write(phone, what_happened=SOMALI)
    amina = interpreter(make_worker, "Amina Warsame", serves=("Northside",), team=None)
    hodan = interpreter(make_worker, "Hodan Farah", serves=("Eastside", "Northside"), team=None)
    # Works in Somali, but only for another team: never sees Northside's family's words.
    southside = interpreter(make_worker, "Sahra Southside", serves=("Southside",), team=None)
    polish_only = interpreter(make_worker, "Maria Kowalska", languages="pl", serves=("Northside",))

    item = db.session.scalars(select(Translation)).one()
    amina_desk, hodan_desk = signed_in(app, amina), signed_in(app, hodan)
    for desk in (amina_desk, hodan_desk):
        queue = page_text(desk.get("/translations"))
        assert "Somali → English" in queue and "Waiting for an interpreter" in queue
        assert "I'll do this one" in queue
    for outsider in (southside, polish_only):
        desk = signed_in(app, outsider)
        assert "Nothing to translate yet." in page_text(desk.get("/translations"))
        assert desk.get(f"/translations/{item.public_id}").status_code == 404
        assert desk.post(f"/translations/{item.public_id}/take").status_code == 404

    # Both tap "I'll do this one": the first gets it, the second is told plainly.
    taken = amina_desk.post(f"/translations/{item.public_id}/take")
    assert taken.status_code == 302 and taken.location.endswith(f"/translations/{item.public_id}")
    late = hodan_desk.post(f"/translations/{item.public_id}/take", follow_redirects=True)
    assert "Another interpreter took this one just now." in page_text(late)
    assert "Nothing to translate yet." in page_text(hodan_desk.get("/translations"))
    # Both had the page open and both saved: the second is told, and nothing is overwritten.
    both = hodan_desk.post(f"/translations/{item.public_id}", data={"text": "x"})
    assert both.status_code == 409 and "Another interpreter took this one" in page_text(both)

    amina_desk.post(f"/translations/{item.public_id}", data={"text": ENGLISH})
    entry = db.session.scalars(select(JournalEntry)).one()
    review = page_text(signed_in(app, worker).get(f"/review/journal/{entry.public_id}"))
    assert ENGLISH in review and "by Amina Warsame, interpreter" in review


def test_the_send_form_lists_interpreters_serving_the_team_and_marks_the_gender_asked_for(
    app, make_worker, somali_writer
):
    worker, member, phone = somali_writer
    member.interpreter_gender = "woman"
    db.session.commit()
    write(phone, what_happened=SOMALI)
    amina = interpreter(make_worker, "Amina Warsame", serves=("Northside",), gender="woman")
    omar = interpreter(make_worker, "Omar Hassan", serves=("Northside",), gender="man")
    interpreter(
        make_worker, "Not Ours", serves=("Southside",), team=get_or_create_team("Southside")
    )
    # The request carries the member's preference, so only a woman is offered it.
    assert db.session.scalars(select(Translation)).one().gender_preference == "woman"
    assert "Nothing to translate yet." in page_text(signed_in(app, omar).get("/translations"))
    assert "Somali → English" in page_text(signed_in(app, amina).get("/translations"))

    entry = db.session.scalars(select(JournalEntry)).one()
    review = page_text(signed_in(app, worker).get(f"/review/journal/{entry.public_id}"))
    assert "They asked for an interpreter who is a woman." in review
    assert "Amina Warsame (matches what they asked for)" in review
    assert "Omar Hassan (not what they asked for)" in review
    assert "Not Ours" not in review


def test_a_voice_memo_goes_to_an_interpreter_who_writes_what_was_said_and_its_english(
    app, make_worker, somali_writer
):
    worker, _member, phone = somali_writer
    assert (
        write(phone, what_happened="", voice=(io.BytesIO(voice_memo()), "memo.webm")).status_code
        < 400
    )
    entry = db.session.scalars(select(JournalEntry)).one()
    amina = interpreter(make_worker, "Amina Warsame", serves=("Northside",))
    staff = signed_in(app, worker)
    review = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    # The send form says what will happen to a voice-only entry.
    assert "This has a voice memo and no written words." in review
    staff.post(f"/translations/journal/{entry.public_id}", data={"interpreter": amina.id})
    item = db.session.scalars(select(Translation)).one()
    assert item.audio_id and item.assigned_to_id == amina.id

    desk = signed_in(app, amina)
    assert "Voice memo" in page_text(desk.get("/translations"))
    page = desk.get(f"/translations/{item.public_id}")
    assert f"/translations/{item.public_id}/recording" in page.get_data(as_text=True)
    assert "What was said (in Somali)" in page_text(page)
    played = desk.get(f"/translations/{item.public_id}/recording")
    assert played.status_code == 200 and played.mimetype == "audio/webm"
    assert played.headers["Cache-Control"] == "private, no-store"
    played.close()
    listened = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "interpreter_listen")
    ).all()
    assert [e.actor_name for e in listened] == ["Amina Warsame"]  # every listen is on the trail
    # Nobody else plays it through this route: not the worker, not another interpreter.
    other = interpreter(make_worker, "Hodan Farah", serves=("Northside",))
    assert signed_in(app, other).get(f"/translations/{item.public_id}/recording").status_code == 404
    assert staff.get(f"/translations/{item.public_id}/recording").status_code == 404

    assert desk.post(f"/translations/{item.public_id}", data={"text": ENGLISH}).status_code == 422
    desk.post(f"/translations/{item.public_id}", data={"transcript": SOMALI, "text": ENGLISH})
    review = page_text(staff.get(f"/review/journal/{entry.public_id}"))
    assert SOMALI in review and ENGLISH in review
    assert "What was said on the voice memo (Somali), written down by Amina Warsame" in review
    data = staff.get(f"/record/journal/{entry.public_id}.json").get_json()
    [memo] = [t for t in data["translations"] if t["field"] == "voice_memo"]
    assert memo["transcript"] == SOMALI and memo["text"] == ENGLISH
    assert memo["translated_by"]["name"] == "Amina Warsame"


def test_words_in_any_language_are_recorded_and_go_to_a_person_not_the_engine(app, somali_writer):
    worker, _member, phone = somali_writer
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.fake_engine"
    assert (
        write(phone, what_happened="Madar ma dirooz khana bood.", language="xx").status_code == 422
    )
    assert write(phone, what_happened="ማማ ኣብ ገዛ ነበረት ሎሚ ምሸት።", language="tig").status_code < 400
    entry = db.session.scalars(select(JournalEntry)).one()
    assert entry.language == "tig"
    # The engine covers the interface languages only: Tigre waits for a human interpreter.
    item = db.session.scalars(select(Translation)).one()
    assert item.translator_kind == "" and item.status == "requested" and item.assigned_to_id is None
    review = page_text(signed_in(app, worker).get(f"/review/journal/{entry.public_id}"))
    assert "Tigre" in review


def test_words_in_dari_which_babel_has_no_locale_for_show_in_the_queue_named(app, somali_writer):
    """Babel knows Dari only as Persian of Afghanistan: the queue once failed with a 500."""
    worker, _member, phone = somali_writer
    assert write(phone, what_happened="مادر دیشب خانه بود.", language="prs").status_code < 400
    desk = signed_in(app, worker)
    queue = desk.get("/review")
    assert queue.status_code == 200 and "Dari" in page_text(queue)
    entry = db.session.scalars(select(JournalEntry)).one()
    assert "Dari" in page_text(desk.get(f"/review/journal/{entry.public_id}"))


def test_the_review_page_hints_when_the_words_look_like_another_language(app, somali_writer):
    worker, _member, phone = somali_writer
    write(phone, what_happened="Mama piła wieczorem. Babcia odebrała Amy ze szkoły.", language="en")
    entry = db.session.scalars(select(JournalEntry)).one()
    review = page_text(signed_in(app, worker).get(f"/review/journal/{entry.public_id}"))
    assert "Marked English, looks like Polish (polski)" in review


def test_staff_create_records_an_interpreters_languages_and_teams(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["staff", "create", "--email", "amina@example.org", "--name", "Amina Warsame",
              "--role", "interpreter", "--languages", "so,ar", "--serves", "Northside",
              "--serves", "Southside", "--gender", "woman", "--password", "a long password 1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    from participation.admin.services import find_worker

    amina = find_worker("amina@example.org")
    assert amina.language_codes == ["so", "ar"] and amina.gender == "woman"
    assert sorted(t.name for t in amina.serves) == ["Northside", "Southside"]
    refused = runner.invoke(
        args=["staff", "create", "--email", "x@example.org", "--name", "X", "--role",
              "interpreter", "--languages", "zz", "--password", "a long password 1"],
    )  # fmt: skip
    assert refused.exit_code != 0 and "unknown language code zz" in refused.output


def test_the_written_in_list_is_every_language_with_community_languages_first():
    from participation import languages

    codes = languages.codes()
    assert len(codes) > 500 and codes[:3] == ("en", "cy", "pl")
    for code in ("prs", "ku", "ckb", "tig", "sq", "ta", "am", "so"):
        assert codes.index(code) < 60, code
    assert languages.label("prs") == "Dari (دری)" and languages.label("so") == "Somali (Soomaali)"
    assert not languages.is_known("xx") and languages.is_known("tig")


def test_the_interpreter_gender_a_person_asks_for_is_saved_from_the_worker_forms(
    client, auth, make_worker, make_child, make_family
):
    from participation.children.models import Child
    from participation.network.models import NetworkMember
    from participation.pathway.models import YoungPerson

    worker = make_worker(role=Role.PERSONAL_ADVISER)
    auth.sign_in(worker)
    form = client.get("/children/new").get_data(as_text=True)
    assert "A woman" in form and "No preference" in form
    client.post(
        "/children/new",
        data={
            "name": "Amy Clarke", "date_of_birth": "2018-06-14", "case_reference": "NS-1",
            "preferred_language": "so", "allocated_worker": worker.id,
            "interpreter_gender": "woman",
        },
    )  # fmt: skip
    family = make_family(make_child(worker), worker)
    client.post(
        f"/families/{family.public_id}/members",
        data={
            "name": "Hodan",
            "relationship": "Aunt",
            "language": "so",
            "interpreter_gender": "man",
        },
    )
    client.post(
        "/young-people/new",
        data={"name": "Jordan", "date_of_birth": "2008-02-01", "preferred_language": "ar",
              "interpreter_gender": "woman"},
    )  # fmt: skip
    db.session.expire_all()
    assert (
        db.session.scalar(select(Child.interpreter_gender).filter_by(name="Amy Clarke")) == "woman"
    )
    assert (
        db.session.scalar(select(NetworkMember.interpreter_gender).filter_by(name="Hodan")) == "man"
    )
    assert (
        db.session.scalar(select(YoungPerson.interpreter_gender).filter_by(name="Jordan"))
        == "woman"
    )


def test_an_interpreter_made_before_queues_by_language_is_told_and_can_be_set_up(
    app, make_worker, somali_writer
):
    _worker, _member, phone = somali_writer
    write(phone, what_happened=SOMALI)
    older = make_worker(role=Role.INTERPRETER, name="Amina Warsame")  # no languages recorded
    desk = signed_in(app, older)
    queue = page_text(desk.get("/translations"))
    assert "No languages are set for you yet" in queue and SOMALI not in queue
    result = app.test_cli_runner().invoke(
        args=["staff", "interpreter", older.email, "--languages", "so", "--serves", "Northside"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    queue = page_text(desk.get("/translations"))
    assert "No languages are set" not in queue and "Somali → English" in queue


def test_words_the_engine_gave_up_on_wait_for_an_interpreter(app, make_worker, somali_writer):
    """After a day of the engine not answering, the words go to people: the person reading
    "being translated" is told the truth, because someone will."""
    from datetime import timedelta

    from participation.db_types import utcnow
    from tests.test_translation import ENGINE, run_all_jobs

    ENGINE.update(up=False, calls=0)
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.flaky_engine"
    app.config["MACHINE_TRANSLATION_LANGUAGES"] = ["so", "en"]
    _worker, _member, phone = somali_writer
    write(phone, what_happened=SOMALI)
    asked = db.session.scalars(select(Translation)).one()
    assert asked.translator_kind == "machine"
    asked.requested_at = utcnow() - timedelta(hours=21)
    db.session.commit()
    run_all_jobs()
    db.session.expire_all()
    rows = {(t.translator_kind, t.status) for t in db.session.scalars(select(Translation))}
    assert rows == {("machine", "failed"), ("", "requested")}
    amina = interpreter(make_worker, "Amina Warsame", serves=("Northside",))
    assert "Somali → English" in page_text(signed_in(app, amina).get("/translations"))
