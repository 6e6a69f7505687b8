from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.forms import Form
from participation.languages import LongSelectField


class AnalysisForm(Form):
    analysis = TextAreaField(
        _l("Your analysis (the worker's view, kept apart from the child's words)"),
        # Its own id: the form around it is #analysis, and a label needs one target.
        id="analysis-text",
        validators=[Length(max=20000)],
    )


class ReplyForm(Form):
    reply = TextAreaField(
        _l("Reply to the child: you said, we did"),
        # Its own id: the form around it is #reply, and a label needs one target.
        id="reply-text",
        description=_l("Written for the child to read. They see it next time they sign in."),
        validators=[DataRequired(message=_l("Write a reply first.")), Length(max=4000)],
    )


class QueueFilterForm(Form):
    """The queue's filters, read from the address (a GET form: bookmarkable, no CSRF, and a
    value the worker may not use, such as another worker's child, simply matches nothing)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Child's name or case reference"),
        validators=[Optional(), Length(max=100)],
        filters=[lambda value: (value or "").strip()],
    )
    # A list of the asker's own children only (their caseload; a manager's, their team's),
    # set by the view: another worker's child is never offered, nor matched if typed in.
    child = LongSelectField(_l("Child"), choices=[], validate_choice=False)
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    language = LongSelectField(_l("Language"), choices=[], validate_choice=False)
    urgent = BooleanField(_l("Urgent"))
    unread = BooleanField(_l("Unread"))
    untranslated = BooleanField(_l("Not translated yet"))
    late = BooleanField(_l("Late for the record"))
