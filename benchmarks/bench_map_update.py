"""Time from a filter change to the map updated, in headless Chromium.

For each size, the dashboard is started on a generated events file; the
browser opens it, waits for every marker, then picks a country in the
sidebar filter and waits until the map holds exactly the events of that
country. It prints the median of several changes, timed in the page from the
rerun request to the first frame that shows them (benchmarks/browser_timing.py);
the server's script time is included (it is part of what the user waits for).

Run: .venv/bin/python benchmarks/bench_map_update.py [--sizes 1000 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    block_other_hosts,
    chromium,
    streamlit_server,
)

from benchmarks import browser_timing  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402


def choose_country(page, country: str) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Country")
    box.locator("input").click()
    page.keyboard.type(country)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def clear_country(page) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Country")
    box.get_by_role("button", name="Clear all").click()


def measure(size: int, runs: int, folder: Path, browser) -> dict:
    frame = generate(size)
    path = folder / f"events-{size}.csv"
    frame.to_csv(path, index=False)
    in_syria = int((frame["country"] == "Syria").sum())
    with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(path)}) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        block_other_hosts(context)
        browser_timing.install(context)
        page = context.new_page()
        started = time.perf_counter()
        page.goto(base)
        browser_timing.wait_events(page, size, timeout_s=120)
        first_load = time.perf_counter() - started
        narrow, widen = [], []
        for _ in range(runs):
            narrow.append(
                browser_timing.timed_change(
                    page, lambda: choose_country(page, "Syria"), in_syria, 60
                )
            )
            widen.append(browser_timing.timed_change(page, lambda: clear_country(page), size, 60))
        context.close()
    return {
        "events": size,
        "load": first_load,
        "narrow": statistics.median(narrow),
        "widen": statistics.median(widen),
        "narrow_max": max(narrow),
        "in_view": in_syria,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for size in args.sizes:
            rows.append(measure(size, args.runs, Path(folder), browser))
    print(
        f"{'events':>8}  {'first load s':>12}  {'filter→map s':>12}  {'(max)':>6}  "
        f"{'unfilter→map s':>14}  {'markers after filter':>20}"
    )
    for r in rows:
        print(
            f"{r['events']:>8}  {r['load']:>12.2f}  {r['narrow']:>12.3f}  {r['narrow_max']:>6.2f}  "
            f"{r['widen']:>14.3f}  {r['in_view']:>20}"
        )
    print(f"medians of {args.runs} changes each; headless Chromium, server on 127.0.0.1")


if __name__ == "__main__":
    main()
