"""Who is asking, and the one table of signed-in sessions behind the answer.

The API other features use (the caller commits, unless the docstring says it commits):
- who_is_asking() -> Identity | None: kind, person, language, display name, audit actor.
- current_row() -> SignedInSession | None: this browser's live session row.
- current_child_session() -> SignedInSession | None: that row, if it is a child's tablet.
- sign_in_worker / sign_in_child / sign_in_member / sign_in_young_person: a new row and a new
  session id (commits).
- sign_out(): ends this browser's row and empties its server-side session (commits).
- new_session_id(): a fresh session id for what this browser's session holds now.
- end_sessions_for(kind, person_id, except_current=False) -> int: ends every session of one
  person at once (staff switch-off, API token revocation, "sign out my other phones",
  "end all their sessions").
- end_device_sessions(activity_id=..., code_id=...): ends children's devices for a code.
- live_sessions_for(kind, person_id) -> list[SignedInSession].
- newer_sessions_than(row) -> int: live sessions of the same person begun after this one.
- delete_old_rows(kept) -> int: `flask sessions sweep` deletes long-ended rows.
- save_language(code, remember=False): the language picker's POST.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from flask import current_app, g, has_request_context, request, session
from flask_login import login_user, logout_user
from sqlalchemy import ColumnElement, Select, bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from participation.atomic import rows_changed
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind, SignedInSession
from participation.tokens import digest, new_token

if TYPE_CHECKING:
    from participation.auth.models import Worker
    from participation.children.models import Child
    from participation.codes.models import SignInCode
    from participation.network.models import NetworkMember
    from participation.pathway.models import YoungPerson

    Person = Worker | Child | NetworkMember | YoungPerson

# All a signed-in browser's server-side session says about who it is: a random token whose
# keyed hash is a row of signed_in_session, and which kind of person that row is for (a hint
# for the lookup; the row's own kind must agree).
SESSION_KEY = "signed_in"
KIND_KEY = "signed_in_kind"  # whose session it is, so the lookup reads only that person
# last_seen_at is written at most this often, so reading a page is not a write every time.
TOUCH_EVERY = timedelta(minutes=1)
_ROW = "_signed_in_row"
_IDENTITY = "_identity"

# Audit's words for each kind (older events already say "network" for members).
AUDIT_KIND = {
    Kind.WORKER: "worker",
    Kind.CHILD: "child",
    Kind.MEMBER: "network",
    Kind.YOUNG_PERSON: "young_person",
}


@dataclass(frozen=True)
class Identity:
    """The answer to "who is this?" for one request."""

    kind: Kind
    person: "Person"
    signed_in: SignedInSession
    language: str | None
    display_name: str
    actor_kind: str
    actor_id: str
    actor_name: str

    @property
    def is_worker(self) -> bool:
        return self.kind == Kind.WORKER


def who_is_asking() -> Identity | None:
    """The person signed in on this browser, or None; worked out once per request."""
    if not has_request_context():
        return None
    if _IDENTITY not in g:
        row = current_row()
        setattr(g, _IDENTITY, _identity_of(row) if row is not None else None)
    return g.get(_IDENTITY)


def _identity_of(row: SignedInSession) -> Identity:
    # Each kind fills exactly one person column (see Kind), so the asserts only narrow.
    if row.kind == Kind.WORKER:
        worker = row.worker
        assert worker is not None
        return Identity(
            row.kind, worker, row, worker.preferred_language, worker.name,
            "worker", str(worker.id), worker.name,
        )  # fmt: skip
    if row.kind == Kind.CHILD:
        assert row.activity is not None
        child = row.activity.child
        # The audit log outlives retention deletion, so it never names a child or young
        # person: the event's child id already says whose record it was.
        return Identity(
            row.kind, child, row, child.preferred_language, child.name.split(" ")[0],
            "child", "", "",
        )  # fmt: skip
    if row.kind == Kind.MEMBER:
        member = row.member
        assert member is not None
        return Identity(
            row.kind, member, row, member.language, member.name,
            "network", member.public_id, member.name,
        )  # fmt: skip
    person = row.young_person
    assert person is not None
    return Identity(
        row.kind, person, row, person.preferred_language, person.first_name,
        "young_person", person.public_id, "",
    )  # fmt: skip


def current_row() -> SignedInSession | None:
    """This browser's session row if it is still live (not ended, not expired, person still
    allowed in); looked up once per request."""
    if not has_request_context():
        return None
    if _ROW not in g:
        setattr(g, _ROW, _find_live_row())
    return g.get(_ROW)


def current_child_session() -> SignedInSession | None:
    """The child's device session on this browser, if it is still valid: the live row,
    narrowed to children."""
    row = current_row()
    return row if row is not None and row.kind == Kind.CHILD else None


@cache
def _live_row_stmt(kind: Kind | None = None) -> Select[tuple[SignedInSession]]:
    """The session row by its token's hash, with whoever it belongs to in the same query (not
    one per relationship): only that kind's person when the kind is known, every kind's
    otherwise. Built once per kind: every request asks it, and building its joins and their
    cache key cost more than PostgreSQL takes to answer it."""
    from participation.activities.models import Activity
    from participation.children.models import Child

    people = {
        Kind.WORKER: joinedload(SignedInSession.worker),
        # ...and the child's worker, whom the child's screens name.
        Kind.CHILD: joinedload(SignedInSession.activity)
        .joinedload(Activity.child)
        .joinedload(Child.allocated_worker),
        Kind.MEMBER: joinedload(SignedInSession.member),
        Kind.YOUNG_PERSON: joinedload(SignedInSession.young_person),
    }
    options = [people[kind]] if kind is not None else list(people.values())
    if kind in (None, Kind.CHILD):
        options.append(joinedload(SignedInSession.code))
    stmt = select(SignedInSession).where(SignedInSession.token_hash == bindparam("token_hash"))
    return stmt.options(*options)


def _find_live_row() -> SignedInSession | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        return None
    # The kind was noted beside the token at sign-in (in server-side storage, never the
    # cookie), so a worker's lookup reads the worker alone, not five people's columns. A
    # session from before the kind was noted has none and reads them all.
    noted = session.get(KIND_KEY)
    kind = Kind(noted) if isinstance(noted, str) and noted in set(Kind) else None
    # Looked up lazily (the locale is chosen at the first translated string, perhaps while a
    # row is half made): never flush someone's half-built rows from here.
    with db.session.no_autoflush:
        row = db.session.scalar(_live_row_stmt(kind), {"token_hash": digest(token)})
        if row is None or (kind is not None and row.kind != kind) or not _is_live(row):
            return None
    return row


def _is_live(row: SignedInSession) -> bool:
    if row.ended_at is not None or row.expires_at <= utcnow():
        return False
    if row.kind == Kind.WORKER:
        return row.worker is not None and row.worker.active
    if row.kind == Kind.CHILD:
        # A revoked code, or a fresh one for the activity, closes the lost tablet at once.
        return row.activity is not None and row.code is not None and row.code.revoked_at is None
    if row.kind == Kind.MEMBER:
        return row.member is not None and row.member.removed_at is None
    return row.young_person is not None


def _forget() -> None:
    """Drop this request's cached answer (after a sign-in, a sign-out or sessions ending)."""
    if has_request_context():
        g.pop(_ROW, None)
        g.pop(_IDENTITY, None)


