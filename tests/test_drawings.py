import io
import json

from PIL import Image
from sqlalchemy import func, select

from participation.activities.models import Drawing
from participation.extensions import db
from participation.storage import EXTENSION as STORE
from participation.uploads import exists
from tests.helpers import page_text, png_bytes, upload


def signed_in_child(client, worker, make_child, make_activity, make_code):
    activity = make_activity(make_child(worker), worker)
    client.post("/start", data={"code": make_code(activity, worker)})
    return activity


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (120, 80), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.0)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the sample really has GPS
    return data


def test_png_drawing_round_trips(client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    response = upload(client, activity, "worries", png_bytes(size=(64, 48)))
    assert response.status_code == 200
    body = response.get_json()
    with client.get(body["url"]) as served:
        assert served.status_code == 200
        assert served.mimetype == "image/png"
        # Kept on the child's own tablet only (revalidated each time); see responses.py.
        assert served.headers["Cache-Control"] == "private, no-cache"
        image = Image.open(io.BytesIO(served.data))
        assert image.size == (64, 48)
        # The red square survives; transparent paper becomes white.
        assert image.convert("RGB").getpixel((20, 15)) == (200, 30, 30)
        assert image.convert("RGB").getpixel((60, 40)) == (255, 255, 255)


def test_jpeg_photo_comes_back_without_gps_or_any_exif(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    response = upload(client, activity, "dreams", jpeg_with_gps(), filename="photo.jpg")
    assert response.status_code == 200
    with client.get(response.get_json()["url"]) as served:
        image = Image.open(io.BytesIO(served.data))
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert b"Exif" not in served.data and b"PhoneMaker" not in served.data


def test_decompression_bomb_is_refused(client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, format="PNG")
    assert len(bomb.getvalue()) < 1024 * 1024  # tiny file, 400 million pixels
    response = upload(client, activity, "worries", bomb.getvalue())
    assert response.status_code == 413
    assert "too many pixels" in response.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(Drawing)) == 0


def test_non_image_is_refused_with_a_clear_message(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    response = upload(client, activity, "worries", b"<svg onload=alert(1)></svg>", "x.png")
    assert response.status_code == 415
    assert "isn't a picture we can use" in response.get_json()["error"]


def test_gif_is_not_an_allowed_format(client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    assert upload(client, activity, "worries", gif.getvalue(), "x.gif").status_code == 415


def test_truncated_png_is_refused(client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    data = png_bytes(size=(300, 300))
    response = upload(client, activity, "worries", data[: len(data) // 2])
    assert response.status_code == 422
    assert "damaged" in response.get_json()["error"]


def test_oversize_file_is_refused(app, client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    app.config["UPLOAD_MAX_BYTES"] = 1000
    response = upload(client, activity, "worries", png_bytes(size=(400, 400)) + b"\0" * 2000)
    assert response.status_code == 413
    assert "too big" in response.get_json()["error"]
    # Over the request cap: refused before the body is even read.
    huge = client.post(
        f"/activities/{activity.public_id}/areas/worries/drawing",
        data=b"\0" * (13 * 1024 * 1024),
        content_type="multipart/form-data; boundary=x",
        headers={"Accept": "application/json"},
    )
    assert huge.status_code == 413
    assert "too big" in huge.get_json()["error"]


def test_upload_error_on_the_no_javascript_form_is_shown_on_the_page(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries",
        data={"child_words": "my words", "drawing": (io.BytesIO(b"not an image"), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    text = page_text(response)
    assert "isn't a picture we can use" in text
    assert "House of worries" in text


def test_drawings_are_stored_outside_static_and_replace_the_draft(
    app, client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    first = upload(client, activity, "worries", png_bytes()).get_json()
    old_key = db.session.scalars(select(Drawing)).one().storage_key
    assert app.static_folder not in app.extensions[STORE].describe() and exists(old_key)
    second = upload(client, activity, "worries", png_bytes(colour=(0, 0, 255, 255))).get_json()
    assert first["id"] == second["id"]  # the same drawing, updated
    assert not exists(old_key)


def test_anonymous_and_other_workers_cannot_fetch_a_drawing(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker, other = make_worker(), make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    url = upload(client, activity, "worries", png_bytes()).get_json()["url"]
    anonymous = app.test_client()
    assert anonymous.get(url).status_code == 404
    intruder = app.test_client()
    intruder.post(
        "/staff/sign-in", data={"email": other.email, "password": "correct horse battery staple"}
    )
    assert intruder.get(url).status_code == 404
    owner = app.test_client()
    owner.post(
        "/staff/sign-in", data={"email": worker.email, "password": "correct horse battery staple"}
    )
    with owner.get(url) as response:
        assert response.status_code == 200


def test_another_childs_session_cannot_upload_to_this_activity(
    app, client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    other_tablet = app.test_client()
    signed_in_child(other_tablet, worker, make_child, make_activity, make_code)
    response = upload(other_tablet, activity, "worries", png_bytes())
    assert response.status_code == 404
    assert json.loads(response.data)["error"]


def test_truncated_upload_is_refused_even_after_a_pdf_was_made(
    client, make_worker, make_child, make_activity, make_code
):
    import weasyprint.images  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES on import)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    data = png_bytes(size=(300, 300))
    assert upload(client, activity, "worries", data[: len(data) // 2]).status_code == 422


def test_the_activity_is_not_held_while_a_drawing_is_decoded_and_written(
    client, make_worker, make_child, make_activity, make_code, monkeypatch
):
    # A slow photo must not keep other savers waiting (on SQLite past the busy timeout a
    # waiter is told "try again"): decode and file write happen before the lock.
    from participation.activities import services

    steps: list[str] = []
    for name in ("normalise_image", "store", "lock"):
        real = getattr(services, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            steps.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(services, name, spy)
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    assert upload(client, activity, "worries", png_bytes()).status_code == 200
    assert steps.index("lock") > steps.index("store") > steps.index("normalise_image")
    assert db.session.scalar(select(func.count()).select_from(Drawing)) == 1
