"""Decode TopoJSON into GeoJSON, with no dependency beyond the standard library.

The basemap's country borders ship as TopoJSON (Natural Earth through the npm
package ``world-atlas``): shared borders are stored once as "arcs", usually
quantised and delta-encoded. Leaflet draws GeoJSON, so the arcs are stitched
back into rings and lines here, once, at install time.

Spec: https://github.com/topojson/topojson-specification
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

Position = list[float]
Arc = list[Position]


class TopoJSONError(ValueError):
    """The input is not TopoJSON this decoder understands; the message says where."""


def decode_arcs(topology: dict[str, Any]) -> list[Arc]:
    """Return every arc as absolute [lon, lat] positions.

    A quantised topology stores the first position of an arc as an integer and
    each following one as a delta from the previous; ``transform`` maps the
    integers back to degrees. Without ``transform`` the positions are absolute.
    """
    raw_arcs = topology.get("arcs")
    if not isinstance(raw_arcs, list):
        raise TopoJSONError(f"topology 'arcs' must be a list, got {type(raw_arcs).__name__}")
    transform = topology.get("transform")
    if transform is None:
        return [[[float(p[0]), float(p[1])] for p in arc] for arc in raw_arcs]
    try:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    except (KeyError, TypeError, ValueError) as err:
        raise TopoJSONError(f"topology 'transform' is malformed: {transform!r}") from err
    arcs: list[Arc] = []
    for arc in raw_arcs:
        x = y = 0
        positions: Arc = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            positions.append([x * sx + tx, y * sy + ty])
        arcs.append(positions)
    return arcs


def _point_transformer(topology: dict[str, Any]):
    """Points are quantised like arcs but never delta-encoded."""
    transform = topology.get("transform")
    if transform is None:
        return lambda p: [float(p[0]), float(p[1])]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return lambda p: [p[0] * sx + tx, p[1] * sy + ty]


def stitch(arc_indexes: Sequence[int], arcs: list[Arc]) -> list[Position]:
    """Join arcs into one line; index ``~i`` (that is ``-i-1``) means arc ``i`` reversed.

    Consecutive arcs share an end point, which is kept once.
    """
    line: list[Position] = []
    for index in arc_indexes:
        if not isinstance(index, int):
            raise TopoJSONError(f"arc index must be an integer, got {index!r}")
        try:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        except IndexError as err:
            raise TopoJSONError(f"arc index {index} out of range (have {len(arcs)})") from err
        line.extend(arc[1:] if line else arc)
    return line


def _geometry(obj: dict[str, Any], arcs: list[Arc], point) -> dict[str, Any] | None:
    kind = obj.get("type")
    if kind is None:
        return None
    if kind == "Point":
        return {"type": "Point", "coordinates": point(obj["coordinates"])}
    if kind == "MultiPoint":
        return {"type": "MultiPoint", "coordinates": [point(p) for p in obj["coordinates"]]}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": stitch(obj["arcs"], arcs)}
    if kind == "MultiLineString":
        return {
            "type": "MultiLineString",
            "coordinates": [stitch(line, arcs) for line in obj["arcs"]],
        }
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [stitch(ring, arcs) for ring in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[stitch(ring, arcs) for ring in poly] for poly in obj["arcs"]],
        }
    raise TopoJSONError(f"unsupported geometry type {kind!r}")


def _features(obj: dict[str, Any], arcs: list[Arc], point) -> Iterator[dict[str, Any]]:
    if obj.get("type") == "GeometryCollection":
        for child in obj.get("geometries", []):
            yield from _features(child, arcs, point)
        return
    feature: dict[str, Any] = {"type": "Feature"}
    if "id" in obj:
        feature["id"] = obj["id"]
    feature["properties"] = dict(obj.get("properties") or {})
    feature["geometry"] = _geometry(obj, arcs, point)
    yield feature


def to_feature_collection(topology: dict[str, Any], object_name: str) -> dict[str, Any]:
    """Decode one named object of ``topology`` into a GeoJSON FeatureCollection.

    Each geometry of a GeometryCollection becomes one Feature keeping its
    ``id`` and ``properties``; a geometry with a null type becomes a Feature
    with a null geometry, as in the reference implementation.
    """
    if topology.get("type") != "Topology":
        raise TopoJSONError(f"expected type 'Topology', got {topology.get('type')!r}")
    objects = topology.get("objects") or {}
    if object_name not in objects:
        raise TopoJSONError(f"no object {object_name!r} in topology; have {sorted(objects)}")
    arcs = decode_arcs(topology)
    point = _point_transformer(topology)
    try:
        features = list(_features(objects[object_name], arcs, point))
    except (KeyError, TypeError) as err:
        raise TopoJSONError(f"object {object_name!r} is malformed: {err!r}") from err
    return {"type": "FeatureCollection", "features": features}
