"""What people write in another language reaches the worker in English without anyone
remembering: asked for on arrival, and "not translated yet" shown until it is."""

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.pathway.models import PathwayAction
from participation.scales.models import ScaleAnswer
from participation.translation.models import Translation
from participation.translation.services import complete
from tests.helpers import page_text, statements

SOMALI = "Ayeeyo waxay Amy ka soo qaadatay iskuulka. Wax walba way fiican yihiin."
ENGLISH = "Nan collected Amy from school. Everything is fine."
NOT_YET = "Written in Somali: not translated yet"


@pytest.fixture
def network(make_worker, make_child, make_family, make_member, member_phone):
    """Amy's worker Sam, and Nan signed in on her phone."""
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    return worker, family, member_phone(nan)


def write(phone, family, **fields):
    data = {"plan_worked": "yes", "rules": [family.plan.rules[0].public_id], **fields}
    return phone.post("/network/journal/new", data=data, content_type="multipart/form-data")


def requests_for(kind: str) -> list[Translation]:
    stmt = select(Translation).where(Translation.object_kind == kind).order_by(Translation.id)
    return list(db.session.scalars(stmt))


def test_a_somali_entry_is_sent_for_english_and_the_queue_says_so_until_it_is(
    client, auth, network, make_worker
):
    worker, family, phone = network
    assert write(phone, family, what_happened=SOMALI, language="so").status_code == 302
    entry = db.session.scalars(select(JournalEntry)).one()
    [asked] = requests_for("journal_entry")
    assert (asked.object_id, asked.field, asked.source_text) == (
        entry.public_id,
        "what_happened",
        SOMALI,
    )
    assert (asked.source_language, asked.target_language, asked.status) == ("so", "en", "requested")
    assert asked.requested_by_id == worker.id

    auth.sign_in(worker)
    assert NOT_YET in page_text(client.get("/review"))

    interpreter = make_worker(role=Role.INTERPRETER, name="Hodan Ali")
    complete(asked, interpreter, ENGLISH)
    db.session.commit()
    assert NOT_YET not in page_text(client.get("/review"))
    page = page_text(client.get(f"/review/journal/{entry.public_id}"))
    assert SOMALI in page and ENGLISH in page and "by Hodan Ali, interpreter" in page


def test_an_english_entry_asks_for_nothing(client, auth, network):
    worker, family, phone = network
    write(phone, family, what_happened="Nan collected Amy", language="en")
    assert requests_for("journal_entry") == []
    auth.sign_in(worker)
    assert "not translated yet" not in page_text(client.get("/review"))


def test_the_same_entry_sent_twice_is_asked_for_once(network):
    _worker, family, phone = network
    form = phone.get("/network/journal/new").get_data(as_text=True)
    key = form.split('name="client_key" type="hidden" value="')[1].split('"')[0]
    for _ in range(2):
        write(phone, family, what_happened=SOMALI, language="so", client_key=key)
    assert len(requests_for("journal_entry")) == 1


