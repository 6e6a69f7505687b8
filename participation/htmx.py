"""Render a whole page, or for an htmx request just its fragment."""

import posixpath

from flask import get_template_attribute, redirect, render_template
from htmx_flask import make_response, request
from markupsafe import Markup


def is_htmx(*, boosted: bool = False) -> bool:
    """The one test for an htmx request. A boosted link or form swaps in a whole page, so it
    counts only with `boosted=True`, for answers that are headers rather than a body."""
    if not request.htmx:
        return False
    return boosted or not request.htmx.boosted


def render_fragment(template: str, **context) -> Markup:
    """A fragment alone: `_name.html` defines the macro `name`, given the view's values it names."""
    name = posixpath.basename(template).removeprefix("_").removesuffix(".html")
    macro = get_template_attribute(template, name)
    return macro(**{arg: context[arg] for arg in macro.arguments if arg in context})


def render(page: str, fragment: str, status: int = 200, **context):
    """One view serves both: the page calls the same macro the fragment returns alone."""
    if is_htmx():
        return render_fragment(fragment, **context), status
    return render_template(page, **context), status


def go_to(target: str):
    """After a form is done: a redirect, or for htmx an HX-Redirect, since htmx would follow
    a bare 302 and swap the whole next page into the form."""
    if is_htmx():
        return make_response("", 200, redirect=target)
    return redirect(target)
