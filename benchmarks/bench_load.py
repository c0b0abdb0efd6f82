"""Time loading and validating generated event files of growing size.

Prints one line per size: the median of several runs of `load_events`
(read, decode, parse, validate every column, type the result).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write  # noqa: E402
from events import load_events  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
RUNS = 5


def main() -> None:
    print(f"{'rows':>9}  {'file MB':>8}  {'median s':>9}  {'min s':>7}  {'rows/s':>10}  problems")
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            path = write(n, Path(folder) / f"events-{n}.csv")
            timings = []
            for _ in range(RUNS):
                start = time.perf_counter()
                result = load_events(path)
                timings.append(time.perf_counter() - start)
            assert len(result.events) == n, (len(result.events), result.problems[:3])
            median = statistics.median(timings)
            size = path.stat().st_size / 1e6
            print(
                f"{n:>9}  {size:>8.1f}  {median:>9.3f}  {min(timings):>7.3f}  "
                f"{n / median:>10,.0f}  {len(result.problems)}"
            )


if __name__ == "__main__":
    main()
