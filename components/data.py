"""Which events file the dashboard opens, loaded once and shared by reruns.

`streamlit run app.py -- --events PATH` or the `EVENTS_CSV` environment
variable open another file in our schema; the bundled data is the default.
Loading, validation and geocoding of blank coordinates run once per file
version (path, size, modification time), not on every click, and once per
file content across restarts (events/cache.py keeps the result as Parquet).

What was loaded is the loader's own record (`events.LoadResult`); a `Dataset`
adds only what the dashboard needs around it: which file, which version of
it, the name shared links give it, and why nothing could be read, if so.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from events import Code, EventsError, LoadResult, Problem, load_events
from events import cache as events_cache
from events.place import place_events
from events.view import Vocabulary

BUNDLED_EVENTS = Path(__file__).resolve().parent.parent / "data" / "events.csv"
EVENTS_ENV = "EVENTS_CSV"
# Places left unplaced because online lookups were given up for this load may
# be found next time, so such a result is not written to the events cache.
INCOMPLETE_PLACING = frozenset({Code.GEOCODE_OFFLINE_ONLY, Code.GEOCODE_NOT_TRIED})


@dataclass(frozen=True)
class Dataset:
    """A loaded table as the dashboard holds it: the table and where it came from."""

    path: str
    table: LoadResult = field(default_factory=lambda: LoadResult(pd.DataFrame()))
    fatal: str | None = None  # why nothing could be read at all
    version: tuple[int, int] = (0, 0)  # size and modification time of the file read
    # How shared links name this data set: "" for the file the server opened,
    # "upload-<hash>" for an uploaded file (see components/upload.py). Part of
    # every shared cache's key, so it holds the content's whole SHA-256.
    key: str = ""

    @property
    def events(self) -> pd.DataFrame:
        return self.table.events

    @property
    def sources(self) -> pd.DataFrame | None:
        return self.table.sources

    @property
    def problems(self) -> list[Problem]:
        return self.table.problems

    @property
    def rejected_rows(self) -> int:
        return self.table.rejected_rows

    @property
    def format(self) -> str:
        return self.table.format


def events_path(argv: list[str] | None = None, environ=os.environ) -> Path:
    """The file to open: `--events` first, then $EVENTS_CSV, then the bundled data."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--events", type=Path)
    args, _ = parser.parse_known_args(argv)
    if args.events:
        return args.events
    if environ.get(EVENTS_ENV):
        return Path(environ[EVENTS_ENV])
    return BUNDLED_EVENTS


def _file_version(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_size, stat.st_mtime_ns)


def load_dataset(path: Path) -> Dataset:
    return _load_dataset(str(path), _file_version(path))


# A resource, not data: every rerun of every session gets the same object rather
# than a copy (unpickling a million events took 20 ms and 175 MB a rerun).
# Nothing may change it in place; pandas' copy-on-write keeps derived frames apart.
@st.cache_resource(show_spinner="Loading and checking events…", max_entries=8)
def _load_dataset(path: str, version: tuple[int, int]) -> Dataset:
    key = events_cache.content_key(Path(path), setup=_placing_setup())
    cached = events_cache.read(key) if key else None
    if cached is not None:
        return Dataset(path, cached, version=version)
    try:
        result = load_events(path)
    except EventsError as error:
        return Dataset(path, fatal=str(error), version=version)
    if result.events.empty:
        result = as_other_format(path, result)
    table, placing = placed(result)
    table = events_cache.as_entry(table)
    if key and not any(p.code in INCOMPLETE_PLACING for p in placing):
        events_cache.write(key, table)
    return Dataset(path, table, version=version)


def as_other_format(path: str | Path, ours: LoadResult) -> LoadResult:
    """An ACLED, UCDP or GDELT file named where our CSV is expected (`--events`,
    `EVENTS_CSV`), imported as its upload would be, rather than shown as no events
    with every row refused; `ours` (the loader's own reading) when it is in no
    other format either."""
    from events.importers import import_file
    from events.importers.detect import OURS

    try:
        imported = import_file(path)
    except EventsError:
        return ours
    return ours if imported.format == OURS else imported


def _placing_setup() -> str:
    """What besides the file decides where blank places land, for the events cache key.

    Online lookups on or off, and the version of the bundled gazetteer: a
    corrected gazetteer must not leave old placements in a cached result.
    """
    from geo.chain import online_enabled_by_env
    from geo.gazetteer import DEFAULT_PATH

    online = "online" if online_enabled_by_env() else "offline"
    return f"{online} gazetteer {_file_version(DEFAULT_PATH)}"


def placed(table: LoadResult) -> tuple[LoadResult, list[Problem]]:
    """`table` with its blank places geocoded and what that found added to its problems;
    the problems of placing are also returned on their own."""
    events, placing = place_missing(table.events)
    return replace(table, events=events, problems=table.problems + placing), placing


def place_missing(events: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Geocode the events that have no coordinates, with the default (offline) chain."""
    if not events[["latitude", "longitude"]].isna().to_numpy().any():
        return events, []
    # Only a file with blank coordinates pays for loading the geocoders.
    from geo import default_chain

    return place_events(events, default_chain())


def vocabulary(dataset: Dataset) -> Vocabulary:
    """The filter choices of a data set, worked out once per version (0.35 s at 1M events).

    Shared, not copied: copying its million event ids took 0.1 s a rerun.
    """
    return _vocabulary((dataset.key, dataset.path, dataset.version), dataset.events)


@st.cache_resource(max_entries=8, show_spinner=False)
def _vocabulary(key: tuple, _events: pd.DataFrame) -> Vocabulary:
    return Vocabulary.from_events(_events)
