"""A vector basemap that needs no tiles: Natural Earth borders, rivers, lakes and town labels.

The dashboard must be readable with no internet, so its default basemap is
drawn by Leaflet from four small GeoJSON files built at install time
(``python -m assets.fetch`` -> ``static/basemap``). OpenStreetMap tiles are an
option the user can switch to; if they fail to load, the map falls back to the
vector basemap by itself, and a label in the corner always says which basemap
is showing.

Everything here is a pure builder returning folium objects that call the
functions of static/js/basemap.js with their options as JSON. The generated
HTML depends only on the arguments (and, for inline data, on the files), so
streamlit-folium sees the same map on every rerun and does not remount it.

Basemap layers sit in their own panes below the event layers (Leaflet's
overlay pane, z-index 400) and are non-interactive, so they never take a
click meant for an event marker.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium

from assets.basemap_data import BASEMAP_FILES
from assets.fetch import DEFAULT_STATIC_DIR
from components.map.rawtext import MAP, PARENT, ScriptCall, parent_map

DEFAULT_BASEMAP_URL = "/app/static/basemap"
VECTOR_BASEMAP_NAME = "Natural Earth 1:50m (offline)"
OSM_TILES_NAME = "OpenStreetMap tiles"
OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
NATURAL_EARTH_ATTRIBUTION = (
    'Borders, rivers: <a href="https://www.naturalearthdata.com/">Natural Earth</a>; '
    'towns: <a href="https://www.geonames.org/">GeoNames</a>'
)
# Iraq and Syria with their neighbours in view on a laptop screen.
REGION_CENTER = (33.5, 42.5)
REGION_ZOOM = 6
MAX_ZOOM = 18  # on the Leaflet map itself: marker clustering refuses to run without one

SEA_COLOR = "#c9dcea"
LAND_STYLE = {
    "color": "#7b7468",  # border
    "weight": 1.1,
    "opacity": 0.9,
    "fillColor": "#f3efe4",
    "fillOpacity": 1,
    "lineJoin": "round",
}
LAKE_STYLE = {
    "color": "#86aac8",
    "weight": 0.7,
    "opacity": 1,
    "fillColor": SEA_COLOR,
    "fillOpacity": 1,
}
RIVER_STYLE = {"color": "#4f8fc6", "weight": 1.6, "opacity": 0.95, "lineCap": "round"}
# Tile errors, with no tile loaded yet, before the map gives up on tiles.
TILE_ERRORS_BEFORE_FALLBACK = 3

# Panes and their z-index: Leaflet's tile pane is 200, overlay pane (events) 400,
# marker pane 600. Labels stay under the event layers so events are never hidden.
PANES = {"basemapLand": 210, "basemapWater": 220, "basemapLabels": 390}
_PANE_FOR = {"countries": "basemapLand", "lakes": "basemapWater", "rivers": "basemapWater"}

# assets/place_labels.py estimates label sizes from these fonts to keep labels
# from overlapping: change the two together.
_LABEL_CSS = """
.bm-place{white-space:nowrap;font:11px/14px "Helvetica Neue",Arial,sans-serif;color:#2b2b2b;
text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;pointer-events:none}
.bm-town:before{content:"";display:inline-block;width:4px;height:4px;margin:0 3px 1px 0;
border-radius:50%;background:#4a4a4a;vertical-align:middle}
.bm-capital{font-weight:700;font-size:12px;color:#111}
.bm-capital:before{content:"";display:inline-block;width:5px;height:5px;margin:0 3px 1px 0;
border:2px solid #111;border-radius:50%;background:#fff;vertical-align:middle}
.bm-country span{position:absolute;left:0;top:0;transform:translate(-50%,-50%);
font-size:11px;font-weight:600;letter-spacing:.18em;text-transform:uppercase;color:#8c7f6a}
.bm-which{background:rgba(255,255,255,.85);padding:2px 6px;border-radius:3px;
font:11px/1.4 "Helvetica Neue",Arial,sans-serif;color:#333}
"""


@functools.lru_cache(maxsize=8)
def _read_geojson(path: Path, mtime_ns: int) -> dict[str, Any]:
    """Parsed file, cached per modification time so reruns do not re-read 300 KB."""
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class BasemapData:
    """Where each basemap layer comes from: a URL the browser fetches, or GeoJSON inline.

    Measured with the region's files (382 KB of GeoJSON): by URL, the default,
    the script streamlit-folium sends is 11 KB and building it costs about
    7 ms per rerun, while the browser fetches the files once per map mount
    (88 KB gzipped on the wire, revalidated by ETag afterwards). Inline, the
    script is 445 KB and every rerun spends 60-110 ms rendering and hashing it.
    """

    countries: str | dict[str, Any]
    rivers: str | dict[str, Any]
    lakes: str | dict[str, Any]
    places: str | dict[str, Any]

    @classmethod
    def from_url(cls, base_url: str = DEFAULT_BASEMAP_URL) -> BasemapData:
        base = base_url.rstrip("/")
        return cls(*(f"{base}/{name}" for name in BASEMAP_FILES))

    @classmethod
    def inline(cls, basemap_dir: Path = DEFAULT_STATIC_DIR / "basemap") -> BasemapData:
        """Read the installed files; FileNotFoundError names the missing one."""
        collections = []
        for name in BASEMAP_FILES:
            path = (basemap_dir / name).resolve()
            if not path.is_file():
                raise FileNotFoundError(
                    f"basemap file {path} is missing; install it with `python -m assets.fetch`"
                )
            collections.append(_read_geojson(path, path.stat().st_mtime_ns))
        return cls(*collections)


class BasemapSetup(ScriptCall):
    """Creates the basemap panes, the label styles and the sea colour, once per map."""

    function = "L.basemapSetup"

    def __init__(self) -> None:
        options = {"panes": PANES, "sea": SEA_COLOR, "css": " ".join(_LABEL_CSS.split())}
        super().__init__(MAP, options)


class BasemapLayer(ScriptCall):
    """One non-interactive layer of the basemap, drawn in its own pane.

    ``kind`` is ``countries``, ``lakes``, ``rivers`` (SVG shapes with a fixed
    style) or ``places``: ``L.divIcon`` text labels, their text set with
    ``textContent``, never as HTML. Each place carries ``z``, the zoom from
    which it is shown (decided at install time so labels do not overlap);
    labels are kept in one group per zoom and only the groups for the current
    zoom are on the map, so a zoomed-out map holds tens of labels, not
    a thousand. Data given as a URL is fetched by the browser; a failure is
    kept on ``map.basemapErrors`` and the basemap label says so. The drawing
    is ``L.basemapLayer`` in static/js/basemap.js.
    """

    function = "L.basemapLayer"

    def __init__(self, kind: str, source: str | dict[str, Any]) -> None:
        if kind not in ("countries", "lakes", "rivers", "places"):
            raise ValueError(f"basemap layer kind must be countries/lakes/rivers/places: {kind!r}")
        if not isinstance(source, str | dict):
            raise TypeError(f"basemap {kind} source must be a URL or a GeoJSON dict: {source!r}")
        self.kind = kind
        self.url = source if isinstance(source, str) else None
        self.data = source if isinstance(source, dict) else None
        self.pane = _PANE_FOR.get(kind, "basemapLabels")
        self.style = {"countries": LAND_STYLE, "lakes": LAKE_STYLE, "rivers": RIVER_STYLE}.get(
            kind, {}
        )
        self.attribution = NATURAL_EARTH_ATTRIBUTION if kind == "countries" else ""
        options = {
            "kind": kind,
            "url": self.url,
            "data": self.data,
            "pane": self.pane,
            "style": self.style,
            "attribution": self.attribution,
        }
        super().__init__(PARENT, MAP, options, name=f"Basemap_{kind}")

    @property
    def map_name(self) -> str:
        return parent_map(self).get_name()


def vector_basemap(data: BasemapData | None = None, *, show: bool = True) -> folium.FeatureGroup:
    """The offline basemap as one base layer: land and borders, lakes, rivers, labels.

    It is a base layer (``overlay=False``) so that a LayerControl offers it
    as the alternative to online tiles rather than as a checkbox on top.
    """
    data = data or BasemapData.from_url()
    group = folium.FeatureGroup(name=VECTOR_BASEMAP_NAME, overlay=False, control=True, show=show)
    BasemapSetup().add_to(group)
    for kind in ("countries", "lakes", "rivers", "places"):
        BasemapLayer(kind, getattr(data, kind)).add_to(group)
    return group


def online_tile_layer(
    url: str = OSM_TILES_URL,
    *,
    name: str = OSM_TILES_NAME,
    attribution: str = OSM_ATTRIBUTION,
    show: bool = False,
) -> folium.TileLayer:
    """Online raster tiles as an alternative base layer, hidden until the user picks it.

    The URL is a parameter because OpenStreetMap's tile policy asks apps not to
    hard-code its servers; point it at a tile server you are allowed to use.
    """
    return folium.TileLayer(
        tiles=url,
        attr=attribution,
        name=name,
        overlay=False,
        control=True,
        show=show,
        max_zoom=19,
    )


class BasemapStatus(ScriptCall):
    """Corner label naming the basemap in view, and the fall-back from failing tiles.

    When the tile layer reports ``TILE_ERRORS_BEFORE_FALLBACK`` tile errors
    without a single tile loaded, it is swapped for the vector basemap and the
    label says the tiles were unavailable. ``map.basemapState`` tells tests
    and the curious which basemap is on: ``vector``, ``tiles`` or ``vector-fallback``.
    """

    function = "L.basemapStatus"

    def __init__(
        self,
        vector: folium.FeatureGroup,
        tiles: folium.TileLayer | None,
        position: str = "bottomleft",
    ) -> None:
        self.vector = vector
        self.tiles = tiles
        options = {
            "position": position,
            "vectorName": VECTOR_BASEMAP_NAME,
            "tilesName": OSM_TILES_NAME if tiles is None else tiles.layer_name,
            "errorsBeforeFallback": TILE_ERRORS_BEFORE_FALLBACK,
        }
        super().__init__(PARENT, vector, tiles, options)


def add_basemap(
    m: folium.Map,
    data: BasemapData | None = None,
    *,
    online_tiles: bool = True,
    tiles_url: str = OSM_TILES_URL,
    layer_control: bool = True,
) -> folium.Map:
    """Put the vector basemap (shown), optional online tiles (hidden) and the status label on ``m``.

    With ``layer_control`` and online tiles, a LayerControl lets the user
    switch; leave it out when the app passes its own ``layer_control`` to
    ``st_folium``, which then lists these base layers too.
    """
    vector = vector_basemap(data, show=True)
    vector.add_to(m)
    tiles = None
    if online_tiles:
        tiles = online_tile_layer(tiles_url)
        tiles.add_to(m)
    BasemapStatus(vector, tiles).add_to(m)
    if online_tiles and layer_control:
        folium.LayerControl(position="topright", collapsed=True).add_to(m)
    return m
