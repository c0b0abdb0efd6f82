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
costs on the websocket, less the protobuf framing).

Run: .venv/bin/python benchmarks/bench_map_update.py [--sizes 1000 10000] [--runs 5]
     .venv/bin/python benchmarks/bench_map_update.py --bytes [--events 10000]
     .venv/bin/python benchmarks/bench_map_update.py --websocket [--events 10000] [--runs 3]

With `--websocket`, the browser runs the dashboard and the table gives the
bytes the server sent on the websocket (Playwright's frame log) for each
filter change: narrowing to one country (markers) and back to every event
(10,000 events in view: grid cells), medians of `--runs` changes, with
Streamlit's message cache off so that a repeated view costs what a new one does.
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

from benchmarks import browser_timing  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

try:
    from tests.support.browser import block_other_hosts, chromium, streamlit_server
except ImportError:  # the layout before tests/support/, to measure older commits
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import block_other_hosts, chromium, streamlit_server


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


def websocket_bytes(size: int, runs: int, folder: Path, browser) -> list[dict]:
    """Bytes the server sends on the websocket per map update, in the real dashboard."""
    frame = generate(size)
    path = folder / f"events-{size}.csv"
    frame.to_csv(path, index=False)
    in_syria = int((frame["country"] == "Syria").sum())
    received: list[int] = []

    no_cache = browser_timing.NO_MESSAGE_CACHE
    with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(path)}, args=no_cache) as base:
        context, page = browser_timing.open_recorded(browser, base, received, block_other_hosts)
        browser_timing.wait_events(page, size, timeout_s=120)
        page.wait_for_timeout(1_000)
        first = sum(received)
        narrow, widen = [], []
        for _ in range(runs):
            for change, expected, sizes in (
                (lambda: choose_country(page, "Syria"), in_syria, narrow),
                (lambda: clear_country(page), size, widen),
            ):
                received.clear()
                browser_timing.timed_change(page, change, expected, 60)
                page.wait_for_timeout(1_000)  # the rest of the rerun's messages
                sizes.append(sum(received))
        context.close()
    return [
        {"view": "first load", "bytes": first},
        {"view": f"filter to Syria ({in_syria:,} markers)", "bytes": statistics.median(narrow)},
        {"view": f"clear the filter ({size:,} in view, cells)", "bytes": statistics.median(widen)},
    ]


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
    parser.add_argument("--events", type=int, default=10_000, help="events loaded, with --bytes")
    args = parser.parse_args()
    if args.websocket:
        with tempfile.TemporaryDirectory() as folder, chromium() as browser:
            rows = websocket_bytes(args.events, args.runs, Path(folder), browser)
        print(f"{'what happened':<40}  {'bytes received':>14}")
        for r in rows:
            print(f"{r['view']:<40}  {r['bytes']:>14,.0f}")
        print(f"websocket frames from the server; medians of {args.runs} changes each")
        return
    if args.bytes:
        with tempfile.TemporaryDirectory() as folder:
            print_bytes(update_bytes(args.events, Path(folder)))
        return
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
