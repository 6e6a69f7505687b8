"""Children's screens a child wants to touch, and two staff bits (issue #18): the council's name
in the header, the language menu, the empty-activity check, the short journal form, suggestions
placed where the young person chooses, copy and share, and one target for every label."""

import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.activities.models import Activity, Mode, Status
from participation.activities.services import start_activity
from participation.activities.tools import SAFETY_HOUSE, THREE_HOUSES
from participation.auth.models import Role
from participation.extensions import db
from participation.pathway.models import PathwayPlan, PlanSection
from participation.pathway.suggestions import place_words
from tests.helpers import page_text

ART = Path(__file__).resolve().parents[1] / "participation" / "static" / "img" / "art"


def ids_used_twice(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return [i for i, n in ids.items() if n > 1]


def test_every_house_and_part_has_light_artwork_with_no_words_in_it():
    for tool in (THREE_HOUSES, SAFETY_HOUSE):
        for name in [tool.slug] + [f"{tool.slug}-{a.slug}" for a in tool.areas]:
            svg = (ART / f"{name}.svg").read_text()
            assert svg.startswith("<svg") and len(svg.encode()) < 4096, name
            # No text: the pictures are mirrored whole in right-to-left languages.
            assert "<text" not in svg and "<script" not in svg, name


def test_the_childs_screens_show_the_pictures_and_the_councils_name(app, tablet):
    app.config["COUNCIL_NAME"] = "Northshire Council"
    overview = tablet.get(f"/activities/{tablet.activity.public_id}").get_data(as_text=True)
    assert "img/art/three_houses.svg" in overview
    for area in THREE_HOUSES.areas:
        assert f"img/art/three_houses-{area.slug}.svg" in overview
        assert str(area.title) in page_text(tablet.get(f"/activities/{tablet.activity.public_id}"))
    area = tablet.get(f"/activities/{tablet.activity.public_id}/areas/worries").get_data(True)
    assert "img/art/three_houses-worries.svg" in area
    assert "Northshire Council" in area and "img/council-logo.svg" in area
    assert ">participation<" not in area


def test_a_safety_house_shows_its_house_with_roof_path_and_circles(
    app, make_worker, make_child, make_code
):
    worker = make_worker()
    activity = start_activity(
        make_child(worker),
        worker,
        tool="safety_house",
        mode=Mode.CODE,
        seen_alone=True,
        present="",
        interpreter="",
        language="en",
    )
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    page = tablet.get(f"/activities/{activity.public_id}").get_data(as_text=True)
    assert "img/art/safety_house.svg" in page
    for area in SAFETY_HOUSE.areas:
        assert f"img/art/safety_house-{area.slug}.svg" in page
    roof = tablet.get(f"/activities/{activity.public_id}/areas/roof").get_data(as_text=True)
    assert "img/art/safety_house-roof.svg" in roof


def test_staff_see_a_small_language_menu_and_children_the_full_picker(
    app, client, auth, make_worker, tablet
):
    app.config["COUNCIL_NAME"] = "Northshire Council"
    auth.sign_in(make_worker())
    staff = client.get("/children").get_data(as_text=True)
    header, footer = staff.split("</header>")[0], staff.split('<footer class="foot">')[1]
    assert 'class="lang-menu"' in header and 'name="lang"' in header
    assert 'name="lang"' not in footer
    assert "Northshire Council" in header
    child = tablet.get(f"/activities/{tablet.activity.public_id}").get_data(as_text=True)
    assert 'class="lang-menu"' not in child
    assert 'name="lang"' in child.split('<footer class="foot">')[1]


def test_an_empty_activity_asks_send_anyway_first_and_still_sends(tablet):
    url = f"/activities/{tablet.activity.public_id}/finish"
    text = page_text(tablet.get(url))
    assert "You haven't added anything yet — send anyway?" in text
    assert "Send anyway" in text and "Go back and add something" in text
    assert tablet.post(url).status_code == 302  # their choice: it goes
    assert db.session.get(Activity, tablet.activity.id).status == Status.SUBMITTED


def test_an_activity_with_words_in_it_just_says_im_finished(tablet):
    tablet.post(
        f"/activities/{tablet.activity.public_id}/areas/dreams/words",
        data={"child_words": "A dog"},
    )
    text = page_text(tablet.get(f"/activities/{tablet.activity.public_id}/finish"))
    assert "send anyway" not in text and "I'm finished" in text


def test_the_photo_control_is_a_big_button_that_opens_the_camera(tablet):
    page = tablet.get(f"/activities/{tablet.activity.public_id}/areas/worries").get_data(True)
    assert re.search(r'<input id="drawing-file"[^>]*capture="environment"', page)
    assert re.search(r'<label for="drawing-file" class="button huge file-button', page)
    assert "Take a photo of my drawing" in page


def test_the_journal_form_asks_three_things_and_tucks_the_rest_under_add_more(
    make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    page = phone.get("/network/journal/new").get_data(as_text=True)
    first, more = page.split('<details class="add-more"')
    for name in ("what_happened", "plan_worked", "rules"):
        assert f'name="{name}"' in first
    for name in ("voice", "photo", "red_flags", "safety_object_checked", "occurred_at"):
        assert f'name="{name}"' not in first and f'name="{name}"' in more
    assert ids_used_twice(page) == []
    # A mistake in a tucked-away answer opens "Add more" by itself.
    refused = phone.post(
        "/network/journal/new", data={"plan_worked": "yes", "red_flags": "x" * 20001}
    )
    assert refused.status_code == 422
    assert '<details class="add-more" open>' in refused.get_data(as_text=True)


def test_a_suggestion_goes_where_the_young_person_chooses():
    mine = "I have asthma.\nI see the nurse."
    assert place_words(mine, "Spare inhaler.") == "I have asthma.\nI see the nurse.\nSpare inhaler."
    assert place_words(mine, "Spare inhaler.", "start") == "Spare inhaler.\n" + mine
    assert place_words(mine, "Spare inhaler.", "replace") == "Spare inhaler."
    # Where the cursor was (the browser counts a line break as one character).
    sent = mine.replace("\n", "\r\n")
    assert (
        place_words(sent, "Soon.", "here", (14, 14), mine)
        == "I have asthma. Soon.\nI see the nurse."
    )
    assert place_words(mine, "my", "here", (7, 14), mine) == "I have my\nI see the nurse."
    # Their words changed since they chose the place: it goes at the end, nothing cut into.
    assert place_words(mine, "Soon.", "here", (3, 3), "I have") == mine + "\nSoon."


@pytest.fixture
def suggested(client, auth, make_worker, make_young_person, yp_phone):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser)
    phone = yp_phone(person)
    phone.post(
        "/my-plan/health",
        data={"version": "0", "in_my_words": "I have asthma.", "want_to_achieve": ""},
    )
    auth.sign_in(adviser)
    client.post(
        f"/young-people/{person.public_id}/sections/health/suggestions",
        data={
            "health-suggest-field": "in_my_words",
            "health-suggest-text": "Spare inhaler at college.",
        },
    )
    return person, phone


def _row(person) -> PlanSection:
    plan = db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()
    return db.session.scalars(
        select(PlanSection).filter_by(plan_id=plan.id, section="health")
    ).one()


def test_the_suggestion_shows_on_its_own_section_and_goes_before_their_words(suggested):
    person, phone = suggested
    section = phone.get("/my-plan/health").get_data(as_text=True)
    assert "Spare inhaler at college." in section and "Use these words" in section
    assert ids_used_twice(section) == []
    assert "Spare inhaler at college." not in phone.get("/my-plan/money").get_data(as_text=True)
    suggestion_id = section.split("/my-plan/suggestions/")[1].split('"')[0]
    answer = phone.post(
        f"/my-plan/suggestions/{suggestion_id}",
        data={"answer": "accept", "where": "start", "back": "section"},
    )
    assert answer.headers["Location"] == "/my-plan/health#words"
    db.session.expire_all()
    assert _row(person).in_my_words == "Spare inhaler at college.\nI have asthma."


def test_replacing_their_words_is_only_on_their_say_so(suggested):
    person, phone = suggested
    page = phone.get("/my-plan").get_data(as_text=True)
    suggestion_id = page.split("/my-plan/suggestions/")[1].split('"')[0]
    assert (
        phone.post(
            f"/my-plan/suggestions/{suggestion_id}", data={"answer": "accept", "where": "anywhere"}
        ).status_code
        == 400
    )
    phone.post(
        f"/my-plan/suggestions/{suggestion_id}", data={"answer": "accept", "where": "replace"}
    )
    db.session.expire_all()
    assert _row(person).in_my_words == "Spare inhaler at college."


def test_codes_and_invitations_have_copy_and_share_buttons(
    client, auth, make_worker, make_child, make_activity, make_family, make_member
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    activity = make_activity(child, worker)
    auth.sign_in(worker)
    page = client.post(f"/codes/activity/{activity.public_id}", follow_redirects=True).get_data(
        as_text=True
    )
    box = page.split('data-share-for="code-value"')[1].split("</div>")[0]
    assert "Copy" in box and "Share" in box and "Amy" not in box
    member = make_member(make_family(child, worker), worker)
    invite = client.post(
        f"/families/members/{member.public_id}/invite", follow_redirects=True
    ).get_data(as_text=True)
    assert 'data-share-for="invite-link"' in invite and 'data-share-for="invite-code"' in invite


def test_review_forms_give_each_label_one_target(
    client, auth, make_worker, make_child, make_activity, tablet
):
    worker = tablet.activity.child.allocated_worker
    tablet.post(
        f"/activities/{tablet.activity.public_id}/areas/worries/words", data={"child_words": "Hi"}
    )
    tablet.post(f"/activities/{tablet.activity.public_id}/finish")
    auth.sign_in(worker)
    page = client.get(f"/review/{tablet.activity.public_id}").get_data(as_text=True)
    assert ids_used_twice(page) == []
    assert 'for="reply-text"' in page and 'id="reply-text"' in page
    assert 'for="analysis-text"' in page and 'id="analysis-text"' in page
