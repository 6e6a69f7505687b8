"""Words a child and a grandparent understand: reviewed checks on what the catalogues say."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from participation.cli import extract_messages
from participation.config import LANGUAGES
from participation.i18n import language_name
from tests.helpers import page_text

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "participation/templates"
KEYWORDS = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "_ln": (1, 2)}

# Where a child reads or hears the words: their activity, the code screen, the worry help.
CHILD_TEMPLATES = ("activities/", "codes/start.html", "alerts/_alert_status.html")
CHILD_PYTHON = ("participation/activities/tools.py",)
# A young person's own pathway pages (Welsh: "ti" for young people, never "chi").
YOUNG_PERSON_TEMPLATES = {
    f"pathway/{name}.html" for name in ("my_plan", "join", "sign_in", "sign_in_code", "yp_base")
}
# Staff-only strings that mention a worker: a staff screen may say "employee" in a language.
STAFF_ONLY = {
    "Allocated worker",
    "Allocated worker: %(name)s",
    "A worker or professional",
    "Your analysis (the worker's view, kept apart from the child's words)",
}

# Reviewed list (issue #13): forms that make a child-facing sentence fit boys only. Each is the
# masculine form of something the child says or is told about themself; a neutral structure
# exists and is used. Forms no language allows to be neutral are in docs/languages.md.
MASCULINE_ONLY = {
    "ro": [r"îngrijorat\b", r"ești (sigur|pregătit|gata)\b"],
    "pt": [r"preocupado\b", r"estás pronto\b", r"cansado\b"],
    "ar": [r"أنا قلق\b", r"أنا خائف\b"],
    # Past tense, 1st and 2nd person singular masculine ("Skończyłem", "Zrobiłeś").
    "pl": [r"\w+łe[mś]\b", r"jeste[mś] gotowy\b"],
    "uk": [r"\b[ЯяТт][иі]?\s+\w+(ив|ав|ів)\b", r"\bзробив\b", r"\bзакінчив\b"],
    "ur": [r"سکتے ہو", r"رہے ہو", r"چکے ہو"],
    "pa": [r"ਸਕਦਾ ਹੈਂ", r"ਸਕਦਾ ਹਾਂ", r"ਰਿਹਾ ਹੈਂ"],
    "ps": [r"اندېښمن یم", r"ستړی یم"],
    "ti": [r"ወዲእካ", r"ተመሊስካ"],
}

# How "worker" came out as "employee" / "staff member", per language; the social-worker term
# ("pracownik socjalny", "соціальний працівник", "ټولنیز کارکوونکی"...) is fine.
EMPLOYEE = {
    "ro": r"lucr[ăa]tor|angajat",
    "pt": r"funcion[áa]ri|empregad|t[ée]cnic",
    "pl": r"\bpracowni\w*\b(?! socjaln)",
    "uk": r"(?<!соціальний )(?<!соціального )(?<!соціальному )(?<!соціальним )працівни",
    "ar": r"موظف|العامل",
    "bn": r"(?<!সমাজ)কর্মী",
    "cy": r"\bg?weithiwr\b(?! cymdeithasol)",
    "pa": r"ਕਰਮਚਾਰੀ",
    "ps": r"(?<!ټولنیز )کارکوونک",
    "so": r"shaqaalahaag|\bshaqaalaha\b(?! bulsh)",
    "ti": r"(?<!ማሕበራዊ )ን?ሰራሕተኛ",
    "tr": r"[çÇ]alışan",
    "ur": r"کارکن",
}

REVIEW_FIELDS = ("Reviewed-By:", "Review-Date:", "Review-Status:")


def _catalogue(lang: str):
    with open(ROOT / f"translations/{lang}/LC_MESSAGES/messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _strings(catalogue) -> dict[str, str]:
    return {m.id: m.string for m in catalogue if m.id and isinstance(m.id, str)}


@pytest.fixture(scope="module")
def where_used() -> dict[str, set[str]]:
    """Every message and the files it is used in, extracted from the code today."""
    found: dict[str, set[str]] = {}
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    for filename, _, message, _, _ in extract_from_dir(
        str(ROOT / "participation"), method_map=method_map, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, set()).add(filename.replace("\\", "/"))
    return found


@pytest.fixture(scope="module")
def child_facing(where_used) -> set[str]:
    def is_child(path: str) -> bool:
        if path.startswith("templates/"):
            return path.removeprefix("templates/").startswith(CHILD_TEMPLATES)
        return f"participation/{path}" in CHILD_PYTHON

    return {m for m, files in where_used.items() if any(is_child(f) for f in files)}


def test_the_child_facing_set_is_found_from_the_templates(child_facing):
    assert "I'm worried right now" in child_facing
    assert "What would make it one number higher?" in child_facing
    assert "Allocated worker" not in child_facing


@pytest.mark.parametrize("lang", sorted(MASCULINE_ONLY))
def test_child_strings_have_no_masculine_only_forms(lang, child_facing):
    strings = _strings(_catalogue(lang))
    found = [
        (msgid, strings[msgid], pattern)
        for msgid in sorted(child_facing & strings.keys())
        for pattern in MASCULINE_ONLY[lang]
        if re.search(pattern, strings[msgid])
    ]
    assert found == [], f"masculine-only child-facing {lang} strings: {found}"


@pytest.mark.parametrize("lang", sorted(EMPLOYEE))
def test_worker_never_comes_out_as_employee_for_families(lang):
    found = [
        (msgid, text)
        for msgid, text in _strings(_catalogue(lang)).items()
        if "worker" in msgid.lower() and msgid not in STAFF_ONLY
        if re.search(EMPLOYEE[lang], text, re.IGNORECASE)
    ]
    assert found == [], f"'worker' as 'employee' in {lang}: {found}"


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_catalogue_says_who_reviewed_it(lang):
    header = _catalogue(lang).header_comment
    for field in REVIEW_FIELDS:
        assert re.search(rf"^# {field} \S", header, re.MULTILINE), f"{lang} has no {field}"


def test_the_review_record_survives_a_catalogue_update(tmp_path):
    """Babel drops unknown MIME headers, so the record is in the header comment: prove an
    update (what the lead runs after extracting) keeps it."""
    pot = tmp_path / "messages.pot"
    extract_messages(pot)
    shutil.copytree(ROOT / "translations/cy", tmp_path / "translations/cy")
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(  # noqa: S603
        [str(pybabel), "-q", "update", "-i", str(pot), "-d", str(tmp_path / "translations")],
        check=True,
    )
    with open(tmp_path / "translations/cy/LC_MESSAGES/messages.po", "rb") as fh:
        header = read_po(fh).header_comment
    assert all(field in header for field in REVIEW_FIELDS)


def test_translator_guidance_reaches_the_catalogue_template(tmp_path):
    pot = tmp_path / "messages.pot"
    extract_messages(pot)
    with open(pot, "rb") as fh:
        guidance = {m.id: " ".join(m.auto_comments) for m in read_po(fh) if m.id}
    assert "social worker" in guidance["Type the code your worker gave you."]
    assert "not a religious greeting" in guidance["Hello!"]
    assert "go up by one" in guidance["What would make it one number higher?"]
    assert "girls and boys" in guidance["I'm worried right now"]
    assert "house of safety" in guidance["Safety House"]


def test_welsh_young_people_are_ti_on_their_own_pages(where_used):
    strings = _strings(_catalogue("cy"))
    only_theirs = [
        m
        for m, files in where_used.items()
        if files and all(f.removeprefix("templates/") in YOUNG_PERSON_TEMPLATES for f in files)
    ]
    assert len(only_theirs) > 10
    chi = re.compile(r"\b(chi|eich|chwi|ewch|gallwch|rydych)\b|'ch\b", re.IGNORECASE)
    found = [(m, strings[m]) for m in only_theirs if m in strings and chi.search(strings[m])]
    assert found == [], found


def test_individual_fixes_a_reviewer_asked_for():
    punjabi = _strings(_catalogue("pa"))
    assert not [m for m, text in punjabi.items() if "ਸਤ ਸ੍ਰੀ ਅਕਾਲ" in text]
    assert punjabi["Hello!"] == "ਹੈਲੋ!"
    pashto = _strings(_catalogue("ps"))
    invite = pashto[
        "Your personal adviser has invited you to write your pathway plan, in your own words."
    ]
    # It said the adviser was the one invited ("to your adviser"): the adviser invites you.
    assert not invite.startswith("ستا شخصي سلاکار ته") and "تا ته بلنه" in invite
    tigrinya = _strings(_catalogue("ti"))["What would make it one number higher?"]
    assert "እንታይ" in tigrinya and "ንላዕሊ" in tigrinya


def test_the_picker_names_punjabis_script():
    assert language_name("pa") == "ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ)"
    assert language_name("ur") == "اردو"


def test_a_child_is_told_their_workers_first_name(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker(name="Samira Okafor")
    child = make_child(worker, name="Zofia Nowak", language="pl")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    text = page_text(tablet.get(f"/activities/{activity.public_id}"))
    assert "Samira chce wiedzieć, co myślisz." in text
    assert "Okafor" not in text  # the first name only
    assert not re.search(EMPLOYEE["pl"], text, re.IGNORECASE)
