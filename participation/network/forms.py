from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

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


class JoinForm(Form):
    code = StringField(
        _l("Your invitation code"),
        validators=[DataRequired(message=_l("Please type the code.")), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
