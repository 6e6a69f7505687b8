"""Every change to a family's safety plan makes a version that says who wrote each sentence;
an agreed version is a record entry (HTML, PDF, JSON) with its authors and translations, and
reaches every member's phone, and nobody else's (issue #15)."""

from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import create_client
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.network.models import NetworkMember
from participation.network.services import Author, add_pair, add_rule, member_author, plan_for
from participation.network.version_models import SafetyPlanVersion
from participation.network.versions import changes, snapshot
from participation.record.models import DONE, RecordPdf
from participation.translation.models import Translation
from tests.conftest import PASSWORD
from tests.helpers import page_text

# The plan here is mostly empty: the worker confirms they mean to agree it anyway.
CONFIRM = {"confirm": "1"}


RULE = "If Mum is drinking, Nan collects Amy from school"
SOMALI_RULE = "Haddii Hooyo cabbayso, Ayeeyo ayaa Amy ka soo qaadda dugsiga"


def _versions(family) -> list[SafetyPlanVersion]:
    return list(
        db.session.scalars(
            select(SafetyPlanVersion)
            .filter_by(family_id=family.id)
            .order_by(SafetyPlanVersion.number)
        )
    )


def _signed_in(app, worker):
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return staff


def _family(make_worker, make_child, make_family):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    return worker, family


def test_each_change_makes_a_version_saying_who_wrote_each_sentence(
    app, client, auth, make_worker, make_child, make_family
):
    worker, family = _family(make_worker, make_child, make_family)
    made = len(_versions(family))  # the fixture's pair and rule, each a change
    assert made == 2
    auth.sign_in(worker)
    client.post(
        f"/families/{family.public_id}/plan/rules", data={"text": "Nan rings at 6", "who": "Nan"}
    )
    client.post(
        f"/families/{family.public_id}/plan/parts/red_flag", data={"text": "Curtains shut all day"}
    )
    versions = _versions(family)
    assert [v.number for v in versions] == [1, 2, 3, 4]
    latest = versions[-1]
    assert latest.changed_by == "Sam Okafor (social worker)"
    rules = latest.content["rules"]
    assert [r["text"]["text"] for r in rules] == [RULE, "Nan rings at 6"]
    assert rules[1]["text"]["by"] == {"kind": "worker", "name": "Sam Okafor", "member": None}
    assert rules[1]["text"]["language"] == "en"
    red_flag = latest.content["items"]["red_flag"][0]["text"]
    assert red_flag["text"] == "Curtains shut all day" and red_flag["by"]["name"] == "Sam Okafor"
    # The version before does not have the new words; what changed says so.
    found = changes(versions[-2].content, latest.content)
    assert [(c.how, c.part, c.after) for c in found] == [
        ("added", "red_flag", "Curtains shut all day")
    ]

    # The list and one version show who changed what and when.
    listing = page_text(client.get(f"/families/{family.public_id}/plan/versions"))
    assert "Version 4" in listing and "Changed by Sam Okafor (social worker)" in listing
    assert "Curtains shut all day" in listing
    one = page_text(client.get(f"/families/{family.public_id}/plan/versions/4"))
    assert "What changed since version 3" in one and "Agree this plan" in one
    assert client.get(f"/families/{family.public_id}/plan/versions/99").status_code == 404
    reads = db.session.scalars(select(AuditEvent.action).filter_by(object_id=family.public_id))
    assert {"view_safety_plan_versions", "view_safety_plan_version"} <= set(reads)


