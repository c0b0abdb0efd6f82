"""The rules the map's scripts apply, checked in Chromium where they run.

A small page loads Leaflet and the project's files from static/js/ and draws
what the Python side sends (`marker_table`, `cell_level`): tooltips, cell
bounds and what the page shows when the mouse is over a marker or a cell.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from components.map import cells, markers
from components.map.assets import MAP_SCRIPTS, SCRIPTS_DIR
from components.map.rawtext import script_json
from components.style import SIDE_COLORS
from events import load_events, schema
from tests.support import ROOT
from tests.support.browser import block_other_hosts, chromium, require_browser

pytestmark = pytest.mark.browser

LEAFLET = ROOT / "static" / "vendor" / "leaflet@1.9.3"


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, tmp_path):
    """A blank map page with Leaflet and every project map script, opened from disk."""
    scripts = [LEAFLET / "leaflet.js", *(SCRIPTS_DIR / name for name in MAP_SCRIPTS)]
    tags = "".join(f'<script src="{path.as_uri()}"></script>' for path in scripts)
    html = (
        f'<!doctype html><html><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{(LEAFLET / "leaflet.css").as_uri()}">{tags}</head>'
        '<body style="margin:0"><div id="map" style="width:800px;height:600px"></div>'
        "<script>window.map = L.map('map', {preferCanvas: true}).setView([33.5, 44.3], 8);"
        "</script></body></html>"
    )
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 800, "height": 600})
    attempted = block_other_hosts(context)
    opened = context.new_page()
    opened.goto(path.as_uri())
    opened.wait_for_function("() => !!(window.map && L.eventMarkers && L.eventCells)")
    yield opened
    assert attempted == []
    context.close()


def frame(rows: list[dict]) -> pd.DataFrame:
    """A typed events frame from a few fields, the rest blank, as the loader gives it."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(schema.COLUMN_NAMES))
    writer.writeheader()
    for i, row in enumerate(rows):
        writer.writerow(
            {
                **{name: "" for name in schema.COLUMN_NAMES},
                "event_id": f"e{i}",
                "event_date": "2020-03-11",
                "event_type": "Explosions/Remote violence",
                "actor1": "Kata'ib Hezbollah",
                "country": "Iraq",
                "location": "Camp Taji",
                "latitude": "33.523",
                "longitude": "44.253",
                "source": "Reuters",
                **row,
            }
        )
    result = load_events(buffer.getvalue().encode())
    assert result.errors == []
    return result.events


def draw_markers(page, events: pd.DataFrame) -> None:
    """What an update does in the dashboard: one call with the data, on a fresh layer."""
    data = script_json(markers.marker_table(events))
    page.evaluate(
        f"() => {{ window.layer = L.eventMarkers(L.layerGroup().addTo(window.map), "
        f"{data}, null, {script_json(SIDE_COLORS)}); }}"
    )


def hover(page, event_id: str) -> str:
    """Move the mouse onto a drawn marker; the tooltip's HTML, as the page shows it."""
    x, y = page.evaluate("id => window.layer.pointOf(id)", event_id)
    page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip")
    return page.locator(".leaflet-tooltip").inner_html()


def test_tooltips_escape_csv_text(page):
    events = frame([{"location": "<img src=x onerror=alert(1)>"}])
    table = script_json(markers.marker_table(events))
    tip = page.evaluate(f"() => L.EventCanvas.tooltipHtml({table}, 0)")
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    assert tip.startswith("<b>2020-03-11</b>")

    draw_markers(page, events)
    shown = hover(page, "e0")
    assert shown.startswith("<b>2020-03-11</b>") and "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert page.locator(".leaflet-tooltip img").count() == 0


def test_a_marker_tooltip_says_when_the_date_is_unknown(page):
    table = markers.marker_table(frame([{}]))
    table["day"] = [-1]
    tip = page.evaluate(f"() => L.EventCanvas.tooltipHtml({script_json(table)}, 0)")
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
    level = script_json(_level())
    assert page.evaluate(f"() => L.eventCells.bounds({level}, 1)") == [[30.0, 44.0], [34.0, 48.0]]
    assert (
        page.evaluate(f"() => L.eventCells.tooltipHtml({level}, 1)")
        == "<b>3 events</b>, 7 killed<br>2020-01-01 – 2020-02-01"
    )
    assert (
        page.evaluate(f"() => L.eventCells.tooltipHtml({level}, 0)")
        == "<b>1 event</b>, 1 killed<br>2021-01-01"
    )


def test_drawn_cells_carry_those_bounds_and_tooltips(page):
    level = _level()
    table = {"events": 4, "sides": list(cells.SIDE_KEYS), "levels": [level]}
    drawn = page.evaluate(
        f"""() => {{
          const parent = L.layerGroup().addTo(window.map);
          L.eventCells(parent, {script_json(table)}, {script_json(SIDE_COLORS)}, 28);
          return new Promise(done => setTimeout(() => {{
            const found = [];
            window.map.eachLayer(l => {{
              const o = l.options;
              if (o && o.cellBounds) {{
                found.push([o.cellCount, o.cellBounds, l.getTooltip().getContent()]);
              }}
            }});
            done(found.sort((a, b) => a[0] - b[0]));
          }}, 0));
        }}"""
    )
    assert drawn == [
        [1, [[10.0, 8.0], [14.0, 12.0]], "<b>1 event</b>, 1 killed<br>2021-01-01"],
        [3, [[30.0, 44.0], [34.0, 48.0]], "<b>3 events</b>, 7 killed<br>2020-01-01 – 2020-02-01"],
    ]


def test_markers_are_drawn_at_the_size_their_deaths_give(page):
    events = frame([{"fatalities": "25"}, {"fatalities": ""}, {"latitude": "33.9"}])
    data = script_json(markers.marker_table(events))
    radii = page.evaluate(
        f"""() => {{
          const layer = L.eventMarkers(L.layerGroup().addTo(window.map), {data}, "e2",
                                       {script_json(SIDE_COLORS)});
          return [0, 1, 2].map(i => layer._style(i).radius);
        }}"""
    )
    assert radii == [18, 7, 7 + 3]  # the selected event is drawn a little larger


def test_playback_over_cells_without_days_says_it_is_not_available(page):
    # The query engine's cells carry counts per cell, not the per-event day index.
    table = {"events": 4, "sides": list(cells.SIDE_KEYS), "levels": [_level()]}
    page.evaluate(
        f"""() => L.eventCells(L.layerGroup().addTo(window.map), {script_json(table)},
                               {script_json(SIDE_COLORS)}, 28)"""
    )
    label = page.locator(".ev-pb-label")
    assert label.inner_text() == "Play to step through time"
    for button in ("Play", "Step forward"):
        page.evaluate("() => { document.querySelector('.ev-pb-label').textContent = ''; }")
        page.get_by_role("button", name=button, exact=True).click()
        assert label.inner_text() == "Not available for these events"
    # Nothing was started: the play button still offers to play.
    assert page.get_by_role("button", name="Play", exact=True).count() == 1
