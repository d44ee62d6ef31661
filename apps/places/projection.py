"""Where a place is drawn on the timeline's map: one equirectangular view of the region,
shared by the bundled base map (``scripts/base_map.py`` made ``static/map/base.svg``) and
the marks drawn over it, so that a mark lands where its place is on the base map."""

import math

# The region the map shows: from Kyiv to Vladivostok, from Seoul to north of Moscow.
WEST, EAST = 22.0, 142.0
SOUTH, NORTH = 34.0, 62.0
WIDTH = 720  # the map's own units (its viewBox); the page scales it
# East-west degrees shortened as at the region's middle latitude, so that shapes look right.
_ASPECT = math.cos(math.radians((SOUTH + NORTH) / 2))
UNITS_PER_DEGREE = WIDTH / ((EAST - WEST) * _ASPECT)
HEIGHT = round((NORTH - SOUTH) * UNITS_PER_DEGREE)
KM_PER_DEGREE = 111.2  # of latitude


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """The map's (x, y) of a point, y downwards."""
    return (
        (longitude - WEST) * _ASPECT * UNITS_PER_DEGREE,
        (NORTH - latitude) * UNITS_PER_DEGREE,
    )


def km(distance: float) -> float:
    """A distance on the ground, in the map's units (north-south)."""
    return distance / KM_PER_DEGREE * UNITS_PER_DEGREE


def inside(latitude: float, longitude: float) -> bool:
    return SOUTH <= latitude <= NORTH and WEST <= longitude <= EAST
