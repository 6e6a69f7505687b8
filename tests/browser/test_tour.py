"""The README's tour: each audience's main screens, as they see them, with what they must show.

Every screenshot goes to test-artifacts/tour/; with PARTICIPATION_TOUR_SCREENSHOTS=docs/screenshots
(`./scripts/screenshots`) the same images are also written there for the README. Only invented
people and words appear in them.
"""

import io
import math
import os
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from PIL import Image, ImageDraw
from sqlalchemy import select

from participation.activities.models import Mode
from participation.activities.services import start_activity
from participation.admin.services import switch_off
from participation.auth.models import Role
from participation.caserecord.services import create_client
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.journal.models import JournalEntry
from participation.network.services import issue_invite as invite_member
from participation.pathway.invites import issue_invite as invite_young_person
from participation.translation.services import request as request_translation
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD, upload

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
UK = "en-GB"  # the browser asks for British English, as a council's staff and families' do
LARGEST = 300_000  # bytes: a README image bigger than this is squeezed to a palette

AMY = {
    "worries": "Dad shouts when he drinks and I hide in my room",
    "good_things": "Nan's dog Biscuit and football on Saturday",
    "dreams": "Everyone is kind at home and Dad stops drinking",
}
RULE = "If Mum is drinking, Nan collects Amy from school"


def shoot(page, artifacts: Path, name: str, full_page: bool = False, down_to=None) -> None:
    """Save one screen to the artifacts and, when asked, to the README's folder, small;
    `down_to` (a locator) ends the picture just below that element."""
    if down_to is not None:
        box = down_to.bounding_box()
        bottom = box["y"] + box["height"] + page.evaluate("window.scrollY") + 16
        width = page.viewport_size["width"]
        shot = page.screenshot(
            full_page=True, clip={"x": 0, "y": 0, "width": width, "height": bottom}
        )
    else:
        shot = page.screenshot(full_page=full_page)
    image = Image.open(io.BytesIO(shot))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    if out.tell() > LARGEST:
        out = io.BytesIO()
        image.convert("RGB").quantize(256).save(out, format="PNG", optimize=True)
    places = [artifacts / "tour"]
    if wanted := os.environ.get("PARTICIPATION_TOUR_SCREENSHOTS"):
        places.append(Path(wanted) if Path(wanted).is_absolute() else ROOT / wanted)
    for place in places:
        place.mkdir(parents=True, exist_ok=True)
        (place / name).write_bytes(out.getvalue())


