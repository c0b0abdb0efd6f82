"""A columnar copy of a loaded events file, so a restart neither re-parses nor re-geocodes.

Reading, validating and geocoding a million-row CSV takes tens of seconds;
reading the same table back from Parquet takes well under one. An entry is
keyed by the bytes of the events file and of the `sources.csv` beside it
(blake2b) and by `SCHEMA_VERSION`, so editing the file or changing what the
loader produces can never serve a stale table: bump `SCHEMA_VERSION` whenever
the loader's output (columns, dtypes, problems) changes.

An entry is one Parquet file holding the valid events, with the problems,
the row numbers of the rejected rows (not their cells), the sources table
and how the file was read in its metadata, written atomically: a reader
sees a whole entry or none. Reading it back gives the loader's own record,
`LoadResult`. Entries live in `$EVENTS_CACHE_DIR`, or `events/` under the
geo cache folder (`storage.paths.cache_dir()`); any of them can be deleted
at any time.

A file too large to hold in memory (components/view_data.py decides) gets
an engine copy beside its entry instead (:func:`write_engine_copy`): the
events as the query engine reads them (events.engine.columns), with the
same report in its metadata, so a restart opens the engine without reading
the events into pandas at all.

Text columns with few distinct values (actors, types, places, countries) are
kept as categories, which holds a million events in a fraction of the memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import os
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from events.load import ROW_COLUMN
from events.problems import Code, Problem
from events.result import LoadResult
from events.sources import sources_beside
from storage.atomic import write_bytes_atomic
from storage.paths import cache_dir as geo_cache_dir

# 3: problems carry a code; entries keep the rejected rows' numbers and how the file was read.
SCHEMA_VERSION = 3
CACHE_ENV = "EVENTS_CACHE_DIR"
# Older entries beyond this many are removed when a new one is written.
KEEP_ENTRIES = 8
METADATA_KEY = b"conflict-map"
# Columns with few distinct values for their length: categories save most memory there.
CATEGORY_COLUMNS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "weapon",
    "actor1",
    "attribution",
    "actor2",
    "country",
    "admin1",
    "location",
    "geo_source",
    "source",
)
# Problems of these kinds depend on today's date (an event dated in the
# future); an entry holding one is only valid on the day it was made.
DEPENDS_ON_TODAY = frozenset({Code.FUTURE_DATE})
# How the loader words that problem, for people reading a cached report; the
# entry is marked by the code above, never by these words.
FUTURE_DATE_MARK = "is in the future"
_CHUNK = 1 << 20

log = logging.getLogger(__name__)

# An entry holds what the loader returned, nothing more or less.
CachedLoad = LoadResult


def cache_dir(environ=os.environ) -> Path:
    """Where entries live: $EVENTS_CACHE_DIR, else `events/` in the project's cache folder."""
    explicit = environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return geo_cache_dir() / "events"


