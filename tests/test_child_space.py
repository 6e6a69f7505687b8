"""The child's own space (issue #15): only what the worker shared with this child, in code mode
and together mode, each read audited, and a read receipt the worker sees."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.childspace.models import ChildShare
from participation.childspace.registry import SHAREABLES
from participation.extensions import db
from participation.network.versions import agree
from tests.helpers import PASSWORD, page_text

RULE = "If Mum is drinking, Nan collects Amy from school"
REPLY = "Thank you, Amy. I will talk to Mum about the shouting."
B_RULE = "If Dad is angry, Ben goes to Auntie Jo"


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


@pytest.fixture
def submitted(app, make_activity, make_code):
    """A child's Three Houses, finished on their own tablet."""

    def make(child, worker):
        activity = make_activity(child, worker)
        tablet = app.test_client()
        tablet.post("/start", data={"code": make_code(activity, worker)})
        tablet.post(
            f"/activities/{activity.public_id}/areas/worries/words",
            data={"child_words": "Dad shouts."},
        )
        tablet.post(f"/activities/{activity.public_id}/finish")
        return activity

    return make


@pytest.fixture
def world(app, make_worker, make_child, make_family, submitted):
    """Amy (a plan, a reply) and Ben (his own family and plan), both Sam's."""
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke")
    ben = make_child(worker, name="Ben Jones")
    amy_family = make_family(amy, worker)
    ben_family = make_family(ben, worker, rules=(B_RULE,))
    # Only an agreed version of a plan can be shared with a child.
    amy_plan, ben_plan = agree(amy_family, worker), agree(ben_family, worker)
    db.session.commit()
    activity = submitted(amy, worker)
    staff = signed_in(app, worker)
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": REPLY})
    return {
        "worker": worker, "amy": amy, "ben": ben, "staff": staff,
        "amy_family": amy_family, "activity": activity,
        "amy_plan": amy_plan.public_id, "ben_plan": ben_plan.public_id,
    }  # fmt: skip


def share_form(staff, child, kind, object_id):
    return staff.post(
        f"/children/{child.public_id}/space/share", data={"kind": kind, "object_id": object_id}
    )


def tablet_for(app, make_activity, make_code, child, worker):
    activity = make_activity(child, worker)
    tablet = app.test_client()
    response = tablet.post("/start", data={"code": make_code(activity, worker)})
    return tablet, activity, response


def live(child):
    return list(
        db.session.scalars(
            select(ChildShare).where(
                ChildShare.child_id == child.id, ChildShare.withdrawn_at.is_(None)
            )
        )
    )


def test_both_kinds_are_registered(app):
    assert {"safety_plan", "reply"} <= set(SHAREABLES)


def test_the_worker_panel_lists_candidates_and_nothing_is_shared_until_chosen(
    app, world, make_activity, make_code
):
    staff, amy = world["staff"], world["amy"]
    panel = page_text(staff.get(f"/children/{amy.public_id}/space"))
    assert "What Amy sees in their space" in panel
    assert "The safety plan, version 2 (agreed on" in panel
    assert REPLY[:40] in panel
    assert panel.count("Share with Amy") == 2
    # Nothing shared yet: the child's code lands on the activity as before, and /me is empty.
    tablet, activity, response = tablet_for(app, make_activity, make_code, amy, world["worker"])
    assert response.headers["Location"].endswith(f"/activities/{activity.public_id}")
    text = page_text(tablet.get("/me"))
    assert "There is nothing here yet" in text and RULE not in text and REPLY not in text


def test_share_and_stop_sharing_keeps_history_and_the_space_follows_at_once(
    app, world, make_activity, make_code
):
    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    assert share_form(staff, amy, "safety_plan", world["amy_plan"]).status_code == 302
    share_form(staff, amy, "reply", world["activity"].public_id)
    share_form(staff, amy, "reply", world["activity"].public_id)  # a double tap: one share
    assert len(live(amy)) == 2

    tablet, activity, response = tablet_for(app, make_activity, make_code, amy, worker)
    # Something is shared: the code lands on the child's space, the activity one tap away.
    assert response.headers["Location"].endswith("/me")
    page = tablet.get("/me")
    text = page_text(page)
    assert RULE in text and REPLY in text and "Your family's safety plan" in text
    assert f"/activities/{activity.public_id}" in page.get_data(as_text=True)

    (reply_share,) = [s for s in live(amy) if s.kind == "reply"]
    staff.post(f"/children/{amy.public_id}/space/stop", data={"share": reply_share.public_id})
    text = page_text(tablet.get("/me"))
    assert REPLY not in text and RULE in text  # withdrawn: gone at once
    rows = db.session.scalars(select(ChildShare).where(ChildShare.kind == "reply")).all()
    assert len(rows) == 1 and rows[0].withdrawn_at is not None  # the history stays
    assert rows[0].withdrawn_by_id == worker.id
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"child_space_share", "child_space_stop_sharing"} <= actions


