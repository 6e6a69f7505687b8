"""The worker's Words and Pictures pages for a family (tablet or desktop): storyboards,
panels, versions, agreeing a version, and sharing it with the network."""

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from participation.audit.services import record_now
from participation.children.forms import CHILD_LANGUAGES
from participation.extensions import db
from participation.i18n import language_name
from participation.network.services import children_of, get_family_or_404
from participation.people import current_worker
from participation.problems import Refused
from participation.responses import private_stored_file
from participation.wordspictures import worker_bp as bp
from participation.wordspictures.forms import (
    KeepVersionForm,
    PanelForm,
    PlanStoryboardForm,
    StoryboardForm,
)
from participation.wordspictures.services import (
    Author,
    add_panel,
    agree_version,
    child_language,
    child_of_family_or_none,
    existing_panel,
    existing_version,
    get_image_of_family_or_404,
    get_panel_or_404,
    get_storyboard_or_404,
    get_version_or_404,
    keep_version,
    move_panel,
    reading_of,
    remove_panel,
    set_shared,
    storyboard_from_plan,
    storyboards_of,
    update_panel,
)

BASE = ""  # the blueprint's prefix names the family


def _family(family_id: str):
    return get_family_or_404(family_id, current_worker())


def _child_choices(family) -> list[SelectChoice]:
    return [SelectChoice("", _("Every child in the family"))] + [
        SelectChoice(c.public_id, c.name) for c in children_of(family)
    ]


def panel_form(language: str = "en", **values) -> PanelForm:
    form = PanelForm(language=language, **values)
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    return form


def picture_bytes() -> bytes | None:
    upload = request.files.get("picture")
    if upload is None or not upload.filename:
        return None
    return upload.read()


@bp.url_value_preprocessor
def _read_big_picture_forms(endpoint: str | None, _values: dict | None) -> None:
    """Runs before the CSRF check reads the form: a big photo must not cost the words."""
    if endpoint in ("wordspictures.add", "wordspictures.edit"):
        request.max_content_length = current_app.config["PHOTO_FORM_MAX_CONTENT_LENGTH"]


def _list_page(family, form=None, plan_form=None, status=200):
    form = form or StoryboardForm()
    plan_form = plan_form or PlanStoryboardForm()
    form.child.choices = plan_form.child.choices = _child_choices(family)
    return render_template(
        "wordspictures/list.html",
        family=family,
        storyboards=storyboards_of(family),
        form=form,
        plan_form=plan_form,
        has_plan=bool(family.plan and (family.plan.pairs or family.plan.rules)),
    ), status


@bp.get(BASE)
@login_required
def storyboards(family_id: str):
    return _list_page(_family(family_id))


@bp.post(BASE)
@login_required
def make(family_id: str):
    family = _family(family_id)
    form = StoryboardForm()
    form.child.choices = _child_choices(family)
    if not form.validate_on_submit():
        return _list_page(family, form=form, status=422)
    from participation.wordspictures.services import create_storyboard

    child = child_of_family_or_none(family, form.child.data)
    storyboard = create_storyboard(family, current_worker(), form.title.data or "", child)
    db.session.commit()
    return redirect(_url(family, storyboard), 303)


@bp.post(BASE + "/from-plan")
@login_required
def from_plan(family_id: str):
    """ "Make a Words and Pictures version of the safety plan": one panel per piece."""
    family = _family(family_id)
    form = PlanStoryboardForm()
    form.child.choices = _child_choices(family)
    if not form.validate_on_submit():
        return _list_page(family, plan_form=form, status=422)
    child = child_of_family_or_none(family, form.child.data)
    storyboard = storyboard_from_plan(family, current_worker(), child)
    db.session.commit()
    return redirect(_url(family, storyboard), 303)


def _url(family, storyboard) -> str:
    return url_for(
        "wordspictures.storyboard", family_id=family.public_id, storyboard_id=storyboard.public_id
    )


def _storyboard_page(family, storyboard, form=None, error=None, status=200):
    language = child_language(storyboard)
    return render_template(
        "wordspictures/storyboard.html",
        family=family,
        storyboard=storyboard,
        form=form or panel_form(),
        panel_forms={p.public_id: panel_form(p.language, words=p.words) for p in storyboard.panels},
        error=error,
        keep_form=KeepVersionForm(formdata=None),
        child_language=language,
        reading=reading_of(storyboard.panels, language),
    ), status


@bp.get(BASE + "/<storyboard_id>")
@login_required
def storyboard(family_id: str, storyboard_id: str):
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    # The parents' panels are their words about the children: the children's trails show it.
    record_now("view_words_and_pictures", None, "storyboard", storyboard.public_id,
               about=children_of(family))  # fmt: skip
    return _storyboard_page(family, storyboard)


