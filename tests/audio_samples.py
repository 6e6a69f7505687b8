"""Real voice memos made in the test with PyAV (FFmpeg inside its wheel): the containers and
codecs browsers record, so CI needs no sox, espeak or sample files."""

import io
import math
from fractions import Fraction
from functools import cache

import av

RATE = 48_000
# container format, codec, file suffix, media type
KINDS = {
    "webm": ("webm", "libopus", "memo.webm", "audio/webm"),
    "ogg": ("ogg", "libopus", "memo.ogg", "audio/ogg"),
    "mp4": ("mp4", "aac", "memo.m4a", "audio/mp4"),
}


@cache
def voice_memo(kind: str = "webm", seconds: float = 0.5) -> bytes:
    """A short hum, encoded as a browser's MediaRecorder would."""
    container_format, codec, _name, _type = KINDS[kind]
    out = io.BytesIO()
    with av.open(out, mode="w", format=container_format) as container:
        stream = container.add_stream(codec, rate=RATE, layout="mono")
        samples = int(RATE * seconds)
        tone = b"".join(
            int(6000 * math.sin(2 * math.pi * 220 * i / RATE)).to_bytes(2, "little", signed=True)
            for i in range(samples)
        )
        frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
        frame.planes[0].update(tone)
        frame.sample_rate = RATE
        frame.pts = 0
        frame.time_base = Fraction(1, RATE)
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


@cache
def video_only_webm() -> bytes:
    """A WebM with a picture and no sound: right magic bytes, no voice."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(5):
            frame = av.VideoFrame(64, 48, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([i * 40]) * plane.buffer_size)
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()
