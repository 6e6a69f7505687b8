"""Seed data for the load test: a worker, families with invited members, children with codes."""

import json
import sys
from datetime import date

from participation import create_app
from participation.activities.models import Mode
from participation.activities.services import start_activity
from participation.auth.models import Role
from participation.auth.services import create_worker, get_or_create_team
from participation.children.services import create_child
from participation.codes.services import issue_code
from participation.extensions import db
from participation.network.models import NetworkMember
from participation.network.services import create_family_for, issue_invite, plan_for

WORKER_EMAIL = "load@example.org"
WORKER_PASSWORD = "load-test-password-0123"  # noqa: S105  (a throwaway database)
# A reserved drama number (Ofcom): the alert texts go to the load test's fake Notify only.
WORKER_MOBILE = "07700 900123"


def seed(members: int, children: int) -> dict:
    team = get_or_create_team("Load")
    worker = create_worker(WORKER_EMAIL, "Load Worker", Role.SOCIAL_WORKER, WORKER_PASSWORD, team)
    worker.mobile = WORKER_MOBILE  # so a plan that did not work sends a text as well as an email
    invites, codes = [], []
    for n in range(max(members, children)):
        child = create_child(
            name=f"Child {n}", date_of_birth=date(2017, 1, 1), case_reference=f"L-{n}",
            preferred_language="en", communication_needs="", allocated_worker=worker,
        )  # fmt: skip
        db.session.flush()
        if n < members:
            family = create_family_for(child, worker)
            plan_for(family)
            member = NetworkMember(
                family_id=family.id, name=f"Member {n}", relationship_to_child="Nan",
                invited_by_id=worker.id,
            )  # fmt: skip
            db.session.add(member)
            db.session.flush()
            invites.append(issue_invite(member)[1])
        if n < children:
            activity = start_activity(
                child, worker, tool="three_houses", mode=Mode.CODE, seen_alone=True,
                present="", interpreter="", language="en",
            )  # fmt: skip
            db.session.flush()
            codes.append([issue_code(activity, worker)[1], activity.public_id])
    db.session.commit()
    return {
        "invites": invites,
        "codes": codes,
        "worker": {"email": WORKER_EMAIL, "password": WORKER_PASSWORD},
    }


if __name__ == "__main__":
    app = create_app()
    with app.app_context():
        print(json.dumps(seed(int(sys.argv[1]), int(sys.argv[2]))))
