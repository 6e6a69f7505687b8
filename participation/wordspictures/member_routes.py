"""Words and Pictures on a parent's or member's phone: the family's storyboards, and a
parent adding a panel (a photo and words, in their own language)."""

from flask import abort, current_app, redirect, render_template, url_for
from sqlalchemy.exc import IntegrityError

from participation.audit.services import record_now
from participation.extensions import db
from participation.network.services import children_of, require_member
from participation.problems import Refused
from participation.responses import private_stored_file
from participation.wordspictures import member_bp as bp
from participation.wordspictures.services import (
    Author,
    add_panel,
    child_language,
    existing_panel,
    get_image_for_member_or_404,
    get_storyboard_for_member_or_404,
    may_add_panels,
    reading_of,
    storyboards_for_member,
)
from participation.wordspictures.worker_routes import panel_form, picture_bytes


@bp.url_value_preprocessor
def _read_big_picture_forms(endpoint: str | None, _values: dict | None) -> None:
    """Runs before the CSRF check reads the form: a big photo must not cost the words."""
    from flask import request

    if endpoint == "wordspictures_member.add":
        request.max_content_length = current_app.config["PHOTO_FORM_MAX_CONTENT_LENGTH"]


@bp.get("")
def storyboards():
    member = require_member()
    return render_template(
        "wordspictures/member_list.html",
        member=member,
        storyboards=storyboards_for_member(member),
        may_add=may_add_panels(member),
    )


def _page(member, storyboard, form=None, error=None, status=200):
    return render_template(
        "wordspictures/member_storyboard.html",
        member=member,
        storyboard=storyboard,
        form=form or panel_form(member.language),
        may_add=may_add_panels(member),
        error=error,
        # The reader's own language first; the child's words stay as written beside them.
        reading=reading_of(storyboard.panels, member.language),
        child_language=child_language(storyboard),
    ), status


@bp.get("/<storyboard_id>")
def storyboard(storyboard_id: str):
    member = require_member()
    storyboard = get_storyboard_for_member_or_404(member, storyboard_id)
    # About the family's children: their trails show which member looked.
    record_now("network_view_words_and_pictures", None, "storyboard", storyboard.public_id,
               about=children_of(member.family))  # fmt: skip
    return _page(member, storyboard)


@bp.post("/<storyboard_id>/panels")
def add(storyboard_id: str):
    member = require_member()
    storyboard = get_storyboard_for_member_or_404(member, storyboard_id)
    if not may_add_panels(member):
        abort(404)  # only a parent (and the worker) adds panels
    # A phone that leaves the language out still writes in the member's own language.
    form = panel_form(member.language)
    done = redirect(
        url_for(".storyboard", storyboard_id=storyboard.public_id, saved=1) + "#panels", 303
    )
    if form.validate_on_submit():
        key = (form.client_key.data or "")[:64] or None
        try:
            # Sent twice (a double tap on a slow phone), the first panel stands.
            add_panel(storyboard, form.words.data or "", form.language.data or member.language,
                      picture_bytes(), Author.of_member(member), key)  # fmt: skip
            db.session.commit()
            return done
        except IntegrityError:
            db.session.rollback()  # two copies raced: the first one stands
            if existing_panel(storyboard, key) is None:
                raise
            return done
        except Refused as refused:
            # The words as written are kept in the form, with what to do in plain words.
            db.session.rollback()
            return _page(member, storyboard, form, refused.message, refused.status)
    return _page(member, storyboard, form, status=422)


@bp.get("/images/<image_id>")
def image(image_id: str):
    member = require_member()
    picture = get_image_for_member_or_404(member, image_id)
    record_now("network_view_words_and_pictures_image", None, "storyboard_image",
               picture.public_id, about=children_of(member.family))  # fmt: skip
    return private_stored_file(picture.storage_key, picture.media_type)
