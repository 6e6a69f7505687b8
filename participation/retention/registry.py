"""Every table, classified: what holds a person's words, files or name, how deletion reaches
it and how it shows in their subject access bundle, or why a table is not person data.

tests/test_deletion_coverage.py fails when a table is missing here, when deletion leaves a
row of a person-data table behind, or when a bundled column's values are not in a bundle:
so a new table cannot be forgotten by deletion or by subject access.
"""

from dataclasses import dataclass

CHILD = "delete_child (retention/services.py)"
FAMILY = "delete_family (retention/families.py), from delete_child or delete_young_person"
YOUNG_PERSON = "delete_young_person (retention/young_people.py)"
EVERY = "each deletion, for the rows about its person"


@dataclass(frozen=True)
class PersonData:
    """`bundled` names the column whose values must appear in a subject access bundle
    (`storage_key`: the file itself); `not_bundled` says why a table has none. Rows with
    `staff_column` set are a worker's own (their sign-ins), not anyone's record."""

    deleted_by: str
    bundled: str | None = None
    not_bundled: str = ""
    staff_column: str | None = None


PERSON_DATA: dict[str, PersonData] = {
    # A child's record
    "child": PersonData(CHILD, "name"),
    # Who the child's worker was and when it changed (deleted with the child by
    # children/transfer_models.py, with its record entries).
    "case_transfer": PersonData(CHILD, not_bundled="staff names, dates, the staff's reason"),
    "activity": PersonData(CHILD, "public_id"),
    "activity_area": PersonData(CHILD, "child_words"),
    "drawing": PersonData(CHILD, "storage_key"),
    "scale_answer": PersonData(CHILD, "why"),
    "review": PersonData(CHILD, "reply"),
    "read_receipt": PersonData(CHILD, not_bundled="a worker's read mark: no words, no name"),
    "sign_in_code": PersonData(CHILD, not_bundled="a code's keyed hash: a secret, not data"),
    # The child's recorded voice (the file itself) and the worker's account of what they saw.
    "activity_voice": PersonData(CHILD, "storage_key"),
    "activity_observation": PersonData(CHILD, "text"),
    # What the child was shown in their own space, and when they read it.
    "child_share": PersonData(CHILD, "object_id"),
    "worry_alert": PersonData(EVERY, not_bundled="times only, listed in worry_alerts.json"),
    "alert_notice": PersonData(
        EVERY, not_bundled="which member of staff was messaged and when: no one's words"
    ),
    # Someone independent: a child's or young person's own words asking for an advocate or
    # complaining, and the messages sent to the council's contacts about it.
    "advocacy_request": PersonData(f"{CHILD}; {YOUNG_PERSON}", "words"),
    "advocacy_notice": PersonData(
        f"{CHILD}; {YOUNG_PERSON}", not_bundled="which contact was emailed and when: no words"
    ),
    # A child's meetings: what they were told was decided, and their answer, in their words.
    "meeting": PersonData(CHILD, "answer"),
    # A family's safety plan, network and journal
    "family": PersonData(FAMILY, "name"),
    "safety_plan": PersonData(FAMILY, "safety_object"),
    "plan_pair": PersonData(FAMILY, "statement"),
    "plan_rule": PersonData(FAMILY, "text"),
    "network_member": PersonData(FAMILY, "name"),
    "network_invite": PersonData(FAMILY, not_bundled="an invitation's keyed hashes: secrets"),
    "shared_item": PersonData(
        FAMILY, not_bundled="which member a child's work was shown to; the work is bundled"
    ),
    "journal_entry": PersonData(FAMILY, "what_happened"),
    "journal_attachment": PersonData(FAMILY, "storage_key"),
    "journal_entry_rule": PersonData(FAMILY, not_bundled="links; rule texts are bundled"),
    "journal_read": PersonData(FAMILY, not_bundled="a worker's read mark: no words, no name"),
    # The plan's other parts (bottom lines, contingencies...): sentences about the child.
    "plan_item": PersonData(FAMILY, "text"),
    # A member's own wording for the plan: their words, in their bundle.
    "plan_proposal": PersonData(FAMILY, "text"),
    # Each version copies the whole plan and its authors' names: in the child's bundle.
    "safety_plan_version": PersonData(FAMILY, "content"),
    "scaling_round": PersonData(
        FAMILY, not_bundled="a meeting's date and who opened it; each person's answers are"
    ),
    # A member's number for a danger statement, and why, in their own words.
    "plan_scale_answer": PersonData(FAMILY, "why"),
    "practice_run": PersonData(FAMILY, "what_we_practised"),
    # Words and Pictures: a family's story for its child, with drawings and photos. A
    # storyboard for one child is deleted with that child; the rest with the family.
    "storyboard": PersonData(f"{FAMILY}; {CHILD} for one child's", "title"),
    "storyboard_image": PersonData(f"{FAMILY}; {CHILD} for one child's", "storage_key"),
    "storyboard_panel": PersonData(f"{FAMILY}; {CHILD} for one child's", "words"),
    "storyboard_version": PersonData(f"{FAMILY}; {CHILD} for one child's", "content"),
    # A young person's pathway plan
    "young_person": PersonData(YOUNG_PERSON, "name"),
    "young_person_invite": PersonData(YOUNG_PERSON, not_bundled="keyed hashes: secrets"),
    "one_time_code": PersonData(YOUNG_PERSON, not_bundled="a code's keyed hash: a secret"),
    "pathway_plan": PersonData(YOUNG_PERSON, not_bundled="dates and signatures; see sections"),
    "plan_section": PersonData(YOUNG_PERSON, "in_my_words"),
    "section_version": PersonData(YOUNG_PERSON, "in_my_words"),
    "unmerged_edit": PersonData(YOUNG_PERSON, "values"),
    "suggestion": PersonData(YOUNG_PERSON, "text"),
    "pathway_action": PersonData(YOUNG_PERSON, "what"),
    "agreed_plan_version": PersonData(YOUNG_PERSON, "public_id"),
    "accommodation_move": PersonData(YOUNG_PERSON, "words"),
    "review_forward_request": PersonData(YOUNG_PERSON, "reason"),
    "pathway_review": PersonData(YOUNG_PERSON, "outcome"),
    # A contributor's link and code hashes are secrets, not bundled; their answers are.
    "review_contributor": PersonData(YOUNG_PERSON, "going_well"),
    # Shared by all three
    "translation": PersonData(EVERY, "text"),
    "signed_in_session": PersonData(
        EVERY,
        not_bundled="a sign-in's keyed token hash and device type: security, not words",
        staff_column="worker_id",
    ),
    "record_entry": PersonData(
        EVERY, not_bundled="a delivery note for the council's case record; what it carries is"
    ),
    # A PDF file holds a copy of the person's words: deleted (file too) with the document.
    # A print-sized copy of a child's drawing or a member's photo, for PDFs: deleted with it.
    "print_copy": PersonData(
        EVERY, not_bundled="a smaller copy of a picture for PDFs; the picture itself is bundled"
    ),
    "record_pdf": PersonData(
        EVERY, not_bundled="a PDF of a record document; the document itself is bundled as JSON"
    ),
}

NOT_PERSON_DATA: dict[str, str] = {
    "audit_event": "kept on purpose after deletion: who looked at or changed a record stays "
    "accountable (ids, actions and the staff who acted; never a person's words). A deleted "
    "child's, young person's or member's own events lose their name and IP address "
    "(retention/audit_trail.py); tests/test_deletion_coverage.py checks no name is left",
    "team": "a council team's name",
    "interpreter_team": "which teams an interpreter (a council staff account) works for",
    "worker": "staff accounts: the council's own employees, not the people the record is about",
    "api_client": "a case management system's name and token hash",
    "council_setting": "the council's own settings (duty contacts, help numbers, terms), "
    "changed by an admin: no one's words about themselves",
    "set_password_link": "a new staff account's one-time link, as a keyed hash",
    "council_text": "the council's own published text for young people (what they are entitled "
    "to), edited by an admin: no one's words about themselves",
    "dev_message": "development only: the log provider's copies of texts and emails, so a "
    "developer can read them; production refuses that provider, so no live service has rows",
}
