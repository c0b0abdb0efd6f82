"""What the view needs, asked of an engine: one function per need, small pandas frames back.

Every function builds its expression against the unbound events table
(:func:`events.engine.backend.unbound_table`) and runs it through
:meth:`Engine.execute`, so the same code runs on embedded DuckDB and on Spark
(the tests run both). Results match what the pandas path works out from
``events.filters.apply(view, events)``: the same counts, the same cells, the
same newest rows in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import ibis
import numpy as np
import pandas as pd

from events.engine.backend import Engine, unbound_table
from events.engine.columns import DETAIL_COLUMNS, VIEW_COLUMNS
from events.filters import SIDE_COLUMN, Totals, expression
from events.sides import SIDES
from events.timewindow import HALF_WIDTH_DAYS
from events.view import ViewState, Vocabulary

SIDE_KEYS: tuple[str, ...] = tuple(SIDES)
_EPOCH = pd.Timestamp("1970-01-01")


def shown(view: ViewState):
    """The unbound expression of the events the view shows."""
    return expression(view, unbound_table())


def total(engine: Engine) -> int:
    t = unbound_table()
    return int(engine.execute(t.aggregate(n=t.count()))["n"].iloc[0])


def totals(engine: Engine, view: ViewState) -> Totals:
    """The summary line's figures for the events in view, in one query."""
    t = shown(view)
    return _totals_of(engine.execute(t.aggregate(**_totals_columns(t))).iloc[0])


def _totals_columns(t) -> dict:
    return {
        "shown": t.count(),
        "killed": t.fatalities.sum(),
        "missing": t.fatalities.isnull().sum(),
        "first": t.event_date.min(),
        "last": t.event_date.max(),
        "unplaced": t.latitude.isnull().sum(),
    }


def _totals_of(row) -> Totals:
    count = int(row["shown"])
    if not count:
        return Totals(0)
    return Totals(
        shown=count,
        killed=_int(row["killed"]),
        missing=_int(row["missing"]),
        first=_day(row["first"]),
        last=_day(row["last"]),
        unplaced=_int(row["unplaced"]),
    )


def placed(view: ViewState):
    t = shown(view)
    return t.filter(t.latitude.notnull(), t.longitude.notnull())


def summary(engine: Engine, view: ViewState) -> tuple[Totals, int, np.ndarray, np.ndarray]:
    """The view's totals, how many of its events are placed and their extent: one scan."""
    t = shown(view)
    on_map = t.latitude.notnull() & t.longitude.notnull()
    row = engine.execute(
        t.aggregate(
            **_totals_columns(t),
            placed=on_map.sum(),
            lat0=t.latitude.min(where=on_map),
            lat1=t.latitude.max(where=on_map),
            lon0=t.longitude.min(where=on_map),
            lon1=t.longitude.max(where=on_map),
        )
    ).iloc[0]
    totals = _totals_of(row)
    if not totals.shown:
        return totals, 0, np.zeros(0), np.zeros(0)
    count = _int(row["placed"])
    if not count:
        return totals, 0, np.zeros(0), np.zeros(0)
    lats = np.array([row["lat0"], row["lat1"]], dtype=float)
    lons = np.array([row["lon0"], row["lon1"]], dtype=float)
    return totals, count, lats, lons


def placed_extent(engine: Engine, view: ViewState) -> tuple[int, np.ndarray, np.ndarray]:
    """How many events in view have coordinates, and their latitude and longitude ranges."""
    _, count, lats, lons = summary(engine, view)
    return count, lats, lons


def _cell_keys(t, size: float):
    width = int(math.ceil(360.0 / size)) + 1
    ix = ((t.longitude + 180.0) / size).floor().cast("int64")
    iy = ((t.latitude + 90.0) / size).floor().cast("int64")
    return ix, iy, width


