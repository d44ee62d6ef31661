"""Imports point down the layers written in the README ("Code map"): a test, not a hope."""

import ast
from pathlib import Path

APPS = Path(__file__).resolve().parents[2] / "apps"

# What each app may import from the others. Anything not listed climbs.
BELOW = {
    "core": set(),
    # Who is asking (addresses, login limits): below the content, beside core.
    "access": set(),
    # What the public saw, and when: written by the moderation, read by the pages and the API.
    "history": {"core"},
    # Public corrections: what an approval put right, for any kind of entry.
    "corrections": {"core"},
    # Words the search treats as one: moderated entries that only the search reads.
    "synonyms": {"core"},
    "actors": {"core"},
    "places": {"core"},
    "sources": {"core", "actors", "history"},
    "claims": {"core", "actors", "sources"},
    "article": {"core", "actors", "places", "sources", "claims"},
    "reactions": {"core", "actors", "places", "sources", "claims"},
    "weapons": {"core", "actors", "places", "sources", "claims"},
    "events": {
        "core",
        "history",
        "synonyms",
        "corrections",
        "actors",
        "places",
        "sources",
        "claims",
        "article",
        "reactions",
        "weapons",
    },
    # The editorial workflow knows entries through the registry and their fields, and
    # applies the content rules of claims; it names no other content app.
    "moderation": {"core", "claims", "history", "corrections"},
    # Told through the moderation's change events (apps/moderation/signals.py).
    "notifications": {"core", "moderation"},
    # The data API reads every published entry's history: the top of the layers.
    "api": {"core", "history", "corrections", "claims", "events", "synonyms"},
    # The search page reads every published entry's current state, as the API does.
    "search": {"core", "history", "synonyms"},
    "benchmark": {
        "core",
        "history",
        "corrections",
        "actors",
        "places",
        "sources",
        "claims",
        "article",
        "reactions",
        "weapons",
        "events",
        "moderation",
    },
}
# An app's admin module is editorial wiring: it builds on the moderation admin.
ADMIN_MAY_ALSO = {"moderation"}


def imported_apps(path: Path) -> set[str]:
    module = ".".join(path.relative_to(APPS.parent).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
        found.update(name.split(".")[1] for name in names if name.startswith("apps."))
    return found


def violations() -> list[str]:
    found = []
    for path in sorted(APPS.rglob("*.py")):
        parts = path.relative_to(APPS).parts
        if len(parts) == 1 or "migrations" in parts:
            continue
        app = parts[0]
        allowed = BELOW[app] | {app}
        if parts[-1] == "admin.py" or (len(parts) > 1 and parts[1] == "admin"):
            allowed |= ADMIN_MAY_ALSO
        for other in sorted(imported_apps(path) - allowed):
            found.append(f"{path.relative_to(APPS.parent)} imports apps.{other}")
    return found


def test_every_app_is_in_a_layer():
    apps = {path.name for path in APPS.iterdir() if (path / "__init__.py").exists()}
    assert apps == set(BELOW)


def test_no_import_climbs_back_up():
    assert violations() == []


def test_the_check_sees_a_climb(tmp_path, monkeypatch):
    """The check itself: an import of a higher app from core is reported."""
    fake = tmp_path / "apps"
    for app in BELOW:
        (fake / app).mkdir(parents=True)
        (fake / app / "__init__.py").write_text("")
    (fake / "core" / "bad.py").write_text("from apps.events.models import Event\n")
    (fake / "events" / "fine.py").write_text("from ..core import models\n")
    monkeypatch.setattr("tests.site.test_layers.APPS", fake)
    assert violations() == ["apps/core/bad.py imports apps.events"]
