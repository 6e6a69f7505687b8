"""A child's meetings (issue #16): views asked for in the child's language and tagged with the
meeting, read by the chair, and the outcome told back to the child in their own space, read
aloud, answered, and seen read by the worker."""

from datetime import date

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from participation.activities.models import Activity, Mode
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.childspace.models import ChildShare
from participation.childspace.registry import SHAREABLES
from participation.codes.models import SignInCode
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.meetings.services import views_due_for, working_days_before
from participation.translation.models import Translation
from participation.translation.services import complete
from tests.helpers import PASSWORD, page_text

OUTCOME = "You will stay with Nan. The meeting listened: you asked to see Dad at weekends."
POLISH = "Zostaniesz z babcią. Spotkanie cię wysłuchało."


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


@pytest.fixture
def world(app, make_worker, make_child):
    worker = make_worker(name="Sam Okafor")
    chair = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER, name="Rita Iro")
    amy = make_child(worker, name="Amy Nowak", language="pl")
    staff = signed_in(app, worker)
    return {"worker": worker, "chair": chair, "amy": amy, "staff": staff}


def add_meeting(world, kind="looked_after_review", held_on="2026-12-16"):
    response = world["staff"].post(
        f"/meetings/child/{world['amy'].public_id}",
        data={"kind": kind, "held_on": held_on, "chair": str(world["chair"].id)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()


def views_in(app, world, meeting, words="Chcę mieszkać z babcią"):
    """The worker asks for My meeting on a code; the child does it on their own tablet."""
    response = world["staff"].post(
        f"/meetings/{meeting.public_id}/views", data={"tool": "my_meeting", "mode": "code"}
    )
    assert response.status_code == 302 and "/codes/" in response.headers["Location"]
    activity = db.session.scalars(select(Activity).where(Activity.meeting_id == meeting.id)).one()
    from participation.codes.services import issue_code

    _code, plain = issue_code(activity, world["worker"])
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": plain})
    tablet.post(
        f"/activities/{activity.public_id}/areas/want_to_happen/words",
        data={"child_words": words},
    )
    tablet.post(f"/activities/{activity.public_id}/finish")
    return activity, tablet


def test_views_are_due_in_working_days_before_the_meeting(app):
    # Wednesday 16 December 2026, three working days before: Friday 11th.
    assert views_due_for("looked_after_review", date(2026, 12, 16)) == date(2026, 12, 11)
    # Over a weekend and Christmas (bank holidays 25 and 28 December): Tuesday 22nd.
    assert working_days_before(date(2026, 12, 29), 4, {date(2026, 12, 25), date(2026, 12, 28)})
    assert views_due_for("looked_after_review", date(2026, 12, 29)) == date(2026, 12, 22)
    app.config["MEETING_VIEWS_DUE_WORKING_DAYS"] = {"looked_after_review": 1}
    assert views_due_for("looked_after_review", date(2026, 12, 14)) == date(2026, 12, 11)


def test_my_meeting_is_a_tool_with_its_areas(app):
    from participation.activities.tools import TOOLS

    tool = TOOLS["my_meeting"]
    assert [a.slug for a in tool.areas] == [
        "going_well", "worries", "want_to_happen", "who_there", "come_or_chair", "advocate",
    ]  # fmt: skip


def test_a_worker_adds_a_meeting_with_its_chair_and_due_date(app, world):
    meeting = add_meeting(world)
    assert meeting.kind == "looked_after_review" and meeting.chair_id == world["chair"].id
    assert meeting.views_due == date(2026, 12, 11)
    page = page_text(world["staff"].get(f"/meetings/{meeting.public_id}"))
    assert "Looked-after review" in page and "Rita Iro" in page and "Dec 11, 2026" in page


def test_with_htmx_a_new_meeting_opens_its_page_not_inside_the_form(app, world):
    response = world["staff"].post(
        f"/meetings/child/{world['amy'].public_id}",
        data={"kind": "looked_after_review", "held_on": "2026-12-16",
              "chair": str(world["chair"].id)},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    meeting = db.session.scalars(select(Meeting)).one()
    assert response.status_code == 200 and response.get_data(as_text=True) == ""
    assert response.headers["HX-Redirect"] == f"/meetings/{meeting.public_id}"


def test_a_meeting_without_a_date_is_refused_with_the_form(app, world):
    response = world["staff"].post(
        f"/meetings/child/{world['amy'].public_id}",
        data={"kind": "looked_after_review", "held_on": "", "chair": str(world["chair"].id)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body and "Give the date of the meeting." in body
    assert db.session.scalars(select(Meeting)).all() == []


def test_asking_for_views_makes_an_activity_in_the_childs_language_tagged_with_the_meeting(
    app, world
):
    meeting = add_meeting(world)
    activity, tablet = views_in(app, world, meeting)
    db.session.expire_all()
    activity = db.session.get(Activity, activity.id)
    assert activity.tool == "my_meeting" and activity.language == "pl"
    assert activity.mode == Mode.CODE and activity.meeting_id == meeting.id
    assert db.session.scalars(select(SignInCode)).first() is not None
    entry = db.session.scalars(
        select(RecordEntry).where(RecordEntry.object_id == activity.public_id)
    ).one()
    assert "looked_after_review on 2026-12-16" in entry.label
    # The child's words go into English for the worker and the chair.
    assert db.session.scalars(
        select(Translation).where(
            Translation.object_id == activity.public_id, Translation.source_language == "pl"
        )
    ).first()


def test_only_the_offered_tools_can_be_asked_for(app, world):
    meeting = add_meeting(world)
    response = world["staff"].post(
        f"/meetings/{meeting.public_id}/views", data={"tool": "nonsense", "mode": "code"}
    )
    assert response.status_code == 422
    assert db.session.scalars(select(Activity)).all() == []


def test_the_chair_sees_their_meetings_and_the_views_before_the_meeting(app, world):
    meeting = add_meeting(world)
    activity, _tablet = views_in(app, world, meeting)
    chair = signed_in(app, world["chair"])
    page = page_text(chair.get("/chair"))
    assert "Amy Nowak: Looked-after review" in page and "Read their views" in page
    views = chair.get(f"/review/{activity.public_id}")
    assert views.status_code == 200 and "Chcę mieszkać z babcią" in page_text(views)
    assert chair.get(f"/meetings/{meeting.public_id}").status_code == 200
    # The chair chairs; the child's own workers add the meetings.
    response = chair.post(
        f"/meetings/child/{world['amy'].public_id}",
        data={"kind": "looked_after_review", "held_on": "2027-01-20", "chair": "1"},
    )
    assert response.status_code == 403


def test_the_chair_reads_the_views_but_only_the_worker_reviews_replies_and_shares(app, world):
    """A chair marking the views reviewed would take them out of the worker's queue, and a
    reply would speak to the child in the worker's place."""
    from participation.review.models import Review

    meeting = add_meeting(world)
    activity, _tablet = views_in(app, world, meeting)
    chair = signed_in(app, world["chair"])
    page = page_text(chair.get(f"/review/{activity.public_id}"))
    assert "As the chair you can read the child's views here." in page
    assert "Mark as reviewed" not in page and "Reply to" not in page
    base = f"/review/{activity.public_id}"
    for url, data in ((f"{base}/reviewed", {}), (f"{base}/reply", {"reply": "Hello"}),
                      (f"{base}/analysis", {"analysis": "Mine"})):  # fmt: skip
        refused = chair.post(url, data=data)
        assert refused.status_code == 403
        assert "Their social worker reviews them" in page_text(refused)
    assert db.session.scalars(select(Review)).all() == []
    # The worker still can.
    assert "Mark as reviewed" in page_text(world["staff"].get(base))
    assert world["staff"].post(f"{base}/reviewed").status_code in (302, 303)


def test_the_outcome_reaches_the_childs_space_in_their_language_and_is_seen_read(
    app, world, make_worker
):
    meeting = add_meeting(world)
    _activity, tablet = views_in(app, world, meeting)
    staff = world["staff"]
    response = staff.post(
        f"/meetings/{meeting.public_id}/outcome", data={"outcome": OUTCOME, "language": "en"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.outcome == OUTCOME and meeting.outcome_by_id == world["worker"].id
    # Shared into the child's space straight away, on the record, and asked for in Polish.
    share = db.session.scalars(select(ChildShare).where(ChildShare.kind == "meeting_outcome")).one()
    assert share.object_id == meeting.public_id and share.first_read_at is None
    assert db.session.scalars(
        select(RecordEntry).where(RecordEntry.kind == "meeting")
    ).one().object_id == meeting.public_id  # fmt: skip
    (asked,) = db.session.scalars(
        select(Translation).where(Translation.object_kind == "meeting_outcome")
    ).all()
    assert asked.target_language == "pl" and asked.source_text == OUTCOME
    assert "has not read it yet" in page_text(staff.get(f"/meetings/{meeting.public_id}"))

    complete(asked, make_worker(role=Role.INTERPRETER, name="Ola Tłumacz"), POLISH)
    db.session.commit()
    # Together mode: on the worker's device, in Polish, read aloud in Polish.
    together = staff.get(f"/children/{world['amy'].public_id}/space/together")
    body = together.get_data(as_text=True)
    assert together.status_code == 200 and '<html lang="pl"' in body
    assert POLISH in body and 'data-lang="pl"' in body and "meetings_child" not in body
    assert f"/me/meetings/{meeting.public_id}/answer" in body
    db.session.expire_all()
    share = db.session.get(ChildShare, share.id)
    assert share.first_read_at is not None and share.read_mode == "together"
    page = page_text(staff.get(f"/meetings/{meeting.public_id}"))
    assert "Amy has read it" in page
    assert db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "child_space_read", AuditEvent.object_kind == "meeting"
        )
    ).first()


def test_the_child_answers_on_their_own_device_and_the_worker_reads_it(
    app, world, make_activity, make_code
):
    meeting = add_meeting(world)
    world["staff"].post(
        f"/meetings/{meeting.public_id}/outcome", data={"outcome": OUTCOME, "language": "en"}
    )
    # No new views asked for: any code for Amy opens her space with the outcome in it.
    tablet = app.test_client()
    landing = tablet.post(
        "/start",
        data={"code": make_code(make_activity(world["amy"], world["worker"]), world["worker"])},
    )
    assert landing.status_code == 302
    space = tablet.get("/me")
    assert OUTCOME in page_text(space)
    response = tablet.post(
        f"/me/meetings/{meeting.public_id}/answer", data={"answer": "Dziękuję, to dobrze"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/me")
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.answer == "Dziękuję, to dobrze" and meeting.answer_language == "pl"
    assert meeting.answer_mode == "code"
    # Once only; the worker reads it, and it goes into English.
    again = tablet.post(f"/me/meetings/{meeting.public_id}/answer", data={"answer": "x"})
    assert again.status_code == 422
    assert "Dziękuję, to dobrze" in page_text(world["staff"].get(f"/meetings/{meeting.public_id}"))
    assert db.session.scalars(
        select(Translation).where(Translation.object_kind == "meeting_answer")
    ).one().source_language == "pl"  # fmt: skip


def test_the_outcome_is_written_once(app, world):
    meeting = add_meeting(world)
    url = f"/meetings/{meeting.public_id}/outcome"
    assert world["staff"].post(url, data={"outcome": OUTCOME, "language": "en"}).status_code == 302
    assert (
        world["staff"].post(url, data={"outcome": "Changed", "language": "en"}).status_code == 409
    )
    empty = world["staff"].post(url, data={"outcome": "", "language": "en"})
    assert empty.status_code in (409, 422)


def test_an_empty_outcome_is_refused_with_the_form(app, world):
    meeting = add_meeting(world)
    response = world["staff"].post(
        f"/meetings/{meeting.public_id}/outcome",
        data={"outcome": "", "language": "en"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Write what was decided" in response.get_data(as_text=True)


def test_the_meeting_is_on_the_record_with_views_outcome_and_answer(app, world):
    meeting = add_meeting(world)
    activity, _tablet = views_in(app, world, meeting)
    world["staff"].post(
        f"/meetings/{meeting.public_id}/outcome", data={"outcome": OUTCOME, "language": "en"}
    )
    page = world["staff"].get(f"/record/meeting/{meeting.public_id}")
    assert page.status_code == 200
    text = page_text(page)
    assert "Looked-after review" in text and OUTCOME in text and "Rita Iro" in text
    assert activity.public_id in text and "Not read by the child yet." in text
    data = world["staff"].get(f"/record/meeting/{meeting.public_id}.json").get_json()
    assert data["views"][0]["activity_id"] == activity.public_id


def test_the_outcome_is_a_child_space_kind(app):
    assert "meeting_outcome" in SHAREABLES


def test_viewing_a_meeting_is_audited(app, world):
    meeting = add_meeting(world)
    world["staff"].get(f"/meetings/{meeting.public_id}")
    assert db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "view_meeting", AuditEvent.object_id == meeting.public_id
        )
    ).first()


def test_the_request_form_shows_when_the_views_are_due(app, world):
    meeting = add_meeting(world)
    body = world["staff"].get(f"/meetings/{meeting.public_id}").get_data(as_text=True)
    # Three working days before the looked-after review, filled in for the worker to change.
    assert 'type="date"' in body and 'value="2026-12-11"' in body
    assert "Views due by" in page_text(world["staff"].get(f"/meetings/{meeting.public_id}"))


def test_the_worker_changes_when_the_views_are_due_and_it_shows_everywhere(app, world):
    meeting = add_meeting(world)
    response = world["staff"].post(
        f"/meetings/{meeting.public_id}/views",
        data={"tool": "my_meeting", "mode": "together", "views_due": "2026-12-14"},
    )
    assert response.status_code == 302
    activity = db.session.scalars(select(Activity).where(Activity.meeting_id == meeting.id)).one()
    assert activity.views_due == date(2026, 12, 14)
    # On the activity: the child is told which meeting it is for and the date it is wanted by.
    overview = page_text(world["staff"].get(f"/activities/{activity.public_id}"))
    assert "This is for your meeting on 16 December. Sam would like it by Monday 14 December." in (
        overview
    )
    # On the meeting, while it is not finished, and on the chair's list.
    assert "Due Dec 14, 2026" in page_text(world["staff"].get(f"/meetings/{meeting.public_id}"))
    chair = signed_in(app, world["chair"])
    assert "Views due Dec 14, 2026" in page_text(chair.get("/chair"))

    world["staff"].post(
        f"/activities/{activity.public_id}/areas/want_to_happen/words",
        data={"child_words": "Chcę mieszkać z babcią"},
    )
    world["staff"].post(f"/activities/{activity.public_id}/finish")
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).submitted_at is not None
    # In the review queue and on the submission.
    queue = page_text(world["staff"].get("/review"))
    assert "Views for: Looked-after review, 16 Dec · due 14 Dec" in queue
    submission = page_text(world["staff"].get(f"/review/{activity.public_id}"))
    assert "Views for: Looked-after review, 16 Dec · due 14 Dec" in submission
    # On the record entry: its label, the document and the JSON.
    entry = db.session.scalars(
        select(RecordEntry).where(RecordEntry.object_id == activity.public_id)
    ).one()
    assert "looked_after_review on 2026-12-16, due 2026-12-14" in entry.label
    document = page_text(world["staff"].get(f"/record/activity/{activity.public_id}"))
    assert "Looked-after review, 16 December 2026" in document
    assert "due 14 December 2026" in document and "after the date they were due" not in document
    data = world["staff"].get(f"/record/activity/{activity.public_id}.json").get_json()
    assert data["for_meeting"] == {
        "id": meeting.public_id, "kind": "looked_after_review", "kind_name": "Looked-after review",
        "held_on": "2026-12-16", "views_due": "2026-12-14", "sent_after_due_date": False,
    }  # fmt: skip


def test_views_asked_without_a_date_are_due_by_the_meetings_setting(app, world):
    meeting = add_meeting(world)
    activity, _tablet = views_in(app, world, meeting)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).views_due == date(2026, 12, 11)


def test_views_sent_after_they_were_due_say_so(app, world):
    meeting = add_meeting(world)
    activity, _tablet = views_in(app, world, meeting)
    db.session.get(Activity, activity.id).views_due = date(2026, 11, 2)
    db.session.commit()
    assert "sent after the date they were due" in page_text(world["staff"].get("/review"))
    data = world["staff"].get(f"/record/activity/{activity.public_id}.json").get_json()
    assert data["for_meeting"]["sent_after_due_date"] is True
    chair = signed_in(app, world["chair"])
    assert "after the date they were due" in page_text(chair.get("/chair"))


def test_views_due_after_the_meeting_are_refused_with_the_form(app, world):
    meeting = add_meeting(world)
    response = world["staff"].post(
        f"/meetings/{meeting.public_id}/views",
        data={"tool": "my_meeting", "mode": "code", "views_due": "2026-12-17"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'value="2026-12-17"' in body
    assert "The views must be due on or before the day of the meeting." in body
    assert db.session.scalars(select(Activity)).all() == []


def test_an_activity_not_for_a_meeting_has_no_views_due(app, world, make_activity):
    activity = make_activity(world["amy"], world["worker"])
    assert activity.views_due is None


def outcome_on_a_tablet(app, world, make_activity, make_code):
    """The outcome written, and Amy's space open on her own tablet with a code."""
    meeting = add_meeting(world)
    world["staff"].post(
        f"/meetings/{meeting.public_id}/outcome", data={"outcome": OUTCOME, "language": "en"}
    )
    tablet = app.test_client()
    code = make_code(make_activity(world["amy"], world["worker"]), world["worker"])
    assert tablet.post("/start", data={"code": code}).status_code == 302
    return meeting, tablet


def polish(message: str) -> str:
    """What the child's Polish screen says for this message (the catalogue's own words)."""
    with force_locale("pl"):
        said = gettext(message)
    assert said != message, f"not translated into Polish: {message}"
    return said


def test_an_empty_answer_gives_the_child_their_form_again(app, world, make_activity, make_code):
    meeting, tablet = outcome_on_a_tablet(app, world, make_activity, make_code)
    response = tablet.post(f"/me/meetings/{meeting.public_id}/answer", data={"answer": "  "})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    # Their own space (in Polish), what was decided, the box to answer in, and a plain reason.
    assert "Twoje miejsce" in page_text(response) and OUTCOME in body
    assert polish("Write your answer first.") in body and 'role="alert"' in body
    assert f'action="/me/meetings/{meeting.public_id}/answer' in body
    assert 'aria-invalid="true"' in body
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).answered_at is None
    # And then they can answer.
    sent = tablet.post(f"/me/meetings/{meeting.public_id}/answer", data={"answer": "Dobrze"})
    assert sent.status_code == 302


def test_a_second_answer_shows_the_one_already_sent(app, world, make_activity, make_code):
    meeting, tablet = outcome_on_a_tablet(app, world, make_activity, make_code)
    url = f"/me/meetings/{meeting.public_id}/answer"
    assert tablet.post(url, data={"answer": "Dziękuję, to dobrze"}).status_code == 302
    response = tablet.post(url, data={"answer": "Jeszcze raz"})
    assert response.status_code == 422
    text = page_text(response)
    assert polish("You have already sent your answer. Thank you. Here it is.") in text
    assert f"{polish('Your answer')} Dziękuję, to dobrze" in text and "Jeszcze raz" not in text
    assert polish("Send my answer") not in text
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).answer == "Dziękuję, to dobrze"


def test_together_a_missing_answer_is_asked_for_again_in_the_childs_language(app, world):
    meeting = add_meeting(world)
    world["staff"].post(
        f"/meetings/{meeting.public_id}/outcome", data={"outcome": OUTCOME, "language": "en"}
    )
    response = world["staff"].post(f"/me/meetings/{meeting.public_id}/answer", data={"answer": ""})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    # The worker's device shows the child's space, in Polish, with the box to answer again.
    assert '<html lang="pl"' in body and OUTCOME in body
    assert f'action="/me/meetings/{meeting.public_id}/answer' in body


def test_the_childs_answer_tells_the_case_system_again(app, world, make_activity, make_code):
    """The meeting went on the record with its outcome; the answer came later."""
    from participation.jobs.testing import jobs_waiting, run_jobs

    app.config["WEBHOOK_URL"] = "http://127.0.0.1:9/hook"
    meeting, tablet = outcome_on_a_tablet(app, world, make_activity, make_code)
    entry = db.session.scalars(select(RecordEntry).filter_by(object_id=meeting.public_id)).one()
    entry.notified_at = entry.ready_at  # the case system has it
    db.session.commit()
    run_jobs()
    assert not [n for n, _a in jobs_waiting(queue="outward") if n.endswith("deliver_webhook")]
    assert tablet.post(f"/me/meetings/{meeting.public_id}/answer", data={"answer": "Dobrze"})
    waiting = [a["entry_id"] for n, a in jobs_waiting(queue="outward") if n.endswith("webhook")]
    assert waiting == [entry.id]
    assert db.session.get(RecordEntry, entry.id).notified_at is None
