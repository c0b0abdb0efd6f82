"""Session-level decisions about the map: where it starts, where it pans, what lies under it.

The base map must be identical on every rerun or streamlit-folium rebuilds
Leaflet (a flicker, and the user's pan lost), so its starting centre and zoom
are fixed once per session and per dataset; later moves go through `center`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from components import map_assets
from components.detail import PAN_PENDING_KEY
from components.event_map import data_bounds, fit_view
from events.view import ViewState

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
START_KEY = "_map_start"
PAN_KEY = "_map_pan_to"


AUTOFETCH_ENV = "MAP_ASSETS_AUTOFETCH"


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

    Where the app is deployed without `make` (Streamlit Community Cloud),
    setting MAP_ASSETS_AUTOFETCH=1 lets the first run fetch the pinned,
    integrity-checked assets itself.
    """
    if os.environ.get(AUTOFETCH_ENV) == "1" and map_assets.missing_assets(STATIC_DIR):
        failure = _fetch_assets_once()
        if failure:
            st.error(f"Fetching the map assets failed: {failure}")
    if not map_assets.render_map_assets_check(STATIC_DIR):
        st.stop()
    map_assets.use_local_assets()


def session_start_view(
    view: ViewState, events: pd.DataFrame
) -> tuple[tuple[float, float], int, list[list[float]] | None]:
    """Where the base map opens: the link's centre and zoom if it named them, else fit the data."""
    fingerprint = (len(events), tuple(events["event_id"].head(3)))
    stored = st.session_state.get(START_KEY)
    if stored is not None and stored[0] == fingerprint:
        return stored[1]
    center, zoom = fit_view(events)
    if view.center is not None or view.zoom is not None:
        start = (view.center or center, view.zoom or zoom, None)
    else:
        start = (center, zoom, data_bounds(events))
    st.session_state[START_KEY] = (fingerprint, start)
    return start


def pan_target(selected: str | None, events: pd.DataFrame) -> tuple[float, float] | None:
    if st.session_state.pop(PAN_PENDING_KEY, False) and selected is not None:
        row = events.loc[events["event_id"] == selected]
        if not row.empty and not pd.isna(row.iloc[0]["latitude"]):
            st.session_state[PAN_KEY] = (
                float(row.iloc[0]["latitude"]),
                float(row.iloc[0]["longitude"]),
            )
    return st.session_state.get(PAN_KEY)


def basemap():
    from components import basemap as vector_basemap

    return vector_basemap.add_basemap


def render_map_watchdog() -> None:
    """If the map's scripts never start in the browser, say so where the map should be."""
    map_assets.render_map_watchdog()