def drawing_of_a_house() -> bytes:
    """A child-like drawing (a house, a sun, a person) for entries made without a browser."""
    image = Image.new("RGB", (1600, 1200), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((450, 550, 1050, 1050), outline=(120, 70, 30), width=18)
    pen.line((420, 570, 750, 280, 1080, 570), fill=(200, 30, 30), width=18)
    pen.rectangle((700, 800, 820, 1050), outline=(30, 90, 200), width=14)
    pen.ellipse((1250, 120, 1450, 320), outline=(240, 170, 0), width=16)
    pen.ellipse((1250, 650, 1330, 730), outline=(0, 0, 0), width=10)
    pen.line((1290, 730, 1290, 930), fill=(0, 0, 0), width=10)
    pen.line((1290, 930, 1230, 1050), fill=(0, 0, 0), width=10)
    pen.line((1290, 930, 1350, 1050), fill=(0, 0, 0), width=10)
    pen.line((1200, 800, 1380, 800), fill=(0, 0, 0), width=10)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def draw(page, points: list[tuple[float, float]], colour: str) -> None:
    """One stroke with real pointer events, through points given as fractions of the canvas
    as it shows on the screen."""
    page.locator(f".swatch-{colour}").click()
    canvas = page.locator("canvas.canvas")
    canvas.evaluate("c => c.scrollIntoView({block: 'start'})")
    box = canvas.bounding_box()
    # Only the part of the canvas on the screen takes a pointer.
    top = max(box["y"], 0)
    height = min(box["y"] + box["height"], page.viewport_size["height"]) - top
    at = [(box["x"] + box["width"] * x, top + height * y) for x, y in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for point in at[1:]:
        page.mouse.move(*point, steps=8)
    page.mouse.up()


def sign_in(browser, live_server: str, worker):
    """A member of staff at a desk, signed in through the form, on the page it leads to."""
    context = browser.new_context(viewport=DESKTOP, locale=UK)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    return context, page, errors


def in_arabic(text: str) -> str:
    """The Arabic catalogue's words for an English message, as the page must show them."""
    with force_locale("ar"):
        return gettext(text)


def staff(make_worker, name: str, email: str, role: Role = Role.SOCIAL_WORKER):
    """A member of staff with the demo data's address, as the README's sign-ins name them."""
    worker = make_worker(role=role, name=name)
    worker.email = email
    db.session.commit()
    return worker


@pytest.fixture
def sam(make_worker):
    sam = staff(make_worker, "Sam Okafor", "sam.worker@example.org")
    sam.mobile = "07700900101"  # Ofcom's drama range: never a real phone
    db.session.commit()
    return sam


@pytest.fixture
def amy_sent(app, sam, make_child, make_activity, make_code):
    """Amy Clarke's Three Houses, written, drawn and sent from her tablet."""
    amy = make_child(sam, name="Amy Clarke")
    amy.communication_needs = "Likes to draw first, then talk."
    amy.case_reference = "NS-104233"
    activity = make_activity(amy, sam, present="Nan Clarke (grandmother)")
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, sam)})
    for area, words in AMY.items():
        tablet.post(
            f"/activities/{activity.public_id}/areas/{area}/words", data={"child_words": words}
        )
        upload(tablet, activity, area, drawing_of_a_house())
    tablet.post(f"/activities/{activity.public_id}/finish")
    db.session.commit()
    return activity


def test_a_child_draws_writes_and_presses_im_worried(
    live_server, browser, artifacts, sam, make_child, make_activity, make_code
):
    activity = make_activity(make_child(sam, name="Amy Clarke"), sam)
    code = make_code(activity, sam)
    tablet = browser.new_context(viewport=TABLET, has_touch=True, locale=UK)
    page = tablet.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first house").click()
    page.wait_for_url("**/areas/worries")
    draw(page, [(0.3, 0.45), (0.3, 0.8), (0.6, 0.8), (0.6, 0.45), (0.3, 0.45)], "brown")
    draw(page, [(0.27, 0.47), (0.45, 0.2), (0.63, 0.47)], "red")
    draw(page, [(0.42, 0.8), (0.42, 0.62), (0.49, 0.62), (0.49, 0.8)], "blue")
    sun = [(0.85 + 0.06 * math.cos(t / 8 * math.pi), 0.18 + 0.08 * math.sin(t / 8 * math.pi))
           for t in range(17)]  # fmt: skip
    draw(page, sun, "yellow")
    head = [(0.75 + 0.025 * math.cos(t / 6 * math.pi), 0.5 + 0.033 * math.sin(t / 6 * math.pi))
            for t in range(13)]  # fmt: skip
    draw(page, head, "black")
    draw(page, [(0.75, 0.53), (0.75, 0.68), (0.71, 0.8)], "black")
    draw(page, [(0.75, 0.68), (0.79, 0.8)], "black")
    draw(page, [(0.7, 0.58), (0.8, 0.58)], "black")
    page.locator("#child_words").fill(AMY["worries"])
    page.locator("h1").click()  # the words box loses focus (it saves then), no focus ring
    page.locator(".drawing-status").get_by_text("Drawing saved").wait_for()
    page.locator("#save-status").get_by_text("Saved").wait_for()
    page.get_by_role("heading", name="House of worries").wait_for()
    # Read-aloud shows only where it can be heard (a recording or a device voice for the
    # language); headless Chromium has no voices and the tour drops in no recordings.
    read_aloud = page.get_by_role("button", name="Read to me", include_hidden=True).first
    assert read_aloud.is_visible() == page.evaluate("speechSynthesis.getVoices().length > 0")
    assert page.get_by_role("button", name="I'm worried right now").is_visible()
    shoot(page, artifacts, "child-three-houses.png", full_page=True)

    page.get_by_role("button", name="I'm worried right now").click()
    panel = page.locator("#worry-panel")
    panel.get_by_text("If you are in danger now, call 999.").wait_for()
    assert panel.get_by_role("link", name="Call Childline 0800 1111").is_visible()
    run_jobs()  # the worker's text and email go out; the child's line catches up by itself
    panel.get_by_text("Sam has been sent a message.").wait_for(timeout=20_000)
    shoot(page, artifacts, "child-worry-help.png")
    assert errors == []
    tablet.close()


