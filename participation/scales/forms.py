from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from participation.forms import Form
from participation.languages import WrittenInField

ANSWERER_KINDS = [
    SelectChoice("child", _l("The child")),
    SelectChoice("parent", _l("A parent or carer")),
    SelectChoice("network", _l("A safety network member")),
    SelectChoice("worker", _l("A worker or professional")),
]


class ScaleQuestionForm(Form):
    """A worker records a scaling question asked at a visit or meeting."""

    question = TextAreaField(_l("The question"), validators=[DataRequired(), Length(max=1000)])
    low_label = StringField(_l("What 0 means"), validators=[DataRequired(), Length(max=300)])
    high_label = StringField(_l("What 10 means"), validators=[DataRequired(), Length(max=300)])
    answered_by_kind = RadioField(_l("Who answered?"), choices=ANSWERER_KINDS, default="child")
    answered_by_name = StringField(_l("Their name"), validators=[Length(max=200)])
    value = IntegerField(
        _l("Their number"),
        validators=[
            DataRequired(message=_l("Choose a number from 0 to 10.")),
            NumberRange(min=0, max=10, message=_l("Choose a number from 0 to 10.")),
        ],
    )
    why = TextAreaField(_l("Why that number? (their words)"), validators=[Length(max=4000)])
    one_higher = TextAreaField(
        _l("What would make it one number higher? (their words)"), validators=[Length(max=4000)]
    )
    # The language their words are in: words not in English are sent for translation.
    # Left out (an older form, a script) means the child's language; checked in the view.
    # Any language, not only the interface ones: words in Tigrinya are recorded as Tigrinya.
    language = WrittenInField(_l("Language of their words"), validate_choice=False)
