"""The dashboard against the plain approach, on the same events, in headless Chromium.

The plain approach (benchmarks/apps/plain_map_app.py) builds one folium
CircleMarker per event on every rerun; the dashboard sends one event layer
that turns into counted grid cells above a few thousand events. For each
size both are served on 127.0.0.1 and driven the same way: pick a country in
the sidebar filter, wait until the map shows exactly that country's events
(markers counted, or cell counts added up), clear it, wait for all again.
Each change is timed in the page (benchmarks/browser_timing.py), and the
server process's peak memory is read once the changes are done.
The best plain approach (benchmarks/apps/geojson_map_app.py: one GeoJSON
layer on Leaflet's canvas renderer, swapped through `feature_group_to_add`
without rebuilding the map) runs beside the naive one. Both get `--timeout`
seconds per step and are capped at `--plain-max` events; where they finish,
both ratios to the dashboard are printed.

    .venv/bin/python benchmarks/bench_peer.py [--sizes 10000 100000 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import browser_timing  # noqa: E402
from benchmarks.bench_map_update import choose_country, clear_country  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from tests.support.browser import (  # noqa: E402
    block_other_hosts,
    chromium,
    server_peak_mb,
    streamlit_server,
)

PLAIN_APP = ROOT / "benchmarks" / "apps" / "plain_map_app.py"
BEST_APP = ROOT / "benchmarks" / "apps" / "geojson_map_app.py"
OUR_APP = ROOT / "app.py"


def plain_app(folder: Path, script: Path = PLAIN_APP) -> Path:
    """A plain app copied beside a link to static/ (Streamlit serves the folder by the script)."""
    workdir = folder / script.stem
    workdir.mkdir(exist_ok=True)
    shutil.copy(script, workdir / "app.py")
    if not (workdir / "static").exists():
        (workdir / "static").symlink_to(ROOT / "static", target_is_directory=True)
    return workdir / "app.py"


def measure(app: Path, path: Path, size: int, in_view: int, runs: int, timeout_s: float, browser):
    """First load, filter and unfilter times (medians), or None where it timed out."""
    env = {
        "EVENTS_CSV": str(path),
        "EVENTS_CACHE_DIR": str(path.parent / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    with streamlit_server(app, cwd=app.parent, env=env) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        block_other_hosts(context)
        browser_timing.install(context)
        page = context.new_page()
        try:
            started = time.perf_counter()
            page.goto(base)
            browser_timing.wait_events(page, size, max(timeout_s, 180))
            first = time.perf_counter() - started
            narrow, widen = [], []
            for _ in range(runs):
                narrow.append(
                    browser_timing.timed_change(
                        page, lambda: choose_country(page, "Syria"), in_view, timeout_s
                    )
                )
                widen.append(
                    browser_timing.timed_change(page, lambda: clear_country(page), size, timeout_s)
                )
            peak_mb = server_peak_mb(base)
        except TimeoutError:
            return None
        finally:
            context.close()
    return {
        "first": first,
        "narrow": statistics.median(narrow),
        "widen": statistics.median(widen),
        "peak_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--plain-max", type=int, default=100_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for size in args.sizes:
            frame = generate(size)
            path = Path(folder) / "events.csv"
            frame.to_csv(path, index=False)
            in_view = int((frame["country"] == "Syria").sum())
            del frame
            ours = measure(OUR_APP, path, size, in_view, args.runs, args.timeout, browser)
            plain = best = None
            if size <= args.plain_max:
                plain_path = plain_app(Path(folder))
                plain = measure(plain_path, path, size, in_view, args.runs, args.timeout, browser)
                best_path = plain_app(Path(folder), BEST_APP)
                best = measure(best_path, path, size, in_view, args.runs, args.timeout, browser)
            rows.append((size, in_view, ours, plain, best))

    def cell(result, key):
        return f"{result[key]:.2f}" if result else "timeout"

    def ratio(ours, plain, key):
        return f"{plain[key] / ours[key]:.1f}x" if ours and plain else "-"

    def memory(result):
        return f"{result['peak_mb']:.0f}" if result else "-"

    print(
        f"{'events':>9} {'in view':>8} | {'ours: load':>10} {'filter':>7} {'unfilter':>8} "
        f"{'server MB':>9} | {'plain: load':>11} {'filter':>7} {'unfilter':>8} {'server MB':>9} "
        f"| {'best: load':>10} {'filter':>7} {'unfilter':>8} {'server MB':>9} "
        f"| {'plain/ours filter':>17} {'unfilter':>8} | {'best/ours filter':>16} {'unfilter':>8}"
    )

    def others(result, size, width):
        if size > args.plain_max:
            return f"{'not run':>{width}} {'':>7} {'':>8} {'':>9}"
        return (
            f"{cell(result, 'first'):>{width}} {cell(result, 'narrow'):>7} "
            f"{cell(result, 'widen'):>8} {memory(result):>9}"
        )

    for size, in_view, ours, plain, best in rows:
        print(
            f"{size:>9,} {in_view:>8,} | {cell(ours, 'first'):>10} {cell(ours, 'narrow'):>7} "
            f"{cell(ours, 'widen'):>8} {memory(ours):>9} | {others(plain, size, 11)} | "
            f"{others(best, size, 10)} | "
            f"{ratio(ours, plain, 'narrow'):>17} {ratio(ours, plain, 'widen'):>8} | "
            f"{ratio(ours, best, 'narrow'):>16} {ratio(ours, best, 'widen'):>8}"
        )
    print(
        f"seconds, medians of {args.runs} filter changes, from the rerun request the page sends "
        "to the first frame showing the new count; server MB = the server process's peak "
        f"resident memory (VmHWM); plain capped at {args.plain_max:,} events and "
        f"{args.timeout:g} s a step; plain = a CircleMarker per event, map rebuilt; best = one "
        "GeoJSON canvas layer through feature_group_to_add; ratio = theirs / ours"
    )


if __name__ == "__main__":
    main()
