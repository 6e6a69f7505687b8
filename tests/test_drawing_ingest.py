"""Drawings are re-encoded fast (libvips) yet losslessly and without metadata; old drawings
and record PDFs still show them, at print size."""

import io
import re
import struct

import pytest
from PIL import Image, PngImagePlugin
from sqlalchemy import select

from participation import images
from participation.activities.models import Drawing
from participation.extensions import db
from participation.images import normalise_image
from participation.jobs.testing import run_jobs
from participation.uploads import read
from tests.helpers import upload

LIMITS = {"max_bytes": 8 * 1024 * 1024, "max_pixels": 4096 * 4096, "max_side": 8192}
# Chunks a clean PNG may carry: pixels, their palette, and the pixel density. Nothing else.
PIXEL_CHUNKS = {"IHDR", "PLTE", "pHYs", "IDAT", "IEND"}


def chunks(png: bytes) -> list[str]:
    names, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        names.append(png[at + 4 : at + 8].decode("latin-1"))
        at += 12 + length
    return names


def soft_strokes(size=(256, 256)) -> Image.Image:
    """Every alpha level against many colours: the part-transparent pixels at the soft edge
    of a canvas stroke are where a flatten can round differently."""
    width, height = size
    image = Image.new("RGBA", size)
    image.putdata(
        [(x % 256, (x * 7 + y) % 256, 255 - x % 256, y % 256) for y in range(height)
         for x in range(width)]
    )  # fmt: skip
    return image


