"""The API and the pages shown as they were (``?as_of=``) run the same number of queries
at two data sizes, like every public page."""

from urllib.parse import quote

import pytest
from django.utils import timezone

from apps.core.models import ContentVersion
from apps.events.models import Event
from apps.history.models import Publication
from apps.history.types import API_TYPES
from tests.factories import grow
from tests.site.test_query_counts import MAX_QUERIES, count

pytestmark = pytest.mark.django_db

AS_OF_MAX_QUERIES = 20


def late_page(client, url, pages=3):
    for _ in range(pages):
        url = client.get(url).json()["next"]
    return url


def urls(client):
    event = Event.objects.get(slug="small-event-1")
    # After every publication, and when the smaller size was first published.
    moment = quote(timezone.now().isoformat(), safe="")
    middle = Publication.objects.of(Event).filter(object_id=event.pk).earliest("seq")
    middle = quote(middle.published_at.isoformat(), safe="")
    found = {f"list {t.path}": f"/api/v1/{t.path}/" for t in API_TYPES}
    return {
        **found,
        "list, filtered": "/api/v1/events/?kind=statement&date_after=2023-01-01&q=の&actor=nis",
        "list, late page": late_page(client, "/api/v1/events/?limit=5"),
        "list as of, late page": late_page(client, f"/api/v1/estimates/?limit=5&as_of={moment}"),
        "list as of": f"/api/v1/events/?as_of={moment}",
        "list as of, filtered": f"/api/v1/estimates/?as_of={middle}&actor=nis",
        "detail": f"/api/v1/events/{event.pk}/",
        "detail as of": f"/api/v1/events/{event.pk}/?as_of={middle}",
        "changes": "/api/v1/changes/",
        "changes since": "/api/v1/changes/?since=100&limit=500",
        "timeline as of": f"/?as_of={moment}",
        "timeline as of, filtered": f"/?as_of={middle}&kind=statement&q=の",
        "estimates as of": f"/?as_of={moment}&kind=estimate",
        "event as of": f"/events/small-event-1/?as_of={moment}",
        "corrections": "/corrections/",
        "corrections feed": "/corrections/feed/",
    }


def counts(client):
    return {name: count(client, url) for name, url in urls(client).items()}


def test_the_api_and_past_pages_cost_the_same_at_two_sizes(client):
    grow(30, prefix="small")
    ContentVersion.bump()
    counts(client)  # warm the content-type cache
    small = counts(client)
    grow(450, prefix="large")
    large = counts(client)
    live = [name for name in large if "as of" not in name]
    assert {name: large[name] for name in live} == {name: small[name] for name in live}
    # A page as it was reads the related entries of each kind its page names (the events
    # estimates are stated in…), and none when it names none: one fewer, never more.
    for name in set(large) - set(live):
        assert small[name] - 1 <= large[name] <= small[name] + 1, (name, small, large)
    assert max(large[name] for name in live) <= MAX_QUERIES, large
    # A page as it was reads each kind of entry it names from the history: a few more.
    assert max(large.values()) <= AS_OF_MAX_QUERIES, large
