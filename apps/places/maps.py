"""The map of the places a (filtered) timeline's entries happened at: marks over the
bundled base map, each linked to the timeline of its place, and the same as a list."""

from dataclasses import dataclass

from . import projection

# A mark's tap target, in the map's units: 28 across is 24 CSS pixels or more at the
# smallest width the map is drawn at (640 px for 720 units, static/css/site.css).
HIT_RADIUS = 14
MARK_RADIUS = 5


@dataclass(slots=True, frozen=True)
class PlaceMark:
    name: str
    url: str  # the timeline of the place, with the other filters kept
    count: int  # entries of the filter there
    more: bool  # there are more than ``count`` (a count stops at a cap)
    x: float
    y: float
    uncertainty: float  # the radius of the circle it may be anywhere in, in map units; 0: none
    radius_km: int | None


@dataclass(slots=True, frozen=True)
class UnmappedPlace:
    """A place of the filter without a point (a country, a place not yet located)."""

    name: str
    url: str
    count: int
    more: bool


@dataclass(slots=True, frozen=True)
class PlaceMap:
    marks: tuple[PlaceMark, ...]  # largest first, so that small marks are drawn on top
    unmapped: tuple[UnmappedPlace, ...]
    width: int = projection.WIDTH
    height: int = projection.HEIGHT
    hit_radius: int = HIT_RADIUS
    mark_radius: int = MARK_RADIUS


@dataclass(slots=True, frozen=True)
class PlaceCount:
    """What the map is drawn from: a place and how many entries of the filter are there."""

    name: str
    url: str
    count: int
    latitude: float | None
    longitude: float | None
    radius_km: int | None
    more: bool = False  # the count stopped at a cap


def place_map(places: list[PlaceCount]) -> PlaceMap | None:
    """The map of ``places``, or None when none of them is anywhere."""
    if not places:
        return None
    marks, unmapped = [], []
    for place in places:
        if place.latitude is None or not projection.inside(place.latitude, place.longitude):
            unmapped.append(UnmappedPlace(place.name, place.url, place.count, place.more))
            continue
        x, y = projection.project(place.latitude, place.longitude)
        uncertainty = projection.km(place.radius_km) if place.radius_km else 0
        marks.append(
            PlaceMark(
                place.name, place.url, place.count, place.more, x, y, uncertainty, place.radius_km
            )
        )
    marks.sort(key=lambda mark: (-mark.uncertainty, mark.name))
    unmapped.sort(key=lambda place: (-place.count, place.name))
    return PlaceMap(tuple(marks), tuple(unmapped))
