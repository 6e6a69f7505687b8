"""Every milestone worked out from a date of birth, across birthdays, month ends and leap
years, with the day before, the day of and the day after each boundary."""

from datetime import date, timedelta

import pytest

from participation.config import PATHWAY_MILESTONES as SETTINGS
from participation.pathway.milestones import (
    DONE,
    DONE_LATE,
    DUE,
    OVERDUE,
    UPCOMING,
    age_reached,
    milestones,
    months_after,
    needs_attention,
)


@pytest.mark.parametrize(
    ("born", "years", "months", "reached"),
    [
        (date(2008, 4, 2), 16, 0, date(2024, 4, 2)),
        (date(2008, 4, 2), 15, 5, date(2023, 9, 2)),
        (date(2008, 4, 2), 16, 3, date(2024, 7, 2)),
        (date(2008, 4, 2), 25, 0, date(2033, 4, 2)),
        # 29 February: the 16th birthday falls in a leap year, on the day itself ...
        (date(2008, 2, 29), 16, 0, date(2024, 2, 29)),
        # ... and in a year without one, on 1 March (the practice in England), not 28 February.
        (date(2008, 2, 29), 17, 0, date(2025, 3, 1)),
        (date(2000, 2, 29), 25, 0, date(2025, 3, 1)),
        (date(2004, 2, 29), 25, 0, date(2029, 3, 1)),
        (date(2008, 2, 29), 15, 5, date(2023, 7, 29)),
        (date(2008, 2, 29), 16, 3, date(2024, 5, 29)),
        # A day the later month lacks: 31 August + 15 years 6 months has no 31 February.
        (date(2008, 8, 31), 15, 6, date(2024, 3, 1)),
        (date(2009, 8, 31), 15, 6, date(2025, 3, 1)),
        (date(2008, 9, 30), 15, 5, date(2024, 3, 1)),  # no 30 February in 2024 either
        (date(2007, 9, 30), 15, 5, date(2023, 3, 2) - timedelta(days=1)),  # 1 March 2023
        (date(2008, 10, 31), 16, 3, date(2025, 1, 31)),
        (date(2008, 5, 31), 16, 3, date(2024, 8, 31)),
        (date(2008, 3, 31), 15, 5, date(2023, 8, 31)),
        (date(2008, 1, 31), 15, 5, date(2023, 6, 30) + timedelta(days=1)),  # 1 July
        # Year ends: December + 5 months crosses into the next year.
        (date(2008, 12, 15), 15, 5, date(2024, 5, 15)),
        (date(2008, 12, 31), 16, 3, date(2025, 3, 31)),
    ],
)
def test_the_day_an_age_is_reached(born, years, months, reached):
    assert age_reached(born, years, months) == reached


def test_review_months_never_run_past_a_short_month():
    """A review every 6 months from 31 August is due by 28 (or 29) February, never 1 March."""
    assert months_after(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert months_after(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert months_after(date(2024, 2, 29), 6) == date(2024, 8, 29)
    assert months_after(date(2025, 7, 15), 6) == date(2026, 1, 15)
    assert months_after(date(2025, 12, 31), 6) == date(2026, 6, 30)


def by_key(found):
    return {m.key: m for m in found}


BORN = date(2008, 4, 2)  # 16 on 2 April 2024; 15y5m on 2 Sept 2023; 16y3m on 2 July 2024


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2024, 3, 3), UPCOMING),  # 29 days before the day before the 16th birthday
        (date(2024, 3, 4), DUE),  # 28 days before: due soon
        (date(2024, 4, 1), DUE),  # the day before the birthday: the last day "before 16"
        (date(2024, 4, 2), OVERDUE),  # the birthday itself is a day late
    ],
)
def test_an_adviser_not_yet_allocated_is_due_then_overdue_at_16(today, status):
    assert by_key(milestones(BORN, today, SETTINGS))["adviser_allocated"].status == status


def test_an_allocated_adviser_is_done_with_its_date():
    found = by_key(milestones(BORN, date(2030, 1, 1), SETTINGS, allocated_on=date(2023, 1, 5)))
    assert found["adviser_allocated"].status == DONE
    assert found["adviser_allocated"].done_on == date(2023, 1, 5)
    assert found["adviser_allocated"].due == date(2024, 4, 1)