def cell_table(
    engine: Engine,
    view: ViewState,
    grid_sizes: Callable[[np.ndarray, np.ndarray], list[float]],
    max_cells: int,
    extent: tuple[int, np.ndarray, np.ndarray] | None = None,
) -> dict:
    """The placed events in view counted in grid cells, as ``components.map.cells.cell_table``.

    ``grid_sizes`` chooses the cell sides from the events' extent (the map's
    rule, passed in so both paths share it); ``extent`` is
    :func:`placed_extent`'s answer when the caller has it. The counts at the
    finest level kept give every coarser level by sums, as their cells nest
    (each side is the next one's times a power of two, so the sums are exact).
    One scan when the finest level has at most ``max_cells`` cells per side
    (its rows then also tell how many cells each coarser level has); else one
    more per coarser level tried.
    """
    count, lats, lons = extent if extent is not None else placed_extent(engine, view)
    sizes = grid_sizes(lats, lons) if count else []
    if not sizes:
        return {"events": count, "sides": list(SIDE_KEYS), "levels": []}
    t = placed(view)
    # Most views fit at the finest level: one scan gives it, and the coarser levels
    # are its sums. When it has too many cells, the next coarser level is asked.
    cap = max_cells * len(SIDE_KEYS)
    for level in range(len(sizes) - 1, -1, -1):
        finest = sizes[level]
        rows = _cells_at(engine, t, finest, limit=cap + 1 if level else None)
        if len(rows) <= cap or not level:
            break
    keep = _levels_within(rows, sizes[: level + 1], max_cells)
    levels = []
    for size in sizes[:keep]:
        ratio = round(size / finest)
        coarse = rows.assign(
            ix=rows["ix"].astype(np.int64) // ratio, iy=rows["iy"].astype(np.int64) // ratio
        )
        levels.append(_level(coarse, size, int(math.ceil(360.0 / size)) + 1))
    return {"events": count, "sides": list(SIDE_KEYS), "levels": levels}


def _cells_at(engine: Engine, t, size: float, limit: int | None = None) -> pd.DataFrame:
    """Events, deaths and first and last day per cell of side ``size`` and side of the
    conflict (up to ``limit`` rows, in no order)."""
    ix, iy, _ = _cell_keys(t, size)
    grid = t.mutate(ix=ix, iy=iy)
    counted = grid.group_by(["iy", "ix", SIDE_COLUMN]).aggregate(
        n=grid.count(),
        killed=grid.fatalities.sum(),
        first=grid.event_date.min(),
        last=grid.event_date.max(),
    )
    return engine.execute(counted if limit is None else counted.limit(limit))


