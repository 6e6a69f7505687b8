from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from participation.forms import Form


class AnalysisForm(Form):
    analysis = TextAreaField(
        _l("Your analysis (the worker's view, kept apart from the child's words)"),
        validators=[Length(max=20000)],
    )


class ReplyForm(Form):
    reply = TextAreaField(
        _l("Reply to the child: you said, we did"),
        description=_l("Written for the child to read. They see it next time they sign in."),
        validators=[DataRequired(message=_l("Write a reply first.")), Length(max=4000)],
    )
