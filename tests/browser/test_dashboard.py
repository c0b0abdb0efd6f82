"""The dashboard in headless Chromium, offline: markers, clicks, the brush, a shared link.

Every request that leaves 127.0.0.1 is aborted and recorded: the dashboard
must draw its map, basemap and markers from the app alone.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from events import load_events
from tests.support.browser import (
    COUNT_EVENT_MARKERS,
    ROOT,
    block_other_hosts,
    click_marker,
    map_frame,
    wait_for_markers,
)
from tests.support.polling import page_wait, poll

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / ".screenshots"
EVENTS = load_events(ROOT / "data" / "events.csv").events


def detail_text(page) -> str:
    panel = page.locator(".st-key-detail")
    return panel.inner_text() if panel.count() else ""


def test_map_draws_every_event_and_the_basemap_with_no_other_host(server, page):
    page.goto(server)
    frame = wait_for_markers(page, len(EVENTS))
    # The basemap arrives by its own request, after the markers.
    frame.wait_for_function(
        "() => document.querySelectorAll('.leaflet-pane path').length > 20", timeout=30_000
    )
    assert page.attempted == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-1400x900.png"))


def test_clicking_a_marker_shows_its_detail(server, page):
    page.goto(server)
    frame = wait_for_markers(page, len(EVENTS))
    event = EVENTS.loc[EVENTS["location"] == "Camp Taji"].iloc[0]
    click_marker(page, frame, event["event_id"])
    poll(
        lambda: detail_text(page),
        lambda text: "Camp Taji" in text,
        timeout_s=30,
        what="Camp Taji in the detail panel",
        wait=page_wait(page),
    )
    assert parse_qs(urlsplit(page.url).query)["event"] == [event["event_id"]]


def test_brushing_the_timeline_narrows_the_map(server, page):
    page.goto(server)
    wait_for_markers(page, len(EVENTS))
    plot = page.locator('[data-testid="stVegaLiteChart"] path.background').first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.02, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.30, y, steps=8)
    page.mouse.up()
    count = poll(
        lambda: map_frame(page).evaluate(COUNT_EVENT_MARKERS),
        lambda count: 0 < count < len(EVENTS),
        timeout_s=30,
        what=f"some but not all of the {len(EVENTS)} markers on the map",
        wait=page_wait(page),
    )
    page.wait_for_function("() => /[?&](from|to)=/.test(window.location.search)", timeout=10_000)
    query = parse_qs(urlsplit(page.url).query)
    start = query.get("from", [str(EVENTS["event_date"].min().date())])[0]
    end = query.get("to", [str(EVENTS["event_date"].max().date())])[0]
    in_window = EVENTS["event_date"].between(start, end).sum()
    assert count == in_window, "the map shows exactly the brushed window"


def test_a_shared_link_reproduces_the_view(server, browser, page):
    event = EVENTS.loc[EVENTS["country"] == "Syria"].iloc[0]
    page.goto(f"{server}/?country=Syria&event={event['event_id']}")
    frame = wait_for_markers(page, int((EVENTS["country"] == "Syria").sum()))
    frame.evaluate("() => window.map.setView([34.6, 40.8], 8, {animate: false})")
    share = page.frame_locator('iframe[title="st.iframe"]').first.locator("#link")
    link = poll(
        share.input_value,
        lambda link: "zoom=8" in link,
        timeout_s=10,
        what="zoom=8 in the shared link",
        every_s=0.2,
        wait=page_wait(page),
    )
    assert "center=34.6" in link

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    attempted = block_other_hosts(other)
    second = other.new_page()
    second.goto(link)
    frame = wait_for_markers(second, int((EVENTS["country"] == "Syria").sum()))
    center = frame.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng]")
    assert frame.evaluate("() => window.map.getZoom()") == 8
    assert abs(center[0] - 34.6) < 0.01 and abs(center[1] - 40.8) < 0.01
    assert event["location"] in detail_text(second)
    assert attempted == []
    other.close()


def test_phone_width_screenshot(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    block_other_hosts(context)
    page = context.new_page()
    page.goto(server)
    wait_for_markers(page, len(EVENTS))
    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-390x844.png"), full_page=False)
    context.close()