def _levels_within(rows: pd.DataFrame, sizes: list[float], max_cells: int) -> int:
    """How many levels to draw, from the finest level's ``rows``: the coarsest always,
    then each finer one while it has at most ``max_cells`` cells."""
    keep = 1
    for k in range(1, len(sizes)):
        ratio = round(sizes[k] / sizes[-1])
        width = int(math.ceil(360.0 / sizes[k])) + 1
        keys = (rows["iy"].astype(np.int64) // ratio) * width + rows["ix"].astype(np.int64) // ratio
        if keys.nunique() > max_cells:
            break
        keep = k + 1
    return keep


def _level(rows: pd.DataFrame, size: float, width: int) -> dict:
    rows = rows.assign(
        key=rows["iy"].astype(np.int64) * width + rows["ix"].astype(np.int64),
        side=pd.Categorical(rows[SIDE_COLUMN], categories=SIDE_KEYS).codes,
        killed=pd.to_numeric(rows["killed"]).fillna(0).astype(float),
    )
    cells = rows.groupby("key", sort=True).agg(
        n=("n", "sum"), killed=("killed", "sum"), first=("first", "min"), last=("last", "max")
    )
    by_side = (
        rows.pivot_table(index="key", columns="side", values="n", aggfunc="sum", fill_value=0)
        .reindex(index=cells.index, columns=range(len(SIDE_KEYS)), fill_value=0)
        .to_numpy()
    )
    keys = cells.index.to_numpy(dtype=np.int64)
    return {
        "size": size,
        "ix": (keys % width).tolist(),
        "iy": (keys // width).tolist(),
        "n": cells["n"].astype(np.int64).tolist(),
        "killed": np.rint(cells["killed"].to_numpy(dtype=float)).astype(np.int64).tolist(),
        "side": by_side.argmax(axis=1).tolist(),
        "d0": _days(cells["first"]),
        "d1": _days(cells["last"]),
    }


def _days(dates: pd.Series) -> list[int]:
    stamps = pd.to_datetime(dates)
    return [-1 if pd.isna(d) else int((d - _EPOCH).days) for d in stamps]


def newest(engine: Engine, view: ViewState, limit: int) -> pd.DataFrame:
    """The ``limit`` newest events in view, newest first, ties in file order.

    Two steps, because sorting every event in view with all its columns read
    them all (seconds at a million): first the ``limit``-th newest date, from
    the date column alone; then the rows from that day on, which in a
    date-sorted copy are the last row groups only.
    """
    t = shown(view)
    if limit <= 0:
        return events_frame(engine.execute(t.select(*VIEW_COLUMNS).limit(0)))
    # The oldest of the newest dates (no OFFSET: Spark's Ibis backend mishandles it).
    dates = t.select("event_date").order_by(ibis.desc("event_date")).limit(limit)
    cutoff = engine.execute(dates.aggregate(day=dates.event_date.min(), n=dates.count())).iloc[0]
    if int(cutoff["n"]) == limit and not pd.isna(cutoff["day"]):
        t = t.filter(t.event_date >= pd.Timestamp(cutoff["day"]).to_pydatetime())
    expr = t.order_by([ibis.desc("event_date"), "row"]).limit(limit)
    return events_frame(engine.execute(expr.select(*VIEW_COLUMNS)))


def newest_of(rows: pd.DataFrame, limit: int) -> pd.DataFrame:
    """:func:`newest` of rows already fetched in file order (``rows_in_view``'s): the same rows."""
    # A stable sort keeps the file order of each day's events, as ORDER BY row does.
    picked = rows.sort_values("event_date", ascending=False, kind="stable").head(limit)
    return picked[list(VIEW_COLUMNS)].reset_index(drop=True)


def rows_in_view(engine: Engine, view: ViewState, limit: int) -> pd.DataFrame | None:
    """Every event in view in file order, with every column of ours the source has
    (blank where it has not), or None when there are more than ``limit``."""
    return _records(engine, expression(view, engine.full_table()).order_by("row"), limit)


def placed_rows(engine: Engine, view: ViewState, limit: int) -> pd.DataFrame | None:
    """The placed events in view in file order, with the detail columns the markers draw
    (weapon, place precision), or None when there are more than ``limit``."""
    t = expression(view, engine.full_table())
    t = t.filter(t.latitude.notnull(), t.longitude.notnull())
    return _records(engine, t.order_by("row"), limit)


def _records(engine: Engine, expr, limit: int) -> pd.DataFrame | None:
    """Up to ``limit`` rows of ``expr`` with every column of ours, or None when there are more."""
    names = (*VIEW_COLUMNS, *engine.detail_columns())
    # The matching rows' numbers first, read from the filtered columns alone; then
    # every column of those rows only (reading them all for every candidate took
    # twice as long at ten million events).
    picked = expr.select("row").limit(limit + 1)
    t = engine.full_table()
    frame = engine.execute(t.filter(t.row.isin(picked.row)).order_by("row").select(*names))
    return None if len(frame) > limit else events_frame(frame, {**VIEW_COLUMNS, **DETAIL_COLUMNS})


def event(engine: Engine, event_id: str) -> pd.DataFrame:
    """The event with ``event_id`` (no rows when there is none)."""
    t = unbound_table()
    return events_frame(engine.execute(t.filter(t.event_id == event_id).select(*VIEW_COLUMNS)))


def event_record(engine: Engine, event_id: str) -> pd.DataFrame:
    """The event with ``event_id`` with every column of ours the source holds (the detail
    panel's); the optional detail columns (:data:`columns.DETAIL_COLUMNS`) a source lacks
    come back blank."""
    t = engine.full_table()
    return _records(engine, t.filter(t.event_id == event_id).limit(1), 1)


# Ibis's truncation unit for each of the timeline's periods (weeks from Monday).
_PERIOD_STARTS = {"day": "D", "week": "W", "month": "M"}


def counts_per_period(engine: Engine, view: ViewState, period: str) -> pd.DataFrame:
    """Events and deaths per side per ``period`` ("day", "week" from Monday, "month").

    The same frame as ``components.timeline.counts_frame``: dated at the
    period's start, sides by label, sorted by date then side.
    """
    t = shown(view)
    rows = engine.execute(
        t.group_by(
            date=t.event_date.truncate(_PERIOD_STARTS[period]), side=t[SIDE_COLUMN]
        ).aggregate(events=t.count(), deaths=t.fatalities.sum())
    )
    return _counts_frame(rows)


def _counts_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Counts per period and side key as the timeline takes them: sides by label, blank
    deaths as 0, sorted by date then side, no event id."""
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(rows["date"]).astype("datetime64[us]"),
            "side": rows["side"].map(SIDES).astype(object),
            "events": rows["events"].astype(np.int64),
            "deaths": pd.to_numeric(rows["deaths"]).fillna(0).astype(float),
        }
    )
    rows = rows.sort_values(["date", "side"], kind="stable").reset_index(drop=True)
    rows["event_id"] = None
    return rows


def days_summary(engine: Engine, view: ViewState) -> pd.DataFrame:
    """Per day and side: the timeline's counts and the summary's figures, in one scan.

    Columns: ``date`` (the day; NaT for undated events), ``side`` (its key),
    ``events``, ``deaths``, ``missing``, ``unplaced``, ``placed`` and the
    placed events' ``lat0``/``lat1``/``lon0``/``lon1``. The date filter keeps
    whole days, so any window's totals, placed count and extent are sums and
    extremes of these rows (:func:`window_summary`): moving the window asks
    the engine nothing for them.
    """
    t = shown(view)
    on_map = t.latitude.notnull() & t.longitude.notnull()
    precision = t.time_precision.fill_null(1)
    half = ibis.cases(
        *((precision == code, days) for code, days in HALF_WIDTH_DAYS.items() if days),
        else_=0,
    )
    rows = engine.execute(
        t.group_by(date=t.event_date.truncate("D"), side=t[SIDE_COLUMN], half=half).aggregate(
            events=t.count(),
            deaths=t.fatalities.sum(),
            missing=t.fatalities.isnull().sum(),
            unplaced=t.latitude.isnull().sum(),
            placed=on_map.sum(),
            lat0=t.latitude.min(where=on_map),
            lat1=t.latitude.max(where=on_map),
            lon0=t.longitude.min(where=on_map),
            lon1=t.longitude.max(where=on_map),
        )
    )
    whole = ("events", "missing", "unplaced", "placed")
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(rows["date"]).astype("datetime64[us]"),
            "side": rows["side"].astype(object),
            "half": pd.to_numeric(rows["half"]).astype(np.int64),
            **{name: pd.to_numeric(rows[name]).fillna(0).astype(np.int64) for name in whole},
            "deaths": pd.to_numeric(rows["deaths"]).fillna(0).astype(float),
            **{c: pd.to_numeric(rows[c]).astype(float) for c in ("lat0", "lat1", "lon0", "lon1")},
        }
    )
    return frame.sort_values(["date", "side", "half"], kind="stable").reset_index(drop=True)


def window_summary(
    days: pd.DataFrame, view: ViewState
) -> tuple[Totals, int, np.ndarray, np.ndarray]:
    """:func:`summary`'s answer for ``view``, from :func:`days_summary` of its undated view.

    The date filter's own rule, applied to days: an event's day in the range,
    or with ``date_overlap`` its window (``half`` days either side) overlapping it.
    """
    date_from, date_to = view.date_from, view.date_to
    if date_to is not None and date_to >= date.max:
        date_to = None
    if date_from is not None or date_to is not None:
        half = pd.to_timedelta(days["half"] if view.date_overlap else 0, unit="D")
        dated = days["date"].notna()
        if date_from is not None:
            dated &= days["date"] + half >= pd.Timestamp(date_from)
        if date_to is not None:
            dated &= days["date"] - half <= pd.Timestamp(date_to)
        days = days[dated]
    count = int(days["events"].sum())
    if not count:
        return Totals(0), 0, np.zeros(0), np.zeros(0)
    dates = days.loc[days["events"] > 0, "date"].dropna()
    totals = Totals(
        shown=count,
        killed=int(round(days["deaths"].sum())),
        missing=int(days["missing"].sum()),
        first=_day(dates.min()) if len(dates) else None,
        last=_day(dates.max()) if len(dates) else None,
        unplaced=int(days["unplaced"].sum()),
    )
    placed = int(days["placed"].sum())
    if not placed:
        return totals, 0, np.zeros(0), np.zeros(0)
    lats = np.array([days["lat0"].min(), days["lat1"].max()], dtype=float)
    lons = np.array([days["lon0"].min(), days["lon1"].max()], dtype=float)
    return totals, placed, lats, lons


def day_counts(days: pd.DataFrame) -> pd.DataFrame:
    """:func:`counts_per_period`'s frame by day, from :func:`days_summary`'s rows."""
    rows = days.dropna(subset=["date"])
    return _counts_frame(
        rows.groupby(["date", "side"], as_index=False, sort=False)[["events", "deaths"]].sum()
    )


def regrouped(daily: pd.DataFrame, period: str) -> pd.DataFrame:
    """:func:`counts_per_period`'s frame by day summed into ``period``: the same frame
    that period's own query gives (weeks from Monday, months from the 1st)."""
    if period == "day":
        return daily
    starts = daily["date"].dt.to_period(_PERIOD_STARTS[period]).dt.start_time
    rows = (
        daily.assign(date=starts.astype("datetime64[us]"))
        .groupby(["date", "side"], sort=True)
        .agg(events=("events", "sum"), deaths=("deaths", "sum"))
        .reset_index()
    )
    rows["events"] = rows["events"].astype(np.int64)
    rows["deaths"] = rows["deaths"].astype(float)
    rows["event_id"] = None
    return rows


def vocabulary(engine: Engine) -> Vocabulary:
    """The filter choices: distinct values per column, the sides present, the dates' span.

    Event ids stay in the engine: :class:`EngineIds` asks it whether a
    linked id exists rather than holding a hundred million of them.
    """
    t = unbound_table()
    names = ("actor1", "actor2", "event_type", "sub_event_type", "country", "attribution")
    # One scan for every list: at ten million events each its own took a start a second.
    row = engine.execute(
        t.aggregate(
            **{name: t[name].collect(distinct=True) for name in (*names, SIDE_COLUMN)},
            lo=t.event_date.min(),
            hi=t.event_date.max(),
        )
    ).iloc[0]
    distinct = {
        name: frozenset(v for v in _listed(row[name]) if isinstance(v, str) and v) for name in names
    }
    sides = set(_listed(row[SIDE_COLUMN]))
    span = {"lo": row["lo"], "hi": row["hi"]}
    return Vocabulary(
        actors=_sorted(distinct["actor1"] | distinct["actor2"]),
        event_types=_sorted(distinct["event_type"]),
        sub_event_types=_sorted(distinct["sub_event_type"]),
        countries=_sorted(distinct["country"]),
        attributions=_sorted(distinct["attribution"]),
        sides=tuple(side for side in SIDES if side in sides),
        event_ids=EngineIds(engine),
        date_min=_day(span["lo"]),
        date_max=_day(span["hi"]),
    )


class EngineIds:
    """The event ids of an engine's table, as far as a link needs them: ``id in ids``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __contains__(self, event_id: object) -> bool:
        if not isinstance(event_id, str):
            return False
        return not event(self._engine, event_id).empty

    def case_matches(self, value: str, key) -> tuple[str, ...]:
        """The ids equal to ``value`` once ``key`` (case and outer spaces) is applied to both."""
        wanted = key(value)
        t = unbound_table()
        found = self._engine.execute(
            t.filter(t.event_id.strip().lower() == wanted.lower()).select("event_id").limit(10)
        )["event_id"]
        return tuple(sorted({v for v in found if key(v) == wanted}))

    def __iter__(self):
        raise TypeError("the event ids of an engine are looked up one by one, not listed")


def undated(view: ViewState) -> ViewState:
    return replace(view, date_from=None, date_to=None)


def events_frame(frame: pd.DataFrame, kinds: dict[str, str] = VIEW_COLUMNS) -> pd.DataFrame:
    """Engine rows with the loader's types: dates, nullable integers, text with NaN for blank.

    A column of ``kinds`` that ``frame`` lacks comes back blank.
    """
    out = {}
    for name, kind in kinds.items():
        column = frame[name] if name in frame.columns else pd.Series([None] * len(frame))
        if kind == "timestamp":
            column = pd.to_datetime(column).astype("datetime64[us]")
        elif kind == "int64":
            column = pd.to_numeric(column).astype("Int64")
        elif kind == "float64":
            column = pd.to_numeric(column).astype(float)
        else:
            column = column.astype(object).where(column.notna(), np.nan)
        out[name] = column.reset_index(drop=True)
    return pd.DataFrame(out)


def _listed(values) -> list:
    """An engine's array (a list, a numpy array, or None for no values) as a list."""
    return [] if values is None else list(values)


def _sorted(values) -> tuple[str, ...]:
    return tuple(sorted(set(values), key=lambda v: (v.casefold(), v)))


def _int(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _day(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def counts_by(engine: Engine, column: str) -> pd.DataFrame:
    """How many events have each value of ``column`` (blank included), one row per value."""
    t = unbound_table()
    return engine.execute(t.group_by(t[column].name(column)).aggregate(n=t.count()))


# The detail panel lists at most this many events that answer the one shown.
RELATED_LIMIT = 200


def related_records(engine: Engine, event_id: str) -> pd.DataFrame:
    """The event, the events it responds to and those that respond to it: all the detail
    panel reads (``components.detail.event_detail``), found by the engine, not in memory."""
    from events.load import split_list

    found = event_record(engine, event_id)
    if found.empty or "responds_to" not in engine.detail_columns():
        return found
    t = engine.full_table()
    targets = [i for i in split_list(found["responds_to"].iloc[0]) if i != event_id]
    # A substring match finds the candidates; event_detail keeps the exact ones.
    near = t.responds_to.contains(event_id)
    if targets:
        near = near | t.event_id.isin(targets)
    others = _records(engine, t.filter(near, t.event_id != event_id).order_by("row"), RELATED_LIMIT)
    if others is None:
        others = _records(engine, t.filter(t.event_id.isin(targets or [""])), len(targets) + 1)
    return pd.concat([found, others], ignore_index=True) if others is not None else found


# The reprisal chains are worked out in memory from the linked events alone
# (those that answer another and those answered); past this many they are not.
LINKED_UP_TO = 20_000


def linked_records(engine: Engine, limit: int = LINKED_UP_TO) -> pd.DataFrame | None:
    """Every event that answers another (``responds_to``) and every event answered, with
    all their columns: what the chains are made of, a few among millions. None when the
    source has no ``responds_to`` column or more than ``limit`` such events."""
    from events.load import split_list

    if "responds_to" not in engine.detail_columns():
        return None
    t = engine.full_table()
    answering = _records(engine, t.filter(t.responds_to.strip() != "").order_by("row"), limit)
    if answering is None:
        return None
    targets = sorted({i for cell in answering["responds_to"] for i in split_list(cell)})
    known = set(answering["event_id"].astype(object))
    if all(i in known for i in targets):
        return answering
    # Both kinds again in one query, so they come in file order as in memory.
    either = (t.responds_to.strip() != "") | t.event_id.isin(targets)
    return _records(engine, t.filter(either).order_by("row"), limit)
