"""Playback on the dashboard in headless Chromium: the frame a user stepped to stays in
the address bar through the app's reruns, and the timeline shows the frame.

The app rewrites the query string from the view it knows after a rerun; the
steps happen in the browser only, so without the playback control's care a
rerun would put back the frame the link opened at.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from events import load_events
from tests.support.browser import (
    ROOT,
    open_page,
    wait_for_markers,
)
from tests.support.polling import page_wait, poll
from tests.support.scripts import probe

pytestmark = pytest.mark.browser

EVENTS = load_events(ROOT / "data" / "events.csv").events


@pytest.fixture
def page(browser):
    context, opened = open_page(browser)
    yield opened
    assert opened.attempted == []
    context.close()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_query(page, key: str, value: str, timeout_s: float = 60) -> dict[str, list[str]]:
    return poll(
        lambda: query(page),
        lambda seen: seen.get(key) == [value],
        timeout_s=timeout_s,
        what=f"{key}={value} in the address bar",
        every_s=0.1,
        wait=page_wait(page),
    )


def test_the_frame_stepped_to_survives_a_rerun_that_rewrites_the_url(server, page):
    page.goto(f"{server}/?play=2020-01-03&step=day&trail=30")
    frame = wait_for_markers(page, len(EVENTS))
    box = frame.locator(".ev-playback")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert wait_for_query(page, "play", "2020-01-05")["step"] == ["day"]
    # A rerun that changes the view: the app writes the query string again.
    page.get_by_text("Chains list", exact=True).click()
    after = wait_for_query(page, "chains", "1")
    page.wait_for_timeout(500)
    after = query(page)
    assert after["play"] == ["2020-01-05"] and after["trail"] == ["30"]
    assert after["chains"] == ["1"]
    assert "5 Jan 2020" in box.inner_text()


def wait_for_cursor(page, last: str, timeout_s: float = 60) -> dict:
    return poll(
        lambda: page.evaluate(probe("timeline_cursor")),
        lambda seen: seen["cursor"] and seen["cursor"]["last"] == last,
        timeout_s=timeout_s,
        what=f"the timeline's cursor at {last}",
        every_s=0.1,
        wait=page_wait(page),
    )


def test_the_timeline_shows_the_frame_and_its_cursor_moves_with_each_step(server, page):
    page.goto(f"{server}/?play=2020-01-03&trail=30")
    frame = wait_for_markers(page, len(EVENTS))
    seen = wait_for_cursor(page, "2020-01-03")
    cursor, labels = seen["cursor"], seen["labels"]
    assert cursor["first"] == "2019-12-05" and cursor["height"] > 50
    # 5 December 2019 to 3 January 2020 straddles the tick of January 2020.
    assert cursor["left"] < labels["Jan 2020"] < cursor["right"]
    frame.locator(".ev-playback").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    moved = wait_for_cursor(page, "2020-01-05")["cursor"]
    assert moved["first"] == "2019-12-07"
    assert moved["left"] > cursor["left"] and moved["right"] > cursor["right"]
    # The summary line moves with them, after the view's own counts.
    summary = page.locator(".st-key-summary-line").inner_text()
    assert summary.startswith(f"{len(EVENTS)} events")
    assert "playback: 7 Dec 2019 \u2013 5 Jan 2020 \u00b7 " in summary
    assert summary.endswith(f" of {len(EVENTS)} events")
