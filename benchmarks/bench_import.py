"""Time importing ACLED-layout files of growing size, and exporting the result.

The files are generated events (`benchmarks/synthetic.py`) written in ACLED's
31-column layout by our own exporter, once with ISO dates (ACLED's current
exports) and once with `21 March 2020` dates (its older full exports), so
the date parser does real work. Each size prints the median time of several
runs of `import_file` on the file's path (read, detect, map, validate every
column, type the result) and the peak memory the import added to the
process (its peak resident memory less what it held before the import),
and the CPU time it took (user and system, all threads), which a machine
shared with other work inflates far less than the wall-clock time.
Every run is a fresh process, so one run's high-water mark cannot hide the
next one's. A second table times the exports of the
imported events.

    python benchmarks/bench_import.py
    python benchmarks/bench_import.py --sizes 100000 1000000 --runs 3 --no-exports
    python benchmarks/bench_import.py --sizes 1000000 --with-load  # and load_events, ours

`--with-load` adds a row per size for `load_events` on the same events in
our own layout, the loader's speed an import of a clean file should match.
`--no-ids` adds a row per size for the same ACLED file without its id
columns, whose ids are then made from each row's content.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks.synthetic import generate  # noqa: E402
from events import load_events  # noqa: E402
from events.export import acled_csv, events_csv, geojson_bytes  # noqa: E402
from events.importers import import_file  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
RUNS = 5
TODAY = date(2030, 1, 1)


def acled_file(n: int, long_dates: bool) -> bytes:
    """`n` synthetic events in ACLED's layout, as the bytes of a CSV file."""
    buffer = io.StringIO()
    generate(n).to_csv(buffer, index=False)
    events = load_events(buffer.getvalue().encode("utf-8"), today=TODAY).events
    if not long_dates:
        return acled_csv(events, extra_columns=False)
    frame = pd.read_csv(io.BytesIO(acled_csv(events, extra_columns=False)), dtype=str)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.strftime("%d %B %Y")
    return frame.to_csv(index=False).encode("utf-8")


def without_ids(data: bytes) -> bytes:
    """The file less ACLED's id columns, as ACLED's curated regional files come."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    frame = frame.drop(columns=["data_id", "event_id_cnty", "event_id_no_cnty"], errors="ignore")
    return frame.to_csv(index=False).encode("utf-8")


def median_seconds(work: Callable[[], object], runs: int = RUNS) -> tuple[float, float, object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), min(timings), result


def _memory_mb(field: str) -> float:
    """`VmRSS` (now) or `VmHWM` (the peak) of this process, in MB.

    Not `getrusage`: its peak survives `execve`, so a child would report the
    memory of the benchmark that started it.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure_one(path: Path, how: str = "import") -> dict:
    """Import `path` once in this process (or load it, `how="load"`): seconds, memory
    added at the peak, what came out."""
    with contextlib.suppress(OSError):  # start the peak here, not at loading the modules
        Path("/proc/self/clear_refs").write_text("5")
    baseline = _memory_mb("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    result = import_file(path) if how == "import" else load_events(path, today=TODAY)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_start,
        "peak_mb": _memory_mb("VmHWM") - baseline,
        "events": len(result.events),
        "problems": len(result.problems),
        "first_problems": [str(p) for p in result.problems[:3]],
    }


def measure(path: Path, how: str = "import") -> dict:
    """`measure_one` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--how", how],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-exports", action="store_true", help="skip the export table")
    parser.add_argument(
        "--with-load",
        action="store_true",
        help="also time load_events on the same events in our own layout, for comparison",
    )
    parser.add_argument(
        "--no-ids", action="store_true", help="also import the ACLED file without its id columns"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--how", default="import", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_one(args.child, args.how)))
        return
    kinds = [("2020-03-21", "import"), ("21 March 2020", "import")]
    if args.no_ids:
        kinds.append(("no ids", "import"))
    if args.with_load:
        kinds.append(("ours, load", "load"))

    print(
        f"{'rows':>9}  {'dates':<15}  {'file MB':>8}  {'median s':>9}  {'min s':>7}  "
        f"{'rows/s':>10}  {'cpu s':>7}  {'peak MB':>8}  problems"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = None
        for n in args.sizes:
            for label, how in kinds:
                if how == "load":
                    path = Path(folder) / f"ours-{n}.csv"
                    generate(n).to_csv(path, index=False)
                elif label == "no ids":
                    path = Path(folder) / f"acled-{n}-no-ids.csv"
                    path.write_bytes(without_ids(acled_file(n, long_dates=False)))
                else:
                    long_dates = label != "2020-03-21"
                    path = Path(folder) / f"acled-{n}-{'long' if long_dates else 'iso'}.csv"
                    path.write_bytes(acled_file(n, long_dates))
                runs = [measure(path, how) for _ in range(args.runs)]
                for run in runs:
                    assert run["events"] == n, (run["events"], run["first_problems"])
                timings = [run["seconds"] for run in runs]
                median = statistics.median(timings)
                print(
                    f"{n:>9}  {label:<15}  {path.stat().st_size / 1e6:>8.1f}  {median:>9.3f}  "
                    f"{min(timings):>7.3f}  {n / median:>10,.0f}  "
                    f"{statistics.median(run.get('cpu_seconds', 0) for run in runs):>7.2f}  "
                    f"{max(run['peak_mb'] for run in runs):>8.0f}  {runs[0]['problems']}",
                    flush=True,
                )
        if args.no_exports or path is None:
            return
        imported = import_file(path).events if how == "import" else load_events(path).events
    print()
    print(f"exports of {len(imported):,} imported events")
    print(f"{'export':<26}  {'MB':>6}  {'median s':>9}")
    for name, export in (
        ("CSV, our schema", lambda: events_csv(imported)),
        ("CSV, ACLED layout", lambda: acled_csv(imported)),
        ("GeoJSON", lambda: geojson_bytes(imported, "benchmark")),
    ):
        median, _, data = median_seconds(export, args.runs)
        print(f"{name:<26}  {len(data) / 1e6:>6.1f}  {median:>9.3f}")


if __name__ == "__main__":
    main()
