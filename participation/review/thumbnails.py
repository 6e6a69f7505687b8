"""A drawing's small copy for the review queue's rows: a full-size drawing per row made a
page of fifty rows several megabytes, for a picture the size of a thumbnail."""

from participation import uploads
from participation.activities.models import Drawing
from participation.images import _vips
from participation.record.print_copies import stored_copy

THUMBNAIL_PX = 96  # twice the 48 px the row shows it at, for high-density screens


def thumbnail(drawing: Drawing) -> bytes:
    """A JPEG no larger than THUMBNAIL_PX square, made from the drawing's print copy when
    there is one (already small, quick to shrink) and otherwise from the drawing itself.
    Made per request and never stored: nothing more of the child's is kept than before."""
    source = stored_copy(drawing.sha256) or uploads.read(drawing.storage_key)
    image = _vips().Image.thumbnail_buffer(source, THUMBNAIL_PX, height=THUMBNAIL_PX, size="down")
    if image.hasalpha():
        image = image.flatten(background=[255, 255, 255])
    # keep="none": no metadata of any kind is written.
    return image.jpegsave_buffer(Q=80, keep="none")
