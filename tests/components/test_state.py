"""The session state's pure decisions: what a click, a row or a brush chose, and the view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from components import state
from events.view import ViewState, Vocabulary

FEATURE = {"type": "Feature", "properties": {"id": "2020-03-11-camp-taji"}}


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": None}, None),
        ({"last_active_drawing": FEATURE}, "2020-03-11-camp-taji"),
        # a grid cell carries counts, not an event id
        ({"last_active_drawing": {"properties": {"count": 12}}}, None),
        ({"last_active_drawing": {"properties": {"id": 7}}}, None),
        ({"last_active_drawing": {"properties": {"id": ""}}}, None),
        ({"last_active_drawing": {"properties": None}}, None),
        ({"last_active_drawing": "junk"}, None),
        ("junk", None),
        ({"last_object_clicked": {"lat": 33.0, "lng": 44.0}}, None),
    ],
)
def test_selection_from_map(returned, expected):
    assert state.selection_from_map(returned) == expected


IDS = ["a", "b", "c"]


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        (None, None),
        ({}, None),
        ({"selection": {"rows": []}}, None),
        ({"selection": {"rows": [0]}}, "a"),
        ({"selection": {"rows": [2]}}, "c"),
        ({"selection": {"rows": [3]}}, None),  # the table shrank under the click
        ({"selection": {"rows": [-1]}}, None),
        ({"selection": {"rows": ["1"]}}, None),
    ],
)
def test_selection_from_table(returned, expected):
    assert state.selection_from_table(returned, IDS) == expected


VOCAB = Vocabulary(
    actors=("Iran",),
    event_types=("Battles",),
    sub_event_types=(),
    countries=("Iraq",),
    attributions=("claimed",),
    sides=("iran",),
    event_ids=frozenset({"e1"}),
    date_min=date(2019, 12, 27),
    date_max=date(2021, 6, 28),
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, ViewState()),
        # the data's own range is no limit, so the link stays short
        ({state.DATES: (date(2019, 12, 27), date(2021, 6, 28))}, ViewState()),
        (
            {state.DATES: (date(2020, 1, 1), date(2021, 6, 28))},
            ViewState(date_from=date(2020, 1, 1)),
        ),
        (
            {state.DATES: (date(2019, 12, 27), date(2020, 2, 1))},
            ViewState(date_to=date(2020, 2, 1)),
        ),
        # half a range while the user is still picking: only the start
        ({state.DATES: (date(2020, 1, 1),)}, ViewState(date_from=date(2020, 1, 1))),
        ({state.TEXT: "  taji "}, ViewState(text="taji")),
        ({state.LISTS["actors"]: ["Iran"]}, ViewState(actors=("Iran",))),
        ({state.SELECTED: "e1", state.MAP_ZOOM: 7}, ViewState(selected="e1", zoom=7)),
        ({state.MAP_CENTER: (33.3, 44.4)}, ViewState(center=(33.3, 44.4))),
    ],
)
def test_view_from_values(values, expected):
    assert state.view_from_values(values, VOCAB) == expected


def _fit(events):
    return (33.0, 44.0), 6, [[30.0, 40.0], [36.0, 48.0]]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ViewState(), ((33.0, 44.0), 6, [[30.0, 40.0], [36.0, 48.0]])),
        # a link's position wins, and the map must not then fit the data over it
        (ViewState(center=(36.2, 44.0), zoom=9), ((36.2, 44.0), 9, None)),
        (ViewState(zoom=9), ((33.0, 44.0), 9, None)),
        (ViewState(center=(36.2, 44.0)), ((36.2, 44.0), 6, None)),
    ],
)
def test_start_view_for(view, expected):
    assert state.start_view_for(view, pd.DataFrame(), _fit) == expected


def test_only_the_state_module_touches_the_session_state():
    """One owner: every other module goes through components/state.py."""
    from tests.support import ROOT

    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("components", "app_pages")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "state.py" and "session_state" in path.read_text(encoding="utf-8")
    ]
    offenders += ["app.py"] if "session_state" in (ROOT / "app.py").read_text() else []
    assert offenders == []
