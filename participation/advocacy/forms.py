import uuid

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.children.forms import CHILD_LANGUAGES
from participation.forms import Form
from participation.i18n import language_name
from participation.languages import WrittenInField


def _new_key() -> str:
    return str(uuid.uuid4())


class AskForm(Form):
    """Words are optional: pressing "Send" with none is a whole request."""

    # Made with the form: a double tap or a resend makes one request.
    client_key = HiddenField(default=_new_key)
    words = TextAreaField(
        _l("Anything you want to say (you don't have to)"), validators=[Length(max=4000)]
    )


class OutcomeForm(Form):
    outcome = TextAreaField(
        _l("What happened"),
        validators=[
            DataRequired(message=_l("Write what happened, in a few plain words.")),
            Length(max=4000),
        ],
    )
    language = WrittenInField(_l("Language you are writing in"), default="en")


def outcome_form(**values) -> OutcomeForm:
    """The interface languages lead, then every other (the worker may write in Polish)."""
    form = OutcomeForm(**values)
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    return form
