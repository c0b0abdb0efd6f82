"""`python -m events import FILE -o OUT.csv`: an ACLED or UCDP file in, our event table out.

Prints how many rows were read and imported and every problem as a table
(row, column, value, why). Exits 0 when at least one event was imported,
even with problems, since the valid rows are written and the table says
what was left out; 1 when no row could be imported; 2 when the file cannot
be read at all, its format cannot be told, or the output cannot be written.
The output is replaced atomically: a reader sees the old file or the new one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from events.errors import EventsError
from events.export.csvfiles import events_csv
from events.formats import FORMAT_NAMES
from events.importers.importer import import_file
from events.problems import format_table
from events.result import LoadResult
from storage.atomic import write_bytes_atomic


def import_or_say_why(path: Path, format: str, err: TextIO) -> LoadResult | None:
    """The file imported, or None once `err` has the one line that says why it cannot be."""
    try:
        return import_file(path, format)
    except EventsError as error:
        print(f"error: {error}", file=err)
        return None


def run_import(
    path: Path, format: str, output: Path, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Import `path`, write our CSV to `output`, report on `out`/`err` (default stdout/stderr)."""
    out = out or sys.stdout
    err = err or sys.stderr
    result = import_or_say_why(path, format, err)
    if result is None:
        return 2
    if result.problems:
        print(format_table(result.problems), file=out)
        print(file=out)
    hxl = f" (HXL hashtag row {result.hxl_row} set aside)" if result.hxl_row else ""
    print(
        f"{path}: {FORMAT_NAMES[result.format]}{hxl}; {result.rows_read} rows read, "
        f"{len(result.events)} imported, {len(result.rejected)} rejected; "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings",
        file=out,
    )
    if result.events.empty:
        print(f"nothing could be imported; {output} was not written", file=err)
        return 1
    try:
        write_bytes_atomic(output, events_csv(result.events, neutralise_formulas=False))
    except OSError as error:
        print(f"error: cannot write {output}: {error.strerror or error}", file=err)
        return 2
    print(f"wrote {len(result.events)} events in our schema to {output}", file=out)
    return 0
