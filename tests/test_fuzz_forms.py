"""Every form anyone can reach, fuzzed: long, unicode, control characters, HTML and script.
Whatever is sent, the answer is a clean save or a clear 4xx, never a server error, and what
people typed only ever comes back escaped."""

import io
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.translation.services import request as request_translation
from tests.helpers import PASSWORD, png_bytes

MARKER = '<script>alert("fz")</script>'
NASTY = [
    MARKER,
    "x" * 20_000,
    "zero\u200bwidth \u202eright-to-left override\u202c",
    "control \x01\x07\x1b chars",
    "NUL \x00 in the middle",
    "emoji 👩‍👧‍👦 and Arabic كلمات and Tigrinya ትግርኛ",
    "' OR 1=1 --",
    "{{ 7*7 }} {% raw %}",
    "",
    "   ",
    "-1",
    "99999999999999999999",
    "2026-02-30",
]
# Following these would sign the person out or download a file rather than show a page.
SKIP_LINKS = (".pdf", ".zip", ".json", "/sign-out", "/yp/sign-out", "/static/", "/attachments/")


class Forms(HTMLParser):
    """The POST forms on a page, with their fields, and the links to follow."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}}
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            self._form["fields"][self._select].append(a.get("value") or "")
        elif not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file"):
            self._form["fields"].setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "textarea":
            self._form["fields"].setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], [])
        elif tag == "button" and a.get("value") is not None:
            self._form["fields"].setdefault(a["name"], []).append(a["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def crawl(client, start: list[str], limit: int = 60) -> list[dict]:
    """Every POST form reachable by following links from the start pages."""
    seen, queue, forms = set(), list(start), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = Forms()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            if action.endswith(("/sign-out",)):
                continue
            forms.setdefault((action, tuple(sorted(form["fields"]))), form["fields"])
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or target.endswith(SKIP_LINKS):
                continue
            if any(skip in parts.path for skip in SKIP_LINKS):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return [{"action": action, "fields": fields} for (action, _names), fields in forms.items()]


@pytest.fixture
def everyone(app, make_worker, make_child, make_activity, make_code, make_family, make_member,
             member_phone, make_young_person, yp_phone):  # fmt: skip
    """One client for each kind of person, with something of their own to work on, and the
    forms each of them can reach."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    sent = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(sent, worker)})
    tablet.post(f"/activities/{sent.public_id}/areas/worries/words", data={"child_words": "Hi"})
    tablet.post(f"/activities/{sent.public_id}/finish")
    draft = make_activity(child, worker)
    child_tablet = app.test_client()
    child_tablet.post("/start", data={"code": make_code(draft, worker)})
    family = make_family(child, worker)
    member = make_member(family, worker, boss=True)
    phone = member_phone(member)
    phone.post("/network/journal/new", data={"plan_worked": "yes", "what_happened": "Fine"})
    interpreter = make_worker(role=Role.INTERPRETER)
    from participation.journal.models import JournalEntry

    request_translation(
        "journal_entry",
        db.session.scalars(select(JournalEntry)).one(),
        "en",
        worker,
        interpreter,
        "pl",
    )
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser)
    young = yp_phone(person)
    db.session.commit()

    def staff(who):
        client = app.test_client()
        client.post("/staff/sign-in", data={"email": who.email, "password": PASSWORD})
        return client

    people = {
        "social worker": (staff(worker), ["/children", "/review", f"/review/{sent.public_id}"]),
        "manager": (
            staff(make_worker(role=Role.TEAM_MANAGER)),
            ["/children", "/case-record/overdue"],
        ),
        "adviser": (staff(adviser), ["/young-people", f"/young-people/{person.public_id}"]),
        "interpreter": (staff(interpreter), ["/translations"]),
        "child": (child_tablet, [f"/activities/{draft.public_id}"]),
        "network member": (phone, ["/network", "/network/journal/new"]),
        "young person": (young, ["/my-plan"]),
        "anyone": (
            app.test_client(),
            ["/start", "/staff/sign-in", "/join", "/yp/join", "/yp/sign-in"],
        ),
    }
    return {who: (client, crawl(client, start)) for who, (client, start) in people.items()}


def post(client, action: str, fields: dict[str, str]):
    return client.post(action, data=fields, headers={"Accept": "text/html"})


def check(response, where: str) -> None:
    assert response.status_code < 500, f"{where} -> {response.status_code}"
    body = response.get_data(as_text=True)
    assert MARKER not in body, f"{where} sent back unescaped script"


def test_every_form_answers_hostile_input_cleanly(everyone):
    total = 0
    for who, (client, forms) in everyone.items():
        assert forms, f"no forms found for {who}"
        for form in forms:
            for nasty in NASTY:
                fields = {name: nasty for name in form["fields"]}
                check(post(client, form["action"], fields), f"{who} {form['action']}")
                total += 1
    assert total > 300  # every kind of person reaches many forms
    # Whatever was saved is shown escaped wherever it now appears.
    for who, (client, _forms) in everyone.items():
        for page in ("/children", "/review", "/network", "/my-plan", "/translations"):
            check(client.get(page), f"{who} {page}")


FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(st.data())
def test_random_values_in_random_forms_never_break_anything(everyone, data):
    who = data.draw(st.sampled_from(sorted(everyone)))
    client, forms = everyone[who]
    form = data.draw(st.sampled_from(forms))
    text = st.one_of(st.text(max_size=300), st.sampled_from(NASTY))
    fields = {
        name: data.draw(st.one_of(st.sampled_from(values), text) if values else text)
        for name, values in form["fields"].items()
    }
    check(post(client, form["action"], fields), f"{who} {form['action']} {fields!r:.200}")


def test_a_photo_field_with_garbage_is_refused_plainly(everyone):
    client, _forms = everyone["network member"]
    response = client.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "x",
              "photo": (io.BytesIO(b"not an image" + png_bytes()[:40]), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert 400 <= response.status_code < 500
