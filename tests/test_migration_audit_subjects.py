"""Upgrading a database with older audit events gives each one the person it is about, so a
young person's or member's "Who has looked" page shows their past too."""

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from participation.extensions import db
from tests.conftest import reset_database

BEFORE = "c5acac34f780"  # the revision before audit events had subjects
SUBJECTS = "7a3e51c0d9b2"


def _dummy(column: sa.Column):
    """A value of the column's type, unique where it has to be."""
    kind = column.type.python_type if not isinstance(column.type, sa.JSON) else dict
    if kind is str:
        return uuid.uuid4().hex[: getattr(column.type, "length", None) or 32]
    if kind is bool:
        return False
    if kind is int:
        return 1
    if kind is datetime:
        return datetime.now(UTC)
    if kind is date:
        return date(2008, 1, 1)
    return {}


def make(conn, meta: sa.MetaData, name: str, **values) -> int:
    """Insert a row as the schema of that revision has it; parents are made as needed."""
    table = meta.tables[name]
    for column in table.c:
        if column.name in values or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        if column.foreign_keys:
            parent = next(iter(column.foreign_keys)).column.table.name
            values[column.name] = make(conn, meta, parent)
        else:
            values[column.name] = _dummy(column)
    return conn.execute(table.insert().values(values).returning(table.c.id)).scalar_one()


def old_event(conn, meta, object_kind: str, object_id: str) -> None:
    make(conn, meta, "audit_event", actor_kind="worker", action=f"view_{object_kind}",
         child_public_id="", object_kind=object_kind, object_id=object_id)  # fmt: skip


def test_older_young_person_and_member_reads_get_their_subject(app):
    reset_database()
    upgrade(revision=BEFORE)
    meta = sa.MetaData()
    meta.reflect(db.engine)
    names = ("person", "plan", "version", "suggestion", "member", "entry", "attachment")
    ids = {name: str(uuid.uuid4()) for name in names}
    with db.engine.begin() as conn:
        person = make(conn, meta, "young_person", public_id=ids["person"])
        plan = make(conn, meta, "pathway_plan", public_id=ids["plan"], young_person_id=person)
        make(conn, meta, "agreed_plan_version", public_id=ids["version"], plan_id=plan)
        section = make(conn, meta, "plan_section", plan_id=plan)
        make(conn, meta, "suggestion", public_id=ids["suggestion"], section_id=section)
        member = make(conn, meta, "network_member", public_id=ids["member"])
        entry = make(conn, meta, "journal_entry", public_id=ids["entry"], member_id=member)
        make(conn, meta, "journal_attachment", public_id=ids["attachment"], entry_id=entry)
        for kind, key in (("pathway_plan", "plan"), ("pathway_version", "version"),
                          ("suggestion", "suggestion"), ("journal_entry", "entry"),
                          ("journal_reply", "entry"), ("journal_attachment", "attachment"),
                          ("pathway_version", "gone")):  # fmt: skip
            old_event(conn, meta, kind, ids.get(key, "a version since deleted"))

    upgrade(revision=SUBJECTS)
    with db.engine.connect() as conn:
        found = conn.execute(
            sa.text("SELECT object_kind, object_id, subject_kind, subject_id FROM audit_event")
        ).all()
    about = {(kind, object_id): (s_kind, s_id) for kind, object_id, s_kind, s_id in found}
    jordan, nan = ("young_person", ids["person"]), ("network_member", ids["member"])
    assert about == {
        ("pathway_plan", ids["plan"]): jordan,
        ("pathway_version", ids["version"]): jordan,
        ("suggestion", ids["suggestion"]): jordan,
        ("journal_entry", ids["entry"]): nan,
        ("journal_reply", ids["entry"]): nan,
        ("journal_attachment", ids["attachment"]): nan,
        ("pathway_version", "a version since deleted"): ("", ""),  # nobody to name: left
    }
    downgrade(revision=BEFORE)  # and back again, with the data in place
    upgrade()