@pytest.mark.parametrize(
    ("allocated_on", "status"),
    [(date(2024, 4, 1), DONE), (date(2024, 4, 2), DONE_LATE), (date(2025, 1, 1), DONE_LATE)],
)
def test_an_adviser_allocated_at_16_or_later_is_done_late(allocated_on, status):
    found = by_key(milestones(BORN, date(2030, 1, 1), SETTINGS, allocated_on=allocated_on))
    assert found["adviser_allocated"].status == status


@pytest.mark.parametrize(
    ("started_on", "status"),
    [(date(2023, 12, 1), DONE), (date(2024, 7, 2), DONE), (date(2024, 7, 3), DONE_LATE)],
)
def test_an_assessment_started_after_the_plan_was_due_is_done_late(started_on, status):
    found = by_key(milestones(BORN, date(2030, 1, 1), SETTINGS, assessment_started_on=started_on))
    assert found["assessment"].status == status and found["assessment"].done_on == started_on


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2023, 9, 1), UPCOMING),  # the day before 15 years 5 months
        (date(2023, 9, 2), DUE),  # from 15 years 5 months
        (date(2024, 7, 2), DUE),  # still due up to the plan's own deadline
        (date(2024, 7, 3), OVERDUE),  # late once the plan is late
    ],
)
def test_the_assessment_is_due_from_15_years_5_months(today, status):
    assessment = by_key(milestones(BORN, today, SETTINGS))["assessment"]
    assert assessment.due == date(2023, 9, 2) and assessment.status == status


def test_a_started_assessment_is_done():
    found = by_key(
        milestones(BORN, date(2024, 8, 1), SETTINGS, assessment_started_on=date(2023, 10, 1))
    )
    assert found["assessment"].status == DONE


@pytest.mark.parametrize(
    ("today", "signed", "status"),
    [
        (date(2024, 6, 3), None, UPCOMING),  # 29 days before 16 years 3 months
        (date(2024, 6, 4), None, DUE),
        (date(2024, 7, 2), None, DUE),
        (date(2024, 7, 3), None, OVERDUE),
        (date(2024, 7, 3), date(2024, 7, 2), DONE),
        (date(2024, 7, 3), date(2024, 7, 3), DONE_LATE),  # signed, but a day late
    ],
)
def test_the_plan_is_signed_by_16_years_3_months(today, signed, status):
    plan = by_key(milestones(BORN, today, SETTINGS, plan_signed_on=signed))["plan_signed"]
    assert plan.due == date(2024, 7, 2) and plan.status == status


def test_no_review_milestone_before_the_plan_is_signed():
    assert "review" not in by_key(milestones(BORN, date(2025, 1, 1), SETTINGS))


@pytest.mark.parametrize(
    ("today", "status"),
    [
        # Reviewed within 6 months: the next is ahead, never "done" before it is held.
        (date(2025, 1, 1), UPCOMING),
        (date(2025, 2, 3), UPCOMING),  # 29 days before
        (date(2025, 2, 4), DUE),  # 28 days before 4 March
        (date(2025, 3, 4), DUE),
        (date(2025, 3, 5), OVERDUE),
    ],
)
def test_reviews_every_6_months_from_the_last(today, status):
    review = by_key(
        milestones(
            BORN, today, SETTINGS, plan_signed_on=date(2024, 6, 1), last_review_on=date(2024, 9, 4)
        )  # fmt: skip
    )["review"]
    assert review.due == date(2025, 3, 4) and review.status == status
    assert review.done_on == date(2024, 9, 4)


def test_an_earlier_date_set_since_wins():
    """A move (28 days on) or a review brought forward makes the next review sooner."""
    review = by_key(
        milestones(
            BORN,
            date(2024, 9, 1),
            SETTINGS,
            plan_signed_on=date(2024, 6, 1),
            next_review_on=date(2024, 9, 20),
        )  # fmt: skip
    )["review"]
    assert review.due == date(2024, 9, 20) and review.status == DUE


def test_support_ends_at_25_and_is_then_done():
    assert by_key(milestones(BORN, date(2033, 4, 1), SETTINGS))["support_until"].status == DUE
    ends = by_key(milestones(BORN, date(2033, 4, 2), SETTINGS))["support_until"]
    assert ends.due == date(2033, 4, 2) and ends.status == DONE
    assert by_key(milestones(BORN, date(2030, 1, 1), SETTINGS))["support_until"].status == UPCOMING


