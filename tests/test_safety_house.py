from sqlalchemy import func, select

from participation.activities.models import ActivityArea
from participation.extensions import db
from participation.scales.models import ScaleAnswer
from tests.helpers import page_text, png_bytes, upload

AREAS = ("inside", "roof", "green_circle", "red_circle", "path")


def safety_house(make_activity, child, worker):
    activity = make_activity(child, worker)
    activity.tool = "safety_house"
    db.session.commit()
    return activity


def on_tablet(app, activity, worker, make_code):
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    return tablet


def test_safety_house_has_every_area_with_drawing_words_and_help(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = safety_house(make_activity, make_child(worker), worker)
    tablet = on_tablet(app, activity, worker, make_code)
    overview = page_text(tablet.get(f"/activities/{activity.public_id}"))
    for title in ("Inside my safety house", "The roof: safety rules", "The green circle",
                  "The red circle", "The safety path"):  # fmt: skip
        assert title in overview
    for area in AREAS:
        page = tablet.get(f"/activities/{activity.public_id}/areas/{area}")
        html = page.get_data(as_text=True)
        assert 'class="canvas"' in html and 'name="child_words"' in html
        assert "I'm worried right now" in page_text(page) and 'class="say"' in html


def test_safety_path_scale_works_without_javascript(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = safety_house(make_activity, make_child(worker), worker)
    tablet = on_tablet(app, activity, worker, make_code)
    page = tablet.get(f"/activities/{activity.public_id}/areas/path")
    html = page.get_data(as_text=True)
    assert html.count('type="radio" name="scale_value"') == 11
    text = page_text(page)
    assert "A long way away. I don't feel safe." in text
    assert "I live in my safety house. I feel safe." in text
    response = tablet.post(
        f"/activities/{activity.public_id}/areas/path",
        data={
            "scale_value": "4",
            "scale_why": "Dad still shouts sometimes",
            "scale_higher": "If Dad stopped drinking",
            "child_words": "",
            "go": "stay",
        },
    )
    assert response.status_code == 302
    answer = db.session.scalars(select(ScaleAnswer)).one()
    assert (answer.value, answer.why, answer.one_higher) == (
        4,
        "Dad still shouts sometimes",
        "If Dad stopped drinking",
    )
    assert answer.answered_by_kind == "child"
    again = tablet.get(f"/activities/{activity.public_id}/areas/path").get_data(as_text=True)
    assert 'value="4" checked' in again


def test_autosave_without_a_number_keeps_the_chosen_number(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = safety_house(make_activity, make_child(worker), worker)
    tablet = on_tablet(app, activity, worker, make_code)
    url = f"/activities/{activity.public_id}/areas/path/words"
    tablet.post(url, data={"scale_value": "7"})
    tablet.post(url, data={"scale_why": "Nan is there"})
    answer = db.session.scalars(select(ScaleAnswer)).one()
    assert (answer.value, answer.why) == (7, "Nan is there")


def test_a_number_outside_0_to_10_is_refused(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = safety_house(make_activity, make_child(worker), worker)
    tablet = on_tablet(app, activity, worker, make_code)
    response = tablet.post(
        f"/activities/{activity.public_id}/areas/path/words", data={"scale_value": "11"}
    )
    assert response.status_code == 422
    assert "Choose a number from 0 to 10." in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(ScaleAnswer)) == 0


def test_sent_safety_house_reaches_review_and_the_record(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker(name="Sam Okafor")
    activity = safety_house(make_activity, make_child(worker, name="Amy Clarke"), worker)
    tablet = on_tablet(app, activity, worker, make_code)
    base = f"/activities/{activity.public_id}/areas"
    tablet.post(f"{base}/red_circle/words", data={"child_words": "Uncle Dave only with Nan there"})
    tablet.post(f"{base}/path/words", data={"scale_value": "6", "scale_why": "Nan visits"})
    assert upload(tablet, activity, "inside", png_bytes()).status_code == 200
    tablet.post(f"/activities/{activity.public_id}/finish")

    auth.sign_in(worker)
    queue = page_text(client.get("/review"))
    assert "Amy Clarke · Safety House" in queue
    review = page_text(client.get(f"/review/{activity.public_id}"))
    assert "Uncle Dave only with Nan there" in review and "6 / 10" in review
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["tool"] == {"id": "safety_house", "name": "Safety House"}
    path = next(a for a in entry["areas"] if a["id"] == "path")
    assert path["scale"]["value"] == 6 and path["scale"]["why"] == "Nan visits"
    inside = next(a for a in entry["areas"] if a["id"] == "inside")
    assert inside["drawing"] is not None
    document = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "The child chose 6 out of 10." in document
    child_page = page_text(client.get(f"/children/{activity.child.public_id}"))
    assert "Scaling answers" in child_page and "Nan visits" in child_page


def test_worker_records_scaling_answers_shown_as_a_chart(client, auth, make_worker, make_child):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    auth.sign_in(worker)
    form = client.get(f"/scales/new/{child.public_id}")
    assert "everyone knows Amy is safe enough" in page_text(form)
    bad = client.post(
        f"/scales/new/{child.public_id}",
        data={
            "question": "Q",
            "low_label": "bad",
            "high_label": "good",
            "answered_by_kind": "parent",
        },
    )
    assert bad.status_code == 422 and "Choose a number from 0 to 10." in page_text(bad)
    for value, who in ((3, "Mum"), (5, "Mum"), (6, "Nan")):
        response = client.post(
            f"/scales/new/{child.public_id}",
            data={
                "question": "How safe is Amy at home?",
                "low_label": "Not safe",
                "high_label": "Safe enough to close",
                "answered_by_kind": "parent" if who == "Mum" else "network",
                "answered_by_name": who,
                "value": str(value),
                "why": f"{who} thinks {value}",
                "one_higher": "",
            },
        )
        assert response.status_code == 302
    html = client.get(f"/children/{child.public_id}").get_data(as_text=True)
    assert "<svg" in html and html.count("<path") >= 2  # one line each for Mum and Nan
    assert "Mum thinks 5" in page_text(client.get(f"/children/{child.public_id}"))


def test_worker_cannot_record_a_scale_for_another_workers_child(
    client, auth, make_worker, make_child
):
    child = make_child(make_worker())
    auth.sign_in(make_worker())
    assert client.get(f"/scales/new/{child.public_id}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ActivityArea)) == 0
