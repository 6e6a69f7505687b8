"""Every route, as every kind of person, with another family's IDs: nothing of theirs leaks,
nothing of theirs changes, and nothing crashes."""

import io

import pytest
from sqlalchemy import select

from participation.activities.models import Activity, Status
from participation.alerts.models import AlertKind, WorryAlert
from participation.auth.models import Role, Worker
from participation.auth.services import get_or_create_team
from participation.caserecord.models import ApiClient
from participation.caserecord.services import create_client
from participation.codes.models import SignInCode
from participation.extensions import db
from participation.identity.models import SignedInSession
from participation.journal.models import JournalAttachment, JournalEntry
from participation.network.models import NetworkMember
from participation.pathway.agreement import agree
from participation.pathway.models import AgreedPlanVersion, PathwayAction, Suggestion, YoungPerson
from participation.pathway.plans import plan_for
from participation.pathway.suggestions import suggest
from participation.pathway.words import save_section
from tests.helpers import PASSWORD, png_bytes, upload

SECRET = "ZZ-SECRET-OF-FAMILY-B"
# Pages anyone may open: they must still show nothing of family B.
PUBLIC = {
    "children.home", "auth.sign_in", "start.enter_code", "activities.thanks", "activities.help_now",
    "join.with_code", "join.link", "join.use_link", "yp.join",
    "yp.join_link", "yp.sign_in", "yp.sign_in_code", "yp.sign_out",
    "auth.sign_out",
}  # fmt: skip
REFUSED = {400, 401, 403, 404, 405, 409, 422}
# An admin's own work on any team's staff (accounts, teams, caseloads by case reference):
# open to them, though it must still show nothing of family B's.
ADMIN_ANY_TEAM = {"admin.edit_staff", "admin.rename_team", "children.transfer_caseload"}
# A redirect is a refusal only when it sends the person to sign in; any other 302 (say, back
# to a page after a POST worked) may mean something of family B's was done.
SIGN_IN_PAGES = ("/staff/sign-in", "/join", "/yp/sign-in", "/start")
# Routes that would only sign this test's own client out (or end its other sessions), after
# which every later route would be tried as nobody at all.
SIGNS_OUT = {"auth.sign_out", "yp.sign_out", "network.sign_out",
             "identity.end_my_other_sessions"}  # fmt: skip


def is_refused(response) -> bool:
    if response.status_code == 302:
        return response.headers["Location"].startswith(SIGN_IN_PAGES)
    return response.status_code in REFUSED


