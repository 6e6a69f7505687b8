"""What every form shares: the CSRF input, and the messages WTForms writes itself ("This field
is required.") in every interface language: ours first, then WTForms' own catalogue, which has
no Urdu, Bengali, Punjabi, Somali, Pashto or Tigrinya."""

from flask import Flask
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from flask_wtf.i18n import translations as wtforms_translations
from markupsafe import Markup

# The built-in messages our forms can show, marked so they are extracted and translated.
BUILT_IN_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid integer value."),
    _l("Invalid input."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _ln(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    ),
    _ln(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    ),
)


class _Translations:
    """WTForms formats the placeholders itself, so this only looks the words up."""

    def gettext(self, string: str) -> str:
        ours = get_translations().gettext(string)
        return ours if ours != string else wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = get_translations().ngettext(singular, plural, n)
        if ours not in (singular, plural):
            return ours
        return wtforms_translations.ngettext(singular, plural, n)


TRANSLATIONS = _Translations()


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


def csrf_field() -> Markup:
    """The one way a template writes its CSRF input, `{{ csrf_field() }}`, for hand-built and
    WTForms forms alike: the token is the same, and it adds no repeated id="csrf_token"."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


def init_app(app: Flask) -> None:
    app.add_template_global(csrf_field)
