"""Open an ACLED export, a UCDP GED file or our own CSV, and validate it as ours.

The route is the simplest one that cannot drift from the loader: read the
file once with the loader's own `read_table` (the fast columnar reader for
a clean file, the careful one for any other), set aside an HXL hashtag row,
tell the format from the header, map the other format's columns onto ours
as text, and run the loader's own validation on the result. Problems carry
the row as the user's spreadsheet numbers it (the hashtag row keeps its
number; nothing shifts) and the column as the user's file names it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from events.formats import DATASET_CREDITS
from events.importers import acled, ucdp
from events.importers.conversion import Conversion, SourceTable
from events.importers.detect import ACLED, AUTO, OURS, UCDP, check_format, detect_format
from events.importers.hxl import drop_hxl_row
from events.load import ROW_COLUMN, validate
from events.result import LoadResult
from events.sources import known_ids, sources_for
from events.table import read_table

__all__ = ["DATASET_CREDITS", "import_file"]

_CONVERTERS = {ACLED: acled.convert, UCDP: ucdp.convert}


def import_file(
    source: Path | str | bytes,
    format: str = AUTO,
    *,
    sources_path: Path | str | None = None,
    today: date | None = None,
) -> LoadResult:
    """Read `source` (a path or the file's bytes) in `format` (`auto` tells it from the header).

    Raises `CsvFileError` when the file cannot be read as a CSV, and
    `UnknownFormatError` when `format` is `auto` and the header matches
    none of the formats, or `format` is not one of them. Every other
    problem is reported in the result, and every valid row is in `events`.
    `sources_path` names a `sources.csv` to check source ids against; for
    our own format, one beside the file is used as `load_events` does.
    """
    wanted = check_format(format)
    table, hxl_row = drop_hxl_row(read_table(source))
    fmt = detect_format(table.header) if wanted == AUTO else wanted
    sources, source_problems = sources_for(source, sources_path, look_beside=fmt == OURS)
    known = known_ids(sources)
    today = today or date.today()

    if fmt == OURS:
        result = validate(table, known, today)
    else:
        conversion = _CONVERTERS[fmt](SourceTable.from_raw(table))
        result = _settle(validate(conversion.text_table(table), known, today), conversion)
    return replace(
        result,
        problems=source_problems + result.problems,
        sources=sources,
        encoding=table.encoding,
        format=fmt,
        rows_read=len(table),
        hxl_row=hxl_row,
    )


def _settle(result: LoadResult, conversion: Conversion) -> LoadResult:
    """Merge what the conversion found into what the loader found.

    The loader's problems are renamed to the source's columns and dropped
    where the conversion already explained the cell; rows the conversion
    could not read move from the events to the rejected rows.
    """
    problems = [
        replace(p, column=conversion.source_column_for(p.column))
        for p in result.problems
        if (p.row, p.column) not in conversion.reported
    ]
    problems += conversion.problems
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    events, rejected = result.events, result.rejected
    if conversion.rejected:
        moving = events[ROW_COLUMN].isin(list(conversion.rejected)).to_numpy()
        if moving.any():
            moved = conversion.rows_of_table(events.loc[moving, ROW_COLUMN])
            rejected = pd.concat([rejected, moved], ignore_index=True)
            rejected = rejected.sort_values(ROW_COLUMN, kind="stable").reset_index(drop=True)
            events = events.loc[~moving].reset_index(drop=True)
    return replace(result, events=events, rejected=rejected, problems=problems)
