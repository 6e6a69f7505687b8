"""The review queue for a worker with 30 cases: filters and search kept in the address, each
row at a glance, and a filtered queue that costs the same statements however long it is."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select, update

from participation.activities.models import Mode
from participation.activities.services import Access, save_drawing, save_words, start_activity
from participation.activities.services import submit as send
from participation.audit.models import AuditEvent
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from tests.helpers import PASSWORD, page_text, png_bytes, statements


def sent(child, worker, words="Dad shouts", language="en", drawing=False, tool="three_houses"):
    """A submission the worker made with the child on their own device (together mode)."""
    activity = start_activity(
        child, worker, tool=tool, mode=Mode.TOGETHER, seen_alone=True,
        present="", interpreter="", language=language,
    )  # fmt: skip
    db.session.commit()
    access = Access(activity, worker)
    if words:
        save_words(access, "worries", words, None)
    if drawing:
        save_drawing(access, "worries", png_bytes(), source="canvas")
    send(access)
    db.session.commit()
    return activity


def signed_in(app, worker):
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return staff


def rows(staff, url: str) -> str:
    """The visible text of the queue's results only (not the filter form above them)."""
    response = staff.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return page_text(Html(results_of(html)))


class Html:
    """Just enough of a response for page_text."""

    def __init__(self, html: str):
        self.html = html

    def get_data(self, as_text: bool = True) -> str:
        return self.html


def results_of(html: str) -> str:
    """The queue's results, from their opening tag to the end of the page's main content."""
    start = html.index('id="queue-results"')
    return html[start : html.index("</main>", start)]


@pytest.fixture
def worker(make_worker):
    return make_worker(name="Sam Okafor")


@pytest.fixture
def caseload(app, worker, make_child, make_family, make_member, member_phone):
    """Amy (English, with a drawing), Bartek (Polish words), Chloe (sent nothing) and Amy's
    family's journal, where Nan wrote that the plan did not work."""
    amy = make_child(worker, name="Amy Clarke")
    bartek = make_child(worker, name="Bartek Nowak", language="pl")
    chloe = make_child(worker, name="Chloe Price")
    sent(amy, worker, words="I hide in my room", drawing=True)
    sent(bartek, worker, words="Tata krzyczy", language="pl")
    sent(chloe, worker, words="")
    family = make_family(amy, worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    phone = member_phone(nan)
    rules = [rule.public_id for rule in family.plan.rules]
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "no", "rules": rules, "what_happened": "Mum was drinking again",
              "language": "en"},
        content_type="multipart/form-data",
    )  # fmt: skip
    return {"amy": amy, "bartek": bartek, "chloe": chloe, "family": family}


def test_each_filter_narrows_the_queue(app, worker, caseload):
    staff = signed_in(app, worker)
    everything = rows(staff, "/review")
    for name in ("Amy Clarke", "Bartek Nowak", "Chloe Price", "Safety journal: Nan Clarke"):
        assert name in everything

    assert "Safety journal: Nan Clarke" in rows(staff, "/review?urgent=y")
    assert "Bartek" not in rows(staff, "/review?urgent=y")

    polish = rows(staff, "/review?language=pl")
    assert "Bartek Nowak" in polish and "Amy Clarke" not in polish

    untranslated = rows(staff, "/review?untranslated=y")
    assert "Bartek Nowak" in untranslated and "Chloe" not in untranslated

    journal = rows(staff, "/review?kind=journal")
    assert "Safety journal: Nan Clarke" in journal and "Three Houses" not in journal
    activities = rows(staff, "/review?kind=activity")
    assert "Three Houses" in activities and "Safety journal" not in activities

    by_child = rows(staff, f"/review?child={caseload['amy'].public_id}")
    # Amy's own submission, and her family's journal: nobody else's.
    assert "Amy Clarke" in by_child and "Safety journal: Nan Clarke" in by_child
    assert "Bartek" not in by_child and "Chloe" not in by_child


