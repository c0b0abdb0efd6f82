"""The timeline: every event in view on one row per side (or actor, type, deaths), with a brush.

Dragging across the chart selects a date window; the app turns that window
into the date filter, so the map, the table and the summary follow it. The
current window is drawn as a shaded band, which keeps the chart's own brush
free for the next selection, and the selected event is ringed. The rows and
their colours follow the map's colouring (events.colouring), so a file whose
actors the side table does not know still gets a row per frequent actor.

Up to a few hundred events each is its own mark; beyond that the chart
counts events per day, week or month (chosen by the span), so it never draws
more marks than it has pixels.
"""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from components import state, style
from components.chains import timeline_connectors
from events import timewindow
from events.colouring import Colouring
from events.sides import SIDES, sides_for

BRUSH = "brush"
HEIGHT_PER_ROW = 34
# Above this many events the timeline shows counts per period, not single events.
EACH_EVENT_UP_TO = 400


PRECISION_WORDS = {1: "day", 2: "week", 3: "month"}


def timeline_frame(events: pd.DataFrame, colouring: Colouring | None = None) -> pd.DataFrame:
    """One row per event, with plain types Vega-Lite understands.

    ``side`` is the event's row: its side, or its group under `colouring`.

    ``start`` and ``end`` are the event's window (events.timewindow): the day
    itself when it is known, else the week or month around ``date``, which the
    chart draws as a span.
    """
    start, end = timewindow.windows(events["event_date"], events["time_precision"])
    codes = pd.to_numeric(events["time_precision"], errors="coerce").fillna(1).astype(int)
    frame = pd.DataFrame(
        {
            "event_id": events["event_id"].astype(object),
            "date": events["event_date"],
            "side": (
                colouring.labels_for(events)
                if colouring is not None
                else sides_for(events["actor1"]).map(SIDES).astype(object)
            ),
            "place": events["location"].fillna("").astype(object),
            "type": events["sub_event_type"].fillna(events["event_type"]).astype(object),
            "deaths": events["fatalities"].astype("Float64").fillna(0).astype(float),
            "actor": events["actor1"].astype(object),
            "events": 1,
            "start": start,
            # The span ends at the end of its last day.
            "end": end + pd.Timedelta(days=1),
            "known": codes.map(PRECISION_WORDS).fillna("day").astype(object),
        }
    )
    return frame.reset_index(drop=True)


# Spans up to this many days are ticked by day or week, so labels name the day.
DAY_LABELS_UP_TO = 150


