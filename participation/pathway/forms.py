from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from participation.forms import Form
from participation.translation.gender import interpreter_gender_field


def _today():
    from participation.pathway.plans import today

    return today()


def _not_in_future(_form, field) -> None:
    """A milestone done is a day that has happened."""
    if field.data and field.data > _today():
        raise ValidationError(_l("This date can't be in the future."))


class YoungPersonForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    date_of_birth = DateField(_l("Date of birth"), validators=[DataRequired()])
    preferred_language = SelectField(_l("Preferred language"))
    # Safeguarding: the interpreter gender they ask for (see translation/gender.py).
    interpreter_gender = interpreter_gender_field()
    # So a case system can match the plan to the care leaver's file (with the date of birth).
    case_reference = StringField(
        _l("Council case reference (optional)"),
        description=_l("As it is in the council's case system, so the record can be matched."),
        validators=[Optional(), Length(max=64)],
    )
    pa_allocated_on = DateField(
        _l("Date you became their personal adviser"),
        description=_l("Leave it as today if you are starting now."),
        default=_today,
        validators=[Optional(), _not_in_future],
    )
    assessment_started_on = DateField(
        _l("Date the pathway assessment started (leave blank if it has not)"),
        validators=[Optional(), _not_in_future],
    )


class CaseDetailsForm(Form):
    """The young person's details as the council's case system knows them, and the dates
    their milestones are measured by (done, or done late)."""

    case_reference = StringField(
        _l("Council case reference"), validators=[Optional(), Length(max=64)]
    )
    date_of_birth = DateField(_l("Date of birth"), validators=[DataRequired()])
    pa_allocated_on = DateField(
        _l("Date a personal adviser was allocated"), validators=[Optional(), _not_in_future]
    )
    assessment_started_on = DateField(
        _l("Date the pathway assessment started (leave blank if it has not)"),
        validators=[Optional(), _not_in_future],
    )


class AvailabilityForm(Form):
    """What the young people a PA supports see on their "My PA" card."""

    contact_phone = StringField(
        _l("Work phone for young people to call"),
        validators=[Optional(), Length(max=32),
                    Regexp(r"^\+?[0-9 ]+$", message=_l("Use numbers and spaces only."))],
    )  # fmt: skip
    contact_email = StringField(
        _l("Work email for young people"),
        validators=[Optional(), Length(max=254), Regexp(r"^[^@\s]+@[^@\s]+$",
                                                        message=_l("Enter an email address."))],
    )  # fmt: skip
    available_hours = StringField(
        _l("When you can be reached"),
        description=_l("For example: Monday to Thursday, 9am to 5pm"),
        validators=[Optional(), Length(max=300)],
    )
    away_until = DateField(_l("Away until (leave blank if you are not away)"),
                           validators=[Optional()])  # fmt: skip
    cover_worker_id = SelectField(_l("Who covers for you when you are away"), coerce=int)


class CouncilTextForm(Form):
    body = TextAreaField(
        _l("What care leavers are entitled to"),
        description=_l(
            'A line starting "## " is a heading. Leave a blank line between paragraphs.'
        ),
        validators=[DataRequired(), Length(max=20_000)],
    )


class AcceptInviteForm(Form):
    username = StringField(
        _l("Choose a sign-in name"),
        description=_l("Letters, numbers, dots or dashes. No email needed."),
        validators=[
            DataRequired(),
            Length(min=3, max=64),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use letters, numbers, dots or dashes.")),
        ],
    )
    password = PasswordField(
        _l("Choose a password"),
        description=_l("At least 10 characters. A few words together is easy to remember."),
        validators=[DataRequired(), Length(min=10, max=200)],
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[EqualTo("password", message=_l("The two passwords are different."))],
    )
    contact = StringField(
        _l("Phone number or email for sign-in codes (optional)"), validators=[Length(max=300)]
    )


class YoungPersonSignInForm(Form):
    username = StringField(_l("Your sign-in name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class CodeRequestForm(Form):
    username = StringField(_l("Your sign-in name"), validators=[DataRequired(), Length(max=64)])
    code = StringField(_l("The code we sent you"), validators=[Optional(), Length(max=20)])


class SectionForm(Form):
    # Which saved version the person was editing; anything but a plain count is refused.
    version = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(min=0, max=2**31 - 1)]
    )
    in_my_words = TextAreaField(_l("In my words"), validators=[Length(max=20000)])
    want_to_achieve = TextAreaField(_l("What I want to achieve"), validators=[Length(max=20000)])
    shared_with_network = BooleanField(_l("Let my network see this section"))


class SuggestionForm(Form):
    field = SelectField(
        _l("Suggest wording for"),
        choices=[
            SelectChoice("in_my_words", _l("In my words")),
            SelectChoice("want_to_achieve", _l("What I want to achieve")),
        ],
    )
    text = TextAreaField(_l("Suggested wording"), validators=[DataRequired(), Length(max=4000)])


class ActionForm(Form):
    what = TextAreaField(_l("What will happen"), validators=[DataRequired(), Length(max=2000)])
    who_helps = StringField(_l("Who helps"), validators=[Length(max=200)])
    by_when = DateField(_l("By when"), validators=[Optional()])