# Signing in ---------------------------------------------------------------------------------


def sign_in_worker(worker: "Worker") -> SignedInSession:
    return _start(Kind.WORKER, current_app.config["STAFF_MAX_SESSION"], worker=worker)


def sign_in_child(code: "SignInCode") -> SignedInSession:
    return _start(
        Kind.CHILD, current_app.config["CHILD_SESSION_TTL"], activity=code.activity, code=code
    )


def sign_in_member(member: "NetworkMember") -> SignedInSession:
    # A grandparent's phone stays signed in between entries (a lasting cookie).
    return _start(
        Kind.MEMBER, current_app.config["MEMBER_SESSION_TTL"], permanent=True, member=member
    )


def sign_in_young_person(person: "YoungPerson") -> SignedInSession:
    return _start(
        Kind.YOUNG_PERSON,
        current_app.config["MEMBER_SESSION_TTL"],
        permanent=True,
        young_person=person,
    )


def _start(kind: Kind, lifetime: timedelta, permanent: bool = False, **person) -> SignedInSession:
    token = new_token()
    now = utcnow()
    row = SignedInSession(
        token_hash=digest(token),
        kind=kind,
        device=describe_device(request.user_agent.string),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        **person,
    )
    db.session.add(row)
    # Whoever was signed in on this browser before (a child's tablet handed to the worker, a
    # second invitation opened on the same phone) is signed out, not left listed as live.
    earlier = session.get(SESSION_KEY)
    if isinstance(earlier, str) and earlier:
        db.session.execute(
            update(SignedInSession)
            .where(
                SignedInSession.token_hash == digest(earlier), SignedInSession.ended_at.is_(None)
            )
            .values(ended_at=now)
            .execution_options(synchronize_session="fetch")
        )
    db.session.commit()
    # A fresh session with a fresh id: nothing from before (a child's session on the same
    # tablet, an id an attacker planted) carries over into the signed-in one.
    session.clear()
    if kind == Kind.WORKER:
        login_user(row.worker)
    session[SESSION_KEY] = token
    session[KIND_KEY] = kind.value
    session.permanent = permanent
    new_session_id()
    _forget()
    setattr(g, _ROW, row)
    return row


