"""One registry of record kinds: a new kind is one registration, and every stored kind name
is a registered one."""

import pytest
import sqlalchemy as sa
from flask import url_for
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from participation.activities.models import Drawing
from participation.alerts.models import WorryAlert
from participation.audit.models import AuditEvent
from participation.audit.subjects import subjects_of
from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.caserecord.kinds import (
    RecordKind,
    ToTranslate,
    filed_under,
    kinds,
    record_kinds,
    register,
    unregister,
)
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import create_client
from participation.caserecord.services import register as register_entry
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.record.models import DONE, RecordPdf
from participation.record.pdfs import pdf_for
from participation.record.services import record_document, render_document
from participation.retention.registry import NOT_PERSON_DATA, PERSON_DATA
from participation.translation.models import Translation
from tests.helpers import PASSWORD, page_text, png_bytes, upload

CAPTION = "Mój dom, kiedy tata krzyczy."


@pytest.fixture
def sent(app, make_worker, make_child, make_activity, make_code):
    """Zofia's Three Houses, in Polish, with a drawing and a worry alert, sent from a tablet."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Zofia Nowak", language="pl")
    activity = make_activity(child, worker, language="pl")
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    words = f"/activities/{activity.public_id}/areas/worries/words"
    tablet.post(words, data={"child_words": CAPTION})
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/worry")
    tablet.post(f"/activities/{activity.public_id}/finish")
    return worker, child, activity


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def _get_picture_or_404(public_id: str, worker) -> Drawing:
    from participation.review.services import get_submission_or_404

    drawing = db.session.scalar(select(Drawing).where(Drawing.public_id == public_id))
    if drawing is None:
        raise NotFound()
    get_submission_or_404(drawing.activity.public_id, worker)
    return drawing


def _caption(drawing: Drawing) -> str:
    area = next(a for a in drawing.activity.areas if a.area == drawing.area)
    return area.child_words


@pytest.fixture
def picture_kind(app):
    """A throwaway kind: a child's drawing with its caption, registered here and nowhere else."""
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader({"test/picture.html": "<p>{{ entry.caption }}</p>{{ entry.picture.id }}"}),
            app.jinja_env.loader,
        ]
    )

    def document(drawing: Drawing) -> dict:
        return {
            "schema": "test.picture.v1",
            "id": drawing.public_id,
            "caption": _caption(drawing),
            "picture": {"id": drawing.public_id, "media_type": drawing.media_type},
        }

    registered = register(
        RecordKind(
            name="test_picture",
            model=Drawing,
            get_or_404=_get_picture_or_404,
            subjects=lambda drawing: [("child", drawing.activity.child.public_id)],
            api_name="picture_note",
            document=document,
            template="test/picture.html",
            slug="picture",
            file_items=lambda data: [data["picture"]],
            file=lambda drawing, file_id: drawing if file_id == drawing.public_id else None,
            texts=lambda drawing: [("caption", _caption(drawing))],
            translate=lambda public_id, worker: ToTranslate(
                _get_picture_or_404(public_id, worker), "pl", "en", None, "/review"
            ),
        )
    )
    yield registered
    unregister("test_picture")


