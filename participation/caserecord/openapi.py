"""The OpenAPI document for the case-record API (served at /api/v1/openapi.json)."""

from http import HTTPStatus

from participation.caserecord.kinds import record_kinds
from participation.caserecord.problems import DETAILS, PROBLEM_JSON

# What any call can answer besides success: a malformed request, no valid token, our fault.
ANY_CALL = (400, 401, 500, 503)


def _name(status: int) -> str:
    return HTTPStatus(status).name.title().replace("_", "")


def _errors(*statuses: int) -> dict:
    """Each error answer an operation can give, as a problem details document."""
    return {
        str(status): {"$ref": f"#/components/responses/{_name(status)}"}
        for status in sorted({*ANY_CALL, *statuses})
    }


def _error_responses() -> dict:
    return {
        _name(status): {
            "description": detail,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status, detail in DETAILS.items()
    }


def spec() -> dict:
    """Built when asked, so the entry kinds are those registered (their public API names)."""
    entry_kinds = sorted(k.api_name for k in record_kinds())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "participation case-record API",
            "version": "1.0.0",
            "description": (
                "Pull record entries (children's own words and drawings, safety journal entries, "
                "agreed pathway plans, worry alerts and care leavers' calls for help) into a case "
                "management system. A young person's entries carry their council case reference "
                "and date of birth, to match them to the right file. Each token belongs to one "
                "system and one team. Every call is written to the audit log."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "EntrySummary": {
                    "type": "object",
                    "required": ["cursor", "id", "kind", "ready_at", "due_by", "urgent", "url"],
                    "properties": {
                        "cursor": {"type": "integer"},
                        "id": {"type": "string", "format": "uuid"},
                        "kind": {"type": "string", "enum": entry_kinds},
                        "label": {"type": "string"},
                        "ready_at": {"type": "string", "format": "date-time"},
                        "due_by": {"type": "string", "format": "date"},
                        "urgent": {"type": "boolean"},
                        "filed_at": {"type": ["string", "null"], "format": "date-time"},
                        "url": {"type": "string"},
                    },
                },
                "Problem": {
                    "description": "RFC 9457 problem details",
                    "type": "object",
                    "required": ["type", "title", "status", "detail"],
                    "properties": {
                        "type": {"type": "string", "format": "uri-reference"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                    },
                },
            },
            "responses": _error_responses(),
        },
        "security": [{"token": []}],
        "paths": {
            "/entries": {
                "get": {
                    "summary": "Record entries after a cursor, oldest first",
                    "parameters": [
                        {
                            "name": "since",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 0},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                        },
                    ],  # fmt: skip
                    "responses": {
                        "200": {
                            "description": "A page of entries; pass next_cursor as since.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "entries": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/EntrySummary"
                                                },
                                            },
                                            "next_cursor": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        **_errors(),
                    },
                }
            },
            "/entries/{id}": {
                "get": {
                    "summary": "One record entry with provenance and links to its files",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "The entry"},
                        **_errors(404),
                    },
                }
            },
            "/entries/{id}/files/{file_id}": {
                "get": {
                    "summary": "A drawing, photo or voice memo belonging to the entry",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "file_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {"description": "The file's bytes"},
                        **_errors(404),
                    },
                }
            },
            "/entries/{id}/filed": {
                "post": {
                    "summary": "Acknowledge the entry as filed on the case record (idempotent)",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "Filed"},
                        **_errors(404),
                    },
                }
            },
        },
    }
