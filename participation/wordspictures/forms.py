import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.forms import Form
from participation.languages import WrittenInField


class StoryboardForm(Form):
    title = StringField(
        _l("What is it called?"),
        validators=[DataRequired(message=_l("Give it a name.")), Length(max=200)],
    )
    child = SelectField(_l("Who is it for?"), coerce=str, validate_choice=True)


class PlanStoryboardForm(Form):
    child = SelectField(_l("Who is it for?"), coerce=str, validate_choice=True)


def _new_key() -> str:
    return str(uuid.uuid4())


class PanelForm(Form):
    """A picture and a few words: quick on a phone, both optional but not both empty."""

    # Made with the form, as the journal's: sent twice (a double tap, the outbox resending
    # on a bad signal), it still makes one panel.
    client_key = HiddenField(default=_new_key)

    words = TextAreaField(_l("Words for this picture"), validators=[Length(max=4000)])
    # Any language, not only the interface ones: words in Dari are recorded as Dari.
    language = WrittenInField(_l("Language you are writing in"))
    picture = FileField(_l("A drawing or photo (optional)"))


class KeepVersionForm(Form):
    """ "Keep this as a new version": tapped twice, it keeps one version."""

    client_key = HiddenField(default=_new_key)
