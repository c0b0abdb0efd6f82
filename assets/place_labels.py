"""Choose which town and country names the basemap labels, and from which zoom.

Leaflet does no label collision handling, and a map of Iraq and Syria whose
names print over each other is unreadable. So placement is decided here, at
install time: for each zoom level, from the closest in to the widest, labels
are placed in priority order (capitals, countries by area, towns by
population) and a label whose box would overlap one already placed waits for
a closer zoom. The result is one number per label, the zoom from which it is
shown, and the guarantee that at every whole zoom the shown labels do not
overlap (by the estimated size of their text).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assets.geometry import (
    BBox,
    distance_km,
    label_point,
    polygon_parts,
    ring_area_centroid,
)

# Estimated text metrics in CSS pixels, matching the label CSS in
# components/basemap.py (11 px sans for towns, 12 px bold for capitals,
# 11 px spaced capitals for countries). Generous rather than tight.
_CHAR_WIDTH = {"town": 6.3, "capital": 7.4, "country": 9.6}
_DOT_WIDTH = {"town": 8.0, "capital": 12.0, "country": 0.0}
_LINE_HEIGHT = 14.0
_PADDING = 3.0
_GRID = 128.0
# Positions are rounded before placement, so the file holds exactly what was placed.
COORD_DECIMALS = 3


@dataclass(frozen=True)
class Tier:
    """Towns of at least ``min_population`` are labelled from ``min_zoom`` on, room permitting."""

    min_population: int
    min_zoom: int


@dataclass(frozen=True)
class Label:
    name: str
    lon: float
    lat: float
    kind: str  # "capital", "country" or "town"
    min_zoom: int  # never shown below this zoom, even with room
    weight: float  # population, or area for countries: larger goes first within a kind


_KIND_ORDER = {"capital": 0, "country": 1, "town": 2}


def _priority(label: Label) -> tuple:
    return (_KIND_ORDER[label.kind], -label.weight, label.name, label.lon, label.lat)


def world_pixels(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Web Mercator position in pixels at ``zoom``, as Leaflet computes it."""
    size = 256.0 * 2**zoom
    lat = max(min(lat, 85.0511), -85.0511)
    sin = math.sin(math.radians(lat))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size
    return x, y


def label_box(label: Label, zoom: int) -> tuple[float, float, float, float]:
    """Estimated (left, top, right, bottom) of the label's text at ``zoom``, with padding."""
    x, y = world_pixels(label.lon, label.lat, zoom)
    width = _CHAR_WIDTH[label.kind] * len(label.name)
    half_height = _LINE_HEIGHT / 2
    if label.kind == "country":  # centred on its point
        left, right = x - width / 2, x + width / 2
    else:  # a dot on the point, the text to its right
        left, right = x - _DOT_WIDTH[label.kind] / 2, x + _DOT_WIDTH[label.kind] + width
    return (
        left - _PADDING,
        y - half_height - _PADDING,
        right + _PADDING,
        y + half_height + _PADDING,
    )


