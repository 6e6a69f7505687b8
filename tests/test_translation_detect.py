"""The language hint: real sentences, marked right or wrong. A hint, never a gate."""

import pytest

from participation.translation.detect import language_hint, looks_like

POLISH = "Mama piła wieczorem. Babcia odebrała Amy ze szkoły."
ENGLISH = "Mum was drinking in the evening and Nan picked Amy up from school."
SOMALI = "Hooyo waxay joogtay guriga markii aan imid, aabana wuu qayliyay."
ROMANIAN = "Mama a fost acasă când am venit eu de la școală."
TIGRINYA = "ኣደይ ኣብ ገዛ ነይራ እያ ምስ መጻእኩ።"
URDU = "میری ماں گھر پر تھی جب میں آیا اور ہم نے کھانا کھایا۔"
PUNJABI = "ਮੇਰੀ ਮਾਂ ਘਰ ਸੀ ਜਦੋਂ ਮੈਂ ਆਇਆ।"
BENGALI = "আমার মা বাড়িতে ছিলেন যখন আমি এলাম।"
TAMIL = "நான் வந்தபோது என் அம்மா வீட்டில் இருந்தார்."


@pytest.mark.parametrize(
    "text, marked, guess",
    [
        (POLISH, "en", ("pl",)),
        (SOMALI, "en", ("so",)),
        (ROMANIAN, "pt", ("ro",)),
        (TIGRINYA, "en", ("ti", "am", "tig")),
        (URDU, "ar", ("ur",)),
        (URDU, "en", ("ar", "ur", "ps", "fa", "prs", "ckb")),
        (PUNJABI, "ur", ("pa",)),
        (BENGALI, "en", ("bn",)),
        (TAMIL, "so", ("ta",)),
    ],
)
def test_words_marked_as_another_language_get_a_guess(text, marked, guess):
    assert looks_like(text, marked) == guess


@pytest.mark.parametrize(
    "text, marked",
    [
        (POLISH, "pl"), (ENGLISH, "en"), (SOMALI, "so"), (TIGRINYA, "ti"), (TIGRINYA, "tig"),
        (URDU, "ur"), (PUNJABI, "pa"), (TAMIL, "ta"),
        ("Yes ok", "pl"),  # too short to tell
        ("Diya min li malê bû dema ez hatim.", "ku"),  # Kurmanji: lingua can't tell, so no guess
        ("", "en"),
    ],
)  # fmt: skip
def test_words_marked_right_or_too_short_get_no_hint(text, marked):
    assert looks_like(text, marked) == ()


def test_the_hint_reads_as_one_sentence(app):
    with app.test_request_context():
        assert language_hint(POLISH, "en") == "Marked English, looks like Polish (polski)"
        assert language_hint(TIGRINYA, "en") == (
            "Marked English, looks like one of: Tigrinya (ትግርኛ), Amharic (አማርኛ), Tigre (ትግረ)"
        )
        assert language_hint(ENGLISH, "en") is None
