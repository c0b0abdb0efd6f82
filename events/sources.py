"""The sources table (`sources.csv`): one row per report, named by the events' `source` ids.

An events file in our layout may have a `sources.csv` in the same folder;
the loader checks source ids against it, the importer does the same for
our own format, and the events cache keys an entry on both files. Where
that file is looked for is decided here, once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from events import schema
from events.problems import ERROR, Code, Problem
from events.table import read_table

SOURCES_NAME = "sources.csv"


def sources_beside(events_file: Path | str | bytes) -> Path | None:
    """The `sources.csv` in the events file's folder, or None (always None for a file's bytes)."""
    if isinstance(events_file, bytes):
        return None
    candidate = Path(events_file).with_name(SOURCES_NAME)
    return candidate if candidate.exists() else None


def sources_for(
    events_file: Path | str | bytes,
    sources_path: Path | str | None = None,
    look_beside: bool = True,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The sources table named by `sources_path`, else the one beside `events_file`.

    (None, []) when there is none: source ids are then only checked for presence.
    """
    if sources_path is None and look_beside:
        sources_path = sources_beside(events_file)
    return load_sources(sources_path) if sources_path else (None, [])


def known_ids(sources: pd.DataFrame | None) -> set[str] | None:
    return set(sources["source_id"]) if sources is not None else None


def load_sources(path: Path | str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read `sources.csv`: one row per report, ids referenced by events."""
    text = read_table(path)
    where = Path(path).name
    problems = [replace(p, message=f"{where}: {p.message}") for p in text.problems]
    header = [h.strip() for h in text.header]
    for column in schema.SOURCE_REQUIRED:
        if column not in header:
            problems.append(
                Problem(
                    1,
                    column,
                    "",
                    f"{where}: required column is missing",
                    ERROR,
                    code=Code.MISSING_COLUMN,
                )
            )
    width = len(header)
    table = text.named(header)
    for column in schema.SOURCE_COLUMNS:
        if column not in table:
            table[column] = ""
    counts = text.field_counts
    rows = [int(row) for row in text.rows]
    seen: dict[str, int] = {}
    for position, (row, source_id) in enumerate(zip(rows, table["source_id"], strict=True)):
        if counts is not None and counts[position] != width:
            problems.append(
                Problem(
                    row,
                    None,
                    "",
                    f"{where}: row has {counts[position]} fields, header {width}",
                    code=Code.WRONG_WIDTH,
                )
            )
        if not source_id.strip():
            problems.append(
                Problem(
                    row,
                    "source_id",
                    "",
                    f"{where}: source_id is blank",
                    code=Code.REQUIRED_BLANK,
                )
            )
        elif source_id in seen:
            problems.append(
                Problem(
                    row,
                    "source_id",
                    source_id,
                    f"{where}: duplicate source_id (first on row {seen[source_id]})",
                    code=Code.DUPLICATE_ID,
                )
            )
        else:
            seen[source_id] = row
    for row, url in zip(rows, table["url"], strict=True):
        if url and not url.lower().startswith(("http://", "https://")):
            problems.append(
                Problem(
                    row,
                    "url",
                    url,
                    f"{where}: a url must start with http:// or https://",
                    code=Code.BAD_URL,
                )
            )
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return table, problems