def test_unread_and_late_for_the_record(app, worker, caseload):
    staff = signed_in(app, worker)
    amy_activity = db.session.scalars(
        select(RecordEntry).where(RecordEntry.label.like("Amy Clarke%"))
    ).one()
    activity_id = amy_activity.object_id
    staff.get(f"/review/{activity_id}")  # read
    unread = rows(staff, "/review?unread=y")
    assert "Amy Clarke" not in unread and "Bartek Nowak" in unread

    assert "Nothing in your queue matches these filters." in rows(staff, "/review?late=y")
    db.session.execute(
        update(RecordEntry)
        .where(RecordEntry.object_id == activity_id)
        .values(due_by=date.today() - timedelta(days=2))
    )
    db.session.commit()
    late = rows(staff, "/review?late=y")
    assert "Amy Clarke" in late and "Bartek" not in late
    assert "2 days late" in late


def test_search_by_name_or_case_reference(app, worker, caseload):
    staff = signed_in(app, worker)
    found = rows(staff, "/review?q=nowak")
    assert "Bartek Nowak" in found and "Amy" not in found
    reference = caseload["chloe"].case_reference
    by_reference = rows(staff, f"/review?q={reference.lower()}")
    assert "Chloe Price" in by_reference and "Bartek" not in by_reference
    # A search for the family's child brings the family's journal too.
    assert "Safety journal: Nan Clarke" in rows(staff, "/review?q=amy")
    # LIKE's wildcards are only characters to search for.
    assert "Nothing in your queue matches" in rows(staff, "/review?q=%25")


def test_another_workers_child_is_never_found(app, worker, caseload, make_worker, make_child):
    other = make_worker(name="Other Worker")
    zara = make_child(other, name="Zara Secret")
    sent(zara, other, words="secret words")
    staff = signed_in(app, worker)
    assert "Zara" not in rows(staff, "/review?q=zara")
    assert "Zara" not in rows(staff, f"/review?child={zara.public_id}")
    assert "Zara" not in page_text(staff.get("/review"))  # nor among the suggestions
    assert "Zara Secret" not in staff.get("/review").get_data(as_text=True)


def child_choices(html: str) -> list[tuple[str, str, bool]]:
    """The queue's child filter as (value, name, chosen), in the order offered."""
    found = re.search(r'<select id="child" name="child">(.*?)</select>', html, re.S)
    assert found, "no child list among the filters"
    options = re.findall(r"<option( selected)? value=\"([^\"]*)\">([^<]*)</option>", found[1])
    return [(value, unescape(name), bool(chosen)) for chosen, value, name in options]


def test_the_child_filter_lists_only_the_workers_own_children(
    app, worker, caseload, make_worker, make_child
):
    other = make_worker(name="Other Worker")
    zara = make_child(other, name="Zara Secret")
    sent(zara, other, words="secret words")
    staff = signed_in(app, worker)
    html = staff.get("/review").get_data(as_text=True)
    assert '<label for="child">Child</label>' in html
    assert child_choices(html) == [
        ("", "Every child", True),
        (caseload["amy"].public_id, "Amy Clarke", False),
        (caseload["bartek"].public_id, "Bartek Nowak", False),
        (caseload["chloe"].public_id, "Chloe Price", False),
    ]
    # Chosen, it stays in the address and is shown chosen; the rows are that child's.
    amy = caseload["amy"].public_id
    chosen = staff.get(f"/review?child={amy}&kind=activity").get_data(as_text=True)
    assert [value for value, _name, picked in child_choices(chosen) if picked] == [amy]
    assert "Bartek" not in results_of(chosen)
    # Another worker's child is never offered, and their id in the address is no filter.
    theirs = staff.get(f"/review?child={zara.public_id}").get_data(as_text=True)
    assert "Zara" not in theirs
    assert [name for _v, name, picked in child_choices(theirs) if picked] == ["Every child"]
    assert "Bartek Nowak" in results_of(theirs)


def test_a_manager_picks_from_their_teams_children(app, worker, caseload, make_worker, make_child):
    from participation.auth.models import Role
    from participation.auth.services import get_or_create_team

    manager = make_worker(role=Role.TEAM_MANAGER, name="Mo Manager")
    elsewhere = make_worker(team=get_or_create_team("Southside"), name="South Worker")
    make_child(elsewhere, name="Zara Southside")
    names = [name for _v, name, _p in child_choices(
        signed_in(app, manager).get("/review").get_data(as_text=True)
    )]  # fmt: skip
    assert names == ["Every child", "Amy Clarke", "Bartek Nowak", "Chloe Price"]


