"""Pages light on a cheap phone (issue #14): compressed, fingerprinted static files kept a year,
a drawing already on the tablet not downloaded again, and the canvas's place held."""

import gzip
import hashlib
import re
from pathlib import Path

import brotli
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.auth.services import get_or_create_team
from participation.pwa.assets import COMPRESSED_TYPES
from tests.helpers import PASSWORD, png_bytes, upload

STATIC = Path(__file__).resolve().parents[1] / "participation" / "static"
BOTH = {"Accept-Encoding": "gzip, deflate, br"}


def decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    assert encoding is None, encoding
    return body


def area_url(tablet) -> str:
    return f"/activities/{tablet.activity.public_id}/areas/worries"


def linked_static(html: str) -> dict[str, str]:
    """Each static file the page links to: its path under static/ and the URL used."""
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    return {u.split("?")[0].removeprefix("/static/"): u.replace("&amp;", "&") for u in urls}


def test_the_childs_page_is_compressed_with_brotli_or_gzip_and_varies_on_both(tablet):
    plain = tablet.get(area_url(tablet))
    assert plain.headers.get("Content-Encoding") is None
    for asked, sent in (("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")):
        page = tablet.get(area_url(tablet), headers={"Accept-Encoding": asked})
        assert page.status_code == 200
        assert page.headers["Content-Encoding"] == sent
        assert len(page.get_data()) < len(plain.get_data()) / 2
        assert b"Write your words here" in decoded(page)
        vary = {v.strip() for v in page.headers["Vary"].split(",")}
        assert {"HX-Request", "Accept-Encoding"} <= vary
        assert page.headers["Cache-Control"] == "no-store"


def test_an_htmx_fragment_is_compressed_too_and_keeps_its_vary(tablet):
    words = tablet.post(
        f"{area_url(tablet)}/words",
        data={"child_words": "I like the park " * 80},
        headers={"HX-Request": "true", **BOTH},
    )
    assert words.status_code == 200
    assert "HX-Request" in words.headers["Vary"] and "Accept-Encoding" in words.headers["Vary"]


def test_static_scripts_and_styles_are_compressed(tablet):
    links = linked_static(tablet.get(area_url(tablet)).get_data(as_text=True))
    for name in ("css/app.css", "js/canvas.js", "js/outbox.js", "vendor/htmx.min.js"):
        for asked in ("br", "gzip"):
            with tablet.get(links[name], headers={"Accept-Encoding": asked}) as response:
                assert response.status_code == 200
                assert response.headers["Content-Encoding"] == asked, name
                assert decoded(response) == (STATIC / name).read_bytes()
                etag = response.headers["ETag"]
            asked_again = {"Accept-Encoding": asked, "If-None-Match": etag}
            with tablet.get(links[name], headers=asked_again) as again:
                assert again.status_code == 304


def test_images_audio_and_pdfs_are_never_compressed_again(tablet):
    assert not any(
        t.startswith(("image/png", "image/jpeg", "image/webp")) for t in COMPRESSED_TYPES
    )
    assert not any(t.startswith(("audio/", "video/", "application/pdf", "application/zip"))
                   for t in COMPRESSED_TYPES)  # fmt: skip
    drawing_url = upload(tablet, tablet.activity, "worries", png_bytes((600, 400))).get_json()[
        "url"
    ]
    with tablet.get(drawing_url, headers=BOTH) as drawing:
        assert drawing.status_code == 200 and drawing.mimetype == "image/png"
        assert "Content-Encoding" not in drawing.headers


def test_static_urls_carry_the_files_hash_and_are_kept_a_year(tablet):
    links = linked_static(tablet.get(area_url(tablet)).get_data(as_text=True))
    assert {"css/app.css", "js/app.js", "js/canvas.js", "vendor/htmx.min.js"} <= set(links)
    for name, url in links.items():
        content = (STATIC / name).read_bytes()
        assert url.endswith(f"?v={hashlib.sha256(content).hexdigest()[:12]}"), url
        with tablet.get(url) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.get_data() == content


def test_static_urls_without_todays_hash_are_kept_only_minutes(client):
    for url in ("/static/js/app.js", "/static/js/app.js?v=000000000000"):
        with client.get(url) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=300"


