"""The family's safety plan reaches each network member in their own language (issue #13):
asked for automatically, shown labelled with the English one tap away, and never to anyone
outside the family."""

from flask_babel import force_locale, gettext
from sqlalchemy import select

from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.extensions import db
from participation.network.models import NetworkMember
from participation.translation.models import Translation
from tests.conftest import PASSWORD
from tests.helpers import page_text

STATEMENT = "Dad shouts when he drinks"
GOAL = "Amy is calm and safe at home"
RULE = "If Mum is drinking, Nan collects Amy from school"
TEDDY = "Amy's teddy"

# What an interpreter writes for each piece of the plan (English -> Somali).
SOMALI = {
    STATEMENT: "Aabe wuu qayliyaa markuu cabbo",
    GOAL: "Amy way degan tahay oo ammaan bay ku tahay guriga",
    RULE: "Haddii Hooyo cabbayso, Ayeeyo ayaa Amy ka soo qaadda dugsiga",
    "Nan": "Ayeeyo",
    TEDDY: "Caruusadda Amy",
    "on her bed": "sariirteeda dusheeda",
    "Grandmother": "Ayeeyo",
    "Aunt": "Eedo",
}

BEING_TRANSLATED = lambda: _in_somali("This part of the plan is being translated.")  # noqa: E731
TRANSLATED_BY = lambda: _in_somali("Translated by %(name)s.", name="Faadumo Warsame")  # noqa: E731


def _in_somali(message: str, **values) -> str:
    """What a Somali reader sees for an interface message (their pages are in Somali)."""
    with force_locale("so"):
        return gettext(message, **values)


def _signed_in(app, worker):
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return staff


def _somali_family(app, client, auth, make_worker, make_child, make_family, make_member):
    """A worker adds a Somali-reading aunt to a family whose plan is written, then saves the
    safety object: the plan is asked for in Somali without anyone sending it."""
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    nan = make_member(family, worker, name="Nan Clarke")  # reads English
    auth.sign_in(worker)
    client.post(
        f"/families/{family.public_id}/members",
        data={"name": "Hodan Clarke", "relationship": "Aunt", "language": "so"},
    )
    client.post(
        f"/families/{family.public_id}/plan",
        data={"terminology": "safety", "safety_object": TEDDY, "usual_place": "on her bed"},
    )
    hodan = db.session.scalar(select(NetworkMember).filter_by(name="Hodan Clarke"))
    return worker, family, nan, hodan


def family_children(family):
    from participation.children.models import Child

    return db.session.scalars(select(Child).filter_by(family_id=family.id)).all()


def _interpreter_translates(app, client, family, interpreter) -> None:
    """The worker sends the plan to the team's interpreter, who translates every piece."""
    client.post(
        f"/translations/send/safety_plan/{family.public_id}.so",
        data={"interpreter": interpreter.id},
    )
    desk = _signed_in(app, interpreter)
    waiting = select(Translation).filter_by(status="requested", assigned_to_id=interpreter.id)
    for item in db.session.scalars(waiting).all():
        desk.post(f"/translations/{item.public_id}", data={"text": SOMALI[item.source_text]})


