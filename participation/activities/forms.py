from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.forms import Form
from participation.languages import WrittenInField


class StartActivityForm(Form):
    """What the case record must show about how the child took part, asked up front."""

    tool = SelectField(_l("Activity"), validators=[DataRequired()])
    mode = RadioField(
        _l("How will the child take part?"),
        choices=[
            SelectChoice("together", _l("Together, on this device")),
            SelectChoice("code", _l("On another tablet or phone, with a sign-in code")),
        ],
        default="together",
        validators=[DataRequired()],
    )
    seen_alone = RadioField(
        _l("Will the child be seen alone?"),
        choices=[
            SelectChoice("yes", _l("Yes, alone")),
            SelectChoice("no", _l("No, someone else is there")),
        ],
        default="yes",
        validators=[DataRequired()],
    )
    present = TextAreaField(_l("Who else is there, and why?"), validators=[Length(max=2000)])
    interpreter = StringField(
        _l("Interpreter (name and language), if one is used"), validators=[Length(max=200)]
    )
    # Any language, not only the interface ones: scribed words in Tamil are recorded as Tamil.
    language = WrittenInField(_l("Language the child will use"))

    def validate_present(self, field):
        if self.seen_alone.data == "no" and not (field.data or "").strip():
            raise ValidationError(_l("Say who else is there and why; the record must show it."))


class ConfirmSeenForm(Form):
    """Asked at the end, of the worker who was there: the record says only what they confirm."""

    seen_alone = RadioField(
        _l("Was the child seen alone?"),
        choices=[
            SelectChoice("yes", _l("Yes, only me and the child")),
            SelectChoice("no", _l("No, someone else was there")),
        ],
        validators=[DataRequired(_l("Say whether the child was seen alone."))],
    )
    present = TextAreaField(_l("Who else was there?"), validators=[Length(max=2000)])
    reason = TextAreaField(_l("Why was the child not seen alone?"), validators=[Length(max=2000)])
    where = StringField(
        _l("Where did it happen?"),
        description=_l("For example: at school, in the quiet room."),
        validators=[DataRequired(_l("Say where it happened.")), Length(max=200)],
    )

    def validate_present(self, field):
        if self.seen_alone.data == "no" and not (field.data or "").strip():
            raise ValidationError(_l("Say who else was there; the record must show it."))

    def validate_reason(self, field):
        if self.seen_alone.data == "no" and not (field.data or "").strip():
            raise ValidationError(_l("Say why the child was not seen alone."))