def test_a_new_kind_is_one_registration(app, sent, picture_kind, make_worker):
    worker, child, _activity = sent
    drawing = db.session.scalars(select(Drawing)).one()
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")

    # Translation: sent to the team's interpreter, filed under the kind's own name.
    staff = signed_in(app, worker)
    sent_off = staff.post(
        f"/translations/send/test_picture/{drawing.public_id}", data={"interpreter": interpreter.id}
    )
    assert sent_off.status_code == 302 and sent_off.location.endswith("/review#translations")
    item = db.session.scalars(select(Translation).filter_by(object_kind="test_picture")).one()
    assert (item.object_id, item.field, item.source_text) == (drawing.public_id, "caption", CAPTION)

    # Audit: the request is on the child's trail, found through the kind's subjects.
    assert subjects_of("test_picture", drawing.public_id) == [("child", child.public_id)]
    event = db.session.scalars(
        select(AuditEvent).filter_by(action="request_translation", object_kind="test_picture")
    ).one()
    assert (event.subject_kind, event.subject_id) == ("child", child.public_id)

    # Record views: the document, fetched for the worker asking, in the kind's template;
    # refused to a worker of another team; and its PDF is made from the registration too.
    stranger = make_worker(name="Other Team", team=get_or_create_team("Another council"))
    with app.test_request_context():
        obj, entry = record_document("test_picture", drawing.public_id, worker)
        assert obj is drawing and entry["caption"] == CAPTION
        assert CAPTION in render_document("test_picture", entry)
        with pytest.raises(NotFound):
            record_document("test_picture", drawing.public_id, stranger)
        pdf = pdf_for("test_picture", drawing)
    run_jobs("pdf")
    db.session.expire_all()
    assert db.session.get(RecordPdf, pdf.id).status == DONE

    # ...and served at its slug's URLs, with no route of its own: page, JSON and PDF, each
    # audited on the child's trail under the kind's name; refused to another team.
    page = f"/record/picture/{drawing.public_id}"
    assert CAPTION in page_text(staff.get(page))
    assert staff.get(page + ".json").get_json()["caption"] == CAPTION
    with staff.get(page + ".pdf") as made:
        assert made.status_code == 200 and made.data.startswith(b"%PDF")
    reads = db.session.scalars(
        select(AuditEvent).filter_by(object_kind="test_picture", object_id=drawing.public_id)
    ).all()
    assert {(e.action, e.subject_kind, e.subject_id) for e in reads} >= {
        ("view_test_picture_record", "child", child.public_id),
        ("export_test_picture_json", "child", child.public_id),
        ("export_test_picture_pdf", "child", child.public_id),
    }
    other = signed_in(app, stranger)
    for suffix in ("", ".json", ".pdf"):
        assert other.get(page + suffix).status_code == 404
    assert staff.get(f"/record/no-such-kind/{drawing.public_id}").status_code == 404

    # The API: listed and fetched under its public type name, with its file, on the child's
    # trail; the OpenAPI document names the type.
    register_entry("test_picture", drawing.public_id, worker.team_id, "Zofia's picture")
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    listed = api.get("/api/v1/entries?since=0").get_json()["entries"]
    assert {e["kind"] for e in listed} == {"child_activity", "worry_alert", "picture_note"}
    body = api.get(f"/api/v1/entries/{drawing.public_id}").get_json()
    assert body["caption"] == CAPTION and body["record"]["kind"] == "picture_note"
    with app.test_request_context():
        file_url = url_for(
            "caserecord.entry_file", object_id=drawing.public_id, file_id=drawing.public_id
        )
    assert body["picture"]["url"].endswith(file_url)
    with api.get(file_url) as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/png"
    read = db.session.scalars(
        select(AuditEvent).filter_by(action="api_fetch_entry", object_id=drawing.public_id)
    ).all()
    assert {(e.subject_kind, e.subject_id) for e in read} == {("child", child.public_id)}
    spec = api.get("/api/v1/openapi.json").get_json()
    enum = spec["components"]["schemas"]["EntrySummary"]["properties"]["kind"]["enum"]
    assert "picture_note" in enum


def test_the_public_api_keeps_its_type_names(app, client):
    """The case systems' contract: the four type names from before the registry stay as they
    were; care leavers' moves, reviews and help requests, agreed safety plans, network
    scaling rounds, words and pictures stories, advocacy requests, the child's meetings and
    case transfers are added beside them."""
    spec = client.get("/api/v1/openapi.json").get_json()
    enum = spec["components"]["schemas"]["EntrySummary"]["properties"]["kind"]["enum"]
    assert sorted(enum) == [
        "accommodation_move", "advocacy_request", "case_transfer", "child_activity",
        "child_meeting", "help_request", "journal_entry", "network_scaling_round",
        "pathway_plan", "pathway_review", "safety_plan", "words_and_pictures", "worry_alert",
    ]  # fmt: skip
    with app.app_context():
        by_name = {k.name: k.api_name for k in record_kinds()}
    assert by_name == {
        "activity": "child_activity",
        "journal_entry": "journal_entry",
        "pathway_version": "pathway_plan",
        "worry_alert": "worry_alert",
        "accommodation_move": "accommodation_move",
        "pathway_review": "pathway_review",
        "help_request": "help_request",
        "safety_version": "safety_plan",
        "network_scaling_round": "network_scaling_round",
        "wordspictures": "words_and_pictures",
        "advocacy_request": "advocacy_request",
        "meeting": "child_meeting",
        "case_transfer": "case_transfer",
    }