@pytest.fixture
def family_b(app, make_worker, make_child, make_activity, make_code, make_family, make_member,
             member_phone, make_young_person, yp_phone):  # fmt: skip
    """Everything a second family has, in another team, with a secret in every text."""
    team = get_or_create_team("Southside")
    db.session.commit()
    worker = make_worker(team=team, name="Worker B")
    child = make_child(worker, name=f"Child {SECRET}")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": SECRET}
    )
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/worry")
    tablet.post(f"/activities/{activity.public_id}/finish")
    make_code(make_activity(child, worker), worker)
    family = make_family(child, worker, rules=(f"Rule {SECRET}",))
    member = make_member(family, worker, name=f"Member {SECRET}")
    phone = member_phone(member)
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": SECRET,
              "photo": (io.BytesIO(png_bytes()), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    person = make_young_person(worker, name=f"Young {SECRET}")
    save_section(person, "health", 0, {"in_my_words": SECRET, "want_to_achieve": "",
                                       "scale": None, "shared_with_network": False})  # fmt: skip
    suggestion = suggest(person, "health", "in_my_words", SECRET, worker)
    db.session.flush()
    from participation.pathway.actions import add_action

    action = add_action(person, "health", SECRET, "", None, "personal_adviser", "Worker B")
    agree(person, "young_person")
    agree(person, "personal_adviser")
    db.session.commit()
    plan_for(person)
    young_persons_phone = yp_phone(person)
    # Family B's care leaver asks for help: Worker B, at work, is the one told.
    assert young_persons_phone.post("/my-plan/help").status_code == 303
    timescales = _timescales_of_b(person, worker)
    plan_ids = _plan_of_b(family, member, worker, child, activity)
    request_id = _advocacy_of_b(child)
    meeting_id = _meeting_of_b(child, worker, team)
    api_client, _token = create_client("Family B's case system", team.id)
    db.session.commit()
    return {
        "member_phone": phone,
        "young_persons_phone": young_persons_phone,
        "child_id": child.public_id,
        "activity_id": activity.public_id,
        "drawing_id": activity.drawings[0].public_id,
        "code_id": db.session.scalars(select(SignInCode)).first().id,
        "alert_id": _alert_of_b(AlertKind.CHILD_WORRY),
        "help_id": _alert_of_b(AlertKind.YOUNG_PERSON_HELP),
        "family_id": family.public_id,
        "member_id": member.public_id,
        "entry_id": db.session.scalars(select(JournalEntry)).one().public_id,
        "attachment_id": db.session.scalars(select(JournalAttachment)).one().public_id,
        "person_id": person.public_id,
        "suggestion_id": suggestion.public_id,
        "action_id": action.public_id,
        "version_id": _first_version(),
        **timescales,
        **plan_ids,
        "request_id": request_id,
        "meeting_id": meeting_id,
        "item_id": family.plan.rules[0].id,
        "object_id": activity.public_id,
        "file_id": activity.drawings[0].public_id,
        "kind": "rules",
        "slug": "health",
        "area": "worries",
        "token": "not-a-real-token",
        "worker_id": worker.id,
        "client_id": api_client.id,
        "team_id": team.id,
        # No such job: an admin retrying a job by number is not about any family.
        "job_id": 999_999,
        # A recorded read-aloud prompt that nobody has recorded: refused (404) for everyone.
        "lang": "so",
        "filename": "nothing-here-00000000.mp3",
    }


def _plan_of_b(family, member, worker, child, activity) -> dict:
    """Family B's plan, past its first steps: a member's proposal, an agreed version, an
    open scaling round with the member's answer, a words and pictures story with a picture
    and a kept version, and the child's recorded voice: a secret in every text."""
    from participation.activities.models import VoiceNote
    from participation.network.services import create_proposal
    from participation.network.versions import agree as agree_plan
    from participation.planscales.services import open_round, save_answer
    from participation.uploads import store
    from participation.wordspictures.services import (
        Author,
        add_panel,
        create_storyboard,
        keep_version,
        set_shared,
    )

    proposal = create_proposal(member, "rule", "", f"Proposed {SECRET}")
    agreed = agree_plan(family, worker)
    assert agreed is not None
    # Family B's plan is in its child's space too: nobody else's child may see it.
    from participation.childspace.services import share as share_with_child

    share_with_child(child, "safety_plan", agreed.public_id, worker)
    pair = family.plan.pairs[0]
    scaling = open_round(family, worker, None)
    save_answer(member, pair, "4", SECRET, SECRET, "en")
    story = create_storyboard(family, worker, f"Story {SECRET}", child)
    panel = add_panel(story, SECRET, "en", png_bytes(), Author.of_worker(worker))
    set_shared(story, True)
    story_version = keep_version(story, worker)
    voice = VoiceNote(
        activity=activity, area="worries", storage_key=store(b"voice of family B", "webm"),
        media_type="audio/webm", byte_size=17, sha256="0" * 64, seconds=1.0,
    )  # fmt: skip
    db.session.add(voice)
    db.session.commit()
    return {
        "proposal_id": proposal.public_id,
        "number": agreed.number,
        "safety_version_id": agreed.public_id,
        "pair_id": pair.id,
        "family_ref": family.public_id,
        "round_id": scaling.public_id,
        "storyboard_id": story.public_id,
        "panel_id": panel.public_id,
        "image_id": panel.image.public_id,
        "story_version_id": story_version.public_id,
        "voice_id": voice.public_id,
        # The symbol set is nobody's data; no such symbol is refused (404) for everyone.
        "symbol_id": "no-such-symbol",
    }


def _advocacy_of_b(child) -> str:
    """Family B's child asks for an advocate, in words only the right people may read."""
    from participation.advocacy.models import RequestKind
    from participation.advocacy.services import ask

    asked = ask(child, RequestKind.ADVOCATE, SECRET, "en", None)
    db.session.commit()
    return asked.public_id


def _meeting_of_b(child, worker, team) -> str:
    """Family B's child's review, chaired in team B, its outcome in words only B's may read."""
    from datetime import date

    from participation.auth.services import create_worker
    from participation.meetings.services import add_meeting, write_outcome

    chair = create_worker("chair-b@example.org", "Chair B", Role.CONFERENCE_CHAIR, PASSWORD, team)
    meeting = add_meeting(child, worker, "review_cp_conference", date(2026, 12, 16), chair)
    write_outcome(meeting, worker, SECRET)
    return meeting.public_id


def _first_version() -> str:
    """The plan both signed (a held review may add a version of its own after it)."""
    versions = db.session.scalars(select(AgreedPlanVersion).order_by(AgreedPlanVersion.id))
    return versions.first().public_id


def _alert_of_b(kind: str) -> str:
    return db.session.scalars(select(WorryAlert).filter_by(kind=kind)).one().public_id


@pytest.fixture
def covers_of_family_b(app, family_b, make_worker):
    """Worker B's cover, named but never told (Worker B is at work), and the colleague who
    covered before them: neither may open family B's call for help, or anything else."""
    team = get_or_create_team("Southside")
    worker_b = db.session.get(Worker, family_b["worker_id"])
    clients = {}
    for who in ("former cover", "cover PA"):
        cover = make_worker(role=Role.PERSONAL_ADVISER, team=team, name=who.title())
        worker_b.cover_worker_id = cover.id  # the cover PA replaces the former cover
        db.session.commit()
        client = app.test_client()
        client.post("/staff/sign-in", data={"email": cover.email, "password": PASSWORD})
        clients[who] = client
    return clients


def _timescales_of_b(person, worker) -> dict:
    """Family B's move, request, a held review with a contributor's answers, and the next
    review with a contributor still to answer: a secret in every text."""
    from datetime import date

    from participation.pathway.contributors import add_contributor, send_answers
    from participation.pathway.moves import ask_to_bring_forward, record_move
    from participation.pathway.reviews import hold_review, next_review

    move = record_move(person, date.today(), "custody", SECRET, "young_person", person.name, "en")
    ask_to_bring_forward(person, SECRET, "young_person", person.name, "en")
    held = next_review(plan_for(person))
    answered, _link = add_contributor(person, held, None, f"Carer {SECRET}", "", "en")
    send_answers(answered, {"going_well": SECRET, "worries": SECRET, "should_happen": ""})
    hold_review(person, held, date.today(), SECRET, worker)
    waiting, _link = add_contributor(person, next_review(plan_for(person)), None,
                                     f"Teacher {SECRET}", "", "en")  # fmt: skip
    db.session.commit()
    return {"move_id": move.public_id, "review_id": held.public_id,
            "contributor_id": waiting.public_id}  # fmt: skip


@pytest.fixture
def people_of_family_a(app, make_worker, make_child, make_activity, make_code, make_family,
                       make_member, member_phone, make_young_person, yp_phone):  # fmt: skip
    """One test client for each kind of person who is not part of family B."""
    worker = make_worker(name="Worker A")
    clients = {"anonymous": app.test_client()}
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PERSONAL_ADVISER, Role.ADMIN,
                 Role.INTERPRETER, Role.INDEPENDENT_REVIEWING_OFFICER,
                 Role.CONFERENCE_CHAIR):  # fmt: skip
        staff = worker if role == Role.SOCIAL_WORKER else make_worker(role=role)
        client = app.test_client()
        client.post("/staff/sign-in", data={"email": staff.email, "password": PASSWORD})
        clients[role.value] = client
    child = make_child(worker, name="Amy Clarke")
    _chairs_of_a(child, worker, clients)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(make_activity(child, worker), worker)})
    clients["child"] = tablet
    family = make_family(child, worker)
    clients["network member"] = member_phone(make_member(family, worker))
    clients["parent"] = member_phone(_parent_of(family, worker, make_member))
    _share_plan_with_child(child, family, worker, tablet)
    jordan = make_young_person(worker, name="Jordan Reid")
    clients["young person"] = yp_phone(jordan)
    clients["contributor"] = _contributor_of(app, jordan)
    return clients


