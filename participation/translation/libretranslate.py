"""Adapter for a council's own, self-hosted LibreTranslate server (never a third party's).

Enable with PARTICIPATION_MACHINE_TRANSLATION_PROVIDER set to
participation.translation.libretranslate.translate, and PARTICIPATION_LIBRETRANSLATE_URL.
"""

import json
import urllib.request

from flask import current_app


def translate(text: str, source: str, target: str) -> tuple[str, str]:
    base = current_app.config["LIBRETRANSLATE_URL"].rstrip("/")
    body = json.dumps({"q": text, "source": source, "target": target, "format": "text"}).encode()
    request = urllib.request.Request(  # noqa: S310  (the council's own configured server)
        f"{base}/translate", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        translated = json.loads(response.read())["translatedText"]
    return translated, f"LibreTranslate at {base}"
