"""The engine's copy of the events: the view's columns, plus what Python alone can work out.

An engine cannot call :func:`textfold.fold_text` or :func:`events.sides.side_of`,
so their answers are columns, computed once per distinct value when the copy
is made: ``actor1_side`` and ``<column>_folded`` for each text column the
search looks in. ``row`` is the event's position in the file it came from,
which breaks ties between events of one day the way the pandas path does.

The copy is written sorted by ``event_date`` in row groups of
:data:`ROW_GROUP` rows: a date filter then reads only the row groups whose
date range it overlaps (a shuffled file measured 2.6-3x slower in DuckDB).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from events.filters import SIDE_COLUMN, TEXT_COLUMNS, folded_column
from events.sides import side_of
from textfold import fold_text

# Rows per Parquet row group: DuckDB's own row group size. A date filter skips
# the groups outside its window, and each group is a unit of parallel work (a
# million-row file in one group was scanned by one thread: 0.89 s for the
# whole view at 1M events against 0.65 s in groups of 100k).
ROW_GROUP = 122_880
TEXT = ("event_type", "sub_event_type", "actor1", "attribution", "actor2", "country")
# The columns the view reads, in our schema's names, with their engine types.
VIEW_COLUMNS: dict[str, str] = {
    "event_id": "string",
    "event_date": "timestamp",
    # The date filter's overlap rule and the timeline's spans read it.
    "time_precision": "int64",
    **{name: "string" for name in TEXT},
    "admin1": "string",
    "location": "string",
    "notes": "string",
    "latitude": "float64",
    "longitude": "float64",
    "fatalities": "int64",
    "wounded": "int64",
}
DERIVED_COLUMNS: dict[str, str] = {
    SIDE_COLUMN: "string",
    **{folded_column(name): "string" for name in TEXT_COLUMNS},
    "row": "int64",
}
ENGINE_SCHEMA: dict[str, str] = {**VIEW_COLUMNS, **DERIVED_COLUMNS}
# The rest of our schema: no query reads them, the detail panel shows them for
# one event. Written when the events have them; a source without them still opens.
DETAIL_COLUMNS: dict[str, str] = {
    "weapon": "string",
    "operation": "string",
    "responds_to": "string",
    "geo_precision": "int64",
    "geo_source": "string",
    "fatalities_low": "int64",
    "fatalities_high": "int64",
    "wounded_low": "int64",
    "wounded_high": "int64",
    "source": "string",
}
TABLE_NAME = "events"

_ARROW_TYPES = {
    "string": pa.string(),
    "timestamp": pa.timestamp("us"),
    "float64": pa.float64(),
    "int64": pa.int64(),
}
ARROW_SCHEMA = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in ENGINE_SCHEMA.items()])


def engine_frame(events: pd.DataFrame, first_row: int = 0) -> pd.DataFrame:
    """``events`` (as the loader gives them) with the engine's columns, in file order.

    Columns the file lacks are blank; sides and folds are worked out once per
    distinct value, so a million events with a few hundred names cost little.
    """
    n = len(events)
    out = {}
    details = {name: kind for name, kind in DETAIL_COLUMNS.items() if name in events.columns}
    for name, kind in {**VIEW_COLUMNS, **details}.items():
        if name in events.columns:
            column = events[name]
        else:
            column = pd.Series([None] * n, index=events.index, dtype=object)
        out[name] = typed(column, kind).reset_index(drop=True)
    frame = pd.DataFrame(out)
    frame[SIDE_COLUMN] = _per_distinct(frame["actor1"], side_of, blank=side_of(None))
    for name in TEXT_COLUMNS:
        frame[folded_column(name)] = _per_distinct(frame[name], fold_text, blank=None)
    frame["row"] = np.arange(first_row, first_row + n, dtype=np.int64)
    return frame


def typed(column: pd.Series, kind: str) -> pd.Series:
    """``column`` as the engine stores a column of ``kind`` (blanks as None or NA)."""
    if kind == "string":
        return column.astype(object).where(column.notna(), None)
    if kind == "timestamp":
        return pd.to_datetime(column).astype("datetime64[us]")
    if kind == "int64":
        return pd.to_numeric(column).astype("Int64")
    return pd.to_numeric(column).astype(float)


def _per_distinct(column: pd.Series, work, blank) -> pd.Series:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    answers = np.array([work(v) for v in uniques] + [blank], dtype=object)
    return pd.Series(answers[codes], index=column.index, dtype=object)


def as_arrow(frame: pd.DataFrame) -> pa.Table:
    """An engine frame as an Arrow table of :data:`ARROW_SCHEMA` and the detail columns it has."""
    details = [name for name in DETAIL_COLUMNS if name in frame.columns]
    schema = pa.schema(
        [*ARROW_SCHEMA, *((name, _ARROW_TYPES[DETAIL_COLUMNS[name]]) for name in details)]
    )
    return pa.Table.from_pandas(
        frame[[*ENGINE_SCHEMA, *details]], schema=schema, preserve_index=False
    )


def write_parquet(
    events: pd.DataFrame,
    path: Path,
    row_group: int = ROW_GROUP,
    metadata: dict[bytes, bytes] | None = None,
) -> Path:
    """Write the engine's copy of ``events`` to ``path``, sorted by date (ties in file order).

    ``metadata`` goes into the file's schema metadata (the events cache keeps
    what the loader reported there).
    """
    frame = engine_frame(events).sort_values(["event_date", "row"], kind="stable")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    table = as_arrow(frame)
    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    pq.write_table(table, temporary, row_group_size=row_group, compression="zstd")
    temporary.replace(path)
    return path


def write_parquet_chunks(
    chunks: Iterable[pd.DataFrame], folder: Path, row_group: int = ROW_GROUP
) -> list[Path]:
    """Write engine frames chunk by chunk into ``folder``, one file per chunk.

    For tables too large to sort in memory: each chunk should cover its own
    span of dates (as a generator or a date-ordered export does), so that the
    files, read in name order, stay sorted and row groups stay skippable.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, first_row = [], 0
    for number, chunk in enumerate(chunks):
        frame = engine_frame(chunk, first_row=first_row)
        frame = frame.sort_values(["event_date", "row"], kind="stable")
        first_row += len(chunk)
        path = folder / f"part-{number:05d}.parquet"
        pq.write_table(as_arrow(frame), path, row_group_size=row_group, compression="zstd")
        paths.append(path)
    return paths
