"""The interface in families' languages: complete catalogues, the locale people get, RTL."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from participation.cli import extract_messages
from participation.config import LANGUAGES
from participation.extensions import db
from tests.helpers import PASSWORD, page_text

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
RIGHT_TO_LEFT = {"ar", "ur", "ps"}


@pytest.fixture(scope="module")
def current_template(tmp_path_factory) -> list:
    """The messages the code uses today, extracted afresh (not the committed .pot)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract_messages(out)
    with open(out, "rb") as fh:
        return [m for m in read_po(fh) if m.id]


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_catalogue_translates_every_message_with_the_same_placeholders(
    lang, current_template
):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalogue = read_po(fh, locale=lang)
    assert not catalogue.fuzzy, f"{lang}: the catalogue header is marked fuzzy"
    problems = []
    for message in current_template:
        found = catalogue.get(message.id)
        if found is None:
            problems.append(f"missing: {message.id!r}")
            continue
        if found.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if isinstance(message.id, tuple):
            forms = found.string if isinstance(found.string, tuple) else (found.string,)
            wanted = _placeholders(message.id[1])
            if len(forms) != catalogue.num_plurals:
                problems.append(f"{len(forms)} plural forms, needs {catalogue.num_plurals}")
            for form in forms:
                # A form may say "one" in words instead of the number, nothing else may go.
                if (
                    not form
                    or _placeholders(form) - wanted
                    or wanted - {"%(num)d"} - (_placeholders(form))
                ):
                    problems.append(f"plural form {form!r} of {message.id!r}")
        elif not found.string:
            problems.append(f"untranslated: {message.id!r}")
        elif _placeholders(found.string) != _placeholders(message.id):
            problems.append(f"placeholders differ: {message.id!r} -> {found.string!r}")
    assert problems == [], f"{lang}:\n" + "\n".join(problems)


def _everything_a_child_reads(response) -> str:
    """Visible text plus what a screen reader or the page's own script shows or says."""
    html = response.get_data(as_text=True)
    spoken = re.findall(
        r"(?:aria-label|alt|title|placeholder|data-msg-[\w-]+|data-say|data-waiting|"
        r'data-offline)="([^"]*)"',
        html,
    )
    return page_text(response) + " " + " ".join(spoken)


