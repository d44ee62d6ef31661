"""The timeline's filters as a reader means them: an actor with the organisations under it,
a place with the places within it, a source by its outlet or title, dates in order."""

import re

import pytest

from apps.actors.models import Actor
from apps.events.models import Event, TroopEstimate
from apps.places.models import Place

pytestmark = pytest.mark.django_db


def count(response) -> int:
    """How many entries the timeline says it lists."""
    found = re.search(r"(\d+)\s*(?:件|entr(?:y|ies))", response.content.decode())
    assert found, response.content.decode()[:500]
    return int(found[1])


def under(model, parent_field, root) -> list:
    """``root`` and everything under it, however deep, found the slow way."""
    found, frontier = [root], [root]
    while frontier:
        frontier = list(model.objects.filter(**{f"{parent_field}__in": frontier}))
        found += frontier
    return found


def listed(client, path, **params) -> set[int]:
    items = client.get(f"/api/v1/{path}/", {**params, "limit": 200}).json()["items"]
    return {item["id"] for item in items}


def test_an_actor_includes_the_organisations_under_it(client, ja):
    korea = Actor.objects.get(slug="south-korea")
    members = Actor.objects.filter(affiliation=korea)
    assert {"nis", "korean-defence-ministry"} <= set(members.values_list("slug", flat=True))
    alone = count(client.get("/", {"actor": "nis"}))
    with_members = count(client.get("/", {"actor": "south-korea"}))
    assert with_members > alone > 0
    for path, model, link in [
        ("events", Event, "actors"),
        ("estimates", TroopEstimate, "claimant"),
    ]:
        expected = set(
            model.objects.filter(**{f"{link}__in": under(Actor, "affiliation", korea)}).values_list(
                "pk", flat=True
            )
        )
        assert listed(client, path, actor="south-korea") == expected, path


def test_a_place_includes_the_places_within_it(client, ja):
    russia = Place.objects.get(slug="russia")
    within = Place.objects.filter(parent=russia)
    assert "kursk-oblast" in set(within.values_list("slug", flat=True))
    kursk = count(client.get("/", {"place": "kursk-oblast"}))
    everything = count(client.get("/", {"place": "russia"}))
    assert everything > kursk > 0
    for path, model in [("events", Event), ("estimates", TroopEstimate)]:
        expected = set(
            model.objects.filter(places__in=under(Place, "parent", russia)).values_list(
                "pk", flat=True
            )
        )
        assert listed(client, path, place="russia") == expected, path


def test_the_api_follows_the_hierarchy_too(client):
    korea = client.get("/api/v1/events/", {"actor": "south-korea", "limit": 200}).json()
    nis = client.get("/api/v1/events/", {"actor": "nis", "limit": 200}).json()
    assert {item["id"] for item in nis["items"]} < {item["id"] for item in korea["items"]}


def test_a_past_timeline_follows_the_hierarchy(client, ja):
    from urllib.parse import quote

    from django.utils import timezone

    now = quote(timezone.now().isoformat(), safe="")
    past = client.get(f"/?as_of={now}&actor=south-korea")
    assert count(past) == count(client.get("/", {"actor": "south-korea"}))


@pytest.mark.parametrize("outlet", ["NHK", "ｎｈｋ", "日本経済新聞"])
def test_a_source_is_chosen_by_its_outlet(client, ja, outlet):
    response = client.get("/", {"source": outlet})
    assert response.status_code == 200
    assert count(response) > 0


def test_the_outlets_are_suggested_not_keys(client, ja):
    page = client.get("/").content.decode()
    assert '<datalist id="source-outlets">' in page
    assert '<option value="日本経済新聞">' in page
    assert 'list="source-outlets"' in page


def test_a_bibliography_link_by_key_still_works(client, ja):
    assert count(client.get("/", {"source": "nhk-20241018"})) >= 1


def test_an_unknown_source_is_named(client, ja):
    response = client.get("/", {"source": "存在しない新聞"})
    assert response.status_code == 400
    assert "存在しない新聞" in response.content.decode()
    assert 'id="source-errors"' in response.content.decode()


def test_a_reversed_date_range_says_so(client):
    response = client.get(
        "/", {"date_after": "2025-01-01", "date_before": "2024-10-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The range ends (2024-10-01) before it starts (2025-01-01)" in page
    assert 'id="date-errors"' in page


def test_an_impossible_date_says_so(client, en):
    response = client.get("/", {"date_after": "2024-02-30"})
    assert response.status_code == 400
    assert 'id="date-errors"' in response.content.decode()


def test_a_text_every_entry_has_keeps_the_latest_matches_and_says_so(client, monkeypatch, ja):
    from apps.events import filters, selectors

    for module in (filters, selectors):
        monkeypatch.setattr(module, "TEXT_MATCHES", 3)
    page = client.get("/", {"q": "北朝鮮"}).content.decode()
    assert count(client.get("/", {"q": "北朝鮮"})) <= 6  # three events, three estimates
    assert "最新の3件だけを表示" in page
    assert "最新の3件" not in client.get("/", {"q": "捕虜"}).content.decode()