def test_a_somali_member_reads_the_plan_in_somali_once_an_interpreter_finishes(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker, family, nan, hodan = _somali_family(
        app, client, auth, make_worker, make_child, make_family, make_member
    )
    asked = db.session.scalars(
        select(Translation).filter_by(object_kind="safety_plan", target_language="so")
    ).all()
    assert {t.source_text for t in asked} >= {STATEMENT, GOAL, RULE, TEDDY, "Aunt"}
    assert all(t.source_language == "en" for t in asked)

    phone = member_phone(hodan)
    before = page_text(phone.get("/network"))
    assert BEING_TRANSLATED() in before and RULE in before
    assert SOMALI[RULE] not in before
    family_page = page_text(client.get(f"/families/{family.public_id}"))
    assert "0 of 8 parts translated, 8 being translated." in family_page

    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    _interpreter_translates(app, client, family, interpreter)
    # The send is on the trail of the family's child, filed under the family itself.
    from participation.audit.models import AuditEvent

    sends = db.session.scalars(select(AuditEvent).filter_by(action="request_translation")).all()
    assert sends and {e.object_id for e in sends} == {family.public_id}
    assert {e.child_public_id for e in sends} == {c.public_id for c in family_children(family)}

    after = page_text(phone.get("/network"))
    for english in (STATEMENT, GOAL, RULE, TEDDY):
        assert SOMALI[english] in after
    assert TRANSLATED_BY() in after and _in_somali("Show the English") in after
    assert BEING_TRANSLATED() not in after
    assert RULE in after  # the English is kept, one tap away
    journal_form = page_text(phone.get("/network/journal/new"))
    assert SOMALI[RULE] in journal_form and TRANSLATED_BY() in journal_form
    family_page = page_text(client.get(f"/families/{family.public_id}"))
    assert "8 of 8 parts translated, 0 being translated." in family_page

    # The journal entry still stores the rule itself: the record reads in English.
    rule = family.plan.rules[0]
    sent = phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "rules": [rule.public_id], "what_happened": "Nabad"},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    from participation.journal.models import JournalEntry

    entry = db.session.scalar(select(JournalEntry).filter_by(member_id=hodan.id))
    assert [r.text for r in entry.rules] == [RULE]

    # Nan reads English, as the worker wrote it, with no translation notes.
    english = page_text(member_phone(nan).get("/network"))
    assert RULE in english and SOMALI[RULE] not in english
    assert "being translated" not in english and "Translated by" not in english


def test_changing_one_rule_asks_again_for_that_rule_only(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker, family, _nan, hodan = _somali_family(
        app, client, auth, make_worker, make_child, make_family, make_member
    )
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    _interpreter_translates(app, client, family, interpreter)
    auth.sign_in(worker)
    before = set(db.session.scalars(select(Translation.id)).all())
    rule = family.plan.rules[0]
    changed = "If Mum is drinking, Nan collects Amy and Jayden from school"
    response = client.post(
        f"/families/{family.public_id}/plan/rules/{rule.id}",
        data={"text": changed, "who": "Nan"},
    )
    assert response.status_code == 302
    new = db.session.scalars(select(Translation).where(Translation.id.not_in(before))).all()
    assert [(t.field, t.source_text, t.target_language) for t in new] == [
        (f"rule:{rule.public_id}:text", changed, "so")
    ]
    # The old Somali is not shown for the new words; the other pieces stay translated.
    page = page_text(member_phone(hodan).get("/network"))
    assert SOMALI[RULE] not in page and changed in page
    assert BEING_TRANSLATED() in page
    assert SOMALI[STATEMENT] in page and SOMALI[TEDDY] in page


def test_no_one_outside_the_family_sees_its_plan_or_its_translations(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker, family, _nan, hodan = _somali_family(
        app, client, auth, make_worker, make_child, make_family, make_member
    )
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    _interpreter_translates(app, client, family, interpreter)

    other_family = make_family(
        make_child(worker, name="Zofia Nowak"), worker, rules=("Tata never drives after drinking",)
    )
    babcia = make_member(other_family, worker, name="Babcia Nowak")
    babcia.language = "so"
    db.session.commit()
    theirs = page_text(member_phone(babcia).get("/network"))
    assert RULE not in theirs and SOMALI[RULE] not in theirs and SOMALI[TEDDY] not in theirs

    # A worker of another team can neither open the family nor send its plan anywhere.
    elsewhere = make_worker(team=get_or_create_team("Elsewhere"))
    their_interpreter = make_worker(role=Role.INTERPRETER, team=elsewhere.team)
    stranger = _signed_in(app, elsewhere)
    assert stranger.get(f"/families/{family.public_id}").status_code == 404
    sent = stranger.post(
        f"/translations/send/safety_plan/{family.public_id}.so",
        data={"interpreter": their_interpreter.id},
    )
    assert sent.status_code == 404
    # Nor into a language nobody in the network reads.
    auth.sign_in(worker)
    assert (
        client.post(
            f"/translations/send/safety_plan/{family.public_id}.pl",
            data={"interpreter": interpreter.id},
        ).status_code
        == 404
    )
