import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from apps.actors.models import Actor
from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.state import state_of
from apps.sources.models import Source
from tests.moderation.conftest import make_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def publish(title, editor, reviewer):
    event = Event.objects.get(slug="2024-10-22-healey-hundreds")
    state = state_of(event)
    state["fields"]["title"] = title
    change = services.change_propose(
        author=editor, model=Event, summary=title, state=state, target=event
    )
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    return event


def test_feed_lists_published_changes_newest_first(client):
    editor = make_user("feed-editor", "Editors")
    reviewer = make_user("feed-reviewer", "Editors", "Reviewers")
    publish("英国防相の発言(修正1)", editor, reviewer)
    publish("英国防相の発言(修正2)", editor, reviewer)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, parsed in a test
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}summary").text for e in entries] == [
        "英国防相の発言(修正2)",
        "英国防相の発言(修正1)",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith("/events/2024-10-22-healey-hundreds/")


def test_json_export_has_the_whole_timeline_with_iso_dates_and_sources(client):
    response = client.get("/export/timeline.json")
    assert response.status_code == 200 and response.streaming
    data = json.loads(body(response))
    # The API's list format (/api/v1/events/…), every item at once.
    assert set(data) == {"items", "next", "as_of", "changes_since"} and data["next"] is None
    items = data["items"]
    assert len(items) == Event.objects.count() + TroopEstimate.objects.count()
    offer = next(i for i in items if i["slug"] == "2024-08-offer-of-100000")
    date = offer["date"]
    assert (date["value"], date["precision"], date["approximate"], date["edtf"]) == (
        "2024-08-01",
        "month",
        True,
        "2024-08~",
    )
    assert date["display"] == {"ja": "2024年8月頃", "en": "c. August 2024"}
    source = Source.objects.get(pk=offer["citations"][0]["source"]["id"])
    assert source.title == "ロシアへの北朝鮮兵派遣 今夏に北朝鮮側が主導して提案か"
    estimate = next(i for i in items if i["slug"] == "1500-sent-nis-2024-10-18")
    claimant = Actor.objects.get(slug="nis")
    assert (estimate["type"], estimate["figure"], estimate["claim"]["claimant"]["id"]) == (
        "troop_estimate",
        1500,
        claimant.pk,
    )
    assert estimate["claim"]["status"] == "reported" and "rank" in estimate["claim"]
    # In date order; an undated entry has no date and is listed by the day it was reported.
    listed = [i["date"]["value"] or i["date"]["reported_on"] for i in items]
    assert listed == sorted(listed)
    assert any(i["date"]["value"] is None and i["date"]["reported_on"] for i in items)


def test_csv_export_is_excel_friendly_and_parses(client):
    response = client.get("/export/timeline.csv")
    raw = body(response).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"))))
    assert len(rows) == Event.objects.count() + TroopEstimate.objects.count()
    capture = next(r for r in rows if r["slug"] == "2025-01-09-two-soldiers-captured")
    assert capture["date"] == "2025-01-09" and capture["precision"] == "day"
    assert "朝日新聞デジタル" in capture["sources"]


def test_exports_follow_the_filters_and_refuse_bad_ones(client):
    data = json.loads(body(client.get("/export/timeline.json?actor=peskov")))
    assert {i["slug"] for i in data["items"]} == {
        "2024-10-21-peskov-contradictory",
        "2024-11-05-peskov-declines-to-confirm",
    }
    rows = list(
        csv.reader(io.StringIO(body(client.get("/export/timeline.csv?kind=estimate")).decode()))
    )
    assert len(rows) == TroopEstimate.objects.count() + 1
    for url in ["/export/timeline.json?kind=bogus", "/export/timeline.csv?date_before=2024-02-30"]:
        response = client.get(url)
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
