from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.children.forms import CHILD_LANGUAGES
from participation.forms import Form
from participation.i18n import language_name
from participation.languages import WrittenInField


class MeetingForm(Form):
    """A meeting about the child: what kind, when, and who chairs it."""

    kind = SelectField(_l("Kind of meeting"), validators=[DataRequired()])
    held_on = DateField(
        _l("Date of the meeting"),
        validators=[DataRequired(message=_l("Give the date of the meeting."))],
    )
    chair = SelectField(_l("Chair"), validators=[DataRequired(message=_l("Choose the chair."))])


class AskViewsForm(Form):
    tool = RadioField(_l("Activity"), validators=[DataRequired()], default="my_meeting")
    mode = RadioField(
        _l("How will the child take part?"),
        choices=[
            SelectChoice("together", _l("Together, on this device")),
            SelectChoice("code", _l("On another tablet or phone, with a sign-in code")),
        ],
        default="code",
        validators=[DataRequired()],
    )


class OutcomeForm(Form):
    outcome = TextAreaField(
        _l("What was decided, and what the child's views changed"),
        validators=[
            DataRequired(message=_l("Write what was decided, in a few plain words.")),
            Length(max=8000),
        ],
    )
    language = WrittenInField(_l("Language you are writing in"), default="en")


def outcome_form(**values) -> OutcomeForm:
    form = OutcomeForm(**values)
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    return form
