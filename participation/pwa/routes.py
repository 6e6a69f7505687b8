import hashlib
import json
from pathlib import Path

from flask import Response, current_app, url_for

from participation.pwa import bp
from participation.pwa.assets import digest

# What the worker keeps from its first visit: every script and style a page links to.
PRECACHE = (
    "css/app.css",
    "css/phone.css",
    "js/app.js",
    "js/outbox.js",
    "js/canvas.js",
    "js/voice.js",
    "js/controls.js",
    "js/share.js",
    "vendor/htmx.min.js",
    "img/icon.svg",
    "img/council-logo.svg",
    # The children's tools drawn as pictures, so an offline tablet still shows its houses.
    *(
        f"img/art/{name}.svg"
        for name in (
            "three_houses",
            "three_houses-worries",
            "three_houses-good_things",
            "three_houses-dreams",
            "safety_house",
            "safety_house-inside",
            "safety_house-roof",
            "safety_house-green_circle",
            "safety_house-red_circle",
            "safety_house-path",
        )
    ),
)


@bp.get("/sw.js")
def service_worker():
    """Served from the site root so it may look after every page's static files, with today's
    fingerprinted URLs written in so a release replaces the cache."""
    urls = [url_for("static", filename=name) for name in PRECACHE if digest(name) is not None]
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    script = Path(current_app.static_folder or "", "js", "sw.js").read_text(encoding="utf-8")
    head = f"const PRECACHE = {json.dumps(urls)};\nconst VERSION = {json.dumps(version)};\n"
    response = Response(head + script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
