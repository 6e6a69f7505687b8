"""A worker's reply reaches the child, member or young person in their own language without
anyone pressing a button; until it does, they are told it is being translated (issue #13)."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.pathway.models import Suggestion
from participation.translation.models import Translation
from participation.translation.services import complete
from tests.helpers import PASSWORD, page_text

REPLY = "Thank you, Zofia. I will talk to Mum about the shouting."
POLISH_REPLY = "Dziękuję, Zofio. Porozmawiam z mamą o krzykach."


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def being_translated(app, language: str, name: str) -> str:
    """The line the person reads, in their language (English until the catalogues have it)."""
    with app.test_request_context(), force_locale(language):
        return gettext("%(name)s's message is being translated.", name=name)


def requests_for(kind: str) -> list[Translation]:
    return list(db.session.scalars(select(Translation).filter_by(object_kind=kind)))


def interpreter_completes(interpreter, kind: str, text: str) -> None:
    """An interpreter finishes the request waiting in their language's queue."""
    (item,) = [t for t in requests_for(kind) if t.status in ("requested", "pending")]
    complete(item, interpreter, text)
    db.session.commit()


@pytest.fixture
def submitted(app, make_activity, make_code):
    """A child's Three Houses, finished on their own tablet and waiting for the worker."""

    def make(child, worker, language: str = "en"):
        activity = make_activity(child, worker, language=language)
        tablet = app.test_client()
        tablet.post("/start", data={"code": make_code(activity, worker)})
        words = f"/activities/{activity.public_id}/areas/worries/words"
        tablet.post(words, data={"child_words": "Tata krzyczy."})
        tablet.post(f"/activities/{activity.public_id}/finish")
        return activity

    return make


@pytest.fixture
def child_reads(app, make_activity, make_code):
    """What the child sees on their next activity: replies to earlier ones are shown there."""

    def read(child, worker) -> str:
        draft = make_activity(child, worker)
        tablet = app.test_client()
        tablet.post("/start", data={"code": make_code(draft, worker)})
        return page_text(tablet.get(f"/activities/{draft.public_id}"))

    return read


def test_a_polish_childs_reply_is_asked_for_on_save_and_reaches_them_in_polish(
    app, make_worker, make_child, submitted, child_reads
):
    worker = make_worker(name="Sam Okafor")
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")
    child = make_child(worker, name="Zofia Nowak", language="pl")
    activity = submitted(child, worker, language="pl")
    staff = signed_in(app, worker)
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})

    # Nobody pressed "Send for translation": it is already asked for, into Polish.
    (asked,) = requests_for("reply")
    assert (asked.source_text, asked.source_language, asked.target_language) == (REPLY, "en", "pl")

    # Before the interpreter answers, the child is told, not only handed English.
    seen = child_reads(child, worker)
    assert being_translated(app, "pl", "Sam") in seen
    assert REPLY in seen  # the English is there too, under "Show the English"

    interpreter_completes(interpreter, "reply", POLISH_REPLY)
    seen = child_reads(child, worker)
    assert POLISH_REPLY in seen and being_translated(app, "pl", "Sam") not in seen
    with app.test_request_context(), force_locale("pl"):
        assert gettext("Translated by %(name)s.", name="Ewa Kowalska") in seen


def test_the_same_words_saved_twice_are_asked_for_once_and_changed_words_again(
    app, make_worker, make_child, submitted, child_reads
):
    worker = make_worker(name="Sam Okafor")
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")
    child = make_child(worker, name="Zofia Nowak", language="pl")
    activity = submitted(child, worker, language="pl")
    staff = signed_in(app, worker)
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})
    assert len(requests_for("reply")) == 1

    interpreter_completes(interpreter, "reply", POLISH_REPLY)
    changed = "Thank you, Zofia. Nan will pick you up on Fridays."
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": changed})
    assert [t.source_text for t in requests_for("reply") if t.status == "requested"] == [changed]
    # The Polish of the old words is not passed off as the new message.
    seen = child_reads(child, worker)
    assert being_translated(app, "pl", "Sam") in seen and POLISH_REPLY not in seen


def test_an_english_speaking_child_gets_the_reply_with_no_request(
    app, make_worker, make_child, submitted, child_reads
):
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    activity = submitted(child, worker)
    signed_in(app, worker).post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})
    assert requests_for("reply") == []
    seen = child_reads(child, worker)
    assert REPLY in seen and being_translated(app, "en", "Sam") not in seen


def test_a_journal_reply_to_an_arabic_member_is_asked_for_and_shown_in_arabic(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker(name="Sam Okafor")
    interpreter = make_worker(role=Role.INTERPRETER, name="Omar Haddad")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    member = make_member(family, worker, name="Layla Hassan")
    member.language = "ar"
    db.session.commit()
    phone = member_phone(member)
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Nan picked Amy up.", "language": "en"},
    )
    entry = db.session.scalars(select(JournalEntry)).one()
    reply = "Thank you. Collecting Amy was the right thing to do."
    signed_in(app, worker).post(f"/review/journal/{entry.public_id}/reply", data={"reply": reply})

    (asked,) = requests_for("journal_reply")
    assert (asked.source_text, asked.target_language) == (reply, "ar")
    seen = page_text(phone.get(f"/network/journal/{entry.public_id}"))
    assert being_translated(app, "ar", "Sam") in seen and reply in seen

    arabic = "شكرًا. كان أخذ إيمي هو الصواب."
    interpreter_completes(interpreter, "journal_reply", arabic)
    seen = page_text(phone.get(f"/network/journal/{entry.public_id}"))
    assert arabic in seen and being_translated(app, "ar", "Sam") not in seen
    with app.test_request_context(), force_locale("ar"):
        assert gettext("Translated by %(name)s.", name="Omar Haddad") in seen


def test_a_suggestion_to_a_young_person_is_asked_for_and_shown_in_their_language(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    interpreter = make_worker(role=Role.INTERPRETER, name="Omar Haddad")
    person = make_young_person(adviser, name="Yusuf Ahmadi")
    person.preferred_language = "ar"
    db.session.commit()
    phone = yp_phone(person)
    text = "Apply to college by March."
    signed_in(app, adviser).post(
        f"/young-people/{person.public_id}/sections/education/suggestions",
        data={"education-suggest-field": "want_to_achieve", "education-suggest-text": text},
    )
    suggestion = db.session.scalars(select(Suggestion)).one()
    (asked,) = requests_for("suggestion")
    assert (asked.object_id, asked.source_text, asked.target_language) == (
        suggestion.public_id, text, "ar",
    )  # fmt: skip
    seen = page_text(phone.get("/my-plan"))
    assert being_translated(app, "ar", "Alex") in seen and text in seen

    arabic = "قدّم طلبًا للكلية قبل مارس."
    interpreter_completes(interpreter, "suggestion", arabic)
    seen = page_text(phone.get("/my-plan"))
    assert arabic in seen and being_translated(app, "ar", "Alex") not in seen
    with app.test_request_context(), force_locale("ar"):
        assert gettext("Translated by %(name)s.", name="Omar Haddad") in seen
