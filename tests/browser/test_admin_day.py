"""An admin's first day without the command line (issue #18): with no workers yet, "Add a
child" says to add a worker first instead of an empty "Allocated worker" list; the admin
makes a team and a social worker, gets the worker's set-password link, and adds a child
allocated to them. The worker then chooses a password and finds the child, at 360 and 768 px."""

import pytest
from sqlalchemy import select

from participation.auth.models import Role, Worker
from participation.auth.services import create_worker
from participation.children.models import Child
from participation.extensions import db
from tests.browser.conftest import sign_in_staff, watch_console
from tests.browser.test_accessibility import violations
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

WORKER_PASSWORD = "a long password for Sam 42"  # noqa: S105


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [360, 768])
def test_an_admin_adds_a_team_a_worker_and_a_child(app, live_server, browser, artifacts, width):
    # Set-password links are made on the address people use: here, the test's server.
    app.config["BASE_URL"] = live_server
    # Nobody but the admin: no team, no worker.
    admin = create_worker("robin.admin@example.org", "Robin Admin", Role.ADMIN, PASSWORD, None)
    db.session.commit()
    shot = f"admin-day-{width}"
    # At 768 px the CSP is bypassed only to inject axe-core; at 360 px it runs as in production.
    axe = width == 768
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="en", bypass_csp=axe
    )
    page = context.new_page()
    errors = watch_console(page)

    def accessible() -> bool:
        return not axe or violations(page) == []

    sign_in_staff(page, live_server, admin.email)
    # Admins land on the accounts page, where they are the only member of staff.
    page.get_by_role("heading", name="Staff accounts and API tokens").wait_for()
    staff_rows = page.locator("main table").first.locator("tbody tr")
    assert staff_rows.count() == 1 and "Robin Admin" in staff_rows.inner_text()
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-1-accounts.png", full_page=True)

    # "Add a child" before there is any worker: said plainly, with the way forward, and no
    # form to fill in for nothing (no empty "Allocated worker" list).
    admin_nav = page.get_by_role("navigation", name="Administration")
    admin_nav.get_by_role("link", name="Add a child").click()
    page.get_by_role("heading", name="Add a child").wait_for()
    main = page.locator("main")
    assert "Every child needs an allocated worker, and there are no workers yet." in (
        main.inner_text()
    )
    assert page.get_by_label("Allocated worker").count() == 0
    assert main.locator("input, select, textarea").count() == 0
    add_worker = main.get_by_role("link", name="Add a worker first")
    assert add_worker.bounding_box()["height"] >= 44
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-2-no-workers.png", full_page=True)
    assert accessible()

    # A team first.
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Teams").click()
    page.get_by_role("heading", name="Teams", exact=True).wait_for()
    assert "There are no teams yet." in main.inner_text()
    page.get_by_label("Team name").fill("Northside Children's Team")
    page.get_by_role("button", name="Make the team").click()
    page.locator(".flash").get_by_text("The team Northside Children's Team is made.").wait_for()
    assert main.get_by_role("link", name="Northside Children's Team").is_visible()
    assert "There are no teams yet." not in main.inner_text()
    page.screenshot(path=artifacts / f"{shot}-3-team.png", full_page=True)
    assert accessible()

    # Then the worker, through "Add a child"'s own way forward.
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Add a child"
    ).click()
    page.locator("main").get_by_role("link", name="Add a worker first").click()
    page.get_by_role("heading", name="Add a member of staff").wait_for()
    page.get_by_label("Full name").fill("Sam Okafor")
    page.get_by_label("Work email").fill("sam.okafor@example.org")
    page.get_by_label("Role").select_option(label="Social worker")
    page.get_by_label("Team", exact=True).select_option(label="Northside Children's Team")
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-4-new-worker.png", full_page=True)
    page.get_by_role("button", name="Add this member of staff").click()

    # Their page: made, and the link to choose a password, shown this once.
    page.get_by_role("heading", name="Sam Okafor", exact=True).wait_for()
    assert "Sam Okafor's account is made." in page.locator(".flash").inner_text()
    page.get_by_role("heading", name="Sam Okafor's link to choose a password").wait_for()
    link = page.locator("#set-password-link").inner_text().strip()
    assert link.startswith(f"{live_server}/staff/welcome/")
    assert "It is shown only this once." in main.inner_text()
    assert page.get_by_label("Team", exact=True).evaluate(
        "s => s.options[s.selectedIndex].text"
    ) == ("Northside Children's Team")
    # A long link wraps on a phone rather than pushing the page sideways.
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-5-set-password-link.png", full_page=True)
    assert accessible()
    page.reload()
    assert page.locator("#set-password-link").count() == 0  # shown once, then gone

    # Now "Add a child" is the form, and the worker is on its list.
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Add a child"
    ).click()
    page.get_by_role("heading", name="Add a child").wait_for()
    allocated = page.get_by_label("Allocated worker")
    options = allocated.locator("option").all_inner_texts()
    assert [o.strip() for o in options] == ["Sam Okafor"]
    page.get_by_label("Full name").fill("Amy Clarke")
    page.get_by_label("Date of birth").fill("2017-03-01")
    page.get_by_label("Council case reference").fill("NS-0001")
    allocated.select_option(label="Sam Okafor")
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-6-add-child.png", full_page=True)
    assert accessible()
    page.get_by_role("button", name="Add child").click()

    # Back on the accounts page, told; the admin is not shown the child's record.
    page.get_by_role("heading", name="Staff accounts and API tokens").wait_for()
    assert "Amy Clarke is added, allocated to Sam Okafor." in page.locator(".flash").inner_text()
    assert "Sam Okafor" in page.locator("main table").first.inner_text()
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-7-child-added.png", full_page=True)
    assert accessible()
    amy = db.session.scalars(select(Child)).one()
    sam = db.session.scalars(select(Worker).filter_by(email="sam.okafor@example.org")).one()
    assert (amy.allocated_worker_id, sam.role, sam.team.name) == (
        sam.id,
        Role.SOCIAL_WORKER,
        "Northside Children's Team",
    )
    assert errors == [], errors
    # Least privilege: admins manage accounts, not casework.
    assert page.goto(f"{live_server}/children/{amy.public_id}").status == 404
    assert "Amy Clarke" not in page.locator("main").inner_text()
    context.close()

    # Sam opens the link on their own device, chooses a password and finds Amy.
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en")
    page = context.new_page()
    errors = watch_console(page)
    page.goto(link)
    assert "Welcome, Sam." in page.locator("main").inner_text()
    page.get_by_label("Choose a password").fill(WORKER_PASSWORD)
    page.get_by_label("The same password again").fill(WORKER_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_url(f"{live_server}/staff/sign-in")
    page.locator("input[name=email]").fill("sam.okafor@example.org")
    page.locator("input[name=password]").fill(WORKER_PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(f"{live_server}/review")
    page.goto(f"{live_server}/children")
    assert page.locator("main").get_by_role("link", name="Amy Clarke").is_visible()
    page.screenshot(path=artifacts / f"{shot}-8-worker-finds-child.png", full_page=True)
    assert errors == [], errors
    context.close()


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_the_admin_menu_is_big_tiles_in_every_language(app, live_server, browser, artifacts, lang):
    """Each of the admin's pages is one 44 px tile away, none cut off at 360 or 768 px, and
    the header offers no casework lists an admin never has anything in."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    admin = create_worker("robin.admin@example.org", "Robin Admin", Role.ADMIN, PASSWORD, None)
    db.session.commit()
    with app.test_request_context(), force_locale(lang):
        teams, review, children = _("Teams"), _("Review"), _("Children")
    for width in (360, 768):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
        page = context.new_page()
        errors = watch_console(page)
        sign_in_staff(page, live_server, admin.email)
        page.wait_for_url(f"{live_server}/admin/accounts")
        header = page.locator("header nav").inner_text()
        assert review not in header and children not in header
        tiles = page.get_by_role("navigation", name=_administration(app, lang)).get_by_role("link")
        assert tiles.count() == 8
        for box in (tiles.nth(i).bounding_box() for i in range(tiles.count())):
            assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= width
        tiles.filter(has_text=teams).click()
        page.wait_for_url(f"{live_server}/admin/teams")
        current = page.locator('.admin-nav a[aria-current="page"]')
        assert current.inner_text().strip() == teams
        assert fits(page)
        page.screenshot(path=artifacts / f"admin-menu-{lang}-{width}.png")
        assert errors == [], errors
        context.close()


def _administration(app, lang: str) -> str:
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with app.test_request_context(), force_locale(lang):
        return _("Administration")