def test_a_social_worker_sees_the_child_the_queue_and_the_record_entry(
    app, live_server, browser, artifacts, sam, amy_sent, make_child, make_activity, make_code,
    make_family, make_member, member_phone,
):  # fmt: skip
    amy = amy_sent.child
    family = make_family(amy, sam)
    nan = make_member(family, sam, name="Nan Clarke", boss=True)
    member_phone(nan).post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "I picked Amy up at 3."},
    )
    jayden = make_child(sam, name="Jayden Clarke")
    safety_house = start_activity(
        jayden, sam, tool="safety_house", mode=Mode.CODE, seen_alone=True, present="",
        interpreter="", language="en",
    )  # fmt: skip
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(safety_house, sam)})
    tablet.post(
        f"/activities/{safety_house.public_id}/areas/inside/words",
        data={"child_words": "My bed and my Xbox"},
    )
    tablet.post(f"/activities/{safety_house.public_id}/finish")
    worried = make_activity(amy, sam)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(worried, sam)})
    tablet.post(f"/activities/{worried.public_id}/worry")
    run_jobs()

    context, page, errors = sign_in(browser, live_server, sam)
    for value, who, kind, why in (
        (3, "Mum", "parent", "Dad still drinks at weekends"),
        (5, "Mum", "parent", "Nan collects Amy every day now"),
        (4, "Nan Clarke", "network", "The plan works when I am there"),
        (7, "Nan Clarke", "network", "Amy told me she feels safer"),
    ):
        page.goto(f"{live_server}/scales/new/{amy.public_id}")
        page.locator("[name=question]").fill("How safe is Amy at home?")
        page.locator("[name=low_label]").fill("Not safe")
        page.locator("[name=high_label]").fill("Safe enough to close")
        page.locator(f"[name=answered_by_kind][value={kind}]").check()
        page.locator("[name=answered_by_name]").fill(who)
        page.locator(".scale-number").nth(value).click()
        page.locator("[name=why]").fill(why)
        page.get_by_role("button", name="Save to the record").click()
        page.wait_for_url(f"**/children/{amy.public_id}**")

    page.get_by_role("heading", name="Amy Clarke", exact=True).wait_for()
    page.get_by_role("heading", name="Scaling answers").wait_for()
    assert page.get_by_role("link", name="Who has looked at this record").is_visible()
    assert page.get_by_role("link", name="Everything we hold (subject access)").is_visible()
    assert page.get_by_role("button", name="Family, safety plan and network").is_visible()
    assert page.get_by_text("Amy told me she feels safer").is_visible()
    shoot(page, artifacts, "worker-child.png", full_page=True)

    page.goto(f"{live_server}/review")
    alerts = page.locator("section.alert-box")
    alerts.get_by_text("Amy Clarke pressed “I'm worried right now”").wait_for()
    assert page.get_by_role("link", name="New Amy Clarke").first.is_visible()
    assert page.get_by_role("link", name="New Jayden Clarke · Safety House").is_visible()
    assert page.get_by_text("Safety journal: Nan Clarke (Grandmother)").is_visible()
    shoot(page, artifacts, "worker-review.png")

    page.get_by_role("link", name="New Amy Clarke · Three Houses").click()
    page.get_by_text(AMY["worries"]).wait_for()
    page.get_by_role("link", name="Record document").click()
    page.wait_for_url("**/record/**")
    page.get_by_role("heading", name="Amy Clarke", exact=True).wait_for()
    page.get_by_role("heading", name="The child's own words and drawings").wait_for()
    for words in AMY.values():
        assert page.get_by_text(words).is_visible()
    drawing = page.get_by_role("img", name="The child's drawing: House of worries")
    drawing.wait_for()
    page.wait_for_load_state("load")
    assert drawing.evaluate("img => img.complete && img.naturalWidth") == 1600
    first_house = page.get_by_text(AMY["worries"])
    shoot(page, artifacts, "record-entry.png", down_to=first_house)
    assert errors == []
    context.close()


