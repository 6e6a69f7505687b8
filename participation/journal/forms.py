from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional

from participation.forms import Form
from participation.languages import WrittenInField


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class JournalEntryForm(Form):
    """Quick to fill on a phone: one required choice, the rest optional."""

    occurred_at = DateTimeLocalField(
        _l("When did it happen?"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    rules = CheckboxesField(_l("Which rule of the plan is this about?"), coerce=str)
    plan_worked = RadioField(
        _l("Did the plan work?"),
        choices=[
            SelectChoice("yes", _l("Yes")),
            SelectChoice("partly", _l("Partly")),
            SelectChoice("no", _l("No")),
        ],
        validators=[DataRequired(message=_l("Choose yes, partly or no."))],
    )
    what_happened = TextAreaField(_l("What happened?"), validators=[Length(max=20000)])
    red_flags = TextAreaField(
        _l("Any triggers or red flags you noticed?"), validators=[Length(max=20000)]
    )
    safety_object_checked = RadioField(
        _l("Did you check the safety object?"),
        choices=[
            SelectChoice("yes", _l("Yes, it was in its place")),
            SelectChoice("no", _l("No, or it had moved")),
            SelectChoice("na", _l("Not relevant")),
        ],
        default="na",
    )
    # Any language, not only the interface ones: words in Dari are recorded as Dari.
    language = WrittenInField(_l("Language you are writing in"))
    client_key = HiddenField()
    photo = FileField(_l("Add a photo (optional)"))
    voice = FileField(_l("Add a voice memo (optional)"))


class JournalReplyForm(Form):
    reply = TextAreaField(
        _l("Your reply to the person who wrote this"),
        # Its own id: the form around it is #reply, and a label needs one target.
        id="reply-text",
        description=_l(
            "They see it with their entry. Write plainly, as you would say it to them. "
            "If they read another language, send it for translation below."
        ),
        validators=[DataRequired(message=_l("Write a reply first.")), Length(max=4000)],
    )