class _BoxIndex:
    """Boxes placed so far, bucketed on a coarse grid so a lookup checks only neighbours."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        left, top, right, bottom = box
        for cx in range(int(left // _GRID), int(right // _GRID) + 1):
            for cy in range(int(top // _GRID), int(bottom // _GRID) + 1):
                yield cx, cy

    def overlaps(self, box) -> bool:
        left, top, right, bottom = box
        for key in self._keys(box):
            for o_left, o_top, o_right, o_bottom in self._cells.get(key, ()):
                if left < o_right and o_left < right and top < o_bottom and o_top < bottom:
                    return True
        return False

    def add(self, box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)


def assign_zooms(
    labels: Iterable[Label], lowest_zoom: int, highest_zoom: int
) -> list[tuple[Label, int]]:
    """Each label that fits at ``highest_zoom`` with the zoom from which it is shown.

    Works from ``highest_zoom`` outwards: at each zoom only labels shown at
    the next closer zoom compete, so a label once shown stays shown as the
    user zooms in. A label shown at ``lowest_zoom`` gets 0 (always shown).
    """
    ordered = sorted(labels, key=_priority)
    shown = [label for label in ordered if label.min_zoom <= highest_zoom]
    from_zoom: dict[Label, int] = {}
    for zoom in range(highest_zoom, lowest_zoom - 1, -1):
        index = _BoxIndex()
        placed = []
        for label in shown:
            if label.min_zoom > zoom:
                from_zoom[label] = zoom + 1
                continue
            box = label_box(label, zoom)
            if index.overlaps(box):
                from_zoom[label] = zoom + 1
                continue
            index.add(box)
            placed.append(label)
        shown = placed
    for label in shown:
        from_zoom[label] = 0
    return sorted(
        ((label, z) for label, z in from_zoom.items() if z <= highest_zoom),
        key=lambda lz: (lz[1], _priority(lz[0])),
    )


def _is_plain_ascii(name: str) -> bool:
    return unicodedata.normalize("NFC", name).isascii()


def capital_ids(cities: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]]) -> set:
    """GeoNames ids of national capitals: per country, the largest town named as its capital."""
    by_country_and_name: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        known = by_country_and_name.get(key)
        if known is None or city["population"] > known["population"]:
            by_country_and_name[key] = city
    ids = set()
    for iso, country in countries.items():
        match = by_country_and_name.get((iso, country.get("capital") or ""))
        if match is not None:
            ids.add(match["geonameid"])
    return ids


def town_labels(
    cities: dict[str, dict[str, Any]],
    countries: dict[str, dict[str, Any]],
    region: BBox,
    tiers: list[Tier],
    capital_min_zoom: int,
    merge_within_km: float,
) -> list[Label]:
    """Capitals and towns of the tiers' sizes inside ``region``, one label per town.

    GeoNames lists sections of a city beside the city itself, often under a
    transliterated name ("Al Mawsil al Jadidah", 1 km from "Mosul"), so of
    towns of one country within ``merge_within_km`` of each other only the
    first is kept: capitals first, then names in plain ASCII (the
    conventional English name), then the larger.
    """
    capitals = capital_ids(cities, countries)
    tiers = sorted(tiers, key=lambda t: -t.min_population)
    candidates = []
    for city in cities.values():
        if not region.contains(city["longitude"], city["latitude"]):
            continue
        is_capital = city["geonameid"] in capitals
        tier = next((t for t in tiers if city["population"] >= t.min_population), None)
        if not is_capital and tier is None:
            continue
        candidates.append((is_capital, tier, city))
    candidates.sort(
        key=lambda c: (
            not c[0],
            not _is_plain_ascii(c[2]["name"]),
            -c[2]["population"],
            c[2]["geonameid"],
        )
    )
    kept: list[Label] = []
    kept_cities: list[dict[str, Any]] = []
    for is_capital, tier, city in candidates:
        lon, lat = city["longitude"], city["latitude"]
        if any(
            other["countrycode"] == city["countrycode"]
            and distance_km(lon, lat, other["longitude"], other["latitude"]) < merge_within_km
            for other in kept_cities
        ):
            continue
        kept_cities.append(city)
        kept.append(
            Label(
                name=city["name"],
                lon=round(lon, COORD_DECIMALS),
                lat=round(lat, COORD_DECIMALS),
                kind="capital" if is_capital else "town",
                min_zoom=capital_min_zoom if is_capital else tier.min_zoom,
                weight=float(city["population"]),
            )
        )
    return kept


def country_labels(countries: dict[str, Any], region: BBox, min_zoom: int) -> list[Label]:
    """One label per country with an ISO code, inside its largest polygon, if near the region."""
    labels = []
    for feature in countries["features"]:
        if "id" not in feature:
            continue  # Natural Earth entities without an ISO code, e.g. "N. Cyprus"
        parts = polygon_parts(feature["geometry"])
        areas = [abs(ring_area_centroid(rings[0])[0]) for rings in parts]
        largest = parts[areas.index(max(areas))]
        lon, lat = label_point(largest[0])
        if not region.padded(5).contains(lon, lat):
            continue
        labels.append(
            Label(
                name=feature["properties"]["name"],
                lon=round(lon, COORD_DECIMALS),
                lat=round(lat, COORD_DECIMALS),
                kind="country",
                min_zoom=min_zoom,
                weight=sum(areas),
            )
        )
    return labels


def places_collection(labelled: list[tuple[Label, int]]) -> dict[str, Any]:
    """GeoJSON points with ``name``, ``kind`` and ``z`` (the zoom from which to show it)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": label.name, "kind": label.kind, "z": zoom},
                "geometry": {
                    "type": "Point",
                    "coordinates": [label.lon, label.lat],
                },
            }
            for label, zoom in labelled
        ],
    }
