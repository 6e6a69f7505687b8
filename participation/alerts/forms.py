from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.forms import Form

# What the person picking up an alert is doing: one tap, with words when none fits.
ACTIONS = [
    ("phoning", _l("I'm phoning them now")),
    ("visiting", _l("I'm going to see them now")),
    ("police", _l("I have called the police (999)")),
    ("meeting", _l("I'm arranging an urgent network meeting")),
    ("other", _l("Something else (say what below)")),
]
# The review queue's one-tap button, kept for the queue page.
FROM_QUEUE = _l("Picked up from the review queue")


class AcknowledgeForm(Form):
    action = RadioField(
        _l("What are you doing?"),
        choices=[SelectChoice(value, label) for value, label in ACTIONS],
        validators=[DataRequired(message=_l("Choose what you are doing."))],
    )
    detail = TextAreaField(_l("Anything to add (optional)"), validators=[Length(max=2000)])

    def validate_detail(self, field) -> None:
        if self.action.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Say what you are doing."))

    def action_text(self) -> str:
        """What goes on the record: the choice as shown, then any words, as written."""
        label = str(dict(ACTIONS)[self.action.data])
        detail = self.detail.data or ""
        return f"{label}: {detail}" if detail.strip() else label
