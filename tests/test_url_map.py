"""One place per URL: a reader finds the handler of any URL in one hop from its prefix."""

import re
from importlib import import_module

import pytest
from flask import Blueprint, Flask

from participation.moved import MOVED

# `/` sends each person to their start page and `/sw.js` must sit at the root for its scope.
ROOT_RULES = {"/": "children.home", "/sw.js": "pwa.service_worker"}
# Blueprints without a prefix: the old-URL redirects and the service worker.
UNPREFIXED = {"moved", "pwa"}


def _under(url: str, prefix: str) -> bool:
    return url == prefix or url.startswith(prefix.rstrip("/") + "/")


def _package(blueprint: Blueprint) -> str:
    """The package a blueprint is defined in (its own name when made in `__init__.py`)."""
    module = import_module(blueprint.import_name)
    return module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]


def _prefixed(app: Flask) -> dict[str, Blueprint]:
    return {bp.url_prefix: bp for name, bp in app.blueprints.items() if name not in UNPREFIXED}


def _rules(app: Flask):
    """(rule, serving blueprint) for every URL the checks cover."""
    for rule in app.url_map.iter_rules():
        name = rule.endpoint.rpartition(".")[0]
        if rule.endpoint == "static" or rule.rule in ROOT_RULES or name == "moved":
            continue
        yield rule, app.blueprints.get(name)


def prefix_problems(app: Flask) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for name, bp in app.blueprints.items():
        if name in UNPREFIXED:
            continue
        if not bp.url_prefix:
            problems.append(f"blueprint {name} has no url_prefix")
        elif bp.url_prefix in seen:
            problems.append(f"{name} and {seen[bp.url_prefix]} share {bp.url_prefix}")
        else:
            seen[bp.url_prefix] = name
    return problems


def placement_problems(app: Flask) -> list[str]:
    problems = []
    for rule, bp in _rules(app):
        if bp is None:
            problems.append(f"{rule.rule} ({rule.endpoint}) is served outside any blueprint")
            continue
        if not bp.url_prefix or not _under(rule.rule, bp.url_prefix):
            problems.append(f"{rule.rule} ({rule.endpoint}) is outside {bp.url_prefix!r}")
        package = _package(bp)
        module = app.view_functions[rule.endpoint].__module__
        if package == "participation" or not (module + ".").startswith(package + "."):
            problems.append(f"{rule.rule} ({rule.endpoint}) is handled in {module}, not {package}")
    return problems


def longest_prefix_problems(app: Flask) -> list[str]:
    prefixes = _prefixed(app)
    problems = []
    for rule, bp in _rules(app):
        matching = [p for p in prefixes if p and _under(rule.rule, p)]
        owner = prefixes[max(matching, key=len)] if matching else None
        if owner is not bp:
            owner_name = owner.name if owner else "no blueprint"
            problems.append(f"{rule.rule} ({rule.endpoint}) looks like {owner_name}'s")
    return problems


def test_every_blueprint_has_a_prefix_of_its_own(app):
    assert prefix_problems(app) == []


def test_every_url_is_under_its_blueprint_prefix_and_handled_in_its_package(app):
    assert placement_problems(app) == []


def test_the_longest_matching_prefix_names_the_blueprint_serving_the_url(app):
    assert longest_prefix_problems(app) == []


def test_the_root_urls_are_the_only_exceptions(app):
    served = {r.rule: r.endpoint for r in app.url_map.iter_rules() if r.rule in ROOT_RULES}
    assert served == ROOT_RULES


@pytest.mark.parametrize(
    ("old", "endpoint", "method"),
    [(old, to.endpoint, method) for old, to in MOVED.items() for method in to.methods],
)
def test_moved_urls_redirect_permanently_to_a_url_that_exists(app, client, old, endpoint, method):
    # An old URL with a part that varies (a record's id) is tried with an example id.
    response = client.open(re.sub(r"<[^>]+>", "a1b2c3", old) + "?next=/children", method=method)
    assert response.status_code == 308
    path, _, query = response.location.partition("?")
    assert query == "next=/children"
    assert app.url_map.bind("localhost").match(path, method=method)[0] == endpoint


def test_the_checks_catch_a_map_that_breaks_the_rule():
    """Like the map before issue #12: /children served without a prefix, a URL served under
    another blueprint's longer prefix, and a view from outside the blueprint's package."""
    app = Flask("participation")
    children = Blueprint("children", "participation.children")
    activities = Blueprint("activities", "participation.activities", url_prefix="/activities")
    admin = Blueprint("admin", "participation.admin", url_prefix="/activities/admin")

    def new_activity():
        return ""

    new_activity.__module__ = "participation.activities.routes"
    children.add_url_rule("/children", "list_children", lambda: "")
    activities.add_url_rule("/new", "new_activity", new_activity)
    activities.add_url_rule("/admin/stray", "stray", new_activity)
    admin.add_url_rule("/ok", "ok", lambda: "")
    for bp in (children, activities, admin):
        app.register_blueprint(bp)

    assert prefix_problems(app) == ["blueprint children has no url_prefix"]
    outside, children_elsewhere, admin_elsewhere = placement_problems(app)
    assert outside == "/children (children.list_children) is outside None"
    assert children_elsewhere.endswith("handled in tests.test_url_map, not participation.children")
    assert admin_elsewhere.endswith("handled in tests.test_url_map, not participation.admin")
    assert longest_prefix_problems(app) == [
        "/children (children.list_children) looks like no blueprint's",
        "/activities/admin/stray (activities.stray) looks like admin's",
    ]
