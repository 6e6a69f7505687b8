"""axe-core (WCAG 2.2 A and AA rules) over the main screens of every kind of person."""

from pathlib import Path

import pytest
from sqlalchemy import select

from participation.alerts.models import WorryAlert
from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.journal.models import JournalEntry
from participation.network.services import issue_invite as invite_member
from participation.pathway.invites import issue_invite as invite_young_person
from participation.translation.services import request as request_translation
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD, png_bytes, upload

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    script = (
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => "
        "r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    return page.evaluate(script, TAGS)


def check(page, url: str, problems: list[str], lang: str) -> None:
    page.goto(url)
    shown = page.evaluate("document.documentElement.lang")
    if shown != lang:
        problems.append(f"{url} -> shown in {shown}, not {lang}")
    for problem in violations(page):
        problems.append(f"{url} -> {problem}")


@pytest.fixture(params=["en", "ar"])
def everything(request, app, make_worker, make_child, make_activity, make_code, make_family,
               make_member, make_young_person, member_phone):  # fmt: skip
    """Everyone, in English and again in Arabic (right to left) by their saved language."""
    lang = request.param
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke", language=lang)
    sent = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(sent, worker)})
    tablet.post(f"/activities/{sent.public_id}/areas/worries/words", data={"child_words": "Hi"})
    upload(tablet, sent, "worries", png_bytes())
    tablet.post(f"/activities/{sent.public_id}/finish")
    draft = make_activity(child, worker)
    code = make_code(draft, worker)
    family = make_family(child, worker)
    member = make_member(family, worker, boss=True)
    member.language = lang
    member_phone(member).post(
        "/network/journal/new", data={"plan_worked": "partly", "what_happened": "Mum was late."}
    )
    entry = db.session.scalars(select(JournalEntry)).one()
    # An urgent alert with its messages sent, for the worker's alert page.
    worker.mobile = "07700 900123"
    db.session.commit()
    member_phone(member).post("/network/worry")
    run_jobs()
    alert = db.session.scalars(select(WorryAlert)).one()
    _i, member_link, _c = invite_member(member)  # the browser's own phone
    interpreter = make_worker(role=Role.INTERPRETER, name="Ewa Kowalska")
    item = request_translation("journal_entry", entry, "en", worker, interpreter, "pl")[0]
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser)
    person.preferred_language = lang
    yp_link, _c = invite_young_person(person)
    db.session.commit()
    return {
        "worker": worker, "child": child, "sent": sent, "draft": draft, "code": code,
        "family": family, "member_link": member_link, "yp_link": yp_link, "lang": lang,
        "entry": entry, "interpreter": interpreter, "item": item, "adviser": adviser,
        "person": person, "manager": make_worker(role=Role.TEAM_MANAGER),
        "admin": make_worker(role=Role.ADMIN), "member_id": member.public_id,
        "alert": alert,
    }  # fmt: skip


def submit(page) -> None:
    page.locator("main button[type=submit]").first.click()


def sign_in(page, live_server: str, worker) -> None:
    page.locator("input[name=email]").fill(worker.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page)


