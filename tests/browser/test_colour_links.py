"""A link that names only a colouring opens the full map, coloured that way, at both widths.

A bare `?colour_by=...` link seeds the Colour by control and nothing else; the
map must still be drawn at its full height with every event's marker, and the
legend must say what colour stands for.
"""

from __future__ import annotations

import pytest

from events import load_events
from events.colouring import COLOUR_BY, DEFAULT_COLOUR_BY
from tests.support.browser import (
    ROOT,
    map_frame,
    open_page,
    wait_for_markers,
)
from tests.support.scripts import probe

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / ".screenshots"
EVENTS = load_events(ROOT / "data" / "events.csv").events


@pytest.mark.parametrize("width,height", [(1400, 900), (390, 844)])
@pytest.mark.parametrize("by", list(COLOUR_BY))
def test_a_bare_colour_link_draws_the_whole_map(server, browser, by, width, height):
    context, page = open_page(browser, width, height)
    try:
        page.goto(f"{server}/?colour_by={by}")
        wait_for_markers(page, len(EVENTS))
        map_width, map_height = map_frame(page).evaluate(probe("leaflet_box"))
        frame_box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
        assert map_height > 300 and map_width > 300
        assert frame_box["height"] >= map_height
        # The default colouring is left out of the address, as every default is.
        assert ("colour_by=" + by in page.url) == (by != DEFAULT_COLOUR_BY)
        page.screenshot(path=str(SCREENSHOTS / f"colour-link-{by}-{width}.png"))
        text = " ".join(f.evaluate("() => document.body.innerText") for f in page.frames)
        assert f"colour: {COLOUR_BY[by]}".lower() in text.lower()
        assert page.attempted == []
    finally:
        context.close()
