"""Small plane-geometry helpers on [lon, lat] positions, enough to cut a basemap to a region.

Nothing here needs to be exact: it selects which Natural Earth features a
regional map shows and where a label goes, at 1:50 million.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

EARTH_RADIUS_KM = 6371.0


class BBox(NamedTuple):
    west: float
    south: float
    east: float
    north: float

    def intersects(self, other: BBox) -> bool:
        return (
            self.west <= other.east
            and other.west <= self.east
            and self.south <= other.north
            and other.south <= self.north
        )

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def padded(self, degrees: float) -> BBox:
        return BBox(
            self.west - degrees, self.south - degrees, self.east + degrees, self.north + degrees
        )


def bbox_of(positions: Iterable[list[float]]) -> BBox:
    xs, ys = [], []
    for x, y in positions:
        xs.append(x)
        ys.append(y)
    if not xs:
        raise ValueError("bbox of an empty list of positions")
    return BBox(min(xs), min(ys), max(xs), max(ys))


def polygon_parts(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """A Polygon or MultiPolygon as a list of polygons (each a list of rings)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"expected a Polygon or MultiPolygon, got {geometry['type']!r}")


def line_parts(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiLineString":
        return list(geometry["coordinates"])
    raise ValueError(f"expected a LineString or MultiLineString, got {geometry['type']!r}")


def iter_positions(geometry: dict[str, Any]) -> Iterator[list[float]]:
    """Every position of a geometry, whatever its type."""
    coords = geometry["coordinates"]
    kind = geometry["type"]
    if kind == "Point":
        yield coords
    elif kind in ("LineString", "MultiPoint"):
        yield from coords
    elif kind in ("MultiLineString", "Polygon"):
        for part in coords:
            yield from part
    elif kind == "MultiPolygon":
        for polygon in coords:
            for ring in polygon:
                yield from ring
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")


def ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area (square degrees) and centroid of a closed ring, by the shoelace formula."""
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area2 == 0:
        x, y = ring[0]
        return 0.0, x, y
    return area2 / 2, cx / (3 * area2), cy / (3 * area2)


def point_in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Even-odd rule: whether the point is inside the closed ring."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def point_in_polygons(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Whether the point is inside a Polygon or MultiPolygon (outside its holes)."""
    for rings in polygon_parts(geometry):
        if point_in_ring(lon, lat, rings[0]) and not any(
            point_in_ring(lon, lat, hole) for hole in rings[1:]
        ):
            return True
    return False


def label_point(ring: list[list[float]]) -> tuple[float, float]:
    """A point inside ``ring`` for a label: the middle of its widest span at the centroid latitude.

    The centroid of a concave shape can fall outside it (or in the sea); the
    widest horizontal span through it cannot.
    """
    _, cx, cy = ring_area_centroid(ring)
    crossings = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 <= cy < y1) or (y1 <= cy < y0):
            crossings.append(x0 + (cy - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return cx, cy
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return (left + right) / 2, cy


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
