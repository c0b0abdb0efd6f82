"""Geocoding speed: cold start of the offline chain, then warm lookups.

    python benchmarks/bench_geo.py [--rebuild-index]

Cold start runs a fresh Python process that imports `geo`, builds the default
offline chain and answers one name; it reports the time inside the process
(import to first answer) and the wall time including interpreter start-up.
Warm runs time 1,000 lookups in this process: repeated names (what a
dashboard rerun does) and names seen for the first time (no memo). The last
row fills the coordinates of a 10,000-row event CSV. Then the spelling
lists (`tests/geo/spellings.csv`, `tests/geo/variants.csv`) are scored
offline, overall, by script and for installation names: the table the test
asserts (`tests/geo/test_spellings.py`).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.chain import Chain, default_chain, shared_gazetteer, shared_geonames  # noqa: E402
from geo.csvfill import fill_csv  # noqa: E402
from tests.support.spelling_score import score, table  # noqa: E402

SPELLING_LISTS = [ROOT / "tests" / "geo" / "spellings.csv", ROOT / "tests" / "geo" / "variants.csv"]

COLD = (
    "import sys, time; t0 = time.perf_counter(); "
    "from geo import default_chain; "
    "place = default_chain(online=False).geocode(sys.argv[1]); "
    "assert place is not None; print(time.perf_counter() - t0)"
)

NAMES = [
    ("Camp Taji", "Iraq"),
    ("near Albu Kamal", "Syria"),
    ("southeast of Albu Kamal", "Syria"),
    ("US Embassy, Baghdad", "Iraq"),
    ("Green Zone, Baghdad", "Iraq"),
    ("Ain al-Asad Air Base", "Iraq"),
    ("Qara Chokh mountains", "Iraq"),
    ("Deir Ezzor", "Syria"),
    ("Hewler", None),
    ("Sadr City", "Iraq"),
    ("Kandahar", "Afghanistan"),
    ("Tell Qwertyuz", None),  # a miss: goes through every offline step
]


def cold_start(runs: int, env: dict[str, str], name: str) -> tuple[list[float], list[float]]:
    inside, wall = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD, name], cwd=ROOT, env=env, capture_output=True, text=True
        )
        wall.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        inside.append(float(done.stdout.strip()))
    return inside, wall


def warm(chain: Chain, queries: list[tuple[str, str | None]]) -> float:
    started = time.perf_counter()
    for name, country in queries:
        chain.geocode(name, country)
    return len(queries) / (time.perf_counter() - started)


def variant_queries() -> list[tuple[str, str | None]]:
    path = ROOT / "tests" / "geo" / "variants.csv"
    with path.open(encoding="utf-8") as handle:
        return [(r["variant"], r["country"] or None) for r in csv.DictReader(handle)]


def csv_fill(rows: int) -> tuple[float, int]:
    columns = ["event_id", "country", "location", "latitude", "longitude"]
    columns += ["geo_precision", "geo_source", "notes"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for i in range(rows):
                name, country = NAMES[i % len(NAMES)]
                writer.writerow([f"e{i}", country or "", name, "", "", "", "", f"note {i}"])
        chain = default_chain(online=False, cache_path=Path(tmp) / "answers.json")
        started = time.perf_counter()
        report = fill_csv(path, chain)
        return time.perf_counter() - started, len(report.resolved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild-index", action="store_true", help="also time an index build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "GEO_ONLINE"}
    rows: list[tuple[str, str]] = []

    if args.rebuild_index:
        with tempfile.TemporaryDirectory() as tmp:
            build_env = {**env, "GEO_CACHE_DIR": tmp}
            inside, wall = cold_start(1, build_env, "Sadr City")
            rows.append(("cold start, GeoNames index built first (one-off)", f"{inside[0]:.2f} s"))

    shared_geonames().lookup("baghdad")  # make sure the index exists before timing cold starts
    for name, source in (("Camp Taji", "gazetteer"), ("Sadr City", "GeoNames")):
        inside, wall = cold_start(args.runs, env, name)
        label = f"cold start to a {source} answer ({name!r}), median of {args.runs}"
        rows.append((label, f"{statistics.median(inside):.3f} s"))
        rows.append(
            ("  same, wall time with interpreter start-up", f"{statistics.median(wall):.3f} s")
        )

    def fresh() -> Chain:
        return Chain(shared_gazetteer(), shared_geonames(), memo={})

    chain = fresh()
    repeated = [NAMES[i % len(NAMES)] for i in range(1000)]
    warm(chain, repeated)
    rows.append(("warm: 1,000 lookups of repeated names", f"{warm(chain, repeated):,.0f} /s"))

    variants = variant_queries()
    distinct = [variants[i % len(variants)] for i in range(1000)]
    per_batch = [warm(fresh(), distinct[i : i + 100]) for i in range(0, 1000, 100)]
    rows.append(
        ("first-time lookups, 1,000 spelling variants", f"{statistics.median(per_batch):,.0f} /s")
    )
    misses = [(f"Tell Qwertyuz {i}", None) for i in range(1000)]
    rows.append(("first-time misses (every offline step runs)", f"{warm(fresh(), misses):,.0f} /s"))
    seconds, filled = csv_fill(10_000)
    rows.append((f"resolve a 10,000-row CSV ({filled:,} filled)", f"{seconds:.2f} s"))

    width = max(len(label) for label, _ in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 20}")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print()
    print("offline, gazetteer and GeoNames:")
    print(table(score(fresh(), SPELLING_LISTS)))
    print("GeoNames alone (without the gazetteer):")
    print(table(score(Chain(None, shared_geonames(), memo={}), SPELLING_LISTS)))


if __name__ == "__main__":
    main()