def test_several_changes_in_one_request_make_one_version_and_a_members_words_keep_their_author(
    app, make_worker, make_child, make_family, make_member
):
    worker, family = _family(make_worker, make_child, make_family)
    nan = make_member(family, worker)
    nan.role, nan.language = "parent", "pl"
    db.session.commit()
    before = len(_versions(family))
    plan = plan_for(family)
    with app.test_request_context("/families/x/plan", method="POST"):
        add_pair(plan, "Tata krzyczy", "Amy jest spokojna", member_author(nan))
        add_rule(plan, "Nan rings at 6", "Nan", Author("worker", "Sam Okafor"))
        db.session.commit()
    versions = _versions(family)
    assert len(versions) == before + 1
    latest = versions[-1]
    assert latest.changed_by == "Nan Clarke (parent); Sam Okafor (social worker)"
    pair = latest.content["pairs"][-1]
    assert pair["statement"] == {
        "field": f"pair:{pair['id']}:statement",
        "text": "Tata krzyczy",
        "by": {"kind": "parent", "name": "Nan Clarke", "member": nan.public_id},
        "language": "pl",
    }
    assert latest.content["rules"][-1]["text"]["text"] == "Nan rings at 6"
    # A save that changes nothing is not a new version.
    with app.test_request_context("/families/x/plan", method="POST"):
        from participation.network.versions import record_change

        record_change(plan, "Sam Okafor (social worker)")
        db.session.commit()
    assert len(_versions(family)) == before + 1
    assert snapshot(plan) == latest.content


def _somali_family(app, client, auth, make_worker, make_child, make_family):
    """A family with a Somali-reading aunt; the plan is asked for in Somali and an
    interpreter translates the rule."""
    worker, family = _family(make_worker, make_child, make_family)
    auth.sign_in(worker)
    client.post(
        f"/families/{family.public_id}/members",
        data={"name": "Hodan Clarke", "relationship": "Aunt", "language": "so"},
    )
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    client.post(
        f"/translations/send/safety_plan/{family.public_id}.so",
        data={"interpreter": interpreter.id},
    )
    desk = _signed_in(app, interpreter)
    waiting = select(Translation).filter_by(status="requested", assigned_to_id=interpreter.id)
    for item in db.session.scalars(waiting).all():
        text = SOMALI_RULE if item.source_text == RULE else f"[so] {item.source_text}"
        desk.post(f"/translations/{item.public_id}", data={"text": text})
    hodan = db.session.scalar(select(NetworkMember).filter_by(name="Hodan Clarke"))
    return worker, family, hodan


def test_an_agreed_version_is_a_record_entry_with_authors_and_translations(
    app, client, auth, make_worker, make_child, make_family
):
    worker, family, _hodan = _somali_family(app, client, auth, make_worker, make_child, make_family)
    agreed = client.post(f"/families/{family.public_id}/plan/versions/agree", data=CONFIRM)
    assert agreed.status_code == 302
    again = client.post(f"/families/{family.public_id}/plan/versions/agree", data=CONFIRM)
    assert again.status_code == 302
    version = db.session.scalars(
        select(SafetyPlanVersion).where(SafetyPlanVersion.agreed_at.is_not(None))
    ).one()
    entries = db.session.scalars(select(RecordEntry).filter_by(kind="safety_version")).all()
    assert [e.object_id for e in entries] == [version.public_id]  # a double tap: one entry

    # HTML: the full text, who wrote it, and the Somali, labelled with who translated it.
    html = page_text(client.get(f"/record/safety-plan/{version.public_id}"))
    assert RULE in html and "Written by the social worker; written in English." in html
    assert SOMALI_RULE in html and "by Faadumo Warsame, interpreter" in html
    assert "Amy Clarke" in html and "Hodan Clarke" in html

    # JSON for the case system (and the worker's own export).
    data = client.get(f"/record/safety-plan/{version.public_id}.json").get_json()
    assert data["schema"] == "participation.safety-plan.v1" and data["version"] == version.number
    rule = data["plan"]["rules"][0]["text"]
    assert rule["text"] == RULE and rule["by"]["kind"] == "worker"
    somali = [t for t in data["translations"] if t["field"] == rule["field"]]
    assert [t["text"] for t in somali] == [SOMALI_RULE]
    assert somali[0]["translated_by"]["name"] == "Faadumo Warsame"
    assert data["agreed_by"] == "Sam Okafor"

    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    listed = api.get("/api/v1/entries").get_json()["entries"]
    assert "safety_plan" in [e["kind"] for e in listed]
    fetched = api.get(f"/api/v1/entries/{version.public_id}").get_json()
    assert fetched["plan"]["rules"][0]["text"]["text"] == RULE
    assert any(t["text"] == SOMALI_RULE for t in fetched["translations"])

    # The PDF, made on the queue.
    first = client.get(f"/record/safety-plan/{version.public_id}.pdf")
    assert first.status_code == 202
    run_jobs()
    pdf = client.get(f"/record/safety-plan/{version.public_id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert (
        db.session.scalars(select(RecordPdf.status).filter_by(kind="safety_version")).one() == DONE
    )

    # Each read is on the trail of the family's child.
    events = db.session.scalars(select(AuditEvent).filter_by(object_id=version.public_id)).all()
    actions = {e.action for e in events}
    assert {"view_agreed_safety_plan", "export_agreed_safety_plan_json",
            "export_agreed_safety_plan_pdf"} <= actions  # fmt: skip
    assert all(e.subject_kind == "child" for e in events)


