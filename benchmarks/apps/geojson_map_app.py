"""The best plain way to map events with Streamlit and folium, for comparison.

What a competent user of the same stack writes once the naive map (one
CircleMarker per event, the whole map rebuilt on every rerun) is too slow:
the map is built the same way on every rerun, so streamlit-folium keeps it,
and the events go in one GeoJSON layer drawn on Leaflet's canvas renderer
(``prefer_canvas``), handed over through ``feature_group_to_add``, which
replaces only that layer. The features are built column-wise from the
filtered frame. Same EVENTS_CSV, Country filter and local Leaflet as
benchmarks/apps/plain_map_app.py, so benchmarks/bench_peer.py drives all three alike.
"""

from __future__ import annotations

import os

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.map.assets import use_local_assets
from events import load_events


@st.cache_data
def events(path: str):
    return load_events(path).events


def feature_collection(frame) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"country": country},
            }
            for lat, lon, country in zip(
                frame["latitude"].tolist(),
                frame["longitude"].tolist(),
                frame["country"].astype(str).tolist(),
                strict=True,
            )
        ],
    }


use_local_assets()
frame = events(os.environ["EVENTS_CSV"])
countries = st.sidebar.multiselect("Country", sorted(frame["country"].dropna().unique()))
shown = frame[frame["country"].isin(countries)] if countries else frame
m = folium.Map(location=[34, 42], zoom_start=6, tiles=None, prefer_canvas=True)
layer = folium.FeatureGroup(name="events")
folium.GeoJson(
    feature_collection(shown),
    marker=folium.CircleMarker(radius=3, weight=1, fill=True),
    tooltip=folium.GeoJsonTooltip(fields=["country"], labels=False),
).add_to(layer)
st_folium(
    m,
    key="events-map",
    feature_group_to_add=layer,
    height=560,
    use_container_width=True,
    returned_objects=[],
)
