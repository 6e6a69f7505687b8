"""Who the audit log says acted: a staff command is the system's doing, never a child's."""

from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.audit.services import record
from participation.extensions import db
from tests.helpers import page_text


def test_a_staff_command_is_logged_as_the_system_not_the_child(app, make_worker):
    worker = make_worker()
    result = app.test_cli_runner().invoke(args=["staff", "deactivate", worker.email])
    assert result.exit_code == 0, result.output
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "switch_off_staff"))
    assert event.one().actor_kind == "system"


def test_the_access_log_says_the_system_did_what_no_person_did(app, auth, make_worker, make_child):
    worker = make_worker()
    child = make_child(worker)
    record("export_child_record", child)  # a scheduled job: no request, nobody asking
    db.session.commit()
    auth.sign_in(worker)
    text = page_text(auth.client.get(f"/access-log/children/{child.public_id}"))
    assert "the system (an automatic job or a staff command)" in text
    assert "the child" not in text