def test_filters_stay_in_the_address_and_the_pager(app, worker, make_child):
    app.config["LIST_PAGE_SIZE"] = 2
    for n in range(5):
        sent(make_child(worker, name=f"Pole {n}", language="pl"), worker, "Tak", language="pl")
    sent(make_child(worker, name="English Only"), worker, "Hello")
    staff = signed_in(app, worker)
    html = staff.get("/review?language=pl").get_data(as_text=True)
    assert '<option selected value="pl">' in html
    older = html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "language=pl" in older and "before=" in older
    seen = []
    url = "/review?language=pl"
    while url:
        page = staff.get(url).get_data(as_text=True)
        seen += [n for n in range(5) if f"Pole {n}" in results_of(page)]
        assert "English Only" not in results_of(page)
        url = (
            page.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
            if 'rel="next"' in page
            else ""
        )
    assert sorted(seen) == [0, 1, 2, 3, 4]


def test_untranslated_pages_past_rows_already_in_english(app, worker, make_child):
    """The filter is exact (the words against finished translations), and a page still
    fills from further back when the newest rows do not match."""
    app.config["LIST_PAGE_SIZE"] = 2
    sent(make_child(worker, name="Needs Interpreter", language="so"), worker, "Waan baqay", "so")
    for n in range(3):
        sent(make_child(worker, name=f"English {n}"), worker, "Hello")
    staff = signed_in(app, worker)
    results = rows(staff, "/review?untranslated=y")
    assert "Needs Interpreter" in results and "English" not in results


def test_htmx_gets_the_results_alone_and_the_page_works_without_it(app, worker, caseload):
    staff = signed_in(app, worker)
    full = staff.get("/review?language=pl")
    assert "<html" in full.get_data(as_text=True)
    assert 'hx-push-url="true"' in full.get_data(as_text=True)
    assert 'method="get"' in full.get_data(as_text=True)
    fragment = staff.get("/review?language=pl", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<div id="queue-results"')
    assert "Bartek Nowak" in body and "Amy" not in body
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_a_row_at_a_glance(app, worker, caseload):
    staff = signed_in(app, worker)
    html = staff.get("/review").get_data(as_text=True)
    text = rows(staff, "/review")
    assert "I hide in my room" in text  # the first words
    assert "Tata krzyczy" in text
    assert "Empty: nothing drawn, written or recorded" in text  # Chloe's
    assert "Language: Polish" in text
    assert "Urgent" in text  # the plan did not work
    assert "day left" in text or "days left" in text or "Record due today" in text
    assert "/review/drawings/" in html and 'loading="lazy"' in html


def test_the_thumbnail_is_small_behind_the_permission_check_and_audited(
    app, worker, caseload, make_worker
):
    import io

    from PIL import Image

    staff = signed_in(app, worker)
    html = staff.get("/review").get_data(as_text=True)
    url = html.split('src="/review/drawings/')[1].split('"')[0]
    response = staff.get(f"/review/drawings/{url}")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert "no-store" in response.headers["Cache-Control"]
    assert max(Image.open(io.BytesIO(response.data)).size) <= 96
    drawing_id = url.split("/")[0]
    looked = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "view_drawing", AuditEvent.object_id == drawing_id
        )
    ).all()
    assert looked and looked[0].child_public_id == caseload["amy"].public_id
    other = signed_in(app, make_worker(name="Other Worker"))
    assert other.get(f"/review/drawings/{url}").status_code == 404
    assert app.test_client().get(f"/review/drawings/{url}").status_code in (302, 401)


FEW, MORE = 3, 9


def test_the_filtered_queue_sends_as_many_statements_for_more_rows(app, worker, make_child):
    def seed(n):
        for i in range(n):
            child = make_child(worker, name=f"Match {i}", language="pl")
            sent(child, worker, words="Tata", language="pl", drawing=i % 2 == 0)
            sent(make_child(worker, name=f"Other {i}"), worker, "Hello")

    staff = signed_in(app, worker)
    counts = []
    for url in ("/review?language=pl&unread=y&q=match", "/review?untranslated=y&kind=activity"):
        seed(FEW)
        staff.get(url)
        with statements() as few:
            assert staff.get(url).status_code == 200
        seed(MORE)
        staff.get(url)
        with statements() as many:
            assert staff.get(url).status_code == 200
        counts.append((url, len(few), len(many)))
        db.session.rollback()
    for _url, few_count, many_count in counts:
        assert few_count == many_count, counts
