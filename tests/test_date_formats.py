"""Dates on every page are formatted by a faster path than Flask-Babel's own (the locale and
the pattern kept for the request): it must say exactly what Flask-Babel says, in every
interface language, either side of the clocks changing, and in a forced language."""

from datetime import UTC, date, datetime

import flask_babel
import pytest
from flask_babel import force_locale

from participation.i18n import format_date, format_datetime

PATTERNS = ("d MMMM yyyy", "d MMMM yyyy, HH:mm", "d MMM yyyy", "d MMM", "EEEE d MMMM")
MOMENTS = (
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # GMT: 00:30 in London
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # BST: 02:30 in London
    datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 30),  # no zone: taken as UTC, as Babel does
)


@pytest.mark.parametrize("lang", ["en", "cy", "pl", "ar", "ur", "ti"])
def test_every_format_says_what_flask_babel_says(app, lang):
    with app.test_request_context(f"/?lang={lang}"):
        for pattern in PATTERNS:
            for moment in MOMENTS:
                assert format_datetime(moment, pattern) == flask_babel.format_datetime(
                    moment, pattern
                )
            if "HH" not in pattern:
                day = date(2026, 12, 4)
                assert format_date(day, pattern) == flask_babel.format_date(day, pattern)
        assert format_datetime(MOMENTS[0]) == flask_babel.format_datetime(MOMENTS[0])


def test_the_reader_sees_london_time_across_the_clocks_changing(app):
    with app.test_request_context("/?lang=en"):
        assert format_datetime(MOMENTS[0], "HH:mm") == "00:30"
        assert format_datetime(MOMENTS[1], "HH:mm") == "02:30"


def test_a_forced_language_is_not_handed_the_pages_own(app):
    """The record is made in English on a Polish page: the kept locale must not leak."""
    with app.test_request_context("/?lang=pl"):
        polish = format_date(date(2026, 12, 4), "d MMMM yyyy")
        with force_locale("en"):
            assert format_date(date(2026, 12, 4), "d MMMM yyyy") == "4 December 2026"
        assert format_date(date(2026, 12, 4), "d MMMM yyyy") == polish == "4 grudnia 2026"
