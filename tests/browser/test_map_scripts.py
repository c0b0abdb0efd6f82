"""The rules the map's scripts apply, checked in Chromium where they run.

A small page loads Leaflet and the project's files from static/js/ and draws
what the Python side sends (`marker_table`, `cell_level`): tooltips, cell
bounds and what the page shows when the mouse is over a marker or a cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.map import cells, markers
from components.style import SIDE_COLORS
from tests.support.map_page import browser, draw_markers, frame, hover, page
from tests.support.scripts import probe

pytestmark = pytest.mark.browser
__all__ = ["browser", "page"]  # the map page's fixtures

# The scripts' own functions, called with Python's values as their arguments.
TOOLTIP_HTML = "([table, i]) => L.EventCanvas.tooltipHtml(table, i)"
CELL_BOUNDS = "([level, i]) => L.eventCells.bounds(level, i)"
CELL_TOOLTIP_HTML = "([level, i]) => L.eventCells.tooltipHtml(level, i)"


def test_tooltips_escape_csv_text(page):
    events = frame([{"location": "<img src=x onerror=alert(1)>"}])
    table = markers.marker_table(events)
    tip = page.evaluate(TOOLTIP_HTML, [table, 0])
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    assert tip.startswith("<b>2020-03-11</b>")

    draw_markers(page, events)
    shown = hover(page, "e0")
    assert shown.startswith("<b>2020-03-11</b>") and "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert page.locator(".leaflet-tooltip img").count() == 0


def test_a_marker_tooltip_says_when_the_date_is_unknown(page):
    table = markers.marker_table(frame([{}]))
    table["day"] = [-1]
    tip = page.evaluate(TOOLTIP_HTML, [table, 0])
    assert tip == "<b>date unknown</b> · Explosions/Remote violence<br>Camp Taji"


def _level() -> dict:
    """Four events in two cells of 4 degrees: three near Baghdad, one far away."""
    rows = pd.DataFrame(
        {
            "latitude": [33.1, 33.2, 33.3, 10.0],
            "longitude": [44.1, 44.2, 44.3, 10.0],
            "fatalities": pd.array([2, None, 5, 1], dtype="Int64"),
            "actor1": ["Islamic State", "Islamic State", "United States", "Iran"],
            "event_date": pd.to_datetime(["2020-01-05", "2020-01-01", "2020-02-01", "2021-01-01"]),
        }
    )
    return cells.cell_level(
        rows["latitude"].to_numpy(),
        rows["longitude"].to_numpy(),
        rows["fatalities"].fillna(0).to_numpy(dtype=float),
        cells.sides_for(rows["actor1"]).cat.codes.to_numpy().astype(np.int64),
        ((rows["event_date"] - pd.Timestamp("1970-01-01")).dt.days).to_numpy(),
        size=4.0,
    )


def test_a_cell_knows_its_bounds_and_says_its_count_deaths_and_dates(page):
    level = _level()
    assert page.evaluate(CELL_BOUNDS, [level, 1]) == [[30.0, 44.0], [34.0, 48.0]]
    assert (
        page.evaluate(CELL_TOOLTIP_HTML, [level, 1])
        == "<b>3 events</b>, 7 killed<br>2020-01-01 – 2020-02-01"
    )
    assert page.evaluate(CELL_TOOLTIP_HTML, [level, 0]) == "<b>1 event</b>, 1 killed<br>2021-01-01"


def test_drawn_cells_carry_those_bounds_and_tooltips(page):
    level = _level()
    table = {"events": 4, "sides": list(cells.SIDE_KEYS), "levels": [level]}
    drawn = page.evaluate(probe("drawn_cells"), [table, SIDE_COLORS])
    assert drawn == [
        [1, [[10.0, 8.0], [14.0, 12.0]], "<b>1 event</b>, 1 killed<br>2021-01-01"],
        [3, [[30.0, 44.0], [34.0, 48.0]], "<b>3 events</b>, 7 killed<br>2020-01-01 – 2020-02-01"],
    ]


def test_markers_are_drawn_at_the_size_their_deaths_give(page):
    events = frame([{"fatalities": "25"}, {"fatalities": ""}, {"latitude": "33.9"}])
    data = markers.marker_table(events)
    radii = page.evaluate(probe("marker_radii"), [data, "e2", SIDE_COLORS])
    assert radii == [18, 7, 7 + 3]  # the selected event is drawn a little larger


def test_playback_over_cells_without_days_says_it_is_not_available(page):
    # The query engine's cells carry counts per cell, not the per-event day index.
    table = {"events": 4, "sides": list(cells.SIDE_KEYS), "levels": [_level()]}
    page.evaluate(probe("add_cells"), [table, SIDE_COLORS, 28])
    label = page.locator(".ev-pb-label")
    assert label.inner_text() == "Play to step through time"
    for button in ("Play", "Step forward"):
        page.evaluate("() => { document.querySelector('.ev-pb-label').textContent = ''; }")
        page.get_by_role("button", name=button, exact=True).click()
        assert label.inner_text() == "Not available for these events"
    # Nothing was started: the play button still offers to play.
    assert page.get_by_role("button", name="Play", exact=True).count() == 1
