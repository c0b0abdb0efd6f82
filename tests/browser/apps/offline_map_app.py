"""A throwaway page that draws the offline basemap and a few markers, for the browser test.

Query parameters, for the failure cases: ``vendor`` overrides where Leaflet
is served from (a path that does not exist: the scripts fail to load);
``popup=1`` adds a folium.Popup, whose template calls jQuery, which the
offline map does not load (the map script throws); ``watchdog_s`` shortens
the wait before the page says the map failed.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.map.assembly import base_map
from components.map.assets import (
    DEFAULT_VENDOR_URL,
    render_map_assets_check,
    render_map_watchdog,
    use_local_assets,
)
from components.map.basemap import REGION_CENTER, REGION_ZOOM, add_basemap

# Known places, roughly: Camp Taji is north of Baghdad, Albu Kamal on the
# Syrian bank of the Euphrates at the Iraqi border.
MARKERS = [
    ("Camp Taji", 33.52, 44.25),
    ("Albu Kamal", 34.45, 40.92),
    ("Erbil", 36.19, 44.01),
    ("Baghdad", 33.31, 44.37),
    ("Ain al-Asad", 33.80, 42.44),
]

st.set_page_config(page_title="Offline map check", layout="wide")
vendor = st.query_params.get("vendor", DEFAULT_VENDOR_URL)
use_local_assets(vendor)
render_map_assets_check()

m = base_map(REGION_CENTER, REGION_ZOOM, basemap=add_basemap)
events = folium.FeatureGroup(name="events")
for name, lat, lon in MARKERS:
    folium.CircleMarker(
        location=[lat, lon],
        radius=6,
        color="#b2182b",
        weight=2,
        fill=True,
        fill_color="#ef3b2c",
        fill_opacity=0.9,
        tooltip=name,
    ).add_to(events)
if st.query_params.get("popup") == "1":
    folium.CircleMarker([33.31, 44.37], radius=3, popup="Baghdad").add_to(m)

st_folium(
    m,
    key="map",
    feature_group_to_add=events,
    returned_objects=[],
    height=760,
    use_container_width=True,
)
render_map_watchdog(vendor, timeout_s=float(st.query_params.get("watchdog_s", 15)))
