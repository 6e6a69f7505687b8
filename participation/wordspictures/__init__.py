"""Words and Pictures: a storyboard the worker and the parents make for a child, explaining
why social workers are involved, what the worries are and what keeps them safe."""

from flask import Blueprint

# The worker's pages, under the family's own pages (tablet or desktop).
worker_bp = Blueprint(
    "wordspictures", __name__, url_prefix="/families/<family_id>/words-and-pictures"
)
# A parent's or member's pages on their phone, under their /network pages.
member_bp = Blueprint("wordspictures_member", __name__, url_prefix="/network/words-and-pictures")

BLUEPRINTS = (worker_bp, member_bp)
ROUTE_MODULES = ("worker_routes", "member_routes")

# Registers the agreed versions as something a worker can show in a child's own space.
from participation.wordspictures import child_space  # noqa: E402,F401
