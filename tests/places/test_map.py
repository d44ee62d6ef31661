"""The map of the timeline: the places of the filter's entries, where they are."""

import re

import pytest
from django.core.exceptions import ValidationError

from apps.moderation.state import state_of
from apps.places.models import Place
from apps.places.projection import HEIGHT, WIDTH, project
from tests.conftest import propose, publish

pytestmark = pytest.mark.django_db


def marks(html: str) -> dict[str, str]:
    """name → link of each mark on the map."""
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(r'<a href="([^"]*)" class="place-mark"><title>([^:<]*):', html)
    }


def test_every_located_place_of_the_timeline_is_marked_and_leads_to_its_timeline(client):
    html = client.get("/").content.decode()
    found = marks(html)
    assert found["クルスク州"] == "/?place=kursk-oblast"
    assert "ウラジオストク" in found and "キーウ" in found
    assert "ロシア" not in found  # a country has no point: it is listed, not marked
    listed = html.split('class="place-list"', 1)[1]
    assert "ロシア" in listed and "地図にない" in listed


def test_the_map_follows_the_filter_and_keeps_it_in_its_links(client):
    found = marks(
        client.get("/", {"actor": "south-korea", "date_after": "2024-10-01"}).content.decode()
    )
    assert found, "what 韓国 said happened somewhere"
    assert all(
        "actor=south-korea" in link and "date_after=2024-10-01" in link for link in found.values()
    )
    everything = marks(client.get("/").content.decode())
    assert set(found) < set(everything)
    assert marks(client.get("/", {"q": "存在しない語句"}).content.decode()) == {}


@pytest.mark.parametrize(
    "query", [{}, {"actor": "south-korea"}, {"place": "russia", "kind": "estimate"}, {"q": "兵"}]
)
def test_the_counts_are_the_same_from_the_list_of_entries_or_from_each_place(query):
    # A filter that matches few entries counts their links by place; one that matches many
    # counts each place's links, capped: the two must agree.
    from urllib.parse import urlencode

    from django.http import QueryDict

    from apps.events import selectors
    from apps.events.filters import TimelineFilter

    def counted(matched):
        data = QueryDict(urlencode(query)) if query else None
        found = selectors.place_counts(TimelineFilter(data), matched)
        return {place.name: (place.count, place.more) for place in found}

    few = counted(0)
    assert few, query
    assert counted(selectors.MAP_FROM_LIST + 1) == few


def test_a_page_as_it_was_has_the_map_of_then(client, editor, reviewer):
    from urllib.parse import quote

    from django.utils import timezone

    from apps.events.models import Event
    from apps.moderation import services

    def count_at(html, name):
        return int(re.search(rf"<title>{name}: (\d+)", html)[1])

    vladivostok = Place.objects.get(slug="vladivostok")
    kursk = Place.objects.get(slug="kursk-oblast")
    before = quote(timezone.now().isoformat(), safe="")
    publish(vladivostok, editor, reviewer, latitude=None, longitude=None, radius_km=None)
    event = Event.objects.exclude(places=kursk).filter(places__isnull=False).first()
    moved = state_of(event)
    moved["m2m"]["places"] = [kursk.pk]
    change = services.change_propose(
        author=editor, model=Event, summary="場所の修正", state=moved, target=event
    )
    services.change_approve(
        change=change, revision=change.revision, reviewer=reviewer, not_substantive="場所のみ"
    )
    then = client.get(f"/?as_of={before}").content.decode()
    now = client.get("/").content.decode()
    # The place where it was then, and the links keep the moment.
    assert marks(then)["ウラジオストク"] == f"/?place=vladivostok&as_of={before}"
    assert "ウラジオストク" not in now.split('class="place-map"', 1)[1]  # no point, no country
    # The entries as they were then.
    assert count_at(now, "クルスク州") == count_at(then, "クルスク州") + 1