def axis_format(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The x-axis label format for dates from `start` to `end`.

    A span of a few weeks or months is ticked by day or week; month labels
    there repeat ("Mar 2020" under every tick of a three-week ACLED export)
    and say nothing, so short spans name the day. The year stays in both
    forms: static/js/playback.js reads the chart's scale from these labels.
    """
    if pd.isna(start) or pd.isna(end) or (end - start).days > DAY_LABELS_UP_TO:
        return "%b %Y"
    return "%-d %b %Y"


def period_for(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The period to count by: about 100-400 bins whatever the span."""
    days = (end - start).days
    if days <= 400:
        return "day"
    if days <= 5 * 365:
        return "week"
    return "month"


_PERIOD_FREQ = {"day": "D", "week": "W-MON", "month": "MS"}


def counts_frame(
    events: pd.DataFrame, period: str, colouring: Colouring | None = None
) -> pd.DataFrame:
    """Events and deaths per side (or group) per period, dated at the period's start."""
    frame = timeline_frame(events, colouring)
    starts = frame["date"].dt.to_period(_PERIOD_FREQ[period][0]).dt.start_time
    grouped = (
        frame.assign(date=starts)
        .groupby(["date", "side"], observed=True)
        .agg(events=("events", "sum"), deaths=("deaths", "sum"))
        .reset_index()
    )
    grouped["event_id"] = None
    return grouped


def timeline_points(
    events: pd.DataFrame, colouring: Colouring | None = None
) -> tuple[pd.DataFrame, str | None]:
    """The chart's marks and the period they count by (None: one mark per event)."""
    if len(events) <= EACH_EVENT_UP_TO:
        return timeline_frame(events, colouring), None
    period = period_for(events["event_date"].min(), events["event_date"].max())
    return counts_frame(events, period, colouring), period


@st.cache_data(max_entries=16, show_spinner=False)
def _cached_points(
    cache_key: tuple, colouring: Colouring | None, _events: pd.DataFrame
) -> tuple[pd.DataFrame, str | None]:
    return timeline_points(_events, colouring)


@st.cache_resource(max_entries=64, show_spinner=False)
def _shared_spec(
    cache_key: tuple,
    window: tuple,
    selected: str | None,
    colouring: Colouring | None,
    _events: pd.DataFrame,
    play_frame: tuple | None = None,
) -> dict:
    """The chart's Vega-Lite spec, built once for every session showing the same view.

    Building the Altair chart and validating it into a spec costs a tenth of
    a second or more a rerun, the same for every viewer of one link; the
    spec is shared as is (Streamlit only reads it).
    """
    points = _cached_points(cache_key, colouring, _events)
    chart = timeline_chart(
        _events, window, selected, points, connect=True, colouring=colouring, play_frame=play_frame
    )
    return chart.to_dict()


def timeline_chart(
    events: pd.DataFrame,
    window: tuple[date | None, date | None] = (None, None),
    selected: str | None = None,
    points: tuple[pd.DataFrame, str | None] | None = None,
    connect: bool = False,
    colouring: Colouring | None = None,
    play_frame: tuple[date | None, date] | None = None,
) -> alt.LayerChart:
    """Build the chart for `events` (already filtered by everything but dates).

    `points` is `timeline_points(events)` when the caller has it already;
    with `connect`, a line joins each event to the one that answers it;
    `colouring` decides the rows and colours (by side when None); `play_frame`
    is the playback frame a link opened at, (first day or None for all up
    to it, last day), drawn as a blue band ending in a cursor line.
    """
    frame, period = points if points is not None else timeline_points(events, colouring)
    if colouring is not None:
        side_labels, colors = colouring.labels, [c for _, c in colouring.groups]
    else:
        side_labels = list(SIDES.values())
        colors = [style.SIDE_COLORS[key] for key in SIDES]
    rows = max(1, frame["side"].nunique())
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    x = alt.X(
        "date:T",
        title=None,
        axis=alt.Axis(
            format=axis_format(frame["date"].min(), frame["date"].max()),
            labelAngle=0,
            labelOverlap=True,
            tickCount=8,
            grid=True,
        ),
    )
    y = alt.Y("side:N", title=None, sort=side_labels, axis=alt.Axis(labelLimit=160))
    points = (
        alt.Chart(frame)
        .mark_circle(opacity=0.85, stroke="#fff", strokeWidth=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "side:N", scale=alt.Scale(domain=side_labels, range=colors), legend=None
            ),
            size=alt.Size("deaths:Q", scale=alt.Scale(range=[40, 420], zero=True), legend=None),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
                alt.Tooltip("place:N", title="Place"),
                alt.Tooltip("type:N", title="Type"),
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("deaths:Q", title="Deaths"),
            ],
        )
        .transform_filter("datum.known !== 'week' && datum.known !== 'month'")
        .add_params(brush)
    )
    layers: list[alt.Chart] = []
    start, end = window
    if start is not None or end is not None:
        band = pd.DataFrame(
            {
                "start": [pd.Timestamp(start) if start else frame["date"].min()],
                "end": [pd.Timestamp(end) if end else frame["date"].max()],
            }
        )
        layers.append(
            alt.Chart(band).mark_rect(color="#f2c14e", opacity=0.18).encode(x="start:T", x2="end:T")
        )
    if period is None and (frame["known"] != "day").any():
        layers.append(_spans(frame, x, y, side_labels, colors))
    if connect and period is None:
        # A line from each event to the one that answers it (events.chains).
        connectors = timeline_connectors(frame, events, side_labels)
        if connectors is not None:
            layers.append(connectors)
    layers.append(points)
    if play_frame is not None:
        layers.extend(frame_marks(play_frame, frame["date"].min()))
    ring = _selected_mark(events, selected, period, colouring)
    if ring is not None:
        layers.append(
            alt.Chart(ring)
            .mark_point(shape="circle", size=520, stroke="#111", strokeWidth=2.5, filled=False)
            .encode(x="date:T", y=alt.Y("side:N", sort=side_labels))
        )
    return alt.layer(*layers).properties(height=HEIGHT_PER_ROW * rows + 40)


def _spans(frame: pd.DataFrame, x, y, side_labels, colors) -> alt.Chart:
    """Events known only to the week or month: a bar over the window, not a point."""
    spans = frame.loc[frame["known"] != "day"]
    return (
        alt.Chart(spans)
        .mark_bar(height=9, cornerRadius=4, opacity=0.55, stroke="#333", strokeWidth=0.6)
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            y=y,
            color=alt.Color(
                "side:N", scale=alt.Scale(domain=side_labels, range=colors), legend=None
            ),
            tooltip=[
                alt.Tooltip("known:N", title="Known to the"),
                alt.Tooltip("start:T", title="From", format="%Y-%m-%d"),
                alt.Tooltip("date:T", title="Dated (middle)", format="%Y-%m-%d"),
                alt.Tooltip("place:N", title="Place"),
                alt.Tooltip("type:N", title="Type"),
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("deaths:Q", title="Deaths"),
            ],
        )
    )


