"""Command-line tasks: staff accounts, demo data and translation catalogues."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from participation.admin.services import find_worker, revoke_client, switch_off, switch_on
from participation.auth.models import Role, Worker
from participation.auth.services import create_worker, get_or_create_team
from participation.extensions import db
from participation.languages import is_known

ROOT = Path(__file__).resolve().parent.parent


def init_app(app: Flask) -> None:
    app.cli.add_command(staff)
    app.cli.add_command(seed_demo)
    app.cli.add_command(translate)
    app.cli.add_command(api_client)
    app.cli.add_command(retention)
    app.cli.add_command(uploads)


@click.group(help="Manage staff accounts.")
def staff():
    pass


@staff.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--team", default=None, help="Team name (created if new).")
@click.option("--mobile", default=None, help="Mobile number urgent alerts are texted to.")
@click.option("--languages", default="", help="Interpreters: language codes, e.g. so,ar.")
@click.option("--serves", multiple=True, help="Interpreters: a team they serve (repeatable).")
@click.option(
    "--gender",
    type=click.Choice(["woman", "man"]),
    default=None,
    help="Interpreters: offered words whose writer asked for a woman or a man.",
)
@click.password_option()
def staff_create(
    email: str,
    name: str,
    role: str,
    team: str | None,
    mobile: str | None,
    languages: str,
    serves: tuple[str, ...],
    gender: str | None,
    password: str,
):
    if len(password) < 12:
        raise click.BadParameter("use at least 12 characters", param_hint="password")
    codes = [c.strip() for c in languages.split(",") if c.strip()]
    unknown = [c for c in codes if not is_known(c)]
    if unknown:
        raise click.BadParameter(f"unknown language code {unknown[0]}", param_hint="--languages")
    if (codes or serves or gender) and role != Role.INTERPRETER:
        raise click.BadParameter("only for interpreters", param_hint="--languages/--serves")
    worker = create_worker(
        email, name, Role(role), password, get_or_create_team(team) if team else None
    )
    worker.mobile = (mobile or "").strip() or None
    worker.languages, worker.gender = ",".join(codes), gender
    worker.serves = [get_or_create_team(t) for t in dict.fromkeys(serves)]
    db.session.commit()
    click.echo(f"Created {role} {email}")


@staff.command("interpreter", help="Set an interpreter's languages, teams served and gender.")
@click.argument("email")
@click.option("--languages", required=True, help="Language codes they work in, e.g. so,ar.")
@click.option("--serves", multiple=True, help="A team they serve (repeatable; replaces the list).")
@click.option("--gender", type=click.Choice(["woman", "man", "unrecorded"]), default=None)
def staff_interpreter(email: str, languages: str, serves: tuple[str, ...], gender: str | None):
    """For interpreters whose accounts were made before queues by language: without languages
    and teams their queue offers nothing, and words queued for their languages wait unseen."""
    worker = find_worker(email)
    if worker is None or worker.role != Role.INTERPRETER:
        raise click.ClickException(f"no interpreter account {email}")
    codes = [c.strip() for c in languages.split(",") if c.strip()]
    unknown = [c for c in codes if not is_known(c)]
    if not codes or unknown:
        raise click.BadParameter(
            f"unknown language code {(unknown or [''])[0]}", param_hint="--languages"
        )
    worker.languages = ",".join(codes)
    if serves:
        worker.serves = [get_or_create_team(t) for t in dict.fromkeys(serves)]
    if gender is not None:
        worker.gender = None if gender == "unrecorded" else gender
    db.session.commit()
    teams = ", ".join(t.name for t in worker.serves) or "their own team only"
    click.echo(f"{email} works in {worker.languages} for {teams}")


def _switch(email: str, change: Callable[[Worker], None]) -> Worker:
    """The admin page's switch, by email: the same service call, saved."""
    worker = find_worker(email)
    if worker is None:
        raise click.ClickException(f"no staff account with the email {email}")
    change(worker)
    db.session.commit()
    return worker


@staff.command("deactivate", help="Switch an account off: it is signed out and can't sign in.")
@click.argument("email")
def staff_deactivate(email: str):
    worker = _switch(email, switch_off)
    click.echo(f"Switched off {worker.email}; its sessions have ended.")


@staff.command("activate", help="Switch a switched-off account on again.")
@click.argument("email")
def staff_activate(email: str):
    click.echo(f"Switched on {_switch(email, switch_on).email}.")


@click.command("seed-demo", help="Load invented demo people (never in production).")
def seed_demo():
    """The demo lives in participation/demo; this prints its sign-ins, fresh on every run."""
    from participation.demo.seed import NotEmpty, load

    if current_app.config["ENVIRONMENT"] == "production":
        raise click.ClickException("demo data is for development only")
    try:
        sign_ins = load()
    except NotEmpty as refused:
        raise click.ClickException(str(refused)) from refused
    for line in sign_ins.lines():
        click.echo(line)


@click.group(help="Translation catalogues (pybabel under the hood).")
def translate():
    pass


def _pybabel(*args: str) -> None:
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), *args], check=True, cwd=ROOT)  # noqa: S603


