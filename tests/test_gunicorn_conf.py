"""The app's workers freeze what they have loaded, so Python's full garbage collection (107
ms over the app's objects) no longer lands in the middle of someone's request."""

import gc
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    gc.unfreeze()


def test_a_worker_freezes_the_app_once_loaded_and_after_its_first_requests(conf):
    gc.unfreeze()
    conf.post_worker_init(worker=None)
    loaded = gc.get_freeze_count()
    assert loaded > 0
    kept = [[k] for k in range(10)]  # what the first requests keep (caches, templates)
    gc.collect()  # moved into the oldest generation, as a worker's long-lived objects are
    first, later = conf.FREEZE_AFTER_REQUESTS
    for _ in range(first - 1):
        conf.post_request(None, None, {}, None)
    assert gc.get_freeze_count() == loaded  # not on every request
    conf.post_request(None, None, {}, None)
    assert gc.get_freeze_count() >= loaded + len(kept)


def test_gunicorn_reads_the_settings_from_the_app_folder(tmp_path):
    """Run as the Procfile runs it: the hooks are gunicorn's, so its own parser must accept
    them (a misnamed hook or a syntax error would only show in production)."""
    out = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "--print-config", "wsgi:app"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 40,
             "PARTICIPATION_ENVIRONMENT": "development",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'check.db'}", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    # Ours, not gunicorn's default hooks (shown as <PostWorkerInit.post_worker_init()>).
    for hook in ("post_worker_init", "post_request"):
        assert re.search(rf"^{hook}\s+= <{hook}\(\)>$", out.stdout, re.M), out.stdout[-2000:]
