"""Old public URLs that people or other systems still hold, answered with a permanent
redirect."""

from typing import Any, NamedTuple

from flask import Blueprint, redirect, request, url_for

bp = Blueprint("moved", __name__)


class Moved(NamedTuple):
    """Where an old URL is served now: the endpoint, the methods it takes, and the arguments
    the old URL left unsaid (the new record URLs name the kind of record)."""

    endpoint: str
    methods: tuple[str, ...] = ("GET", "POST")
    args: tuple[tuple[str, str], ...] = ()


_ACTIVITY = (("kind", "activity"),)

# Old URL -> where it is served now. Staff bookmarks; the record URLs of a child's activity and
# the file links inside record JSON, which case systems hold (API payloads, webhooks, exported
# JSON, filed PDFs). A journal entry's and an agreed pathway plan's record URLs are unchanged.
# Every other moved URL was only ever reached from a page of the app, never printed or sent.
# The redirect grants nothing: the new URL makes its own checks.
MOVED = {
    "/sign-in": Moved("auth.sign_in"),
    "/sign-in/code": Moved("auth.second_step"),
    "/record/<object_id>": Moved("record.view_document", ("GET",), _ACTIVITY),
    "/record/<object_id>.pdf": Moved("record.export_pdf", ("GET", "POST"), _ACTIVITY),
    "/record/<object_id>.json": Moved("record.export_json", ("GET",), _ACTIVITY),
    "/drawings/<drawing_id>": Moved("activities.drawing_file", ("GET",)),
    "/attachments/<attachment_id>": Moved("journal_worker.attachment_file", ("GET",)),
}


def _redirect_to(to: Moved):
    def moved(**view_args: str):
        """308 keeps the method and body, so a form posted to the old address still arrives."""
        values: dict[str, Any] = {**dict(to.args), **view_args}
        target = url_for(to.endpoint, **values)
        if request.query_string:
            target += "?" + request.query_string.decode()
        return redirect(target, 308)

    return moved


for _old, _to in MOVED.items():
    bp.add_url_rule(_old, _to.endpoint.replace(".", "_"), _redirect_to(_to), methods=_to.methods)
