"""What the page draws for a view, from pandas in memory or from the query engine, by size.

The bundled data and small files stay in memory: pandas answers a view of
100k events in milliseconds and needs no copy on disk. Above
:data:`ENGINE_ABOVE` events (or when the events come from a source URL) the
engine answers: embedded DuckDB over the date-sorted Parquet copy
(events.engine). Both give the same totals, cells, newest rows and counts per
period for any view (tests/components/test_view_data.py), so the switch is
a matter of memory and speed, never of what the page shows.

Measured (benchmarks/bench_scale.py, 2 cores): at 1M events the dashboard's
server holds 1.6 GB with pandas and 0.36 GB on the engine, and a filter
change reruns in 0.74 s against 0.26 s.

:func:`page_data` is everything the page draws from the engine for one view,
in the shapes the page's components take from the pandas path, so the page
renders either the same way (components/engine_page.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import folium
import pandas as pd

from components.map import markers as event_markers
from components.map.assembly import encode_layer
from components.map.cells import (
    AGGREGATE_ABOVE,
    MAX_CELLS_PER_LEVEL,
    EventCells,
    cell_table,
    grid_sizes,
    should_aggregate,
)
from components.map.chains import EventChains
from components.map.rawtext import ScriptJson, script_json
from components.table import MAX_ROWS, table_frame
from components.timeline import EACH_EVENT_UP_TO, counts_frame, period_for
from events.colouring import Colouring
from events.engine import backend, columns, query
from events.filters import Totals, apply, describe_totals
from events.sides import SIDES
from events.view import ViewState

# Above this many events the engine answers rather than pandas: a loaded
# file costs the server about 1.6 KB an event (1.6 GB at 1M), the engine's
# copies on disk about 50 bytes, and below this pandas is as quick.
# EVENTS_ENGINE_ABOVE overrides it (tests set it low to use small files).
ENGINE_ABOVE = 250_000
ENGINE_ABOVE_ENV = "EVENTS_ENGINE_ABOVE"


@dataclass(frozen=True)
class FrameView:
    """The view's needs worked out by pandas over events held in memory."""

    events: pd.DataFrame

    def total(self) -> int:
        return len(self.events)

    def totals(self, view: ViewState) -> Totals:
        return Totals.of(apply(view, self.events))

    def cells(self, view: ViewState, max_cells: int = MAX_CELLS_PER_LEVEL) -> dict:
        return cell_table(apply(view, self.events), max_cells=max_cells)

    def newest(self, view: ViewState, limit: int) -> pd.DataFrame:
        return table_frame(apply(view, self.events), limit=limit)

    def counts(self, view: ViewState) -> pd.DataFrame:
        shown = apply(replace(view, date_from=None, date_to=None), self.events)
        if shown.empty:
            return no_counts()
        return counts_frame(shown, period_for(shown["event_date"].min(), shown["event_date"].max()))


@dataclass(frozen=True)
class EngineView:
    """The same needs asked of a query engine; only what the view needs comes back."""

    engine: backend.Engine

    def total(self) -> int:
        return query.total(self.engine)

    def totals(self, view: ViewState) -> Totals:
        return query.totals(self.engine, view)

    def cells(self, view: ViewState, max_cells: int = MAX_CELLS_PER_LEVEL) -> dict:
        return query.cell_table(self.engine, view, grid_sizes, max_cells)

    def newest(self, view: ViewState, limit: int) -> pd.DataFrame:
        return table_frame(query.newest(self.engine, view, limit))

    def counts(self, view: ViewState) -> pd.DataFrame:
        return self.timeline(query.undated(view))[1]

    def timeline(self, undated: ViewState) -> tuple[int, pd.DataFrame, str | None]:
        """How many events ``undated`` shows, the timeline's counts for them and their period.

        One scan: the counts per day, from which the span (and so the
        period), the number of events and the counts per week or month follow
        (the counts are the period's whatever the number of events).
        """
        days = query.days_summary(self.engine, undated)
        return (int(days["events"].sum()), *counts_of(days))

    def extent(self) -> pd.DataFrame:
        """Two events' worth of corners: where the map of every event opens (`start_fit`)."""
        count, lats, lons = query.placed_extent(self.engine, ViewState())
        return pd.DataFrame({"latitude": lats, "longitude": lons})

    def event(self, event_id: str) -> pd.DataFrame:
        """The event with every column the source has (no rows when there is none)."""
        return query.event_record(self.engine, event_id)

    def in_view(self, view: ViewState, event_id: str) -> bool:
        """Whether the view shows the event (the map then rings it among the cells)."""
        t = query.shown(view)
        t = t.filter(t.event_id == event_id)
        found = self.engine.execute(t.aggregate(n=t.count()))
        return bool(int(found["n"].iloc[0]))


