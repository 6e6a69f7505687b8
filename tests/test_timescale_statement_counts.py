"""The adviser's list with every young person's milestones, moves, reviews and requests to
bring a review forward sends as many SQL statements for 12 young people as for 3."""

from datetime import date, timedelta

from participation.auth.models import Role
from participation.extensions import db
from participation.pathway.agreement import agree
from participation.pathway.moves import ask_to_bring_forward, record_move
from participation.pathway.plans import plan_for
from participation.pathway.reviews import hold_review, next_review
from tests.helpers import page_text
from tests.test_statement_counts import FEW, MORE, grows, signed_in


def test_the_advisers_list_with_milestones(app, make_worker, make_young_person):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    made = []

    def seed(n: int) -> None:
        for i in range(n):
            person = make_young_person(adviser, name=f"Person {len(made):02d}")
            # Ages across the milestones: some about to be 16, some past 16 years 3 months.
            person.date_of_birth = date(2008, 2, 29) + timedelta(days=97 * len(made))
            made.append(person)
            agree(person, "young_person")
            agree(person, "personal_adviser")
            record_move(person, date.today(), "own_tenancy", "", "personal_adviser",
                        adviser.name, "en")  # fmt: skip
            ask_to_bring_forward(person, "Crisis", "personal_adviser", adviser.name, "en")
            if i % 2:
                hold_review(person, next_review(plan_for(person)), date.today(), "Fine", adviser)
        db.session.commit()

    client = signed_in(app, adviser)
    counts = grows(client, "/young-people", seed)
    assert counts.few == counts.many, counts.repeated
    page = page_text(client.get("/young-people"))
    assert f"Person {FEW + MORE - 1:02d}" in page and "Plan review" in page
