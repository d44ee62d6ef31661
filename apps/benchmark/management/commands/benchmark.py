"""Time every public page and the moderation workflow on synthetic data at scale.

The data goes into a throwaway database: a temporary SQLite file by default, or
a new database on the PostgreSQL server of ``--database-url``, dropped at the end.
The outer command creates it and runs itself again inside it (``--inner``).
"""

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

TARGETS_MS = {
    "timeline": 50,
    "approve": 100,
    # Three new entries published as one, the author's mail queued (issue 17).
    "approve changeset": 100,
    "json export": 2000,
    "csv export": 2000,
    # The review page of the largest edit the limits allow (issue 16).
    "admin longest edit": 500,
    "admin char diff edit": 500,
    # The data API and the pages as they were (issue 18).
    "api events": 50,
    "api late page": 50,
    "api event": 50,
    "api changes": 50,
    "api events as of": 100,
    "api late page as of": 100,
    "timeline as of": 100,
    "event as of": 100,
    # The search and the filters that follow the hierarchy (issue 19).
    "search common": 50,
    "search rare": 50,
    "filtered timeline": 50,
    "timeline hierarchy": 50,
}
OTHER_PUBLIC_MS = 100
# The timeline's first page at scale (issue 19), in bytes.
BYTE_BUDGETS = {"timeline": 120_000}
MAX_QUERIES = 15
# An approval locks the entry, checks the content rules of what depends on it, writes the
# entry, its citations and links, a django-reversion revision and the decision: more than
# a page reads, and as constant at any size (tests/moderation/test_query_counts.py); then
# the author's and the watchers' notifications are written (the mail is queued after
# commit). A change's page also reads its discussion.
CHANGE_PAGE_QUERIES = 16
QUERY_BUDGETS = {
    "approve": 36,
    # Three entries written, validated and versioned, their provisional ids rewritten, each
    # change decided; the changeset's notifications written and the mail task stored.
    "approve changeset": 110,
    "admin change diff": CHANGE_PAGE_QUERIES,
    "admin longest edit": CHANGE_PAGE_QUERIES,
    "admin char diff edit": CHANGE_PAGE_QUERIES,
    # A page as it was reads each kind of entry it names from the history.
    "timeline as of": 20,
    # An actor and a place, each looked up by the name typed (no option lists on the page),
    # then the keys of what is under each read once for the whole page.
    "timeline hierarchy": 18,
    "event as of": 20,
}


def _default_target(page):
    if page.startswith("admin") or page == "reference loop":
        return None
    return OTHER_PUBLIC_MS