@dataclass(frozen=True)
class PageData:
    """What the page draws for one view when the engine answers.

    Each part has the shape the pandas path hands the same component:
    ``markers`` is the placed events in view when few enough to draw one
    marker each (else ``cells``, the grid of ``components.map.cells``);
    ``newest`` the table's rows; ``timeline_rows`` the undated view's events
    when the timeline draws each one, else ``counts`` per ``period``;
    ``rows`` every event in view with all its columns when the view was
    small enough to fetch them (the downloads are built from them), else None.
    """

    total: int
    totals: Totals
    line: str
    placed: int
    cells: dict | None
    markers: pd.DataFrame | None
    newest: pd.DataFrame
    timeline_rows: pd.DataFrame | None
    counts: pd.DataFrame
    period: str | None
    rows: pd.DataFrame | None = None


@dataclass(frozen=True)
class Timeline:
    """The timeline of a view without its dates, and the figures per day it was drawn from.

    ``rows`` are its events when few enough to draw one point each, else
    None and ``counts`` per ``period``; ``days`` is query.days_summary's
    frame, from which any window's totals follow (query.window_summary).
    """

    rows: pd.DataFrame | None
    counts: pd.DataFrame
    period: str | None
    days: pd.DataFrame


def timeline_data(
    source: EngineView,
    undated: ViewState,
    days: pd.DataFrame | None = None,
    rows: pd.DataFrame | None = None,
) -> Timeline:
    """The :class:`Timeline` of a view without its dates: one scan (none when the caller
    has its ``days``), and one more for its events when they are few (none when the
    caller has them: ``rows``).

    It depends on the view less its dates, so moving the window (brushing the
    timeline, the date filter) finds it, and the window's totals, worked out.
    """
    if days is None:
        days = query.days_summary(source.engine, undated)
    count = int(days["events"].sum())
    if count > EACH_EVENT_UP_TO:
        counts, period = counts_of(days)
        return Timeline(None, counts, period, days)
    if rows is None:
        rows = query.rows_in_view(source.engine, undated, count)
    return Timeline(rows, no_counts(), None, days)


