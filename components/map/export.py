"""The map in view as one HTML file that works offline, opened straight from disk.

A colleague without the dashboard, or a reader months later with no
internet, must see the same map: so Leaflet's script and stylesheet (with
its images as data URIs), the vector basemap and the events are all inside
the page, and nothing is fetched from anywhere, not even from the folder the
file sits in. The markers are the dashboard's own event layer
(`components.map.assembly.event_layer`), so they have the same colours,
shapes, sizes and halos; the project's scripts (static/js) that the
dashboard's page loads by URL are inlined here. The legend and a citation
line (sources, date of export, what was in view) sit above and below the map.

A pure builder: it returns bytes and never calls Streamlit.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path

import pandas as pd

from assets.fetch import DEFAULT_STATIC_DIR
from assets.manifest import Manifest, load_manifest
from components.map.assembly import base_map, data_bounds, event_layer, fit_view, placed_count
from components.map.assets import EXPORT_SCRIPTS, SCRIPTS_DIR, require_assets
from components.map.basemap import BasemapData, add_basemap
from components.map.cells import should_aggregate
from components.map.legend import legend_html
from components.map.markers import is_dense
from components.map.rawtext import MAP, RawElement, ScriptCall, script_safe
from events.bidi import isolate_direction

HTML_MEDIA_TYPE = "text/html"
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")

_PAGE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font: 13px/1.45 system-ui, sans-serif;
       color: #222; }
.export-head { order: 0; padding: 8px 12px; border-bottom: 1px solid #ddd; }
.export-head h1 { font-size: 15px; margin: 0 0 2px 0; }
.export-head p { margin: 0; color: #444; }
.folium-map { order: 1; flex: 1 1 auto; height: auto !important; min-height: 320px; }
.export-foot { order: 2; padding: 6px 12px; border-top: 1px solid #ddd; }
"""


class _ExposeMap(ScriptCall):
    """`window.map` names the Leaflet map, as in the dashboard, for scripts and tests."""

    function = "L.exposeMap"

    def __init__(self) -> None:
        super().__init__(MAP)


def standalone_map_html(
    events: pd.DataFrame,
    citation: str,
    *,
    title: str = "Conflict map",
    static_dir: Path = DEFAULT_STATIC_DIR,
    manifest: Manifest | None = None,
) -> bytes:
    """A self-contained HTML page of `events` on the offline basemap, with `citation` shown.

    Raises `components.map.assets.MapAssetsMissing` (naming the files) when
    Leaflet or the basemap are not installed under `static_dir`.
    """
    require_assets(static_dir)
    center, zoom = fit_view(events)
    m = base_map(center, zoom, fit_bounds=data_bounds(events), scripts_by_url=False)
    # On this map only: no <script src> or <link href> at all, the code is inlined below.
    m.default_js = []
    m.default_css = []
    add_basemap(m, BasemapData.inline(static_dir / "basemap"), online_tiles=False)
    event_layer(events).add_to(m)
    _ExposeMap().add_to(m)

    root = m.get_root()
    root.title = html.escape(isolate_direction(title))
    for kind, path in _browser_files(static_dir, manifest or load_manifest()):
        text = path.read_text(encoding="utf-8")
        if kind == "css":
            root.header.add_child(RawElement(f"<style>{_inline_urls(text, path.parent)}</style>"))
        else:
            root.header.add_child(RawElement(f"<script>{script_safe(text)}</script>"))
    root.header.add_child(RawElement(f"<style>{_PAGE_CSS}</style>"))
    root.html.add_child(
        RawElement(
            f'<header class="export-head"><h1>{html.escape(isolate_direction(title))}</h1>'
            f'<p class="export-citation">{html.escape(isolate_direction(citation))}</p></header>'
        )
    )
    placed = placed_count(events)
    legend = legend_html(cells=should_aggregate(placed), dense=is_dense(placed))
    root.html.add_child(RawElement(f'<footer class="export-foot">{legend}</footer>'))
    return root.render().encode("utf-8")


def _browser_files(static_dir: Path, manifest: Manifest) -> list[tuple[str, Path]]:
    """Stylesheets, then scripts, of every package the browser loads, then the project's own."""
    files = []
    for package in manifest.packages:
        folder = static_dir / "vendor" / package.folder
        files += [("css", folder / relative) for relative in package.browser_css]
    for package in manifest.packages:
        folder = static_dir / "vendor" / package.folder
        files += [("js", folder / relative) for relative in package.browser_js]
    return files + [("js", SCRIPTS_DIR / name) for name in EXPORT_SCRIPTS]


def _inline_urls(css: str, folder: Path) -> str:
    """Replace `url(images/x.png)` with the file as a data URI; other URLs stay as they are."""

    def inline(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#", "http:", "https:", "//")):
            return match.group(0)
        path = folder / target
        if not path.is_file():
            return match.group(0)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'url("data:{kind};base64,{encoded}")'

    return _CSS_URL.sub(inline, css)


__all__ = ["HTML_MEDIA_TYPE", "standalone_map_html"]
