"""Every query of the public pages can be served by an index (PostgreSQL's plans).

The test data is small, so PostgreSQL would rightly read whole tables. With
sequential scans switched off it takes an index wherever one fits: a ``Seq Scan``
left in a plan is a filter, join or ordering that no index can serve, which on a
large database means reading the whole table on every request.
"""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.moderation.models import ChangeRequest
from tests.factories import grow

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"
    ),
]

PAGES = [
    "/",
    "/?page=2",
    "/?kind=statement",
    "/?kind=estimate",
    "/?actor=nis",
    "/?place=kursk-oblast",
    "/?source=plans-source-0",
    "/?status=disputed",
    "/?date_after=2024-10-01&date_before=2024-12-31",
    "/?q=北朝鮮兵",  # the search's index of character pairs
    "/?q=兵",  # one character: a prefix of the pairs
    "/?q=北朝 兵士",
    "/?source=NHK",  # an outlet
    "/?actor=south-korea",  # with the actors under it
    "/?place=russia",  # with the places in it
    "/search/?q=北朝鮮兵",
    "/search/?q=兵&type=event&year=2024",
    "/search/?q=ｷｰｳ&page=2",
    "/events/plans-event-3/",
    "/reactions/",
    "/weapons/",
    "/sources/",
    "/sources/plans-source-0/",
    "/feed/",
    "/export/timeline.json",
    "/export/timeline.csv",
]

# Tables read whole on purpose: every actor and place are options of the timeline's
# filter form and of the admin's filters.
# The search's synonyms are a short list the editors keep, read whole by every search.
READ_WHOLE = {"actors_actor", "places_place", "synonyms_synonymset"}


def sequential_scans(sql) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    found, nodes = set(), [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node["Node Type"] == "Seq Scan":
            found.add(node["Relation Name"])
        nodes.extend(node.get("Plans", []))
    return found


def queries_of(client, url) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured if q["sql"].lstrip("( ").upper().startswith("SELECT")]


def avoid_sequential_scans():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until the test's rollback


def unserved_queries(client, urls) -> dict:
    """url → (tables, query) for each query of the page that no index can serve."""
    avoid_sequential_scans()
    unserved = {}
    for url in urls:
        for sql in queries_of(client, url):
            tables = sequential_scans(sql) - READ_WHOLE
            if tables:
                unserved.setdefault(url, []).append((sorted(tables), sql[:300]))
    return unserved


def test_no_public_query_needs_to_read_a_whole_table(client):
    grow(60, prefix="plans")
    assert unserved_queries(client, PAGES) == {}


def test_no_query_of_the_editorial_workflow_needs_to_read_a_whole_table(client, reviewer):
    made = grow(60, prefix="plans")
    change = ChangeRequest.objects.pending().order_by("pk").first()
    event = made["events"][0]
    client.force_login(reviewer)
    pages = [
        "/admin/moderation/changerequest/",
        "/admin/moderation/changerequest/?status=all",
        "/admin/moderation/changerequest/?kind=events.event",
        f"/admin/moderation/changerequest/?author__id__exact={change.author_id}",
        "/admin/moderation/changerequest/?age=week",
        "/admin/moderation/decision/",
        f"/admin/moderation/decision/?reviewer__id__exact={reviewer.pk}",
        change.get_absolute_url(),
        f"/admin/events/event/{event.pk}/history/",
        "/admin/events/event/",
    ]
    assert unserved_queries(client, pages) == {}


def test_no_query_of_the_api_or_of_the_past_needs_to_read_a_whole_table(client):
    from urllib.parse import quote

    from django.utils import timezone

    from apps.history.types import API_TYPES

    made = grow(60, prefix="plans")
    event = made["events"][3]
    moment = quote(timezone.now().isoformat(), safe="")
    cursor = client.get("/api/v1/events/?limit=5").json()["next"]
    pages = [f"/api/v1/{api_type.path}/" for api_type in API_TYPES] + [
        cursor,
        f"/api/v1/events/{event.pk}/",
        f"/api/v1/events/{event.pk}/?as_of={moment}",
        f"/api/v1/events/?as_of={moment}",
        "/api/v1/events/?actor=nis&status=reported&q=北朝鮮兵",
        "/api/v1/changes/?since=100",
        f"/?as_of={moment}",
        f"/?as_of={moment}&kind=estimate",
        f"/?as_of={moment}&actor=nis&date_after=2024-10-01",
        f"/?as_of={moment}&source=plans-source-0",
        f"/events/{event.slug}/?as_of={moment}",
        f"/export/timeline.json?as_of={moment}",
        "/corrections/",
        "/corrections/feed/",
    ]
    assert unserved_queries(client, pages) == {}


def test_the_check_finds_a_filter_without_an_index(client):
    # The same check on a filter no index serves: the text of a source's title.
    avoid_sequential_scans()
    sql = "SELECT id FROM sources_source WHERE title LIKE '%北朝鮮%'"
    assert sequential_scans(sql) == {"sources_source"}


def test_the_search_index_reads_japanese_whatever_the_locale():
    # The index's words are pairs of characters written as latin letters: PostgreSQL's
    # parser reads each as one word under any LC_CTYPE (pg_trgm needed a UTF-8 one).
    from apps.core.folding import fold, search_tokens

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [search_tokens(fold("北朝鮮兵"))])
        (vector,) = cursor.fetchone()
    assert len(vector.split()) == 4  # 北朝 朝鮮 鮮兵, and 兵 with the end of the text
