"""Five faces a young child taps, on any tool's area, stored as a ScaleAnswer."""

import pytest
from sqlalchemy import select

from participation.activities import tools
from participation.activities.models import Mode
from participation.activities.tools import FACES, Area, Tool, face_scale
from participation.extensions import db
from participation.scales.models import ScaleAnswer
from participation.scales.services import answers_for_child, chart
from tests.helpers import page_text


def wizards(make_activity, child, worker, **kwargs):
    activity = make_activity(child, worker, **kwargs)
    activity.tool = "wizards_and_fairies"
    db.session.commit()
    return activity


@pytest.fixture
def on_tablet(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = wizards(make_activity, make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.activity = activity
    return tablet


def test_five_faces_are_radio_buttons_labelled_in_words(on_tablet):
    activity = on_tablet.activity
    page = on_tablet.get(f"/activities/{activity.public_id}/areas/good_things")
    html = page.get_data(as_text=True)
    assert html.count('type="radio" name="scale_value"') == 5
    for face in FACES:
        assert f'value="{face.value}"' in html
    text = page_text(page)
    for label in ("Very sad", "Sad", "In the middle", "Happy", "Very happy"):
        assert label in text
    assert "How do these good things make you feel?" in text
    assert "youngest.css" in html


def test_a_tapped_face_is_kept_without_javascript_and_shown_again(on_tablet):
    activity = on_tablet.activity
    response = on_tablet.post(
        f"/activities/{activity.public_id}/areas/good_things",
        data={"scale_value": "4", "scale_why": "Nana's cat", "child_words": "", "go": "stay"},
    )
    assert response.status_code == 302
    answer = db.session.scalars(select(ScaleAnswer)).one()
    assert (answer.value, answer.out_of, answer.why) == (4, 5, "Nana's cat")
    assert answer.answered_by_kind == "child"
    again = on_tablet.get(f"/activities/{activity.public_id}/areas/good_things")
    assert 'value="4" checked' in again.get_data(as_text=True)


@pytest.mark.parametrize("value", ["0", "6", "10", "-1", "x"])
def test_a_face_outside_one_to_five_is_refused_plainly(on_tablet, value):
    activity = on_tablet.activity
    response = on_tablet.post(
        f"/activities/{activity.public_id}/areas/good_things/words", data={"scale_value": value}
    )
    assert response.status_code == 422
    assert db.session.scalars(select(ScaleAnswer)).first() is None


def test_the_face_and_its_number_are_on_the_record(client, auth, make_worker, make_child,
                                                  make_activity):  # fmt: skip
    worker = make_worker()
    child = make_child(worker)
    activity = wizards(make_activity, child, worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}/areas"
    client.post(f"{base}/worries/words", data={"scale_value": "1"})
    client.post(f"/activities/{activity.public_id}/finish")
    review = page_text(client.get(f"/review/{activity.public_id}"))
    assert "Very sad" in review and "face 1 of 5" in review
    doc = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "The child chose the face 😢 Very sad : 1 out of 5." in doc
    data = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    worries = next(a for a in data["areas"] if a["id"] == "worries")
    assert worries["scale"]["value"] == 1 and worries["scale"]["out_of"] == 5
    assert worries["scale"]["face"] == "😢 Very sad"
    # On the child's chart a face sits on the same line as a 0-10 answer.
    answers = answers_for_child(child)
    assert [a.out_of for a in answers] == [5]
    assert chart(answers)[0].points


def test_any_tool_can_carry_faces_as_data(monkeypatch, app, make_worker, make_child,
                                          make_activity, make_code):  # fmt: skip
    """A council's own tool: a face scale is a line of data, not a new code path."""
    own = Tool(
        slug="my_day",
        name="My day",
        areas=(Area("school", "School", "How is school?", "🏫", scale=face_scale("How is it?")),),
    )
    monkeypatch.setitem(tools.TOOLS, "my_day", own)
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    activity.tool = "my_day"
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    page = tablet.get(f"/activities/{activity.public_id}/areas/school").get_data(as_text=True)
    assert page.count('type="radio" name="scale_value"') == 5
    tablet.post(f"/activities/{activity.public_id}/areas/school/words", data={"scale_value": "5"})
    assert db.session.scalars(select(ScaleAnswer)).one().value == 5


def test_the_safety_path_is_still_zero_to_ten(app, make_worker, make_child, make_activity,
                                              make_code):  # fmt: skip
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    activity.tool = "safety_house"
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/areas/path/words", data={"scale_value": "8"})
    answer = db.session.scalars(select(ScaleAnswer)).one()
    assert (answer.value, answer.out_of) == (8, 10)
