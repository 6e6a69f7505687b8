"""Words and Pictures: panels and who wrote them, a parent adding one on their phone,
pictures cleaned, versions, the agreed version on the record, translations and scoping."""

import io
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import select

from participation.caserecord.models import RecordEntry
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.translation.models import Translation
from participation.uploads import read
from participation.wordspictures.models import (
    Storyboard,
    StoryboardImage,
    StoryboardPanel,
    StoryboardVersion,
)
from participation.wordspictures.services import VERSION_KIND
from tests.helpers import page_text, png_bytes
from tests.test_drawings import jpeg_with_gps

POLISH = "Tata dużo krzyczał, kiedy pił. Teraz Babcia jest z nami wieczorem."


@pytest.fixture
def family_a(make_worker, make_child, make_family, make_member, member_phone):
    """Amy's family: the worker, Mum (a parent) and Nan (a member), both on their phones."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    family = make_family(child, worker)
    mum = make_member(family, worker, name="Kasia Clarke")
    mum.role, mum.language, mum.relationship_to_child = "parent", "pl", "Mum"
    nan = make_member(family, worker, name="Nan Clarke")
    db.session.commit()
    return worker, child, family, (mum, member_phone(mum)), (nan, member_phone(nan))


def _storyboard(client, family, title="Why Sam visits", child=""):
    response = client.post(
        f"/families/{family.public_id}/words-and-pictures", data={"title": title, "child": child}
    )
    assert response.status_code == 303
    return db.session.scalars(select(Storyboard).order_by(Storyboard.id.desc())).first()


def _add(client, url, words, language="en", picture=None):
    data = {"words": words, "language": language}
    if picture is not None:
        data["picture"] = (io.BytesIO(picture), "photo.jpg")
    return client.post(url, data=data, content_type="multipart/form-data")


def _status(client, url) -> int:
    """A stored picture is streamed: the response is closed once its status is read."""
    with client.get(url) as response:
        return response.status_code


def _worker_panels_url(family, storyboard):
    return f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}/panels"


def test_worker_makes_a_storyboard_and_edits_reorders_and_removes_panels(client, auth, family_a):
    worker, _child, family, _mum, _nan = family_a
    auth.sign_in(worker)
    assert "Make a storyboard" in page_text(
        client.get(f"/families/{family.public_id}/words-and-pictures")
    )
    storyboard = _storyboard(client, family)
    url = _worker_panels_url(family, storyboard)
    for words in ("Sam is a social worker.", "Sam helps families.", "Everyone wants you safe."):
        assert _add(client, url, words).status_code == 303
    db.session.expire_all()
    first, second, third = storyboard.panels
    assert first.written_by_kind == "worker" and first.written_by_name == "Sam Okafor"
    page = page_text(
        client.get(f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}")
    )
    assert "By Sam Okafor (social worker)" in page

    client.post(f"{url}/{third.public_id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [p.words for p in storyboard.panels][1] == "Everyone wants you safe."
    client.post(f"{url}/{first.public_id}", data={"words": "Sam is kind.", "language": "en"},
                content_type="multipart/form-data")  # fmt: skip
    client.post(f"{url}/{second.public_id}/remove")
    db.session.expire_all()
    assert [p.words for p in storyboard.panels] == ["Sam is kind.", "Everyone wants you safe."]
    assert [p.position for p in storyboard.panels] == [0, 1]
    # Nothing at all is refused, with the form shown again.
    assert _add(client, url, "  ").status_code == 422


def test_a_parent_adds_a_panel_on_their_phone_attributed_and_cleaned(client, auth, family_a, app):
    worker, _child, family, (mum, mum_phone), (_nan, nan_phone) = family_a
    auth.sign_in(worker)
    storyboard = _storyboard(client, family)
    assert storyboard.title in page_text(mum_phone.get("/network/words-and-pictures"))
    page = mum_phone.get(f"/network/words-and-pictures/{storyboard.public_id}")
    assert page.status_code == 200 and b'name="words"' in page.data  # the add form
    response = _add(mum_phone, f"/network/words-and-pictures/{storyboard.public_id}/panels",
                    POLISH, "pl", jpeg_with_gps())  # fmt: skip
    assert response.status_code == 303
    panel = db.session.scalars(select(StoryboardPanel)).one()
    assert (panel.words, panel.language) == (POLISH, "pl")
    assert (panel.written_by_kind, panel.written_by_name, panel.written_by_member_id) == (
        "parent",
        "Kasia Clarke",
        mum.id,
    )
    # Re-encoded, with the camera's GPS and maker gone.
    stored = Image.open(io.BytesIO(read(panel.image.storage_key)))
    assert not stored.getexif().get_ifd(0x8825) and 0x010F not in stored.getexif()
    worker_view = page_text(
        client.get(f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}")
    )
    assert "By Kasia Clarke (parent)" in worker_view and POLISH in worker_view
    image_url = f"/families/{family.public_id}/words-and-pictures/images/{panel.image.public_id}"
    assert _status(client, image_url) == 200
    assert _status(mum_phone, f"/network/words-and-pictures/images/{panel.image.public_id}") == 200

    # Every look at the family's storyboard is on the child's trail, with who looked.
    from participation.audit.models import AuditEvent

    looks = db.session.execute(
        select(AuditEvent.actor_name, AuditEvent.subject_kind).where(
            AuditEvent.action == "network_view_words_and_pictures"
        )
    ).all()
    assert ("Kasia Clarke", "child") in looks

    # A member who is not a parent neither sees it nor adds to it until the worker shares it.
    assert nan_phone.get(f"/network/words-and-pictures/{storyboard.public_id}").status_code == 404
    assert (
        nan_phone.get(f"/network/words-and-pictures/images/{panel.image.public_id}").status_code
        == 404
    )
    client.post(f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}/share",
                data={"share": "yes"})  # fmt: skip
    shared = nan_phone.get(f"/network/words-and-pictures/{storyboard.public_id}")
    assert shared.status_code == 200 and b'name="words"' not in shared.data
    refused = _add(nan_phone, f"/network/words-and-pictures/{storyboard.public_id}/panels", "x")
    assert refused.status_code == 404


def test_a_picture_that_is_not_one_keeps_the_words(client, auth, family_a):
    worker, _child, family, (_mum, mum_phone), _nan = family_a
    auth.sign_in(worker)
    storyboard = _storyboard(client, family)
    response = _add(mum_phone, f"/network/words-and-pictures/{storyboard.public_id}/panels",
                    "Nasz dom", "pl", b"<svg>not a photo</svg>")  # fmt: skip
    assert response.status_code in (400, 415, 422)
    assert "Nasz dom" in page_text(response)
    assert db.session.scalars(select(StoryboardPanel)).first() is None


def test_versions_are_kept_and_the_agreed_one_is_a_record_entry_with_its_picture(
    client, auth, family_a
):
    worker, _child, family, (_mum, mum_phone), _nan = family_a
    auth.sign_in(worker)
    storyboard = _storyboard(client, family)
    base = f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}"
    _add(mum_phone, f"/network/words-and-pictures/{storyboard.public_id}/panels", POLISH, "pl",
         png_bytes())  # fmt: skip
    _add(client, _worker_panels_url(family, storyboard), "Nan stays in the evenings.")
    assert client.post(f"{base}/versions").status_code == 303
    version = db.session.scalars(select(StoryboardVersion)).one()
    assert version.number == 1 and version.agreed_at is None
    authors = [p["author"]["name"] for p in version.content["panels"]]
    assert authors == ["Kasia Clarke", "Sam Okafor"]
    # Not on the record until agreed.
    assert client.get(f"/record/words-and-pictures/{version.public_id}.json").status_code == 404

    client.post(f"{base}/versions/{version.public_id}/agree")
    db.session.expire_all()
    assert version.agreed_at is not None and version.agreed_by_id == worker.id
    entry = db.session.scalars(select(RecordEntry).where(RecordEntry.kind == VERSION_KIND)).one()
    assert entry.object_id == version.public_id

    data = client.get(f"/record/words-and-pictures/{version.public_id}.json").get_json()
    assert data["version"] == 1 and data["panels"][0]["words"] == POLISH
    assert data["panels"][0]["author"]["kind"] == "parent"
    assert data["panels"][0]["language"] == "pl"
    image = data["panels"][0]["image"]
    assert image["sha256"] and image["media_type"].startswith("image/")
    assert _status(client, urlsplit(image["url"]).path) == 200
    document = page_text(client.get(f"/record/words-and-pictures/{version.public_id}"))
    assert "Written by Kasia Clarke (parent), in Polish" in document
    assert client.get(f"/record/words-and-pictures/{version.public_id}.pdf").status_code == 202
    run_jobs()
    pdf = client.get(f"/record/words-and-pictures/{version.public_id}.pdf")
    assert pdf.data.startswith(b"%PDF") and b"/Subtype /Image" in pdf.data

    # Arrangements change: the panel is given a new picture; the agreed version keeps its own.
    panel = storyboard.panels[0]
    old_image = panel.image_id
    green = png_bytes(colour=(0, 200, 0, 255))
    new_picture = {"words": POLISH, "language": "pl", "picture": (io.BytesIO(green), "new.png")}
    client.post(
        f"{base}/panels/{panel.public_id}", data=new_picture, content_type="multipart/form-data"
    )
    db.session.expire_all()
    assert panel.image_id != old_image
    assert db.session.get(StoryboardImage, old_image) is not None
    client.post(f"{base}/versions")
    second = db.session.scalars(
        select(StoryboardVersion).where(StoryboardVersion.number == 2)
    ).one()
    client.post(f"{base}/versions/{second.public_id}/agree")
    assert (
        len(db.session.scalars(select(RecordEntry).where(RecordEntry.kind == VERSION_KIND)).all())
        == 2
    )
    first_json = client.get(f"/record/words-and-pictures/{version.public_id}.json").get_json()
    second_json = client.get(f"/record/words-and-pictures/{second.public_id}.json").get_json()
    assert first_json["panels"][0]["image"]["id"] == data["panels"][0]["image"]["id"]
    assert second_json["panels"][0]["image"]["id"] != data["panels"][0]["image"]["id"]


def test_the_safety_plan_becomes_a_storyboard_the_worker_can_edit(client, auth, family_a):
    worker, _child, family, _mum, _nan = family_a
    auth.sign_in(worker)
    response = client.post(
        f"/families/{family.public_id}/words-and-pictures/from-plan", data={"child": ""}
    )
    assert response.status_code == 303
    storyboard = db.session.scalars(select(Storyboard)).one()
    assert storyboard.kind == "safety_plan"
    words = [p.words for p in storyboard.panels]
    assert any("Dad shouts when he drinks" in w for w in words)
    assert any("Nan collects Amy from school" in w for w in words)
    assert all(p.written_by_kind == "worker" for p in storyboard.panels)


def test_translations_into_the_childs_language_are_labelled(client, auth, family_a):
    worker, child, family, (_mum, mum_phone), _nan = family_a
    child.preferred_language = "en"
    db.session.commit()
    auth.sign_in(worker)
    storyboard = _storyboard(client, family, child=child.public_id)
    _add(mum_phone, f"/network/words-and-pictures/{storyboard.public_id}/panels", POLISH, "pl")
    panel = db.session.scalars(select(StoryboardPanel)).one()
    asked = db.session.scalars(
        select(Translation).where(Translation.object_id == panel.public_id)
    ).all()
    assert [(t.object_kind, t.source_language, t.target_language) for t in asked] == [
        ("storyboard_panel", "pl", "en")
    ]
    page = page_text(
        client.get(f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}")
    )
    assert "These words are being translated." in page
    item = asked[0]
    item.status, item.text, item.translator_kind = (
        "done",
        "Dad shouted a lot when he drank.",
        "interpreter",
    )
    item.translator_name, item.translated_at = "Ola Nowak", utcnow()
    db.session.commit()
    page = page_text(
        client.get(f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}")
    )
    assert "Dad shouted a lot when he drank." in page and "Translated by Ola Nowak." in page

    # On the record beside the words as agreed, with who translated them.
    base = f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}"
    client.post(f"{base}/versions")
    version = db.session.scalars(select(StoryboardVersion)).one()
    client.post(f"{base}/versions/{version.public_id}/agree")
    data = client.get(f"/record/words-and-pictures/{version.public_id}.json").get_json()
    assert data["translations"][0]["translated_by"]["name"] == "Ola Nowak"
    assert data["translations"][0]["panel"] == panel.public_id

    # The child's own space: the agreed version, in their language, labelled.
    from participation.childspace.registry import SHAREABLES

    shareable = SHAREABLES["words_and_pictures"]
    assert [v.public_id for v in shareable.candidates(child)] == [version.public_id]
    shown = shareable.load(version.public_id, child)
    assert shown.panels[0].words == "Dad shouted a lot when he drank."
    assert shown.panels[0].translated_by == "Ola Nowak" and shown.panels[0].author == "Kasia Clarke"
    from flask import render_template

    with client.application.test_request_context():
        html = render_template(shareable.template, item=shown, child=child, language="en")
    assert "Translated by Ola Nowak." in html and "Made by Kasia Clarke" in html
    assert 'class="say"' in html


def test_family_a_sees_nothing_of_family_b(
    client, auth, family_a, make_worker, make_child, make_family, make_member, member_phone
):
    worker, _child, family, (_mum, mum_phone), _nan = family_a
    from participation.auth.services import get_or_create_team

    other_team = get_or_create_team("Southside")
    db.session.commit()
    other_worker = make_worker(name="Jo Banks", team=other_team)
    family_b = make_family(make_child(other_worker, name="Ben Hill"), other_worker)
    dad_b = make_member(family_b, other_worker, name="Dad Hill")
    dad_b.role = "parent"
    db.session.commit()
    auth.sign_in(other_worker)
    storyboard_b = _storyboard(client, family_b, title="Ben's story")
    _add(client, _worker_panels_url(family_b, storyboard_b), "Ben's words", picture=png_bytes())
    image_b = db.session.scalars(select(StoryboardImage)).one()
    auth.sign_out()

    # A's parent: not in their list, not by id, not its picture, cannot add to it.
    assert "Ben's story" not in page_text(mum_phone.get("/network/words-and-pictures"))
    assert mum_phone.get(f"/network/words-and-pictures/{storyboard_b.public_id}").status_code == 404
    assert (
        mum_phone.get(f"/network/words-and-pictures/images/{image_b.public_id}").status_code == 404
    )
    assert (
        _add(
            mum_phone, f"/network/words-and-pictures/{storyboard_b.public_id}/panels", "x"
        ).status_code
        == 404
    )
    # A's worker: B's family's pages and pictures are not theirs.
    auth.sign_in(worker)
    assert client.get(f"/families/{family_b.public_id}/words-and-pictures").status_code == 404
    assert (
        client.get(
            f"/families/{family.public_id}/words-and-pictures/{storyboard_b.public_id}"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/families/{family.public_id}/words-and-pictures/images/{image_b.public_id}"
        ).status_code
        == 404
    )


def test_sharing_with_a_sibling_asks_for_their_language(
    client, auth, family_a, make_child, make_worker
):
    """A storyboard for every child: shared with a brother who reads Arabic, its words go to
    translation into Arabic at once."""
    from participation.childspace.services import share
    from participation.network.services import add_child_to_family

    worker, _child, family, (_mum, mum_phone), _nan = family_a
    brother = make_child(worker, name="Tom Clarke", language="ar")
    add_child_to_family(family, brother)
    db.session.commit()
    auth.sign_in(worker)
    storyboard = _storyboard(client, family)
    _add(mum_phone, f"/network/words-and-pictures/{storyboard.public_id}/panels", POLISH, "pl")
    base = f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}"
    client.post(f"{base}/versions")
    version = db.session.scalars(select(StoryboardVersion)).one()
    client.post(f"{base}/versions/{version.public_id}/agree")
    share(brother, "words_and_pictures", version.public_id, worker)
    db.session.commit()
    targets = db.session.scalars(
        select(Translation.target_language).where(Translation.source_text == POLISH)
    ).all()
    assert "ar" in targets


# --- nothing doubled, true language labels (wpfix) --------------------------------------


def test_a_double_tap_adds_one_panel_on_a_phone_and_on_a_tablet(client, auth, family_a):
    """The same form sent twice (a slow phone, the outbox resending) makes one panel."""
    worker, _child, family, (_mum, mum_phone), _nan = family_a
    auth.sign_in(worker)
    storyboard = _storyboard(client, family)
    page = mum_phone.get(f"/network/words-and-pictures/{storyboard.public_id}")
    assert b'name="client_key"' in page.data
    member_url = f"/network/words-and-pictures/{storyboard.public_id}/panels"
    for _tap in range(2):
        sent = mum_phone.post(member_url, content_type="multipart/form-data", data={
            "words": POLISH, "language": "pl", "client_key": "tap-1",
            "picture": (io.BytesIO(png_bytes()), "photo.png")})  # fmt: skip
        assert sent.status_code == 303
    for _tap in range(2):
        sent = client.post(
            _worker_panels_url(family, storyboard),
            data={"words": "Nan stays in the evenings.", "language": "en", "client_key": "tap-2"},
        )
        assert sent.status_code == 303
    panels = db.session.scalars(select(StoryboardPanel)).all()
    assert [p.words for p in panels] == [POLISH, "Nan stays in the evenings."]
    assert len(db.session.scalars(select(StoryboardImage)).all()) == 1  # stored once
    # A new form is a new key: the same words added again on purpose are a second panel.
    client.post(
        _worker_panels_url(family, storyboard),
        data={"words": "Nan stays in the evenings.", "language": "en", "client_key": "tap-3"},
    )
    assert len(db.session.scalars(select(StoryboardPanel)).all()) == 3


def test_keeping_a_version_twice_keeps_one(client, auth, family_a):
    worker, _child, family, _mum, _nan = family_a
    auth.sign_in(worker)
    storyboard = _storyboard(client, family)
    _add(client, _worker_panels_url(family, storyboard), "Nan stays in the evenings.")
    base = f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}"
    assert b'name="client_key"' in client.get(base).data
    for _tap in range(2):
        assert client.post(f"{base}/versions", data={"client_key": "keep-1"}).status_code == 303
    versions = db.session.scalars(select(StoryboardVersion)).all()
    assert [v.number for v in versions] == [1]
    version = versions[0]
    for _tap in range(2):
        client.post(f"{base}/versions/{version.public_id}/agree")
    entries = db.session.scalars(select(RecordEntry).where(RecordEntry.kind == VERSION_KIND))
    assert len(entries.all()) == 1
    assert client.post(f"{base}/versions", data={"client_key": "keep-2"}).status_code == 303
    assert len(db.session.scalars(select(StoryboardVersion)).all()) == 2


def test_the_plan_becomes_panels_in_each_sentences_own_language(client, auth, family_a):
    """A sentence in Polish is a Polish panel (never labelled English, never wrapped in
    English); English sentences get simple framing for a child; all are the worker's starting
    words until the worker changes them."""
    from participation.network.services import add_pair

    worker, _child, family, _mum, _nan = family_a
    polish_pair = add_pair(family.plan, "Tata krzyczy, kiedy pije", "Amy jest spokojna w domu")
    polish_pair.language = "pl"
    if hasattr(polish_pair, "goal_language"):
        polish_pair.goal_language = "pl"
    db.session.commit()
    auth.sign_in(worker)
    # The worker's own interface language has no say in the panels' languages.
    client.post("/language", data={"lang": "pl"})
    client.post(f"/families/{family.public_id}/words-and-pictures/from-plan", data={"child": ""})
    storyboard = db.session.scalars(select(Storyboard)).one()
    panels = {p.words: p for p in storyboard.panels}
    english = panels["Your worker and your family are worried that Dad shouts when he drinks"]
    assert english.language == "en"
    assert "To keep you safe, Amy is calm and safe at home" in panels
    assert any(w.startswith("To keep you safe, Nan:") for w in panels)
    polish = [p for p in storyboard.panels if "Tata krzyczy" in p.words or "Amy jest" in p.words]
    assert len(polish) == 2 and all(p.language == "pl" for p in polish)
    assert all("worried" not in p.words and "keep you safe" not in p.words for p in polish)
    assert all(p.from_plan and p.written_by_name == "Sam Okafor" for p in storyboard.panels)

    client.post("/language", data={"lang": "en"})
    base = f"/families/{family.public_id}/words-and-pictures/{storyboard.public_id}"
    assert "Written by Sam Okafor from the safety plan" in page_text(client.get(base))
    client.post(
        f"{base}/panels/{english.public_id}",
        content_type="multipart/form-data",
        data={"words": "Dad shouted a lot. Grown-ups are helping.", "language": "en"},
    )
    db.session.refresh(english)
    assert not english.from_plan
    assert all(p.from_plan for p in storyboard.panels if p is not english)