def _chairs_of_a(child, worker, clients) -> None:
    """Family A's chairs chair Amy's review (and see Amy), never family B's meetings."""
    from datetime import date

    from participation.meetings.services import add_meeting

    for role in (Role.INDEPENDENT_REVIEWING_OFFICER, Role.CONFERENCE_CHAIR):
        ours = select(Worker).where(Worker.role == role, Worker.team_id == worker.team_id)
        chair = db.session.scalars(ours).one()
        add_meeting(child, worker, "looked_after_review", date(2026, 12, 16), chair)
    db.session.commit()


def _parent_of(family, worker, make_member):
    """A parent of family A, invited and signed in like a member, with the role of parent."""
    parent = make_member(family, worker, name="Kasia Clarke")
    parent.role = "parent"
    db.session.commit()
    return parent


def _share_plan_with_child(child, family, worker, tablet) -> None:
    """Family A's agreed plan, shared with family A's child: their space shows it, and only
    what was shared with them (family B's shared plan never)."""
    from participation.childspace.services import share as share_with_child
    from participation.network.versions import agree as agree_plan

    agreed = agree_plan(family, worker)
    assert agreed is not None
    share_with_child(child, "safety_plan", agreed.public_id, worker)
    db.session.commit()
    space = tablet.get("/me").get_data(as_text=True)
    assert "Nan collects Amy" in space and SECRET not in space


