"""A whole region's worth of events in headless Chromium: the map shows counted cells.

100,000 generated events are opened through EVENTS_CSV. The map must draw
grid cells, not one marker per event, and the counts it draws must add up to
the events in view, before and after a filter, at every zoom level it holds.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from benchmarks.synthetic import generate
from tests.support.browser import (
    COUNT_EVENT_MARKERS,
    MAP_FRAME,
    ROOT,
    block_other_hosts,
    chromium,
    map_frame,
    require_browser,
    streamlit_server,
)
from tests.support.polling import page_wait, poll
from tests.support.scripts import probe

pytestmark = pytest.mark.browser

EVENTS = 100_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    frame = generate(EVENTS, seed=5)
    path = folder / "events.csv"
    frame.to_csv(path, index=False)
    return path, frame, folder


@pytest.fixture(scope="module")
def page(generated):
    require_browser()
    path, _, folder = generated
    env = {"EVENTS_CSV": str(path), "EVENTS_CACHE_DIR": str(folder / "cache")}
    with streamlit_server(ROOT / "app.py", env=env) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        attempted = block_other_hosts(context)
        page = context.new_page()
        page.goto(base)
        yield page
        context.close()
        assert attempted == []


def wait_cells(page, expected: int, timeout_s: float = 90) -> dict:
    """Poll the map until its cell layer holds `expected` events; return what it draws."""
    return poll(
        lambda: map_frame(page, timeout_s).evaluate(probe("cell_layer")),
        lambda seen: seen and seen["events"] == expected and seen["circles"] > 0,
        timeout_s=timeout_s,
        what=f"a cell layer holding {expected} events",
        every_s=0.1,
        wait=page_wait(page),
        tolerate=(PlaywrightError,),  # the frame is detached while the layer is replaced
    )


def test_the_map_draws_cells_whose_counts_add_up_to_the_events_in_view(page, generated):
    _, frame, _ = generated
    cells = wait_cells(page, EVENTS)
    assert cells["levels"] == [EVENTS] * len(cells["levels"])
    assert cells["drawn"] == EVENTS
    assert cells["circles"] < 5_000  # cells, not one marker per event
    assert map_frame(page).evaluate(COUNT_EVENT_MARKERS) == 0

    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Country")
    box.locator("input").click()
    page.keyboard.type("Syria")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    in_syria = int((frame["country"] == "Syria").sum())
    narrowed = wait_cells(page, in_syria)
    assert narrowed["levels"] == [in_syria] * len(narrowed["levels"])
    assert narrowed["drawn"] == in_syria


ZOOM = "() => window.map.getZoom()"


def test_clicking_a_cell_zooms_to_it_and_shows_a_finer_level_without_a_rerun(page):
    frame = map_frame(page)
    before = frame.evaluate(probe("cell_layer"))
    zoom = frame.evaluate(ZOOM)
    assert len(before["levels"]) > 1
    point = frame.evaluate(probe("largest_cell_point"))
    assert point is not None
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    after = poll(
        lambda: frame.evaluate(probe("cell_layer")),
        lambda after: after["level"] > before["level"],
        timeout_s=20,
        what=f"a cell level finer than {before['level']} after the click",
        every_s=0.1,
        wait=page_wait(page),
    )
    assert frame.evaluate(ZOOM) > zoom
    assert after["events"] == before["events"]
    # A click on a cell is not reported to the app (which would rerun it for nothing).
    assert frame.evaluate("() => window.__GLOBAL_DATA__.last_active_drawing") is None
