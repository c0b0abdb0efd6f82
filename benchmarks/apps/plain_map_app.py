"""The plain way to map events with Streamlit, for comparison: one CircleMarker per event.

The whole folium map, with a marker per event, is built again on every rerun
and handed to st_folium, as most tutorials do. Only the file reading is
cached. It takes the same EVENTS_CSV and has the same Country filter as the
dashboard, so `benchmarks/bench_peer.py` can drive both the same way. Like
the dashboard, it loads Leaflet from the project's static/ folder (no CDN):
run it with the project root on PYTHONPATH and static/ beside this file.
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


use_local_assets()
frame = events(os.environ["EVENTS_CSV"])
countries = st.sidebar.multiselect("Country", sorted(frame["country"].dropna().unique()))
shown = frame[frame["country"].isin(countries)] if countries else frame
m = folium.Map(location=[34, 42], zoom_start=6, tiles=None, prefer_canvas=True)
for lat, lon, country in zip(shown["latitude"], shown["longitude"], shown["country"], strict=True):
    folium.CircleMarker([lat, lon], radius=3, weight=1, fill=True, tooltip=country).add_to(m)
st_folium(m, height=560, use_container_width=True, returned_objects=[])
