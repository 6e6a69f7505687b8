"""Every uploaded picture is decoded, checked and re-encoded before it is kept.

Pillow reads the header of every upload (its format, its size) and re-encodes photos;
libvips (pyvips) decodes, flattens and re-encodes PNGs, which is nearly every drawing, in
well under half of Pillow's time, still losslessly (benchmarks/ingest.py). Both write
pixels only, never metadata.
"""

import functools
import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from participation.problems import Refused

# Only formats we can re-encode safely; anything else (SVG, HEIC, GIF...) is refused.
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
# record.css draws a picture at most one column wide (about 165 mm on A4) and 85 mm tall;
# a PDF gets it at 150 dpi in that box, never more pixels than the page can show.
PRINT_DPI = 150
PRINT_BOX_MM = (165, 85)
# zlib level 3 with no PNG row filter: the fastest setting that still keeps a drawing
# smaller than Pillow's old level-3 file (measured on benchmarks/ingest.py's drawing).
PNG_COMPRESSION = 3


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    media_type: str
    extension: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _damaged() -> Refused:
    return Refused(_("That picture looks damaged and could not be opened."), 422)


def normalise_image(data: bytes, *, max_bytes: int, max_pixels: int, max_side: int) -> CleanImage:
    """Return a fresh image with no metadata (EXIF, GPS, ICC, text chunks), or refuse it."""
    if len(data) > max_bytes:
        raise Refused(
            _(
                "That picture is too big to send. Please use one smaller than %(mb)d MB.",
                mb=max_bytes // (1024 * 1024),
            ),
            413,
        )
    if not data:
        raise Refused(_("That picture was empty. Please try again."), 400)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            _check_dimensions(image, max_pixels, max_side)
            if image.format not in ALLOWED_FORMATS:
                raise Refused(
                    _("That kind of picture can't be used. Please send a PNG or JPEG."), 415
                )
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(_("That picture has too many pixels to be used."), 413) from None
    except UnidentifiedImageError:
        raise Refused(
            _("That file isn't a picture we can use. Please send a PNG or JPEG."), 415
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise _damaged() from None
    if image.format == "PNG":
        clean = _png_by_vips(data, image.size)
        if clean is not None:
            return clean
    return _by_pillow(image)


def _by_pillow(image: Image.Image) -> CleanImage:
    """Photos (JPEG, WebP), and the rare PNG libvips is not asked to do (16-bit, rotated)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # WeasyPrint switches this process-wide setting on when it is imported (for
            # PDFs); uploads must never be accepted half-decoded, so it is switched off.
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            image.load()
    except (OSError, SyntaxError, ValueError):
        raise _damaged() from None
    source_format = image.format
    # Photos of paper drawings are shown the right way up, then the EXIF goes.
    ImageOps.exif_transpose(image, in_place=True)
    image = _flatten(image)
    # The re-encoded file carries pixels only: no EXIF (GPS), ICC profile or text chunks.
    image.info = {}

    out = io.BytesIO()
    if source_format == "PNG":
        image.save(out, format="PNG", compress_level=3)
        media_type, extension = "image/png", "png"
    else:
        image.save(out, format="JPEG", quality=85)
        media_type, extension = "image/jpeg", "jpg"
    return CleanImage(out.getvalue(), media_type, extension, image.width, image.height)


def _png_by_vips(data: bytes, size: tuple[int, int]) -> CleanImage | None:
    """The drawing path: decode, flatten onto white and re-encode losslessly with libvips;
    None for a PNG it leaves to Pillow."""
    vips = _vips()
    try:
        image = vips.Image.pngload_buffer(data, access="sequential", fail_on="error")
        if (image.width, image.height) != size:
            # Two decoders reading one file differently: it is not a picture to trust.
            raise _damaged()
        if image.format != "uchar" or image.interpretation not in ("srgb", "b-w"):
            return None  # 16-bit or unusual colour: Pillow's conversion, as before
        if "orientation" in image.get_fields() and image.get("orientation") != 1:
            return None  # turned by its EXIF (a photo): Pillow turns it, as before
        if image.hasalpha():
            image = _flatten_vips(image)
        # keep="none": no EXIF, XMP, ICC profile or text chunks are written.
        out = image.pngsave_buffer(compression=PNG_COMPRESSION, filter="none", keep="none")
    except vips.Error:
        raise _damaged() from None
    return CleanImage(out, "image/png", "png", size[0], size[1])


def print_copy(data: bytes) -> bytes:
    """A stored picture scaled down to print size for a record PDF: WeasyPrint decodes and
    re-compresses every pixel it is given, so a full-size drawing made PDFs 40x slower than
    the page. The stored file is untouched; this copy lives only in the PDF."""
    width, height = (round(mm / 25.4 * PRINT_DPI) for mm in PRINT_BOX_MM)
    image = _vips().Image.thumbnail_buffer(data, width, height=height, size="down")
    # A JPEG is embedded as it is, where a PNG would be re-compressed once more; at this
    # quality with full-resolution colour, strokes keep their edges and colours.
    return image.jpegsave_buffer(Q=92, subsample_mode="off", keep="none")


@functools.cache
def _vips() -> Any:
    """libvips, set up once per process on first use (never in a process that forks later)."""
    import pyvips

    # Privacy: libvips otherwise caches recent operations, pixels and all; no child's
    # drawing stays in memory after the request that brought it.
    pyvips.cache_set_max(0)
    pyvips.cache_set_max_mem(0)
    pyvips.cache_set_max_files(0)
    # Uploads are untrusted: only the PNG loader is ever called (by name), and every loader
    # libvips marks as unsafe for untrusted files is blocked as well.
    pyvips.block_untrusted_set(True)
    return pyvips


def _flatten_vips(image: Any) -> Any:
    """Transparent pixels (the eraser) become white paper, as on the record document.
    libvips gives floor((c * a + 255 * (255 - a)) / 255) for every colour c and alpha a
    (tests check all of them): Pillow's pixels exactly where a drawing is solid or empty,
    at most one level darker on a soft stroke edge, where Pillow rounds to nearest."""
    return image.flatten(background=[255] * (image.bands - 1))


def _check_dimensions(image: Image.Image, max_pixels: int, max_side: int) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise _damaged()
    if width * height > max_pixels or max(width, height) > max_side:
        raise Refused(_("That picture has too many pixels to be used."), 413)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels (the eraser) become white paper, as on the record document."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    if image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image  # already a fresh decode of the upload; its metadata is cleared by the caller
