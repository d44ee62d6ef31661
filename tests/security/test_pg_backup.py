"""pg_dump and pg_restore of a live PostgreSQL database (Debian's client, as the README
says): every table, every sequence and the public pages come back identical."""

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.state import state_of
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs postgresql-client"),
]

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/sources/", "/reactions/", "/weapons/", "/article/", "/feed/"]
RENDER = """
import hashlib, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "events_site.settings")
django.setup()
from django.test import Client
client = Client(SERVER_NAME="localhost")
for url in sys.argv[1:]:
    response = client.get(url)
    print(url, response.status_code, hashlib.sha256(response.content).hexdigest())
"""


def database_url(name=None):
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name or settings['NAME']}"


def fingerprint(url):
    """Rows of every table (as text, in order) and every sequence's position."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        rows = {
            table: conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    " FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            for (table,) in tables
        }
        sequences = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename"
        ).fetchall()
    return rows, sequences


def rendered(url, slug):
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "CACHE_URL": "locmem://"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", RENDER, *PAGES, f"/events/{slug}/"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_pg_dump_and_pg_restore_give_back_the_same_database(tmp_path):
    from django.apps import apps

    from apps.moderation.roles import sync_groups

    # A transactional test starts from an empty database (the one before it flushed it).
    call_command("loaddata", "seed", verbosity=0)
    sync_groups(apps)
    editor, reviewer = make_user("pg-editor", "Editors"), make_user("pg-reviewer", "Reviewers")
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["fields"]["title"] = "復元試験（pg_dump）"
    change = services.change_propose(
        author=editor, model=Event, summary="復元試験", state=state, target=event
    )
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    event.refresh_from_db()
    state = state_of(event)
    state["fields"]["text"] = "査読待ちの変更。"
    services.change_propose(author=editor, model=Event, summary="保留", state=state, target=event)
    connection.close()  # pg_dump sees what the test committed

    live, dump = database_url(), tmp_path / "site.dump"
    subprocess.run(  # noqa: S603
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", live],  # noqa: S607
        check=True,
    )
    restored_name = f"restore_{secrets.token_hex(4)}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored_name)))
    restored = database_url(restored_name)
    try:
        subprocess.run(  # noqa: S603
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],  # noqa: S607
            check=True,
        )
        assert fingerprint(restored) == fingerprint(live)
        pages = rendered(restored, event.slug)
        assert pages == rendered(live, event.slug)
        assert pages.count(" 200 ") == len(PAGES) + 1
        assert hashlib.sha256(b"").hexdigest() not in pages
    finally:
        with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(restored_name)
                )
            )
