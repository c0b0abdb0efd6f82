"""The playback frame on the timeline: the days a link's frame shows, and its marks."""

from __future__ import annotations

from datetime import date

import pytest

from components.timeline import FRAME_COLOR, playback_frame, timeline_chart
from events import load_events
from tests.support.browser import ROOT

EVENTS = load_events(ROOT / "data" / "events.csv").events


def test_the_frame_is_the_trail_of_days_ending_at_the_played_day():
    assert playback_frame(None, 7) is None
    assert playback_frame(date(2020, 1, 3), 7) == (date(2019, 12, 28), date(2020, 1, 3))
    assert playback_frame(date(2020, 1, 3), 1) == (date(2020, 1, 3), date(2020, 1, 3))
    assert playback_frame(date(2020, 1, 3), None) == (date(2019, 12, 5), date(2020, 1, 3))
    assert playback_frame(date(2020, 1, 3), 0) == (None, date(2020, 1, 3))


def _named(spec: dict) -> dict:
    return {layer["name"]: layer for layer in spec["layer"] if "name" in layer}


def _rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def test_a_link_at_a_frame_draws_its_band_and_cursor_on_the_timeline():
    spec = timeline_chart(EVENTS, play_frame=(date(2019, 12, 28), date(2020, 1, 3))).to_dict()
    named = _named(spec)
    band, cursor = named["playback_band"], named["playback_cursor"]
    assert band["mark"]["type"] == "rect" and band["mark"]["color"] == FRAME_COLOR
    assert cursor["mark"]["type"] == "rule"
    # The band covers the last day whole: to the start of the day after.
    assert [(r["start"][:10], r["end"][:10]) for r in _rows(spec, band)] == [
        ("2019-12-28", "2020-01-04")
    ]
    assert [r["date"][:10] for r in _rows(spec, cursor)] == ["2020-01-03"]


@pytest.mark.slow
def test_a_cumulative_frame_starts_at_the_first_event_and_no_frame_draws_nothing():
    spec = timeline_chart(EVENTS, play_frame=(None, date(2020, 1, 3))).to_dict()
    first = f"{EVENTS['event_date'].min():%Y-%m-%d}"
    assert _rows(spec, _named(spec)["playback_band"])[0]["start"][:10] == first
    assert not {"playback_band", "playback_cursor"} & set(_named(timeline_chart(EVENTS).to_dict()))
