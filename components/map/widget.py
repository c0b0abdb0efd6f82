"""The map as a Streamlit widget: st_folium, its caches, its click, its checks at start-up.

Everything that calls Streamlit for the map is here; the builders it uses
(components/map/assembly.py and below) never do, so the offline export can
use them without a running app.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import state
from components.map import assets, cells, markers
from components.map.assembly import MAP_HEIGHT, base_map, encode_layer, event_layer
from components.map.chains import chains_legend_html
from components.map.legend import legend_html
from components.map.rawtext import ScriptJson
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


def _on_map_click() -> None:
    """Callback: a click on a marker selects its event."""
    event_id = state.selection_from_map(state.map_returned())
    if event_id is not None:
        state.select_on_map(event_id)


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
    center, zoom, bounds = start
    st_folium(
        base_map(center, zoom, basemap, fit_bounds=bounds),
        key=state.MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=event_layer(
            shown, selected, _encoder(cache_key, colouring), chains=chains, colouring=colouring
        ),
        center=pan_to,
        returned_objects=["last_active_drawing"],
        on_change=_on_map_click,
    )
    placed = int(shown[["latitude", "longitude"]].notna().all(axis=1).sum())
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
