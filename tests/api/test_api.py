"""/api/v1/: every published entry, its filters and pages, the change feed, time travel."""

import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.core.registry import entry_types
from apps.events.filters import TimelineFilter
from apps.events.models import Event, TroopEstimate
from apps.history.models import Publication
from apps.history.types import API_TYPES
from apps.moderation import services
from tests.conftest import publish
from tests.moderation.changesets import NEW_EVENT_TITLE, submitted_development

pytestmark = pytest.mark.django_db

SLUG = "2024-10-21-peskov-contradictory"


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:500])
    return response.json() if status != 304 else response


def walk(client, url):
    """Every item of a list, page by page; and the first page's change cursor."""
    items, first = [], None
    while url:
        page = get(client, url)
        first = page["changes_since"] if first is None else first
        items += page["items"]
        url = page["next"]
    return items, first


def everything(client, as_of=None):
    """(type, id) → item of every published entry, listed through the API."""
    found = {}
    for api_type in API_TYPES:
        url = f"/api/v1/{api_type.path}/?limit=37"
        if as_of:
            url += f"&as_of={as_of}"
        for item in walk(client, url)[0]:
            found[(item["type"], item["id"])] = item
    return found


def test_every_published_entry_is_listed_and_served_alone(client):
    found = everything(client)
    published = sum(t.model.objects.published().count() for t in entry_types())
    assert len(found) == published
    for (kind, object_id), item in list(found.items())[::25]:
        api_type = next(t for t in API_TYPES if t.name == kind)
        assert get(client, f"/api/v1/{api_type.path}/{object_id}/") == item
    event = Event.objects.get(slug=SLUG)
    item = found[("event", event.pk)]
    assert item["title"] == event.title and item["version"] == 1
    assert item["date"]["display"] == {"ja": "2024年10月21日", "en": "Oct. 21, 2024"}
    assert item["date"]["edtf"] == "2024-10-21"
    assert [c["source"]["id"] for c in item["citations"]] == list(
        event.citations.order_by("position").values_list("source_id", flat=True)
    )
    claimant = Event.objects.filter(claimant__isnull=False).first()
    assert found[("event", claimant.pk)]["claim"]["claimant"] == {
        "type": "actor",
        "id": claimant.claimant_id,
        "api_url": f"/api/v1/actors/{claimant.claimant_id}/",
    }
    # The permanent address leads to the entry's page.
    assert client.get(item["page_url"]).url == f"/events/{SLUG}/"


def test_fuzzy_dates_say_what_is_known(client, editor, reviewer):
    event = Event.objects.get(slug=SLUG)
    publish(event, editor, reviewer, "旬に", date="2024-10-11", date_precision="part")
    part = get(client, f"/api/v1/events/{event.pk}/")["date"]
    assert part["edtf"] == "2024-10-11/2024-10-20" and part["last"] == "2024-10-20"
    assert part["display"]["ja"] == "2024年10月中旬"
    by_precision = {}
    for item in walk(client, "/api/v1/events/?limit=200")[0]:
        key = (item["date"]["precision"], item["date"]["approximate"])
        by_precision.setdefault(key, item["date"])
    assert by_precision[("month", True)]["edtf"].endswith("~")
    assert by_precision[("month", True)]["display"]["ja"].endswith("頃")
    undated = by_precision[("undated", False)]
    assert undated["edtf"] is None and undated["display"]["ja"].startswith("報道")


