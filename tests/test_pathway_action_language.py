"""An action the adviser adds to a young person's plan reaches them in their language (issue
#13 review): asked for as it is saved, and shown labelled with the English one tap away."""

from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.pathway.models import PathwayAction
from tests.helpers import page_text
from tests.test_reply_translation import (
    being_translated,
    interpreter_completes,
    requests_for,
    signed_in,
)


def test_an_advisers_action_is_asked_for_and_shown_in_the_young_persons_language(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    interpreter = make_worker(role=Role.INTERPRETER, name="Omar Haddad")
    person = make_young_person(adviser, name="Yusuf Ahmadi")
    person.preferred_language = "ar"
    db.session.commit()
    phone = yp_phone(person)
    signed_in(app, adviser).post(
        f"/young-people/{person.public_id}/sections/money/actions",
        data={"money-action-what": "Call the bank"},
    )
    action = db.session.scalars(select(PathwayAction)).one()
    (asked,) = requests_for("pathway_action")
    assert (asked.object_id, asked.field, asked.source_text) == (
        action.public_id, "what", "Call the bank",
    )  # fmt: skip
    assert (asked.source_language, asked.target_language) == ("en", "ar")
    seen = page_text(phone.get("/my-plan/money"))
    assert being_translated(app, "ar", "Alex") in seen and "Call the bank" in seen

    arabic = "اتصل بالبنك"
    interpreter_completes(interpreter, "pathway_action", arabic)
    seen = page_text(phone.get("/my-plan/money"))
    assert arabic in seen and being_translated(app, "ar", "Alex") not in seen
    assert "Call the bank" in seen  # the English, one tap away
