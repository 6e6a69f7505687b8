"""A record's pictures get a print-sized copy as the record arrives, made by the "pdf"
worker, so a PDF never decodes a full-size drawing; the copy goes with the picture."""

import io

from PIL import Image
from sqlalchemy import func, select

from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.record import services
from participation.record.models import PrintCopy
from participation.retention.services import delete_child
from participation.uploads import exists
from tests.helpers import png_bytes, upload


def _copies() -> int:
    return db.session.scalar(select(func.count()).select_from(PrintCopy))


def submit(client, auth, worker, activity):
    auth.sign_in(worker)
    upload(client, activity, "worries", png_bytes(size=(1600, 1200)))
    client.post(f"/activities/{activity.public_id}/finish")


def test_a_submitted_drawing_gets_one_print_copy_off_the_request(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    submit(client, auth, worker, activity)
    assert _copies() == 0  # nothing was made while the tablet waited
    assert run_jobs() == 1
    copy = db.session.scalars(select(PrintCopy)).one()
    assert exists(copy.storage_key)
    with Image.open(io.BytesIO(services.stored_copy(copy.sha256))) as image:
        assert image.format == "JPEG" and image.width < 1600  # print-sized, not the original
    run_jobs()
    assert _copies() == 1


def test_the_pdf_uses_the_stored_copy_instead_of_decoding_the_drawing(
    client, auth, make_worker, make_child, make_activity, monkeypatch
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    submit(client, auth, worker, activity)
    run_jobs()
    services.PRINT_COPIES.clear()

    def never(_data: bytes) -> bytes:
        raise AssertionError("the full-size drawing was decoded for the PDF")

    monkeypatch.setattr(services, "print_copy", never)
    client.get(f"/record/activity/{activity.public_id}.pdf")
    assert run_jobs() == 1
    pdf = client.get(f"/record/activity/{activity.public_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.count(b"/Subtype /Image") >= 1


def test_deleting_the_child_deletes_the_print_copies_and_their_files(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    submit(client, auth, worker, activity)
    run_jobs()
    key = db.session.scalars(select(PrintCopy.storage_key)).one()
    delete_child(activity.child, "Retention ended")
    assert _copies() == 0 and not exists(key)


def test_a_journal_photo_gets_a_print_copy(make_worker, make_child, make_family, make_member,
                                           member_phone):  # fmt: skip
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "We went to the park",
              "photo": (io.BytesIO(png_bytes(size=(900, 700))), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    run_jobs()
    assert _copies() == 1
