"""A member rereading their own journal entry reads its rules in their language (issue #13
review), labelled as on the plan, with the English one tap away."""

from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.journal.models import JournalEntry
from tests.helpers import page_text
from tests.test_plan_translation import (
    RULE,
    SOMALI,
    TRANSLATED_BY,
    _in_somali,
    _interpreter_translates,
    _somali_family,
)


def test_a_somali_member_reads_the_rules_of_their_entry_in_somali(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker, family, _nan, hodan = _somali_family(
        app, client, auth, make_worker, make_child, make_family, make_member
    )
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    _interpreter_translates(app, client, family, interpreter)
    phone = member_phone(hodan)
    rule = family.plan.rules[0]
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "rules": [rule.public_id], "what_happened": "Nabad"},
        content_type="multipart/form-data",
    )
    entry = db.session.scalar(select(JournalEntry).filter_by(member_id=hodan.id))
    page = page_text(phone.get(f"/network/journal/{entry.public_id}"))
    assert SOMALI[RULE] in page and TRANSLATED_BY() in page
    assert _in_somali("Show the English") in page and RULE in page
