"""What the page draws for a view, from pandas in memory or from the query engine, by size.

The bundled data and small files stay in memory: pandas answers a view of
100k events in milliseconds and needs no copy on disk. Above
:data:`ENGINE_ABOVE` events (or when the events come from a source URL) the
engine answers: embedded DuckDB over the date-sorted Parquet copy
(events.engine). Both give the same totals, cells, newest rows and counts per
period for any view (tests/components/test_view_data.py), so the switch is
a matter of memory and speed, never of what the page shows.

Measured (benchmarks/bench_scale.py, 2 cores): at 1M events pandas holds
about 0.3-1.3 GB and answers in 0.3 s, DuckDB over Parquet about 0.35 GB.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from components.map.cells import MAX_CELLS_PER_LEVEL, cell_table, grid_sizes
from components.table import table_frame
from components.timeline import counts_frame, period_for
from events.engine import backend, columns, query
from events.filters import Totals, apply
from events.view import ViewState

# Above this many events the engine answers rather than pandas.
ENGINE_ABOVE = 1_000_000


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
        undated = query.undated(view)
        span = query.totals(self.engine, undated)
        if not span.shown:
            return no_counts()
        period = period_for(pd.Timestamp(span.first), pd.Timestamp(span.last))
        return query.counts_per_period(self.engine, undated, period)


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
