"""Every public page renders the HTML it rendered before the templates moved to Jinja2.

The files in ``tests/site/golden/`` were written from the pages as they were (Django
templates and Python-built fragments), normalised for whitespace. A deliberate change
of markup updates them in the same commit: ``UPDATE_GOLDEN=1 make test
PYTEST_ARGS=tests/site/test_golden_html.py``, then read the diff.
"""

import difflib
import os
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import grow

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"

SEED_PAGES = {
    "timeline": "/",
    "timeline-filtered": "/?kind=statement&date_after=2024-10-01&date_before=2024-11-30",
    "timeline-estimates": "/?kind=estimate",
    "timeline-actor-and-text": "/?actor=peskov&q=韓国",
    "timeline-empty": "/?q=存在しない語句",
    "timeline-bad-filter": "/?date_after=2024-13-45",
    "timeline-no-such-page": "/?page=99",
    "event-with-estimates": "/events/2024-10-18-nis-1500-to-vladivostok/",
    "event-with-claimant": "/events/2024-10-21-peskov-contradictory/",
    "event-captured": "/events/2025-01-09-two-soldiers-captured/",
    "article": "/article/",
    "reactions": "/reactions/",
    "weapons": "/weapons/",
    "sources": "/sources/",
    "source": "/sources/nhk-20241021/",
    "not-found": "/events/no-such-event/",
    "export-bad-filter": "/export/timeline.csv?date_after=x",
}


# The same characters, escaped as Jinja2 (markupsafe) and as Django (html.escape) write them.
ENTITIES = {"&#34;": "&quot;", "&#39;": "&#x27;"}


def normalised(html: str) -> str:
    """One tag boundary per line, runs of whitespace as one space, quotes escaped one way:
    what a reader cannot see differ does not differ."""
    for entity, canonical in ENTITIES.items():
        html = html.replace(entity, canonical)
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r">\s*<", ">\n<", html)
    return html.strip() + "\n"


def page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"].startswith("text/html"), url
    return normalised(response.content.decode())


def check(name, html):
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), html.splitlines(True), "golden", "now", n=2
            )
        )
        pytest.fail(f"{name} differs from tests/site/golden/{name}.html:\n{diff[:6000]}")


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_seed_pages_render_as_before(name, language):
    check(f"{language}-{name}", page(Client(), SEED_PAGES[name], language))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_second_page_at_benchmark_scale_renders_as_before(language):
    grow(120, prefix="golden")
    client = Client()
    check(f"{language}-scale-timeline-page-2", page(client, "/?page=2", language))
    check(f"{language}-scale-weapons", page(client, "/weapons/", language))
