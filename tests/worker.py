"""A real `flask jobs worker` process against the test's PostgreSQL database, for the tests
that prove what happens when a worker runs, dies mid-job, and another takes over."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class WorkerProcess:
    """Start, kill and restart worker processes; their output is kept for failing tests."""

    def __init__(self, app_config: dict, log_dir: Path):
        self.app_config = app_config
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
        env.update(
            DATABASE_URL=self.app_config["SQLALCHEMY_DATABASE_URI"],
            SECRET_KEY=self.app_config["SECRET_KEY"],
            PARTICIPATION_ENVIRONMENT="testing",
            PARTICIPATION_UPLOAD_FOLDER=self.app_config["UPLOAD_FOLDER"],
            PARTICIPATION_SESSION_DIR=self.app_config["SESSION_DIR"],
            # Quick to notice a dead worker, so a test needn't wait the production 30 s.
            PARTICIPATION_JOBS_STALLED_AFTER="3",
        )
        for key, value in self.app_config.items():
            if key.startswith(
                ("NOTIFY_", "NOTIFICATION_", "ALERT_", "WORKING_", "DUTY_", "OUT_OF_HOURS_")
                + ("STORAGE", "S3_")  # the same store as the test (TEST_STORAGE=s3)
            ):
                env[f"PARTICIPATION_{key}"] = value if isinstance(value, str) else json.dumps(value)
        return env

    def start(self, *args: str) -> subprocess.Popen:
        log = open(self.log_dir / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(  # noqa: S603  (our own command line)
            [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", *args],
            cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()  # the worker has its own copy of the file
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        """As if the machine lost power: no chance to finish or tidy up."""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


def wait_for(check, timeout: float = 20.0, every: float = 0.1):
    """Poll until check() is truthy (what a person would see, once the worker has run)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still waiting after {timeout} s")


@pytest.fixture
def worker_process(app_config, app, tmp_path):
    """Only on PostgreSQL: the embedded SQLite default runs jobs inside the app instead."""
    if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("a separate job worker needs PostgreSQL (TEST_DATABASE_URL)")
    logs = tmp_path / "worker-logs"
    logs.mkdir()
    workers = WorkerProcess(app_config, logs)
    yield workers
    workers.stop_all()
