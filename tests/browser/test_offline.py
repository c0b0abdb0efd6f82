"""The map works with no internet: a real Streamlit server and headless Chromium.

Every request to a host other than 127.0.0.1 is aborted and recorded; the
page must still draw Leaflet, the vector basemap and the event markers, and
must not even try another host. Run with ``pytest -m browser``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.support.browser import (
    MAP_FRAME,
    ROOT,
    WAIT_S,
    block_other_hosts,
    chromium,
    require_browser,
    streamlit_server,
)
from tests.support.polling import page_wait, poll
from tests.support.scripts import probe

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "apps" / "offline_map_app.py"
SCREENSHOT = Path("/tmp/offline_map.png")
EXPECTED_MARKERS = 5  # tests/apps/offline_map_app.py MARKERS


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Streamlit serving the throwaway app, with ./static pointing at the project's static/.

    Streamlit serves the static folder next to the main script, so the app is
    copied into a temporary folder beside a link to the real static/.
    """
    require_browser()
    workdir = tmp_path_factory.mktemp("offline_app")
    shutil.copy(APP, workdir / "app.py")
    (workdir / "static").symlink_to(ROOT / "static", target_is_directory=True)
    with streamlit_server(workdir / "app.py", cwd=workdir, env={"PYTHONPATH": str(ROOT)}) as base:
        yield base


@pytest.fixture()
def browser_page(server):
    """A fresh page whose requests to any host but 127.0.0.1 are aborted and recorded.

    Yields (page, app URL, list of the foreign URLs that were requested).
    """
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        foreign = block_other_hosts(context)
        yield context.new_page(), server, foreign


def _poll(page, frame_js: str, accept, what: str, timeout_s: float = WAIT_S):
    """Evaluate ``frame_js`` in the map iframe until ``accept(value)``, re-finding the frame."""

    def read():
        """(frame, value) of the first frame whose value passes, else of the last one read."""
        seen = (None, None)
        for handle in page.query_selector_all(MAP_FRAME):
            frame = handle.content_frame()
            if frame is None:
                continue
            try:
                seen = (frame, frame.evaluate(frame_js))
            except PlaywrightError:
                continue  # frame navigating or being replaced
            if accept(seen[1]):
                break
        return seen

    return poll(
        read,
        lambda seen: accept(seen[1]),
        timeout_s=timeout_s,
        what=what,
        every_s=0.1,
        wait=page_wait(page),
    )


def _loaded(state) -> bool:
    return bool(
        state
        and len(state["circles"]) == EXPECTED_MARKERS
        and state["land"] > 20
        and state["water"] > 10
        and state["labels"] > 50
    )


def test_map_draws_basemap_and_markers_with_no_other_host(browser_page):
    page, base, foreign = browser_page
    page.goto(base, wait_until="load")
    frame, state = _poll(page, probe("map_state"), _loaded, "basemap and markers drawn")

    lat_lngs = sorted(tuple(round(v, 2) for v in c) for c in state["circles"])
    assert (33.52, 44.25) in lat_lngs and (34.45, 40.92) in lat_lngs
    assert state["state"] == "vector"
    assert state["status"] == "Basemap: Natural Earth 1:50m (offline)"
    for name in ("Baghdad", "Damascus", "Iraq", "Syria"):
        assert name in state["visibleLabels"]
    frame_height = page.locator(MAP_FRAME).bounding_box()["height"]
    assert frame_height > 300
    page.wait_for_function("window.__mapWatchdog === 'ok'", timeout=WAIT_S * 1000)
    assert not page.locator("#map-watchdog").is_visible()
    page.wait_for_timeout(300)  # let the last label positions settle for the picture
    page.screenshot(path=str(SCREENSHOT))
    assert foreign == []


def test_failing_tiles_fall_back_to_the_vector_basemap(browser_page):
    page, base, foreign = browser_page
    page.goto(base, wait_until="load")
    frame, _ = _poll(page, probe("map_state"), _loaded, "basemap and markers drawn")
    assert foreign == []

    frame.hover(".leaflet-control-layers")
    frame.get_by_label("OpenStreetMap tiles").check()
    _, state = _poll(
        page, probe("map_state"), lambda s: s and s["state"] == "vector-fallback", "fell back"
    )
    assert "online tiles unavailable" in state["status"]
    assert state["land"] > 20
    assert foreign, "switching to tiles should have tried the tile server"
    assert {urlsplit(url).hostname for url in foreign} == {"tile.openstreetmap.org"}


def test_missing_scripts_are_reported_on_the_page(browser_page):
    page, base, foreign = browser_page
    page.goto(base + "/?vendor=/app/static/no-such-folder")
    alert = page.locator("#map-watchdog")
    alert.wait_for(state="visible", timeout=WAIT_S * 1000)
    text = alert.text_content()
    assert "/app/static/no-such-folder/leaflet@1.9.3/leaflet.js (HTTP 404)" in text
    assert "python -m assets.fetch" in text
    assert foreign == []


def test_a_map_script_that_throws_is_reported_on_the_page(browser_page):
    """A folium.Popup needs jQuery, which is not loaded: the map script stops half way."""
    page, base, foreign = browser_page
    page.goto(base + "/?popup=1&watchdog_s=3")
    alert = page.locator("#map-watchdog")
    alert.wait_for(state="visible", timeout=WAIT_S * 1000)
    assert "The map did not start within 3 s" in alert.text_content()
    assert page.evaluate("window.__mapWatchdog") == "timeout"
    assert foreign == []
