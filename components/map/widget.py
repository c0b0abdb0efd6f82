"""The map as a Streamlit widget: st_folium, its caches, its click, its checks at start-up.

Everything that calls Streamlit for the map is here; the builders it uses
(components/map/assembly.py and below) never do, so the offline export can
use them without a running app.
"""

from __future__ import annotations

import copy
import functools
import gc
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
import streamlit_folium
from branca.colormap import ColorMap
from branca.element import Element
from folium.elements import JSCSSMixin

from components import state
from components.map import assets, cells, markers
from components.map.assembly import (
    MAP_HEIGHT,
    base_map,
    encode_layer,
    event_layer,
    placed_count,
)
from components.map.chains import chains_legend_html
from components.map.legend import legend_html
from components.map.rawtext import MAP, PARENT, ScriptCall, ScriptJson, script_json
from events.colouring import Colouring

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
AUTOFETCH_ENV = "MAP_ASSETS_AUTOFETCH"


@st.cache_data(max_entries=32, show_spinner=False)
def _cached_layer_json(
    kind: str, cache_key: tuple, colouring: Colouring | None, _events: pd.DataFrame
) -> ScriptJson:
    return encode_layer(kind, _events, colouring)


def _encoder(cache_key: tuple | None, colouring: Colouring | None = None):
    """`encode_layer`, remembered per `cache_key` (dataset version and filters) if given."""
    if cache_key is None:
        return lambda kind, events: encode_layer(kind, events, colouring)
    return lambda kind, events: ScriptJson(_cached_layer_json(kind, cache_key, colouring, events))


@functools.cache
def freeze_startup_heap() -> int:
    """Leave what the first run loaded (modules, the data set) out of every later collection.

    Python's full collections walk every object that may be in a cycle; in
    this app (pandas, altair, folium, the data set) one took 0.2-0.5 s of
    held GIL, several times a minute under viewer load, stalling every
    session's rerun. Called once per process, on the first map drawn, after
    a last full collection: later collections see only objects made since.
    Returns how many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _on_map_click() -> None:
    """Callback: a click on a marker selects its event."""
    event_id = state.selection_from_map(state.map_returned())
    if event_id is not None:
        state.select_on_map(event_id)


# What streamlit-folium returns before any click, by returned object (st_folium's defaults;
# `bounds` and `zoom` are the map's own and come from `MapFrame`).
_UNSET_RETURNS = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)


@dataclass(frozen=True)
class MapFrame:
    """What streamlit-folium sends for the base map, worked out once per start for every session.

    `st_folium` builds and renders the whole folium map on every rerun (Jinja,
    the tile layer's provider lookup, regular expressions over the script:
    about 40 ms), although the base map depends only on where the map opens
    and on the asset URLs. This holds its strings (the map script, header,
    HTML, the links the page loads, the widget key derived from the script),
    so a rerun renders only the event layer.
    """

    script: str
    header: str
    html: str
    map_id: str
    widget_key: str
    bounds: dict
    zoom: object
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    d3: bool = False  # a colour map on the base map: st_folium loads d3 first

    def defaults(self, returned_objects: Iterable[str] | None) -> dict:
        """st_folium's `default`: what the component returns before the first click."""
        values = dict.fromkeys(_UNSET_RETURNS)
        values["bounds"], values["zoom"] = copy.deepcopy(self.bounds), self.zoom
        order = (*_UNSET_RETURNS[:7], "bounds", "zoom", *_UNSET_RETURNS[7:])
        wanted = None if returned_objects is None else set(returned_objects)
        return {name: values[name] for name in order if wanted is None or name in wanted}


_D3 = ("https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")


def _links(element) -> tuple[list[str], list[str], bool]:
    """Stylesheets and scripts an element and its children list, in st_folium's order.

    The third value says whether a colour map is among them, for which
    st_folium puts d3 before every other script.
    """
    css, js, d3 = [], [], False
    stack = [element]
    while stack:
        node = stack.pop()
        d3 = d3 or isinstance(node, ColorMap)
        if isinstance(node, ColorMap | JSCSSMixin):
            css.extend(href for _, href in getattr(node, "default_css", []))
            js.extend(src for _, src in getattr(node, "default_js", []))
        stack.extend(reversed(list(getattr(node, "_children", {}).values())))
    return css, js, d3


def _bounds_dict(bounds: list[list[float | None]]) -> dict:
    (south, west), (north, east) = bounds
    return {
        "_southWest": {"lat": south, "lng": west},
        "_northEast": {"lat": north, "lng": east},
    }