def on_white(image: Image.Image) -> Image.Image:
    """The flatten, worked out here pixel by pixel: transparent is white paper, and a
    part-transparent pixel is floor((c * a + 255 * (255 - a)) / 255)."""
    rgba = image.convert("RGBA")
    paper = Image.new("RGB", rgba.size)
    paper.putdata(
        [tuple((c * a + 255 * (255 - a)) // 255 for c in (r, g, b))
         for r, g, b, a in rgba.get_flattened_data()]
    )  # fmt: skip
    return paper


def pillow_on_white(image: Image.Image) -> Image.Image:
    """Pillow's flatten, as the app did before libvips (it rounds to nearest)."""
    rgba = image.convert("RGBA")
    paper = Image.new("RGB", rgba.size, (255, 255, 255))
    paper.paste(rgba, mask=rgba.getchannel("A"))
    return paper


def png(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **options)
    return out.getvalue()


def signed_in_child(client, worker, make_child, make_activity, make_code):
    activity = make_activity(make_child(worker), worker)
    client.post("/start", data={"code": make_code(activity, worker)})
    return activity


def test_a_drawing_is_kept_pixel_for_pixel_as_a_png(
    app, client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    drawing = soft_strokes()
    response = upload(client, activity, "worries", png(drawing))
    assert response.status_code == 200
    with client.get(response.get_json()["url"]) as served:
        assert served.status_code == 200 and served.mimetype == "image/png"
        stored = Image.open(io.BytesIO(served.data))
        assert stored.format == "PNG" and stored.size == (256, 256)
        # Lossless: exactly the flattened upload, for every colour at every alpha.
        assert stored.convert("RGB").tobytes() == on_white(drawing).tobytes()
    row = db.session.scalar(select(Drawing))
    assert row.media_type == "image/png" and row.storage_key.endswith(".png")
    assert read(row.storage_key) == served.data


def test_no_text_exif_or_colour_profile_survives(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Amy Clarke")
    info.add_itxt("Comment", "12 Acacia Road", zip=True)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 1  # upright: the libvips path, not the rotating one
    drawing = png(
        soft_strokes((64, 48)), pnginfo=info, exif=exif.tobytes(), icc_profile=b"\0" * 300
    )
    assert {"tEXt", "iTXt", "eXIf", "iCCP"} <= set(chunks(drawing))  # the sample has them all
    response = upload(client, activity, "worries", drawing)
    assert response.status_code == 200
    with client.get(response.get_json()["url"]) as served:
        assert set(chunks(served.data)) <= PIXEL_CHUNKS, chunks(served.data)
        for secret in (b"Amy", b"Acacia", b"PhoneMaker", b"Exif"):
            assert secret not in served.data


def test_solid_and_empty_pixels_are_exactly_as_before_and_soft_edges_within_a_level():
    drawing = soft_strokes()
    new = Image.open(io.BytesIO(normalise_image(png(drawing), **LIMITS).data)).convert("RGB")
    old = pillow_on_white(drawing)
    alpha = drawing.getchannel("A").get_flattened_data()
    pairs = list(zip(new.get_flattened_data(), old.get_flattened_data(), alpha, strict=True))
    assert all(n == o for n, o, a in pairs if a in (0, 255))
    assert all(abs(x - y) <= 1 for n, o, _a in pairs for x, y in zip(n, o, strict=True))
    assert any(n != o for n, o, _a in pairs)  # the rounding really differs somewhere


def test_png_drawings_go_through_libvips_not_pillow(monkeypatch):
    def no_pillow(image):
        raise AssertionError("a plain drawing went the slow Pillow way")

    monkeypatch.setattr(images, "_by_pillow", no_pillow)
    clean = normalise_image(png(soft_strokes()), **LIMITS)
    assert clean.media_type == "image/png" and (clean.width, clean.height) == (256, 256)


@pytest.mark.parametrize(
    "source",
    [
        soft_strokes().convert("LA"),  # grey with soft edges
        soft_strokes().convert("RGB"),  # no alpha at all
        soft_strokes().convert("L"),
        soft_strokes().convert("P"),  # a palette drawing
    ],
    ids=["grey-alpha", "rgb", "grey", "palette"],
)
def test_every_kind_of_png_keeps_its_pixels(source):
    clean = normalise_image(png(source), **LIMITS)
    stored = Image.open(io.BytesIO(clean.data))
    assert stored.convert("RGB").tobytes() == on_white(source).tobytes()
    assert set(chunks(clean.data)) <= PIXEL_CHUNKS


def test_a_palette_png_with_a_transparent_colour_is_flattened_onto_white():
    source = Image.new("P", (40, 30), 0)
    source.putpalette([0, 0, 0, 200, 30, 30])
    for x in range(10, 20):
        source.putpixel((x, 10), 1)
    clean = normalise_image(png(source, transparency=0), **LIMITS)
    stored = Image.open(io.BytesIO(clean.data)).convert("RGB")
    assert stored.getpixel((0, 0)) == (255, 255, 255) and stored.getpixel((12, 10)) == (200, 30, 30)


def test_a_sixteen_bit_or_turned_png_is_left_to_pillow_as_before():
    deep = Image.new("I;16", (30, 20), 40000)
    assert normalise_image(png(deep), **LIMITS).media_type == "image/png"
    exif = Image.Exif()
    exif[0x0112] = 6  # taken on its side: shown the right way up
    turned = normalise_image(png(Image.new("RGB", (30, 20), "red"), exif=exif.tobytes()), **LIMITS)
    assert (turned.width, turned.height) == (20, 30)
    assert Image.open(io.BytesIO(turned.data)).size == (20, 30)
    assert "eXIf" not in chunks(turned.data)


def test_a_png_whose_pixels_are_cut_short_is_refused(
    client, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = signed_in_child(client, worker, make_child, make_activity, make_code)
    data = png(soft_strokes((300, 300)))
    # The header is whole (Pillow reads its size), the pixel data is not.
    idat = data.index(b"IDAT")
    response = upload(client, activity, "worries", data[: idat + 400])
    assert response.status_code == 422
    assert "damaged" in response.get_json()["error"]


def drawing_images(pdf: bytes) -> list[tuple[int, int, str]]:
    """(width, height, filter) of every picture in a PDF."""
    found = []
    for match in re.finditer(rb"<<(.*?)>>\s*stream", pdf, flags=re.S):
        head = match.group(1)
        if b"/Subtype /Image" in head and b"/SMask" not in head:
            width = int(re.search(rb"/Width (\d+)", head).group(1))
            height = int(re.search(rb"/Height (\d+)", head).group(1))
            kind = re.search(rb"/Filter /(\w+)", head).group(1).decode()
            found.append((width, height, kind))
    return found


def submitted_pdf(client, activity) -> bytes:
    client.post(f"/activities/{activity.public_id}/finish")
    url = f"/record/activity/{activity.public_id}.pdf"
    assert client.get(url).status_code == 202
    assert run_jobs() == 2  # the print copies made as it arrived, then the PDF
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    return pdf.data


def test_the_record_pdf_has_every_drawing_at_print_size(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    auth.sign_in(worker)
    drawing = soft_strokes((1600, 1200))
    for area, picture in (("worries", drawing), ("dreams", drawing.rotate(180))):
        assert upload(client, activity, area, png(picture)).status_code == 200
    pictures = drawing_images(submitted_pdf(client, activity))
    # Both drawings, each shrunk to 150 dpi in record.css's 85 mm tall box (502 px) and
    # embedded as it is; the stored files stay full size.
    assert pictures == [(669, 502, "DCTDecode")] * 2
    assert {Image.open(io.BytesIO(read(d.storage_key))).size for d in db.session.scalars(
        select(Drawing))} == {(1600, 1200)}  # fmt: skip


def test_a_drawing_stored_the_old_way_is_still_served_and_printed(
    client, auth, make_worker, make_child, make_activity, monkeypatch
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    auth.sign_in(worker)
    drawing = soft_strokes((120, 90))
    with monkeypatch.context() as old_way:
        # The encoder before libvips: Pillow, zlib level 3.
        old_way.setattr(images, "_png_by_vips", lambda data, size: None)
        response = upload(client, activity, "worries", png(drawing))
    assert response.status_code == 200
    old = read(db.session.scalar(select(Drawing)).storage_key)
    assert old == png(pillow_on_white(drawing), compress_level=3)  # really the old file
    with client.get(response.get_json()["url"]) as served:
        assert served.mimetype == "image/png" and served.data == old
    pictures = drawing_images(submitted_pdf(client, activity))
    assert pictures == [(120, 90, "DCTDecode")]  # small already: printed at its own size
