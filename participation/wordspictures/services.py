"""Storyboards: who may see and add to which, panels and their pictures, versions, agreement."""

from collections.abc import Callable
from dataclasses import dataclass

from babel import UnknownLocaleError
from flask import abort, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.audit.services import record
from participation.auth.models import Worker
from participation.caserecord.services import register, team_of_family
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.images import normalise_image
from participation.network.models import Family, NetworkMember
from participation.network.services import children_of
from participation.problems import Refused
from participation.uploads import store
from participation.wordspictures.models import (
    Storyboard,
    StoryboardImage,
    StoryboardPanel,
    StoryboardVersion,
)

PANEL_KIND = "storyboard_panel"
# An agreed version's record kind, as stored: record_pdf.kind is String(16) and
# record_entry.kind String(24), so the longer "words_and_pictures_version" would not fit on
# PostgreSQL. Its public API type name is "words_and_pictures" (record_kind.py).
VERSION_KIND = "wordspictures"
MAX_PANELS = 40


@dataclass(frozen=True)
class Author:
    """Who wrote a panel's words: kept on every panel and every version."""

    kind: str  # worker / member / parent
    name: str
    member_id: int | None = None

    @classmethod
    def of_worker(cls, worker: Worker) -> "Author":
        return cls("worker", worker.name)

    @classmethod
    def of_member(cls, member: NetworkMember) -> "Author":
        return cls(member.role if member.role == "parent" else "member", member.name, member.id)


# --- the worker's side -----------------------------------------------------------------


def storyboards_of(family: Family) -> list[Storyboard]:
    """The caller has already fetched the family for this worker (get_family_or_404)."""
    stmt = select(Storyboard).where(Storyboard.family_id == family.id).order_by(Storyboard.id)
    return list(db.session.scalars(stmt))


def get_storyboard_or_404(family: Family, public_id: str) -> Storyboard:
    """Only a storyboard of this family: an id from another family is a 404."""
    return db.first_or_404(
        select(Storyboard).where(
            Storyboard.family_id == family.id, Storyboard.public_id == public_id
        )
    )


def get_panel_or_404(storyboard: Storyboard, public_id: str) -> StoryboardPanel:
    return db.first_or_404(
        select(StoryboardPanel).where(
            StoryboardPanel.storyboard_id == storyboard.id, StoryboardPanel.public_id == public_id
        )
    )


def get_version_or_404(storyboard: Storyboard, public_id: str) -> StoryboardVersion:
    return db.first_or_404(
        select(StoryboardVersion).where(
            StoryboardVersion.storyboard_id == storyboard.id,
            StoryboardVersion.public_id == public_id,
        )
    )


def get_image_of_family_or_404(family: Family, public_id: str) -> StoryboardImage:
    """A picture of one of this family's storyboards (kept versions' pictures included)."""
    return db.first_or_404(
        select(StoryboardImage)
        .join(Storyboard, Storyboard.id == StoryboardImage.storyboard_id)
        .where(Storyboard.family_id == family.id, StoryboardImage.public_id == public_id)
    )


def child_of_family_or_none(family: Family, public_id: str | None) -> Child | None:
    if not public_id:
        return None
    child = next((c for c in children_of(family) if c.public_id == public_id), None)
    if child is None:
        abort(404)  # a child outside this family is never attached to its storyboard
    return child


def create_storyboard(
    family: Family, worker: Worker, title: str, child: Child | None, kind: str = "story"
) -> Storyboard:
    storyboard = Storyboard(
        family_id=family.id,
        child_id=child.id if child else None,
        title=title.strip(),
        kind=kind,
        created_by_id=worker.id,
    )
    db.session.add(storyboard)
    db.session.flush()
    record("words_and_pictures_create", child, "storyboard", storyboard.public_id,
           about=None if child else [*children_of(family)])  # fmt: skip
    return storyboard


@dataclass(frozen=True)
class Sentence:
    """One piece of the plan as a child's panel: its words and the language they are in."""

    words: str
    language: str


# The starting words for a child, one message each so each is in the catalogue.
def _worried(text: str) -> str:
    return _("Your worker and your family are worried that %(text)s", text=text)


def _safe(text: str) -> str:
    return _("To keep you safe, %(text)s", text=text)


def _safe_who(text: str, who: str) -> str:
    return _("To keep you safe, %(who)s: %(text)s", who=who, text=text)


def _object(text: str) -> str:
    return _("Your safety object is %(thing)s.", thing=text)


def _lives(text: str) -> str:
    return _("It lives %(place)s.", place=text)


def _moved(text: str) -> str:
    return _("If it moves, it means %(means)s.", means=text)


