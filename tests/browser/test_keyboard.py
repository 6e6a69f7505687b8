"""A child does Three Houses with the keyboard alone, and can always see where the focus is."""

import pytest
from sqlalchemy import select

from participation.activities.models import Activity, Status
from participation.extensions import db

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element is focused, checking each stop shows a visible focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "sel => { const el = document.activeElement; const s = getComputedStyle(el);"
            " return {match: el.matches(sel), outline: s.outlineStyle, shadow: s.boxShadow,"
            " tag: el.tagName, type: el.type, name: el.name, url: location.pathname}; }",
            selector,
        )
        assert focused["outline"] != "none" or focused["shadow"] != "none", str(focused)
        if focused["match"]:
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_three_houses_with_the_keyboard_alone(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server}/start")
    tab_to(page, "#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/*")
    tab_to(page, "a.button.primary")
    page.keyboard.press("Enter")
    for area in ("worries", "good_things", "dreams"):
        page.wait_for_url(f"**/areas/{area}")
        tab_to(page, "#child_words")
        page.keyboard.type(f"My {area} in words")
        tab_to(page, 'button[value="next"], button[value="finish"]')
        page.keyboard.press("Enter")
    page.wait_for_url("**/finish")
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/thanks")
    db.session.expire_all()
    saved = db.session.get(Activity, activity.id)
    assert saved.status == Status.SUBMITTED
    assert sorted(a.child_words for a in saved.areas) == [
        "My dreams in words", "My good_things in words", "My worries in words",
    ]  # fmt: skip
    context.close()


def test_a_grandparent_writes_a_journal_entry_with_the_keyboard_alone(
    live_server, browser, make_worker, make_child, make_family, make_member
):
    from participation.journal.models import JournalEntry
    from participation.network.services import issue_invite

    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker, name="Nan Clarke")
    _invite, link, _code = issue_invite(member)
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/join/{link}")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/network")
    tab_to(page, "a.button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/journal/new")
    # What happened comes first, then whether the plan worked (issue #18).
    tab_to(page, "#what_happened")
    page.keyboard.type("Mum had a drink; I collected Amy from school.")
    tab_to(page, "input[name=plan_worked]")
    page.keyboard.press("Space")  # the first answer, "Yes"
    tab_to(page, "main button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/journal/*saved=1")
    db.session.expire_all()
    entry = db.session.scalars(select(JournalEntry)).one()
    assert entry.plan_worked == "yes"
    assert entry.what_happened == "Mum had a drink; I collected Amy from school."
    context.close()


def test_a_worker_reviews_and_replies_with_the_keyboard_alone(
    app, live_server, browser, make_worker, make_child, make_activity, make_code
):
    from participation.review.models import Review
    from tests.helpers import PASSWORD

    worker = make_worker()
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/finish")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    tab_to(page, "input[name=email]")
    page.keyboard.type(worker.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/review")
    tab_to(page, f"a[href='/review/{activity.public_id}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/review/{activity.public_id}")
    tab_to(page, "form[action$='/reviewed'] button")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Reviewed by")
    tab_to(page, "#reply textarea")
    page.keyboard.type("Thank you, Amy. I will talk to Dad about the shouting.")
    tab_to(page, "#reply button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#reply .saved")
    db.session.expire_all()
    review = db.session.scalars(select(Review)).one()
    assert review.reviewed_at is not None
    assert review.reply == "Thank you, Amy. I will talk to Dad about the shouting."
    context.close()


def test_a_young_person_writes_a_section_with_the_keyboard_alone(
    live_server, browser, make_worker, make_young_person
):
    from participation.auth.models import Role
    from participation.pathway.invites import issue_invite
    from participation.pathway.models import PlanSection

    person = make_young_person(make_worker(role=Role.PERSONAL_ADVISER))
    link, _code = issue_invite(person)
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/yp/join/{link}")
    for name, value in (("username", "jordan.r"), ("password", "my long password"),
                        ("confirm", "my long password")):  # fmt: skip
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-plan")
    tab_to(page, "a[href='/my-plan/health']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-plan/health")
    tab_to(page, "#in_my_words")
    page.keyboard.type("I have asthma and want a GP near my flat.")
    tab_to(page, "main button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-plan/health?saved=1")
    db.session.expire_all()
    saved = db.session.scalars(select(PlanSection).filter_by(section="health")).one()
    assert saved.in_my_words == "I have asthma and want a GP near my flat."
    context.close()
