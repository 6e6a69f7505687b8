from datetime import date

from flask import Blueprint

bp = Blueprint("pathway", __name__)


@bp.app_template_filter("section_title")
def _section_title(slug: str) -> str:
    from participation.pathway.sections import BY_SLUG

    return str(BY_SLUG[slug].title) if slug in BY_SLUG else slug


@bp.app_template_global("today")
def _today() -> date:
    return date.today()
