"""Time from a filter change to the map updated, in headless Chromium.

For each size, the dashboard is started on a generated events file; the
browser opens it, waits for every marker, then picks a country in the
sidebar filter and waits until the map holds exactly the events of that
country. It prints the median of several changes, timed in the page from the
rerun request to the first frame that shows them (benchmarks/browser_timing.py);
the server's script time is included (it is part of what the user waits for).

With `--bytes`, it prints instead what one map update sends, measured in this
process: the real `render_map` runs with streamlit-folium's component call
captured, and the table counts the UTF-8 bytes of the `feature_group`
argument (the layer script the frontend evaluates on every update: it is
what changes) and of all the component's arguments as JSON, which Streamlit
sends in one message whenever any of them changes (so about what one update
costs on the websocket, less the protobuf framing). It reads this checkout's
code only.

Run: .venv/bin/python benchmarks/bench_map_update.py [--sizes 1000 10000] [--runs 5]
     .venv/bin/python benchmarks/bench_map_update.py --bytes [--events 10000]
     .venv/bin/python benchmarks/bench_map_update.py --websocket [--events 1000 10000] [--runs 3]
     # another checkout's dashboard, or it and this one in one table (about 2 min at 10,000):
     git clone -q . /tmp/before && git -C /tmp/before checkout -q 3188651
     .venv/bin/python benchmarks/bench_map_update.py --websocket --app-root /tmp/before
     .venv/bin/python benchmarks/bench_map_update.py --websocket --compare-with /tmp/before

With `--websocket`, the browser runs the dashboard and the table gives the
bytes the server sent on the websocket (Playwright's frame log) and the number
of its messages, for the first load and for each filter change: narrowing to
one country (markers) and back to every event (10,000 events in view: grid
cells), medians of `--runs` changes, with Streamlit's message cache off so
that a repeated view costs what a new one does.

`--app-root PATH` runs the dashboard of another checkout (its app.py, from its
own folder, so it serves its own static/), driven by this checkout's browser
helpers; `--compare-with PATH` runs that checkout first and then `--app-root`'s
(default: this one), one row per (tree, change), in the same events file.
Both need the checkout's map assets in place: a commit from before they were
committed (static/vendor, static/basemap) needs `python -m assets.fetch`, or a
copy of this checkout's static/vendor and its basemap built from them. The
events file is written in this checkout's CSV schema (the same columns since
3188651) and each tree keeps its events cache in the run's temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import browser_timing  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

try:
    from tests.support.browser import block_other_hosts, chromium, streamlit_server
except ImportError:  # the layout before tests/support/, to measure older commits
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import block_other_hosts, chromium, streamlit_server


# The sidebar's Country filter and its "Clear all" button: the same label and
# widget at 3188651 as now, so one helper makes the same change on both trees.
def choose_country(page, country: str) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Country")
    box.locator("input").click()
    page.keyboard.type(country)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def clear_country(page) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Country")
    box.get_by_role("button", name="Clear all").click()


def events_file(size: int, folder: Path) -> tuple[Path, int]:
    """The generated events file of `size` events in `folder`, and how many are in Syria."""
    frame = generate(size)
    path = folder / f"events-{size}.csv"
    if not path.exists():  # one file per size, so every tree reads the same bytes
        frame.to_csv(path, index=False)
    return path, int((frame["country"] == "Syria").sum())


def tree_label(root: Path) -> str:
    """The checkout's commit (short hash), or its folder's name outside git."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return root.name
    return done.stdout.strip()


def serve(root: Path, events: Path, folder: Path, args: list[str] = ()):
    """The dashboard of the checkout at `root` on `events`, as `streamlit_server` runs it."""
    app = root / "app.py"
    if not app.is_file():
        raise SystemExit(f"no dashboard at {app}")
    # Each tree its own events cache: an older tree must not read a newer one's entries.
    cache = folder / ("events-cache" + str(root.resolve()).replace("/", "-"))
    env = {"EVENTS_CSV": str(events), "EVENTS_CACHE_DIR": str(cache)}
    return streamlit_server(app, cwd=root, env=env, args=args)