def test_a_code_for_amy_never_shows_bens_space(app, world, make_activity, make_code):
    staff, amy, ben, worker = world["staff"], world["amy"], world["ben"], world["worker"]
    share_form(staff, ben, "safety_plan", world["ben_plan"])
    # Amy's family's plan can't be shared into Ben's space, nor Amy's reply.
    assert share_form(staff, ben, "safety_plan", world["amy_plan"]).status_code == 404
    assert share_form(staff, ben, "reply", world["activity"].public_id).status_code == 404
    assert share_form(staff, ben, "nonsense", "x").status_code == 404
    tablet, _activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    text = page_text(tablet.get("/me"))
    assert B_RULE not in text and RULE not in text
    ben_tablet, _a, _r = tablet_for(app, make_activity, make_code, ben, worker)
    assert B_RULE in page_text(ben_tablet.get("/me"))


def test_only_the_childs_own_workers_can_share(app, world, make_worker, make_activity, make_code):
    other = make_worker(name="Priya Shah")
    stranger = signed_in(app, other)
    amy = world["amy"]
    assert stranger.get(f"/children/{amy.public_id}/space").status_code == 404
    response = share_form(stranger, amy, "safety_plan", world["amy_plan"])
    assert response.status_code == 404 and live(amy) == []
    assert stranger.get(f"/children/{amy.public_id}/space/together").status_code == 404
    # Nobody signed in is sent to sign in, and sees nothing.
    anonymous = app.test_client()
    assert anonymous.post(f"/children/{amy.public_id}/space/share").status_code in (302, 401)
    # Nor can a child's tablet (Ben's) open Amy's panel or her space in together mode.
    tablet, _activity, _response = tablet_for(app, make_activity, make_code, world["ben"],
                                              world["worker"])  # fmt: skip
    for url in (f"/children/{amy.public_id}/space", f"/children/{amy.public_id}/space/together"):
        response = tablet.get(url)
        assert response.status_code in (302, 401, 404) and RULE not in page_text(response)


def test_a_signed_out_device_sees_nothing(app, world, make_activity, make_code):
    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    nobody = app.test_client()
    text = page_text(nobody.get("/me"))
    assert RULE not in text and "ask your worker for a code" in text.lower()
    # A revoked code closes the space with the tablet.
    tablet, activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    assert RULE in page_text(tablet.get("/me"))
    from participation.codes.models import SignInCode

    code = db.session.scalar(select(SignInCode).where(SignInCode.activity_id == activity.id))
    staff.post(f"/codes/{code.id}/revoke")
    assert RULE not in page_text(tablet.get("/me"))


def test_after_finishing_the_thanks_page_links_to_the_space_for_a_while(
    app, world, make_activity, make_code
):
    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    tablet, activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    tablet.post(f"/activities/{activity.public_id}/finish")
    thanks = tablet.get("/activities/thanks").get_data(as_text=True)
    assert 'href="/me"' in thanks
    text = page_text(tablet.get("/me"))
    assert RULE in text and "Go to your" not in text  # the finished activity isn't offered
    # "I've finished looking" closes it on this device.
    tablet.post("/me/close")
    assert RULE not in page_text(tablet.get("/me"))
    assert 'href="/me"' not in tablet.get("/activities/thanks").get_data(as_text=True)


def test_the_window_after_finishing_closes(app, world, make_activity, make_code):
    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    tablet, activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    tablet.post(f"/activities/{activity.public_id}/finish")
    activity.submitted_at = activity.submitted_at - timedelta(minutes=11)
    db.session.commit()
    assert RULE not in page_text(tablet.get("/me"))


def test_together_mode_shows_the_childs_space_on_the_workers_device(app, world):
    staff, amy = world["staff"], world["amy"]
    share_form(staff, amy, "reply", world["activity"].public_id)
    text = page_text(staff.get(f"/children/{amy.public_id}/space/together"))
    assert REPLY in text and RULE not in text  # only what is shared, even for the worker here
    assert "Read together with Amy on" in page_text(staff.get(f"/children/{amy.public_id}/space"))