def asset_urls() -> tuple:
    """The process-wide asset lists `assets.use_local_assets` sets, which every base map reads."""
    return (
        tuple(folium.Map.default_js),
        tuple(folium.Map.default_css),
        tuple(assets.MapScripts.default_js),
    )


def map_frame(
    center: tuple[float, float],
    zoom: int,
    bounds: Sequence[Sequence[float]] | None,
    basemap: Callable | None,
    key: str,
) -> MapFrame:
    """The base map as streamlit-folium sends it, shared by every rerun with these inputs.

    The cache is keyed on every input the base map is built from: the start
    (centre, zoom, corners to fit), the basemap builder, the widget key and
    the asset URLs of this process; `basemap` must be deterministic, as
    `base_map` already requires.
    """
    corners = None if bounds is None else tuple(tuple(float(v) for v in c) for c in bounds)
    place = (tuple(float(v) for v in center), int(zoom))
    return _map_frame(place, corners, basemap, key, asset_urls())


@functools.lru_cache(maxsize=128)
def _map_frame(place, corners, basemap, key, _assets) -> MapFrame:
    center, zoom = place
    fit = None if corners is None else [list(c) for c in corners]
    m = base_map(center, zoom, basemap, fit_bounds=fit)
    # The same steps, in the same order, as st_folium's own.
    m.get_root().render()
    m.render()
    html = streamlit_folium._get_html(m)
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    css, js, d3 = _links(m)
    return MapFrame(
        script=script,
        header=header,
        html=html,
        map_id=streamlit_folium.get_full_id(m),
        widget_key=streamlit_folium.generate_js_hash(script, key, False),
        bounds=_bounds_dict(bounds),
        zoom=m.options.get("zoom") if hasattr(m, "options") else {},
        css_links=tuple(css),
        js_links=tuple(js),
        d3=d3,
    )


def layer_fingerprint(group: folium.FeatureGroup) -> tuple | None:
    """Everything the layer's script is written from, or None if that cannot be told.

    A layer of `ScriptCall`s (the event markers, cells, chains) is a function
    of its options and of each call's class, function and arguments (their
    JSON text; PARENT and MAP are named the same on every map). Anything else
    (a folium element, an argument naming another element, a nested child)
    is rendered afresh every time.
    """
    calls = []
    for child in group._children.values():
        if not isinstance(child, ScriptCall) or child._children or _overrides_script(child):
            return None
        arguments = []
        for value in child.arguments:
            if value is PARENT or value is MAP:
                arguments.append((value.label,))
            elif isinstance(value, Element):
                return None
            else:
                arguments.append(value if isinstance(value, ScriptJson) else script_json(value))
        calls.append((type(child), child._name, child.function, tuple(arguments)))
    options = (group.layer_name, group.overlay, group.control, group.show)
    return (type(group), options, script_json(group.options), tuple(calls))


def _overrides_script(call: ScriptCall) -> bool:
    """Whether a call writes its line its own way, so its arguments may not say it all."""
    kind = type(call)
    return any(getattr(kind, name) is not getattr(ScriptCall, name) for name in _SCRIPT_METHODS)


_SCRIPT_METHODS = ("render", "call_text", "_argument", "get_name")
_LAYER_SCRIPTS: OrderedDict[tuple, str] = OrderedDict()
_LAYER_SCRIPTS_KEPT = 32
_LAYER_SCRIPTS_LOCK = threading.Lock()


def _kept_layer_script(group: folium.FeatureGroup, map_id: str) -> str:
    """The layer's script, rendered once per fingerprint and map name for every session."""
    fingerprint = layer_fingerprint(group)
    if fingerprint is None:
        return _render_layer(group, map_id)
    key = (fingerprint, map_id)
    with _LAYER_SCRIPTS_LOCK:
        script = _LAYER_SCRIPTS.get(key)
        if script is not None:
            _LAYER_SCRIPTS.move_to_end(key)
            return script
    script = _render_layer(group, map_id)
    with _LAYER_SCRIPTS_LOCK:
        _LAYER_SCRIPTS[key] = script
        while len(_LAYER_SCRIPTS) > _LAYER_SCRIPTS_KEPT:
            _LAYER_SCRIPTS.popitem(last=False)
    return script


def _render_layer(group: folium.FeatureGroup, map_id: str) -> str:
    holder = folium.Map(tiles=None)
    holder._id = map_id.removeprefix("map_")
    return streamlit_folium._get_feature_group_string(group, map=holder, idx=0)


