"""A child is addressed in their own grammatical gender where the language has no neutral
"you" (Arabic, Tigrinya), and in the everyday form when nothing is recorded."""

from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import select

from participation.activities.addressed import ADDRESSED
from participation.children.models import Child
from participation.extensions import db
from tests.helpers import page_text

ROOT = Path(__file__).resolve().parents[1]


def _child_tablet(app, make_worker, make_child, make_activity, make_code, language, address_as):
    """A child signed in on their own tablet, with their address form as the worker set it."""
    worker = make_worker()
    child = make_child(worker, language=language)
    child.address_as = address_as
    db.session.commit()
    activity = make_activity(child, worker, language=language)
    client = app.test_client()
    client.post("/start", data={"code": make_code(activity, worker)})
    client.activity = activity
    return client


def _area(client, area="worries", language="ar"):
    url = f"/activities/{client.activity.public_id}/areas/{area}?lang={language}"
    response = client.get(url)
    assert response.status_code == 200
    return page_text(response)


def test_an_arabic_girl_boy_and_unrecorded_child_each_see_their_form(
    app, make_worker, make_child, make_activity, make_code
):
    made = (app, make_worker, make_child, make_activity, make_code, "ar")
    girl = _area(_child_tablet(*made, "girl"))
    boy = _area(_child_tablet(*made, "boy"))
    unrecorded = _area(_child_tablet(*made, None))
    assert "اكتبي كلماتك هنا" in girl and "اكتب كلماتك هنا" not in girl
    assert "حزينةً أو غاضبةً أو خائفةً" in girl  # the house's own prompt, too
    assert "اكتب كلماتك هنا" in boy and "اكتبي" not in boy
    assert "اكتب كلماتك هنا" in unrecorded and "اكتبي" not in unrecorded  # the default


def test_the_arabic_girl_is_addressed_on_the_overview_too(
    app, make_worker, make_child, make_activity, make_code
):
    client = _child_tablet(app, make_worker, make_child, make_activity, make_code, "ar", "girl")
    text = page_text(client.get(f"/activities/{client.activity.public_id}?lang=ar"))
    assert "ارسمي واكتبي في كل بيت" in text and "ابدئي بالبيت الأول" in text


def test_a_tigrinya_girl_boy_and_unrecorded_child_each_see_their_form(
    app, make_worker, make_child, make_activity, make_code
):
    made = (app, make_worker, make_child, make_activity, make_code, "ti")
    girl = _area(_child_tablet(*made, "girl"), language="ti")
    boy = _area(_child_tablet(*made, "boy"), language="ti")
    unrecorded = _area(_child_tablet(*made, None), language="ti")
    assert "ቃላትኪ ኣብዚ ጽሓፊ" in girl and "የጨንቐኪ" in girl
    assert "ቃላትካ ኣብዚ ጽሓፍ" in boy and "ቃላትኪ" not in boy
    # Nothing recorded: the plural, which reads to a child as neither a girl nor a boy.
    assert "ቃላትኩም ኣብዚ ጽሓፉ" in unrecorded and "ቃላትኪ" not in unrecorded


def test_an_english_child_sees_the_same_words_whatever_is_recorded(
    app, make_worker, make_child, make_activity, make_code
):
    client = _child_tablet(app, make_worker, make_child, make_activity, make_code, "en", "girl")
    text = _area(client, language="en")
    assert "Write your words here" in text and "What worries you?" in text


def test_one_childs_form_never_reaches_another_child(
    app, make_worker, make_child, make_activity, make_code
):
    made = (app, make_worker, make_child, make_activity, make_code, "ar")
    girl = _child_tablet(*made, "girl")
    other = _child_tablet(*made, None)
    for _ in range(2):  # alternating requests in one process
        assert "اكتبي كلماتك هنا" in _area(girl)
        assert "اكتبي" not in _area(other)


def test_the_worker_records_how_the_child_is_addressed(client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    form = page_text(client.get("/children/new"))
    assert "say 'you' differently to a girl and a boy" in form and "Not recorded" in form
    base = {
        "date_of_birth": "2018-06-14",
        "preferred_language": "ar",
        "allocated_worker": worker.id,
    }
    client.post("/children/new", data={**base, "name": "Mariam A", "case_reference": "A-1",
                                       "address_as": "girl"})  # fmt: skip
    client.post("/children/new", data={**base, "name": "Sami B", "case_reference": "A-2"})
    client.post("/children/new", data={**base, "name": "Odd C", "case_reference": "A-3",
                                       "address_as": "other"})  # fmt: skip
    db.session.expire_all()
    saved = dict(db.session.execute(select(Child.name, Child.address_as)).tuples().all())
    assert saved.get("Mariam A") == "girl"
    assert saved.get("Sami B") is None  # not on the record unless the worker records it
    assert "Odd C" not in saved or saved["Odd C"] is None


def test_every_addressed_message_has_girl_and_boy_entries_in_every_catalogue():
    for po in sorted(ROOT.glob("translations/*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalogue = read_po(f)
        for msgid in ADDRESSED:
            for context in ("girl", "boy"):
                entry = catalogue.get(msgid, context=context)
                assert entry is not None and entry.string, (po.parts[-3], context, msgid)
