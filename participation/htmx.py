"""Render a whole page, or for an htmx request just its fragment."""

from flask import render_template
from htmx_flask import request


def render(page: str, fragment: str, status: int = 200, **context):
    """One view serves both: the full page includes the same `_fragment.html`."""
    if request.htmx and not request.htmx.boosted:
        return render_template(fragment, **context), status
    return render_template(page, **context), status


def is_htmx() -> bool:
    return bool(request.htmx)
