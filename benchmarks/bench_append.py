"""Time adding events: `append_events` on the bundled file and on a generated 100k-row file.

One append is: take the lock, read both files, validate the file as it is
and as it will be (the same checks as `load_events`), replace both files
atomically (fsync included). Cases:

- `1 row, cold`: one new row citing one new source, as the first append of
  a process (the file is validated as it is and as it will be);
- `1 row`: the same in a process that wrote the file last (the file as it
  is was validated by the previous append, so only the result is);
- `1 row + edits`: the same, and the source cited in one existing event and
  one cell set in another (the records are then parsed to find them);
- `download`: `download_files` for one row, nothing written.

Prints the median and the fastest of several runs per case.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write  # noqa: E402
from events import append as append_module  # noqa: E402
from events.append import append_events, download_files  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = date(2026, 1, 1)
RUNS = {"bundled": 9, "100k": 5}


def row(i: int) -> dict[str, str]:
    return {
        "event_date": "2020-03-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "weapon": "rockets",
        "actor1": "Unidentified armed group",
        "country": "Iraq",
        "location": "Camp Taji",
        "latitude": "33.53",
        "longitude": "44.25",
        "notes": f"benchmark row {i}",
    }


def source(i: int) -> dict[str, str]:
    return {"outlet": "Benchmark Wire", "title": f"story {i}", "published": "2020-03-14"}


def cases(first_id: str, second_id: str):
    def one(path: Path, i: int) -> None:
        append_events(path, [row(i)], source=source(i), today=TODAY)

    def cold(path: Path, i: int) -> None:
        append_module._CHECKED.clear()  # as the first append of a process: validate twice
        one(path, i)

    def edits(path: Path, i: int) -> None:
        append_events(
            path,
            [row(i)],
            source=source(i),
            cite_in=[first_id],
            set_cells={second_id: {"notes": f"checked {i}"}},
            today=TODAY,
        )

    def download(path: Path, i: int) -> None:
        download_files(path, [row(i)], source=source(i), today=TODAY)

    return (
        ("1 row, cold", cold),
        ("1 row", one),
        ("1 row + edits", edits),
        ("download", download),
    )


def measure(name: str, path: Path, first_id: str, second_id: str) -> None:
    size = path.stat().st_size / 1e6
    for case, run in cases(first_id, second_id):
        timings = []
        for i in range(RUNS[name]):
            start = time.perf_counter()
            run(path, i)
            timings.append(time.perf_counter() - start)
        print(
            f"{name:>8}  {size:>8.2f}  {case:<14}  {statistics.median(timings):>9.3f}  "
            f"{min(timings):>7.3f}  {len(timings):>4}"
        )


def main() -> None:
    print(f"{'file':>8}  {'MB':>8}  {'case':<14}  {'median s':>9}  {'min s':>7}  {'runs':>4}")
    with tempfile.TemporaryDirectory() as folder:
        bundled = Path(folder) / "bundled"
        bundled.mkdir()
        shutil.copy(DATA / "events.csv", bundled / "events.csv")
        shutil.copy(DATA / "sources.csv", bundled / "sources.csv")
        measure(
            "bundled",
            bundled / "events.csv",
            "2020-03-11-camp-taji-rockets",
            "2021-06-28-mayadin-us-artillery",
        )
        large = Path(folder) / "large"
        large.mkdir()
        write(100_000, large / "events.csv")
        shutil.copy(DATA / "sources.csv", large / "sources.csv")
        measure("100k", large / "events.csv", "syn-0000010", "syn-0099990")


if __name__ == "__main__":
    main()
