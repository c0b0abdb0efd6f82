"""A blank page with Leaflet and every map script from static/js/, opened from disk,
and what the scripts' browser tests draw on it (test_map_scripts, test_uncertainty_marks)."""

from __future__ import annotations

import pandas as pd
import pytest

from components.map import markers
from components.map.assets import MAP_SCRIPTS, SCRIPTS_DIR
from components.style import SIDE_COLORS
from tests.support import ROOT
from tests.support.browser import block_other_hosts, chromium, require_browser
from tests.support.scripts import probe
from tests.support.tables import frame

__all__ = ["browser", "draw_markers", "frame", "hover", "page"]

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


def draw_markers(page, events: pd.DataFrame) -> None:
    """What an update does in the dashboard: one call with the data, on a fresh layer."""
    page.evaluate(probe("draw_markers"), [markers.marker_table(events), SIDE_COLORS])


def hover(page, event_id: str) -> str:
    """Move the mouse onto a drawn marker; the tooltip's HTML, as the page shows it."""
    x, y = page.evaluate("id => window.layer.pointOf(id)", event_id)
    page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip")
    return page.locator(".leaflet-tooltip").inner_html()