def _contributor_of(app, person):
    """Someone asked for their views on family A's review, holding their own link (a
    contributor has no session: the link is their key, and sees only the questions)."""
    from participation.pathway.contributors import add_contributor
    from participation.pathway.reviews import next_review

    _contributor, link = add_contributor(person, next_review(plan_for(person)), None,
                                         "Sue Patel", "Foster carer", "en")  # fmt: skip
    db.session.commit()
    client = app.test_client()
    opened = client.get(f"/views/{link}")
    assert opened.status_code == 200 and "Jordan" in opened.get_data(as_text=True)
    client.own_link = link
    return client


# The record views serve every kind at its slug: each is tried with an id of that kind.
RECORD_IDS = {
    "activity": "activity_id",
    "journal": "entry_id",
    "pathway": "version_id",
    "move": "move_id",
    "pathway-review": "review_id",
    "help-request": "help_id",
    "safety-plan": "safety_version_id",
    "network-scaling": "round_id",
    "words-and-pictures": "story_version_id",
    "meeting": "meeting_id",
}


def _values(rule, ids) -> list[dict]:
    if rule.endpoint.startswith("record."):
        return [{"kind": slug, "object_id": ids[name]} for slug, name in RECORD_IDS.items()]
    values = {arg: ids[arg] for arg in rule.arguments}
    if "alert_id" in rule.arguments:
        # An alert's pages are tried with family B's child's worry and its call for help.
        return [values, {**values, "alert_id": ids["help_id"]}]
    return [values]


def urls(app, ids):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for values in _values(rule, ids):
            with app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **values)
            # Only identifiers of family B's things count; a page like /my-plan/<slug> is the
            # person's own and may well open.
            names_b = bool(set(rule.arguments) - {"slug", "area", "kind"})
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield rule.endpoint, method, url, names_b