def test_the_agreed_plan_reaches_each_member_in_their_language_and_no_other_family(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker, family, hodan = _somali_family(app, client, auth, make_worker, make_child, make_family)
    phone = member_phone(hodan)
    from flask_babel import force_locale, format_date, gettext

    with force_locale("so"):  # Hodan's phone speaks Somali
        not_yet = gettext(
            "The plan has not been agreed yet. The social worker will tell you when it is."
        )
    assert not_yet.startswith("Qorshaha weli")
    assert not_yet in page_text(phone.get("/network/plan/agreed"))
    client.post(f"/families/{family.public_id}/plan/versions/agree", data=CONFIRM)
    page = phone.get("/network/plan/agreed")
    text = page_text(page)
    assert SOMALI_RULE in text  # in Hodan's language, saying who translated it
    assert "Faadumo Warsame" in text
    version = db.session.scalars(
        select(SafetyPlanVersion).where(SafetyPlanVersion.agreed_at.is_not(None))
    ).one()
    with force_locale("so"):
        agreed_on = gettext(
            "Agreed on %(date)s", date=format_date(version.agreed_at, "d MMMM yyyy")
        )
    assert agreed_on in text
    printable = phone.get("/network/plan/agreed/print")
    assert printable.status_code == 200 and "record.css" in printable.get_data(as_text=True)
    assert SOMALI_RULE in page_text(printable)
    reads = db.session.scalars(
        select(AuditEvent).filter_by(action="network_view_agreed_plan")
    ).all()
    assert reads and {e.subject_kind for e in reads} == {"child"}
    assert {e.actor_name for e in reads} == {"Hodan Clarke"}

    # A member of another family sees only their own family's plan (not agreed yet).
    other_worker = make_worker(name="Pat Jones")
    other = make_family(
        make_child(other_worker, name="Ben Smith"), other_worker, rules=("Gran walks Ben home",)
    )
    ben_nan = make_member(other, other_worker, name="Gran Smith")
    other_phone = member_phone(ben_nan)
    seen = page_text(other_phone.get("/network/plan/agreed"))
    assert RULE not in seen and SOMALI_RULE not in seen
    assert "The plan has not been agreed yet." in seen
    # Nor can the other family's worker open the first family's versions or record entry.
    pat = _signed_in(app, other_worker)
    assert pat.get(f"/families/{family.public_id}/plan/versions").status_code == 404
    assert pat.get(f"/record/safety-plan/{version.public_id}").status_code == 404
    assert pat.post(f"/families/{family.public_id}/plan/versions/agree").status_code == 404
    # A signed-out phone sees nothing.
    assert app.test_client().get("/network/plan/agreed").status_code == 404
