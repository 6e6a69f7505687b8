from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

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
    """Which activity, how, and by when: the due date starts as the meeting kind's setting."""

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
    # Left empty, the meeting kind's date stands (the form shows it filled in).
    views_due = DateField(
        _l("Views due by"),
        description=_l(
            "Worked out from the kind of meeting, in working days before it. You can change "
            "it; it must be on or before the day of the meeting."
        ),
        validators=[Optional()],
    )
    # The day of the meeting the views are for, set by the view that makes the form.
    meeting_on: date | None = None

    def validate_views_due(self, field: DateField) -> None:
        """Views that arrive after the meeting cannot be read by the chair before it."""
        if field.data and self.meeting_on and field.data > self.meeting_on:
            raise ValidationError(_l("The views must be due on or before the day of the meeting."))


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
