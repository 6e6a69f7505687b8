"""Someone independent: a child or young person asks for an advocate, or says they are not
happy about something; the council's contacts are told, and the outcome comes back to them."""

from flask import Blueprint

bp = Blueprint("advocacy", __name__, url_prefix="/advocacy")

# The outcome, in a child's own space once the worker shares it.
import participation.advocacy.child_space  # noqa: E402,F401
