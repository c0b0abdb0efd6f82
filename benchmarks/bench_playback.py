"""Playback steps per second in headless Chromium, at 1k, 10k and 100k events in view.

Steps run in the browser (static/js/playback.js): the marker canvas already
holds every event in view with its day, so a step changes the canvas's day
window and redraws that canvas only. This script loads Leaflet, the marker
canvas and the playback control on a page of their own (served from
127.0.0.1, no network), with a stand-in basemap layer, and steps the
animation as fast as the page paints: each step is timed from the call to
the second animation frame after it, which is when the new frame is on
screen. A MutationObserver counts every change to the map's DOM outside the
marker canvas (the basemap, the panes): 0 means the basemap never flickers.

The other way, a server rerun per step (a Streamlit fragment sending the
frame's markers), is measured by bench_map_update.py as a filter change:
0.53 s at 10k events (STACK-NOTES §1), under 2 steps a second.

    python -m benchmarks.bench_playback [--sizes 1000 10000 100000] [--steps 60]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import tempfile
import threading
from pathlib import Path

from benchmarks.synthetic import generate
from components import style
from components.map.markers import marker_table
from events import load_events
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
LEAFLET = "static/vendor/leaflet@1.9.3"

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/{leaflet}/leaflet.css">
<script src="/{leaflet}/leaflet.js"></script>
<script src="/static/js/event_markers.js"></script>
<script src="/static/js/playback.js"></script>
<style>html,body,#map{{margin:0;height:100%}}</style></head>
<body><div id="map"></div><script>
var map = L.map('map', {{preferCanvas: true}}).setView([30, 40], 4);
// A stand-in basemap: land outlines as SVG, which a step must leave alone.
L.geoJSON({{type: 'Feature', geometry: {{type: 'Polygon', coordinates:
  [[[20, 10], [60, 10], [60, 45], [20, 45], [20, 10]]]}}}},
  {{renderer: L.svg(), style: {{color: '#999', weight: 1, fillOpacity: 0.05}}}}).addTo(map);
fetch('/{data}').then(r => r.json()).then(d => {{
  window.layer = L.eventMarkers(L.featureGroup().addTo(map), d, null, {colors});
  window.ready = true;
}});
</script></body></html>
"""

STEP = """async ([steps]) => {
  const control = map.eventPlayback, canvas = window.layer;
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  let outside = 0;
  const watch = new MutationObserver(list => {
    for (const m of list) {
      if (!canvas._container.contains(m.target) && !m.target.closest('.ev-playback')
          && !m.target.closest('.leaflet-tooltip-pane')) outside++;
    }
  });
  watch.observe(map.getContainer(), {subtree: true, childList: true, attributes: true});
  control.step = 'day'; control.trail = 30;
  control.stepBy(1); await frame();
  const times = [];
  let shown = 0;
  for (let k = 0; k < steps; k++) {
    const t0 = performance.now();
    control.stepBy(1);
    await frame();
    times.push(performance.now() - t0);
    shown += canvas.shownCount();
  }
  watch.disconnect();
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return {perSecond: 1000 * steps / total, median: times[times.length >> 1],
          worst: times[times.length - 1], shown: shown / steps, outside: outside};
}"""


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
        (folder / "static").symlink_to(ROOT / "static")
        server, base = serve(folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                for n in sizes:
                    csv = folder / f"events-{n}.csv"
                    generate(n).to_csv(csv, index=False)
                    table = marker_table(load_events(csv).events)
                    (folder / f"events-{n}.json").write_text(json.dumps(table))
                    (folder / f"page-{n}.html").write_text(
                        PAGE.format(
                            leaflet=LEAFLET,
                            data=f"events-{n}.json",
                            colors=json.dumps(style.SIDE_COLORS),
                        )
                    )
                    for width, height in ((1400, 900), (390, 844)):
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto(f"{base}/page-{n}.html")
                        page.wait_for_function("window.ready === true", timeout=120_000)
                        result = page.evaluate(STEP, [steps])
                        if shots is not None:
                            page.screenshot(path=str(shots / f"playback-{n}-{width}.png"))
                        page.close()
                        rows.append({"events": n, "width": width, **result})
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
    print(
        "| events in view | viewport | steps/s | median step | worst step | markers in frame |"
        " DOM changes outside the canvas |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['events']:,} | {r['width']} | {r['perSecond']:.1f} | {r['median']:.1f} ms"
            f" | {r['worst']:.1f} ms | {r['shown']:.0f} | {r['outside']} |"
        )


if __name__ == "__main__":
    main()