def test_every_kind_of_person_meets_wcag_aa(live_server, browser, everything):
    e = everything
    problems: list[str] = []
    # A child on a family's tablet, set to their language.
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, bypass_csp=True, locale=e["lang"]
    )
    page = context.new_page()
    errors = watch_console(page)
    check(page, f"{live_server}/start", problems, e["lang"])
    page.locator("input[name=code]").fill(e["code"])
    submit(page)
    for path in ("", "/areas/worries", "/areas/dreams", "/finish"):
        check(page, f"{live_server}/activities/{e['draft'].public_id}{path}", problems, e["lang"])
    check(page, f"{live_server}/activities/help", problems, e["lang"])
    context.close()

    # A worker at a desk, whose browser asks for the language.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True, locale=e["lang"]
    )
    page = context.new_page()
    check(page, f"{live_server}/staff/sign-in", problems, e["lang"])
    sign_in(page, live_server, e["worker"])
    for path in ("/review", "/children", f"/children/{e['child'].public_id}",
                 f"/activities/new/{e['child'].public_id}",
                 f"/review/{e['sent'].public_id}",
                 f"/families/{e['family'].public_id}", f"/families/{e['family'].public_id}/plan",
                 f"/scales/new/{e['child'].public_id}", "/staff/two-step",
                 f"/access-log/children/{e['child'].public_id}",
                 f"/access-log/members/{e['member_id']}",
                 f"/review/journal/{e['entry'].public_id}", f"/alerts/{e['alert'].public_id}",
                 f"/families/{e['family'].public_id}/journal"):  # fmt: skip
        check(page, f"{live_server}{path}", problems, e["lang"])
    # The case record is written in English, whatever the worker reads the app in.
    check(page, f"{live_server}/record/activity/{e['sent'].public_id}", problems, "en")
    context.close()

    # An interpreter, a team manager and a personal adviser.
    yp = f"/young-people/{e['person'].public_id}"
    for who, paths in (
        ("interpreter", ["/translations", f"/translations/{e['item'].public_id}"]),
        ("manager", ["/case-record/overdue", "/review"]),
        ("adviser", ["/young-people", yp, f"/access-log{yp}"]),
        ("admin", ["/admin/accounts"]),
    ):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, bypass_csp=True, locale=e["lang"]
        )
        page = context.new_page()
        page.goto(f"{live_server}/staff/sign-in")
        sign_in(page, live_server, e[who])
        for path in paths:
            check(page, f"{live_server}{path}", problems, e["lang"])
        context.close()

    # A grandparent and a young person on small phones.
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/join/{e['member_link']}")
    submit(page)
    for path in ("/network", "/network/journal/new", f"/network/journal/{e['entry'].public_id}"):
        check(page, f"{live_server}{path}", problems, e["lang"])
    context.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    check(page, f"{live_server}/yp/join/{e['yp_link']}", problems, e["lang"])
    page.locator("input[name=username]").fill("jordan.r")
    page.locator("input[name=password]").fill("my long password")
    page.locator("input[name=confirm]").fill("my long password")
    submit(page)
    for path in ("/my-plan", "/my-plan/health", "/my-plan/download"):
        check(page, f"{live_server}{path}", problems, e["lang"])
    context.close()
    assert problems == [], "\n".join(problems)
    assert [e for e in errors if "404" not in e] == []


def _overflow(page, url: str, problems: list[str]) -> None:
    page.goto(url)
    limit = page.evaluate("window.innerWidth")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > limit:
        wide = page.evaluate(
            "limit => [...document.querySelectorAll('body *')]"
            ".filter(el => el.getBoundingClientRect().right > limit + 1)"
            ".slice(0, 3).map(el => el.tagName + '.' + el.className)",
            limit,
        )
        problems.append(f"{url} is {width}px wide in {limit}px: {wide}")


# 320 CSS px is a phone at 400% zoom (WCAG 1.4.10); a 1280 x 800 screen at 200% zoom shows
# 640 x 400 CSS px at twice the density (WCAG 1.4.4).
SCREENS = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "200% zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_pages_reflow_with_no_sideways_scrolling(live_server, browser, everything, screen):
    e = everything
    problems: list[str] = []
    context = browser.new_context(**SCREENS[screen], locale=e["lang"])
    page = context.new_page()
    _overflow(page, f"{live_server}/start", problems)
    page.locator("input[name=code]").fill(e["code"])
    submit(page)
    for path in ("", "/areas/worries", "/finish"):
        _overflow(page, f"{live_server}/activities/{e['draft'].public_id}{path}", problems)
    context.close()
    context = browser.new_context(**SCREENS[screen], locale=e["lang"])
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    sign_in(page, live_server, e["worker"])
    family = f"/families/{e['family'].public_id}"
    child, sent = f"/children/{e['child'].public_id}", f"/review/{e['sent'].public_id}"
    alert = f"/alerts/{e['alert'].public_id}"
    for path in ("/review", child, sent, family, f"{family}/plan", f"/access-log{child}", alert):
        _overflow(page, f"{live_server}{path}", problems)
    context.close()
    context = browser.new_context(**SCREENS[screen], locale=e["lang"])
    page = context.new_page()
    page.goto(f"{live_server}/join/{e['member_link']}")
    submit(page)
    for path in ("/network", "/network/journal/new"):
        _overflow(page, f"{live_server}{path}", problems)
    context.close()
    context = browser.new_context(**SCREENS[screen], locale=e["lang"])
    page = context.new_page()
    page.goto(f"{live_server}/yp/join/{e['yp_link']}")
    page.locator("input[name=username]").fill("jordan.r")
    page.locator("input[name=password]").fill("my long password")
    page.locator("input[name=confirm]").fill("my long password")
    submit(page)
    for path in ("/my-plan", "/my-plan/health"):
        _overflow(page, f"{live_server}{path}", problems)
    context.close()
    assert problems == [], "\n".join(problems)
