"""The events in view as GeoJSON (RFC 7946), for QGIS, Kepler.gl, geojson.io and the like.

A FeatureCollection with one Feature per event: a Point at [longitude,
latitude] (the order RFC 7946 fixes, WGS 84, no `crs` member), the event id
as the Feature's `id`, and every column of the row as a property: dates as
`YYYY-MM-DD`, counts as integers, blanks as null. An event with no
coordinates is still a Feature, with `"geometry": null`, which RFC 7946
allows for unlocated features, so the file holds the whole view. The
citation is a `citation` member of the FeatureCollection (RFC 7946 section
6.1 allows such foreign members), so it travels inside the file.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from events.bidi import isolate_direction
from events.export.csvfiles import data_columns

MEDIA_TYPE = "application/geo+json"


def feature_collection(events: pd.DataFrame, citation: str | None = None) -> dict[str, Any]:
    """The events as a GeoJSON FeatureCollection (a dict ready for `json.dumps`)."""
    names = data_columns(events)
    columns = [_json_values(events[name]) for name in names]
    lons = _json_values(events["longitude"])
    lats = _json_values(events["latitude"])
    features = []
    for values, event_id, lon, lat in zip(
        zip(*columns, strict=True), events["event_id"], lons, lats, strict=True
    ):
        geometry = None
        if lon is not None and lat is not None:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append(
            {
                "type": "Feature",
                "id": event_id,
                "geometry": geometry,
                "properties": dict(zip(names, values, strict=True)),
            }
        )
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    placed = [(lon, lat) for lon, lat in zip(lons, lats, strict=True) if lon is not None]
    if placed:
        xs, ys = zip(*placed, strict=True)
        collection["bbox"] = [min(xs), min(ys), max(xs), max(ys)]
    if citation:
        # Whoever built the line, its direction controls reorder only itself.
        collection["citation"] = isolate_direction(citation)
    collection["features"] = features
    return collection


def geojson_bytes(events: pd.DataFrame, citation: str | None = None) -> bytes:
    """The FeatureCollection as UTF-8 JSON; refuses NaN or infinity, which JSON has no word for."""
    text = json.dumps(
        feature_collection(events, citation),
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":"),
    )
    return text.encode("utf-8")


def _json_values(series: pd.Series) -> list[Any]:
    """A column as JSON-ready Python values, None for every kind of blank."""
    if pd.api.types.is_datetime64_any_dtype(series):
        text = series.dt.strftime("%Y-%m-%d")
        return text.astype(object).where(series.notna(), None).tolist()
    if pd.api.types.is_float_dtype(series):
        return [None if math.isnan(v) or math.isinf(v) else v for v in series.astype(float)]
    return series.astype(object).where(series.notna(), None).tolist()
