"""The timeline's date labels name the day when the data spans only weeks.

A three-week file (an ACLED export of one month) is ticked by day or week;
month labels there read "Mar 2020" under every tick and tell the reader
nothing. Long spans keep month labels.
"""

from __future__ import annotations

import pandas as pd

from components.timeline import DAY_LABELS_UP_TO, axis_format, timeline_chart
from events import load_events
from events.colouring import colouring_for
from tests.support.browser import ROOT

EVENTS = load_events(ROOT / "data" / "events.csv").events


def _x_format(spec: dict) -> set[str]:
    formats = set()
    for layer in spec["layer"]:
        x = layer.get("encoding", {}).get("x", {})
        if "axis" in x and "format" in x["axis"]:
            formats.add(x["axis"]["format"])
    return formats


def test_a_span_of_weeks_is_labelled_by_day_and_a_span_of_years_by_month():
    day = pd.Timestamp("2020-03-01")
    assert axis_format(day, day + pd.Timedelta(days=20)) == "%-d %b %Y"
    assert axis_format(day, day + pd.Timedelta(days=DAY_LABELS_UP_TO)) == "%-d %b %Y"
    assert axis_format(day, day + pd.Timedelta(days=DAY_LABELS_UP_TO + 1)) == "%b %Y"
    assert axis_format(day, day + pd.Timedelta(days=900)) == "%b %Y"
    assert axis_format(pd.NaT, pd.NaT) == "%b %Y"


def test_the_chart_of_a_three_week_file_names_days_on_its_axis():
    dates = EVENTS["event_date"]
    first = dates.min()
    short = EVENTS[(dates >= first) & (dates <= first + pd.Timedelta(days=20))]
    assert short["event_date"].nunique() > 1
    spec = timeline_chart(short, colouring=colouring_for(short, "actor")).to_dict()
    assert _x_format(spec) == {"%-d %b %Y"}
    whole = timeline_chart(EVENTS, colouring=colouring_for(EVENTS)).to_dict()
    assert _x_format(whole) == {"%b %Y"}