def test_a_grandparent_writes_in_the_safety_journal_on_a_phone(
    live_server, browser, artifacts, sam, make_child, make_family, make_member
):
    family = make_family(make_child(sam, name="Amy Clarke"), sam, rules=(RULE,))
    nan = make_member(family, sam, name="Nan Clarke", boss=True)
    _invite, link, _code = invite_member(nan)
    db.session.commit()
    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale=UK)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name="Hello Nan Clarke").wait_for()
    page.get_by_role("link", name="Write in the safety journal").click()
    page.get_by_role("heading", name="Write in the safety journal").wait_for()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label(RULE).check()
    page.get_by_label("What happened?").fill(
        "Mum had been drinking, so I picked Amy up at 3. We made tea."
    )
    # The common case fits one phone screen; the rest waits under "Add more".
    send = page.get_by_role("button", name="Send to the social worker")
    assert send.is_visible()
    page.locator("h1").click()  # no focus ring left on a box
    shoot(page, artifacts, "member-journal.png", full_page=True)
    page.locator("summary", has_text="Add more").click()
    page.get_by_label("Any triggers or red flags you noticed?").fill("Mum's car was outside.")
    page.get_by_label("Yes, it was in its place").check()
    assert send.is_visible()
    page.locator("h1").click()
    shoot(page, artifacts, "member-journal-more.png", full_page=True)
    assert errors == []
    phone.close()


def test_a_young_person_writes_their_plan_in_arabic(
    live_server, browser, artifacts, make_worker, make_young_person
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser, "Layla Haddad")
    person.preferred_language = "ar"
    link, _code = invite_young_person(person)
    db.session.commit()
    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="ar")
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/yp/join/{link}")
    page.locator("input[name=username]").fill("layla.h")
    page.locator("input[name=password]").fill("my long password")
    page.locator("input[name=confirm]").fill("my long password")
    page.locator("main button[type=submit]").first.click()
    page.get_by_role("heading", name=in_arabic("My pathway plan")).wait_for()
    page.get_by_role("link", name=in_arabic("Education, training and work")).click()
    page.get_by_role("heading", name=in_arabic("Education, training and work")).wait_for()
    page.locator("[name=in_my_words]").fill(
        "أدرس اللغة الإنجليزية في الكلية ثلاثة أيام في الأسبوع."
    )
    page.locator("[name=want_to_achieve]").fill("أريد أن أصبح ممرضة.")
    page.locator(".scale-number").nth(7).click()
    page.locator("main button[type=submit]").first.click()
    page.get_by_text(in_arabic("Saved")).first.wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, artifacts, "young-person-plan-ar.png")
    assert errors == []
    phone.close()


