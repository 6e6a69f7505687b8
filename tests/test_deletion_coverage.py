"""Derived from the models' metadata: every table is classified, deletion leaves no row of a
person-data table and no name anywhere, and every bundled column reaches a subject access
bundle. A new table fails here until it is classified, deleted and bundled."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import JSON, String, Text, func, select

from participation.activities.models import ActivityArea, Drawing, VoiceNote
from participation.activities.services import save_observation
from participation.advocacy.services import ask
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.childspace.services import share
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.journal.models import JournalEntry, JournalRead
from participation.meetings.services import add_meeting, write_outcome
from participation.meetings.services import answer as answer_meeting
from participation.network.models import Family, NetworkMember, SafetyPlan, SharedItem
from participation.network.services import add_item, create_proposal, member_author
from participation.network.version_models import SafetyPlanVersion
from participation.network.versions import agree
from participation.pathway.contributors import add_contributor, send_answers
from participation.pathway.help import ask_for_help
from participation.pathway.models import (
    AgreedPlanVersion,
    OneTimeCode,
    PathwayAction,
    PathwayPlan,
    PlanSection,
    Suggestion,
    UnmergedEdit,
    YoungPerson,
)
from participation.pathway.moves import ask_to_bring_forward, record_move
from participation.pathway.reviews import hold_review, next_review
from participation.planscales.models import PlanScaleAnswer, PracticeRun, ScalingRound
from participation.planscales.services import close_round, log_practice, open_round, save_answer
from participation.record.models import RecordPdf
from participation.retention.families import member_bundle
from participation.retention.registry import NOT_PERSON_DATA, PERSON_DATA
from participation.retention.services import child_bundle, delete_child
from participation.retention.young_people import delete_young_person, young_person_bundle
from participation.review.models import ReadReceipt, Review
from participation.scales.models import ScaleAnswer
from participation.translation.models import Translation
from participation.uploads import read, store
from participation.wordspictures.models import StoryboardImage, StoryboardPanel, StoryboardVersion
from participation.wordspictures.services import (
    Author,
    add_panel,
    agree_version,
    create_storyboard,
    keep_version,
)
from tests.audio_samples import voice_memo
from tests.helpers import png_bytes, stored_files, upload

NAMES = ("Amy Clarke", "Nan Clarke", "Jordan Reid", "Auntie Reid")


def test_every_table_is_classified_as_person_data_or_not(app):  # app: every model imported
    """A new model is refused until someone says how it is deleted and bundled, or why it
    holds nobody's data."""
    tables = {t.name for t in db.metadata.sorted_tables}
    unclassified = tables - PERSON_DATA.keys() - NOT_PERSON_DATA.keys()
    assert not unclassified, f"add to participation/retention/registry.py: {unclassified}"
    assert not (PERSON_DATA.keys() & NOT_PERSON_DATA.keys())
    assert not (PERSON_DATA.keys() | NOT_PERSON_DATA.keys()) - tables, "tables that are gone"
    for name, data in PERSON_DATA.items():
        table = db.metadata.tables[name]
        assert data.bundled is None or data.bundled in table.c, (name, data.bundled)
        assert data.bundled or data.not_bundled, f"{name}: say why it is not bundled"


def rows(name: str) -> int:
    """Rows of a person-data table, a worker's own sign-ins apart."""
    table = db.metadata.tables[name]
    query = select(func.count()).select_from(table)
    if PERSON_DATA[name].staff_column:
        query = query.where(table.c[PERSON_DATA[name].staff_column].is_(None))
    return db.session.scalar(query)


def text_columns(table):
    return [c for c in table.c if isinstance(c.type, String | Text | JSON)]