def content_key(path: Path, setup: str = "") -> str | None:
    """The entry name for the events file at `path` (None when it cannot be read).

    It hashes the file, the `sources.csv` beside it when there is one (the
    loader checks source ids against it), `SCHEMA_VERSION` and `setup`, the
    caller's description of anything else that shapes the result (whether
    blank places may be looked up online, for one).
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"schema {SCHEMA_VERSION}\nsetup {setup}\n".encode())
    try:
        _hash_file(Path(path), digest)
        sources = sources_beside(path)
        if sources is not None:
            digest.update(b"\nsources\n")
            _hash_file(sources, digest)
    except OSError as error:
        log.warning("events cache: cannot read %s to key it (%s)", path, error)
        return None
    return digest.hexdigest()


def _hash_file(path: Path, digest) -> None:
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)


def compact(events: pd.DataFrame) -> pd.DataFrame:
    """`events` with its repetitive text columns as categories (values unchanged)."""
    columns = {
        name: events[name].astype("category")
        for name in CATEGORY_COLUMNS
        if name in events.columns and not isinstance(events[name].dtype, pd.CategoricalDtype)
    }
    return events.assign(**columns) if columns else events


def as_entry(table: LoadResult) -> LoadResult:
    """`table` as an entry gives it back: its events compacted, its rejected rows by number.

    A caller that keeps this rather than `table` holds the same thing on a
    cold start as on a warm one, and never a million rejected cells.
    """
    rejected = table.rejected
    if ROW_COLUMN in rejected.columns:
        rejected = rejected[[ROW_COLUMN]].reset_index(drop=True)
    return dataclasses.replace(table, events=compact(table.events), rejected=rejected)


def entry_path(key: str, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{key}.parquet"


ENGINE_SUFFIX = ".engine.parquet"


@dataclasses.dataclass(frozen=True)
class EngineCopy:
    """An engine copy on disk and what the loader reported when it was made."""

    path: Path
    rows: int
    problems: list[Problem]
    rejected_rows: int
    sources: pd.DataFrame | None
    format: str


def engine_copy_path(key: str, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{key}{ENGINE_SUFFIX}"


def write_engine_copy(
    key: str, entry: LoadResult, folder: Path | None = None, today: date | None = None
) -> Path:
    """Write the engine's copy of ``entry``'s events under ``key``, its report in the metadata.

    Unlike :func:`write`, a failure is raised: the caller has no other way to
    serve a table this large.
    """
    from events.engine.columns import write_parquet

    folder = folder or cache_dir()
    today = today or date.today()
    metadata = {
        "schema_version": SCHEMA_VERSION,
        "made_on": today.isoformat(),
        "depends_on_today": any(p.code in DEPENDS_ON_TODAY for p in entry.problems),
        "problems": [dataclasses.asdict(p) for p in entry.problems],
        "rejected_rows": int(entry.rejected_rows),
        "sources": _frame_bytes(entry.sources).hex() if entry.sources is not None else None,
        "format": entry.format,
    }
    path = write_parquet(
        entry.events,
        engine_copy_path(key, folder),
        metadata={METADATA_KEY: json.dumps(metadata).encode()},
    )
    _prune(folder, keep=KEEP_ENTRIES)
    return path


def read_engine_copy(
    key: str, folder: Path | None = None, today: date | None = None
) -> EngineCopy | None:
    """The engine copy stored under ``key`` (its metadata only: no event is read), or None."""
    path = engine_copy_path(key, folder)
    if not path.exists():
        return None
    today = today or date.today()
    try:
        parquet = pq.ParquetFile(path)
        metadata = _current_metadata(parquet.schema_arrow.metadata, today)
        if metadata is None:
            return None
        sources = metadata["sources"]
        return EngineCopy(
            path=path,
            rows=parquet.metadata.num_rows,
            problems=[Problem(**p) for p in metadata["problems"]],
            rejected_rows=int(metadata["rejected_rows"]),
            sources=_frame_from_bytes(bytes.fromhex(sources)) if sources is not None else None,
            format=metadata["format"],
        )
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as error:
        log.warning("events cache: ignoring unreadable engine copy %s (%s)", path, error)
        return None


def write(
    key: str, entry: LoadResult, folder: Path | None = None, today: date | None = None
) -> None:
    """Store `entry` under `key`; a failure to write is logged, not raised: it only costs time."""
    folder = folder or cache_dir()
    today = today or date.today()
    metadata = {
        "schema_version": SCHEMA_VERSION,
        "made_on": today.isoformat(),
        "depends_on_today": any(p.code in DEPENDS_ON_TODAY for p in entry.problems),
        "rejected": _runs(_rejected_row_numbers(entry.rejected)),
        "problems": [dataclasses.asdict(p) for p in entry.problems],
        "sources": _frame_bytes(entry.sources).hex() if entry.sources is not None else None,
        "encoding": entry.encoding,
        "format": entry.format,
        "rows_read": int(entry.rows_read),
        "hxl_row": entry.hxl_row,
    }
    table = pa.Table.from_pandas(entry.events)
    table = table.replace_schema_metadata(
        {**(table.schema.metadata or {}), METADATA_KEY: json.dumps(metadata).encode()}
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    try:
        write_bytes_atomic(entry_path(key, folder), buffer.getvalue())
        _prune(folder, keep=KEEP_ENTRIES)
    except OSError as error:
        log.warning("events cache: could not write %s (%s)", entry_path(key, folder), error)


def read(key: str, folder: Path | None = None, today: date | None = None) -> LoadResult | None:
    """The entry stored under `key`, or None when there is none or it cannot be used.

    An unreadable or foreign entry is logged and treated as missing: the file
    is then loaded from scratch and the entry written again.
    """
    path = entry_path(key, folder)
    if not path.exists():
        return None
    today = today or date.today()
    try:
        table = pq.read_table(path)
        metadata = _current_metadata(table.schema.metadata, today)
        if metadata is None:
            return None
        sources = metadata["sources"]
        return LoadResult(
            events=table.to_pandas(),
            rejected=pd.DataFrame({ROW_COLUMN: _rows_of(metadata["rejected"])}),
            problems=[Problem(**p) for p in metadata["problems"]],
            sources=_frame_from_bytes(bytes.fromhex(sources)) if sources is not None else None,
            encoding=metadata["encoding"],
            format=metadata["format"],
            rows_read=int(metadata["rows_read"]),
            hxl_row=metadata["hxl_row"],
        )
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as error:
        log.warning("events cache: ignoring unreadable entry %s (%s)", path, error)
        return None


def _current_metadata(schema_metadata: dict | None, today: date) -> dict | None:
    """What an entry says of itself, or None when it was written by another schema
    version or on another day while its problems depend on the day (a date "in the future")."""
    metadata = json.loads((schema_metadata or {})[METADATA_KEY])
    if metadata["schema_version"] != SCHEMA_VERSION:
        return None
    if metadata["depends_on_today"] and metadata["made_on"] != today.isoformat():
        return None
    return metadata


def _rejected_row_numbers(rejected: pd.DataFrame) -> np.ndarray:
    if rejected.empty:
        return np.zeros(0, dtype=np.int64)
    return rejected[ROW_COLUMN].to_numpy(dtype=np.int64)


def _runs(rows: np.ndarray) -> list[list[int]]:
    """Row numbers (each row is rejected once) as [first, last] runs of consecutive
    numbers, so a file whose every row was rejected stores one run, not a million numbers."""
    rows = np.unique(rows)
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    return [[int(part[0]), int(part[-1])] for part in np.split(rows, breaks)]


def _rows_of(runs: list[list[int]]) -> np.ndarray:
    parts = [np.arange(first, last + 1, dtype=np.int64) for first, last in runs]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _frame_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()


def _frame_from_bytes(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the `keep` most recently written entries."""
    entries = sorted(folder.glob("*.parquet"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
