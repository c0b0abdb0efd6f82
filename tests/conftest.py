"""Shared fixtures: a fresh Streamlit cache per test, and the project root."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Each AppTest run starts from cold caches, as a newly started server would."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
