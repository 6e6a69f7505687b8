"""Property-based fuzzing: whatever arrives, the answer is a clear 4xx or a clean save,
never a server error, and whatever people typed comes back escaped."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from participation.audio import check_voice_memo
from participation.images import normalise_image
from participation.problems import Refused
from tests.helpers import png_bytes

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LIMITS = {"max_bytes": 2 * 1024 * 1024, "max_pixels": 4096 * 4096, "max_side": 8192}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 90)).save(out, format="JPEG")
    return out.getvalue()


SAMPLES = [png_bytes(size=(40, 30)), _jpeg()]


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_as_an_image_are_cleaned_or_refused(data):
    try:
        clean = normalise_image(data, **LIMITS)
    except Refused as refused:
        assert 400 <= refused.status < 500
    else:
        assert Image.open(io.BytesIO(clean.data)).size == (clean.width, clean.height)


@FUZZ
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=12),
    st.booleans(),
)
def test_damaged_real_images_are_cleaned_or_refused(sample, flips, cut):
    data = bytearray(sample)
    for position, value in flips:
        data[position % len(data)] = value
    if cut:
        data = data[: len(data) // 2]
    try:
        normalise_image(bytes(data), **LIMITS)
    except Refused as refused:
        assert 400 <= refused.status < 500


def _after(magic: bytes):
    return st.binary(max_size=512).map(lambda rest: magic + rest)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=2048),
        _after(b"\x1a\x45\xdf\xa3"),
        _after(b"\x00\x00\x00\x18ftyp"),
        _after(b"OggS"),
    )
)
def test_any_bytes_as_a_voice_memo_are_accepted_or_refused(data):
    try:
        check_voice_memo(data, max_bytes=1024 * 1024)
    except Refused as refused:
        assert 400 <= refused.status < 500


NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(
        lambda t: f"<script>{t}</script>"
    ),
    st.sampled_from(["\x00\x01\x02", "‮evil", "𝕳𝖊𝖑𝖑𝖔 👋🏽", "a" * 25000, "\r\n\t", '"><img src=x>']),
)


@pytest.fixture
def child_tablet(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    return tablet, activity


@FUZZ
@given(text=NASTY)
def test_childs_words_never_break_the_page_and_come_back_escaped(child_tablet, text):
    tablet, activity = child_tablet
    response = tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": text}
    )
    assert response.status_code in (200, 422)
    page = tablet.get(f"/activities/{activity.public_id}/areas/worries")
    assert page.status_code == 200
    assert "<script>" not in page.get_data(as_text=True).split('id="child_words"')[1]


@pytest.fixture
def journal_phone(make_worker, make_child, make_family, make_member, member_phone):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    return member_phone(make_member(family, worker))


@FUZZ
@given(code=NASTY)
def test_any_sign_in_code_gets_a_clear_answer(client, code):
    assert client.post("/start", data={"code": code}).status_code == 422


@FUZZ
@given(fields=st.dictionaries(
    st.sampled_from(["plan_worked", "what_happened", "red_flags", "occurred_at", "language",
                     "safety_object_checked", "rules", "client_key"]),
    NASTY, max_size=8))  # fmt: skip
def test_any_journal_form_gets_a_clear_answer(journal_phone, fields):
    phone = journal_phone
    response = phone.post("/network/journal/new", data=fields)
    assert response.status_code in (302, 413, 415, 422)
    if response.status_code == 302:
        entry = phone.get(response.headers["Location"]).get_data(as_text=True)
        assert "<script>" not in entry
