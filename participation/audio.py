"""Voice memos recorded in the browser: checked by their container, never by their name.

There is no audio encoder on the server, so a memo cannot be re-encoded like a photo;
instead only the containers browsers record (WebM from Chromium and Firefox, MP4 from
Safari, Ogg) are accepted, their structure is checked, and the size is capped.
"""

import hashlib
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from mutagen import MutagenError
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus

from participation.problems import Refused

EBML_MAGIC = b"\x1a\x45\xdf\xa3"
SEGMENT_ID = b"\x18\x53\x80\x67"


@dataclass(frozen=True)
class CleanAudio:
    data: bytes
    media_type: str
    extension: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_voice_memo(data: bytes, *, max_bytes: int) -> CleanAudio:
    if len(data) > max_bytes:
        raise Refused(
            _(
                "That voice memo is too long to send. Please keep it under %(mb)d MB "
                "(about five minutes).",
                mb=max_bytes // (1024 * 1024),
            ),
            413,
        )
    if len(data) < 64:
        raise Refused(_("That voice memo was empty or cut short. Please record it again."), 422)
    if data.startswith(EBML_MAGIC):
        return _webm(data)
    if data[4:8] == b"ftyp":
        return _parsed(data, MP4, "audio/mp4", "m4a")
    if data.startswith(b"OggS"):
        return _parsed(data, OggOpus, "audio/ogg", "ogg")
    raise Refused(_("That isn't a voice memo we can play. Please record it again here."), 415)


def _webm(data: bytes) -> CleanAudio:
    header = data[:64]
    if b"webm" not in header or SEGMENT_ID not in data[:4096]:
        raise Refused(_("That voice memo looks damaged. Please record it again."), 422)
    return CleanAudio(data, "audio/webm", "webm")


def _parsed(data: bytes, parser, media_type: str, extension: str) -> CleanAudio:
    try:
        parser(io.BytesIO(data))
    except (MutagenError, ValueError, KeyError, IndexError):
        raise Refused(_("That voice memo looks damaged. Please record it again."), 422) from None
    return CleanAudio(data, media_type, extension)