def measure(size: int, runs: int, folder: Path, browser, root: Path = ROOT) -> dict:
    path, in_syria = events_file(size, folder)
    with serve(root, path, folder) as base:
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


def _map_modules():
    """The dashboard's map renderer and basemap, wherever this version of the code keeps them."""
    try:
        from components.map import basemap, widget

        return widget.render_map, basemap.add_basemap
    except ImportError:  # the layout before components/map/
        from components import basemap, event_map

        return event_map.render_map, basemap.add_basemap


def update_bytes(size: int, folder: Path) -> list[dict]:
    """Bytes of streamlit-folium's arguments for one map update, in four views of `size` events."""
    import inspect
    import json
    import logging

    import streamlit_folium

    from events import load_events

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    path = folder / f"events-{size}.csv"
    generate(size).to_csv(path, index=False)
    events = load_events(path).events
    render_map, add_basemap = _map_modules()
    captured: list[dict] = []
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: captured.append(kwargs) or {}
    rows = []
    try:
        views = [
            (f"{size:,} in view (cells)", events, None),
            (f"{size:,} in view, one selected", events, events["event_id"].iloc[0]),
            ("4,900 in view (markers)", events.head(4_900), None),
            ("300 in view (full detail)", events.head(300), None),
        ]
        for label, shown, selected in views:
            captured.clear()
            options = {"start": ((34.0, 42.0), 6, None), "basemap": add_basemap}
            if "select" in inspect.signature(render_map).parameters:  # older versions
                options["select"] = lambda _: None
            render_map(shown, selected, **options)
            args = {k: v for k, v in captured[-1].items() if k != "on_change"}
            group = args["feature_group"] or ""
            rows.append(
                {
                    "view": label,
                    "feature_group": len(group.encode("utf-8")),
                    "all_args": len(json.dumps(args, ensure_ascii=False).encode("utf-8")),
                    # The marker canvas's code (static/js/event_markers.js since it is a file).
                    "canvas_code": "L.Canvas.extend" in group,
                }
            )
    finally:
        streamlit_folium._component_func = original
    return rows


def map_layer(page) -> str:
    """How the map draws its events now: "cells", "markers" or "none"."""
    return page.evaluate(browser_timing.script("map_layer")) or "none"


def websocket_bytes(size: int, runs: int, folder: Path, browser, root: Path = ROOT) -> list[dict]:
    """Bytes and messages the server sends on the websocket per map update, in the dashboard
    of the checkout at `root`: the first load, then medians over `runs` of each change."""
    path, in_syria = events_file(size, folder)
    received: list[int] = []
    with serve(root, path, folder, args=browser_timing.NO_MESSAGE_CACHE) as base:
        context, page = browser_timing.open_recorded(browser, base, received, block_other_hosts)
        browser_timing.wait_events(page, size, timeout_s=120)
        page.wait_for_timeout(1_000)
        rows = [
            {
                "change": "first load",
                "in_view": size,
                "layer": map_layer(page),
                "bytes": sum(received),
                "messages": len(received),
                "largest": max(received),
            }
        ]
        changes = (
            ("filter to Syria", lambda: choose_country(page, "Syria"), in_syria),
            ("clear the filter", lambda: clear_country(page), size),
        )
        seen = {
            name: {"bytes": [], "messages": [], "largest": [], "layers": set()}
            for name, _, _ in changes
        }
        for _ in range(runs):
            for name, change, expected in changes:
                received.clear()
                browser_timing.timed_change(page, change, expected, 60)
                page.wait_for_timeout(1_000)  # the rest of the rerun's messages
                seen[name]["bytes"].append(sum(received))
                seen[name]["messages"].append(len(received))
                seen[name]["largest"].append(max(received))
                seen[name]["layers"].add(map_layer(page))
        context.close()
    for name, _, expected in changes:
        rows.append(
            {
                "change": name,
                "in_view": expected,
                "layer": "/".join(sorted(seen[name]["layers"])),
                "bytes": statistics.median(seen[name]["bytes"]),
                "messages": statistics.median(seen[name]["messages"]),
                "largest": statistics.median(seen[name]["largest"]),
            }
        )
    return rows


