from sqlalchemy import func, select

from participation.activities.models import ActivityArea, Mode, Status
from participation.alerts.models import WorryAlert
from participation.extensions import db
from tests.helpers import page_text

WORRY = "Dad shouts when he drinks and I hide in my room  \n\n  😢 "


def child_client(client, activity, worker, make_code):
    client.post("/start", data={"code": make_code(activity, worker)})
    return client


def test_child_words_are_kept_exactly_as_written(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": WORRY},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Saved" in page_text(response)
    assert "<html" not in response.get_data(as_text=True)  # a fragment for htmx
    row = db.session.scalars(select(ActivityArea)).one()
    assert row.child_words == WORRY
    assert row.scribed_by_id is None


def test_child_cannot_write_in_the_scribed_box(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/dreams/words",
        data={"child_words": "a dog", "scribed_words": "pretending to be the worker"},
    )
    # Refused whole (409), so a device's outbox keeps the words rather than losing them.
    assert response.status_code == 409
    assert "nothing was saved" in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(ActivityArea)) == 0


def test_worker_scribing_is_marked_as_scribed(client, auth, make_worker, make_child, make_activity):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    page = page_text(client.get(f"/activities/{activity.public_id}/areas/good_things"))
    assert "Words I wrote down for the child (scribed)" in page
    client.post(
        f"/activities/{activity.public_id}/areas/good_things/words",
        data={"scribed_words": "Nan's house and my bike"},
    )
    row = db.session.scalars(select(ActivityArea)).one()
    assert row.scribed_words == "Nan's house and my bike"
    assert row.scribed_by.name == "Sam Okafor"


def test_worker_cannot_overwrite_words_a_child_typed_on_their_own_device(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    tablet = app.test_client()
    child_client(tablet, activity, worker, make_code)
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": WORRY}
    )
    auth.sign_in(worker)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "edited by an adult"},
    )
    assert response.status_code == 409
    assert db.session.scalars(select(ActivityArea)).one().child_words == WORRY


def test_no_javascript_path_saves_and_moves_to_the_next_house(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries",
        data={"child_words": "spiders", "go": "next"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/areas/good_things")
    assert "✓" in page_text(client.get(response.headers["Location"]))


def test_too_long_words_get_a_clear_422(client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "x" * 20_001},
    )
    assert response.status_code == 422
    assert "too long" in page_text(response)


def test_finishing_submits_and_locks_the_words(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    client.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": WORRY}
    )
    assert "Have you finished?" in page_text(client.get(f"/activities/{activity.public_id}/finish"))
    response = client.post(f"/activities/{activity.public_id}/finish")
    assert response.headers["Location"] == "/activities/thanks"
    # The drawings the tablet kept (to save downloading them again) are wiped from it.
    assert response.headers["Clear-Site-Data"] == '"cache"'
    thanks = page_text(client.get("/activities/thanks"))
    # Named, not "your worker" (which came out as "your employee" in 11 languages).
    assert f"{worker.first_name} will read what you drew and wrote." in thanks
    db.session.refresh(activity)
    assert activity.status == Status.SUBMITTED and activity.submitted_at is not None
    # The tablet is signed out: whoever picks it up next cannot read the child's words.
    assert client.get(f"/activities/{activity.public_id}").status_code == 404


def test_submitted_words_cannot_be_changed_even_by_the_worker(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    client.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": WORRY}
    )
    client.post(f"/activities/{activity.public_id}/finish")
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "changed"}
    )
    assert response.status_code == 422 or response.status_code == 409
    assert db.session.scalars(select(ActivityArea)).one().child_words == WORRY


def test_worried_right_now_alerts_the_worker_and_shows_childline_and_999(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    tablet = app.test_client()
    child_client(tablet, activity, worker, make_code)
    page = page_text(tablet.get(f"/activities/{activity.public_id}/areas/dreams"))
    assert "I'm worried right now" in page
    response = tablet.post(
        f"/activities/{activity.public_id}/worry", headers={"HX-Request": "true"}
    )
    help_text = page_text(response)
    assert "0800 1111" in help_text and "999" in help_text
    assert "We are sending Worker" in help_text  # only what has happened (issue #11)
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 1
    # A double tap is one worry: one alert, and the help shown again.
    again = tablet.post(f"/activities/{activity.public_id}/worry", headers={"HX-Request": "true"})
    assert "0800 1111" in page_text(again)
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 1

    auth.sign_in(worker)
    queue = page_text(client.get("/review"))
    assert "Amy Clarke pressed “I'm worried right now”" in queue


def test_help_page_works_without_signing_in(client):
    text = page_text(client.get("/activities/help"))
    assert "0800 1111" in text and "999" in text


def test_start_page_offers_read_aloud_and_worry_help(client):
    html = client.get("/start").get_data(as_text=True)
    assert 'class="say"' in html and "data-say=" in html
    assert 'href="/activities/help"' in html


def test_worker_starts_together_and_records_who_is_present(client, auth, make_worker, make_child):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    auth.sign_in(worker)
    missing = client.post(
        f"/activities/new/{child.public_id}",
        data={"tool": "three_houses", "mode": "together", "seen_alone": "no", "language": "en"},
    )
    assert missing.status_code == 422
    assert "Say who else is there and why" in page_text(missing)
    response = client.post(
        f"/activities/new/{child.public_id}",
        data={
            "tool": "three_houses",
            "mode": "together",
            "seen_alone": "no",
            "present": "Nan, because Amy asked her to stay",
            "interpreter": "",
            "language": "en",
        },
    )
    assert response.status_code == 302
    overview = page_text(client.get(response.headers["Location"]))
    assert "House of worries" in overview and "I'm worried right now" in overview
    activity = child_activity(child)
    assert activity.mode == Mode.TOGETHER
    assert activity.seen_alone is False
    assert activity.present == "Nan, because Amy asked her to stay"


def child_activity(child):
    from participation.activities.models import Activity

    return db.session.scalars(select(Activity).filter_by(child_id=child.id)).one()


def test_every_child_screen_can_be_read_aloud(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    for path in ("", "/areas/worries", "/areas/good_things", "/areas/dreams", "/finish"):
        html = client.get(f"/activities/{activity.public_id}{path}").get_data(as_text=True)
        assert 'class="say"' in html, path
    worry = client.post(f"/activities/{activity.public_id}/worry").get_data(as_text=True)
    assert 'class="say"' in worry
    client.post(f"/activities/{activity.public_id}/finish")
    assert 'class="say"' in client.get("/activities/thanks").get_data(as_text=True)


def test_pressing_finished_again_after_a_lost_response_says_thank_you(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    assert (
        client.post(f"/activities/{activity.public_id}/finish").headers["Location"]
        == "/activities/thanks"
    )
    again = client.post(f"/activities/{activity.public_id}/finish")
    assert again.headers["Location"] == "/activities/thanks"
    from participation.caserecord.models import RecordEntry

    assert db.session.scalar(select(func.count()).select_from(RecordEntry)) == 1


def test_a_hidden_nul_character_is_refused_plainly_not_a_server_error(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    child_client(client, activity, worker, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "my words\x00"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "hidden character" in page_text(response)
