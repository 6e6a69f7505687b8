"""Without JavaScript, a refused photo never costs the words sent with it."""

import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from participation.activities.models import ActivityArea
from participation.extensions import db
from tests.helpers import page_text
from tests.test_drawings import signed_in_child


def test_a_childs_words_are_kept_when_the_photo_with_them_is_refused(
    client, make_worker, make_child, make_activity, make_code
):
    activity = signed_in_child(client, make_worker(), make_child, make_activity, make_code)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries",
        data={"child_words": "Dad shouts", "drawing": (io.BytesIO(b"not an image"), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    assert "Dad shouts" in response.get_data(as_text=True)  # back in the box on the page
    row = db.session.scalars(select(ActivityArea).filter_by(activity_id=activity.id)).one()
    assert row.child_words == "Dad shouts"


def test_a_photo_past_the_request_limit_on_the_drawing_form_keeps_the_words(
    app, client, make_worker, make_child, make_activity, make_code
):
    activity = signed_in_child(client, make_worker(), make_child, make_activity, make_code)
    photo = FileStorage(io.BytesIO(b"\xff\xd8\xff" + b"\x00" * (13 * 1024 * 1024)), "big.jpg")
    # Encoded in memory: the test client's own spooled body file would never be closed.
    boundary, body = encode_multipart({"child_words": "Biscuit the dog", "drawing": photo})
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert "That picture is too big to send" in page_text(response)
    assert "Biscuit the dog" in response.get_data(as_text=True)
    row = db.session.scalars(select(ActivityArea).filter_by(activity_id=activity.id)).one()
    assert row.child_words == "Biscuit the dog"
