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
filters narrow the view to `AGGREGATE_ABOVE` events or fewer. The browser
side (drawing, tooltips, level by zoom) is static/js/event_cells.js.
"""

from __future__ import annotations

import base64
import math

import numpy as np
import pandas as pd

from components import style
from components.map.rawtext import PARENT, ScriptCall, ScriptJson
from events.colouring import Colouring
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
    kinds: int = len(SIDE_KEYS),
) -> dict[str, list]:
    """Events counted in the cells of side `size` degrees, as columns ordered by (row, column).

    `ix`, `iy` number the cell from longitude -180 and latitude -90; `n` is its
    event count, `killed` the sum of reported deaths, `side` the index in
    :data:`SIDE_KEYS` (or among `kinds` colour codes) of the side with most
    events there (ties go to the first side in that order), `d0` and `d1`
    the first and last day (days since 1970-01-01, -1 when unknown).
    """
    ix = np.floor((lons + 180.0) / size).astype(np.int64)
    iy = np.floor((lats + 90.0) / size).astype(np.int64)
    width = int(math.ceil(360.0 / size)) + 1
    keys, cell = np.unique(iy * width + ix, return_inverse=True)
    cells = len(keys)
    n = np.bincount(cell, minlength=cells)
    killed = np.bincount(cell, weights=fatalities, minlength=cells)
    by_side = np.bincount(cell * kinds + side_codes, minlength=cells * kinds).reshape(cells, kinds)
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


def cell_table(
    events: pd.DataFrame,
    max_cells: int = MAX_CELLS_PER_LEVEL,
    colouring: Colouring | None = None,
) -> dict:
    """Everything the browser needs to draw the placed events as cells at each zoom.

    The coarsest level is always sent; each finer one only while it stays
    within `max_cells` non-empty cells, which bounds the payload (about 40
    bytes a cell) whatever the number of events.

    Without `colouring` a cell's colour is its dominant side, ``sides``
    naming :data:`SIDE_KEYS`; with it, ``sides`` holds the markers' colour
    keys (`markers.marker_colours`) and a cell takes the colour of the group
    with most events there, or, coloured by deaths, the band of the deaths
    its events add up to (a cell of many small attacks is not "0 killed").
    """
    placed = events.dropna(subset=["latitude", "longitude"])
    lats = placed["latitude"].to_numpy(dtype=float)
    lons = placed["longitude"].to_numpy(dtype=float)
    fatalities = placed["fatalities"].fillna(0).to_numpy(dtype=float)
    keys = list(SIDE_KEYS)
    if colouring is None:
        side_codes = sides_for(placed["actor1"]).cat.codes.to_numpy().astype(np.int64)
    else:
        keys = [f"g{i}" for i in range(len(colouring.groups))]
        codes = colouring.labels_for(placed).map(
            {label: i for i, label in enumerate(colouring.labels)}
        )
        side_codes = codes.fillna(len(keys)).to_numpy(dtype=np.int64)
        keys.append("other")
    dates = placed["event_date"]
    days = (((dates - pd.Timestamp("1970-01-01")).dt.days).astype("Int64").fillna(-1)).to_numpy(
        dtype=np.int64
    )
    levels = []
    for k, size in enumerate(grid_sizes(lats, lons)):
        level = cell_level(lats, lons, fatalities, side_codes, days, size, len(keys))
        if k > 0 and len(level["n"]) > max_cells:
            break
        if colouring is not None and colouring.by == "deaths":
            level["side"] = _death_band_codes(level["killed"], colouring)
        levels.append(level)
    table = {"events": int(len(placed)), "sides": keys, "levels": levels}
    if levels:
        table["play"] = day_index(lats, lons, days, levels[-1]["size"])
    return table


def _death_band_codes(killed: list[int], colouring: Colouring) -> list[int]:
    """Each cell's colour code under the deaths colouring: the band of its summed deaths."""
    totals = pd.Series(killed, dtype="Float64")
    labels = colouring.labels_for(pd.DataFrame({"fatalities": totals}))
    index = {label: i for i, label in enumerate(colouring.labels)}
    return [index.get(label, len(colouring.labels)) for label in labels]


def day_index(lats: np.ndarray, lons: np.ndarray, days: np.ndarray, size: float) -> dict:
    """Which finest cell each event falls in, events ordered by day: what playback recounts.

    Playback steps in the browser (static/js/playback.js), so each frame's
    counts are worked out there from this index and no step reruns the app.
    `days` are the distinct days in order (-1, unknown, first), `len` how many
    events each has, and `cell` the events' cells in that order: the index in
    the finest level's columns, as little-endian unsigned 16-bit integers in
    base64. Two bytes an event (2.7 in base64, against about 55 for a marker):
    100,000 events add about 270 kB. The coarser levels' cells are unions of
    finest cells (the grids nest), so the browser sums them from these.
    """
    ix = np.floor((lons + 180.0) / size).astype(np.int64)
    iy = np.floor((lats + 90.0) / size).astype(np.int64)
    width = int(math.ceil(360.0 / size)) + 1
    _, cell = np.unique(iy * width + ix, return_inverse=True)
    if cell.size and int(cell.max()) > np.iinfo(np.uint16).max:
        raise ValueError(f"{int(cell.max()) + 1} cells at {size}° do not fit a 16-bit index")
    order = np.lexsort((cell, days))  # by day, then by cell: the same whatever the row order
    distinct, counts = np.unique(days[order], return_counts=True)
    packed = cell[order].astype("<u2").tobytes()
    return {
        "days": distinct.tolist(),
        "len": counts.tolist(),
        "cell": base64.b64encode(packed).decode("ascii"),
    }


class EventCells(ScriptCall):
    """Draw cells as canvas circles sized by count and coloured by the dominant side or group.

    static/js/event_cells.js does the drawing, the choice of level by zoom,
    the tooltips and the zoom on click; an update carries the `cell_table`
    (`data_json`), the colour of each of its ``sides`` keys (`colours`: the
    side colours by default, `markers.marker_colours` for a colouring) and
    the smallest cell width on screen.
    """

    function = "L.eventCells"

    def __init__(
        self, data_json: str, min_px: int = MIN_CELL_PX, colours: dict[str, str] | None = None
    ):
        self.data_json = ScriptJson(data_json)
        self.min_px = int(min_px)
        colours = dict(style.SIDE_COLORS) if colours is None else dict(colours)
        super().__init__(PARENT, self.data_json, colours, self.min_px)