def test_a_29_february_birthday_through_a_whole_pathway():
    born = date(2008, 2, 29)
    found = by_key(milestones(born, date(2023, 7, 28), SETTINGS))
    assert found["assessment"].status == UPCOMING
    assert by_key(milestones(born, date(2023, 7, 29), SETTINGS))["assessment"].status == DUE
    assert found["adviser_allocated"].due == date(2024, 2, 28)  # before 16 on 29 February
    assert found["plan_signed"].due == date(2024, 5, 29)
    assert found["support_until"].due == date(2033, 3, 1)
    assert by_key(milestones(born, date(2033, 2, 28), SETTINGS))["support_until"].status == DUE
    assert by_key(milestones(born, date(2033, 3, 1), SETTINGS))["support_until"].status == DONE


def test_councils_set_their_own_ages():
    settings = {**SETTINGS, "plan_signed": (16, 0), "REVIEW_MONTHS": 3, "WARN_DAYS": 7}
    found = by_key(milestones(BORN, date(2024, 3, 27), settings, plan_signed_on=date(2024, 1, 10)))
    assert found["plan_signed"].due == date(2024, 4, 2)
    assert found["review"].due == date(2024, 4, 10) and found["review"].status == UPCOMING
    assert by_key(milestones(BORN, date(2024, 4, 3), settings,
                             plan_signed_on=date(2024, 1, 10)))["review"].status == DUE  # fmt: skip


def test_the_list_shows_overdue_first_then_due():
    found = milestones(BORN, date(2024, 7, 3), SETTINGS, allocated_on=date(2023, 1, 1))
    shown = needs_attention(found)
    assert [m.key for m in shown] == ["assessment", "plan_signed"]
    assert all(m.status == OVERDUE for m in shown)
    assert needs_attention(milestones(BORN, date(2021, 1, 1), SETTINGS)) == []


def test_the_adviser_records_when_they_were_allocated_and_the_assessment_started(
    app, make_worker, yp_phone, client, auth
):
    """Not guessed from when rows were made: a new young person's adviser is allocated today
    unless the form says otherwise, opening the review page starts no assessment, and a
    date after the due day shows as done late."""
    from sqlalchemy import select

    from participation.auth.models import Role
    from participation.extensions import db
    from participation.pathway.models import YoungPerson
    from participation.pathway.plans import today
    from participation.pathway.reviews import milestones_of_caseload
    from tests.helpers import page_text

    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    auth.sign_in(adviser)
    form = {"name": "Casey Lane", "date_of_birth": "2008-04-02", "preferred_language": "en",
            "interpreter_gender": "", "case_reference": ""}  # fmt: skip
    assert 'value="' + today().isoformat() in client.get("/young-people/new").get_data(True)
    assert client.post("/young-people/new", data=form).status_code == 302
    person = db.session.scalars(select(YoungPerson).filter_by(name="Casey Lane")).one()
    assert (person.pa_allocated_on, person.assessment_started_on) == (today(), None)
    client.get(f"/young-people/{person.public_id}/review")  # makes the plan's row
    yp_phone(person).get("/my-plan/review")

    def found() -> dict:
        return {m.key: m for m in milestones_of_caseload(adviser, today())[person.id]}

    assert found()["assessment"].done_on is None and found()["assessment"].status == OVERDUE
    assert found()["adviser_allocated"].status == DONE_LATE  # allocated today, after 16
    future = (today() + timedelta(days=1)).isoformat()
    url = f"/young-people/{person.public_id}/case-details"
    refused = client.post(url, data={"date_of_birth": "2008-04-02", "pa_allocated_on": future})
    assert refused.status_code == 422 and "can't be in the future" in page_text(refused)
    saved = client.post(url, data={"date_of_birth": "2008-04-02", "case_reference": "",
                                   "pa_allocated_on": "2023-05-01",
                                   "assessment_started_on": "2024-07-20"})  # fmt: skip
    assert saved.status_code == 303
    db.session.expire_all()
    assert found()["adviser_allocated"].status == DONE
    assert found()["assessment"].status == DONE_LATE  # after the plan was due (2 July 2024)
    page = page_text(client.get(f"/young-people/{person.public_id}/review"))
    assert "done late, 20 Jul 2024" in page
