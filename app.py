"""Conflict map: strikes and attacks reported in the news, on a map and a timeline.

Run with `streamlit run app.py` (bundled data) or
`streamlit run app.py -- --events PATH`. Two pages: the map (the default, at
the site's root, so shared links keep working) and the page that turns a news
report into reviewed events on that map.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(
    # The map page names the file and its region once the data is read.
    page_title="Conflict map: strikes and attacks in Iraq and Syria",
    page_icon="🗺️",
    layout="wide",
)
st.navigation(
    [
        st.Page("app_pages/map.py", title="Map", icon=":material/map:", default=True),
        st.Page(
            "app_pages/add_events.py",
            title="Add events from a report",
            icon=":material/post_add:",
            url_path="add",
        ),
    ],
    position="top",
).run()