def layer_script(group: folium.FeatureGroup, frame: MapFrame) -> tuple[str, list[str], list[str]]:
    """The event layer's script as st_folium writes `feature_group_to_add`, and its links.

    st_folium renders the layer on the map itself; the layer names the map
    only by its variable, so it is rendered here on an empty map named as
    streamlit-folium names every map (`frame.map_id`). Viewers of one view
    send the same layer, so its script is kept per `layer_fingerprint` (the
    whole of its data, not a digest of it). The links are the frame's
    followed by the layer's own, each once, as st_folium lists them.
    """
    css, js, d3 = _links(group)
    script = _kept_layer_script(group, frame.map_id)
    first = _D3 if (d3 or frame.d3) else ()
    return (
        script,
        list(dict.fromkeys((*frame.css_links, *css))),
        list(dict.fromkeys((*first, *frame.js_links, *js))),
    )


def component_args(
    frame: MapFrame,
    layer: folium.FeatureGroup,
    *,
    center: tuple[float, float] | None = None,
    returned_objects: list[str] | None = None,
    height: int = MAP_HEIGHT,
) -> dict:
    """What st_folium(base map, key=..., use_container_width=True, feature_group_to_add=layer)
    passes to the component, less its callback: the base map's part from `frame`."""
    layer_js, css_links, js_links = layer_script(layer, frame)
    return {
        "script": frame.script,
        "header": frame.header,
        "html": frame.html,
        "id": frame.map_id,
        "key": frame.widget_key,
        "height": height,
        "width": None,
        "returned_objects": returned_objects,
        "default": frame.defaults(returned_objects),
        "zoom": None,
        "center": center,
        "feature_group": layer_js,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": css_links,
        "js_links": js_links,
        "wrap_longitude": False,
    }


def render_map(
    shown: pd.DataFrame,
    selected: str | None,
    start: tuple[tuple[float, float], int, list[list[float]] | None],
    pan_to: tuple[float, float] | None = None,
    basemap=None,
    cache_key: tuple | None = None,
    chains: ScriptJson | None = None,
    legend_chains: tuple[bool, bool] = (False, False),
    colouring: Colouring | None = None,
) -> None:
    """Draw the map; `start` (centre, zoom, bounds to fit) is fixed for the session.

    `cache_key` names the dataset version and the filters that produced
    `shown`; with it, going back to an earlier view reuses its map data.
    `chains` is the reprisal arrows' JSON; `legend_chains` says whether the
    legend explains arrows and suggested links (components/map/chains.py).
    """
    freeze_startup_heap()
    center, zoom, bounds = start
    frame = map_frame(center, zoom, bounds, basemap, state.MAP)
    layer = event_layer(
        shown, selected, _encoder(cache_key, colouring), chains=chains, colouring=colouring
    )

    def on_change() -> None:
        state.keep_map_returned(frame.widget_key)
        _on_map_click()

    args = component_args(frame, layer, center=pan_to, returned_objects=["last_active_drawing"])
    streamlit_folium._component_func(**args, on_change=on_change)
    placed = placed_count(shown)
    aggregate, dense = cells.should_aggregate(placed), markers.is_dense(placed)
    legend = legend_html(cells=aggregate, dense=dense, colouring=colouring)
    st.html(legend + chains_legend_html(*legend_chains))


@st.cache_resource(show_spinner="Fetching the map's scripts and basemap (first start only)…")
def _fetch_assets_once() -> str | None:
    """Install the pinned assets from the npm registry; return why it failed, if it did."""
    from assets.fetch import install
    from assets.manifest import ManifestError, load_manifest
    from assets.npm import AssetFetchError, registry_from_env

    try:
        install(load_manifest(), STATIC_DIR, registry=registry_from_env(), out=lambda _: None)
    except (AssetFetchError, ManifestError, OSError, ValueError) as error:
        return str(error)
    return None


def require_map_assets() -> None:
    """Stop with a clear message, not a grey box, when Leaflet or the basemap cannot be served.

    The assets are committed (static/, checked against assets/static.lock.json),
    so a deploy from the repository alone has them; a copy without them can
    set MAP_ASSETS_AUTOFETCH=1 to let the first run fetch the pinned,
    integrity-checked files itself.
    """
    if os.environ.get(AUTOFETCH_ENV) == "1" and assets.missing_assets(STATIC_DIR):
        failure = _fetch_assets_once()
        if failure:
            st.error(f"Fetching the map assets failed: {failure}")
    if not assets.render_map_assets_check(STATIC_DIR):
        st.stop()
    assets.use_local_assets()


def basemap():
    """What the dashboard draws under the events: the offline vector basemap, tiles optional."""
    from components.map.basemap import add_basemap

    return add_basemap


def render_map_watchdog() -> None:
    """If the map's scripts never start in the browser, say so where the map should be."""
    assets.render_map_watchdog()
