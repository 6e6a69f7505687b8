"""Voice memos are read as real audio (PyAV opens the container and decodes the first
sound), never accepted on a few header bytes."""

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from participation.audio import check_voice_memo
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.problems import Refused
from tests.audio_samples import KINDS, video_only_webm, voice_memo
from tests.helpers import page_text

LIMIT = 5 * 1024 * 1024
DAMAGED = "That voice memo looks damaged. Please record it again."
NO_SOUND = "That recording has no sound we can play. Please record your voice again here."


@pytest.fixture
def phone(make_worker, make_child, make_family, make_member, member_phone):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    return member_phone(make_member(family, worker))


def send(phone, data: bytes, name: str):
    return phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "", "voice": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_real_recording_from_each_browser_is_kept_exactly(phone, kind):
    _format, _codec, name, media_type = KINDS[kind]
    memo = voice_memo(kind)
    assert send(phone, memo, name).status_code == 302
    attachment = db.session.scalars(select(JournalAttachment)).one()
    assert attachment.kind == "voice" and attachment.media_type == media_type
    with phone.get(f"/network/journal/{attachment.entry.public_id}") as page:
        assert page.status_code == 200
    assert check_voice_memo(memo, max_bytes=LIMIT).seconds == pytest.approx(0.5, abs=0.05)


def webm_header_then_noise() -> bytes:
    """The opening of a real WebM (EBML header, DocType webm, Segment) and then noise."""
    return voice_memo("webm")[:48] + os.urandom(3000)


FAKES = {
    "video without sound": (video_only_webm, "memo.webm", NO_SOUND),
    "webm header then noise": (webm_header_then_noise, "memo.webm", DAMAGED),
    "the old magic-bytes-only webm": (
        lambda: (
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81"
            b"\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
            b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + b"\x00" * 200
        ),
        "memo.webm",
        DAMAGED,
    ),
    "recording cut off after its header": (lambda: voice_memo("webm")[:400], "memo.webm", DAMAGED),
    "mp4 without its sound": (lambda: voice_memo("mp4")[:700], "memo.m4a", DAMAGED),
    "ogg page header then noise": (lambda: b"OggS" + os.urandom(2000), "memo.ogg", DAMAGED),
}


@pytest.mark.parametrize("fake", sorted(FAKES))
def test_right_magic_bytes_without_real_sound_are_refused_plainly(phone, fake):
    make, name, message = FAKES[fake]
    response = send(phone, make(), name)
    assert response.status_code == 422
    assert message in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0
    assert db.session.scalar(select(func.count()).select_from(JournalAttachment)) == 0


def test_a_real_recording_under_another_name_is_judged_by_its_contents(phone):
    assert send(phone, voice_memo("ogg"), "voice.txt").status_code == 302
    assert db.session.scalars(select(JournalAttachment)).one().media_type == "audio/ogg"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(KINDS)),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), max_size=8),
    cut=st.integers(64, 10**6),
)
def test_damaged_real_recordings_are_kept_or_refused_never_a_crash(kind, flips, cut):
    memo = bytearray(voice_memo(kind))
    for at, mask in flips:
        memo[at % len(memo)] ^= mask
    try:
        check_voice_memo(bytes(memo[:cut]), max_bytes=LIMIT)
    except Refused as refused:
        assert refused.status in (415, 422)
