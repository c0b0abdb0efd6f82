"""Read a clean CSV file column by column, in C, without a Python object per cell.

The careful reader (`events/csvfile.py`) makes a Python list per row and a
string per cell so it can say where a damaged file went wrong; at a million
rows that costs over ten seconds and gigabytes. Most large files are not
damaged: exports from ACLED, UCDP or our own tools. For those, Arrow's CSV
reader builds the same values straight into columns in about a second.

It is used only when it provably reads the file as the careful reader would:
UTF-8, no NUL bytes, a plain header, every row as wide as the header, no cell
over the careful reader's size limit, and quotes used only as CSV quotes (so
the file cannot end inside a quoted field).
Anything else returns None and `read_table` (events/table.py), the one door
every file comes in by, gives it to the careful reader, with all its
diagnoses. Rows whose every field is blank are skipped but counted, as the
careful reader does, so row numbers match a spreadsheet either way.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from events.csvfile import MAX_COLUMNS, MAX_FIELD_CHARS
from events.problems import Problem

# Arrow parses a block per thread; blocks this size keep two cores busy.
BLOCK_BYTES = 16 << 20
# The quote check looks at the file a slice at a time to bound its memory.
_QUOTE_SCAN_BYTES = 32 << 20
_QUOTE = ord('"')
# What an even-numbered quote may follow: a comma or a line end (it opens a
# field), or a quote (it is the second half of an escaped `""`).
_OPENER_FOLLOWS = np.array([ord(","), ord("\n"), ord("\r"), _QUOTE], dtype=np.uint8)
# A cell of nothing but the characters Python's `str.strip` removes, as the
# careful reader tests a blank row (the last of them is U+3000).
_STRIPPED = [c for c in map(chr, range(0x3001)) if c.isspace()]
_BLANK_CELL = "^[" + "".join(f"\\x{{{ord(c):x}}}" for c in _STRIPPED) + "]*$"
_OTHER_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32's start with these too


@dataclass
class ColumnTable:
    """A clean file's cells as Arrow string columns, one per header field."""

    header: list[str]
    columns: pa.Table
    rows: np.ndarray  # spreadsheet row number of each record (header is row 1)
    encoding: str
    problems: list[Problem] = field(default_factory=list)
    broken_rows: set[int] = field(default_factory=set)


def read_clean_csv(source: Path | str | bytes) -> ColumnTable | None:
    """The file's cells, or None when the file needs the careful reader."""
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError:
            return None  # the careful reader says what is wrong with the path
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
    elif data.startswith(_OTHER_BOMS):
        return None
    header = _plain_header(data)
    if header is None or b"\x00" in data or not _quotes_are_csv_quotes(data):
        return None
    names = [str(i) for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # Large strings are what pandas keeps its text in: no copy to get there.
                column_types=dict.fromkeys(names[:MAX_COLUMNS], pa.large_string()),
                # Columns past the limit are left out (`read_table` says so): never built.
                include_columns=names[:MAX_COLUMNS],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # a row of another width, bytes that are not UTF-8
    if len(data) > MAX_FIELD_CHARS and _longest_field(table) > MAX_FIELD_CHARS:
        return None  # the careful reader reports the row and sets it aside
    rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    blank = _blank_rows(table)
    if blank is not None:
        keep = ~blank
        table = table.filter(pa.array(keep))
        rows = rows[keep]
    return ColumnTable(header, table, rows, encoding)


def _plain_header(data: bytes) -> list[str] | None:
    """The first line's names when it is a header with no quoting to interpret."""
    end = len(data)
    for newline in (b"\n", b"\r"):
        found = data.find(newline, 0, end)
        if found != -1:
            end = found
    line = data[:end]
    if b'"' in line or len(line) > MAX_FIELD_CHARS:
        return None
    try:
        names = line.decode("utf-8").split(",")
    except UnicodeDecodeError:
        return None
    # A line of blanks or bare commas (a spreadsheet's empty first row) is not the header.
    return names if "".join(names).strip() else None


def _quotes_are_csv_quotes(data: bytes) -> bool:
    """Whether every quote opens, closes or escapes a quoted field, and all are closed.

    Counting quotes from the start of the file, the even-numbered ones
    (0, 2, 4 ...) must open a field (after a comma, a line end or the file's
    start) or be the second half of an escaped `""`. Then the count says
    whether a position is inside quotes, and an even total means the file
    does not end inside a quoted field. A quote inside an unquoted field
    (`5"`) breaks the count, so such a file goes to the careful reader.
    """
    total = data.count(b'"')
    if total == 0:
        return True
    if total % 2:
        return False
    view = np.frombuffer(data, dtype=np.uint8)
    seen = 0
    for start in range(0, len(view), _QUOTE_SCAN_BYTES):
        chunk = view[start : start + _QUOTE_SCAN_BYTES]
        positions = np.flatnonzero(chunk == _QUOTE) + start
        if positions.size == 0:
            continue
        # Quotes numbered from the file's start; the even ones must open a field.
        openers = positions[(np.arange(positions.size) + seen) % 2 == 0]
        seen += positions.size
        openers = openers[openers > 0]
        if not np.isin(view[openers - 1], _OPENER_FOLLOWS).all():
            return False
    return True


def _longest_field(table: pa.Table) -> int:
    """The most bytes in one cell (a bound on its characters)."""
    return max((pc.max(pc.binary_length(c)).as_py() or 0 for c in table.columns), default=0)


def _blank_rows(table: pa.Table) -> np.ndarray | None:
    """A mask of rows whose every field is blank (as `str.strip` sees it), or None if none is.

    Rows are checked column by column, keeping only those still blank, so a
    real file's first column (never blank) settles nearly every row at once.
    """
    candidates = np.arange(table.num_rows)
    for column in table.columns:
        if candidates.size == 0:
            return None
        blank = pc.match_substring_regex(column.take(candidates), _BLANK_CELL)
        candidates = candidates[blank.to_numpy(zero_copy_only=False)]
    if candidates.size == 0:
        return None
    mask = np.zeros(table.num_rows, dtype=bool)
    mask[candidates] = True
    return mask
