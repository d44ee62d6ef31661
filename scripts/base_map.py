"""Make the timeline map's base (static/map/base.svg) from Natural Earth's 1:50m countries.

Natural Earth is in the public domain; world-atlas (npm, ISC) ships it as TopoJSON:
``npm install`` puts it in node_modules. Run from the project root:

    .venv/bin/python scripts/base_map.py

The SVG is committed: the site draws it from its own static files, nothing is fetched.
Points are projected with ``apps.places.projection``, clamped to a margin around the view
(which clips the shapes as filled areas), rounded to a tenth of a unit and thinned.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from apps.places.projection import HEIGHT, WIDTH, project  # noqa: E402

SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
TARGET = ROOT / "static" / "map" / "base.svg"
MARGIN = 20  # units beyond the view that clamped points may reach
MIN_STEP = 1.2  # units: closer points are dropped
# Russia, Ukraine and North Korea (ISO 3166 numeric), drawn a shade darker.
INVOLVED = {"643", "804", "408"}


def arcs_of(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    return decoded


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def clamp(x, y):
    return (
        min(max(x, -MARGIN), WIDTH + MARGIN),
        min(max(y, -MARGIN), HEIGHT + MARGIN),
    )


def path_of(rings) -> str:
    parts = []
    for points in rings:
        drawn = []
        for longitude, latitude in points:
            x, y = clamp(*project(latitude, longitude))
            if drawn and abs(x - drawn[-1][0]) + abs(y - drawn[-1][1]) < MIN_STEP:
                continue
            drawn.append((x, y))
        if len(drawn) < 3:
            continue
        xs = [x for x, _ in drawn]
        ys = [y for _, y in drawn]
        if max(xs) <= -MARGIN + 0.1 or min(xs) >= WIDTH + MARGIN - 0.1:
            continue  # wholly outside, east or west
        if max(ys) <= -MARGIN + 0.1 or min(ys) >= HEIGHT + MARGIN - 0.1:
            continue
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in drawn) + "Z")
    return "".join(parts)


def main():
    topology = json.loads(SOURCE.read_text())
    arcs = arcs_of(topology)
    shapes = []
    for country in topology["objects"]["countries"]["geometries"]:
        if country["type"] == "Polygon":
            polygons = [country["arcs"]]
        elif country["type"] == "MultiPolygon":
            polygons = country["arcs"]
        else:
            continue
        rings = [ring(arcs, indexes) for polygon in polygons for indexes in polygon]
        path = path_of(rings)
        if path:
            shade = ' fill="#e6dcc3"' if country.get("id") in INVOLVED else ""
            name = country["properties"]["name"]
            shapes.append(f'<path d="{path}"{shade}><title>{name}</title></path>')
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
        "<!-- Natural Earth 1:50m countries (public domain), via world-atlas; "
        "made by scripts/base_map.py -->"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dbe9f4"/>'
        '<g fill="#f2efe6" stroke="#9a9a8f" stroke-width="0.6" stroke-linejoin="round">'
        + "".join(shapes)
        + "</g></svg>\n"
    )
    print(f"{TARGET.relative_to(ROOT)}: {len(shapes)} countries, {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
