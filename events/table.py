"""One way to open a file: `read_table()` turns any CSV into text columns with row numbers.

Two readers sit behind it. The fast one (`events/cleancsv.py`, Arrow, in C)
takes a file only when it provably reads it as the careful one would: UTF-8,
no NUL bytes, every row as wide as the header, quotes used only as quotes.
Every other file goes to the careful one (`events/csvfile.py`), which names
each damaged row. The loader, the `sources.csv` reader and every importer
call `read_table`, so a clean million-row ACLED export imports at the fast
reader's speed, and a damaged one is diagnosed the same way whichever door
it came in by.

Both readers' results become one `TextTable`: a pandas frame of text with
one column per header field (padded or cut to the header's width), the
spreadsheet row of each record, and, when some record was not as wide as
the header, how wide each one was and what lay beyond the header.

A table keeps at most `MAX_COLUMNS` columns. Every column costs the
validator work and memory, so a small file of a hundred thousand empty
columns would otherwise hold a core for minutes; the columns beyond the
limit are left out with a warning, and the rest of the file is read and
checked as usual.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from events.cleancsv import ColumnTable, read_clean_csv
from events.csvfile import MAX_COLUMNS, RawTable, file_bytes, read_csv_records
from events.problems import WARNING, Code, Problem


@dataclass
class TextTable:
    """A file's cells as text, whichever reader read it."""

    header: list[str]
    # One `str` column per header field, named by position ("0", "1" ...), so
    # repeated or blank names in the header cannot collide.
    cells: pd.DataFrame
    rows: np.ndarray  # spreadsheet row number of each record (header is row 1)
    encoding: str
    problems: list[Problem] = field(default_factory=list)
    # Rows the reader could only partly make out; the validator sets them aside.
    broken_rows: set[int] = field(default_factory=set)
    # Only when some record's width differs from the header's: the number of
    # fields of every record, and the fields beyond the header of each.
    field_counts: np.ndarray | None = None
    extra_fields: list[list[str]] | None = None
    # The header's width in the file, when it had more than `MAX_COLUMNS` columns.
    file_width: int | None = None

    @classmethod
    def of(cls, raw: RawTable | ColumnTable | TextTable) -> TextTable:
        """The same table from either reader's own result, cut to `MAX_COLUMNS` columns."""
        if isinstance(raw, TextTable):
            return raw
        width = len(raw.header)
        kept = min(width, MAX_COLUMNS)
        header = raw.header[:kept]
        problems = raw.problems + ([_too_many_columns(raw.header)] if width > kept else [])
        names = [str(i) for i in range(kept)]
        file_width = width if width > kept else None
        if isinstance(raw, ColumnTable):
            columns = raw.columns.select(range(kept)) if width > kept else raw.columns
            cells = columns.rename_columns(names).to_pandas()
            return cls(
                header, cells, raw.rows, raw.encoding, problems, raw.broken_rows,
                file_width=file_width,
            )  # fmt: skip
        records = raw.records
        counts = np.fromiter((len(r) for r in records), dtype=np.int64, count=len(records))
        uneven = bool((counts != width).any())
        if uneven:
            extras = [r[width:] for r in records]
            records = [r[:kept] if len(r) >= kept else r + [""] * (kept - len(r)) for r in records]
        elif width > kept:
            records = [r[:kept] for r in records]
        cells = pd.DataFrame(records, columns=names, dtype=str)
        if not records:
            cells = pd.DataFrame({name: pd.Series([], dtype=str) for name in names})
        return cls(
            header,
            cells,
            np.asarray(raw.rows, dtype=np.int64),
            raw.encoding,
            problems,
            raw.broken_rows,
            counts if uneven else None,
            extras if uneven else None,
            file_width,
        )

    @property
    def header_width(self) -> int:
        """How many columns the file's header has (some may not have been read)."""
        return self.file_width or len(self.header)

    def __len__(self) -> int:
        return len(self.cells)

    def named(self, names: list[str]) -> pd.DataFrame:
        """The cells under `names`, one per header field (the data is not copied)."""
        return self.cells.set_axis(names, axis=1)

    def wrong_width(self) -> np.ndarray:
        """Positions of the records whose width differs from the header's."""
        if self.field_counts is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.field_counts != self.header_width)

    def record(self, position: int) -> list[str]:
        """One record's fields as the file wrote them (no padding, nothing cut).

        Of a file wider than `MAX_COLUMNS`, only the columns that were read.
        """
        fields = [str(v) for v in self.cells.iloc[position]]
        if self.field_counts is None:
            return fields
        count = int(self.field_counts[position])
        return fields[:count] if count <= len(fields) else fields + self.extra_fields[position]

    def without_first_record(self) -> TextTable:
        """The table less its first record; the others keep their row numbers."""
        return replace(
            self,
            cells=self.cells.iloc[1:].reset_index(drop=True),
            rows=self.rows[1:],
            field_counts=None if self.field_counts is None else self.field_counts[1:],
            extra_fields=None if self.extra_fields is None else self.extra_fields[1:],
        )


def _too_many_columns(header: list[str]) -> Problem:
    first_left_out = header[MAX_COLUMNS].strip() or "(no name)"
    return Problem(
        1,
        None,
        f"{len(header):,} columns",
        f"the file has {len(header):,} columns; only the first {MAX_COLUMNS:,} are read, "
        f"from column {MAX_COLUMNS + 1:,} ({first_left_out[:40]!r}) on they are left out",
        WARNING,
        code=Code.TOO_MANY_COLUMNS,
    )


def read_table(source: Path | str | bytes) -> TextTable:
    """Read `source` (a path or the file's bytes) with the fast reader when it may, else carefully.

    Raises `CsvFileError` only when the file cannot be read as a CSV at all.
    """
    data, name = file_bytes(source)
    return TextTable.of(read_clean_csv(data) or read_csv_records(data, name=name))
