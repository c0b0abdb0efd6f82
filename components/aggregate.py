"""Grid cells that stand in for events when there are too many to draw one by one.

A region of ACLED or UCDP data holds hundreds of thousands of events; one
marker each would cost megabytes per map update and seconds of drawing. Above
`AGGREGATE_ABOVE` events in view, the server counts events in square cells of
a global grid and sends the cells instead: their number stays in the
thousands whatever the file size, so the payload grows with what is on
screen, not with the file.

Cells come at up to three resolutions (each `LEVEL_STEP` times finer than the
last, two zoom steps apart), all sent at once, so the browser picks the one
that suits the zoom without asking the server again: panning and zooming
never rerun the app. Sizes are powers of two in degrees on a grid anchored
at (-90, -180), so finer cells nest exactly inside coarser ones and the same
events always give the same cells. Individual markers come back when the
filters narrow the view to `AGGREGATE_ABOVE` events or fewer.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
from jinja2 import Template

from components import style
from components.rawelement import DataScript
from events.sides import SIDES, sides_for

# Measured (benchmarks/bench_scale.py, bench_peer.py; 2 cores, headless Chromium):
# markers cost about 55 bytes an event, and a filter change to about 4,900
# markers takes about 1 s to reach the screen, where the same change drawn as
# cells takes 0.3-0.6 s at 10k-100k events. 5,000 keeps marker updates near a
# second and 0.3 MB; above it every update is cells, whose cost does not grow
# with the number of events.
AGGREGATE_ABOVE = 5_000
# The coarsest grid spans the data with about this many cells across.
COARSE_CELLS_ACROSS = 16
# Each finer level divides a cell side by this (2 zoom steps).
LEVEL_STEP = 4
LEVELS = 3
# A finer level is sent only while it has at most this many non-empty cells.
MAX_CELLS_PER_LEVEL = 4_000
# The browser shows the finest level whose cells are at least this wide on screen.
MIN_CELL_PX = 28
SIDE_KEYS: tuple[str, ...] = tuple(SIDES)


def should_aggregate(placed_count: int, threshold: int = AGGREGATE_ABOVE) -> bool:
    """Whether `placed_count` events are too many to draw one marker each."""
    return placed_count > threshold


def grid_sizes(lats: np.ndarray, lons: np.ndarray, levels: int = LEVELS) -> list[float]:
    """Cell sides in degrees, coarse to fine, chosen from the extent of the events.

    The coarse side is the smallest power of two that spans the wider side of
    the extent in at most `COARSE_CELLS_ACROSS` cells; a city-sized extent
    still gets cells no smaller than about 100 m.
    """
    if len(lats) == 0:
        return []
    span = max(float(np.ptp(lats)), float(np.ptp(lons)), 1e-3 * COARSE_CELLS_ACROSS)
    coarse = 2.0 ** math.ceil(math.log2(span / COARSE_CELLS_ACROSS))
    return [coarse / LEVEL_STEP**k for k in range(levels)]


def cell_level(
    lats: np.ndarray,
    lons: np.ndarray,
    fatalities: np.ndarray,
    side_codes: np.ndarray,
    days: np.ndarray,
    size: float,
) -> dict[str, list]:
    """Events counted in the cells of side `size` degrees, as columns ordered by (row, column).

    `ix`, `iy` number the cell from longitude -180 and latitude -90; `n` is its
    event count, `killed` the sum of reported deaths, `side` the index in
    :data:`SIDE_KEYS` of the side with most events there (ties go to the first
    side in that order), `d0` and `d1` the first and last day (days since
    1970-01-01, -1 when unknown).
    """
    ix = np.floor((lons + 180.0) / size).astype(np.int64)
    iy = np.floor((lats + 90.0) / size).astype(np.int64)
    width = int(math.ceil(360.0 / size)) + 1
    keys, cell = np.unique(iy * width + ix, return_inverse=True)
    cells = len(keys)
    n = np.bincount(cell, minlength=cells)
    killed = np.bincount(cell, weights=fatalities, minlength=cells)
    by_side = np.bincount(
        cell * len(SIDE_KEYS) + side_codes, minlength=cells * len(SIDE_KEYS)
    ).reshape(cells, len(SIDE_KEYS))
    known = days >= 0
    first = np.full(cells, np.iinfo(np.int64).max)
    last = np.full(cells, -1, dtype=np.int64)
    np.minimum.at(first, cell[known], days[known])
    np.maximum.at(last, cell[known], days[known])
    first[first == np.iinfo(np.int64).max] = -1
    return {
        "size": size,
        "ix": (keys % width).tolist(),
        "iy": (keys // width).tolist(),
        "n": n.tolist(),
        "killed": np.rint(killed).astype(np.int64).tolist(),
        "side": by_side.argmax(axis=1).tolist(),
        "d0": first.tolist(),
        "d1": last.tolist(),
    }


def cell_table(events: pd.DataFrame, max_cells: int = MAX_CELLS_PER_LEVEL) -> dict:
    """Everything the browser needs to draw the placed events as cells at each zoom.

    The coarsest level is always sent; each finer one only while it stays
    within `max_cells` non-empty cells, which bounds the payload (about 40
    bytes a cell) whatever the number of events.
    """
    placed = events.dropna(subset=["latitude", "longitude"])
    lats = placed["latitude"].to_numpy(dtype=float)
    lons = placed["longitude"].to_numpy(dtype=float)
    fatalities = placed["fatalities"].fillna(0).to_numpy(dtype=float)
    side_codes = sides_for(placed["actor1"]).cat.codes.to_numpy().astype(np.int64)
    dates = placed["event_date"]
    days = (((dates - pd.Timestamp("1970-01-01")).dt.days).astype("Int64").fillna(-1)).to_numpy(
        dtype=np.int64
    )
    levels = []
    for k, size in enumerate(grid_sizes(lats, lons)):
        level = cell_level(lats, lons, fatalities, side_codes, days, size)
        if k > 0 and len(level["n"]) > max_cells:
            break
        levels.append(level)
    return {"events": int(len(placed)), "sides": list(SIDE_KEYS), "levels": levels}


def cell_bounds(level: dict, index: int) -> list[list[float]]:
    """South-west and north-east corners of cell `index` of `level` (what a click zooms to)."""
    size = level["size"]
    south = level["iy"][index] * size - 90.0
    west = level["ix"][index] * size - 180.0
    return [[south, west], [south + size, west + size]]


def cell_tooltip(level: dict, index: int) -> str:
    """The tooltip the browser builds for a cell (the same rule, for tests and docs)."""
    n, killed = level["n"][index], level["killed"][index]

    def day(value: int) -> str:
        if value < 0:
            return "date unknown"
        return (pd.Timestamp("1970-01-01") + pd.Timedelta(days=value)).strftime("%Y-%m-%d")

    first, last = day(level["d0"][index]), day(level["d1"][index])
    when = first if first == last else f"{first} – {last}"
    events_word = "event" if n == 1 else "events"
    return f"<b>{n:,} {events_word}</b>, {killed:,} killed<br>{when}"


class EventCells(DataScript):
    """Draw cells as canvas circles sized by count and coloured by the dominant side.

    All levels arrive at once; the browser shows the finest whose cells are
    at least `min_px` wide at the current zoom, so zooming in brings detail
    without a rerun. A click on a cell zooms the map to that cell, and only
    that: cells sit in plain layer groups, which do not pass clicks on to the
    map component, so a click never reruns the app. The data
    stays on the layer (`eventCells`) so tests can read what is drawn.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var d = {{ this.data_json }}, colors = {{ this.colors_json }};
            var minPx = {{ this.min_px }}, renderer = L.canvas({padding: 0.5, tolerance: 2});
            var shown = L.layerGroup(), built = {}, current = -1, map = null;
            parent.eventCells = d;
            function day(value) {
                return value < 0 ? 'date unknown'
                    : new Date(value * 864e5).toISOString().slice(0, 10);
            }
            function build(k) {
                var level = d.levels[k], size = level.size, group = L.layerGroup();
                var most = Math.max.apply(null, level.n);
                for (var i = 0; i < level.n.length; i++) {
                    var south = level.iy[i] * size - 90, west = level.ix[i] * size - 180;
                    var color = colors[d.sides[level.side[i]]] || colors.other;
                    var n = level.n[i], first = day(level.d0[i]), last = day(level.d1[i]);
                    var circle = L.circleMarker([south + size / 2, west + size / 2], {
                        renderer: renderer, radius: 4 + 16 * Math.sqrt(n / most),
                        color: '#fff', weight: 1.5, fillColor: color, fillOpacity: 0.75,
                        cellCount: n, cellLevel: k,
                        cellBounds: [[south, west], [south + size, west + size]]
                    });
                    circle.bindTooltip('<b>' + n.toLocaleString('en-US') + ' '
                        + (n === 1 ? 'event' : 'events') + '</b>, '
                        + level.killed[i].toLocaleString('en-US') + ' killed<br>'
                        + (first === last ? first : first + ' – ' + last),
                        {direction: 'top', offset: [0, -6]});
                    circle.on('click', zoomTo);
                    group.addLayer(circle);
                }
                return group;
            }
            function zoomTo(e) {
                if (map) { map.fitBounds(e.target.options.cellBounds); }
            }
            function levelFor(zoom) {
                for (var k = d.levels.length - 1; k > 0; k--) {
                    if (d.levels[k].size * 256 * Math.pow(2, zoom) / 360 >= minPx) { return k; }
                }
                return 0;
            }
            function show() {
                if (!map || !d.levels.length) { return; }
                var k = levelFor(map.getZoom());
                if (k === current) { return; }
                shown.clearLayers();
                built[k] = built[k] || build(k);
                shown.addLayer(built[k]);
                current = k;
            }
            function attach(target) {
                if (map || !target) { return; }
                map = target;
                map.on('zoomend', show);
                // After the current script: streamlit-folium then binds its own click
                // handler (which reruns the app) to every layer already on the map.
                setTimeout(show, 0);
            }
            parent.on('add', function () { attach(parent._map); });
            parent.on('remove', function () {
                if (map) { map.off('zoomend', show); }
                map = null;
                current = -1;
            });
            shown.addTo(parent);
            attach(parent._map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, min_px: int = MIN_CELL_PX):
        super().__init__()
        self._name = "EventCells"
        self.colors_json = json.dumps(style.SIDE_COLORS)
        self.data_json = data_json
        self.min_px = int(min_px)
