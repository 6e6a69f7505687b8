"""One timeline per child and per family: the child's words, the network's journal and the
worker's replies and shares side by side, scoped to the worker, audited, paged, and as many
statements for a long story as for a short one."""

from collections import Counter

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.network.services import share_activity
from participation.review.services import mark_reviewed, save_analysis, save_reply
from participation.scales.models import ScaleAnswer
from tests.helpers import page_text, statements
from tests.test_queue import sent, signed_in


def write(phone, family, text, plan_worked="yes"):
    rules = [rule.public_id for rule in family.plan.rules]
    data = {"plan_worked": plan_worked, "rules": rules, "what_happened": text, "language": "en"}
    response = phone.post("/network/journal/new", data=data, content_type="multipart/form-data")
    assert response.status_code in (200, 302), response.data


@pytest.fixture
def worker(make_worker):
    return make_worker(name="Sam Okafor")


@pytest.fixture
def story(app, worker, make_child, make_family, make_member, member_phone):
    """Amy's words, her scaling, Nan's journal entry and the worker's reply and share."""
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    phone = member_phone(nan)
    activity = sent(amy, worker, words="I hide in my room when Dad shouts")
    db.session.add(
        ScaleAnswer(
            child_id=amy.id, question="How safe do you feel at home?", low_label="not safe",
            high_label="very safe", value=6, why="Nan is there now", answered_by_kind="child",
        )
    )  # fmt: skip
    db.session.commit()
    write(phone, family, "Nan collected Amy from school")
    save_analysis(activity, worker, "Amy's worry matches Nan's account")
    save_reply(activity, worker, "Thank you Amy, we talked to Dad")
    mark_reviewed(activity, worker)
    share_activity(activity, nan, worker)
    db.session.commit()
    return {"amy": amy, "family": family, "activity": activity, "phone": phone}


def test_a_childs_timeline_puts_the_three_sides_together(app, worker, story):
    staff = signed_in(app, worker)
    response = staff.get(f"/timeline/children/{story['amy'].public_id}")
    assert response.status_code == 200
    text = page_text(response)
    for said in (
        "I hide in my room when Dad shouts",  # the child
        "How safe do you feel at home?",  # the child's scaling
        "6 out of 10",
        "Nan collected Amy from school",  # the network, by rule
        "If Mum is drinking, Nan collects Amy from school",
        "Thank you Amy, we talked to Dad",  # the worker
        "Amy's worry matches Nan's account",
        "Shared Three Houses with Nan Clarke",
        "Reviewed Three Houses",
    ):
        assert said in text, said
    html = response.get_data(as_text=True)
    for side in ("child-said", "network-recorded", "worker-did"):
        assert f"event {side}" in html
    # Newest first: the share (last thing done) before the child's words.
    assert text.index("Shared Three Houses") < text.index("I hide in my room")


def test_the_family_timeline_and_the_links_to_both(app, worker, story):
    staff = signed_in(app, worker)
    family_page = staff.get(f"/families/{story['family'].public_id}").get_data(as_text=True)
    assert f"/timeline/families/{story['family'].public_id}" in family_page
    child_page = staff.get(f"/children/{story['amy'].public_id}").get_data(as_text=True)
    assert f"/timeline/children/{story['amy'].public_id}" in child_page
    text = page_text(staff.get(f"/timeline/families/{story['family'].public_id}"))
    assert "Nan collected Amy from school" in text and "I hide in my room" in text


def test_a_sibling_on_another_workers_caseload_stays_out(
    app, worker, story, make_worker, make_child
):
    from participation.network.services import add_child_to_family

    colleague = make_worker(name="Colleague")
    brother = make_child(colleague, name="Ben Clarke")
    add_child_to_family(story["family"], brother)
    db.session.commit()
    sent(brother, colleague, words="Ben's own words for his worker")
    staff = signed_in(app, worker)
    text = page_text(staff.get(f"/timeline/families/{story['family'].public_id}"))
    assert "Nan collected Amy" in text
    assert "Ben's own words" not in text


def test_another_worker_sees_neither_timeline(app, story, make_worker):
    other = signed_in(app, make_worker(name="Other Worker"))
    assert other.get(f"/timeline/children/{story['amy'].public_id}").status_code == 404
    assert other.get(f"/timeline/families/{story['family'].public_id}").status_code == 404
    nobody = app.test_client()
    assert nobody.get(f"/timeline/children/{story['amy'].public_id}").status_code in (302, 401)


def test_reading_a_timeline_is_on_the_trail(app, worker, story):
    staff = signed_in(app, worker)
    staff.get(f"/timeline/children/{story['amy'].public_id}")
    staff.get(f"/timeline/families/{story['family'].public_id}")
    actions = {
        (e.action, e.subject_kind, e.subject_id)
        for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("view_%timeline"))
        )
    }
    assert ("view_child_timeline", "child", story["amy"].public_id) in actions
    assert ("view_family_timeline", "child", story["amy"].public_id) in actions
    assert any(a == "view_family_timeline" and k == "network_member" for a, k, _ in actions)


def test_the_timeline_is_paged_and_the_pages_meet(app, worker, make_child):
    app.config["LIST_PAGE_SIZE"] = 3
    child = make_child(worker, name="Amy Clarke")
    for n in range(7):
        sent(child, worker, words=f"Words number {n}")
    staff = signed_in(app, worker)
    url = f"/timeline/children/{child.public_id}"
    seen: list[int] = []
    while url:
        html = staff.get(url).get_data(as_text=True)
        seen += sorted((n for n in range(7) if f"Words number {n}" in html), reverse=True)
        url = (
            html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
            if 'rel="next"' in html
            else ""
        )
    assert seen == [6, 5, 4, 3, 2, 1, 0]
    fragment = staff.get(
        f"/timeline/children/{child.public_id}", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="timeline-events"') and "<html" not in fragment


FEW, MORE = 3, 9


@pytest.mark.parametrize("whose", ["child", "family"])
def test_the_timeline_sends_as_many_statements_for_a_longer_story(
    app, worker, make_child, make_family, make_member, member_phone, whose
):
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    phone = member_phone(nan)
    url = (
        f"/timeline/children/{amy.public_id}"
        if whose == "child"
        else f"/timeline/families/{family.public_id}"
    )

    def seed(n):
        for i in range(n):
            activity = sent(amy, worker, words=f"Amy said {i}")
            write(phone, family, f"Nan wrote {i}")
            save_analysis(activity, worker, "analysis")
            save_reply(activity, worker, "reply")
            mark_reviewed(activity, worker)
            share_activity(activity, nan, worker)
            db.session.commit()

    staff = signed_in(app, worker)
    seed(FEW)
    staff.get(url)
    with statements() as few:
        shown_few = page_text(staff.get(url)).count("Amy said")
    seed(MORE)
    staff.get(url)
    with statements() as many:
        response = staff.get(url)
    assert response.status_code == 200
    repeated = Counter(many).most_common(1)[0][0] if many else ""
    assert len(few) == len(many), (len(few), len(many), " ".join(repeated.split())[:300])
    # Really listed: every one of the child's activities, at both sizes.
    assert shown_few == FEW and page_text(response).count("Amy said") > FEW