def test_every_kind_is_on_the_retention_register(app):
    """A kind's rows are person data that deletion and subject access must reach, and
    deleting a child's or family's words reaches every kind filed under them."""
    from participation.activities.models import Activity
    from participation.journal.models import JournalEntry

    with app.app_context():
        # The council's own published text is translated like a record kind but is about
        # no one (NOT_PERSON_DATA says why).
        tables = {k.model.__tablename__ for k in kinds()} - {"council_text"}
        assert tables <= set(PERSON_DATA)
        assert "council_text" in NOT_PERSON_DATA
        assert filed_under(Activity) == ("activity", "reply")
        assert filed_under(JournalEntry) == ("journal_entry", "journal_reply")


def test_stored_kind_names_are_the_registrys(app, sent, make_worker):
    """Record entries, PDFs and translations name their kind exactly as registered."""
    worker, _child, activity = sent
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")
    staff = signed_in(app, worker)
    assert "Send for translation" in page_text(staff.get(f"/review/{activity.public_id}"))
    staff.post(
        f"/translations/send/activity/{activity.public_id}", data={"interpreter": interpreter.id}
    )
    staff.post(f"/review/{activity.public_id}/reply", data={"reply": "Thank you, Zofia."})
    staff.post(
        f"/translations/send/reply/{activity.public_id}", data={"interpreter": interpreter.id}
    )
    staff.get(f"/record/activity/{activity.public_id}.pdf")
    alert = db.session.scalars(select(WorryAlert)).one()
    assert staff.get(f"/alerts/{alert.public_id}").status_code == 200

    names = {k.name for k in kinds()}
    on_record = {k.name for k in record_kinds()}
    entries = set(db.session.scalars(select(RecordEntry.kind)))
    pdfs = set(db.session.scalars(select(RecordPdf.kind)))
    translated = set(db.session.scalars(select(Translation.object_kind)))
    assert entries == {"activity", "worry_alert"} and entries <= on_record
    assert pdfs == {"activity"} and pdfs <= on_record
    assert translated == {"activity", "reply"} and translated <= names
    audited = set(db.session.scalars(select(AuditEvent.object_kind)))
    # An alert is audited under its audit name, as the trail already written says.
    assert {k.audited_as for k in kinds()} & audited == {"activity", "reply", "alert"}


def test_the_migration_renames_stored_kinds_both_ways(app):
    """Earlier names in record entries and PDFs become the registry's, and back again."""
    from flask_migrate import downgrade, upgrade

    from tests.conftest import reset_database
    from tests.test_migration_audit_subjects import make

    reset_database()
    upgrade(revision="f5c9b2e8a617")
    earlier = {"child_activity": "e1", "pathway_plan": "e2", "worry_alert": "e3"}
    pdfs = {"activity": "p1", "journal": "p2", "pathway": "p3", "my_plan": "p4"}
    with db.engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        for kind_name, object_id in earlier.items():
            make(conn, meta, "record_entry", kind=kind_name, object_id=object_id)
        for kind_name, object_id in pdfs.items():
            make(conn, meta, "record_pdf", kind=kind_name, object_id=object_id)

    def stored(table: str) -> dict[str, str]:
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(f"SELECT object_id, kind FROM {table}"))  # noqa: S608
            return dict(rows.all())

    upgrade()
    assert stored("record_entry") == {
        "e1": "activity",
        "e2": "pathway_version",
        "e3": "worry_alert",
    }
    assert stored("record_pdf") == {
        "p1": "activity", "p2": "journal_entry", "p3": "pathway_version", "p4": "my_plan"
    }  # fmt: skip
    downgrade(revision="f5c9b2e8a617")
    assert stored("record_entry") == {v: k for k, v in earlier.items()}
    assert stored("record_pdf") == {v: k for k, v in pdfs.items()}
    upgrade()
