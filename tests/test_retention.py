import io
import json
import zipfile
from datetime import date

from click.testing import CliRunner

from participation.activities.models import Activity, Drawing
from participation.audit.models import AuditEvent
from participation.children.models import Child
from participation.cli import retention
from participation.extensions import db
from participation.retention.services import retention_ended
from participation.uploads import path_for
from tests.helpers import png_bytes, upload


def sent_activity(app, worker, child, make_activity, make_code):
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "Mine"}
    )
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/finish")
    return activity


def test_subject_access_bundle_holds_everything_about_the_child(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    activity = sent_activity(app, worker, child, make_activity, make_code)
    auth.sign_in(worker)
    response = client.get(f"/children/{child.public_id}/export.zip")
    assert response.mimetype == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    names = bundle.namelist()
    assert "child.json" in names and "access_log.json" in names
    assert f"activities/{activity.public_id}/worries.png" in names
    data = json.loads(bundle.read(f"activities/{activity.public_id}.json"))
    assert data["areas"][0]["child_words"] == "Mine"
    assert db.session.query(AuditEvent).filter_by(action="export_subject_access").count() == 1
    other = make_worker()
    auth.sign_out()
    auth.sign_in(other)
    assert client.get(f"/children/{child.public_id}/export.zip").status_code == 404


def test_retention_ends_at_the_configured_birthday(app, make_worker, make_child):
    child = make_child(make_worker())
    child.date_of_birth = date(2000, 2, 29)
    assert retention_ended(child, date(2025, 2, 28))
    assert not retention_ended(child, date(2025, 2, 27))


def test_deleting_a_childs_records_removes_files_and_keeps_the_audit_log(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    activity = sent_activity(app, worker, child, make_activity, make_code)
    file = path_for(db.session.query(Drawing).one().storage_key)
    public_id, activity_id = child.public_id, activity.public_id
    runner = CliRunner()
    with app.app_context():
        refused = runner.invoke(retention, ["delete-child", public_id, "--reason", "test"])
    assert refused.exit_code != 0 and "retention has not ended" in refused.output
    child.date_of_birth = date(1990, 1, 1)
    db.session.commit()
    with app.app_context():
        due = runner.invoke(retention, ["due"])
        assert public_id in due.output
        done = runner.invoke(retention, ["delete-child", public_id, "--reason", "Retention ended"])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert db.session.query(Child).count() == 0 and db.session.query(Activity).count() == 0
    assert not file.exists()
    events = db.session.query(AuditEvent).filter_by(child_public_id=public_id).all()
    assert "delete_child_records" in {e.action for e in events}
    assert "submit_activity" in {e.action for e in events}  # the earlier trail is kept
    assert db.session.query(Activity).filter_by(public_id=activity_id).count() == 0
