"""Open an ACLED export, a UCDP GED file or our own CSV, and validate it as ours.

The route is the simplest one that cannot drift from the loader: read the
file once (any encoding, embedded newlines), set aside an HXL hashtag row,
tell the format from the header, map the other format's columns onto ours
as text, and run the loader's own validation on the result. Problems carry
the row as the user's spreadsheet numbers it (the hashtag row keeps its
number; nothing shifts) and the column as the user's file names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from events.csvfile import read_csv_records
from events.importers import acled, ucdp
from events.importers.conversion import Conversion, SourceTable
from events.importers.detect import ACLED, AUTO, OURS, UCDP, check_format, detect_format
from events.importers.hxl import drop_hxl_row
from events.load import ROW_COLUMN, LoadResult, load_sources, validate
from events.problems import Problem

# How each dataset asks to be credited; the export citation line names it.
DATASET_CREDITS = {
    ACLED: "ACLED, Armed Conflict Location & Event Data Project (acleddata.com)",
    UCDP: "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program (ucdp.uu.se)",
}
_CONVERTERS = {ACLED: acled.convert, UCDP: ucdp.convert}


@dataclass
class ImportResult(LoadResult):
    """A LoadResult (valid typed events, rejected rows, problems) and how the file was read.

    `format` is `ours`, `acled` or `ucdp`; `rows_read` counts the data rows
    (not the header, a hashtag row or blank lines); `hxl_row` is the row of
    the HXL hashtag row that was set aside, if there was one.
    """

    format: str = OURS
    rows_read: int = 0
    hxl_row: int | None = None

    @property
    def credit(self) -> str | None:
        """How the dataset the file came from asks to be cited, or None for our own files."""
        return DATASET_CREDITS.get(self.format)


def import_file(
    source: Path | str | bytes,
    format: str = AUTO,
    *,
    sources_path: Path | str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Read `source` (a path or the file's bytes) in `format` (`auto` tells it from the header).

    Raises `CsvFileError` when the file cannot be read as a CSV, and
    `UnknownFormatError` when `format` is `auto` and the header matches
    none of the formats, or `format` is not one of them. Every other
    problem is reported in the result, and every valid row is in `events`.
    `sources_path` names a `sources.csv` to check source ids against; for
    our own format, one beside the file is used as `load_events` does.
    """
    wanted = check_format(format)
    raw, hxl_row = drop_hxl_row(read_csv_records(source))
    fmt = detect_format(raw.header) if wanted == AUTO else wanted
    if sources_path is None and fmt == OURS and not isinstance(source, bytes):
        beside = Path(source).with_name("sources.csv")
        sources_path = beside if beside.exists() else None
    sources, source_problems = load_sources(sources_path) if sources_path else (None, [])
    known = set(sources["source_id"]) if sources is not None else None
    today = today or date.today()

    if fmt == OURS:
        result = validate(raw, known, today)
    else:
        conversion = _CONVERTERS[fmt](SourceTable.from_raw(raw))
        table = conversion.raw_table(raw)
        result = _settle(validate(table, known, today), conversion)
    return ImportResult(
        events=result.events,
        rejected=result.rejected,
        problems=source_problems + result.problems,
        sources=sources,
        encoding=raw.encoding,
        format=fmt,
        rows_read=len(raw.records),
        hxl_row=hxl_row,
    )


def _settle(result: LoadResult, conversion: Conversion) -> LoadResult:
    """Merge what the conversion found into what the loader found.

    The loader's problems are renamed to the source's columns and dropped
    where the conversion already explained the cell; rows the conversion
    could not read move from the events to the rejected rows.
    """
    problems = [
        Problem(p.row, conversion.source_column_for(p.column), p.value, p.message, p.severity)
        for p in result.problems
        if (p.row, p.column) not in conversion.reported
    ]
    problems += conversion.problems
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    events, rejected = result.events, result.rejected
    if conversion.rejected:
        moving = events[ROW_COLUMN].isin(list(conversion.rejected)).to_numpy()
        if moving.any():
            table = conversion.table_frame()
            moved = table.loc[table[ROW_COLUMN].isin(events.loc[moving, ROW_COLUMN])]
            rejected = pd.concat([rejected, moved], ignore_index=True)
            rejected = rejected.sort_values(ROW_COLUMN, kind="stable").reset_index(drop=True)
            events = events.loc[~moving].reset_index(drop=True)
    return LoadResult(events, rejected, problems, encoding=result.encoding)