def extract_messages(output: str | Path = "translations/messages.pot") -> None:
    """The one definition of which calls mark text for translation (the catalogue test uses
    it too, so the two can never disagree)."""
    # _child: a child-facing message that may have girl/boy forms (activities/addressed.py).
    keywords = ("-k", "_l", "-k", "_ln:1,2", "-k", "_child")
    # Guidance written next to a string ("Translators: ...") reaches the translator.
    guidance = ("-c", "Translators:")
    _pybabel("-q", "extract", "-F", "babel.cfg", *keywords, *guidance, "-o", str(output), ".")


@translate.command("extract")
def translate_extract():
    extract_messages()


@translate.command("init")
@click.argument("lang")
def translate_init(lang: str):
    _pybabel("init", "-i", "translations/messages.pot", "-d", "translations", "-l", lang)


@translate.command("update")
def translate_update():
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations")


@translate.command("compile")
def translate_compile():
    if any(Path(ROOT, "translations").glob("*/LC_MESSAGES/messages.po")):
        _pybabel("compile", "-d", "translations")


@click.group("api-client", help="Tokens for case management systems to pull record entries.")
def api_client():
    pass


@api_client.command("create")
@click.option("--name", required=True, help="For example: Mosaic (Northside).")
@click.option("--team", required=True, help="The team whose entries it may pull.")
def api_client_create(name: str, team: str):
    from participation.caserecord.services import create_client

    client, token = create_client(name, get_or_create_team(team).id)
    db.session.commit()
    click.echo(f"API client {client.name} for team {team}. Its token (shown once):\n{token}")


@api_client.command("revoke", help="Stop every token of the API client with this name.")
@click.argument("name")
def api_client_revoke(name: str):
    from participation.caserecord.models import ApiClient

    clients = db.session.scalars(
        select(ApiClient).where(ApiClient.name == name, ApiClient.revoked_at.is_(None))
    ).all()
    if not clients:
        raise click.ClickException(f"no API client called {name!r} with a working token")
    for client in clients:
        revoke_client(client)
    db.session.commit()
    click.echo(f"Revoked {len(clients)} token(s) for {name}: they get 401 from now on.")


@click.group(help="Retention: list and delete records past their retention date.")
def retention():
    pass


@retention.command("due")
def retention_due():
    from participation.children.models import Child
    from participation.pathway.models import YoungPerson
    from participation.retention.services import retention_ended

    for child in db.session.scalars(select(Child).order_by(Child.date_of_birth)):
        if retention_ended(child):
            click.echo(
                f"child {child.public_id}  {child.case_reference}  born {child.date_of_birth}"
            )
    for person in db.session.scalars(select(YoungPerson).order_by(YoungPerson.date_of_birth)):
        if retention_ended(person):
            click.echo(f"young person {person.public_id}  born {person.date_of_birth}")


def _delete_after_retention(model, public_id: str, noun: str, delete, reason: str, force: bool):
    """Deleting is refused before the retention birthday unless forced; the audit log stays."""
    from participation.retention.services import retention_ended

    person = db.session.scalar(select(model).where(model.public_id == public_id))
    if person is None:
        raise click.ClickException(f"no such {noun}")
    if not retention_ended(person) and not force:
        raise click.ClickException(f"retention has not ended for this {noun} (use --force)")
    delete(person, reason)
    click.echo(f"Deleted the records of {public_id}; the audit log is kept.")


@retention.command("delete-child")
@click.argument("child_id")
@click.option("--reason", required=True, help="Recorded in the audit log.")
@click.option("--force", is_flag=True, help="Delete even though retention has not ended.")
def retention_delete_child(child_id: str, reason: str, force: bool):
    from participation.children.models import Child
    from participation.retention.services import delete_child

    _delete_after_retention(Child, child_id, "child", delete_child, reason, force)


@retention.command("delete-young-person")
@click.argument("person_id")
@click.option("--reason", required=True, help="Recorded in the audit log.")
@click.option("--force", is_flag=True, help="Delete even though retention has not ended.")
def retention_delete_young_person(person_id: str, reason: str, force: bool):
    from participation.pathway.models import YoungPerson
    from participation.retention.young_people import delete_young_person

    _delete_after_retention(
        YoungPerson, person_id, "young person", delete_young_person, reason, force
    )


@click.group(help="Stored files: drawings, photos and voice memos.")
def uploads():
    pass


@uploads.command(
    "sweep", help="Remove stored files no record names, and half-written ones (run daily)."
)
@click.option(
    "--grace-minutes", default=60, show_default=True, type=click.IntRange(min=5),
    help="Only files older than this: a younger one may be an upload still being saved.",
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@click.option(
    "--force", is_flag=True,
    help="Remove even when no record names any file or more than 10% of files would go.",
)  # fmt: skip
def uploads_sweep(grace_minutes: int, dry_run: bool, force: bool):
    from datetime import timedelta

    from participation.uploads import SweepRefused, sweep

    try:
        removed = sweep(timedelta(minutes=grace_minutes), dry_run=dry_run, force=force)
    except SweepRefused as refused:
        raise click.ClickException(str(refused)) from refused
    for name in removed:
        click.echo(name)
    verb = "Would remove" if dry_run else "Removed"
    click.echo(f"{verb} {len(removed)} file(s) no record names.")
