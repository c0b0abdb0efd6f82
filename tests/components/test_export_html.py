"""The standalone HTML map: self-contained, escaped, and the same markers as the view offline."""

from __future__ import annotations

import re
from datetime import date

import folium
import pytest

from components.map.assets import MapAssetsMissing, missing_assets
from components.map.export import standalone_map_html
from events import load_events
from events.export import citation_line
from events.filters import apply, describe
from events.view import ViewState
from tests.support import ROOT
from tests.support.browser import COUNT_EVENT_MARKERS, block_other_hosts, chromium, require_browser

TODAY = date(2026, 1, 1)
needs_assets = pytest.mark.skipif(
    bool(missing_assets(ROOT / "static")), reason="map assets not installed (make assets)"
)


@pytest.fixture(scope="module")
def view():
    """Iraq only, with one event's coordinates taken away: it is in the view but not placed."""
    events = load_events(ROOT / "data" / "events.csv", today=TODAY).events
    state = ViewState(countries=("Iraq",))
    shown = apply(state, events).copy()
    shown.loc[shown.index[0], ["latitude", "longitude"]] = float("nan")
    citation = citation_line(describe(state, events, shown), "news reports", date(2025, 1, 2))
    return shown, citation


@needs_assets
def test_the_page_loads_nothing_from_anywhere(view):
    shown, citation = view
    page = standalone_map_html(shown, citation).decode("utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "url(images/" not in page and "data:image/png;base64," in page
    assert "fetch(" not in page  # the basemap is inline
    assert "/app/static" not in page and "cdn.jsdelivr" not in page
    assert folium.Map.default_js and folium.Map.default_css  # the class is left as it was


@needs_assets
def test_the_citation_and_title_are_escaped(view):
    shown, _ = view
    page = standalone_map_html(
        shown, 'View: <script>alert("x")</script>', title="<b>Map</b>"
    ).decode("utf-8")
    assert "<script>alert" not in page
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)" in page or "&lt;script&gt;alert(&quot;x&quot;)" in page
    )
    assert "<title>&lt;b&gt;Map&lt;/b&gt;</title>" in page


def test_missing_assets_are_named(tmp_path, view):
    shown, citation = view
    with pytest.raises(MapAssetsMissing, match="leaflet"):
        standalone_map_html(shown, citation, static_dir=tmp_path)


@pytest.mark.browser
def test_opened_from_disk_it_shows_the_views_markers_with_no_request_elsewhere(view, tmp_path):
    require_browser()
    shown, citation = view
    placed = int(shown["latitude"].notna().sum())
    assert 0 < placed < len(shown)
    path = tmp_path / "map.html"
    path.write_bytes(standalone_map_html(shown, citation))
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        foreign = block_other_hosts(context)
        page = context.new_page()
        requested: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.map && window.L", timeout=30_000)
        assert page.evaluate(COUNT_EVENT_MARKERS) == placed
        land = page.evaluate(
            "() => document.querySelectorAll('.leaflet-basemapLand-pane path').length"
        )
        assert land > 0
        assert page.text_content(".export-citation") == citation
        assert errors == []
        assert foreign == []
        assert [url for url in requested if not url.startswith("data:")] == [path.as_uri()]


@needs_assets
def test_a_view_drawn_as_grid_cells_gets_the_cells_legend(view):
    from benchmarks.synthetic import generate
    from components.map.cells import AGGREGATE_ABOVE

    many = load_events(generate(AGGREGATE_ABOVE + 1).to_csv(index=False).encode()).events
    few, citation = view
    assert "counted in grid cells" in standalone_map_html(many, citation).decode("utf-8")
    assert "counted in grid cells" not in standalone_map_html(few, citation).decode("utf-8")
