from flask import jsonify, request

from participation.audit.services import record
from participation.audit.subjects import subjects_of_record_entries
from participation.caserecord import bp
from participation.caserecord.kinds import entry_kind
from participation.caserecord.openapi import spec
from participation.caserecord.payloads import file_of, payload
from participation.caserecord.problems import problem_response
from participation.caserecord.services import (
    authenticated_client,
    entries_since,
    entry_for_client_or_404,
)
from participation.db_types import utcnow
from participation.extensions import db
from participation.inputs import whole_number
from participation.links import external_url
from participation.responses import private_stored_file


def _audit(client, action: str, object_id: str = "", detail: str = "", about=None) -> None:
    """Whoever each entry is about sees the case system's read on their trail."""
    record(action, None, "record_entry", object_id, detail=detail, actor_kind="api",
           actor_name=client.name, about=about)  # fmt: skip


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.get("/entries")
def list_entries():
    client = authenticated_client()
    since = whole_number(request.args.get("since", "0"))
    limit = whole_number(request.args.get("limit", "50"))
    if since is None or limit is None or not 1 <= limit <= 200:
        return problem_response(400, "since must be a whole number; limit from 1 to 200")
    entries = entries_since(client, since, limit)
    listed = subjects_of_record_entries(entries)  # one query per kind, not per entry
    _audit(client, "api_list_entries", detail=f"since={since}", about=listed)
    body = dict(
        entries=[
            {
                "cursor": e.id,
                "id": e.object_id,
                "kind": entry_kind(e.kind).api_name,
                "label": e.label,
                "ready_at": e.ready_at.isoformat(),
                "due_by": e.due_by.isoformat(),
                "urgent": e.urgent,
                "filed_at": e.filed_at.isoformat() if e.filed_at else None,
                "url": external_url("caserecord.get_entry", object_id=e.object_id),
            }
            for e in entries
        ],
        next_cursor=entries[-1].id if entries else int(since),
    )
    db.session.commit()  # after reading the entries: committing expires them
    return jsonify(body)


@bp.get("/entries/<object_id>")
def get_entry(object_id: str):
    client = authenticated_client()
    entry = entry_for_client_or_404(client, object_id)
    _audit(client, "api_fetch_entry", object_id)
    db.session.commit()
    response = jsonify(payload(entry))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/entries/<object_id>/files/<file_id>")
def entry_file(object_id: str, file_id: str):
    client = authenticated_client()
    entry = entry_for_client_or_404(client, object_id)
    key, media_type = file_of(entry, file_id)
    _audit(client, "api_fetch_file", object_id, detail=file_id)
    db.session.commit()
    return private_stored_file(key, media_type)


@bp.post("/entries/<object_id>/filed")
def mark_filed(object_id: str):
    client = authenticated_client()
    entry = entry_for_client_or_404(client, object_id)
    if entry.filed_at is None:
        entry.filed_at, entry.filed_by = utcnow(), client.name
    _audit(client, "api_mark_filed", object_id)
    db.session.commit()
    return jsonify(id=entry.object_id, filed_at=entry.filed_at.isoformat(), filed_by=entry.filed_by)