def counts_of(days: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The timeline's counts and period from query.days_summary's rows (the dated ones)."""
    daily = query.day_counts(days)
    if daily.empty:
        return no_counts(), None
    period = period_for(daily["date"].min(), daily["date"].max())
    return query.regrouped(daily, period), period


def page_data(
    source: EngineView,
    view: ViewState,
    total: int | None = None,
    timeline: Timeline | None = None,
) -> PageData:
    """Every query the view needs, run once; only these small frames come back to Python.

    ``timeline`` is :func:`timeline_data` of the view without its dates, when
    the caller has it: the view's totals then need no query either.
    """
    engine = source.engine
    total = source.total() if total is None else total
    undated = query.undated(view)
    days = timeline.days if timeline is not None else query.days_summary(engine, undated)
    totals, placed, lats, lons = query.window_summary(days, view)
    markers, cells, newest, in_view = None, None, None, None
    if should_aggregate(placed):
        cells = query.cell_table(
            engine, view, grid_sizes, MAX_CELLS_PER_LEVEL, (placed, lats, lons)
        )
    elif totals.shown <= AGGREGATE_ABOVE:
        # Few enough for one fetch: the markers and the table's newest rows are both in it.
        in_view = query.rows_in_view(engine, view, AGGREGATE_ABOVE)
        markers = in_view.dropna(subset=["latitude", "longitude"]).reset_index(drop=True)
        newest = query.newest_of(in_view, MAX_ROWS)
    else:
        markers = query.placed_rows(engine, view, AGGREGATE_ABOVE)
    if timeline is None:
        # Without dates the view is its own undated view: its events may be fetched already.
        timeline = timeline_data(source, undated, days, in_view if undated == view else None)
    return PageData(
        total=total,
        totals=totals,
        line=summary_text(view, total, totals),
        placed=placed,
        cells=cells,
        markers=markers,
        newest=query.newest(engine, view, MAX_ROWS) if newest is None else newest,
        timeline_rows=timeline.rows,
        counts=timeline.counts,
        period=timeline.period,
        rows=in_view,
    )


def cells_layer(
    cells: dict,
    chosen: pd.DataFrame,
    selected: str | None,
    colouring: Colouring | None,
    chains: ScriptJson | None = None,
) -> folium.FeatureGroup:
    """The map's event layer from a cell table worked out by the engine.

    What ``components.map.assembly.event_layer`` builds from a frame too
    large for markers: the cells (in ``colouring``'s keys, see
    :func:`coloured_cells`), and the selected event's own marker when it is
    in view (``chosen``, its row, or no rows); ``chains`` are the reprisal
    arrows' JSON, drawn above them.
    """
    colours = event_markers.marker_colours(colouring)
    group = folium.FeatureGroup(name="Events", control=False)
    table = coloured_cells(cells, colouring)
    group.add_child(EventCells(script_json(table), colours=colours if colouring else None))
    if not chosen.empty:
        chosen_json = encode_layer("markers", chosen, colouring)
        group.add_child(event_markers.EventMarkers(chosen_json, selected, colours))
    if chains is not None:
        group.add_child(EventChains(chains))
    return group


def coloured_cells(cells: dict, colouring: Colouring | None) -> dict:
    """The engine's cells (by side) in the colour keys ``cell_table(…, colouring)`` gives.

    The engine keeps each event's side, so it colours by side only: each side
    is its group's key (``g0``…, in the colouring's order, which for sides is
    :data:`events.sides.SIDES`'), and ``other`` closes the list as in memory.
    """
    if colouring is None:
        return cells
    labels = tuple(SIDES.values())
    if colouring.by != "side" or tuple(colouring.labels) != labels:
        raise ValueError(f"the engine colours cells by side, not by {colouring.by!r}")
    return {**cells, "sides": [f"g{i}" for i in range(len(labels))] + ["other"]}


def summary_text(view: ViewState, total: int, totals: Totals) -> str:
    """The summary line from counts: what ``components.summary.summary_line`` says from frames."""
    line = describe_totals(view, total, totals)
    if totals.unplaced:
        line += f" ({totals.unplaced} not on the map: place unknown)"
    return line


def engine_above(environ: Mapping[str, str] = os.environ) -> int:
    """The switch: $EVENTS_ENGINE_ABOVE when set (a whole number), else :data:`ENGINE_ABOVE`."""
    text = environ.get(ENGINE_ABOVE_ENV, "").strip()
    if not text:
        return ENGINE_ABOVE
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError(
            f"{ENGINE_ABOVE_ENV}={text!r}: expected a whole number of events"
        ) from None
    if value < 0:
        raise ValueError(f"{ENGINE_ABOVE_ENV}={text!r}: expected zero or more events")
    return value


def no_counts() -> pd.DataFrame:
    """The timeline's counts when no event is in view."""
    return pd.DataFrame(columns=["date", "side", "events", "deaths", "event_id"])


def view_data(
    events: pd.DataFrame, folder: Path, engine_above: int = ENGINE_ABOVE
) -> FrameView | EngineView:
    """Pandas for up to ``engine_above`` events; above, the engine over a copy in ``folder``.

    The copy is written once per folder (name it by the events' content key).
    """
    if len(events) <= engine_above:
        return FrameView(events)
    path = Path(folder) / "events.parquet"
    if not path.exists():
        columns.write_parquet(events, path)
    return EngineView(backend.open_source(str(path)))


def named_source(argv: list[str], environ: Mapping[str, str] = os.environ) -> str | None:
    """$EVENTS_SOURCE (a Parquet path or an engine URL), unless ``--events`` names a file."""
    if any(arg == "--events" or arg.startswith("--events=") for arg in argv):
        return None
    return environ.get(backend.SOURCE_ENV, "").strip() or None


def region_order(counts: pd.DataFrame) -> pd.Series:
    """Countries in order of how many events each has, as ``events.region.region_of`` reads them.

    ``region_of`` reads only which countries there are and their order of
    frequency; each appears here once more than the next (ties by name), so
    a hundred million events need a few thousand values, not one per event.
    """
    named = counts.dropna(subset=["country"])
    named = named[named["country"].astype(str).str.strip() != ""]
    ordered = named.sort_values(["n", "country"], ascending=[False, True])["country"].tolist()
    return pd.Series(ordered, dtype=object).repeat(range(len(ordered), 0, -1))
