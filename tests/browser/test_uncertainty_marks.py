"""Attribution and disputed figures on the marker canvas, and playback, in Chromium.

The map page of tests/support/map_page.py (Leaflet and every map script from static/js/)
draws what `marker_table` sends; the pixels under a marker and the tooltip
say how its actor is known, and playback steps the canvas and the link.
"""

from __future__ import annotations

import pytest

from components.detail import ATTRIBUTION_WORDS
from components.map import cells
from components.style import SIDE_COLORS
from events import schema
from tests.support.map_page import browser, draw_markers, frame, hover, page
from tests.support.scripts import probe

pytestmark = pytest.mark.browser
__all__ = ["browser", "page"]


def _pixel(page, event_id: str) -> list[int]:
    """The RGBA of the canvas at the centre of a marker."""
    return page.evaluate(probe("marker_pixel"), event_id)


def test_denied_alleged_and_confirmed_markers_are_drawn_differently(page):
    events = frame(
        [
            {"attribution": "confirmed", "latitude": "33.0", "longitude": "43.6"},
            {"attribution": "denied", "latitude": "33.0", "longitude": "44.3"},
            {"attribution": "alleged", "latitude": "33.0", "longitude": "45.0"},
        ]
    )
    draw_markers(page, events)
    confirmed, denied, alleged = (_pixel(page, f"e{i}") for i in range(3))
    # Confirmed: the side's colour fills the centre; denied: the dark cross
    # crosses it; alleged: hollow, the centre is white.
    assert confirmed != denied and confirmed != alleged and denied != alleged
    assert max(denied[:3]) < 60, denied
    assert min(alleged[:3]) > 230, alleged
    assert "denied by the alleged actor" in hover(page, "e1")


def test_disputed_deaths_read_as_a_range_in_the_tooltip(page):
    events = frame([{"fatalities": "4", "fatalities_low": "4", "fatalities_high": "26"}])
    draw_markers(page, events)
    assert "4\u201326 killed (reports disagree)" in hover(page, "e0")


def test_playback_steps_the_map_and_the_link_from_the_keyboard(page):
    events = frame(
        [
            {"event_date": "2020-03-01", "latitude": "33.0", "longitude": "43.6"},
            {"event_date": "2020-03-02", "latitude": "33.0", "longitude": "44.3"},
            {"event_date": "2020-03-09", "latitude": "33.0", "longitude": "45.0"},
        ]
    )
    draw_markers(page, events)
    assert page.evaluate("window.layer.shownCount()") == 3
    box = page.locator(".ev-playback")
    box.focus()
    page.evaluate("() => { map.eventPlayback.trail = 7; }")
    page.keyboard.press("ArrowRight")  # the first step opens the first day
    assert page.evaluate("window.layer.shownCount()") == 1
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.layer.shownCount()") == 2
    assert "play=2020-03-02" in page.evaluate("location.search")
    assert "step=day" in page.evaluate("location.search")
    assert "1 of 3" not in box.inner_text() and "2 of 3 events" in box.inner_text()
    page.evaluate("() => { map.eventPlayback.step = 'week'; }")
    page.keyboard.press("ArrowRight")
    assert "play=2020-03-09" in page.evaluate("location.search")
    assert page.evaluate("window.layer.shownCount()") == 1  # 3-9 March: only the 9th
    page.keyboard.press(" ")
    assert page.evaluate("!!map.eventPlayback.timer")
    page.keyboard.press(" ")
    assert not page.evaluate("!!map.eventPlayback.timer")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_canvas_and_the_detail_panel_share_the_attribution_words(page):
    assert page.evaluate("L.EventCanvas.attributions") == list(schema.ATTRIBUTIONS)
    assert page.evaluate("L.EventCanvas.attributionWords") == ATTRIBUTION_WORDS


def test_playback_steps_grid_cells_recounted_in_the_browser(page):
    # Above 5,000 events the map draws cells: playback recounts them per frame.
    events = frame(
        [
            {"event_date": "2020-03-01", "latitude": "33.30", "longitude": "44.30"},
            {"event_date": "2020-03-02", "latitude": "33.31", "longitude": "44.31"},
            {"event_date": "2020-03-02", "latitude": "36.30", "longitude": "40.10"},
            {"event_date": "2020-03-20", "latitude": "36.31", "longitude": "40.11"},
            {"event_date": "2020-04-30", "latitude": "36.32", "longitude": "40.12"},
        ]
    )
    table = cells.cell_table(events)
    # The coarsest level on screen (a huge smallest width): its two cells are
    # summed from finer ones, where the northern cluster is split in two.
    assert len(table["levels"][0]["n"]) == 2 and len(table["levels"][-1]["n"]) > 2
    page.evaluate(probe("draw_cells"), [table, SIDE_COLORS, 1e9])
    assert len(page.evaluate(probe("cells_on_map"))) == 2
    box = page.locator(".ev-playback")
    box.focus()
    page.evaluate("() => { map.eventPlayback.trail = 7; }")
    page.keyboard.press("ArrowRight")  # 1 March: one event, near Baghdad
    assert page.evaluate("window.cells.shownCount()") == 1
    drawn = page.evaluate(probe("cells_on_map"))
    assert len(drawn) == 1 and drawn[0].startswith("<b>1 in this frame</b>, of <b>2 events")
    assert "1 of 5 events" in box.inner_text()
    page.keyboard.press("ArrowRight")  # 24 Feb - 2 March: both cells
    assert [t.split("</b>")[0] for t in page.evaluate(probe("cells_on_map"))] == [
        "<b>1 in this frame",
        "<b>2 in this frame",
    ]
    assert "play=2020-03-02" in page.evaluate("location.search")
    page.evaluate("() => { map.eventPlayback.trail = 0; }")  # cumulative: all up to 3 March
    page.evaluate("() => map.eventPlayback.stepBy(1)")
    assert page.evaluate("window.cells.shownCount()") == 3
    page.evaluate("() => { map.eventPlayback.active = false; map.eventPlayback.show(); }")
    assert page.evaluate("window.cells.shownCount()") == 5
    assert [t.split("</b>")[0] for t in page.evaluate(probe("cells_on_map"))] == [
        "<b>3 events",
        "<b>2 events",
    ]