def _framed(language: str, frame: Callable[..., str], text: str, **values: str) -> str:
    """Child-friendly framing in the sentence's own language, so a Polish sentence stays a
    Polish panel. Where that language has no translation of the framing yet, the sentence
    stands alone: never English framing around another language's words."""
    try:
        with force_locale(language):
            framed = frame(text, **values)
        with force_locale("en"):
            english = frame(text, **values)
    except (UnknownLocaleError, ValueError):
        return text  # a language the interface has no locale for: its words as written
    if language != "en" and framed == english:
        return text
    return framed


def plan_sentences(family: Family) -> list[Sentence]:
    """The safety plan as starting panels for a child, one per sentence, each in the
    language it was written in; the worker then puts them into the child's words."""
    plan = family.plan
    if plan is None:
        return []
    found: list[Sentence] = []
    for pair in plan.pairs:
        lang = pair.language or "en"
        # Adult danger statements are not copied bare: framed as who is worried, and why.
        found.append(Sentence(_framed(lang, _worried, pair.statement), lang))
        if pair.goal:
            # A goal can be written by someone else, in another language: its own panel.
            goal_lang = getattr(pair, "goal_language", None) or lang
            found.append(Sentence(_framed(goal_lang, _safe, pair.goal), goal_lang))
    for rule in plan.rules:
        lang = rule.language or "en"
        if rule.who:
            words = _framed(lang, _safe_who, rule.text, who=rule.who)
            if words == rule.text:
                words = f"{rule.who}: {rule.text}"
        else:
            words = _framed(lang, _safe, rule.text)
        found.append(Sentence(words, lang))
    if plan.safety_object:
        # The safety object is the child's choice and carries no language of its own: the
        # child's who chose it, else English (as the plan's unattributed parts are kept).
        chooser = (
            db.session.get(Child, plan.object_chosen_by_child_id)
            if plan.object_chosen_by_child_id
            else None
        )
        lang = chooser.preferred_language if chooser else "en"
        parts = [_framed(lang, _object, plan.safety_object)]
        if plan.object_usual_place:
            parts.append(_framed(lang, _lives, plan.object_usual_place))
        if plan.object_moved_means:
            parts.append(_framed(lang, _moved, plan.object_moved_means))
        found.append(Sentence(" ".join(parts), lang))
    return found


def storyboard_from_plan(family: Family, worker: Worker, child: Child | None) -> Storyboard:
    """A storyboard of kind safety_plan, one panel per sentence of the plan in its own
    language, marked as the worker's starting words until the worker edits them."""
    storyboard = create_storyboard(
        family, worker, _("Our safety plan in words and pictures"), child, "safety_plan"
    )
    for sentence in plan_sentences(family):
        panel = add_panel(storyboard, sentence.words, sentence.language, None,
                          Author.of_worker(worker))  # fmt: skip
        panel.from_plan = True
    return storyboard


def _picture(storyboard: Storyboard, data: bytes) -> StoryboardImage:
    """Re-encoded and stripped of metadata (GPS, camera) exactly as journal photos are."""
    cfg = current_app.config
    clean = normalise_image(
        data,
        max_bytes=cfg["UPLOAD_MAX_BYTES"],
        max_pixels=cfg["UPLOAD_MAX_PIXELS"],
        max_side=cfg["UPLOAD_MAX_SIDE"],
    )
    image = StoryboardImage(
        storyboard_id=storyboard.id,
        storage_key=store(clean.data, clean.extension),
        media_type=clean.media_type,
        byte_size=len(clean.data),
        sha256=clean.sha256,
    )
    db.session.add(image)
    return image


def existing_panel(storyboard: Storyboard, client_key: str | None) -> StoryboardPanel | None:
    if not client_key:
        return None
    return db.session.scalar(
        select(StoryboardPanel).where(
            StoryboardPanel.storyboard_id == storyboard.id,
            StoryboardPanel.client_key == client_key,
        )
    )


def add_panel(
    storyboard: Storyboard,
    words: str,
    language: str,
    picture: bytes | None,
    author: Author,
    client_key: str | None = None,
) -> StoryboardPanel:
    """The same form sent twice (a double tap on a slow phone, the outbox resending) gives
    back the first panel: nothing doubled, the picture stored once."""
    already = existing_panel(storyboard, client_key)
    if already is not None:
        return already
    if not (words or "").strip() and not picture:
        raise Refused(_("Add a picture, some words, or both."), 422)
    if len(storyboard.panels) >= MAX_PANELS:
        raise Refused(_("This storyboard is full. Take a panel out first."), 422)
    last = db.session.scalar(
        select(func.max(StoryboardPanel.position)).where(
            StoryboardPanel.storyboard_id == storyboard.id
        )
    )
    panel = StoryboardPanel(
        storyboard=storyboard,
        position=(last + 1) if last is not None else 0,
        words=words or "",
        language=language or "en",
        image=_picture(storyboard, picture) if picture else None,
        written_by_kind=author.kind,
        written_by_name=author.name,
        written_by_member_id=author.member_id,
        client_key=(client_key or None),
    )
    db.session.add(panel)
    db.session.flush()
    _ask_for_translations(panel)
    return panel


