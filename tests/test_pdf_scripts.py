"""The record says the words are exactly as the child wrote them: its PDFs must print every
script with real letters, never empty boxes (.notdef) or a word split across two faces."""

import logging
import re
import zlib

import pytest

from participation.jobs.testing import run_jobs
from participation.record.services import render_pdf

# A sentence per script people write in, and the face that must draw it.
WORDS = {
    "bn": ("আমি স্কুলে যেতে ভয় পাই। ক্ষমা", "Noto-Sans-Bengali"),
    "pa": ("ਮੈਨੂੰ ਸਕੂਲ ਜਾਣ ਤੋਂ ਡਰ ਲੱਗਦਾ ਹੈ", "Noto-Sans-Gurmukhi"),
    "ti": ("ኣነ ናብ ቤት ትምህርቲ ክኸይድ እፈርህ", "Noto-Sans-Ethiopic"),
    "am": ("ትምህርት ቤት መሄድ እፈራለሁ", "Noto-Sans-Ethiopic"),
    "ar": ("أخاف من الذهاب إلى المدرسة", "Noto-Naskh-Arabic"),
    "ps": ("زه ښوونځي ته د تللو څخه ډارېږم", "Noto-Naskh-Arabic"),
    "prs": ("من از رفتن به مکتب می\u200cترسم", "Noto-Naskh-Arabic"),
    "ckb": ("من دەترسم لە چوونە قوتابخانە ێ ۆ ڵ ڕ", "Noto-Naskh-Arabic"),
    "ur": ("مجھے اسکول جانے سے ڈر لگتا ہے", "Noto-Nastaliq-Urdu"),
    "ta": ("எனக்கு பள்ளிக்குச் செல்ல பயமாக", "Noto-Sans-Tamil"),
    "uk": ("Я боюся ходити до школи: ґ ї є", "DejaVu-Sans"),
    "ro": ("Mi-e frică să merg la școală: ș ț", "DejaVu-Sans"),
    "pl": ("Boję się iść do szkoły: źdźbło żółć", "DejaVu-Sans"),
    "cy": ("Mae ofn arna i fynd i'r ysgol: ŵ ŷ", "DejaVu-Sans"),
    "so": ("Waan ka baqayaa inaan iskuulka aado", "DejaVu-Sans"),
    "sq": ("Kam frikë të shkoj në shkollë: ç ë", "DejaVu-Sans"),
}
RIGHT_TO_LEFT = {"ar", "ps", "prs", "ckb", "ur"}


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every FlateDecode stream inflated, so its font names and maps can be read."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def faces(pdf: bytes) -> set[str]:
    names = re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/<>\[\]]+)", pdf_objects(pdf))
    return {name.decode() for name in names}


def assert_real_letters(pdf: bytes, caplog, face: str) -> None:
    # Text extracted back proves nothing: a missing glyph keeps its ToUnicode entry, so the
    # words come back intact from a PDF that shows boxes. So look at what was drawn.
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert b"WP-Encod" not in pdf_objects(pdf)  # WeasyPrint's map for glyphs a face lacks
    assert face in faces(pdf)


@pytest.mark.parametrize("stylesheet", ["record.css", "phone.css"])
@pytest.mark.parametrize("lang", WORDS)
def test_every_script_prints_with_real_letters(app, lang, stylesheet, caplog):
    words, face = WORDS[lang]
    direction = ' dir="rtl"' if lang in RIGHT_TO_LEFT else ""
    body = "record" if stylesheet == "record.css" else "phone-doc"
    html = (
        f'<html lang="en"><body class="{body}">'
        f'<p lang="{lang}"{direction}>{words}</p></body></html>'
    )
    with app.app_context(), caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(html, stylesheet=stylesheet)
    assert_real_letters(pdf, caplog, face)


def test_the_check_sees_empty_boxes(app, caplog):
    """A face that lacks the letters is caught, so the test above can fail."""
    # No installed face has letters in the Private Use Area: they can only print as boxes.
    html = '<html><body class="record"><p>\ue000\ue001\ue002</p></body></html>'
    with app.app_context(), caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(html)
    with pytest.raises(AssertionError):
        assert_real_letters(pdf, caplog, "DejaVu-Sans")


@pytest.mark.parametrize("lang", ["bn", "ur", "ti"])
def test_a_childs_words_print_in_their_script_in_the_record_pdf(
    app, client, auth, make_worker, make_child, make_activity, lang, caplog
):
    words, face = WORDS[lang]
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker, language=lang)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}/areas"
    saved = client.post(f"{base}/worries/words", data={"scribed_words": words})
    assert saved.status_code in (200, 302, 303)
    client.post(f"/activities/{activity.public_id}/finish")
    url = f"/record/activity/{activity.public_id}.pdf"
    assert words in client.get(f"/record/activity/{activity.public_id}").get_data(as_text=True)
    assert client.get(url).status_code == 202
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assert run_jobs() == 1
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert_real_letters(pdf.data, caplog, face)


def test_words_in_the_other_direction_keep_their_own_in_the_pdf(app):
    """An English sentence in an Arabic plan ends with its full stop, not starts with it."""
    import io

    from pypdf import PdfReader

    html = (
        '<html lang="ar" dir="rtl"><body class="phone-doc">'
        '<p dir="auto">I have asthma.</p><p dir="auto">أخاف من المدرسة.</p></body></html>'
    )
    with app.test_request_context():
        text = PdfReader(io.BytesIO(render_pdf(html, stylesheet="phone.css"))).pages[0]
    assert "I have asthma." in text.extract_text()


def test_auto_direction_is_the_first_strong_letter_of_the_elements_own_words():
    """What a browser does for dir=auto, so the PDF and the page agree."""
    import tinyhtml5

    from participation.record.bidi import resolve_auto_direction

    root = tinyhtml5.parse(
        '<p id="a" dir="auto">"12" مرحبا</p>'
        '<p id="b" dir="auto"><span dir="rtl">مرحبا</span> hello</p>'
        '<p id="c" dir="auto">12 — !</p>'
        '<div id="d" dir="auto"><style>x{}</style>ok <p id="e" dir="auto">مرحبا</p></div>',
        namespace_html_elements=False,
    )
    resolve_auto_direction(root)
    dirs = {e.get("id"): e.get("dir") for e in root.iter() if e.get("id")}
    assert dirs == {"a": "rtl", "b": "ltr", "c": "auto", "d": "ltr", "e": "rtl"}
