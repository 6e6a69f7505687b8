"""The job queue: a job exists exactly when the transaction that made it commits."""

import pytest

from participation.auth.models import Team
from participation.extensions import db
from participation.jobs import enqueue, job
from participation.jobs.services import failed_jobs
from participation.jobs.testing import jobs_failed, jobs_waiting, run_jobs
from tests.helpers import PASSWORD

ran: list[str] = []
attempts: dict[str, int] = {}


@job(queue="outward")
def note_team(name: str) -> None:
    """A test job: writes what it saw, so a test can tell it ran (and how often)."""
    ran.append(name)
    db.session.add(Team(name=f"seen {name}"))
    db.session.commit()


@job(queue="outward", retry=False)
def always_fails(name: str) -> None:
    attempts[name] = attempts.get(name, 0) + 1
    raise OSError("provider down")


@pytest.fixture(autouse=True)
def _clear():
    ran.clear()
    attempts.clear()


def test_a_job_runs_only_after_its_transaction_commits(app):
    db.session.add(Team(name="A"))
    enqueue(note_team, name="A")
    assert run_jobs() == 0 and ran == []  # nothing committed yet: nothing a worker can see
    db.session.commit()
    assert run_jobs() == 1
    assert ran == ["A"]
    assert db.session.scalar(db.select(Team).where(Team.name == "seen A")) is not None


def test_a_rolled_back_save_leaves_no_job(app):
    db.session.add(Team(name="B"))
    enqueue(note_team, name="B")
    db.session.rollback()
    assert jobs_waiting() == []
    run_jobs()
    assert ran == []


def test_queueing_lock_keeps_one_waiting_job(app):
    enqueue(note_team, name="C", queueing_lock="team-c")
    db.session.commit()
    enqueue(note_team, name="C", queueing_lock="team-c")
    db.session.add(Team(name="kept"))
    db.session.commit()  # the second enqueue never undoes the save it was part of
    assert db.session.scalar(db.select(Team).where(Team.name == "kept")) is not None
    assert len(jobs_waiting()) == 1
    run_jobs()
    assert ran == ["C"]


def test_scheduled_jobs_wait_for_their_time(app):
    from datetime import timedelta

    enqueue(note_team, name="D", schedule_in=timedelta(minutes=15))
    db.session.commit()
    run_jobs()
    assert ran == []
    run_jobs(include_scheduled=True)
    assert ran == ["D"]


def test_failed_job_shows_on_admin_page_and_runs_again(app, client, make_worker):
    from participation.auth.models import Role

    admin = make_worker(Role.ADMIN)
    enqueue(always_fails, name="E")
    db.session.commit()
    run_jobs()
    assert attempts == {"E": 1}
    assert jobs_failed() == [("tests.test_jobs.always_fails", {"name": "E"})]
    client.post("/staff/sign-in", data={"email": admin.email, "password": PASSWORD})
    page = client.get("/admin/jobs")
    assert page.status_code == 200
    assert "tests.test_jobs.always_fails" in page.get_data(as_text=True)
    job_id = failed_jobs()[0].id
    assert client.post(f"/admin/jobs/{job_id}/retry").status_code == 302
    run_jobs()
    assert attempts == {"E": 2}


def test_only_admins_see_failed_jobs(app, client, make_worker):
    worker = make_worker()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert client.get("/admin/jobs").status_code in (403, 404)


def test_production_will_not_run_jobs_inside_web_processes(tmp_path):
    from participation import create_app
    from tests.fakes.notify import NOTIFY_SETTINGS

    config = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "SESSION_DIR": str(tmp_path / "sessions"),
        "BASE_URL": "https://participation.example.gov.uk",
        "ALLOW_PER_PROCESS_LIMITS": True,
        "JOBS_RUN": None,  # as a real deployment: chosen from the database
        **NOTIFY_SETTINGS,
    }
    with pytest.raises(RuntimeError, match="jobs worker"):
        create_app(config)