def update_panel(
    panel: StoryboardPanel, words: str, language: str, picture: bytes | None, worker: Worker
) -> None:
    """The worker edits a panel; if the words change, the panel becomes the worker's words
    (the record of who wrote what is in each kept version)."""
    if not (words or "").strip() and not picture and panel.image is None:
        raise Refused(_("Add a picture, some words, or both."), 422)
    if words != panel.words or language != panel.language:
        panel.written_by_kind, panel.written_by_name = "worker", worker.name
        panel.written_by_member_id = None
        panel.from_plan = False  # now the worker's own words, no longer the plan's draft
    panel.words, panel.language = words or "", language or panel.language
    if picture:
        # The old picture stays stored: a kept version may still show it.
        panel.image = _picture(panel.storyboard, picture)
    panel.updated_at = utcnow()
    db.session.flush()
    _ask_for_translations(panel)


def move_panel(panel: StoryboardPanel, direction: str) -> None:
    panels = list(panel.storyboard.panels)
    at = panels.index(panel)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(panels):
        panels[at], panels[to] = panels[to], panels[at]
    for position, each in enumerate(panels):
        each.position = position


def remove_panel(panel: StoryboardPanel) -> None:
    """Gone from the storyboard; its picture stays for any kept version that shows it."""
    storyboard = panel.storyboard
    storyboard.panels.remove(panel)
    for position, each in enumerate(storyboard.panels):
        each.position = position


def set_shared(storyboard: Storyboard, shared: bool) -> None:
    storyboard.shared_with_network = shared


# --- translations ----------------------------------------------------------------------


def child_language(storyboard: Storyboard) -> str:
    """The language of the child it is for, else of the family's first child."""
    child = db.session.get(Child, storyboard.child_id) if storyboard.child_id else None
    if child is None:
        children = children_of(storyboard.family)
        child = children[0] if children else None
    return child.preferred_language if child else "en"


def _ask_for_translations(panel: StoryboardPanel) -> None:
    """Into the child's language (they are the reader) and into English (the record), in the
    same transaction as the words, so nobody has to remember to ask."""
    from participation.translation.services import auto_request

    storyboard = panel.storyboard
    if not panel.words.strip():
        return
    worker = storyboard.created_by
    for target in {child_language(storyboard), "en"}:
        auto_request(PANEL_KIND, panel, panel.language, worker, target=target)


@dataclass(frozen=True)
class Reading:
    """A panel's words for one reader: the translation shown (None: as written) and whether
    one is being made."""

    translation: object | None
    waiting: bool


def translated(panel_id: str, words: str, language: str):
    """The newest finished translation of exactly these words into this language (English
    included: a child who reads English reads a parent's Polish in English), or None."""
    from participation.translation.models import Translation
    from participation.translation.services import these_words

    if not words:
        return None
    return db.session.scalar(
        select(Translation)
        .where(
            *these_words(PANEL_KIND, panel_id, "words", words, language),
            Translation.status == "done",
        )  # fmt: skip
        .order_by(Translation.translated_at.desc(), Translation.id.desc())
        .limit(1)
    )


def reading_of(panels: list[StoryboardPanel], language: str) -> dict[str, Reading]:
    """Each panel's words in this language, only where translated from the words as they
    stand now (never a translation of words changed since)."""
    from participation.translation.services import awaiting

    found: dict[str, Reading] = {}
    for panel in panels:
        if not panel.words or panel.language == language:
            continue
        done = translated(panel.public_id, panel.words, language)
        waiting = done is None and awaiting(
            PANEL_KIND, panel.public_id, "words", panel.words, language
        )
        found[panel.public_id] = Reading(done, waiting)
    return found


# --- versions ---------------------------------------------------------------------------


def _panel_content(panel: StoryboardPanel) -> dict:
    member = panel.written_by_member
    image = panel.image
    return {
        "id": panel.public_id,
        "position": panel.position,
        "words": panel.words,
        "language": panel.language,
        "author": {
            "kind": panel.written_by_kind,
            "name": panel.written_by_name,
            "member_id": member.public_id if member else None,
        },
        "from_plan": panel.from_plan,
        "image": {
            "id": image.public_id,
            "key": image.storage_key,
            "media_type": image.media_type,
            "bytes": image.byte_size,
            "sha256": image.sha256,
        }
        if image
        else None,
    }


