"""Every public page runs the same number of queries at two data sizes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import ContentVersion
from tests.factories import grow

pytestmark = pytest.mark.django_db

PAGES = {
    "timeline": "/",
    "filtered timeline": "/?kind=statement&date_after=2023-01-01&q=の",
    "estimates only": "/?kind=estimate",
    "by actor": "/?actor=nis",
    "event": "/events/small-event-1/",  # shares an actor with a reaction, a place with a report
    "reactions": "/reactions/",
    "weapons": "/weapons/",
    "sources": "/sources/",
    "article": "/article/",
    "feed": "/feed/",
    "json export": "/export/timeline.json",
    "csv export": "/export/timeline.csv",
}
MAX_QUERIES = 15
# An actor or a place typed: its name looked up, then the keys of everything under it read
# once for the whole page (as a subquery of each of the page's queries, PostgreSQL could
# not tell how many it finds and planned them all for half of every entry).
WITH_HIERARCHY = MAX_QUERIES + 1


def count(client, url, cached=False):
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


def counts(client):
    return {name: count(client, url) for name, url in PAGES.items()}


def test_public_pages_cost_the_same_at_two_sizes(client):
    grow(30, prefix="small")  # so that every kind of related row exists at both sizes
    ContentVersion.bump()
    counts(client)  # warm the content-type cache
    small = counts(client)
    grow(450, prefix="large")  # more than two pages of timeline and sources
    large = counts(client)
    assert large == small
    for name, queries in large.items():
        budget = WITH_HIERARCHY if name in {"by actor"} else MAX_QUERIES
        assert queries <= budget, (name, queries)


def test_a_late_page_costs_no_more_than_the_bound(client):
    # Prefetches that find nothing cost nothing, so pages of different content may differ
    # by a few queries; none exceeds the bound.
    grow(450)
    assert count(client, "/?page=3") <= MAX_QUERIES
    assert count(client, "/sources/?page=2") == count(client, "/sources/")
    assert count(client, "/reactions/?page=2") == count(client, "/reactions/")
    assert count(client, "/weapons/?page=2") == count(client, "/weapons/")


def test_a_revalidation_costs_one_query(client):
    etag = client.get("/")["ETag"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(captured) == 1


def test_a_cached_page_costs_one_query_and_an_approval_invalidates_it(client):
    from apps.events.models import Event
    from tests.conftest import make_user, publish

    first = client.get("/")
    assert first["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/")
    assert again["X-Cache"] == "hit" and len(captured) == 1
    assert again.content == first.content

    editor, reviewer = (
        make_user("c-editor", "Editors"),
        make_user("c-reviewer", "Editors", "Reviewers"),
    )
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish(event, editor, reviewer, title="キャッシュを越えて見える見出し")

    after = client.get("/")
    assert after["X-Cache"] == "miss"
    assert "キャッシュを越えて見える見出し" in after.content.decode()


def test_streamed_exports_are_not_cached(client):
    assert client.get("/export/timeline.json")["X-Cache"] == "miss"
    assert client.get("/export/timeline.json")["X-Cache"] == "miss"
