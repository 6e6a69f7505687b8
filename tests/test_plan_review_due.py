"""A family's safety plan is reviewed at least monthly (PLAN_REVIEW_INTERVAL_DAYS): the worker
sees their own plans due and overdue, a page at a time, and the review opens on what went
well in the journal, rule by rule (issue #15)."""

from datetime import timedelta

from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.caserecord.models import RecordEntry
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.plan_review import next_review_on, today
from participation.network.services import plan_for
from participation.network.version_models import SafetyPlanVersion
from tests.helpers import page_text


def _family(worker, make_child, make_family, name):
    return make_family(make_child(worker, name=f"Amy {name}"), worker, rules=(f"{name} rule",))


def _versions(family):
    return db.session.scalars(select(SafetyPlanVersion).filter_by(family_id=family.id)).all()


def _agreed(family):
    return [v for v in _versions(family) if v.agreed_at is not None]


def test_plans_due_and_overdue_are_listed_soonest_first_for_the_workers_families_only(
    app, client, auth, make_worker, make_child, make_family
):
    worker = make_worker(name="Sam Okafor")
    fresh = _family(worker, make_child, make_family, "Fresh")  # made today: due in 30 days
    overdue = _family(worker, make_child, make_family, "Overdue")
    plan_for(overdue).next_review_on = today() - timedelta(days=2)
    soon = _family(worker, make_child, make_family, "Soon")
    plan_for(soon).next_review_on = today() + timedelta(days=5)
    agreed = _family(worker, make_child, make_family, "Agreed")
    # Agreed 25 days ago, no date set: due 30 days after, in 5 days.
    last = _versions(agreed)[-1]
    last.agreed_at = utcnow() - timedelta(days=25)
    never = _family(worker, make_child, make_family, "Never")
    # Never agreed, started 40 days ago: overdue by 10 days.
    for version in _versions(never):
        version.created_at = utcnow() - timedelta(days=40)
    other_worker = make_worker(name="Pat Jones")
    theirs = _family(other_worker, make_child, make_family, "Theirs")
    plan_for(theirs).next_review_on = today() - timedelta(days=9)
    db.session.commit()

    assert next_review_on(plan_for(fresh)) == today() + timedelta(days=30)
    assert next_review_on(plan_for(agreed)) == today() + timedelta(days=5)
    assert next_review_on(plan_for(never)) == today() - timedelta(days=10)

    app.config["LIST_PAGE_SIZE"] = 3
    auth.sign_in(worker)
    first = client.get("/families/plan-reviews")
    assert first.status_code == 200
    text = page_text(first)
    # Soonest first: Never (10 days over), Overdue (2 over), then one of the two due in 5.
    assert text.index("Never family") < text.index("Overdue family")
    assert text.count("Overdue") >= 3  # two plans marked overdue, and the family's name
    assert "Fresh family" not in text and "Theirs family" not in text
    assert "Showing 3 of 4" in text
    second = page_text(client.get("/families/plan-reviews?page=2"))
    shown = {name for name in ("Soon family", "Agreed family") if name in text + second}
    assert shown == {"Soon family", "Agreed family"}
    assert "Never family" not in second and "Theirs family" not in second

    # The families list's summary counts them: the fragment alone for htmx, and for anyone
    # not signed in as staff, nothing.
    fragment = client.get("/families/plan-reviews", headers={"HX-Request": "true"})
    counted = page_text(fragment)
    assert "2 overdue" in counted and "2 due in the next 7 days" in counted
    assert "<html" not in fragment.get_data(as_text=True)
    from flask import render_template_string

    summary = (
        '{% from "network/_plan_reviews_due.html" import plan_reviews_due %}'
        "{{ plan_reviews_due(*plan_review_counts()) }}"
    )
    with app.test_request_context():
        assert "none due" in render_template_string(summary)

    # The other worker sees only theirs.
    auth.sign_out()
    auth.sign_in(other_worker)
    theirs_text = page_text(client.get("/families/plan-reviews"))
    assert "Theirs family" in theirs_text and "Never family" not in theirs_text
    assert client.get(f"/families/{never.public_id}/plan/review").status_code == 404