def existing_version(storyboard: Storyboard, client_key: str | None) -> StoryboardVersion | None:
    if not client_key:
        return None
    return db.session.scalar(
        select(StoryboardVersion).where(
            StoryboardVersion.storyboard_id == storyboard.id,
            StoryboardVersion.client_key == client_key,
        )
    )


def keep_version(
    storyboard: Storyboard, worker: Worker, client_key: str | None = None
) -> StoryboardVersion:
    """The storyboard as it stands now, kept as the next version (numbered per storyboard);
    the same tap sent twice gives back the version the first one kept."""
    already = existing_version(storyboard, client_key)
    if already is not None:
        return already
    if not storyboard.panels:
        raise Refused(_("Add a panel before keeping a version."), 422)
    last = db.session.scalar(
        select(func.max(StoryboardVersion.number)).where(
            StoryboardVersion.storyboard_id == storyboard.id
        )
    )
    child = db.session.get(Child, storyboard.child_id) if storyboard.child_id else None
    version = StoryboardVersion(
        storyboard=storyboard,
        number=(last or 0) + 1,
        content={
            "title": storyboard.title,
            "kind": storyboard.kind,
            "child_id": child.public_id if child else None,
            "child_language": child_language(storyboard),
            "kept_by": worker.name,
            "panels": [_panel_content(p) for p in storyboard.panels],
        },
        client_key=(client_key or None),
    )
    db.session.add(version)
    db.session.flush()
    return version


def agree_version(version: StoryboardVersion, worker: Worker) -> None:
    """Agreed with the family: a record entry (so it can be filed with a court statement).
    Agreeing again later is a new version, and a new entry; the earlier stays on the record."""
    if version.agreed_at is not None:
        return
    version.agreed_at, version.agreed_by_id = utcnow(), worker.id
    family = version.storyboard.family
    db.session.flush()
    register(
        VERSION_KIND, version.public_id, team_of_family(family.id),
        f"{family.name}: Words and Pictures, {version.storyboard.title}, version {version.number}",
    )  # fmt: skip
    # The PDF makes its print-sized copies of the pictures when it is rendered (print_copies
    # knows only activities and journal entries).
    record("words_and_pictures_agree", None, VERSION_KIND, version.public_id)


def latest_agreed(storyboard: Storyboard) -> StoryboardVersion | None:
    agreed = [v for v in storyboard.versions if v.agreed_at is not None]
    return agreed[-1] if agreed else None


# --- a parent's or member's phone -------------------------------------------------------


def may_add_panels(member: NetworkMember) -> bool:
    """Parents make the storyboard with the worker; other members only read it."""
    return member.role == "parent"


def _member_stmt(member: NetworkMember):
    """Only the member's own family; a member who is not a parent sees only what the
    worker shared with the network."""
    stmt = select(Storyboard).where(Storyboard.family_id == member.family_id)
    if not may_add_panels(member):
        stmt = stmt.where(Storyboard.shared_with_network.is_(True))
    return stmt


def storyboards_for_member(member: NetworkMember) -> list[Storyboard]:
    return list(db.session.scalars(_member_stmt(member).order_by(Storyboard.id)))


def get_storyboard_for_member_or_404(member: NetworkMember, public_id: str) -> Storyboard:
    return db.first_or_404(_member_stmt(member).where(Storyboard.public_id == public_id))


def get_image_for_member_or_404(member: NetworkMember, public_id: str) -> StoryboardImage:
    """A picture on a storyboard this member may see, nothing else."""
    visible = _member_stmt(member).with_only_columns(Storyboard.id)
    return db.first_or_404(
        select(StoryboardImage).where(
            StoryboardImage.public_id == public_id, StoryboardImage.storyboard_id.in_(visible)
        )
    )


# --- the child's own space --------------------------------------------------------------


def agreed_versions_for_child(child: Child) -> list[StoryboardVersion]:
    """The newest agreed version of each storyboard in the child's family that is for this
    child or for every child; never a sibling's own storyboard."""
    if child.family_id is None:
        return []
    stmt = (
        select(Storyboard)
        .where(
            Storyboard.family_id == child.family_id,
            (Storyboard.child_id.is_(None)) | (Storyboard.child_id == child.id),
        )
        .order_by(Storyboard.id)
    )
    found = [latest_agreed(s) for s in db.session.scalars(stmt)]
    return [v for v in found if v is not None]
