"""The admin's forms: staff accounts, teams, API tokens and the council's settings."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
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
from wtforms.widgets import CheckboxInput, ListWidget

from participation.auth.models import Role
from participation.forms import Form
from participation.languages import is_known

ROLE_NAMES = {
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.PERSONAL_ADVISER: _l("Personal adviser"),
    Role.TEAM_MANAGER: _l("Team manager"),
    Role.ADMIN: _l("Admin"),
    Role.INTERPRETER: _l("Interpreter"),
    # Chairs see only the children whose meetings they chair (meetings/access).
    Role.INDEPENDENT_REVIEWING_OFFICER: _l("Independent reviewing officer"),
    Role.CONFERENCE_CHAIR: _l("Child protection conference chair"),
}
NEW_TEAM = -1  # "a new team", named in the box beside the list
# Something@somewhere.tld: enough to catch a slip; the council's mail server is the real test.
EMAIL = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address like name@example.gov.uk.")
)


class Checkboxes(SelectMultipleField):
    """Several choices as checkboxes (44 px rows), not a multi-select nobody can work."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def language_codes(text: str) -> list[str]:
    return list(dict.fromkeys(c.strip().lower() for c in (text or "").split(",") if c.strip()))


class StaffForm(Form):
    """Who a member of staff is and what they do; interpreters' languages and teams too."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Work email"), validators=[DataRequired(), EMAIL, Length(max=254)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, label) for r, label in ROLE_NAMES.items()],
        default=Role.SOCIAL_WORKER.value,
    )
    team = SelectField(_l("Team"), coerce=int)
    new_team = StringField(
        _l("New team's name"),
        description=_l("Only if you chose “A new team” above."),
        validators=[Length(max=200)],
    )
    mobile = StringField(
        _l("Mobile for urgent alerts (optional)"), validators=[Optional(), Length(max=32)]
    )
    languages = StringField(
        _l("Interpreters: languages they work in"),
        description=_l("Language codes with commas, for example: so, ar, ti"),
        validators=[Length(max=200)],
    )
    serves = Checkboxes(_l("Interpreters: the teams they work for"), coerce=int)
    # Safeguarding: a child or family may ask for an interpreter who is a woman or a man.
    gender = SelectField(
        _l("Interpreters: offered words whose writer asked for"),
        choices=[
            SelectChoice("", _l("Not recorded")),
            SelectChoice("woman", _l("A woman")),
            SelectChoice("man", _l("A man")),
        ],
        default="",
    )

    def set_teams(self, teams) -> None:
        self.team.choices = [
            SelectChoice(0, _l("No team")),
            *[SelectChoice(t.id, t.name) for t in teams],
            SelectChoice(NEW_TEAM, _l("A new team")),
        ]
        self.serves.choices = [SelectChoice(t.id, t.name) for t in teams]

    def validate_languages(self, field) -> None:
        unknown = [c for c in language_codes(field.data) if not is_known(c)]
        if unknown:
            raise ValidationError(_l("“%(code)s” is not a language code we know.", code=unknown[0]))
        if language_codes(field.data) and self.role.data != Role.INTERPRETER:
            raise ValidationError(_l("Only interpreters have languages here."))

    def validate_new_team(self, field) -> None:
        if self.team.data == NEW_TEAM and not (field.data or "").strip():
            raise ValidationError(_l("Give the new team a name."))


class TeamForm(Form):
    name = StringField(_l("Team name"), validators=[DataRequired(), Length(max=200)])


class ApiClientForm(Form):
    name = StringField(
        _l("Case management system"),
        description=_l("For example: Liquidlogic, Northside children's services"),
        validators=[DataRequired(), Length(max=200)],
    )
    team = SelectField(_l("Team whose record entries it collects"), coerce=int)


class SetPasswordForm(Form):
    password = PasswordField(
        _l("Choose a password"),
        description=_l("At least 12 characters. A few words you'll remember works well."),
        validators=[DataRequired(), Length(min=12, max=200)],
    )
    again = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", _l("The two passwords are different."))],
    )


def _phone_ok(form, field) -> None:
    text = (field.data or "").strip()
    if text and not any(ch.isdigit() for ch in text):
        raise ValidationError(_l("Enter a phone number."))


class SettingsForm(Form):
    """The council's settings an admin changes; empty boxes mean "use the default"."""

    terminology = SelectField(
        _l("Words for the plan"),
        choices=[
            SelectChoice("safety", _l("Danger statement and safety goal")),
            SelectChoice("wellbeing", _l("Worry statement and wellbeing goal")),
            SelectChoice("success", _l("Worry statement and success goal")),
        ],
        description=_l("For new families' plans. Plans already made keep their words."),
    )
    duty_name = StringField(_l("Duty desk: name"), validators=[Length(max=200)])
    duty_mobile = StringField(
        _l("Duty desk: mobile for texts"), validators=[Length(max=32), _phone_ok]
    )
    duty_email = EmailField(_l("Duty desk: email"), validators=[Optional(), EMAIL])
    night_name = StringField(_l("Emergency duty team: name"), validators=[Length(max=200)])
    night_mobile = StringField(
        _l("Emergency duty team: mobile for texts"), validators=[Length(max=32), _phone_ok]
    )
    night_email = EmailField(_l("Emergency duty team: email"), validators=[Optional(), EMAIL])
    duty_phone = StringField(
        _l("Emergency duty team's public phone number"),
        description=_l("Shown to young people on “I need help now” for evenings and weekends."),
        validators=[Length(max=32), _phone_ok],
    )
    help_numbers = TextAreaField(
        _l("Help numbers for young people"),
        description=_l(
            "One a line: name | number to call | number to text | word to text | when. "
            "Leave empty for the national lines (Samaritans, Shout, NHS 111)."
        ),
        validators=[Length(max=4000)],
    )
    # Retention: a floor of 18 years, so a slip of the keyboard can't make records of
    # children still in care due for deletion.
    retention_years = IntegerField(
        _l("Keep children's records until they are this old"),
        validators=[DataRequired(), NumberRange(min=18, max=120)],
    )
    care_leaver_retention_years = IntegerField(
        _l("Keep care leavers' records until they are this old"),
        validators=[DataRequired(), NumberRange(min=18, max=120)],
    )
    plan_review_days = IntegerField(
        _l("Review each family's safety plan at least every (days)"),
        validators=[DataRequired(), NumberRange(min=1, max=365)],
    )

    def validate_help_numbers(self, field) -> None:
        for line in (field.data or "").splitlines():
            if line.strip():
                parts = [p.strip() for p in line.split("|")]
                if not parts[0] or not any(parts[1:3]):
                    raise ValidationError(
                        _l(
                            "Each line needs a name and a number to call or to text: %(line)s",
                            line=line.strip(),
                        )  # fmt: skip
                    )