def test_each_read_is_audited_and_leaves_a_read_receipt(app, world, make_activity, make_code):
    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    share_form(staff, amy, "reply", world["activity"].public_id)
    assert page_text(staff.get(f"/children/{amy.public_id}/space")).count("hasn't seen it yet") == 2
    tablet, _activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    tablet.get("/me")
    for row in live(amy):
        assert row.first_read_at is not None and row.read_mode == "code"
    panel = page_text(staff.get(f"/children/{amy.public_id}/space"))
    assert panel.count("Read by Amy on") == 2
    reads = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "child_space_read")
    ).all()
    about = {(e.object_kind, e.subject_kind) for e in reads}
    # About the child, and the plan's read also about the family's people.
    assert ("family", "child") in about and ("activity", "child") in about
    assert all(e.actor_kind == "child" for e in reads)


def test_the_plan_is_read_in_the_childs_language(app, world, make_worker):
    from participation.auth.models import Role
    from participation.translation.models import Translation
    from participation.translation.services import complete

    staff, amy = world["staff"], world["amy"]
    amy.preferred_language = "ar"
    db.session.commit()
    interpreter = make_worker(role=Role.INTERPRETER, name="Layla Haddad")
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    # Sharing asked for the plan in Arabic; an interpreter finishes the rule.
    (item,) = db.session.scalars(
        select(Translation).where(
            Translation.target_language == "ar", Translation.source_text == RULE
        )
    ).all()
    complete(item, interpreter, "إذا كانت أمي تشرب، تأخذ جدتي إيمي من المدرسة")
    db.session.commit()
    page = staff.get(f"/children/{amy.public_id}/space/together").get_data(as_text=True)
    assert 'dir="rtl"' in page and "إذا كانت أمي تشرب" in page
    assert 'data-lang="ar"' in page  # read aloud in Arabic


def test_the_child_reads_the_agreed_version_not_later_unagreed_changes(app, world):
    from participation.network.services import add_rule, plan_for

    staff, amy = world["staff"], world["amy"]
    family = world["amy_family"]
    add_rule(plan_for(family), "A rule nobody has agreed yet", "Nan")
    db.session.commit()
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    text = page_text(staff.get(f"/children/{amy.public_id}/space/together"))
    assert RULE in text and "Everyone agreed this plan on" in text
    assert "A rule nobody has agreed yet" not in text


