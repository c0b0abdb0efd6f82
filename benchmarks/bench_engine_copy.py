"""DuckDB over Parquet read in place against DuckDB's own copy of the same files.

For each size, generated events (benchmarks/engine_scale.py) are opened both
ways (events.engine.backend.parquet_engine with and without ``copy``), and
the page's builder (components.view_data.page_data) answers the same views:
every event, and the filter of bench_scale.py (three years, three actors,
three countries), each starting a day later each run so no answer is reused. Prints the
copy's build time and size, then medians of ``--runs`` per view and way.

    .venv/bin/python benchmarks/bench_engine_copy.py [--sizes 1000000 10000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


# "Every event" starts at the generated data's first day (a day later each run).
FIRST = date(2017, 1, 1)


def measure(folder: Path, runs: int, copies: Path) -> dict:
    from benchmarks.engine_scale import FILTERED
    from components.view_data import EngineView, page_data
    from events.engine import backend, native
    from events.view import ViewState

    started = time.perf_counter()
    database = native.copy_of(folder, copies, backend.DUCKDB_MEMORY_LIMIT, backend.DUCKDB_THREADS)
    built = time.perf_counter() - started
    found = {"copy_s": built, "copy_mb": database.stat().st_size / 1e6}
    for way, engine in (
        ("parquet", backend.parquet_engine(folder, copy=False)),
        ("copy", backend.open_source(f"duckdb://{database}")),
    ):
        source = EngineView(engine)
        page_data(source, ViewState())  # the first query of a connection opens its files
        for name, base in (("all", ViewState(date_from=FIRST)), ("filter", ViewState(**FILTERED))):
            times = []
            for k in range(runs):
                moved = replace(base, date_from=base.date_from + timedelta(days=k + 1))
                started = time.perf_counter()
                page_data(source, moved)
                times.append(time.perf_counter() - started)
            found[f"{way}_{name}_s"] = statistics.median(times)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate the events here and keep them")
    args = parser.parse_args()
    from benchmarks import engine_scale

    rows = []
    for size in args.sizes:
        base = args.keep or Path(tempfile.mkdtemp(prefix="bench-copy-"))
        folder = base / f"events-{size}"
        if not folder.exists():
            engine_scale.write_events(size, folder)
        with tempfile.TemporaryDirectory(prefix="bench-copy-copies-") as copies:
            rows.append({"events": size, **measure(folder, args.runs, Path(copies))})
    print(
        f"{'events':>11} {'copy s':>7} {'copy MB':>8} | {'every event: parquet':>20} "
        f"{'copy':>6} | {'filter: parquet':>15} {'copy':>6}"
    )
    for r in rows:
        print(
            f"{r['events']:>11,} {r['copy_s']:>7.1f} {r['copy_mb']:>8.0f} | "
            f"{r['parquet_all_s']:>20.3f} {r['copy_all_s']:>6.3f} | "
            f"{r['parquet_filter_s']:>15.3f} {r['copy_filter_s']:>6.3f}"
        )
    print(
        "seconds for every query of one view (components.view_data.page_data: totals, cells or "
        f"markers, newest rows, timeline), medians of {args.runs}; copy s = making DuckDB's copy"
    )


if __name__ == "__main__":
    main()
