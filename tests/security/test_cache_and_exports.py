"""Junk cannot fill the page cache, methods a page does not serve cost nothing, and the
CSV export is data a spreadsheet never runs."""

import csv
import io

import pytest
from django.core.cache import cache

from apps.events.models import Event
from tests.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, canonical",
    [
        ("/?utm_source=abc123", "/"),
        ("/?kind=statement&utm_source=x&fbclid=y", "/?kind=statement"),
        ("/?q=%E9%9F%93%E5%9B%BD&junk=1&page=1", "/?q=%E9%9F%93%E5%9B%BD&page=1"),
        ("/reactions/?page=1&ref=feed", "/reactions/?page=1"),
        ("/article/?x=1", "/article/"),
        (
            "/events/2024-10-21-peskov-contradictory/?x=1",
            "/events/2024-10-21-peskov-contradictory/",
        ),
        ("/export/timeline.csv?kind=estimate&page=2", "/export/timeline.csv?kind=estimate"),
    ],
)
def test_a_parameter_the_page_does_not_read_is_redirected_away(client, url, canonical):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == canonical


def test_junk_parameters_make_no_cache_entries_of_their_own(client):
    cache.clear()
    client.get("/")
    entries = len(cache._cache)  # locmem: the test settings' cache
    for junk in range(20):
        client.get(f"/?utm_source={junk}", follow=True)
    assert len(cache._cache) == entries
    assert client.get("/")["X-Cache"] == "hit"


def test_a_page_larger_than_the_bound_is_served_but_not_stored(client, settings):
    cache.clear()
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 1000
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "miss"  # never stored
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 10_000_000
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"


def test_head_is_answered_from_the_cache(client):
    cache.clear()
    client.get("/reactions/")
    response = client.head("/reactions/")
    assert response.status_code == 200 and response["X-Cache"] == "hit"
    assert response.content == b""


def test_options_answers_the_methods_and_other_methods_are_refused(client):
    response = client.options("/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS" and response.content == b""
    for method in ("post", "put", "patch", "delete", "trace"):
        response = client.generic(method.upper(), "/")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert len(response.content) < 200  # no page rendered


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("https://evil.example/","x")', "+1+1", "-2+3", "@SUM(A1)", "＝1+1"]
)
def test_formulas_in_the_csv_export_are_text(client, title):
    Event.objects.filter(slug="2024-10-21-peskov-contradictory").update(title=title)
    response = client.get("/export/timeline.csv?kind=statement")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if r["slug"] == "2024-10-21-peskov-contradictory")
    assert row["title"] == "'" + title
    # Figures stay numbers, dates stay dates.
    estimates = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get("/export/timeline.csv?kind=estimate").streaming_content
                ).decode()
            )
        )
    )
    assert {r["figure"] for r in estimates} >= {"1500", "3000"}


def test_the_json_export_is_unchanged_by_the_csv_rule(client, editor, reviewer):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish(event, editor, reviewer, "式に見える見出し", title="=1+1")
    body = b"".join(client.get("/export/timeline.json?kind=statement").streaming_content)
    assert '"title": "=1+1"' in body.decode()


def test_pages_are_served_while_the_shared_cache_is_down(client, settings, caplog):
    """Redis down (nothing listens on port 9): every page renders, without the cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    for url in ("/", "/sources/", "/reactions/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "miss"
    assert "Page cache unavailable" in caplog.text
