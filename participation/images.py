"""Every uploaded picture is decoded, checked and re-encoded by Pillow before it is kept."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from participation.problems import Refused

# Only formats we can re-encode safely; anything else (SVG, HEIC, GIF...) is refused.
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}


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
            # WeasyPrint switches this process-wide setting on when it is imported (for PDFs);
            # uploads must never be accepted half-decoded, so it is switched off every time.
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            image.load()
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(_("That picture has too many pixels to be used."), 413) from None
    except UnidentifiedImageError:
        raise Refused(
            _("That file isn't a picture we can use. Please send a PNG or JPEG."), 415
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise Refused(_("That picture looks damaged and could not be opened."), 422) from None

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


def _check_dimensions(image: Image.Image, max_pixels: int, max_side: int) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise Refused(_("That picture looks damaged and could not be opened."), 422)
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
