"""Everything an editor types is escaped on every public page, feed and export."""

import csv
import io
import json
import re

import pytest

from tests.moderation.conftest import make_user

from .payloads import PAYLOAD, SCRIPT, publish_payloads

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/?actor=peskov",
    "/events/2024-10-21-peskov-contradictory/",
    "/reactions/",
    "/sources/",
    "/sources/nhk-20241022-russian-reaction/",
    "/article/",
]
SHOWING_PAYLOAD = URLS[:-1]


def test_the_payload_is_shown_where_it_was_published(client, published):
    for url in SHOWING_PAYLOAD:
        assert "攻撃" in body(client.get(url)), url


RAW = [SCRIPT, "<img src=x", 'onerror="', '" onmouseover="']


@pytest.fixture
def published(db):
    return publish_payloads(
        make_user("x-editor", "Editors"), make_user("x-reviewer", "Editors", "Reviewers")
    )


def body(response):
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()


@pytest.mark.parametrize("url", URLS)
def test_html_pages_escape_the_payload(client, published, url):
    html = body(client.get(url))
    for raw in RAW:
        assert raw not in html, (url, raw)
    if "攻撃" in html:
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_the_feed_escapes_the_payload(client, published):
    xml = body(client.get("/feed/"))
    assert SCRIPT not in xml
    assert "&lt;script&gt;" in xml


def test_exports_carry_the_text_as_data(client, published):
    data = json.loads(body(client.get("/export/timeline.json")))
    titles = [item.get("title") for item in data["items"]]
    assert f"見出し{PAYLOAD}" in titles  # exactly as typed, inside a JSON string
    rows = list(
        csv.DictReader(io.StringIO(body(client.get("/export/timeline.csv")).lstrip("\ufeff")))
    )
    assert any(row["title"] == f"見出し{PAYLOAD}" for row in rows)


def test_admin_pages_escape_the_payload(client, published, superuser):
    client.force_login(superuser)
    for url in [
        "/admin/moderation/decision/",
        "/admin/moderation/changerequest/?status=all",
        f"/admin/events/event/{published.pk}/history/",
    ]:
        html = body(client.get(url))
        assert not re.search(r"<script>window\.__pwned", html), url
