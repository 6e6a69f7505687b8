"""The interpreter gender a child, network member or young person asks for. Safeguarding:
someone telling of sexual or domestic abuse may not be able to say it through a man (or a
woman); Barnet's interpreting standards choose interpreters "considering gender"."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

GENDERS = ("woman", "man")


def interpreter_gender_field() -> SelectField:
    """For a create form: "no preference" is stored as None."""
    return SelectField(
        _l("Interpreter"),
        choices=[
            SelectChoice("", _l("No preference")),
            SelectChoice("woman", _l("A woman")),
            SelectChoice("man", _l("A man")),
        ],
        default="",
        description=_l("If they need an interpreter, who they would rather have."),
    )


def chosen(value: str | None) -> str | None:
    """The stored value: "woman", "man", or None for no preference."""
    return value if value in GENDERS else None
