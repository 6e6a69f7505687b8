"""Staff screens (issue #18): the council's name and logo in the header, the language picker
as a small menu there (not a block under every page), and copy and share beside a code and an
invitation link, at 360 px and 768 px in English, Polish and Arabic."""

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from tests.browser.conftest import sign_in_staff, watch_console

pytestmark = pytest.mark.browser


def in_lang(app, lang: str, msgid: str) -> str:
    with app.test_request_context(), force_locale(lang):
        return _(msgid)


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_the_header_names_the_council_and_tucks_the_language_away(
    app, live_server, browser, artifacts, make_worker, make_child, make_activity, lang
):
    app.config["COUNCIL_NAME"] = "Northshire Council"
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    for width in (360, 768):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
        page = context.new_page()
        errors = watch_console(page)
        sign_in_staff(page, live_server, worker.email)
        page.goto(f"{live_server}/children")
        assert page.evaluate("document.documentElement.lang") == lang
        brand = page.locator("header .brand")
        assert brand.inner_text().strip() == "Northshire Council"
        assert page.locator("header .brand-logo").evaluate("i => i.naturalWidth") > 0
        # The picker is a closed menu in the header, and not at the foot of the page.
        assert page.locator("footer select[name=lang]").count() == 0
        assert not page.locator("header select[name=lang]").is_visible()
        menu = page.locator("header details.lang-menu > summary")
        assert menu.bounding_box()["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=artifacts / f"staff-header-{lang}-{width}.png")
        menu.click()
        assert page.locator("header select[name=lang]").is_visible()
        panel = page.locator(".lang-menu-panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
        page.screenshot(path=artifacts / f"staff-lang-menu-{lang}-{width}.png")

        # A sign-in code: Copy puts exactly the code on the clipboard; Share only where the
        # browser has a share sheet (Debian's headless Chromium has none).
        page.goto(f"{live_server}/children/{activity.child.public_id}")
        page.evaluate(
            """url => { const f = document.createElement('form');
                 f.method = 'post'; f.action = url;
                 const t = document.createElement('input'); t.type = 'hidden';
                 t.name = 'csrf_token';
                 t.value = document.querySelector('meta[name=csrf-token]').content;
                 f.append(t); document.body.append(f); f.submit(); }""",
            f"{live_server}/codes/activity/{activity.public_id}",
        )
        page.wait_for_url("**/codes/*")
        code = page.locator("#code-value").inner_text().strip()
        copy = page.locator(".share-copy")
        copy.click()
        page.locator(".share-status").get_by_text(
            in_lang(app, lang, "Copied. You can paste it into a text or WhatsApp message.")
        ).wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == code
        has_share = page.evaluate("typeof navigator.share === 'function'")
        assert page.locator(".share-send").is_visible() == has_share
        assert "Amy" not in page.locator(".share-actions").get_attribute("data-share-text")
        page.screenshot(path=artifacts / f"staff-code-share-{lang}-{width}.png", full_page=True)
        assert [e for e in errors if "404" not in e] == []
        context.close()
