"""`python -m events export-parquet FILE -o OUT`: an events file in, the engine's Parquet copy out.

The file is read as the dashboard reads it (our CSV, an ACLED export, a UCDP
GED file or a GDELT export, told from its header), and its valid events are
written date-sorted with the engine's precomputed columns
(:mod:`events.engine.columns`). ``OUT`` ending in ``.parquet`` is a file;
otherwise it is a folder and the file is written into it as
``<name>.parquet``, so several exports (ACLED, UCDP, GDELT by year) in one
folder make one events source: ``EVENTS_SOURCE=OUT``, or copy the folder to
``s3://`` or load it into a server engine's table ``events``.

Exit 0 when events were written, 1 when none were valid, 2 when the file
could not be read or the output not written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from events.engine.columns import write_parquet
from events.importers.cli import import_or_say_why


def run_export(
    path: Path, format: str, output: Path, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    result = import_or_say_why(path, format, err)
    if result is None:
        return 2
    events = result.events
    if events.empty:
        print(
            f"error: {path}: no valid events to export ({len(result.problems)} problems)", file=err
        )
        return 1
    target = output if output.suffix == ".parquet" else output / f"{Path(path).stem}.parquet"
    try:
        write_parquet(events, target)
    except OSError as error:
        print(f"error: cannot write {target}: {error}", file=err)
        return 2
    unplaced = int(events["latitude"].isna().sum())
    print(
        f"{path}: {len(events):,} events written to {target}"
        f" ({result.rejected_rows:,} rows left out, {unplaced:,} without coordinates;"
        " `python -m events check` lists the problems)",
        file=out,
    )
    return 0
