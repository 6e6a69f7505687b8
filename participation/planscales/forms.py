"""The phone's forms: a scaling answer per statement, a practice run; the worker's new round."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from participation.forms import Form
from participation.languages import WrittenInField


class ScaleAnswerForm(Form):
    """The number comes from the 0-10 radios (the shared scale macro), checked in services."""

    why = TextAreaField(_l("Why did you choose that number?"), validators=[Length(max=4000)])
    one_higher = TextAreaField(
        _l("What would make it one number higher?"), validators=[Length(max=4000)]
    )
    # Any language, not only the interface ones: words in Dari are recorded as Dari.
    language = WrittenInField(_l("Language you are writing in"), validate_choice=False)


class PracticeRunForm(Form):
    practised_on = DateField(_l("When did you practise?"), validators=[Optional()])
    what_we_practised = TextAreaField(
        _l("What did you practise?"),
        description=_l("For example: Amy moved the safety object and Nan came round."),
        validators=[Length(max=4000)],
    )
    how_it_went = TextAreaField(_l("How did it go?"), validators=[Length(max=4000)])
    language = WrittenInField(_l("Language you are writing in"), validate_choice=False)
    client_key = HiddenField()


class OpenRoundForm(Form):
    meeting_on = DateField(_l("Date of the network meeting"), validators=[Optional()])
