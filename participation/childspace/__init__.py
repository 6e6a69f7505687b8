"""The child's own space (/me): only what their worker chose to share with that child, in the
child's language, read aloud; and the worker's panel that chooses it. One blueprint per
audience."""

from flask import Blueprint

# The child's side, on their own device with a code (or just after finishing on it).
bp = Blueprint("childspace", __name__, url_prefix="/me")
# The worker's side: the panel, sharing, and the space opened together on the worker's device.
worker_bp = Blueprint("childspace_worker", __name__, url_prefix="/children/<child_id>/space")

BLUEPRINTS = (bp, worker_bp)
# kinds registers this package's own shareables (the plan, the worker's replies) at start-up.
ROUTE_MODULES = ("kinds", "routes")
