import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.codes.models import SignInCode
from participation.db_types import utcnow
from participation.extensions import db
from tests.helpers import page_text


def test_worker_issues_a_code_and_qr_that_open_the_childs_activity(
    app, client, auth, make_worker, make_child
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    auth.sign_in(worker)
    response = client.post(
        f"/activities/new/{child.public_id}",
        data={"tool": "three_houses", "mode": "code", "seen_alone": "yes", "language": "en"},
    )
    assert response.status_code == 302
    code_page = client.get(response.headers["Location"])
    code = re.search(r'class="code"[^>]*>([A-Z0-9-]+)<', code_page.get_data(as_text=True))[1]
    # The QR picture is inside the page (a data: image), not at a second address.
    assert 'class="qr" src="data:image/svg+xml;base64,' in code_page.get_data(as_text=True)
    assert client.get(response.headers["Location"] + "/qr.svg").status_code == 404
    # Shown once: a reload no longer shows it.
    again = page_text(client.get(response.headers["Location"]))
    assert code not in again and "This code was shown once" in again

    tablet = app.test_client()
    redeemed = tablet.post("/start", data={"code": code.lower()})
    assert redeemed.status_code == 302
    assert "House of worries" in page_text(tablet.get(redeemed.headers["Location"]))


def test_code_works_only_once_for_one_device(
    app, client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    assert client.post("/start", data={"code": code}).status_code == 302
    other_device = app.test_client()
    response = other_device.post("/start", data={"code": code})
    assert response.status_code == 422
    assert "That code didn't work" in page_text(response)
    assert other_device.get(f"/activities/{activity.public_id}").status_code == 404


def test_expired_code_is_refused(client, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    row = db.session.scalars(select(SignInCode)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.post("/start", data={"code": code}).status_code == 422


def test_code_opens_only_that_childs_activity(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    mine = make_activity(make_child(worker, name="Amy Clarke"), worker)
    sibling = make_activity(make_child(worker, name="Jayden Clarke"), worker)
    code = make_code(mine, worker)
    client.post("/start", data={"code": code})
    assert client.get(f"/activities/{mine.public_id}").status_code == 200
    assert client.get(f"/activities/{sibling.public_id}").status_code == 404
    assert client.get(f"/activities/{sibling.public_id}/areas/worries").status_code == 404
    assert client.get("/children").status_code == 302
    assert client.get("/review").status_code == 302


def test_revoking_a_code_signs_the_device_out(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": code})
    assert tablet.get(f"/activities/{activity.public_id}").status_code == 200
    auth.sign_in(worker)
    code_id = db.session.scalars(select(SignInCode)).one().id
    response = client.post(f"/codes/{code_id}/revoke")
    assert response.status_code == 302
    assert "no longer works" in page_text(client.get(response.headers["Location"]))
    assert tablet.get(f"/activities/{activity.public_id}").status_code == 404


def test_a_new_code_replaces_the_old_one(
    app, client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    old = make_code(activity, worker)
    new = make_code(activity, worker)
    assert client.post("/start", data={"code": old}).status_code == 422
    assert client.post("/start", data={"code": new}).status_code == 302


def test_worker_cannot_see_or_revoke_another_workers_codes(
    client, auth, make_worker, make_child, make_activity, make_code
):
    owner, other = make_worker(), make_worker()
    activity = make_activity(make_child(owner), owner)
    make_code(activity, owner)
    code_id = db.session.scalars(select(SignInCode)).one().id
    auth.sign_in(other)
    assert client.get(f"/codes/{code_id}").status_code == 404
    assert client.post(f"/codes/{code_id}/revoke").status_code == 404
    assert db.session.get(SignInCode, code_id).revoked_at is None


def test_codes_are_stored_only_as_keyed_hashes(make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    code = make_code(make_activity(make_child(worker), worker), worker)
    row = db.session.scalars(select(SignInCode)).one()
    assert code not in row.code_hash and len(row.code_hash) == 64


@pytest.mark.rate_limited
def test_guessing_codes_is_rate_limited(client):
    statuses = [client.post("/start", data={"code": "AAAA-AAAA"}).status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
