"""Voice memos recorded in the browser: read as real audio, never judged by their name or a
few header bytes.

A memo cannot be re-encoded like a photo (that would change a person's own recording), so
it is opened with PyAV (FFmpeg's demuxers and decoders): only the containers browsers record
(WebM from Chromium and Firefox, MP4 from Safari, Ogg) are accepted, each read only by its
own demuxer; it must hold one audio track and no pictures, and its first sound must decode.
"""

import hashlib
import io
from dataclasses import dataclass, field

import av
from flask_babel import gettext as _

from participation.problems import Refused

EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# Magic bytes only choose which demuxer may read the file; they prove nothing themselves.
# (FFmpeg demuxer name, media type, extension)
WEBM = ("matroska", "audio/webm", "webm")
MP4 = ("mov", "audio/mp4", "m4a")
OGG = ("ogg", "audio/ogg", "ogg")
# The codecs browsers' MediaRecorder writes into those containers.
VOICE_CODECS = {"opus", "vorbis", "aac", "mp3", "flac"}
# Enough packets to get past a container's headers to the first sound, and no more work.
PACKETS_TO_TRY = 64


@dataclass(frozen=True)
class CleanAudio:
    data: bytes = field(repr=False)
    media_type: str
    extension: str
    seconds: float | None = None

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
        kind = WEBM
    elif data[4:8] == b"ftyp":
        kind = MP4
    elif data.startswith(b"OggS"):
        kind = OGG
    else:
        raise Refused(_("That isn't a voice memo we can play. Please record it again here."), 415)
    demuxer, media_type, extension = kind
    try:
        seconds = _first_sound(data, demuxer)
    except _NoVoice:
        raise Refused(
            _("That recording has no sound we can play. Please record your voice again here."),
            422,
        ) from None
    except (av.FFmpegError, ValueError, EOFError, IndexError, MemoryError):
        raise Refused(_("That voice memo looks damaged. Please record it again."), 422) from None
    return CleanAudio(data, media_type, extension, seconds)


class _NoVoice(Exception):
    """A well-formed file with no audio track we accept (silence, video, another codec)."""


def _first_sound(data: bytes, demuxer: str) -> float | None:
    """The memo's length in seconds (None if the container doesn't say) once its first
    sound has decoded. Raises PyAV's errors for a file that isn't what it claims to be."""
    with av.open(io.BytesIO(data), format=demuxer, mode="r") as container:
        # A picture track in a "voice memo" is refused: it may be video of someone's home.
        if container.streams.video or not container.streams.audio:
            raise _NoVoice
        stream = container.streams.audio[0]
        # A damaged header can leave a track with no codec at all: nothing we can play.
        codec = stream.codec_context
        if codec is None or codec.name not in VOICE_CODECS:
            raise _NoVoice
        for count, packet in enumerate(container.demux(stream)):
            if count >= PACKETS_TO_TRY:
                break
            if packet.size and packet.decode():
                duration = container.duration
                return duration / av.time_base if duration else None
    raise ValueError("no sound decoded")
