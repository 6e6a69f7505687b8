"""Wizards and Fairies: Three Houses' machinery for younger children, from data alone."""

from sqlalchemy import select

from participation.activities.models import Mode
from participation.activities.tools import TOOLS, WIZARDS_AND_FAIRIES
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.jobs.testing import run_jobs
from tests.helpers import page_text

AREAS = ("worries", "good_things", "dreams")


def wizards(make_activity, child, worker, **kwargs):
    activity = make_activity(child, worker, **kwargs)
    activity.tool = "wizards_and_fairies"
    db.session.commit()
    return activity


def test_it_is_a_tool_the_worker_can_choose(client, auth, make_worker, make_child):
    worker = make_worker()
    child = make_child(worker)
    auth.sign_in(worker)
    page = client.get(f"/activities/new/{child.public_id}").get_data(as_text=True)
    assert 'value="wizards_and_fairies"' in page and "Wizards and Fairies" in page
    response = client.post(
        f"/activities/new/{child.public_id}",
        data={"tool": "wizards_and_fairies", "mode": "together", "seen_alone": "yes",
              "language": "en"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "wizards_and_fairies" in TOOLS
    assert [a.slug for a in WIZARDS_AND_FAIRIES.areas] == list(AREAS)


def test_the_child_meets_the_wizard_and_the_fairies(app, make_worker, make_child, make_activity,
                                                     make_code):  # fmt: skip
    worker = make_worker()
    activity = wizards(make_activity, make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    overview = page_text(tablet.get(f"/activities/{activity.public_id}"))
    for title in ("The wizard of worries", "The fairy of good things", "The fairy of dreams"):
        assert title in overview
    assert "Meet the wizard and the fairies" in overview and "Start the story" in overview
    dreams = tablet.get(f"/activities/{activity.public_id}/areas/dreams")
    html = dreams.get_data(as_text=True)
    assert "If you had a magic wand, what would you change?" in page_text(dreams)
    assert 'class="canvas"' in html and 'name="child_words"' in html and 'class="say"' in html
    worries = tablet.get(f"/activities/{activity.public_id}/areas/worries")
    assert "Next" in page_text(worries) and "Next house" not in page_text(worries)


def test_it_reaches_the_record_like_three_houses(app, client, auth, make_worker, make_child,
                                                 make_activity):  # fmt: skip
    worker = make_worker(name="Sam Okafor")
    activity = wizards(make_activity, make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}/areas"
    client.post(f"{base}/dreams/words", data={"child_words": "Mummy and Daddy stop fighting"})
    client.post(f"{base}/worries/words", data={"scribed_words": "the big dog next door"})
    client.post(f"/activities/{activity.public_id}/finish")
    entry = db.session.scalar(
        select(RecordEntry).where(RecordEntry.object_id == activity.public_id)
    )
    assert entry is not None and entry.kind == "activity"
    doc = client.get(f"/record/activity/{activity.public_id}")
    assert "Wizards and Fairies" in page_text(doc)
    assert "Mummy and Daddy stop fighting" in page_text(doc)
    assert "If you had a magic wand, what would you change?" in page_text(doc)
    data = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert data["tool"] == {"id": "wizards_and_fairies", "name": "Wizards and Fairies"}
    dreams = next(a for a in data["areas"] if a["id"] == "dreams")
    assert dreams["title"] == "The fairy of dreams"
    assert dreams["child_words"] == "Mummy and Daddy stop fighting"
    review = page_text(client.get(f"/review/{activity.public_id}"))
    assert "The wizard of worries" in review and "the big dog next door" in review
    assert client.get(f"/record/activity/{activity.public_id}.pdf").status_code == 202
    run_jobs()
    pdf = client.get(f"/record/activity/{activity.public_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