def _tooltip(period: str | None) -> list[alt.Tooltip]:
    if period is None:
        return [
            alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
            alt.Tooltip("place:N", title="Place"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("actor:N", title="Actor"),
            alt.Tooltip("deaths:Q", title="Deaths"),
        ]
    return [
        alt.Tooltip("date:T", title=f"{period.capitalize()} from", format="%Y-%m-%d"),
        alt.Tooltip("side:N", title="Side"),
        alt.Tooltip("events:Q", title="Events", format=","),
        alt.Tooltip("deaths:Q", title="Deaths", format=","),
    ]


def _selected_mark(events: pd.DataFrame, selected: str | None, period: str | None, colouring=None):
    if selected is None:
        return None
    match = events.loc[events["event_id"] == selected]
    if match.empty:
        return None
    ring = timeline_frame(match, colouring)
    if period is not None:
        ring["date"] = ring["date"].dt.to_period(_PERIOD_FREQ[period][0]).dt.start_time
    return ring


# The playback frame's colour: apart from every side's, and from the date window's yellow.
FRAME_COLOR = "#1a5fb4"


def playback_frame(
    at: date | None, trail: int | None, default_trail: int = 30
) -> tuple[date | None, date] | None:
    """The days a playback frame shows: (first or None for all up to it, last); None unplayed.

    `trail` is the link's (0: cumulative; None: the control's default, 30 days).
    """
    if at is None:
        return None
    days = default_trail if trail is None else trail
    return (None if days == 0 else at - timedelta(days=days - 1), at)


def frame_marks(play_frame: tuple[date | None, date], first_day) -> list[alt.Chart]:
    """The frame as a band over its days and a cursor line at its last day.

    Named `playback_band` and `playback_cursor`, classes of their SVG
    groups, so the map's playback control (static/js/playback.js) can hide
    them when it draws the moving cursor itself.
    """
    start, end = play_frame
    band = pd.DataFrame(
        {
            "start": [pd.Timestamp(start) if start is not None else first_day],
            "end": [pd.Timestamp(end) + pd.Timedelta(days=1)],
        }
    )
    cursor = pd.DataFrame({"date": [pd.Timestamp(end)], "label": [f"playback {end:%d %b %Y}"]})
    return [
        alt.Chart(band, name="playback_band")
        .mark_rect(color=FRAME_COLOR, opacity=0.16)
        .encode(x="start:T", x2="end:T"),
        alt.Chart(cursor, name="playback_cursor")
        .mark_rule(color=FRAME_COLOR, strokeWidth=2)
        .encode(x="date:T", tooltip=alt.Tooltip("label:N", title="Playback frame")),
    ]


def _on_brush(set_window, reset_window) -> None:
    window = state.window_from_brush(state.timeline_returned(), BRUSH)
    if window is None:
        reset_window()
    else:
        set_window(*window)


def render_timeline(
    events: pd.DataFrame,
    window: tuple[date | None, date | None],
    selected: str | None,
    set_window,
    reset_window,
    cache_key: tuple | None = None,
    colouring: Colouring | None = None,
    play_frame: tuple[date | None, date] | None = None,
) -> None:
    """Draw the timeline; a brush calls `set_window(start, end)`, clearing it `reset_window()`.

    `play_frame` (`playback_frame`) is the playback frame the link opened
    at; the map's playback control moves a cursor over the chart from there.

    `cache_key` names the dataset version and the filters that produced
    `events`; with it, the counts per period are worked out once per view
    (a third of a second at a million events).
    """
    if events.empty:
        st.caption("No events to draw on the timeline.")
        return
    on_select = lambda: _on_brush(set_window, reset_window)  # noqa: E731
    if cache_key is not None:
        st.vega_lite_chart(
            _shared_spec(cache_key, tuple(window), selected, colouring, events, play_frame),
            key=state.TIMELINE,
            on_select=on_select,
            selection_mode=BRUSH,
            width="stretch",
        )
    else:
        st.altair_chart(
            timeline_chart(
                events,
                window,
                selected,
                connect=True,
                colouring=colouring,
                play_frame=play_frame,
            ),
            key=state.TIMELINE,
            on_select=on_select,
            selection_mode=BRUSH,
            width="stretch",
        )
    st.caption("Drag across the timeline to show only that window; click outside it to clear.")