@bp.post(BASE + "/<storyboard_id>/panels")
@login_required
def add(family_id: str, storyboard_id: str):
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    form = panel_form()
    if form.validate_on_submit():
        key = (form.client_key.data or "")[:64] or None
        try:
            # Sent twice (a double tap on a slow tablet), the first panel stands.
            add_panel(storyboard, form.words.data or "", form.language.data or "en",
                      picture_bytes(), Author.of_worker(current_worker()), key)  # fmt: skip
            db.session.commit()
            return redirect(_url(family, storyboard) + "#panels", 303)
        except IntegrityError:
            db.session.rollback()  # two copies raced: the first one stands
            if existing_panel(storyboard, key) is None:
                raise
            return redirect(_url(family, storyboard) + "#panels", 303)
        except Refused as refused:
            # Shown again with the words as written, and what to do in plain words.
            db.session.rollback()
            return _storyboard_page(family, storyboard, form, refused.message, refused.status)
    return _storyboard_page(family, storyboard, form, status=422)


@bp.post(BASE + "/<storyboard_id>/panels/<panel_id>")
@login_required
def edit(family_id: str, storyboard_id: str, panel_id: str):
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    panel = get_panel_or_404(storyboard, panel_id)
    form = panel_form()
    if form.validate_on_submit():
        try:
            update_panel(panel, form.words.data or "", form.language.data or panel.language,
                         picture_bytes(), current_worker())  # fmt: skip
            db.session.commit()
            return redirect(_url(family, storyboard) + f"#panel-{panel.public_id}", 303)
        except Refused as refused:
            db.session.rollback()
            return _storyboard_page(family, storyboard, error=refused.message,
                                    status=refused.status)  # fmt: skip
    return _storyboard_page(family, storyboard, error=_("Please check the words."), status=422)


@bp.post(BASE + "/<storyboard_id>/panels/<panel_id>/move")
@login_required
def move(family_id: str, storyboard_id: str, panel_id: str):
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    move_panel(get_panel_or_404(storyboard, panel_id), request.form.get("direction", ""))
    db.session.commit()
    return redirect(_url(family, storyboard) + f"#panel-{panel_id}", 303)


@bp.post(BASE + "/<storyboard_id>/panels/<panel_id>/remove")
@login_required
def remove(family_id: str, storyboard_id: str, panel_id: str):
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    remove_panel(get_panel_or_404(storyboard, panel_id))
    db.session.commit()
    return redirect(_url(family, storyboard) + "#panels", 303)


@bp.post(BASE + "/<storyboard_id>/versions")
@login_required
def keep(family_id: str, storyboard_id: str):
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    form = KeepVersionForm()
    if not form.validate_on_submit():
        return _storyboard_page(family, storyboard, error=_("Please try again."), status=422)
    key = (form.client_key.data or "")[:64] or None
    try:
        # Tapped twice, the second gives back the version the first kept.
        keep_version(storyboard, current_worker(), key)
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        return _storyboard_page(family, storyboard, error=refused.message, status=refused.status)
    except IntegrityError:
        db.session.rollback()  # two copies raced: the first one stands
        if existing_version(storyboard, key) is None:
            raise
    return redirect(_url(family, storyboard) + "#versions", 303)


@bp.post(BASE + "/<storyboard_id>/versions/<version_id>/agree")
@login_required
def agree(family_id: str, storyboard_id: str, version_id: str):
    """ "Agree this version": it becomes a record entry, ready to file with a statement."""
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    agree_version(get_version_or_404(storyboard, version_id), current_worker())
    db.session.commit()
    return redirect(_url(family, storyboard) + "#versions", 303)


@bp.post(BASE + "/<storyboard_id>/share")
@login_required
def share(family_id: str, storyboard_id: str):
    """Parents always see it; the rest of the network only once the worker says so."""
    family = _family(family_id)
    storyboard = get_storyboard_or_404(family, storyboard_id)
    set_shared(storyboard, request.form.get("share") == "yes")
    db.session.commit()
    return redirect(_url(family, storyboard), 303)


@bp.get(BASE + "/images/<image_id>")
@login_required
def image(family_id: str, image_id: str):
    family = _family(family_id)
    picture = get_image_of_family_or_404(family, image_id)
    record_now("view_words_and_pictures_image", None, "storyboard_image", picture.public_id,
               about=children_of(family))  # fmt: skip
    return private_stored_file(picture.storage_key, picture.media_type)