@pytest.mark.parametrize(
    "query",
    [
        "date_after=2024-10-01&date_before=2024-10-31",
        "kind=statement",
        "kind=estimate",
        "actor=nis",
        "actor=peskov",
        "place=kursk-oblast",
        "source=nhk-20241021",
        "status=reported",
        "q=韓国",
        "actor=nis&date_after=2024-11-01",
    ],
)
def test_filters_match_the_timelines(client, query):
    """The API's filters find what the timeline's find, on both kinds of entry."""
    from django.http import QueryDict

    filterset = TimelineFilter(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    expected_events = set(filterset.events().values_list("pk", flat=True))
    expected_estimates = set(filterset.estimates().values_list("pk", flat=True))
    events = {i["id"] for i in walk(client, f"/api/v1/events/?limit=200&{query}")[0]}
    estimates = {i["id"] for i in walk(client, f"/api/v1/estimates/?limit=200&{query}")[0]}
    assert (events, estimates) == (expected_events, expected_estimates)


def test_pages_follow_one_another_without_gap_or_repeat(client):
    whole = [i["id"] for i in walk(client, "/api/v1/events/?limit=200")[0]]
    paged = [i["id"] for i in walk(client, "/api/v1/events/?limit=7")[0]]
    assert paged == whole and len(set(whole)) == len(whole)
    listed = walk(client, "/api/v1/events/?limit=200")[0]
    day = [(i["date"]["value"] or i["date"]["reported_on"]) for i in listed]
    assert day == sorted(day)  # by date; an undated entry by the day it was reported


@pytest.mark.parametrize(
    ("url", "status", "names"),
    [
        ("/api/v1/events/?cursor=bm9wZQ", 400, "cursor"),
        ("/api/v1/events/?cursor=W10", 400, "cursor"),
        ("/api/v1/events/?limit=0", 422, "limit"),
        ("/api/v1/events/?limit=9999", 422, "limit"),
        ("/api/v1/events/?as_of=yesterday", 422, "as_of"),
        ("/api/v1/events/?date_after=2024-13-01", 422, "date_after"),
        ("/api/v1/events/?kind=rumour", 422, "kind"),
        ("/api/v1/events/?actor=nobody", 400, "actor"),
        ("/api/v1/events/999999/", 404, "id"),
        ("/api/v1/changes/?since=-1", 422, "since"),
    ],
)
def test_bad_parameters_are_refused_with_the_parameter_named(client, url, status, names):
    body = json.dumps(get(client, url, status), ensure_ascii=False)
    assert names in body


def test_answers_are_revalidated_on_the_content_version_and_readable_anywhere(
    client, editor, reviewer
):
    first = client.get("/api/v1/events/", HTTP_ORIGIN="https://research.example")
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    assert client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish(Event.objects.get(slug=SLUG), editor, reviewer, "見出し", title="新しい見出し")
    again = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    preflight = client.options(
        "/api/v1/events/",
        HTTP_ORIGIN="https://research.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_the_change_feed_lists_every_publication_in_order(client, editor, reviewer):
    start = get(client, "/api/v1/changes/?since=0&limit=1000")
    assert not start["more"] and {i["action"] for i in start["items"]} == {"created"}
    cursor = start["next_cursor"]
    event = Event.objects.get(slug=SLUG)
    publish(event, editor, reviewer, "見出しを直した", title="新しい見出し")
    page = get(client, f"/api/v1/changes/?since={cursor}")
    (change,) = page["items"]
    assert (change["action"], change["type"], change["id"], change["version"]) == (
        "updated",
        "event",
        event.pk,
        2,
    )
    assert change["summary"] == "見出しを直した" and change["cursor"] == page["next_cursor"]
    assert get(client, f"/api/v1/changes/?since={page['next_cursor']}")["items"] == []
    # Small pages say there is more.
    small = get(client, "/api/v1/changes/?since=0&limit=5")
    assert (
        small["more"]
        and len(small["items"]) == 5
        and small["next_cursor"] == small["items"][-1]["cursor"]
    )


def test_a_mirror_kept_by_the_change_feed_is_the_fresh_listing(client, editor, reviewer):
    """A researcher lists everything, noting the cursor; entries are created, edited and
    deleted; they replay the changes since the cursor; their copy is a fresh listing."""
    mirror, cursor = {}, None
    for api_type in API_TYPES:
        items, first = walk(client, f"/api/v1/{api_type.path}/?limit=50")
        cursor = first if cursor is None else min(cursor, first)
        mirror.update({(item["type"], item["id"]): item for item in items})

    changeset, *_ = submitted_development(editor)
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    event = Event.objects.get(slug=SLUG)
    publish(event, editor, reviewer, "見出し", title="鏡の試験")
    estimate = TroopEstimate.objects.get(statement="約3000人", date="2024-12-01")
    deletion = services.change_propose_deletion(author=editor, target=estimate, summary="削除")
    services.change_approve(change=deletion, reviewer=reviewer, revision=deletion.revision)
    cache.clear()

    while True:
        page = get(client, f"/api/v1/changes/?since={cursor}&limit=2")
        for change in page["items"]:
            key = (change["type"], change["id"])
            if change["action"] == "deleted":
                mirror.pop(key, None)
            else:
                response = client.get(change["api_url"])
                if response.status_code == 200:
                    mirror[key] = response.json()
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    assert mirror == everything(client)
    assert ("event", event.pk) in mirror and mirror[("event", event.pk)]["title"] == "鏡の試験"


def test_a_mirror_listed_while_entries_are_published_is_made_exact_by_the_feed(
    client, editor, reviewer
):
    """Publications between two pages of the listing: an edit moves an entry to a page
    already read, a new entry lands there; replaying the changes since the first page's
    cursor makes the copy exact."""
    first = get(client, "/api/v1/events/?limit=10")
    mirror = {(item["type"], item["id"]): item for item in first["items"]}
    late = Event.objects.order_by("-date").first()
    publish(late, editor, reviewer, "日付", date="2023-01-01", date_precision="month")
    changeset, *_ = submitted_development(editor)
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    rest, _ = walk(client, first["next"])
    mirror.update({(item["type"], item["id"]): item for item in rest})
    assert ("event", late.pk) not in mirror  # moved to the page already read
    cursor = first["changes_since"]
    while True:
        page = get(client, f"/api/v1/changes/?since={cursor}")
        for change in page["items"]:
            response = client.get(change["api_url"])
            if change["action"] == "deleted" or response.status_code == 404:
                mirror.pop((change["type"], change["id"]), None)
            else:
                mirror[(change["type"], change["id"])] = response.json()
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    fresh = {(i["type"], i["id"]): i for i in walk(client, "/api/v1/events/?limit=200")[0]}
    assert {key: item for key, item in mirror.items() if key[0] == "event"} == fresh


def test_as_of_answers_as_the_data_was_then(client, editor, reviewer):
    event = Event.objects.get(slug=SLUG)
    before = timezone.now()
    publish(event, editor, reviewer, "見出し", title="訂正後の見出し")
    changeset, *_ = submitted_development(editor)
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    new_event = Event.objects.get(title=NEW_EVENT_TITLE)
    estimate = TroopEstimate.objects.get(statement="約3000人", date="2024-12-01")
    deleted_at_before = timezone.now()
    deletion = services.change_propose_deletion(author=editor, target=estimate, summary="削除")
    services.change_approve(change=deletion, reviewer=reviewer, revision=deletion.revision)

    moment = before.isoformat().replace("+00:00", "Z")
    then = get(client, f"/api/v1/events/{event.pk}/?as_of={moment}")
    assert (then["title"], then["version"]) == (event.title, 1)
    assert get(client, f"/api/v1/events/{event.pk}/")["title"] == "訂正後の見出し"
    get(client, f"/api/v1/events/{new_event.pk}/?as_of={moment}", status=404)
    listed = {i["id"] for i in walk(client, f"/api/v1/events/?limit=200&as_of={moment}")[0]}
    assert event.pk in listed and new_event.pk not in listed
    # Deleted since: present as of before the deletion, absent now.
    just_before = deleted_at_before.isoformat().replace("+00:00", "Z")
    assert (
        get(client, f"/api/v1/estimates/{estimate.pk}/?as_of={just_before}")["statement"]
        == "約3000人"
    )
    get(client, f"/api/v1/estimates/{estimate.pk}/", status=404)
    # The whole data set as of the start equals the seed as it was listed.
    assert (
        len(everything(client, as_of=moment))
        == Publication.objects.filter(summary="initial import").count()
    )
    # A moment without an offset is Japan's time.
    naive = timezone.localtime(before).replace(tzinfo=None).isoformat()
    assert get(client, f"/api/v1/events/{event.pk}/?as_of={naive}")["title"] == event.title


def test_the_openapi_document_and_its_page_are_served_from_here(client):
    schema = get(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for api_type in API_TYPES:
        assert f"/api/v1/{api_type.path}/" in paths
        assert f"/api/v1/{api_type.path}/{{object_id}}/" in paths
    assert "/api/v1/changes/" in paths
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "cdn" not in html.lower() and "/static/ninja/swagger-ui-bundle.js" in html
    assert "<script>" not in html.replace(" ", "")  # no inline script under the CSP