def test_a_polish_safety_path_is_asked_for_with_the_activity_and_can_be_sent_again(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker, language="pl"), worker, language="pl")
    activity.tool = "safety_house"
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/path",
        data={"scale_value": "4", "scale_why": "Tata krzyczy", "scale_higher": "Gdyby tata nie pił",
              "child_words": "Babcia jest miła", "go": "stay"},
    )  # fmt: skip
    assert requests_for("scale_answer") == []  # a draft is the child's until they send it
    tablet.post(f"/activities/{activity.public_id}/finish")
    answer = db.session.scalars(select(ScaleAnswer)).one()
    asked = {(t.object_id, t.field, t.source_text, t.source_language)
             for t in requests_for("scale_answer")}  # fmt: skip
    assert asked == {
        (answer.public_id, "why", "Tata krzyczy", "pl"),
        (answer.public_id, "one_higher", "Gdyby tata nie pił", "pl"),
    }
    assert [t.source_text for t in requests_for("activity")] == ["Babcia jest miła"]

    auth.sign_in(worker)
    queue = page_text(client.get("/review"))
    assert "Written in Polish: not translated yet" in queue
    child_page = page_text(client.get(f"/children/{activity.child.public_id}"))
    assert "Written in Polish: not translated yet" in child_page

    # The scale answer is a translatable kind: the worker's panel sends it to an interpreter.
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Nowak")
    sent = client.post(
        f"/translations/send/scale_answer/{answer.public_id}", data={"interpreter": interpreter.id}
    )
    assert sent.status_code == 302
    assert {t.assigned_to_id for t in requests_for("scale_answer")} >= {interpreter.id}
    for item in requests_for("activity") + requests_for("scale_answer"):
        complete(item, interpreter, f"English of {item.source_text}")
    db.session.commit()
    assert "not translated yet" not in page_text(client.get("/review"))
    child_page = page_text(client.get(f"/children/{activity.child.public_id}"))
    assert "not translated yet" not in child_page and "English of Tata krzyczy" in child_page


def test_a_scale_recorded_by_the_worker_in_polish_is_asked_for(
    client, auth, make_worker, make_child
):
    worker = make_worker()
    child = make_child(worker, language="pl")
    auth.sign_in(worker)
    client.post(
        f"/scales/new/{child.public_id}",
        data={"question": "Where are things now?", "low_label": "Bad", "high_label": "Good",
              "answered_by_kind": "parent", "answered_by_name": "Mama", "value": "5",
              "why": "Jest lepiej", "one_higher": "", "language": "pl"},
    )  # fmt: skip
    [asked] = requests_for("scale_answer")
    assert (asked.field, asked.source_text, asked.source_language) == ("why", "Jest lepiej", "pl")


def test_a_scale_answer_marked_english_for_a_polish_child_is_never_called_untranslated(
    client, auth, make_worker, make_child
):
    worker = make_worker()
    child = make_child(worker, language="pl")
    auth.sign_in(worker)
    client.post(
        f"/scales/new/{child.public_id}",
        data={"question": "Where are things now?", "low_label": "Bad", "high_label": "Good",
              "answered_by_kind": "parent", "answered_by_name": "Dad", "value": "5",
              "why": "Things are calmer at home", "one_higher": "", "language": "en"},
    )  # fmt: skip
    assert requests_for("scale_answer") == []
    answer = db.session.scalars(select(ScaleAnswer)).one()
    assert answer.language == "en"
    page = page_text(client.get(f"/children/{child.public_id}"))
    assert "Things are calmer at home" in page and "not translated yet" not in page


def test_a_young_persons_action_in_their_language_is_asked_for_and_translatable(
    client, auth, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser)
    person.preferred_language = "pl"
    db.session.commit()
    phone = yp_phone(person)
    phone.post("/my-plan/money/actions", data={"what": "Zadzwonić do banku", "who_helps": "Ola"})
    action = db.session.scalars(select(PathwayAction)).one()
    asked = {(t.object_id, t.field, t.source_text, t.requested_by_id)
             for t in requests_for("pathway_action")}  # fmt: skip
    assert asked == {
        (action.public_id, "what", "Zadzwonić do banku", adviser.id),
        (action.public_id, "who_helps", "Ola", adviser.id),
    }
    # The adviser's own action (in English) is asked for the other way, into Polish.
    auth.sign_in(adviser)
    client.post(
        f"/young-people/{person.public_id}/sections/money/actions",
        data={"money-action-what": "Call the bank", "money-action-who_helps": "Alex"},
    )
    into_polish = {(t.source_text, t.source_language, t.target_language)
                   for t in requests_for("pathway_action")} - {(a, "pl", "en") for a in
                   ("Zadzwonić do banku", "Ola")}  # fmt: skip
    assert into_polish == {("Call the bank", "en", "pl"), ("Alex", "en", "pl")}
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Nowak")
    sent = client.post(
        f"/translations/send/pathway_action/{action.public_id}",
        data={"interpreter": interpreter.id},
    )
    assert sent.status_code == 302
    for item in requests_for("pathway_action"):
        complete(item, interpreter, f"English of {item.source_text}")
    db.session.commit()
    assert "English of Zadzwonić do banku" in page_text(
        client.get(f"/young-people/{person.public_id}")
    )