def test_polish_child_sees_no_english_on_the_three_houses_screens(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    child = make_child(worker, name="Zofia Nowak", language="pl")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    base = f"/activities/{activity.public_id}"
    pages = [tablet.get(base + path) for path in (
        "", "/areas/worries", "/areas/good_things", "/areas/dreams", "/finish",
    )]  # fmt: skip
    pages += [tablet.get("/activities/help"), tablet.post(f"{base}/worry")]
    tablet.post(f"{base}/areas/worries/words", data={"child_words": "Boję się burzy"})
    tablet.post(f"{base}/finish")
    pages.append(tablet.get("/activities/thanks"))
    assert [p.status_code for p in pages] == [200] * len(pages)
    assert all('<html lang="pl" dir="ltr">' in p.get_data(as_text=True) for p in pages)

    with open(ROOT / "translations/pl/LC_MESSAGES/messages.po", "rb") as fh:
        polish = read_po(fh, locale="pl")
    english = [
        m.id
        for m in polish
        if m.id and isinstance(m.id, str) and m.string != m.id and len(m.id) > 3
    ]
    for page in pages:
        text = _everything_a_child_reads(page)
        left = [phrase for phrase in english if re.search(rf"\b{re.escape(phrase)}\b", text)]
        assert left == [], f"English left on a Polish page: {left}"
        words = re.findall(r"\b(the|your|you|house|draw|write|worried|finished|back)\b", text, re.I)
        assert words == [], f"English words on a Polish page: {words}\n{text}"
    assert "Dom zmartwień" in page_text(pages[1])
    assert "Martwię się teraz" in page_text(pages[0])


def test_a_saved_language_is_used_until_the_person_chooses_another(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    member = make_member(family, worker, name="Babcia Nowak")
    member.language = "pl"
    db.session.commit()
    phone = member_phone(member)
    home = phone.get("/network", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Plan bezpieczeństwa" in page_text(home)  # saved preference beats the browser
    # Following a link with ?lang= shows English but saves nothing (a GET changes nothing).
    assert "The safety plan" in page_text(phone.get("/network?lang=en"))
    # ...on that one page: the next page is Polish again, for this browser and on record.
    assert "Plan bezpieczeństwa" in page_text(phone.get("/network"))
    db.session.expire_all()
    assert member.language == "pl"
    chosen = phone.post("/sessions/language", data={"lang": "en", "next": "/network?lang=pl"})
    assert chosen.headers["Location"] == "/network"
    assert "The safety plan" in page_text(phone.get("/network"))  # the choice sticks
    db.session.expire_all()
    assert member.language == "en"  # and is saved, so it holds on their next visit too


def test_a_worker_switching_a_tablet_for_a_child_does_not_change_their_saved_language(
    app, client, auth, make_worker
):
    worker = make_worker()
    auth.sign_in(worker)
    assert "Dzieci" in page_text(client.get("/children?lang=pl"))
    # A link with ?lang= changes that page only: nobody can send a link that switches
    # someone's screens for the rest of their visit.
    assert '<html lang="en"' in client.get("/children").get_data(as_text=True)
    db.session.expire_all()
    assert worker.preferred_language is None
    client.post("/sessions/language", data={"lang": "pl", "next": "/children"})
    assert "Dzieci" in page_text(client.get("/children"))  # a POST choice holds
    db.session.expire_all()
    assert worker.preferred_language is None
    # Unless they tick "Use this language every time I sign in" (a GET never saves it).
    client.get("/children?lang=cy&remember=1")
    db.session.expire_all()
    assert worker.preferred_language is None
    client.post("/sessions/language", data={"lang": "cy", "remember": "1", "next": "/children"})
    db.session.expire_all()
    assert worker.preferred_language == "cy"
    desk = app.test_client()
    desk.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert '<html lang="cy"' in desk.get("/children").get_data(as_text=True)


@pytest.mark.parametrize("lang", sorted(RIGHT_TO_LEFT))
def test_right_to_left_languages_set_the_page_direction(client, lang):
    html = client.get("/start", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}" dir="rtl">' in html


def test_the_browser_language_is_used_when_nothing_is_chosen_or_saved(client):
    html = client.get("/start", headers={"Accept-Language": "uk,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="uk" dir="ltr">' in html
    assert "Введи свій код" in html
    english = client.get("/start", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in english


def test_every_page_offers_each_language_in_its_own_name(client):
    html = client.get("/start").get_data(as_text=True)
    for code, name in [("cy", "Cymraeg"), ("pl", "Polski"), ("ar", "العربية"),
                       ("ur", "اردو"), ("bn", "বাংলা"), ("so", "Soomaali"),
                       ("uk", "Українська"), ("ti", "ትግርኛ")]:  # fmt: skip
        assert f'<option value="{code}" lang="{code}"' in html
        assert name in html


def test_dates_are_written_the_way_the_language_writes_them(client, auth, make_worker, make_child):
    worker = make_worker()
    make_child(worker, name="Amy Clarke")
    auth.sign_in(worker)
    english = page_text(client.get("/children"))
    polish = page_text(client.get("/children?lang=pl"))
    welsh = page_text(client.get("/children?lang=cy"))
    arabic = page_text(client.get("/children?lang=ar"))
    assert "born 1 Mar 2017" in english
    assert "ur. 1 mar 2017" in polish
    assert "ganwyd 1 Maw 2017" in welsh
    assert "مولود في 1 مارس 2017" in arabic


def test_an_invitation_opens_in_the_invited_persons_language(
    client, make_worker, make_child, make_family, make_member, make_young_person
):
    from participation.auth.models import Role
    from participation.network.services import issue_invite as invite_member
    from participation.pathway.invites import issue_invite as invite_young_person

    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    member.language = "ro"
    person = make_young_person(make_worker(role=Role.PERSONAL_ADVISER))
    person.preferred_language = "ps"
    _invite, member_link, _code = invite_member(member)
    yp_link, _code = invite_young_person(person)
    db.session.commit()
    member_page = client.get(f"/join/{member_link}").get_data(as_text=True)
    assert '<html lang="ro" dir="ltr">' in member_page
    assert "Intrați în rețeaua de siguranță" in member_page
    yp_page = client.get(f"/yp/join/{yp_link}").get_data(as_text=True)
    assert '<html lang="ps" dir="rtl">' in yp_page
    # A link that does not work says so in the browser's language, naming nobody.
    unknown = client.get("/yp/join/not-a-real-link").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in unknown


def test_a_sign_in_code_is_texted_in_the_young_persons_language(
    app, make_worker, make_young_person, yp_phone
):
    from participation.auth.models import Role
    from participation.jobs.testing import run_jobs
    from participation.notify import outbox

    person = make_young_person(make_worker(role=Role.PERSONAL_ADVISER))
    person.preferred_language = "so"
    db.session.commit()
    yp_phone(person, username="yusuf.a", contact="07700 900456")
    outbox.clear()
    app.test_client().post("/yp/sign-in/code", data={"username": "yusuf.a"})
    run_jobs()
    to, text = outbox[-1]
    assert to == "07700 900456"
    assert text.startswith("Koodhka gelitaanka participation waa ")


def test_form_errors_speak_languages_wtforms_does_not_ship(
    client, auth, make_worker, make_young_person, yp_phone
):
    from participation.auth.models import Role

    worker = make_worker()
    auth.sign_in(worker)
    client.post("/sessions/language", data={"lang": "ur", "next": "/children"})
    response = client.post(
        "/children/new",
        data={"name": "", "case_reference": "NS-1", "preferred_language": "en",
              "allocated_worker": worker.id},
    )  # fmt: skip
    assert response.status_code == 422
    text = page_text(response)
    assert "یہ خانہ بھرنا ضروری ہے۔" in text and "This field is required." not in text
    assert "To pole jest wymagane." in page_text(client.post("/children/new?lang=pl", data={}))

    person = make_young_person(make_worker(role=Role.PERSONAL_ADVISER))
    person.preferred_language = "so"
    db.session.commit()
    phone = yp_phone(person)
    refused = phone.post("/my-plan/health/actions", data={"what": "GP", "by_when": "soon"})
    assert refused.status_code == 422
    assert "Tani ma aha taariikh sax ah." in page_text(refused)  # "Not a valid date value."
