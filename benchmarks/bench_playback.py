"""Playback steps per second in headless Chromium, at 1k, 10k and 100k events in view.

Steps run in the browser (static/js/playback.js): the map already holds
every event in view with its day, so a step changes the day window of the
event layer and redraws that one canvas. The page is the dashboard's own
map as the offline export builds it (components/map/export.py): the real
vector basemap, and the event layer that `assembly.event_layer` gives the
dashboard, so up to 5,000 events are markers (event_markers.js) and above
that grid cells (event_cells.js) recounted per frame from their playback
index; the playback control is added as the dashboard's page adds it. Each
step is timed from the call to the second animation frame after it, which
is when the new frame is on screen. A MutationObserver counts every change
to the map's DOM outside the event layers' canvases (the basemap, the
panes): 0 means the basemap never flickers. "bytes per update" is the event
layer's data, what a filter change sends; the browser's CPU seconds are read
from its processes (/proc), as the machine's load inflates wall time.

The other way, a server rerun per step (a Streamlit fragment sending the
frame's markers), is measured by bench_map_update.py as a filter change:
0.53 s at 10k events (STACK-NOTES §1), under 2 steps a second.

    python -m benchmarks.bench_playback [--sizes 1000 10000 100000] [--steps 60]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import tempfile
import threading
from pathlib import Path

from benchmarks.synthetic import generate
from components.map import cells
from components.map.assembly import encode_layer
from components.map.export import standalone_map_html
from events import load_events
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.scripts import BENCHMARKS_JS, probe

ROOT = Path(__file__).resolve().parents[1]
PLAYBACK_JS = ROOT / "static" / "js" / "playback.js"


def browser_cpu() -> float:
    """CPU seconds used so far by this process's descendants (the browser and its driver).

    Read from /proc (Linux), as they have not exited for `resource` to count them.
    """
    parent_of, used = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent_of[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime, in ticks
    me, total = os.getpid(), 0
    for pid in used:
        up = parent_of.get(pid)
        while up and up != me:
            up = parent_of.get(up)
        if up == me:
            total += used[pid]
    return total / os.sysconf("SC_CLK_TCK")


def page_html(events) -> str:
    """The dashboard's map of `events` as one page, with the playback control it has there."""
    page = standalone_map_html(events, "playback benchmark").decode("utf-8")
    script = "<script>" + PLAYBACK_JS.read_text(encoding="utf-8") + "</script>"
    return page.replace("</head>", script + "</head>", 1)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            return None

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def measure(sizes: list[int], steps: int, shots: Path | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server, base = serve(folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                for n in sizes:
                    csv = folder / f"events-{n}.csv"
                    generate(n).to_csv(csv, index=False)
                    events = load_events(csv).events
                    kind = "cells" if cells.should_aggregate(n) else "markers"
                    update = len(encode_layer(kind, events))
                    (folder / f"page-{n}.html").write_text(page_html(events), encoding="utf-8")
                    for width, height in ((1400, 900), (390, 844)):
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto(f"{base}/page-{n}.html")
                        page.wait_for_function(
                            "() => window.map && map.eventPlayback"
                            " && map.eventPlayback.canvases().length > 0",
                            timeout=120_000,
                        )
                        page.wait_for_timeout(500)
                        cpu = browser_cpu()
                        result = page.evaluate(probe("playback_steps", BENCHMARKS_JS), [steps])
                        cpu = browser_cpu() - cpu
                        if shots is not None:
                            page.screenshot(path=str(shots / f"playback-{n}-{width}.png"))
                        page.close()
                        rows.append(
                            {"events": n, "width": width, "bytes": update, "cpu": cpu, **result}
                        )
                browser.close()
        finally:
            server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--screenshots", type=Path, default=None)
    args = parser.parse_args()
    rows = measure(args.sizes, args.steps, args.screenshots)
    print(f"load average {os.getloadavg()[0]:.2f} (1 min); {args.steps} steps a run")
    print(
        "| events in view | viewport | layer | bytes per update | steps/s | median step |"
        " worst step | browser CPU s | events in frame | DOM changes outside the layer |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['events']:,} | {r['width']} | {r['layer']} | {r['bytes']:,} |"
            f" {r['perSecond']:.1f} | {r['median']:.1f} ms | {r['worst']:.1f} ms |"
            f" {r['cpu']:.2f} | {r['shown']:.0f} | {r['outside']} |"
        )


if __name__ == "__main__":
    main()
