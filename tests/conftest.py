"""Shared fixtures: fresh caches per test, and the project root."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Each AppTest run starts from cold caches, as a newly started server would."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def _private_events_cache(tmp_path_factory):
    """Parquet caches written by tests go to a temporary folder, not the user's cache.

    Set in the environment so that Streamlit servers the browser tests start
    inherit it too.
    """
    saved = os.environ.get("EVENTS_CACHE_DIR")
    os.environ["EVENTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("events-cache"))
    yield
    if saved is None:
        os.environ.pop("EVENTS_CACHE_DIR", None)
    else:
        os.environ["EVENTS_CACHE_DIR"] = saved


@pytest.fixture(scope="module")
def browser(server):
    """One headless Chromium per browser-test module, started once its `server` is up."""
    from tests.support.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def stub():
    """A Nominatim stand-in on 127.0.0.1 (tests/nominatim_stub.py), stopped after the test."""
    from tests.support.nominatim_stub import NominatimStub

    server = NominatimStub().start()
    yield server
    server.stop()