@pytest.mark.parametrize("query", [{}, {"actor": "south-korea"}, {"q": "兵", "kind": "estimate"}])
def test_the_counts_of_a_moment_are_the_live_ones_when_nothing_changed_since(query):
    from urllib.parse import urlencode

    from django.http import QueryDict
    from django.utils import timezone

    from apps.events import as_of, selectors
    from apps.events.filters import TimelineFilter
    from apps.events.models import Event, TroopEstimate
    from apps.history.models import Publication

    def counted(counts):
        return {place.name: (place.count, place.more) for place in counts}

    data = QueryDict(urlencode(query)) if query else None
    filterset, now = TimelineFilter(data), timezone.now()
    kinds = [
        filterset.history(Publication.objects.of(model).at(now), model)
        for model in (Event, TroopEstimate)
    ]
    then = counted(as_of.place_counts_at(filterset, now, kinds))
    assert then, query
    assert then == counted(selectors.place_counts(TimelineFilter(data), 0))


def test_a_page_as_it_was_with_many_entries_says_why_it_has_no_map(client, monkeypatch, ja):
    from urllib.parse import quote

    from django.utils import timezone

    from apps.events import as_of

    moment = quote(timezone.now().isoformat(), safe="")
    few = client.get(f"/?as_of={moment}&place=kursk-oblast").content.decode()
    assert marks(few) and "地図は" not in few
    monkeypatch.setattr(as_of, "MAP_FROM_LIST", 3)
    many = client.get(f"/?as_of={moment}&place=kursk-oblast&page=1").content.decode()
    assert marks(many) == {}
    assert "3件までの" in many


def test_a_vague_place_has_its_circle_and_the_list_says_how_far(client, ja):
    html = client.get("/").content.decode()
    kursk = html.split("<title>クルスク州:", 1)[1].split("</a>", 1)[0]
    assert 'class="uncertainty"' in kursk
    assert "約120 km" in html or "120 km" in html
    vladivostok = html.split("<title>ウラジオストク:", 1)[1].split("</a>", 1)[0]
    assert 'class="uncertainty"' not in vladivostok


def test_marks_land_where_the_places_are():
    x, y = project(51.73, 36.19)  # Kursk
    assert 0 < x < WIDTH * 0.2 and 0 < y < HEIGHT
    east, _ = project(43.12, 131.89)  # Vladivostok
    assert WIDTH * 0.8 < east < WIDTH


def test_coordinates_are_edited_through_a_reviewed_change(client, editor, reviewer):
    place = Place.objects.get(slug="seoul")
    publish(place, editor, reviewer, latitude="37.50000", longitude="127.00000")
    place.refresh_from_db()
    assert float(place.latitude) == 37.5


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"latitude": "51.00000", "longitude": None}, "longitude"),
        ({"latitude": None, "longitude": None, "radius_km": 50}, "radius_km"),
        ({"latitude": "95.00000"}, None),
    ],
)
def test_bad_coordinates_are_refused_with_a_message(editor, fields, named):
    place = Place.objects.get(slug="vovchansk")
    with pytest.raises(ValidationError) as raised:
        propose(place, editor, **fields)
    if named:
        assert named in raised.value.message_dict
    assert state_of(Place.objects.get(slug="vovchansk"))["fields"]["latitude"] == "50.29000"


def test_an_editor_proposes_coordinates_in_the_admin(client, editor, reviewer):
    from apps.moderation.models import ChangeRequest

    place = Place.objects.get(slug="seoul")
    client.force_login(editor)
    form = client.get(f"/admin/places/place/{place.pk}/change/").content.decode()
    for name in ("latitude", "longitude", "radius_km"):
        assert f'name="{name}"' in form
    response = client.post(
        f"/admin/places/place/{place.pk}/change/",
        {
            "slug": "seoul",
            "name": place.name,
            "kind": place.kind,
            "latitude": "37.5",
            "longitude": "",
            "radius_km": "",
            "base_version": place.version,
            "summary": "座標",
        },
    )
    assert response.status_code == 200  # refused, with the field named
    assert "緯度と経度の両方" in response.content.decode()
    assert not ChangeRequest.objects.filter(object_id=place.pk, summary="座標").exists()
