"""Open an ACLED, UCDP GED or GDELT file or our own CSV, and validate it as ours.

The route is the simplest one that cannot drift from the loader: read the
file once (`reading.open_source`: a CSV with the loader's own two readers,
the fast columnar one for a clean file and the careful one for any other;
a workbook, a JSON answer, a GDELT export or a compressed file told from
its bytes), set aside an HXL hashtag row, tell the format from the header,
map the other format's columns onto ours as text, and run the loader's own
validation on the result. Problems carry
the row as the user's spreadsheet numbers it (the hashtag row keeps its
number; nothing shifts) and the column as the user's file names it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from events.formats import DATASET_CREDITS
from events.importers import acled, gdelt, ucdp
from events.importers.conversion import Conversion, SourceTable
from events.importers.detect import ACLED, AUTO, GDELT, OURS, UCDP, check_format, detect_format
from events.importers.hxl import drop_hxl_row
from events.importers.reading import Progress, open_source
from events.load import ROW_COLUMN, validate
from events.result import LoadResult
from events.sources import known_ids, sources_for

__all__ = ["DATASET_CREDITS", "import_file"]

_CONVERTERS = {ACLED: acled.convert, UCDP: ucdp.convert, GDELT: gdelt.convert}


def import_file(
    source: Path | str | bytes,
    format: str = AUTO,
    *,
    sources_path: Path | str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Read `source` (a path or the file's bytes) in `format` (`auto` tells it from the header).

    Raises `CsvFileError` when the file cannot be read as a CSV, and
    `UnknownFormatError` when `format` is `auto` and the header matches
    none of the formats, or `format` is not one of them. Every other
    problem is reported in the result, and every valid row is in `events`.
    `sources_path` names a `sources.csv` to check source ids against; for
    our own format, one beside the file is used as `load_events` does.
    `progress`, when given, is called with a short text at each stage, so
    a large upload can say what it is doing.
    """
    say = progress or (lambda _: None)
    wanted = check_format(format)
    opened = open_source(source, progress)
    table, hxl_row = drop_hxl_row(opened.table)
    fmt = opened.format or (detect_format(table.header) if wanted == AUTO else wanted)
    if wanted not in (AUTO, fmt):
        fmt = wanted
    rows_read = len(table)
    if fmt == GDELT:
        table = gdelt.in_scope(table)
    sources, source_problems = sources_for(source, sources_path, look_beside=fmt == OURS)
    known = known_ids(sources)
    today = today or date.today()

    say(f"checking {rows_read:,} rows")
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
        rows_read=rows_read,
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
