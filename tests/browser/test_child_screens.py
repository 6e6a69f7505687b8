"""The children's, grandparents' and young people's screens (issue #18) on a 360 px phone and a
768 px tablet, in English, Polish and Arabic: the houses drawn as houses (mirrored right to
left), names that never overflow their tiles in any language, big photo buttons, 44 px choices,
the journal's short form, "send anyway?" and suggestions placed where the young person chose."""

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.network.services import issue_invite as invite_member
from participation.pathway.invites import issue_invite as invite_young_person
from participation.pathway.models import PathwayPlan, PlanSection
from tests.browser.conftest import watch_console

pytestmark = pytest.mark.browser

WIDTHS = (360, 768)
LANGS = ("en", "pl", "ar")


def in_lang(app, lang: str, msgid: str) -> str:
    """The words the catalogue gives a child in that language (English until translated)."""
    with app.test_request_context(), force_locale(lang):
        return _(msgid)


def sign_in_child(page, live_server: str, code: str) -> None:
    page.goto(f"{live_server}/start")
    page.locator("input[name=code]").fill(code)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url("**/activities/**")


def too_wide(page, selector: str) -> list[str]:
    """Each element whose content is wider than its own box (the words spill out)."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)]
             .filter(el => el.scrollWidth > el.clientWidth)
             .map(el => el.textContent.trim() + ' ' + el.scrollWidth + '>' + el.clientWidth)""",
        selector,
    )


