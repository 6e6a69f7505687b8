"""On screen too, each script is drawn by a face made for it (a Nastaliq face for Urdu), not by
whatever fallback the browser finds, and never as empty boxes."""

import pytest

pytestmark = pytest.mark.browser

# The page language and the face app.css names first for its script (Debian's fonts-noto-core,
# which ./scripts/setup installs, as Android phones have them).
FACES = {
    "ar": "Noto Naskh Arabic",
    "ps": "Noto Naskh Arabic",
    "ur": "Noto Nastaliq Urdu",
    "bn": "Noto Sans Bengali",
    "pa": "Noto Sans Gurmukhi",
    "ti": "Noto Sans Ethiopic",
}


def faces_drawing(page, selector: str) -> dict[str, int]:
    """Glyphs drawn per font for the element, as Chromium itself reports them."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


@pytest.mark.parametrize("lang", sorted(FACES))
def test_the_child_start_page_is_drawn_in_a_face_for_its_script(live_server, browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/start?lang={lang}")
    drawn = faces_drawing(page, "h1")
    assert drawn, "the heading drew no glyphs"
    most = max(drawn, key=drawn.__getitem__)
    assert most == FACES[lang], f"{lang}: drawn by {drawn}"
    context.close()


def test_a_code_stays_monospace_on_an_urdu_page(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/start?lang=ur")
    family = page.locator(".code-form input").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith("ui-monospace")
    context.close()