def test_nobody_outside_family_b_can_read_or_change_its_records(
    app, family_b, people_of_family_a, covers_of_family_b
):
    checked = 0
    for who, client in {**people_of_family_a, **covers_of_family_b}.items():
        for endpoint, method, url, names_b in urls(app, family_b):
            if endpoint in SIGNS_OUT and method == "POST":
                continue  # would only sign this test client out
            if who == "admin" and endpoint.startswith("admin.") and method == "POST":
                continue  # an admin may switch any account off (test_signin_hardening.py)
            response = client.open(url, method=method, data={})
            if endpoint.startswith("moved.") and response.status_code == 308:
                # An old URL's redirect shows nothing; where it leads must refuse.
                response.close()
                response = client.open(response.location, method=method, data={})
            where = f"{who} {method} {url}"
            body = response.get_data().decode("utf-8", errors="replace")
            assert response.status_code != 500, where
            assert SECRET not in body, where
            if (
                names_b
                and endpoint not in PUBLIC
                and not (who == "admin" and endpoint in ADMIN_ANY_TEAM)
            ):
                assert is_refused(response), (
                    f"{where} -> {response.status_code} {response.headers.get('Location')}"
                )
            response.close()
            checked += 1
    assert checked > 400
    # And nothing of family B's changed.
    db.session.expire_all()
    activity = db.session.scalars(
        select(Activity).filter_by(public_id=family_b["activity_id"])
    ).one()
    assert activity.status == Status.SUBMITTED and activity.areas[0].child_words == SECRET
    for alert_id in (family_b["alert_id"], family_b["help_id"]):
        alert = db.session.scalars(select(WorryAlert).filter_by(public_id=alert_id)).one()
        assert alert.acknowledged_at is None
    assert (
        db.session.scalars(select(NetworkMember).filter_by(public_id=family_b["member_id"]))
        .one()
        .removed_at
        is None
    )
    assert db.session.scalars(select(Suggestion)).one().status == "open"
    _plan_of_b_unchanged(family_b)
    assert db.session.scalars(select(PathwayAction)).one().done is False
    assert all(code.revoked_at is None for code in db.session.scalars(select(SignInCode)))
    assert db.session.get(Worker, family_b["worker_id"]).active
    assert db.session.get(ApiClient, family_b["client_id"]).revoked_at is None
    # Family B's review was held once, and the views its contributors sent are unchanged.
    from participation.pathway.models import PathwayReview, ReviewContributor

    held = db.session.scalars(
        select(PathwayReview).filter_by(public_id=family_b["review_id"])
    ).one()
    assert held.outcome == SECRET and held.number == 1
    answers = db.session.scalars(select(ReviewContributor).order_by(ReviewContributor.id)).all()
    assert answers[0].worries == SECRET and answers[1].redeemed_at is None
    # The contributor's own link still works for their own review, and only that.
    contributor = people_of_family_a["contributor"]
    assert contributor.get(f"/views/{contributor.own_link}").status_code == 200
    # Family B's people are still signed in on their own phones, and none of their sessions
    # was ended by anyone else's request.
    assert family_b["member_phone"].get("/network").status_code == 200
    assert family_b["young_persons_phone"].get("/my-plan").status_code == 200
    member = db.session.scalars(
        select(NetworkMember).filter_by(public_id=family_b["member_id"])
    ).one()
    person = db.session.scalars(
        select(YoungPerson).filter_by(public_id=family_b["person_id"])
    ).one()
    rows = db.session.scalars(
        select(SignedInSession).where(
            (SignedInSession.member_id == member.id)
            | (SignedInSession.young_person_id == person.id)
        )
    ).all()
    assert len(rows) == 2 and all(row.ended_at is None for row in rows)
    # And family A's people were tested signed in to the end (no route signed them out).
    for who, path in (("network member", "/network"), ("young person", "/my-plan"),
                      ("social_worker", "/children")):  # fmt: skip
        assert people_of_family_a[who].get(path).status_code == 200, who


def _plan_of_b_unchanged(ids: dict) -> None:
    """Family B's proposal is still waiting, its round open, its story as kept."""
    from participation.network.models import PlanProposal
    from participation.planscales.models import ScalingRound
    from participation.wordspictures.models import Storyboard

    proposal = db.session.scalars(select(PlanProposal).filter_by(public_id=ids["proposal_id"]))
    assert proposal.one().status == "open"
    scaling = db.session.scalars(select(ScalingRound).filter_by(public_id=ids["round_id"])).one()
    assert scaling.closed_at is None
    story = db.session.scalars(select(Storyboard).filter_by(public_id=ids["storyboard_id"])).one()
    assert [panel.words for panel in story.panels] == [SECRET] and story.shared_with_network
