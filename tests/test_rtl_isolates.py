"""Numbers go into translated sentences as left-to-right isolates, escaped exactly once."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from flask import render_template_string

from participation.i18n import ltr, spoken


def test_an_isolate_escapes_what_it_holds():
    assert str(ltr("0800 1111")) == '<bdi dir="ltr">0800 1111</bdi>'
    assert str(ltr("<script>")) == '<bdi dir="ltr">&lt;script&gt;</bdi>'


def test_a_number_in_a_translated_sentence_is_isolated_once_and_other_values_stay_escaped(app):
    with app.test_request_context("/?lang=ar"):
        page = render_template_string(
            '{{ _("Call %(number)s", number=ltr("0800 1111")) }}'
            '|{{ _("Back to %(name)s", name=name) }}'
            '|{{ _("It works once, for one child, until %(time)s.", time=when|ltr) }}',
            name="<b>Amy</b>",
            when="14:30 <i>",
        )
    assert '<bdi dir="ltr">0800 1111</bdi>' in page  # not &lt;bdi
    assert "&lt;b&gt;Amy&lt;/b&gt;" in page  # a person's name is still text
    assert '<bdi dir="ltr">14:30 &lt;i&gt;</bdi>' in page  # escaped once, not twice


def test_the_worry_help_reads_aloud_plain_words(app):
    with app.test_request_context("/?lang=ar"):
        help_box = render_template_string(
            '{% from "activities/_worry_help.html" import worry_help %}{{ worry_help() }}'
        )
    assert help_box.count('<bdi dir="ltr">0800 1111</bdi>') == 2  # the sentence and the button
    said = help_box.split('data-say="', 1)[1].split('"', 1)[0]
    assert "0800 1111" in said and "bdi" not in said and "&lt;" not in said


def test_read_aloud_text_is_plain():
    assert spoken(ltr("0800 1111")) == "0800 1111"
    assert spoken("5 < 6") == "5 < 6"  # a plain string is never read as markup


def test_no_translation_carries_markup():
    """Jinja trusts a translated sentence as markup (so an isolate can go in it): a catalogue
    must therefore hold only words, never a tag a browser would act on."""
    tag = re.compile(r"<\s*/?\s*[a-zA-Z]")
    found = []
    for po in sorted(Path(__file__).resolve().parents[1].glob("translations/*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                if not message.id:
                    continue  # the header: names and e-mail addresses, never shown
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                found += [f"{po.parts[-3]}: {t}" for t in texts if t and tag.search(t)]
    assert found == []
