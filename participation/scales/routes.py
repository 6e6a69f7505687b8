from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.audit.services import record
from participation.children.forms import CHILD_LANGUAGES
from participation.children.services import get_child_or_404
from participation.extensions import db
from participation.i18n import language_name
from participation.languages import is_known
from participation.people import current_worker
from participation.scales import bp
from participation.scales.forms import ScaleQuestionForm
from participation.scales.services import record_answer


@bp.route("/new/<child_id>", methods=["GET", "POST"])
@login_required
def ask(child_id: str):
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    form = ScaleQuestionForm()
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    if not form.is_submitted():
        form.language.data = child.preferred_language
        form.question.data = _(
            "On a scale of 0 to 10, where 10 means everyone knows %(name)s is safe enough "
            "and 0 means things are so bad %(name)s can't live at home, where are things now?",
            name=child.first_name,
        )
        form.low_label.data = _("%(name)s can't live at home", name=child.first_name)
        form.high_label.data = _("Everyone knows %(name)s is safe enough", name=child.first_name)
    if form.validate_on_submit():
        if not is_known(form.language.data):
            form.language.data = child.preferred_language
        answer = record_answer(child, worker, form)
        db.session.flush()
        record("record_scale", child, "scale", answer.public_id)
        db.session.commit()
        return redirect(url_for("children.view_child", child_id=child.public_id) + "#scales")
    status = 422 if form.is_submitted() else 200
    return render_template("scales/new.html", form=form, child=child), status
