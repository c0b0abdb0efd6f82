"""Session-level decisions about the map: where it starts and where it pans.

The base map must be identical on every rerun or streamlit-folium rebuilds
Leaflet (a flicker, and the user's pan lost), so its starting centre and zoom
are fixed once per session and per dataset; later moves go through `center`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.detail import PAN_PENDING_KEY
from components.map.assembly import data_bounds, fit_view
from events.view import ViewState

START_KEY = "_map_start"
PAN_KEY = "_map_pan_to"


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
