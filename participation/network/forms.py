import uuid

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from participation.forms import Form
from participation.translation.gender import interpreter_gender_field


class MemberForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    relationship = StringField(
        _l("Relationship to the children"),
        description=_l("For example: Nan, family friend, neighbour."),
        validators=[DataRequired(), Length(max=200)],
    )
    contact = StringField(
        _l("Phone or email"),
        description=_l("Only you see this, unless you tick the box below."),
        validators=[Length(max=300)],
    )
    contact_shared = BooleanField(_l("Let the rest of the network see this contact"))
    language = SelectField(_l("Language"))
    # A parent is invited and signs in exactly like a member; the role names them.
    role = SelectField(
        _l("Who they are in the plan"),
        choices=[
            SelectChoice("member", _l("Network member")),
            SelectChoice("parent", _l("Parent")),
        ],
        default="member",
    )
    is_boss = BooleanField(_l("Boss of the plan (leads the network)"))
    # Safeguarding: the interpreter gender the member asks for (see translation/gender.py).
    interpreter_gender = interpreter_gender_field()


class PairForm(Form):
    statement = TextAreaField(validators=[DataRequired(), Length(max=4000)])
    goal = TextAreaField(validators=[DataRequired(), Length(max=4000)])


class RuleForm(Form):
    text = TextAreaField(
        _l("The rule: what happens when danger arises"),
        description=_l("For example: If Mum is drinking, Nan collects Amy from school."),
        validators=[DataRequired(), Length(max=2000)],
    )
    who = StringField(_l("Who does it"), validators=[Length(max=200)])


class SafetyObjectForm(Form):
    terminology = SelectField(
        _l("Words this plan uses"),
        choices=[
            SelectChoice("safety", _l("Danger statement and safety goal")),
            SelectChoice("wellbeing", _l("Worry statement and wellbeing goal")),
            SelectChoice("success", _l("Worry statement and success goal")),
        ],
    )
    safety_object = StringField(_l("The safety object"), validators=[Length(max=500)])
    usual_place = StringField(_l("Where it normally is"), validators=[Length(max=500)])
    moved_means = TextAreaField(_l("What moving it means"), validators=[Length(max=2000)])
    who_acts = StringField(_l("Who acts when it moves"), validators=[Length(max=500)])
    # The safety object is chosen by the child: the family's children, filled in by the view.
    chosen_by = SelectField(_l("Which child chose it"), default="")
    next_review_on = DateField(_l("Next review of the plan"), validators=[Optional()])

    def validate_next_review_on(self, field) -> None:
        """The plan is reviewed at least once an interval, as the review form insists; a
        date already on the plan (even an overdue one) can stay while other things change."""
        from participation.network.plan_review import interval, today

        if field.data is None or field.data == field.object_data:
            return
        if not today() < field.data <= today() + interval():
            raise ValidationError(
                _("Choose a date for the next review within %(days)s days.", days=interval().days)
            )


class ItemForm(Form):
    """One sentence of the plan's other parts; who and by when matter most on the timeline."""

    text = TextAreaField(_l("The words"), validators=[DataRequired(), Length(max=2000)])
    who = StringField(_l("Who"), validators=[Length(max=200)])
    by_when = DateField(_l("By when"), validators=[Optional()])


def _new_key() -> str:
    return str(uuid.uuid4())


class ProposalForm(Form):
    """A member's or parent's words for the plan; the key makes a double tap one proposal."""

    client_key = HiddenField(default=_new_key)
    part = HiddenField(validators=[DataRequired()])
    target = HiddenField()
    text = TextAreaField(
        _l("Your words"),
        validators=[DataRequired(message=_l("Please write your words.")), Length(max=2000)],
    )
    # Only for a new danger statement, which always comes with its goal.
    goal = TextAreaField(_l("What you want to happen instead"), validators=[Length(max=2000)])

    def validate_goal(self, field) -> None:
        if self.part.data == "pair" and not (field.data or "").strip():
            raise ValidationError(_l("Please write what you want to happen instead."))


class ProposalAnswerForm(Form):
    """The worker accepts, edits then accepts, or declines (saying why, if they like)."""

    action = HiddenField(validators=[DataRequired()])
    text = TextAreaField(_l("The words, as they go into the plan"), validators=[Length(max=2000)])
    reason = TextAreaField(_l("Why not (they will see this)"), validators=[Length(max=1000)])
    goal = TextAreaField(_l("The goal, as it goes into the plan"), validators=[Length(max=2000)])
    # Which language the edited words are in: the proposer's, or English if the worker
    # rewrote them in English (then they are translated back for the proposer).
    language = HiddenField()


class JoinForm(Form):
    code = StringField(
        _l("Your invitation code"),
        validators=[DataRequired(message=_l("Please type the code.")), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
