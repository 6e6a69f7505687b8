"""The role matrix for chairs (issue #16): an independent reviewing officer or conference chair
sees only the children whose meetings they chair. A chair of child A's review sees nothing of
child B, and a child's space answers only that child's own meeting."""

from datetime import date

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.children.services import can_see_child
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.meetings.services import add_meeting, write_outcome
from tests.helpers import PASSWORD, page_text

B_SECRET = "Ben's outcome: only Ben's people may read this"


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


@pytest.fixture
def two_children(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker(name="Sam Okafor")
    iro_a = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER, name="Rita Iro")
    chair_b = make_worker(role=Role.CONFERENCE_CHAIR, name="Carl Chair")
    amy = make_child(worker, name="Amy Clarke")
    ben = make_child(worker, name="Ben Jones")
    with app.test_request_context():
        review_a = add_meeting(amy, worker, "looked_after_review", date(2026, 12, 16), iro_a)
        conference_b = add_meeting(ben, worker, "review_cp_conference", date(2026, 12, 17), chair_b)
        db.session.commit()
        write_outcome(conference_b, worker, B_SECRET)
    ben_activity = make_activity(ben, worker)
    make_code(ben_activity, worker)
    return {
        "worker": worker, "iro_a": iro_a, "chair_b": chair_b, "amy": amy, "ben": ben,
        "review_a": review_a.public_id, "conference_b": conference_b.public_id,
        "ben_activity": ben_activity.public_id,
    }  # fmt: skip


def test_a_chair_sees_only_the_children_whose_meetings_they_chair(app, two_children):
    iro = two_children["iro_a"]
    assert can_see_child(iro, two_children["amy"].id)
    assert not can_see_child(iro, two_children["ben"].id)
    client = signed_in(app, iro)
    listed = page_text(client.get("/children"))
    assert "Amy Clarke" in listed and "Ben Jones" not in listed


def test_a_chair_of_child_as_review_sees_nothing_of_child_b(app, two_children):
    client = signed_in(app, two_children["iro_a"])
    ben, meeting_b = two_children["ben"].public_id, two_children["conference_b"]
    for url in (
        f"/children/{ben}",
        f"/meetings/child/{ben}",
        f"/meetings/{meeting_b}",
        f"/record/meeting/{meeting_b}",
        f"/record/meeting/{meeting_b}.json",
        f"/children/{ben}/space",
        f"/children/{ben}/space/together",
        f"/activities/{two_children['ben_activity']}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert B_SECRET not in response.get_data(as_text=True), url
    for url, data in (
        (f"/meetings/{meeting_b}/views", {"tool": "my_meeting", "mode": "code"}),
        (f"/meetings/{meeting_b}/outcome", {"outcome": "x", "language": "en"}),
        (f"/me/meetings/{meeting_b}/answer", {"answer": "x"}),
        (f"/meetings/child/{ben}", {"kind": "looked_after_review", "held_on": "2027-01-01"}),
    ):
        assert client.post(url, data=data).status_code in (403, 404), url
    chair_page = page_text(client.get("/chair"))
    assert "Amy Clarke" in chair_page and "Ben Jones" not in chair_page
    assert client.get(f"/meetings/{two_children['review_a']}").status_code == 200
    db.session.expire_all()
    meeting = db.session.scalars(select(Meeting).filter_by(public_id=meeting_b)).one()
    assert meeting.answer == "" and meeting.outcome == B_SECRET


def test_ben_s_chair_sees_ben_and_not_amy(app, two_children):
    client = signed_in(app, two_children["chair_b"])
    assert client.get(f"/children/{two_children['amy'].public_id}").status_code == 404
    assert client.get(f"/meetings/{two_children['review_a']}").status_code == 404
    assert client.get(f"/meetings/{two_children['conference_b']}").status_code == 200


def test_amys_tablet_cannot_answer_bens_meeting(app, two_children, make_activity, make_code):
    worker = two_children["worker"]
    tablet = app.test_client()
    tablet.post(
        "/start", data={"code": make_code(make_activity(two_children["amy"], worker), worker)}
    )
    response = tablet.post(
        f"/me/meetings/{two_children['conference_b']}/answer", data={"answer": "x"}
    )
    assert response.status_code == 404
    assert B_SECRET not in page_text(tablet.get("/me"))


def test_nobody_signed_out_answers_or_reads(app, two_children):
    anonymous = app.test_client()
    meeting_b = two_children["conference_b"]
    assert (
        anonymous.post(f"/me/meetings/{meeting_b}/answer", data={"answer": "x"}).status_code == 404
    )
    assert anonymous.get("/chair").status_code in (302, 401)
    assert anonymous.get(f"/meetings/{meeting_b}").status_code in (302, 401)
