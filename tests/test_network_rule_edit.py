"""Changing a rule on the safety plan (issue #13 review): a change that cannot be saved comes
back on that rule's own form, with plain words, and never adds a rule."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.network.models import PlanRule
from tests.helpers import page_text

RULE = "If Mum is drinking, Nan collects Amy from school"
CHANGED = "If Mum is drinking, Nan collects Amy and Jayden from school"
IN_USE = "This rule is in journal entries already, so its words stay."


def _rules() -> int:
    return db.session.scalar(select(func.count()).select_from(PlanRule))


def test_a_rule_in_journal_entries_keeps_its_words_and_says_so_on_the_plan(
    client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    rule = family.plan.rules[0]
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "rules": [rule.public_id], "what_happened": "Kept"},
    )
    auth.sign_in(worker)
    response = client.post(
        f"/families/{family.public_id}/plan/rules/{rule.id}", data={"text": CHANGED, "who": "Nan"}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    text = page_text(response)
    # The plan page, not a bare error: the rule, the refusal and the add form are all there.
    assert "Add this rule" in text and RULE in text and IN_USE in text
    assert f'id="rule-{rule.public_id}-refused"' in html
    assert CHANGED in text  # what the worker typed is not lost
    db.session.expire_all()
    assert db.session.get(PlanRule, rule.id).text == RULE


def test_a_blank_change_shows_its_error_on_that_rule_and_adds_nothing(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    rule = family.plan.rules[0]
    auth.sign_in(worker)
    before = _rules()
    response = client.post(
        f"/families/{family.public_id}/plan/rules/{rule.id}", data={"text": "", "who": "Nan"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    # The error sits on this rule's change form, which stays open ...
    assert f'id="rule-{rule.public_id}-text-error"' in html
    assert "<details open>" in html
    # ... and the "add a rule" form is empty with no error, so saving there adds nothing.
    assert 'id="text-error"' not in html
    add_form = html.split('/plan/rules" ')[1].split("</form>")[0]
    assert "has-error" not in add_form and ">Nan<" not in add_form
    assert _rules() == before
