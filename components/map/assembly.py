"""The map put together: the base map that never changes, and the event layer that does.

The base map (basemap, controls and the list of scripts the page loads) is
built once per session and never changes, so streamlit-folium keeps the same
Leaflet instance; only the event layer is sent again when the view changes
(`feature_group_to_add`), and it carries data and one-line calls, no code.
A pure builder: nothing here calls Streamlit (components/map/widget.py does).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import folium
import pandas as pd

from components.map import cells, markers
from components.map.assets import MapScripts
from components.map.chains import EventChains
from components.map.rawtext import RawElement, ScriptJson, script_json
from events.colouring import Colouring

MAP_HEIGHT = 560
DEFAULT_CENTER = (34.0, 42.0)
DEFAULT_ZOOM = 6
MIN_ZOOM, MAX_ZOOM = 3, 18


def placed_count(events: pd.DataFrame) -> int:
    """How many events have both coordinates: what the map can draw (a tenth of the cost of
    selecting the two columns as a frame, which every rerun paid twice)."""
    latitude = events["latitude"].notna().to_numpy()
    return int((latitude & events["longitude"].notna().to_numpy()).sum())


def encode_layer(kind: str, events: pd.DataFrame, colouring: Colouring | None = None) -> ScriptJson:
    """The data of the event layer: `cells` (`cells.cell_table`) or `markers` (`marker_table`).

    Both follow `colouring` (a cell: its dominant group, or the band of its deaths).
    """
    if kind == "cells":
        table = cells.cell_table(events, colouring=colouring)
    else:
        table = markers.marker_table(events, colouring)
    return script_json(table)


def event_layer(
    events: pd.DataFrame,
    selected: str | None = None,
    encode: Callable[[str, pd.DataFrame], ScriptJson] = encode_layer,
    chains: ScriptJson | None = None,
    colouring: Colouring | None = None,
) -> folium.FeatureGroup:
    """The part of the map that changes with the view.

    Up to `cells.AGGREGATE_ABOVE` placed events are drawn one marker each;
    above that, as grid cells with counts (components/map/cells.py), plus the
    selected event's own marker, so the payload stays bounded. `encode`
    turns events into the layer's JSON (`encode_layer`); the dashboard passes
    one that remembers earlier views. `chains` is the reprisal arrows'
    JSON (`components.map.chains.chain_table`), drawn above the markers.
    `colouring` is what the markers' colours mean; `encode` must use the same.
    """
    colours = markers.marker_colours(colouring)
    group = folium.FeatureGroup(name="Events", control=False)
    placed = placed_count(events)
    if cells.should_aggregate(placed):
        group.add_child(cells.EventCells(encode("cells", events), colours=colours))
        chosen = events[events["event_id"] == selected] if selected else events.iloc[:0]
        if not chosen.empty:
            chosen_json = encode_layer("markers", chosen, colouring)
            group.add_child(markers.EventMarkers(chosen_json, selected, colours))
    else:
        group.add_child(markers.EventMarkers(encode("markers", events), selected, colours))
    if chains is not None:
        group.add_child(EventChains(chains))
    return group


def fit_view(
    events: pd.DataFrame, width_px: int = 900, height_px: int = MAP_HEIGHT
) -> tuple[tuple[float, float], int]:
    """Centre and the largest zoom that shows every placed event."""
    placed = events.dropna(subset=["latitude", "longitude"])
    if placed.empty:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    south, north = placed["latitude"].min(), placed["latitude"].max()
    west, east = placed["longitude"].min(), placed["longitude"].max()
    center = (round((south + north) / 2, 4), round((west + east) / 2, 4))

    def mercator_y(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return math.log((1 + s) / (1 - s)) / 2

    lon_fraction = max((east - west) / 360, 1e-6)
    lat_fraction = max((mercator_y(north) - mercator_y(south)) / (2 * math.pi), 1e-6)
    padding = 0.75
    zoom_x = math.log2(width_px * padding / 256 / lon_fraction)
    zoom_y = math.log2(height_px * padding / 256 / lat_fraction)
    zoom = int(max(MIN_ZOOM, min(10, math.floor(min(zoom_x, zoom_y)))))
    return center, zoom


MAP_CSS = (
    "<style>.leaflet-container { font-family: system-ui, sans-serif; }"
    # On a phone the scale bar and the attribution would overlap; the scale goes...
    "@media (max-width: 480px) { .leaflet-control-scale { display: none; }"
    # ...and the attribution keeps to one line, clear of the basemap's label.
    " .leaflet-control-attribution { font-size: 9px; } }</style>"
)


def data_bounds(events: pd.DataFrame) -> list[list[float]] | None:
    """South-west and north-east corners of the placed events, for the browser to fit."""
    placed = events.dropna(subset=["latitude", "longitude"])
    if placed.empty:
        return None
    return [
        [round(float(placed["latitude"].min()), 4), round(float(placed["longitude"].min()), 4)],
        [round(float(placed["latitude"].max()), 4), round(float(placed["longitude"].max()), 4)],
    ]


def start_fit(events: pd.DataFrame) -> tuple[tuple[float, float], int, list[list[float]] | None]:
    """Centre, zoom and the corners to fit: where a map of these events opens."""
    center, zoom = fit_view(events)
    return center, zoom, data_bounds(events)


def base_map(
    center: tuple[float, float],
    zoom: int,
    basemap=None,
    fit_bounds: list[list[float]] | None = None,
    *,
    scripts_by_url: bool = True,
) -> folium.Map:
    """The part of the map that never changes in a session.

    `basemap` is a callable that adds the background layers to the map (the
    offline vector basemap by default); it must be deterministic, or the map
    would be rebuilt on every rerun. The map lists the project's scripts
    (`MapScripts`), so the page loads them once and updates carry only data;
    without `scripts_by_url`, the caller inlines them (the offline export).
    """
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        maxZoom=MAX_ZOOM,
        zoom_snap=1,
        world_copy_jump=False,
    )
    m.get_root().header.add_child(RawElement(MAP_CSS))
    if scripts_by_url:
        MapScripts().add_to(m)
    if fit_bounds is not None:
        # Fitted in the browser, so a phone and a wide screen each see every event.
        m.fit_bounds(fit_bounds, padding=(24, 24), max_zoom=9)
    if basemap is not None:
        basemap(m)
    return m