def new_session_id() -> None:
    """Flask-Session keeps the old id's data unless told: delete it and issue a new id."""
    regenerate = getattr(current_app.session_interface, "regenerate", None)
    if regenerate is not None:
        regenerate(session)


# Signing out and ending sessions ------------------------------------------------------------


def sign_out() -> None:
    """End this browser's session in the table and in storage: a copy of the cookie kept
    from before is refused afterwards. Commits."""
    row = current_row()
    if row is not None:
        row.ended_at = utcnow()
        db.session.commit()
    logout_user()
    # A new id before emptying it: whatever is kept after (a "signed out" message) is stored
    # under the new id, and the old id's data is deleted from storage.
    new_session_id()
    session.clear()
    _forget()


def end_session(row: SignedInSession) -> None:
    """End one session (the caller commits); this browser's own session data is emptied too
    when it is the one ending."""
    row.ended_at = utcnow()
    if current_row() is row:
        session.pop(SESSION_KEY, None)
        session.pop(KIND_KEY, None)
        _forget()


def _belongs_to(kind: Kind, person_id: int) -> ColumnElement[bool]:
    if kind == Kind.CHILD:
        from participation.activities.models import Activity

        activities = select(Activity.id).where(Activity.child_id == person_id)
        return SignedInSession.activity_id.in_(activities.scalar_subquery())
    column = {
        Kind.WORKER: SignedInSession.worker_id,
        Kind.MEMBER: SignedInSession.member_id,
        Kind.YOUNG_PERSON: SignedInSession.young_person_id,
    }[kind]
    return column == person_id


def end_sessions_for(kind: Kind | str, person_id: int, except_current: bool = False) -> int:
    """End every live session of one person (a child: every device of every activity).
    except_current ("sign out my other phones") keeps this browser's own and ends only those
    signed in before it. Returns how many live ones ended; the caller commits."""
    kind = Kind(kind)
    stmt = update(SignedInSession).where(
        SignedInSession.kind == kind,
        _belongs_to(kind, person_id),
        SignedInSession.ended_at.is_(None),
        # Already expired ones are signed out anyway: not counted in "N other phones".
        SignedInSession.expires_at > utcnow(),
    )
    current = current_row()
    if except_current and current is not None:
        # The newest device wins: a thief with the lost phone can't sign out the phone the
        # owner signed in on afterwards, while the owner's new phone signs the lost one out.
        stmt = stmt.where(
            SignedInSession.id != current.id, SignedInSession.created_at < current.created_at
        )
    ended = rows_changed(
        stmt.values(ended_at=utcnow()).execution_options(synchronize_session="fetch")
    )
    if not except_current:
        _forget()
    return ended


