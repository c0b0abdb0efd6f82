"""Extraction speed and memory: the first report in a new process, then warm reports.

    python benchmarks/bench_ingest.py [--repeat N]

Cold: a fresh Python process imports `ingest`, builds the offline geocoder
and extracts one seed report; it reports the time inside the process
(import to candidates) and the wall time including interpreter start-up,
and the process's peak memory (max RSS). Warm: every seed report extracted
`--repeat` times in this process; mean and worst per report. Budgets: under
3 s cold, under 1 s per report warm, under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT.parent / "shared" / "seeds"
PUBLISHED = date(2020, 3, 13)

_COLD = r"""
import json, resource, sys, time
start = time.perf_counter()
from datetime import date
from pathlib import Path
from ingest import extract
text = Path(sys.argv[1]).read_text(encoding="utf-8")
candidates = extract(text, date.fromisoformat(sys.argv[2]))
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "candidates": len(candidates), "peak_mb": peak_kb / 1024}))
"""


def cold(report: Path) -> dict:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _COLD, str(report), PUBLISHED.isoformat()],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def warm(reports: list[Path], repeat: int) -> list[tuple[str, float, float, int, int]]:
    from ingest import extract

    rows = []
    texts = [(p, p.read_text(encoding="utf-8")) for p in reports]
    extract(texts[0][1], PUBLISHED)  # open the indexes once, as a running app has
    for path, text in texts:
        times = []
        count = 0
        for _ in range(repeat):
            start = time.perf_counter()
            count = len(extract(text, PUBLISHED))
            times.append(time.perf_counter() - start)
        rows.append((path.name[:3], statistics.mean(times), max(times), len(text.split()), count))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args(argv)
    reports = sorted(args.seeds.glob("*.txt"))
    if not reports:
        print(f"no reports in {args.seeds}", file=sys.stderr)
        return 1
    first = cold(reports[0])
    print(f"{'measure':44} {'value':>10}  budget")
    print(f"{'cold: import + first report (in process)':44} {first['seconds']:>9.2f}s  < 3 s")
    print(f"{'cold: wall time incl. interpreter start':44} {first['wall']:>9.2f}s")
    print(f"{'cold: peak memory (max RSS)':44} {first['peak_mb']:>8.0f}MB  < 300 MB")
    print()
    print(f"{'report':8} {'words':>6} {'candidates':>10} {'mean':>9} {'worst':>9}  budget")
    rows = warm(reports, args.repeat)
    for name, mean, worst, words, count in rows:
        print(
            f"{name:8} {words:>6} {count:>10} {mean * 1000:>7.0f}ms {worst * 1000:>7.0f}ms  < 1 s"
        )
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'all':8} {sum(r[3] for r in rows):>6} {sum(r[4] for r in rows):>10} "
          f"{statistics.mean(r[1] for r in rows) * 1000:>7.0f}ms "
          f"{max(r[2] for r in rows) * 1000:>7.0f}ms  (peak memory {peak:.0f} MB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