class Command(BaseCommand):
    help = "Benchmark the public pages and the moderation workflow on synthetic data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url", help="postgres://… server to create a throwaway database on"
        )
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--sources", type=int, default=2_000)
        parser.add_argument("--citations", type=int, default=3, help="per entry, on average")
        parser.add_argument("--reactions", type=int, default=1_000)
        parser.add_argument("--systems", type=int, default=200)
        parser.add_argument("--reports", type=int, default=2_000)
        parser.add_argument("--versions", type=int, default=50_000)
        parser.add_argument("--pending", type=int, default=1_000)
        parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
        parser.add_argument(
            "--inner", action="store_true", help="(internal) run inside the database"
        )

    def handle(self, *args, **options):
        if options["inner"]:
            return self.run_inside(options)
        return self.run_outside(options)

    # --- outer: a throwaway database ------------------------------------------------
    def run_outside(self, options):
        url, cleanup = self._throwaway_database(options["database_url"])
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "CACHE_URL": "locmem://",
            "HTTPS": "0",
            # As in production: mail is queued for the worker, never sent by a request.
            "TASKS_BACKEND": "database",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark", "--inner"]
        for name in (
            "events",
            "sources",
            "citations",
            "reactions",
            "systems",
            "reports",
            "versions",
            "pending",
            "repeat",
        ):
            argv += [f"--{name}", str(options[name])]
        if options["json"]:
            argv.append("--json")
        try:
            completed = subprocess.run(argv, env=env, check=False)  # noqa: S603 - our own manage.py
        finally:
            if options["keep"]:
                self.stderr.write(f"Kept the database: {url}")
            else:
                cleanup()
        if completed.returncode:
            raise CommandError(f"The benchmark failed (exit {completed.returncode}).")

    def _throwaway_database(self, database_url):
        if not database_url:
            handle, path = tempfile.mkstemp(prefix="benchmark-", suffix=".sqlite3")
            os.close(handle)

            def remove():
                for suffix in ("", "-wal", "-shm"):
                    Path(path + suffix).unlink(missing_ok=True)

            return f"sqlite:///{path}", remove
        import psycopg
        from psycopg import sql

        parts = urlsplit(database_url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise CommandError("--database-url must be a postgres:// URL.")
        name = f"benchmark_{secrets.token_hex(4)}"
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

        def drop():
            with psycopg.connect(database_url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )

        return urlunsplit(parts._replace(path=f"/{name}")), drop

    # --- inner: build, then time -------------------------------------------------
    def run_inside(self, options):
        from django.db import connection

        from apps.benchmark.synthetic import Scale, build
        from events_site.gc_tuning import serving_gc

        from . import _pages

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("loaddata", "seed", verbosity=0)
        scale = Scale(
            events=options["events"],
            sources=options["sources"],
            citations=options["citations"],
            reactions=options["reactions"],
            systems=options["systems"],
            reports=options["reports"],
            versions=options["versions"],
            pending=options["pending"],
        )
        made = build(scale)
        if connection.vendor == "postgresql":
            _settle_postgresql(connection)
        built = time.perf_counter() - started
        if not options["json"]:
            self.stdout.write(
                f"{connection.vendor}: built {options['events']:,} events, {options['versions']:,} "
                f"versions, {options['pending']:,} pending changes in {built:.1f} s"
            )
        with serving_gc():  # as events_site/wsgi.py sets it for the app server
            results = _pages.run(made, scale.events, options["repeat"])
        if options["json"]:
            for result in results:
                self.stdout.write(json.dumps({"database": connection.vendor, **result.as_json()}))
            return
        self._table(results)

    def _table(self, results):
        columns = ("median ms", "p95 ms", "cached ms", "queries", "bytes")
        widths = (11, 9, 11, 9, 11)
        header = f"{'page':<22}" + "".join(
            f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)
        )
        header += "  target"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            target = TARGETS_MS.get(r.page, _default_target(r.page))
            verdict = ""
            if target is not None:
                verdict = f"< {target} ms {'ok' if r.median_ms < target else 'MISSED'}"
            budget = QUERY_BUDGETS.get(r.page, MAX_QUERIES)
            if r.queries > budget:
                verdict += f"; {r.queries} > {budget} queries"
            if r.bytes > BYTE_BUDGETS.get(r.page, r.bytes):
                verdict += f"; {r.bytes:,} > {BYTE_BUDGETS[r.page]:,} bytes"
            cached = f"{r.cached_median_ms:.2f}" if r.cached_median_ms is not None else "—"
            self.stdout.write(
                f"{r.page:<22}{r.median_ms:>11.2f}{r.p95_ms:>9.2f}{cached:>11}"
                f"{r.queries:>9}{r.bytes:>11,}  {verdict}"
            )


def _settle_postgresql(connection):
    """Time a database at rest, not one still digesting the bulk load.

    VACUUM ANALYZE is what autovacuum does to freshly inserted tables within a minute
    (PostgreSQL >= 13 vacuums insert-only tables too): statistics, and the visibility
    map that lets counts read an index instead of every row. CHECKPOINT writes the
    load's dirty pages now rather than while the first pages are timed (on two cores
    the writer competed with them). Inside a transaction (the suite runs the benchmark
    in one) neither is allowed: statistics only.
    """
    from django.db import DatabaseError

    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM ANALYZE")
        # CHECKPOINT needs superuser or pg_checkpoint; without it the timings are noisier.
        with contextlib.suppress(DatabaseError):
            cursor.execute("CHECKPOINT")