def page_too_wide(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture
def children(make_worker, make_child, make_activity, make_code):
    """A child in each language with Three Houses, and another with a Safety House; `code`
    gives a fresh sign-in code each time (a code works once)."""
    worker = make_worker(name="Sam Okafor")
    made = {}
    for lang in LANGS:
        houses = make_activity(make_child(worker, language=lang), worker, language=lang)
        safety = make_activity(make_child(worker, language=lang), worker, language=lang)
        safety.tool = "safety_house"
        db.session.commit()
        made[lang] = {"three_houses": houses, "safety_house": safety}
    made["code"] = lambda activity: make_code(activity, worker)
    return made


@pytest.mark.parametrize("lang", LANGS)
def test_the_houses_look_like_houses_on_a_phone_and_a_tablet(
    app, live_server, browser, artifacts, children, lang
):
    for width in WIDTHS:
        for tool in ("three_houses", "safety_house"):
            activity = children[lang][tool]
            code = children["code"](activity)
            context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
            page = context.new_page()
            errors = watch_console(page)
            sign_in_child(page, live_server, code)
            page.goto(f"{live_server}/activities/{activity.public_id}")
            assert page.evaluate("document.documentElement.lang") == lang
            # Every picture arrived and drew (an <img> of a broken file has no natural width).
            sizes = page.evaluate(
                "[...document.querySelectorAll('img.art, img.house-art')].map(i => i.naturalWidth)"
            )
            assert sizes and all(s > 0 for s in sizes), sizes
            mirrored = page.evaluate(
                "getComputedStyle(document.querySelector('img.house-art')).transform"
            )
            if lang == "ar":
                assert mirrored.startswith("matrix(-1"), mirrored
            else:
                assert mirrored == "none", mirrored
            assert too_wide(page, ".house, .house-name") == []
            assert not page_too_wide(page)
            page.screenshot(path=artifacts / f"child-{tool}-{lang}-{width}.png", full_page=True)
            if tool == "three_houses":
                page.goto(f"{live_server}/activities/{activity.public_id}/areas/worries")
                photo = page.locator("label.file-button[for=drawing-file]")
                label = in_lang(app, lang, "Take a photo of my drawing")
                assert photo.inner_text().strip().endswith(label)
                box = photo.bounding_box()
                assert box["height"] >= 44 and box["width"] >= 44
                assert page.locator("#drawing-file").get_attribute("capture") == "environment"
                assert not page_too_wide(page)
                page.screenshot(path=artifacts / f"child-area-{lang}-{width}.png", full_page=True)
                # Nothing added yet: a friendly "send anyway?" first.
                page.goto(f"{live_server}/activities/{activity.public_id}/finish")
                asked = in_lang(app, lang, "You haven't added anything yet — send anyway?")
                page.get_by_role("heading", name=asked).wait_for()
                page.screenshot(path=artifacts / f"child-empty-{lang}-{width}.png", full_page=True)
            assert errors == []
            context.close()


def test_house_names_fit_their_tiles_in_every_language(app, live_server, browser, children):
    for tool in ("three_houses", "safety_house"):
        activity = children["en"][tool]
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            sign_in_child(page, live_server, children["code"](activity))
            problems = []
            for lang in app.config["LANGUAGES"]:
                page.goto(f"{live_server}/activities/{activity.public_id}?lang={lang}")
                assert page.evaluate("document.documentElement.lang") == lang
                for spill in too_wide(page, ".house, .house-name"):
                    problems.append(f"{tool} {lang} {width}px: {spill}")
                if page_too_wide(page):
                    problems.append(f"{tool} {lang} {width}px: the page scrolls sideways")
            context.close()
            assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_grandparents_entry_fits_one_screen_with_big_choices(
    app, live_server, browser, artifacts, make_worker, make_child, make_family, make_member, lang
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    member = make_member(family, worker)
    member.language = lang
    db.session.commit()
    for width in WIDTHS:
        _invite, link, _code = invite_member(member)
        db.session.commit()
        context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
        page = context.new_page()
        errors = watch_console(page)
        page.goto(f"{live_server}/join/{link}")
        page.locator("main button[type=submit]").first.click()
        page.wait_for_url("**/network")
        page.goto(f"{live_server}/network/journal/new")
        # The common case: what happened, did the plan work, which rule, and "Add more".
        fold = page.viewport_size["height"]
        for selector in ("textarea[name=what_happened]", "input[name=plan_worked]",
                         "input[name=rules]", "details.add-more > summary"):  # fmt: skip
            box = page.locator(selector).last.bounding_box()
            assert box is not None and box["y"] + box["height"] <= fold, selector
        assert not page.locator("textarea[name=red_flags]").is_visible()
        page.screenshot(path=artifacts / f"journal-short-{lang}-{width}.png")
        page.locator("details.add-more > summary").click()
        small = page.evaluate(
            """[...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
                 .map(i => i.getBoundingClientRect())
                 .filter(r => r.width < 44 || r.height < 44).length"""
        )
        assert small == 0
        for label in page.locator("label.file-button").all():
            assert label.bounding_box()["height"] >= 44
        assert not page_too_wide(page)
        page.screenshot(path=artifacts / f"journal-more-{lang}-{width}.png", full_page=True)
        assert errors == []
        context.close()


def test_in_my_words_grows_and_a_suggestion_goes_where_the_cursor_is(
    live_server, browser, artifacts, client, auth, make_worker, make_young_person
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser)
    link, _code = invite_young_person(person)
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/yp/join/{link}")
    page.locator("input[name=username]").fill("jordan.r")
    page.locator("input[name=password]").fill("my long password")
    page.locator("input[name=confirm]").fill("my long password")
    page.locator("main button[type=submit]").first.click()
    page.goto(f"{live_server}/my-plan/health")
    box = page.locator("#in_my_words")
    before = box.bounding_box()["height"]
    box.fill("I have asthma.\n" + "I see the nurse every month at the clinic.\n" * 8 + "Fine.")
    assert box.bounding_box()["height"] > before + 60  # it grew with the words
    box.fill("I have asthma. I see the nurse.")
    page.locator("main form#words button[type=submit]").click()
    page.wait_for_url("**/my-plan/health?saved=1")

    auth.sign_in(adviser)
    client.post(
        f"/young-people/{person.public_id}/sections/health/suggestions",
        data={"health-suggest-field": "in_my_words", "health-suggest-text": "Spare inhaler."},
    )
    page.goto(f"{live_server}/my-plan/health")
    page.get_by_text("Spare inhaler.").first.wait_for()
    # The cursor after "asthma." in their own words, then "where my cursor is".
    page.locator("#in_my_words").evaluate(
        "b => { b.focus(); b.setSelectionRange(14, 14); b.dispatchEvent(new Event('keyup')); }"
    )
    form = page.locator(".suggestion-form").first
    form.get_by_label("Where my cursor is in my words").check()
    page.screenshot(path=artifacts / "pathway-suggestion-here-360.png", full_page=True)
    form.get_by_role("button", name="Use these words").click()
    page.wait_for_url("**/my-plan/health#words")
    db.session.expire_all()
    plan = db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()
    row = db.session.scalars(select(PlanSection).filter_by(plan_id=plan.id, section="health")).one()
    assert row.in_my_words == "I have asthma. Spare inhaler. I see the nurse."
    assert errors == []
    context.close()
