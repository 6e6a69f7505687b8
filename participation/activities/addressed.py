"""Child-facing words some languages say differently to a girl and a boy (Arabic, Tigrinya):
each such message has "girl" and "boy" gettext-context entries besides its everyday form."""

from flask import g, has_request_context
from flask_babel import get_translations, gettext, pgettext
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import escape

from participation.children.models import Child

# The gettext contexts, and what Child.address_as may hold. Privacy: the choice only picks
# grammar on the child's own screens; it is never shown, and None means nothing recorded.
ADDRESS_AS = ("girl", "boy")

# Every message with girl/boy entries; a template asks for one with _child("...").
ADDRESSED = frozenset(
    {
        "Change this",
        "%(name)s read your %(tool)s.",
        "Draw and write in each house. %(name)s wants to know what you think.",
        "Start with the first house",
        "We couldn't reach your worker just now. Press the button again soon, "
        "or tell a grown-up you trust.",
        "Go back to my houses",
        "No connection right now. Your words are kept on this tablet "
        "and will be sent when it is back online.",
        "Draw",
        "Undo",
        "Redo",
        "Start again",
        "Or add a photo of a drawing on paper",
        "Why did you choose that number?",
        "Write your words here",
        "Back",
        "Save",
        "What worries you? What makes you feel sad, cross or scared?",
        "What is good in your life? What makes you happy?",
        "If everything was just how you want it, what would be different?",
        "Who lives in your safety house with you? What do they do to keep you safe?",
        "What rules does everyone in your house follow, so that you are safe?",
        "Who comes to visit and helps to keep you safe?",
        "Who must not come into your house? Who can only come in when someone safe is there?",
    }
)

_KEY = "address_as"


def addressed_as(value: str | None) -> str | None:
    """The stored value: "girl", "boy", or None (not recorded: the everyday form)."""
    return value if value in ADDRESS_AS else None


def address(child: Child) -> None:
    """This request's pages speak to this child; set per request, so never another child's."""
    # The child is already loaded with the activity: no query, and g ends with the request.
    setattr(g, _KEY, child.address_as)


def addressed(message: object) -> str:
    """The message as said to the current child: their form if recorded and translated."""
    # A tool's prompt arrives as a lazy string: its msgid is the argument it was made with.
    args = getattr(message, "_args", None)
    msgid = str(args[0]) if args else str(message)
    form = g.get(_KEY) if has_request_context() else None
    if form in ADDRESS_AS and msgid in ADDRESSED:
        # Babel answers the English msgid when this language has no entry for the context
        # (English itself, or a language not yet done): then the everyday form is used.
        text = get_translations().upgettext(form, msgid)
        if text != msgid:
            return text
    return gettext(msgid)


@pass_eval_context
def child_gettext(eval_ctx: EvalContext, message: object, **variables: object) -> str:
    """Jinja's _child(): like _() (placeholders escaped as Jinja's _() does), but addressed."""
    text: str = addressed(message)
    if eval_ctx.autoescape:
        # Escaped, not trusted as markup: no catalogue entry carries HTML, and this way a
        # translation can never inject any; the placeholders are then escaped by Markup's %.
        text = escape(text)
    return text % variables if variables else text


def _extracted() -> None:
    """Never called: lists every context entry literally so `flask translate extract` finds it."""
    pgettext("girl", "Change this")
    pgettext("boy", "Change this")
    pgettext("girl", "%(name)s read your %(tool)s.")
    pgettext("boy", "%(name)s read your %(tool)s.")
    pgettext("girl", "Draw and write in each house. %(name)s wants to know what you think.")
    pgettext("boy", "Draw and write in each house. %(name)s wants to know what you think.")
    pgettext("girl", "Start with the first house")
    pgettext("boy", "Start with the first house")
    pgettext(
        "girl",
        "We couldn't reach your worker just now. Press the button again soon, "
        "or tell a grown-up you trust.",
    )
    pgettext(
        "boy",
        "We couldn't reach your worker just now. Press the button again soon, "
        "or tell a grown-up you trust.",
    )
    pgettext("girl", "Go back to my houses")
    pgettext("boy", "Go back to my houses")
    pgettext(
        "girl",
        "No connection right now. Your words are kept on this tablet "
        "and will be sent when it is back online.",
    )
    pgettext(
        "boy",
        "No connection right now. Your words are kept on this tablet "
        "and will be sent when it is back online.",
    )
    pgettext("girl", "Draw")
    pgettext("boy", "Draw")
    pgettext("girl", "Undo")
    pgettext("boy", "Undo")
    pgettext("girl", "Redo")
    pgettext("boy", "Redo")
    pgettext("girl", "Start again")
    pgettext("boy", "Start again")
    pgettext("girl", "Or add a photo of a drawing on paper")
    pgettext("boy", "Or add a photo of a drawing on paper")
    pgettext("girl", "Why did you choose that number?")
    pgettext("boy", "Why did you choose that number?")
    pgettext("girl", "Write your words here")
    pgettext("boy", "Write your words here")
    pgettext("girl", "Back")
    pgettext("boy", "Back")
    pgettext("girl", "Save")
    pgettext("boy", "Save")
    pgettext("girl", "What worries you? What makes you feel sad, cross or scared?")
    pgettext("boy", "What worries you? What makes you feel sad, cross or scared?")
    pgettext("girl", "What is good in your life? What makes you happy?")
    pgettext("boy", "What is good in your life? What makes you happy?")
    pgettext("girl", "If everything was just how you want it, what would be different?")
    pgettext("boy", "If everything was just how you want it, what would be different?")
    pgettext("girl", "Who lives in your safety house with you? What do they do to keep you safe?")
    pgettext("boy", "Who lives in your safety house with you? What do they do to keep you safe?")
    pgettext("girl", "What rules does everyone in your house follow, so that you are safe?")
    pgettext("boy", "What rules does everyone in your house follow, so that you are safe?")
    pgettext("girl", "Who comes to visit and helps to keep you safe?")
    pgettext("boy", "Who comes to visit and helps to keep you safe?")
    pgettext(
        "girl",
        "Who must not come into your house? Who can only come in when someone safe is there?",
    )
    pgettext(
        "boy", "Who must not come into your house? Who can only come in when someone safe is there?"
    )