def test_htmx_swaps_the_panel_in_place_and_together_reads_are_the_workers(app, world):
    staff, amy = world["staff"], world["amy"]
    response = staff.post(
        f"/children/{amy.public_id}/space/share",
        data={"kind": "reply", "object_id": world["activity"].public_id},
        headers={"HX-Request": "true"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and "Stop sharing" in body
    staff.get(f"/children/{amy.public_id}/space/together")
    (read,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "child_space_read")
    ).all()
    assert read.actor_kind == "worker" and read.detail == "reply together"


def test_a_plan_nobody_agreed_cannot_be_shared_nor_followed(app, make_worker, make_child,
                                                           make_family):  # fmt: skip
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    staff = signed_in(app, worker)
    panel = page_text(staff.get(f"/children/{amy.public_id}/space"))
    # Nothing agreed: the plan as it stands is never offered, nor shareable by the family's id.
    assert "Share with Amy" not in panel and "an agreed safety plan" in panel
    assert share_form(staff, amy, "safety_plan", family.public_id).status_code == 404
    assert live(amy) == []


def test_a_newer_agreed_plan_reaches_the_child_only_once_the_worker_shares_it(app, world):
    from participation.network.services import add_rule, plan_for

    staff, amy, worker, family = world["staff"], world["amy"], world["worker"], world["amy_family"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    together = f"/children/{amy.public_id}/space/together"
    # The worker edits the plan: the child's device doesn't follow the edit...
    add_rule(plan_for(family), "Nan stays over on Fridays", "Nan")
    db.session.commit()
    assert "Nan stays over on Fridays" not in page_text(staff.get(together))
    # ...nor the newly agreed version, until the worker chooses to share it.
    newer = agree(family, worker)
    db.session.commit()
    assert "Nan stays over on Fridays" not in page_text(staff.get(together))
    panel = page_text(staff.get(f"/children/{amy.public_id}/space"))
    assert "A newer agreed plan can be shared" in panel
    assert "version 2 (agreed" in panel and "version 3 (agreed" in panel
    share_form(staff, amy, "safety_plan", newer.public_id)
    assert "Nan stays over on Fridays" in page_text(staff.get(together))
    # The child has one plan: the older share is withdrawn, and kept as history.
    plans = db.session.scalars(select(ChildShare).where(ChildShare.kind == "safety_plan")).all()
    assert len(plans) == 2
    assert {p.object_id: p.withdrawn_at is None for p in plans} == {
        world["amy_plan"]: False,
        newer.public_id: True,
    }
    assert [p.object_id for p in live(amy)] == [newer.public_id]
    panel = page_text(staff.get(f"/children/{amy.public_id}/space"))
    assert "A newer agreed plan can be shared" not in panel


def test_the_panel_points_to_the_words_and_pictures_plan(app, world):
    staff, amy, family = world["staff"], world["amy"], world["amy_family"]
    page = staff.get(f"/children/{amy.public_id}/space").get_data(as_text=True)
    assert "Words and Pictures plan" in page
    assert f'href="/families/{family.public_id}/words-and-pictures"' in page


def test_a_pending_translation_is_never_read_aloud_in_english(app, world):
    staff, amy = world["staff"], world["amy"]
    amy.preferred_language = "ar"
    db.session.commit()
    share_form(staff, amy, "safety_plan", world["amy_plan"])  # asks for Arabic; not done yet
    page = staff.get(f"/children/{amy.public_id}/space/together").get_data(as_text=True)
    assert 'data-lang="en"' not in page  # nothing offered to read aloud in English
    assert "is getting this put into your language" in page or 'lang="ar"' in page
    assert page.count("not-yet-translated") >= 1


def test_finished_looking_clears_the_device_and_the_space_says_it_closes(
    app, world, make_activity, make_code
):
    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    tablet, activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    tablet.post(f"/activities/{activity.public_id}/finish")
    assert "closes by itself in 10 minutes" in page_text(tablet.get("/me"))
    response = tablet.post("/me/close")
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert RULE not in page_text(tablet.get("/me"))


def test_the_child_chooses_the_safety_object_in_their_own_space(
    app, world, make_activity, make_code
):
    from participation.network.models import SafetyPlan

    staff, amy, worker = world["staff"], world["amy"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    tablet, _activity, _response = tablet_for(app, make_activity, make_code, amy, worker)
    assert "Your safety object" in page_text(tablet.get("/me"))
    empty = tablet.post("/me/safety-object", data={"safety_object": "  "})
    assert empty.status_code == 422 and "Write or say what your safety object is." in page_text(
        empty
    )
    chose = tablet.post("/me/safety-object", data={"safety_object": "My blue teddy"})
    assert chose.status_code == 302
    plan = db.session.scalar(
        select(SafetyPlan).where(SafetyPlan.family_id == world["amy_family"].id)
    )
    assert (plan.safety_object, plan.object_chosen_by_child_id) == ("My blue teddy", amy.id)
    assert (plan.object_written_by_kind, plan.object_written_by_name) == ("child", "Amy")
    assert db.session.scalar(
        select(AuditEvent).filter_by(
            action="child_choose_safety_object", child_public_id=amy.public_id
        )
    )
    assert "You chose: My blue teddy" in page_text(tablet.get("/me"))
    # The worker's plan page says which child chose it.
    plan_page = staff.get(f"/families/{world['amy_family'].public_id}/plan")
    assert "My blue teddy" in plan_page.get_data(as_text=True)


def test_a_child_chooses_only_for_their_own_shared_plan(
    app, world, make_activity, make_code, make_worker
):
    from participation.network.models import SafetyPlan

    staff, amy, ben, worker = world["staff"], world["amy"], world["ben"], world["worker"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    # Ben's plan is not shared with him: no form, and nothing of his family's plan changes.
    ben_tablet, _a, _r = tablet_for(app, make_activity, make_code, ben, worker)
    assert "Your safety object" not in page_text(ben_tablet.get("/me"))
    refused = ben_tablet.post("/me/safety-object", data={"safety_object": "Ben's car"})
    assert refused.status_code == 404
    assert "Ben's car" not in [p.safety_object for p in db.session.scalars(select(SafetyPlan))]
    # A signed-out device, and a worker who does not have Amy, change nothing.
    assert (
        app.test_client().post("/me/safety-object", data={"safety_object": "x"}).status_code == 404
    )
    other = signed_in(app, make_worker(name="Priya Shah"))
    together = f"/children/{amy.public_id}/space/together/safety-object"
    assert other.post(together, data={"safety_object": "Not hers"}).status_code == 404
    assert all(p.safety_object != "Not hers" for p in db.session.scalars(select(SafetyPlan)))


def test_together_mode_the_child_chooses_on_the_workers_device(app, world):
    staff, amy = world["staff"], world["amy"]
    share_form(staff, amy, "safety_plan", world["amy_plan"])
    url = f"/children/{amy.public_id}/space/together/safety-object"
    assert staff.post(url, data={"safety_object": "The red bear"}).status_code == 302
    text = page_text(staff.get(f"/children/{amy.public_id}/space/together"))
    assert "You chose: The red bear" in text