def test_a_personal_adviser_reads_a_plan_and_suggests_wording(
    live_server, browser, artifacts, make_worker, make_young_person, yp_phone
):
    alex = staff(make_worker, "Alex Byrne", "alex.pa@example.org", Role.PERSONAL_ADVISER)
    jordan = make_young_person(alex, "Jordan Reid")
    phone = yp_phone(jordan, username="jordan.r")
    phone.post(
        "/my-plan/health",
        data={
            "version": "0",
            "in_my_words": "I have asthma. I forget my inhaler when I'm stressed.",
            "want_to_achieve": "Register with a GP near my flat.",
            "scale": "6",
        },
    )
    context, page, errors = sign_in(browser, live_server, alex)
    page.goto(f"{live_server}/young-people")
    page.get_by_role("link", name="Jordan Reid").click()
    health = page.locator("#health")
    for words in ("I will keep a spare inhaler at college.", "I will book an asthma review."):
        health.get_by_text("Suggest wording", exact=True).click()
        health.get_by_label("Suggested wording").fill(words)
        health.get_by_role("button", name="Send suggestion to Jordan").click()
        page.get_by_role("heading", name="Jordan Reid's pathway plan").wait_for()
    plan = phone.get("/my-plan").get_data(as_text=True)
    first = plan.split("/my-plan/suggestions/")[1].split('"')[0]
    phone.post(f"/my-plan/suggestions/{first}", data={"answer": "accept"})
    page.reload()
    page.get_by_text("1 suggestion is waiting for Jordan.").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    assert health.get_by_text("suggested by Alex Byrne, accepted by Jordan Reid").is_visible()
    assert health.get_by_text("Sentences without a note were written by Jordan.").first.is_visible()
    shoot(page, artifacts, "adviser-plan.png", down_to=health)
    assert errors == []
    context.close()


def test_an_interpreter_sees_only_what_was_sent_to_them(
    live_server, browser, artifacts, sam, make_worker, make_child, make_family, make_member,
    member_phone,
):  # fmt: skip
    family = make_family(make_child(sam, name="Zofia Nowak", language="pl"), sam)
    mum = make_member(family, sam, name="Marta Nowak")
    mum.relationship_to_child = "Mother"
    mum.language = "pl"
    db.session.commit()
    phone = member_phone(mum)
    for worked, words in (
        ("yes", "Babcia odebrała Zosię ze szkoły o 15."),
        ("partly", "Tata przyszedł późno, ale był trzeźwy."),
    ):
        phone.post("/network/journal/new", data={"plan_worked": worked, "what_happened": words})
    ewa = staff(make_worker, "Ewa Kowalska", "ewa.interpreter@example.org", Role.INTERPRETER)
    for entry in db.session.scalars(select(JournalEntry)).all():
        request_translation("journal_entry", entry, "pl", sam, ewa, "en")
    db.session.commit()
    context, page, errors = sign_in(browser, live_server, ewa)
    page.goto(f"{live_server}/translations")
    page.get_by_role("heading", name="Translations sent to you").wait_for()
    assert page.get_by_text("sent by Sam Okafor").first.is_visible()
    assert page.get_by_text("To do").first.is_visible()
    # The interpreter reads only the words sent, never the family's name or record.
    assert "Zofia" not in page.inner_text("main")
    shoot(page, artifacts, "interpreter-queue.png")
    assert errors == []
    context.close()


def test_an_admin_manages_staff_accounts(live_server, browser, artifacts, team, sam, make_worker):
    staff(make_worker, "Jo Fletcher", "jo.manager@example.org", Role.TEAM_MANAGER)
    staff(make_worker, "Alex Byrne", "alex.pa@example.org", Role.PERSONAL_ADVISER)
    staff(make_worker, "Ewa Kowalska", "ewa.interpreter@example.org", Role.INTERPRETER)
    switch_off(staff(make_worker, "Priya Shah", "priya.worker@example.org"))
    admin = staff(make_worker, "Robin Admin", "admin@example.org", Role.ADMIN)
    create_client("Mosaic (Northside)", team.id)
    db.session.commit()
    context, page, errors = sign_in(browser, live_server, admin)
    page.goto(f"{live_server}/admin/accounts")
    page.get_by_role("heading", name="Staff accounts and API tokens").wait_for()
    assert page.get_by_role("button", name="Switch off Sam Okafor").is_visible()
    assert page.get_by_text("On (this is you)").is_visible()
    assert page.get_by_role("button", name="Switch on Priya Shah").is_visible()
    assert page.get_by_role("button", name="Revoke the token for Mosaic (Northside)").is_visible()
    shoot(page, artifacts, "admin-accounts.png")
    assert errors == []
    context.close()
