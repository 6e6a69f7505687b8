"""The worker's scale form offers every language, not only the interface ones (issue #13
review): words in Dari are recorded, and asked for, as Dari."""

from sqlalchemy import select

from participation.extensions import db
from participation.translation.models import Translation
from tests.helpers import page_text


def test_a_scale_answer_in_dari_is_recorded_and_asked_for_as_dari(
    client, auth, make_worker, make_child
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    auth.sign_in(worker)
    url = f"/scales/new/{child.public_id}"
    assert "Dari" in page_text(client.get(url))
    response = client.post(
        url,
        data={
            "question": "How safe is Amy at home?",
            "low_label": "Not safe",
            "high_label": "Safe enough",
            "answered_by_kind": "parent",
            "answered_by_name": "Mum",
            "value": "4",
            "why": "خانه آرام است",
            "language": "prs",
        },
    )
    assert response.status_code == 302
    asked = db.session.scalars(select(Translation).filter_by(object_kind="scale_answer")).all()
    assert [(t.source_text, t.source_language) for t in asked] == [("خانه آرام است", "prs")]
