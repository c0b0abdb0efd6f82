"""Time importing ACLED-layout files of growing size, and exporting the result.

The files are generated events (`benchmarks/synthetic.py`) written in ACLED's
31-column layout by our own exporter, once with ISO dates (ACLED's current
exports) and once with `21 March 2020` dates (its older full exports), so
the date parser does real work. Each size prints the median of several runs
of `import_file` (read, detect, map, validate every column, type the result).
A second table times the exports of the imported events.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def median_seconds(work: Callable[[], object]) -> tuple[float, float, object]:
    timings, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), min(timings), result


def main() -> None:
    print(
        f"{'rows':>9}  {'dates':<15}  {'file MB':>8}  {'median s':>9}  {'min s':>7}  "
        f"{'rows/s':>10}  problems"
    )
    imported = None
    for n in SIZES:
        for long_dates in (False, True):
            data = acled_file(n, long_dates)
            median, fastest, result = median_seconds(lambda data=data: import_file(data))
            assert len(result.events) == n, (len(result.events), result.problems[:3])
            label = "21 March 2020" if long_dates else "2020-03-21"
            print(
                f"{n:>9}  {label:<15}  {len(data) / 1e6:>8.1f}  {median:>9.3f}  "
                f"{fastest:>7.3f}  {n / median:>10,.0f}  {len(result.problems)}"
            )
            imported = result.events
    print()
    print(f"exports of {len(imported):,} imported events")
    print(f"{'export':<26}  {'MB':>6}  {'median s':>9}")
    for name, export in (
        ("CSV, our schema", lambda: events_csv(imported)),
        ("CSV, ACLED layout", lambda: acled_csv(imported)),
        ("GeoJSON", lambda: geojson_bytes(imported, "benchmark")),
    ):
        median, _, data = median_seconds(export)
        print(f"{name:<26}  {len(data) / 1e6:>6.1f}  {median:>9.3f}")


if __name__ == "__main__":
    main()
