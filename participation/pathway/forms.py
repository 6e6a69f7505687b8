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
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from participation.forms import Form
from participation.translation.gender import interpreter_gender_field


class YoungPersonForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    date_of_birth = DateField(_l("Date of birth"), validators=[DataRequired()])
    preferred_language = SelectField(_l("Preferred language"))
    # Safeguarding: the interpreter gender they ask for (see translation/gender.py).
    interpreter_gender = interpreter_gender_field()


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
