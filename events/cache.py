"""A columnar copy of a loaded events file, so a restart neither re-parses nor re-geocodes.

Reading, validating and geocoding a million-row CSV takes tens of seconds;
reading the same table back from Parquet takes well under one. An entry is
keyed by the bytes of the events file and of the `sources.csv` beside it
(blake2b) and by `SCHEMA_VERSION`, so editing the file or changing what the
loader produces can never serve a stale table: bump `SCHEMA_VERSION` whenever
the loader's output (columns, dtypes, problems) changes.

An entry is one Parquet file holding the valid events, with the problems,
the count of rejected rows and the sources table in its metadata, written
atomically: a reader sees a whole entry or none. Entries live in
`$EVENTS_CACHE_DIR`, or `events/` under the geo cache folder
(`storage.paths.cache_dir()`); any of them can be deleted at any time.

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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from events.problems import Problem
from storage.atomic import write_bytes_atomic
from storage.paths import cache_dir as geo_cache_dir

SCHEMA_VERSION = 2
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
# Problems with this in their message depend on today's date (an event dated
# in the future); an entry holding one is only valid on the day it was made.
FUTURE_DATE_MARK = "is in the future"
_CHUNK = 1 << 20

log = logging.getLogger(__name__)


@dataclass
class CachedLoad:
    """What loading a file produced, as the dashboard keeps it."""

    events: pd.DataFrame
    sources: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0


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
    sources = Path(path).with_name("sources.csv")
    try:
        _hash_file(Path(path), digest)
        if sources.exists():
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


def entry_path(key: str, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{key}.parquet"


def write(
    key: str, entry: CachedLoad, folder: Path | None = None, today: date | None = None
) -> None:
    """Store `entry` under `key`; a failure to write is logged, not raised: it only costs time."""
    folder = folder or cache_dir()
    today = today or date.today()
    metadata = {
        "schema_version": SCHEMA_VERSION,
        "made_on": today.isoformat(),
        "depends_on_today": any(FUTURE_DATE_MARK in p.message for p in entry.problems),
        "rejected_rows": int(entry.rejected_rows),
        "problems": [dataclasses.asdict(p) for p in entry.problems],
        "sources": _frame_bytes(entry.sources).hex() if entry.sources is not None else None,
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


def read(key: str, folder: Path | None = None, today: date | None = None) -> CachedLoad | None:
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
        metadata = json.loads((table.schema.metadata or {})[METADATA_KEY])
        if metadata["schema_version"] != SCHEMA_VERSION:
            return None
        if metadata["depends_on_today"] and metadata["made_on"] != today.isoformat():
            return None
        sources = metadata["sources"]
        return CachedLoad(
            events=table.to_pandas(),
            sources=_frame_from_bytes(bytes.fromhex(sources)) if sources is not None else None,
            problems=[Problem(**p) for p in metadata["problems"]],
            rejected_rows=int(metadata["rejected_rows"]),
        )
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as error:
        log.warning("events cache: ignoring unreadable entry %s (%s)", path, error)
        return None


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
