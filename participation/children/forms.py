from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.config import LANGUAGES
from participation.forms import Form
from participation.languages import WrittenInField
from participation.translation.gender import interpreter_gender_field

# Languages people may say they write in: the interface languages (config.LANGUAGES).
CHILD_LANGUAGES = LANGUAGES


class ChildForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    date_of_birth = DateField(_l("Date of birth"), validators=[DataRequired()])
    case_reference = StringField(
        _l("Council case reference"), validators=[DataRequired(), Length(max=64)]
    )
    preferred_language = SelectField(_l("Preferred language"), default="en")
    communication_needs = TextAreaField(
        _l("Communication needs"),
        description=_l("For example: uses Makaton, prefers pictures, needs breaks."),
        validators=[Length(max=4000)],
    )
    allocated_worker = SelectField(_l("Allocated worker"), coerce=int)
    # Safeguarding: the interpreter gender the child asks for (see translation/gender.py).
    interpreter_gender = interpreter_gender_field()
    # Grammar only (see activities/addressed.py): not recorded unless the worker chooses.
    address_as = SelectField(
        _l("Address them as"),
        choices=[
            SelectChoice("", _l("Not recorded")),
            SelectChoice("girl", _l("A girl")),
            SelectChoice("boy", _l("A boy")),
        ],
        default="",
        description=_l(
            "Some languages, such as Arabic and Tigrinya, say 'you' differently to a girl and a "
            "boy. Leave it as 'not recorded' to use the everyday form."
        ),
    )

    def validate_date_of_birth(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("Date of birth can't be in the future."))


IDENTITY_FIELDS = ("religion", "ethnicity", "nationality", "immigration_status", "disability")


class ChildDetailsForm(Form):
    """The child's languages and optional identity fields, changed after they were added."""

    preferred_language = SelectField(_l("Language for the screens"), default="en")
    # The child's first language, kept apart from the language of their screens: any
    # language, not only the interface ones (set_language_choices).
    first_language = WrittenInField(
        _l("First language"),
        description=_l(
            "The language they think and speak in first. It can differ from the screens."
        ),
        default="",
    )
    # Optional identity fields (all may be left empty). Privacy: special category data,
    # recorded only if the child or family want it known; staff-only, audited like the child.
    religion = StringField(_l("Religion (optional)"), validators=[Length(max=200)])
    ethnicity = StringField(_l("Ethnicity (optional)"), validators=[Length(max=200)])
    nationality = StringField(_l("Nationality (optional)"), validators=[Length(max=200)])
    immigration_status = StringField(
        _l("Immigration status (optional)"), validators=[Length(max=200)]
    )
    disability = StringField(_l("Disability (optional)"), validators=[Length(max=200)])

    communication_needs = ChildForm.communication_needs


def set_language_choices(form) -> None:
    """The screens in an interface language; the first language in any, or not recorded."""
    from participation.i18n import language_name

    lead = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    form.preferred_language.choices = lead
    form.first_language.choices = [SelectChoice("", _l("Not recorded")), *lead]
