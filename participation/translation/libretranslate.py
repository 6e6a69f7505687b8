"""Adapter for a council's own, self-hosted LibreTranslate server (never a third party's).

Enable with PARTICIPATION_MACHINE_TRANSLATION_PROVIDER set to
participation.translation.libretranslate.translate, and PARTICIPATION_LIBRETRANSLATE_URL.
"""

import json
import urllib.error
import urllib.request

from flask import current_app


def translate(text: str, source: str, target: str) -> tuple[str, str]:
    base = current_app.config["LIBRETRANSLATE_URL"].rstrip("/")
    body = json.dumps({"q": text, "source": source, "target": target, "format": "text"}).encode()
    request = urllib.request.Request(  # noqa: S310  (the council's own configured server)
        f"{base}/translate", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            translated = json.loads(response.read())["translatedText"]
    except urllib.error.HTTPError as error:
        # Closed here: the job queue keeps the exception, and with it the answer's socket.
        error.close()
        raise OSError(f"LibreTranslate answered HTTP {error.code} {error.reason}") from None
    return translated, f"LibreTranslate at {base}"
