"""The window of an imprecise event, the overlap date rule, and the playback keys of a link."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from events.filters import apply, describe
from events.links import filter_key, from_query_params, to_query_params
from events.timewindow import windows
from events.view import ViewState
from tests.support.views import VOCAB


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["day", "week", "month"],
            "event_date": pd.to_datetime(["2020-03-11", "2020-03-11", "2020-03-15"]),
            "time_precision": pd.array([1, 2, 3], dtype="Int8"),
            "fatalities": pd.array([1, None, 4], dtype="Int64"),
            "latitude": [33.0, 33.0, 33.0],
        }
    )


def test_windows_are_centred_on_the_date():
    events = _events()
    start, end = windows(events["event_date"], events["time_precision"])
    assert [d.date().isoformat() for d in start] == ["2020-03-11", "2020-03-08", "2020-02-29"]
    assert [d.date().isoformat() for d in end] == ["2020-03-11", "2020-03-14", "2020-03-30"]


@pytest.mark.parametrize(
    ("start", "end", "dated", "overlapping"),
    [
        (date(2020, 3, 1), date(2020, 3, 5), [], ["month"]),
        (date(2020, 3, 13), date(2020, 3, 14), [], ["week", "month"]),
        (date(2020, 3, 11), date(2020, 3, 11), ["day", "week"], ["day", "week", "month"]),
        (date(2020, 3, 31), None, [], []),
        (None, date(2020, 2, 29), [], ["month"]),
    ],
)
def test_the_overlap_rule_keeps_events_whose_window_meets_the_range(start, end, dated, overlapping):
    events = _events()
    plain = ViewState(date_from=start, date_to=end)
    overlap = ViewState(date_from=start, date_to=end, date_overlap=True)
    assert apply(plain, events)["event_id"].tolist() == dated
    assert apply(overlap, events)["event_id"].tolist() == overlapping


def test_the_summary_line_says_which_rule():
    events = _events()
    view = ViewState(date_from=date(2020, 3, 1), date_to=date(2020, 3, 5), date_overlap=True)
    assert "with events whose week or month overlaps it" in describe(
        view, events, apply(view, events)
    )
    plain = ViewState(date_from=date(2020, 3, 1), date_to=date(2020, 3, 5))
    assert "overlaps" not in describe(plain, events, apply(plain, events))


def test_the_rule_and_playback_round_trip_and_only_the_rule_filters():
    view = ViewState(
        date_from=date(2020, 3, 1),
        date_overlap=True,
        play_at=date(2020, 3, 8),
        play_step="week",
        play_trail=30,
    )
    params = to_query_params(view)
    assert params["dates"] == "overlap" and params["play"] == "2020-03-08"
    assert params["step"] == "week" and params["trail"] == "30"
    assert from_query_params(params, VOCAB) == (view, [])
    cumulative = ViewState(play_at=date(2020, 3, 8), play_trail=0)
    assert to_query_params(cumulative)["trail"] == "all"
    assert from_query_params(to_query_params(cumulative), VOCAB) == (cumulative, [])
    assert filter_key(view) == filter_key(ViewState(date_from=date(2020, 3, 1), date_overlap=True))
    assert filter_key(view) != filter_key(ViewState(date_from=date(2020, 3, 1)))


@pytest.mark.parametrize(
    ("params", "key", "words"),
    [
        ({"dates": "sometimes"}, "dates", "is 'overlap' or 'dated'"),
        ({"play": "2020-13-40"}, "play", "not a real date"),
        ({"step": "year"}, "step", "day, week or month"),
        ({"trail": "-4"}, "trail", "number of days"),
        ({"trail": "99999999"}, "trail", "number of days"),
    ],
)
def test_junk_playback_keys_are_ignored_with_a_notice(params, key, words):
    view, notices = from_query_params({**params, "country": "Iraq"}, VOCAB)
    assert [n.param for n in notices] == [key]
    assert words in notices[0].message
    assert view.countries == ("Iraq",)
    assert (view.date_overlap, view.play_at, view.play_step, view.play_trail) == (
        False,
        None,
        None,
        None,
    )