def test_the_review_opens_on_what_went_well_by_rule_and_agreeing_sets_the_next_review(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(
        make_child(worker, name="Amy Clarke"), worker,
        rules=("Nan collects Amy from school", "Dad phones Nan before visits"),
    )  # fmt: skip
    collect, phones = family.plan.rules
    nan = make_member(family, worker, name="Nan Clarke")
    phone = member_phone(nan)

    def write(worked, rules, words):
        sent = phone.post(
            "/network/journal/new",
            data={"plan_worked": worked, "rules": [r.public_id for r in rules],
                  "what_happened": words},
            content_type="multipart/form-data",
        )  # fmt: skip
        assert sent.status_code == 302

    write("yes", [collect], "Picked Amy up at 3, all calm")
    write("partly", [phones], "Dad rang late but he rang")
    write("no", [collect], "Nobody came")
    write("yes", [], "A quiet weekend")

    auth.sign_in(worker)
    page = client.get(f"/families/{family.public_id}/plan/review")
    assert page.status_code == 200
    text = page_text(page)
    # "What went well" comes first, grouped under each rule, then the plan, then agreeing.
    assert (
        text.index("What went well")
        < text.index("The plan")
        < text.index("Agree the reviewed plan")
    )
    went_well = text[text.index("What went well") : text.index("The plan")]
    assert went_well.index("Nan collects Amy from school") < went_well.index("Picked Amy up")
    assert went_well.index("Dad phones Nan before visits") < went_well.index("Dad rang late")
    assert went_well.index("Not linked to a rule") < went_well.index("A quiet weekend")
    assert "Nobody came" not in went_well
    read = db.session.scalars(select(AuditEvent).filter_by(action="view_plan_review")).all()
    assert {e.subject_kind for e in read} >= {"child", "network_member"}

    # A next review more than a month away is refused, with the form again.
    far = (today() + timedelta(days=45)).isoformat()
    refused = client.post(
        f"/families/{family.public_id}/plan/review",
        data={"next_review_on": far},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    assert 'id="agree-review"' in refused.get_data(as_text=True)
    assert "<html" not in refused.get_data(as_text=True)

    # Only a pair and rules are written: past the warning (tested below).
    agreed = client.post(f"/families/{family.public_id}/plan/review", data={"confirm": "1"})
    assert agreed.status_code == 302
    db.session.expire_all()
    plan = plan_for(family)
    assert plan.next_review_on == today() + timedelta(days=30)
    assert next_review_on(plan) == today() + timedelta(days=30)
    version = db.session.scalars(
        select(SafetyPlanVersion).filter_by(family_id=family.id, is_review=True)
    ).one()
    assert version.agreed_at is not None
    assert version.content["next_review_on"] == plan.next_review_on.isoformat()
    entries = db.session.scalars(select(RecordEntry.object_id).filter_by(kind="safety_version"))
    assert list(entries) == [version.public_id]

    # After the review, only what went well since shows.
    write("yes", [phones], "Dad rang on time")
    since = page_text(client.get(f"/families/{family.public_id}/plan/review"))
    assert "Dad rang on time" in since and "Picked Amy up" not in since


def test_a_mostly_empty_plan_is_agreed_at_review_only_after_a_plain_warning(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    auth.sign_in(worker)
    url = f"/families/{family.public_id}/plan/review"
    soon = (today() + timedelta(days=14)).isoformat()

    # Without JavaScript: the review page again, opening at the form, which says what is blank.
    warned = client.post(url, data={"next_review_on": soon})
    html = warned.get_data(as_text=True)
    text = page_text(warned)
    assert warned.status_code == 200 and "<html" in html
    assert f'action="{url}#agree-review"' in html
    agree_part = text[text.index("Agree the reviewed plan") :]
    assert "Most of this plan is empty" in agree_part
    assert "Red flags to look for" in agree_part and "The safety object" in agree_part
    assert "Agree it anyway" in agree_part and "Go back and fill in the plan" in agree_part
    assert f'value="{soon}"' in html  # the date chosen is kept
    assert _agreed(family) == []

    # With htmx, the form alone, warning and all.
    fragment = client.post(url, data={"next_review_on": soon}, headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body
    assert 'id="agree-review"' in body and "Most of this plan is empty" in body
    assert _agreed(family) == []

    # A wrong date after the warning keeps the warning given.
    far = (today() + timedelta(days=45)).isoformat()
    refused = client.post(url, data={"next_review_on": far, "confirm": "1"})
    assert refused.status_code == 422
    assert "Agree it anyway" in page_text(refused) and _agreed(family) == []

    # With htmx, the next page comes by HX-Redirect: a 302 would be swapped into the form.
    agreed = client.post(
        url, data={"next_review_on": soon, "confirm": "1"}, headers={"HX-Request": "true"}
    )
    assert agreed.status_code == 200
    assert agreed.headers["HX-Redirect"].startswith(f"/families/{family.public_id}/plan/versions/")
    (version,) = _agreed(family)
    assert version.is_review and version.agreed_at is not None
    db.session.expire_all()
    assert plan_for(family).next_review_on.isoformat() == soon


def test_a_reviewed_plan_with_most_parts_written_is_agreed_at_once(
    client, auth, make_worker, make_child, make_family
):
    from participation.network.services import add_item

    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    plan = plan_for(family)
    for kind in ("network_contingency", "timeline", "trigger", "red_flag"):
        add_item(plan, kind, f"Words for {kind}")
    plan.safety_object = "Teddy"
    db.session.commit()
    auth.sign_in(worker)
    page = page_text(client.get(f"/families/{family.public_id}/plan/review"))
    assert "Most of this plan is empty" not in page
    agreed = client.post(f"/families/{family.public_id}/plan/review", data={})
    assert agreed.status_code == 302
    assert [v.is_review for v in _agreed(family)] == [True]