def end_device_sessions(*, activity_id: int | None = None, code_id: int | None = None) -> None:
    """End the children's devices opened for an activity or by one code (the caller commits)."""
    stmt = update(SignedInSession).where(
        SignedInSession.kind == Kind.CHILD, SignedInSession.ended_at.is_(None)
    )
    if activity_id is not None:
        stmt = stmt.where(SignedInSession.activity_id == activity_id)
    if code_id is not None:
        stmt = stmt.where(SignedInSession.sign_in_code_id == code_id)
    db.session.execute(
        stmt.values(ended_at=utcnow()).execution_options(synchronize_session="fetch")
    )
    _forget()


def newer_sessions_than(row: SignedInSession) -> int:
    """How many of the person's live sessions began after this one (which it can't end)."""
    kind = Kind(row.kind)
    person_id = {
        Kind.WORKER: row.worker_id,
        Kind.CHILD: row.activity.child_id if row.activity else None,
        Kind.MEMBER: row.member_id,
        Kind.YOUNG_PERSON: row.young_person_id,
    }[kind]
    if person_id is None:
        return 0
    return sum(
        1 for other in live_sessions_for(kind, person_id) if other.created_at > row.created_at
    )


def live_sessions_for(kind: Kind | str, person_id: int) -> list[SignedInSession]:
    """The person's signed-in devices, newest first (for "signed in on 2 phones")."""
    kind = Kind(kind)
    stmt = (
        select(SignedInSession)
        .where(
            SignedInSession.kind == kind,
            _belongs_to(kind, person_id),
            SignedInSession.ended_at.is_(None),
            SignedInSession.expires_at > utcnow(),
        )
        .order_by(SignedInSession.last_seen_at.desc())
    )
    return list(db.session.scalars(stmt))


def touch() -> None:
    """Note when this session was last used (at most once a minute, for "signed in on 2
    phones"). Written on its own connection, so the request's session is not committed, and
    the rows it has loaded are neither expired nor read again."""
    row = current_row()
    now = utcnow()
    if row is None or now - row.last_seen_at <= TOUCH_EVERY:
        return
    with db.engine.begin() as connection:
        connection.execute(
            update(SignedInSession)
            .where(SignedInSession.id == row.id, SignedInSession.last_seen_at < now - TOUCH_EVERY)
            .values(last_seen_at=now)
        )
    set_committed_value(row, "last_seen_at", now)


def delete_old_rows(kept: timedelta) -> int:
    """Delete session rows that ended or expired longer ago than `kept` (nothing refers to
    them; a live one is never touched). Returns how many; the caller commits."""
    before = utcnow() - kept
    return rows_changed(
        delete(SignedInSession)
        .where(or_(SignedInSession.ended_at < before, SignedInSession.expires_at < before))
        .execution_options(synchronize_session=False)
    )


# Language -----------------------------------------------------------------------------------


def save_language(code: str, remember: bool = False) -> bool:
    """Save the chosen language on the person's own record. Members and young people are on
    their own phone, so it is kept; staff only when they tick the box, because on a shared
    tablet a worker may switch the screens for a child. A child's record is the worker's to
    change, so never. Returns whether anything was saved (the caller commits)."""
    from participation.auth.models import Worker
    from participation.network.models import NetworkMember
    from participation.pathway.models import YoungPerson

    identity = who_is_asking()
    if identity is None:
        return False
    person = identity.person
    if isinstance(person, NetworkMember):
        person.language = code
        return True
    if isinstance(person, YoungPerson):
        person.preferred_language = code
        return True
    if isinstance(person, Worker) and remember:
        person.preferred_language = code
        return True
    return False


# Devices ------------------------------------------------------------------------------------

_BROWSERS = (
    ("Edg", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "Chromebook"),
    ("Windows", "Windows"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """A short "Chrome on Android", so a person can tell their phones apart; nothing more of
    the browser's fingerprint is kept."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system
