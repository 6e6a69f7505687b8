from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from participation.forms import Form


class CodeForm(Form):
    code = StringField(
        _l("Your code"),
        validators=[DataRequired(message=_l("Please type the code.")), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
