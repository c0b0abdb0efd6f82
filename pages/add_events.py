"""Add events from a report: paste or upload a news report, review its candidates, add them."""

from __future__ import annotations

import streamlit as st

st.markdown("### Add events from a report")