def print_websocket(results: list[tuple[str, list[dict]]], runs: int) -> None:
    """One row per (tree, change); with two trees, each row's bytes against the first tree's."""
    compare = len({label for label, _ in results}) > 1
    first = {
        (r["change"], r["in_view"]): r["bytes"]
        for label, rows in results
        if label == results[0][0]
        for r in rows
    }
    print(
        f"{'tree':<9}  {'change':<16}  {'events in view':>14}  {'layer':<7}  "
        f"{'bytes sent':>10}  {'messages':>8}  {'largest':>8}"
        + (f"  {'vs first tree':>13}" if compare else "")
    )
    for label, rows in results:
        for r in rows:
            line = (
                f"{label:<9}  {r['change']:<16}  {r['in_view']:>14,}  {r['layer']:<7}  "
                f"{r['bytes']:>10,.0f}  {r['messages']:>8g}  {r['largest']:>8,.0f}"
            )
            base = first.get((r["change"], r["in_view"]))
            if compare:
                line += f"  {r['bytes'] / base:>12.2f}x" if base else f"  {'':>13}"
            print(line)
    print(
        f"websocket frames from the server per change: bytes, messages and the largest message's "
        f"bytes, medians of {runs} changes each (first load: once); Streamlit's message cache off"
    )


def print_bytes(rows: list[dict]) -> None:
    print(
        f"{'view':<34}  {'feature_group bytes':>19}  {'all args bytes':>14}  "
        f"{'canvas code in update':>21}"
    )
    for r in rows:
        print(
            f"{r['view']:<34}  {r['feature_group']:>19,}  {r['all_args']:>14,}  "
            f"{'yes' if r['canvas_code'] else 'no':>21}"
        )
    print("UTF-8 bytes of streamlit-folium's component arguments for one update")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bytes", action="store_true", help="bytes per update, no browser")
    parser.add_argument("--websocket", action="store_true", help="websocket bytes per update")
    parser.add_argument(
        "--events",
        type=int,
        nargs="+",
        default=[10_000],
        help="events loaded, with --bytes or --websocket",
    )
    parser.add_argument(
        "--app-root",
        type=Path,
        default=ROOT,
        help="the checkout whose dashboard runs (default: this one)",
    )
    parser.add_argument(
        "--compare-with",
        type=Path,
        metavar="PATH",
        help="also run this checkout's dashboard, first, and print both in one table",
    )
    args = parser.parse_args()
    roots = [r.resolve() for r in ([args.compare_with] if args.compare_with else [])]
    roots.append(args.app_root.resolve())
    labels = [tree_label(root) for root in roots]
    if len(set(labels)) < len(labels):  # two checkouts of one commit
        labels = [f"{label}:{root.name}" for label, root in zip(labels, roots, strict=True)]
    if args.bytes and roots != [ROOT]:
        parser.error("--bytes measures this checkout's code only")
    for label, root in zip(labels, roots, strict=True):
        print(f"tree {label}: {root}")
    if args.bytes:
        with tempfile.TemporaryDirectory() as folder:
            for size in args.events:
                print_bytes(update_bytes(size, Path(folder)))
        return
    if args.websocket:
        results = []
        with tempfile.TemporaryDirectory() as folder, chromium() as browser:
            for size in args.events:
                for label, root in zip(labels, roots, strict=True):
                    rows = websocket_bytes(size, args.runs, Path(folder), browser, root)
                    results.append((label, rows))
        print_websocket(results, args.runs)
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for size in args.sizes:
            for label, root in zip(labels, roots, strict=True):
                rows.append(
                    {"tree": label, **measure(size, args.runs, Path(folder), browser, root)}
                )
    print(
        f"{'tree':<9}  {'events':>8}  {'first load s':>12}  {'filter→map s':>12}  {'(max)':>6}  "
        f"{'unfilter→map s':>14}  {'markers after filter':>20}"
    )
    for r in rows:
        print(
            f"{r['tree']:<9}  {r['events']:>8}  {r['load']:>12.2f}  {r['narrow']:>12.3f}  "
            f"{r['narrow_max']:>6.2f}  {r['widen']:>14.3f}  {r['in_view']:>20}"
        )
    print(f"medians of {args.runs} changes each; headless Chromium, server on 127.0.0.1")


if __name__ == "__main__":
    main()