def test_the_service_worker_precaches_the_pages_fingerprinted_files(tablet):
    links = linked_static(tablet.get(area_url(tablet)).get_data(as_text=True))
    worker = tablet.get("/sw.js")
    assert worker.headers["Cache-Control"] == "no-cache"
    script = worker.get_data(as_text=True)
    precache = re.search(r"const PRECACHE = (\[.*?\]);", script)
    assert precache, script[:200]
    for name in ("css/app.css", "js/app.js", "js/outbox.js", "js/canvas.js", "vendor/htmx.min.js"):
        assert f'"{links[name]}"' in precache.group(1)
    assert 'url.searchParams.has("v")' in script  # fingerprinted: cache first


def _drawing(tablet) -> str:
    return upload(tablet, tablet.activity, "worries", png_bytes()).get_json()["url"]


def test_a_drawing_already_on_the_tablet_is_not_downloaded_again(tablet):
    url = _drawing(tablet)
    with tablet.get(url) as first:
        assert first.status_code == 200 and first.get_data()
        etag = first.headers["ETag"]
        # Kept by the child's own browser only, and never shown again without asking us.
        assert first.headers["Cache-Control"] == "private, no-cache"
    again = tablet.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["Cache-Control"] == "private, no-cache"
    other = tablet.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.get_data()
    other.close()


def test_a_new_drawing_has_a_new_etag(tablet):
    url = _drawing(tablet)
    with tablet.get(url) as first:
        etag = first.headers["ETag"]
    newer = upload(tablet, tablet.activity, "worries", png_bytes(colour=(0, 0, 255, 255)))
    with tablet.get(newer.get_json()["url"], headers={"If-None-Match": etag}) as response:
        assert response.status_code == 200 and response.headers["ETag"] != etag


def test_no_304_for_another_child_or_after_the_child_finished(
    app, tablet, make_worker, make_child, make_activity, make_code
):
    url = _drawing(tablet)
    with tablet.get(url) as first:
        etag = first.headers["ETag"]
    worker = make_worker()
    someone_else = app.test_client()
    someone_else.post(
        "/start", data={"code": make_code(make_activity(make_child(worker), worker), worker)}
    )
    assert someone_else.get(url, headers={"If-None-Match": etag}).status_code == 404
    nobody = app.test_client()
    assert nobody.get(url, headers={"If-None-Match": etag}).status_code in (302, 401, 403, 404)
    tablet.post(f"/activities/{tablet.activity.public_id}/finish")
    assert tablet.get(url, headers={"If-None-Match": etag}).status_code in (302, 401, 403, 404)


def test_staff_get_a_304_after_the_audit_and_keep_nothing(app, tablet, make_worker):
    url = _drawing(tablet)
    with tablet.get(url) as first:
        etag = first.headers["ETag"]
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": tablet.activity.started_by.email,
                                       "password": PASSWORD})  # fmt: skip

    def views() -> int:
        query = select(func.count()).select_from(AuditEvent).filter_by(action="view_drawing")
        return app.extensions["sqlalchemy"].session.scalar(query)

    before = views()
    looked = staff.get(url, headers={"If-None-Match": etag})
    assert looked.status_code == 304
    assert looked.headers["Cache-Control"] == "private, no-store"
    assert views() == before + 1  # a look answered with 304 is still on the trail
    elsewhere = make_worker(team=get_or_create_team("Southside"))
    stranger = app.test_client()
    stranger.post("/staff/sign-in", data={"email": elsewhere.email, "password": PASSWORD})
    assert stranger.get(url, headers={"If-None-Match": etag}).status_code in (403, 404)


def test_the_canvas_box_holds_its_place_before_the_script_runs():
    css = (STATIC / "css" / "app.css").read_text()
    rules = re.search(r"@media \(scripting: enabled\) \{(.*?)\n\}", css, re.S)
    assert rules, "the canvas's place must be held where scripts run"
    assert (
        ".drawing .canvas[hidden] { display: block !important; visibility: hidden; }"
        in rules.group(1)
    )
    assert (
        ".drawing .toolbar[hidden] { display: flex !important; visibility: hidden; }"
        in rules.group(1)
    )
    assert "aspect-ratio: 4 / 3" in re.search(r"\n\.canvas \{[^}]*\}", css).group(0)
