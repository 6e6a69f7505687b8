"""Picture and symbol mode: the child answers by choosing pictures, stored verbatim and shown
as pictures on the record; a council can load its own set from a folder."""

import json

from sqlalchemy import select

from participation.activities.models import ActivityArea, Mode
from participation.extensions import db
from tests.helpers import page_text, png_bytes


def area_url(activity, area="good_things"):
    return f"/activities/{activity.public_id}/areas/{area}"


def test_every_area_offers_pictures_named_in_words_and_read_aloud(tablet):
    page = tablet.get(area_url(tablet.activity))
    html = page.get_data(as_text=True)
    assert html.count('type="checkbox" name="symbols"') == 16
    assert 'name="symbols_shown"' in html
    text = page_text(page)
    for label in ("Happy", "Scared", "Home", "Family", "Pet", "Help"):
        assert label in text
    assert 'data-say="Scared"' in html
    with tablet.get("/activities/symbols/home") as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"
        assert b"<svg" in picture.data
    assert tablet.get("/activities/symbols/nothing").status_code == 404


def test_chosen_pictures_are_stored_verbatim_without_javascript(tablet):
    activity = tablet.activity
    response = tablet.post(
        area_url(activity),
        data={"symbols_shown": "1", "symbols": ["pet", "family"], "go": "stay"},
    )
    assert response.status_code == 302
    row = db.session.scalars(select(ActivityArea)).one()
    assert [s["id"] for s in row.symbols] == ["pet", "family"]  # in the order sent
    pet = row.symbols[0]
    assert pet["label"] == "Pet" and pet["set"] == "shipped"
    assert pet["image"].startswith("data:image/svg+xml;base64,") and len(pet["sha256"]) == 64
    again = tablet.get(area_url(activity)).get_data(as_text=True)
    assert 'value="pet" checked' in again
    tablet.post(f"{area_url(activity)}/words", data={"symbols_shown": "1"})  # none ticked now
    db.session.refresh(row)
    assert row.symbols == []


def test_a_picture_not_in_the_set_is_refused(tablet):
    response = tablet.post(
        f"{area_url(tablet.activity)}/words", data={"symbols_shown": "1", "symbols": "../etc"}
    )
    assert response.status_code == 422


def test_the_worker_cannot_choose_for_the_child_on_a_code_activity(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    auth.sign_in(worker)
    response = client.post(
        f"{area_url(activity)}/words", data={"symbols_shown": "1", "symbols": "happy"}
    )
    assert response.status_code == 409


def test_a_council_loads_its_own_set_and_a_chosen_picture_never_changes(
    app, tmp_path, make_worker, make_child, make_activity, make_code
):
    folder = tmp_path / "council-symbols"
    folder.mkdir()
    (folder / "bus.png").write_bytes(png_bytes(colour=(255, 200, 0, 255)))
    (folder / "symbols.json").write_text(
        json.dumps({"bus": "Bus", "secret": "Not a file", "../../x": "Outside"})
    )
    app.config["SYMBOLS_FOLDER"] = str(folder)
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    html = tablet.get(area_url(activity)).get_data(as_text=True)
    assert html.count('type="checkbox" name="symbols"') == 1 and "Bus" in html
    tablet.post(f"{area_url(activity)}/words", data={"symbols_shown": "1", "symbols": "bus"})
    row = db.session.scalars(select(ActivityArea)).one()
    stored = dict(row.symbols[0])
    assert (stored["set"], stored["label"], stored["media_type"]) == ("council", "Bus", "image/png")
    # The council changes its picture: what the child chose stays as it was.
    (folder / "bus.png").write_bytes(png_bytes(colour=(0, 0, 255, 255)))
    app.extensions.pop("symbol_sets", None)
    tablet.post(f"{area_url(activity)}/words", data={"symbols_shown": "1", "symbols": "bus"})
    db.session.refresh(row)
    assert row.symbols[0]["sha256"] == stored["sha256"]


def test_the_pictures_are_on_the_review_page_and_the_record(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    activity.tool = "wizards_and_fairies"
    db.session.commit()
    auth.sign_in(worker)
    client.post(
        f"{area_url(activity, 'worries')}/words",
        data={"symbols_shown": "1", "symbols": ["scared", "home"]},
    )
    client.post(f"/activities/{activity.public_id}/finish")
    review = client.get(f"/review/{activity.public_id}")
    assert "Pictures chosen:" in page_text(review)
    assert review.get_data(as_text=True).count('src="data:image/svg+xml;base64,') == 2
    doc = client.get(f"/record/activity/{activity.public_id}")
    html = doc.get_data(as_text=True)
    assert "Pictures the child chose (2)" in page_text(doc)
    assert 'alt="Scared"' in html and 'alt="Home"' in html
    data = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    worries = next(a for a in data["areas"] if a["id"] == "worries")
    assert [s["label"] for s in worries["symbols"]] == ["Scared", "Home"]