def test_a_young_persons_words_are_asked_for_as_they_save(make_worker, make_young_person, yp_phone):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser)
    person.preferred_language = "pl"
    db.session.commit()
    phone = yp_phone(person)
    data = {"version": "0", "in_my_words": "Chcę mieszkać sam", "want_to_achieve": ""}
    phone.post("/my-plan/accommodation", data=data)
    phone.post("/my-plan/accommodation", data=data)  # sent twice (a lost response)
    assert [(t.field, t.source_text) for t in requests_for("pathway_plan")] == [
        ("accommodation.in_my_words", "Chcę mieszkać sam")
    ]


def test_the_queue_finds_what_is_not_yet_in_english_in_the_same_queries_however_long(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()

    def send(n: int) -> None:
        for _ in range(n):
            activity = make_activity(make_child(worker, language="so"), worker, language="so")
            tablet = app.test_client()
            tablet.post("/start", data={"code": make_code(activity, worker)})
            tablet.post(
                f"/activities/{activity.public_id}/areas/worries/words",
                data={"child_words": SOMALI},
            )
            tablet.post(f"/activities/{activity.public_id}/finish")

    auth.sign_in(worker)
    send(2)
    client.get("/review")
    with statements() as few:
        assert page_text(client.get("/review")).count(NOT_YET) == 2
    send(6)
    with statements() as many:
        assert page_text(client.get("/review")).count(NOT_YET) == 8
    assert len(many) == len(few), "\n".join(s[:90] for s in many)


def test_deleting_the_child_or_young_person_deletes_the_translations_of_their_words(
    client, auth, make_worker, make_child, make_young_person, yp_phone
):
    from participation.retention.services import delete_child
    from participation.retention.young_people import delete_young_person

    worker = make_worker()
    child = make_child(worker, language="pl")
    auth.sign_in(worker)
    client.post(
        f"/scales/new/{child.public_id}",
        data={"question": "Where are things now?", "low_label": "Bad", "high_label": "Good",
              "answered_by_kind": "child", "value": "5", "why": "Jest lepiej", "language": "pl"},
    )  # fmt: skip
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser)
    person.preferred_language = "pl"
    db.session.commit()
    yp_phone(person).post("/my-plan/money/actions", data={"what": "Zadzwonić do banku"})
    assert requests_for("scale_answer") and requests_for("pathway_action")
    # Privacy: a translation is a copy of the person's words, so it goes with them.
    delete_child(child, "retention period ended")
    delete_young_person(person, "retention period ended")
    db.session.commit()
    assert requests_for("scale_answer") == [] and requests_for("pathway_action") == []


def test_a_somali_voice_memo_with_no_written_words_is_not_in_english_until_written_down(
    client, auth, network, make_worker
):
    import io

    from tests.audio_samples import voice_memo

    worker, family, phone = network
    memo = (io.BytesIO(voice_memo()), "memo.webm")
    assert write(phone, family, what_happened="", language="so", voice=memo).status_code == 302
    auth.sign_in(worker)
    assert NOT_YET in page_text(client.get("/review"))
    [asked] = requests_for("journal_entry")
    assert asked.audio_id and asked.status == "requested"
    asked.transcript = "Hooyo way joogtay."
    complete(asked, make_worker(role=Role.INTERPRETER, name="Hodan Ali"), "Mum was there.")
    db.session.commit()
    assert NOT_YET not in page_text(client.get("/review"))
