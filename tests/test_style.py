"""House rules a linter does not check, so they cannot quietly come back."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEGACY_QUERY = re.compile(r"\.query\(|\b[A-Z]\w*\.query\b")


def test_queries_use_select_not_the_legacy_query_api():
    """SQLAlchemy 2.0 style everywhere: select() with session.scalars/scalar/execute."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("participation", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LEGACY_QUERY.search(line)
    ]
    assert offenders == []