@pytest.fixture
def everyone(
    app, client, auth, make_worker, make_child, make_activity, make_code, make_family,
    make_member, member_phone, make_young_person, yp_phone,
):  # fmt: skip
    """Amy (a child), her family, Nan (a network member) and Jordan (a care leaver) with
    his own network and Auntie Reid: a row in every table that holds someone's data."""
    worker = make_worker()
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    interpreter = make_worker(role=Role.INTERPRETER)
    amy = make_child(worker, name="Amy Clarke")
    activity = make_activity(amy, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    area_url = f"/activities/{activity.public_id}/areas/worries"
    tablet.post(f"{area_url}/words", data={"child_words": "Amy Clarke hides in her room"})
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(  # her voice, recorded on her own tablet
        area_url,
        data={"voice": (io.BytesIO(voice_memo("webm")), "v.webm"), "go": "stay",
              "child_words": "Amy Clarke hides in her room"},
        content_type="multipart/form-data",
    )  # fmt: skip
    tablet.post(f"/activities/{activity.public_id}/worry")
    db.session.add(ScaleAnswer(
        child_id=amy.id, activity_id=activity.id, area="worries", question="How safe?",
        low_label="Not safe", high_label="Safe", value=3, why="Amy Clarke says Dad shouts",
        answered_by_kind="child",
    ))  # fmt: skip
    tablet.post(f"/activities/{activity.public_id}/finish")
    db.session.add(Review(activity_id=activity.id, reply="Thank you Amy Clarke"))
    db.session.add(ReadReceipt(worker_id=worker.id, activity_id=activity.id))

    family = make_family(amy, worker)
    family.plan.safety_object = "Amy Clarke's teddy on the windowsill"
    nan = make_member(family, worker, name="Nan Clarke")
    nan_phone = member_phone(nan)
    db.session.add(SharedItem(activity_id=activity.id, member_id=nan.id, shared_by_id=worker.id))
    db.session.commit()
    nan_phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Nan Clarke collected Amy Clarke",
              "rules": [family.plan.rules[0].public_id],
              "photo": (io.BytesIO(png_bytes()), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    nan_phone.post("/network/worry")
    entry = db.session.scalars(select(JournalEntry)).one()
    db.session.add(JournalRead(worker_id=worker.id, entry_id=entry.id))
    # The plan's other parts, Nan's proposal, scaling and practice, the agreed plan, a
    # storyboard for Amy with Nan's panel, and the plan shared into Amy's own space.
    with app.test_request_context():
        nan = db.session.get(NetworkMember, nan.id)
        plan = family.plan
        add_item(plan, "network_contingency", "Amy Clarke is never alone with Dad",
                 author=member_author(nan))  # fmt: skip
        create_proposal(nan, "network_contingency", "", "Nan Clarke will stay over")
        db.session.flush()
        agreed_plan = agree(family, worker)
        assert agreed_plan is not None
        scaling = open_round(family, worker, None)
        save_answer(nan, plan.pairs[0], "6", "Nan Clarke sees Amy calmer", "", "en")
        close_round(scaling)
        log_practice(nan, None, "Nan Clarke practised the pickup", "well", "en", None)
        board = create_storyboard(family, worker, "Amy Clarke's story", amy)
        add_panel(board, "Nan Clarke looks after Amy Clarke", "en", png_bytes(),
                  Author.of_member(nan))  # fmt: skip
        agree_version(keep_version(board, worker), worker)
        share(amy, "safety_plan", agreed_plan.public_id, worker)  # one agreed version
        save_observation(activity, worker, "Amy Clarke pointed at the door")
        # Amy asks for an advocate; the council's advocacy service is told (a notice row).
        app.config["ADVOCACY_CONTACT"] = "advocacy@example.gov.uk"
        ask(amy, "advocate", "Amy Clarke wants someone to talk to", "en", None)
        db.session.commit()
        # Amy's looked-after review: her views tagged with it, the outcome, and her answer.
        chair = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER)
        review = add_meeting(amy, worker, "looked_after_review", date(2026, 12, 10), chair)
        activity.meeting_id = review.id
        write_outcome(review, worker, "Amy Clarke stays with Nan Clarke")
        answer_meeting(review, "Amy Clarke is happy about Nan", "code")

    jordan = make_young_person(adviser, name="Jordan Reid")
    jordan_phone = yp_phone(jordan)
    words = {"version": "0", "want_to_achieve": "", "in_my_words": "Jordan Reid has asthma"}
    jordan_phone.post("/my-plan/health", data=words)
    auth.sign_in(adviser)
    client.post(
        f"/young-people/{jordan.public_id}/sections/health/suggestions",
        data={"health-suggest-field": "in_my_words",
              "health-suggest-text": "Jordan Reid keeps a spare inhaler"},
    )  # fmt: skip
    client.post(f"/young-people/{jordan.public_id}/network")
    jordan_phone.post("/my-plan/agree")
    client.post(f"/young-people/{jordan.public_id}/agree")
    section = db.session.scalars(select(PlanSection).where(PlanSection.section == "health")).one()
    db.session.add(
        PathwayAction(
            section_id=section.id,
            what="Jordan Reid sees the GP",
            added_by_kind="young_person",
            added_by_name="Jordan Reid",
        )
    )
    db.session.add(
        UnmergedEdit(section_id=section.id, values={"in_my_words": "Jordan Reid wrote on the bus"})
    )
    db.session.add(OneTimeCode(young_person_id=jordan.id, code_hash="x" * 64,
                               expires_at=utcnow() + timedelta(minutes=10)))  # fmt: skip
    network = db.session.scalars(select(Family).where(Family.id == jordan.family_id)).one()
    auntie = member_phone(make_member(network, adviser, name="Auntie Reid"))

    plan = db.session.scalars(select(PathwayPlan)).one()
    # Jordan moves, asks for his review sooner, Auntie Reid gives her views, the review is
    # held, and he asks for help now: a row in each care leaver's table.
    with app.test_request_context():
        record_move(jordan, date.today(), "supported_lodgings", "Jordan Reid moved to Leeds",
                    "young_person", "Jordan Reid", "en")  # fmt: skip
        ask_to_bring_forward(jordan, "Jordan Reid lost his room", "young_person",
                             "Jordan Reid", "en")  # fmt: skip
        review = next_review(plan)
        auntie_row = db.session.scalars(
            select(NetworkMember).where(NetworkMember.name == "Auntie Reid")
        ).one()
        contributor, _link = add_contributor(jordan, review, auntie_row.public_id, "", "", "en")
        send_answers(contributor, {"going_well": "Jordan Reid cooks", "worries": "",
                                   "should_happen": "Jordan Reid stays"})  # fmt: skip
        hold_review(jordan, review, date.today(), "Jordan Reid's review: stays put", adviser)
        ask_for_help(jordan)
        db.session.commit()
    suggestion = db.session.scalars(select(Suggestion)).one()
    answer = db.session.scalars(select(ScaleAnswer)).first()
    action = db.session.scalars(select(PathwayAction)).one()
    plan_answer = db.session.scalars(select(PlanScaleAnswer)).one()
    practice = db.session.scalars(select(PracticeRun)).one()
    panel = db.session.scalars(select(StoryboardPanel)).one()
    for kind, object_id in (("activity", activity.public_id), ("reply", activity.public_id),
                            ("journal_entry", entry.public_id),
                            ("pathway_plan", plan.public_id),
                            ("suggestion", suggestion.public_id),
                            ("safety_plan", entry.family.public_id),
                            ("scale_answer", answer.public_id),
                            ("pathway_action", action.public_id),
                            ("plan_scale_answer", plan_answer.public_id),
                            ("practice_run", practice.public_id),
                            ("storyboard_panel", panel.public_id)):  # fmt: skip
        db.session.add(Translation(
            object_kind=kind, object_id=object_id, field="x", source_text="Amy Clarke",
            source_language="pl", text=f"Translated for {kind}", status="done",
            translated_at=utcnow(), requested_by=worker, assigned_to=interpreter,
        ))  # fmt: skip
    run_jobs()  # the print copies of Amy's drawing and Nan's photo, made as they arrived
    # The version both signed (the review's outcome is a later version of the plan).
    version = db.session.scalars(
        select(AgreedPlanVersion).order_by(AgreedPlanVersion.number)
    ).first()
    for kind, object_id in (("activity", activity.public_id), ("journal_entry", entry.public_id),
                            ("pathway_version", version.public_id),
                            ("safety_version", db.session.scalars(
                                select(SafetyPlanVersion.public_id)).first()),
                            ("network_scaling_round", db.session.scalars(
                                select(ScalingRound.public_id)).one()),
                            ("wordspictures", db.session.scalars(
                                select(StoryboardVersion.public_id)).one())):  # fmt: skip
        db.session.add(RecordPdf(
            kind=kind, object_id=object_id, version="v1", status="done",
            storage_key=store(b"%PDF-1.7 Amy Clarke", "pdf"),
        ))  # fmt: skip
    db.session.commit()
    # Amy's case moved to a colleague and back (children/transfer.py): on her record.
    from participation.children.transfer import transfer

    transfer([amy], make_worker(), worker, "cover while away")
    transfer([amy], worker, worker, "back from leave")
    db.session.commit()
    return {"amy": amy, "jordan": jordan, "phones": [tablet, nan_phone, jordan_phone, auntie]}


def test_the_scenario_reaches_every_person_data_table(everyone):
    """Without a row, deletion and the bundle are not proven for that table."""
    empty = [name for name in PERSON_DATA if not rows(name)]
    assert not empty, f"give these tables a row in the `everyone` fixture: {empty}"


def bundle_text(raw: bytes) -> tuple[str, set[bytes]]:
    """A bundle's file names and JSON as one text, and its other files' bytes."""
    texts, files = [], set()
    with zipfile.ZipFile(io.BytesIO(raw)) as bundle:
        for name in bundle.namelist():
            data = bundle.read(name)
            texts.append(name)
            if name.endswith(".json"):
                texts.append(data.decode())
            else:
                files.add(data)
    return "\n".join(texts), files


AMYS_TABLES = ("child", "activity", "activity_area", "drawing", "scale_answer", "review",
               "activity_voice", "activity_observation", "child_share", "meeting", "storyboard",
               "storyboard_image", "storyboard_panel", "storyboard_version")  # fmt: skip
JORDANS_TABLES = ("young_person", "plan_section", "section_version", "unmerged_edit",
                  "suggestion", "pathway_action", "agreed_plan_version", "accommodation_move",
                  "review_forward_request", "pathway_review", "review_contributor")  # fmt: skip


def owners_of_rows(everyone) -> dict:
    """For each bundled table, whose bundle must hold a row's value: "amy", "jordan" or a
    network member's public id (a family's name is each of its members')."""
    members = {m.id: m.public_id for m in db.session.scalars(select(NetworkMember))}
    in_family = {}
    for member in db.session.scalars(select(NetworkMember)):
        in_family.setdefault(member.family_id, []).append(member.public_id)
    entries = {e.id: e for e in db.session.scalars(select(JournalEntry))}
    entry_by_public_id = {e.public_id: e for e in entries.values()}
    plans = {p.id: p.family_id for p in db.session.scalars(select(SafetyPlan))}
    child_of_family = {everyone["amy"].family_id: ["amy"]}
    families = {f.public_id: f.id for f in db.session.scalars(select(Family))}
    answers = {a.public_id: a.member_id for a in db.session.scalars(select(PlanScaleAnswer))}
    practices = {r.public_id: r.member_id for r in db.session.scalars(select(PracticeRun))}

    def translation(row) -> list[str]:
        if row.object_kind in ("activity", "reply"):
            return ["amy"]
        if row.object_kind in ("pathway_plan", "suggestion", "pathway_action"):
            return ["jordan"]
        if row.object_kind in ("scale_answer", "storyboard_panel"):
            return ["amy"]
        if row.object_kind == "plan_scale_answer":
            return [members[answers[row.object_id]]]
        if row.object_kind == "practice_run":
            return [members[practices[row.object_id]]]
        if row.object_kind == "safety_plan":  # the plan is the child's, as in safety_plan.json
            return child_of_family[families[row.object_id]]
        return [members[entry_by_public_id[row.object_id].member_id]]

    return {
        **{name: lambda row: ["amy"] for name in AMYS_TABLES},
        **{name: lambda row: ["jordan"] for name in JORDANS_TABLES},
        "family": lambda row: in_family[row.id],
        "safety_plan": lambda row: child_of_family[row.family_id],
        "plan_pair": lambda row: child_of_family[plans[row.plan_id]],
        "plan_rule": lambda row: child_of_family[plans[row.plan_id]],
        "plan_item": lambda row: child_of_family[plans[row.plan_id]],
        "safety_plan_version": lambda row: child_of_family[row.family_id],
        # A member's own words about the plan are in their bundle.
        "plan_proposal": lambda row: [members[row.member_id]],
        "plan_scale_answer": lambda row: [members[row.member_id]],
        "practice_run": lambda row: [members[row.member_id]],
        "network_member": lambda row: [row.public_id],
        "journal_entry": lambda row: [members[row.member_id]],
        "journal_attachment": lambda row: [members[entries[row.entry_id].member_id]],
        "translation": translation,
        # A request for someone independent is in the bundle of whoever asked.
        "advocacy_request": lambda row: ["amy"] if row.child_id else ["jordan"],
    }


def test_every_bundled_column_is_in_its_own_persons_subject_access_bundle(app, everyone):
    """Each value is in the bundle of the person it is about, not just in someone's."""
    with app.test_request_context():  # bundles hold links to the files
        bundles = {"amy": child_bundle(everyone["amy"]),
                   "jordan": young_person_bundle(everyone["jordan"])}  # fmt: skip
        for member in db.session.scalars(select(NetworkMember)):
            bundles[member.public_id] = member_bundle(member)
    opened = {person: bundle_text(raw) for person, raw in bundles.items()}
    owners = owners_of_rows(everyone)
    for name, data in PERSON_DATA.items():
        if data.bundled is None:
            continue
        assert name in owners, f"say whose bundle holds {name} in owners_of_rows"
        for row in db.session.execute(select(db.metadata.tables[name])):
            value = row._mapping[data.bundled]
            for person in owners[name](row):
                corpus, files = opened[person]
                if data.bundled == "storage_key":
                    assert read(value) in files, (name, person)
                    continue
                leaves = value.values() if isinstance(value, dict) else [value]
                for leaf in leaves:
                    if isinstance(leaf, str) and leaf:
                        shown = json.dumps(leaf, ensure_ascii=False)[1:-1]
                        assert shown in corpus, f"{name}.{data.bundled}: {leaf!r} not in {person}'s"


def test_deleting_everyone_leaves_no_row_no_name_no_file_and_no_sign_in(app, everyone):
    phones = everyone["phones"]
    # The child's voice and the storyboard's pictures: the files themselves must go.
    voices = list(db.session.scalars(select(VoiceNote.storage_key)))
    pictures = list(db.session.scalars(select(StoryboardImage.storage_key)))
    assert voices and pictures and all(read(key) for key in voices + pictures)
    delete_child(everyone["amy"], "Retention ended")
    delete_young_person(db.session.scalars(select(YoungPerson)).one(), "Retention ended")
    db.session.expire_all()
    left = {name: rows(name) for name in PERSON_DATA}
    assert {name: count for name, count in left.items() if count} == {}
    for table in db.metadata.sorted_tables:  # the audit log too: it outlives deletion
        for column in text_columns(table):
            for value in db.session.scalars(select(column)):
                assert not any(n in str(value) for n in NAMES), (table.name, column.name)
    # What the deleted people did stays accountable, but not which device they did it on.
    their_events = select(AuditEvent).where(
        AuditEvent.actor_kind.in_(("child", "network", "young_person"))
    )
    events = db.session.scalars(their_events).all()
    assert events and all(e.ip_address == "" for e in events)
    assert any(e.actor_kind == "network" and e.actor_id for e in events)  # ids are kept
    assert stored_files(app) == []  # in the folder or the bucket
    for key in voices + pictures:
        with pytest.raises(FileNotFoundError):
            read(key)
    assert (
        db.session.scalar(select(func.count()).select_from(Drawing)) == 0
        and db.session.scalar(select(func.count()).select_from(ActivityArea)) == 0
    )
    for phone in phones[1:]:  # the network members' and Jordan's phones are signed out
        assert phone.get("/network").status_code != 200
        assert phone.get("/my-plan").status_code != 200
