"""The switch by size: pandas in memory and the engine give the page the same view."""

from __future__ import annotations

import pandas as pd
import pytest

from components.view_data import (
    ENGINE_ABOVE,
    EngineView,
    FrameView,
    engine_above,
    named_source,
    region_order,
    view_data,
)
from events.filters import apply
from events.region import region_of
from tests.support.engine_cases import GENERATED, VIEW_IDS, VIEWS, plain


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("view-data")
    small = view_data(GENERATED, folder, engine_above=len(GENERATED))
    large = view_data(GENERATED, folder, engine_above=len(GENERATED) - 1)
    assert isinstance(small, FrameView) and isinstance(large, EngineView)
    return small, large


def drawn(table: dict) -> dict:
    """A cell table without playback's per-event day index, which the engine does not send."""
    return {key: value for key, value in table.items() if key != "play"}


@pytest.mark.slow
@pytest.mark.parametrize("view", VIEWS, ids=VIEW_IDS)
def test_either_side_of_the_threshold_the_page_gets_the_same_view(both, view):
    small, large = both
    assert large.total() == small.total() == len(GENERATED)
    assert large.totals(view) == small.totals(view)
    assert drawn(large.cells(view, max_cells=300)) == drawn(small.cells(view, max_cells=300))
    pd.testing.assert_frame_equal(plain(large.newest(view, 40)), plain(small.newest(view, 40)))
    pd.testing.assert_frame_equal(plain(large.counts(view)), plain(small.counts(view)))


@pytest.mark.slow
@pytest.mark.parametrize("view", VIEWS, ids=VIEW_IDS)
def test_the_engine_pages_summary_line_is_the_in_memory_one(both, view):
    from components.summary import summary_line
    from components.view_data import page_data, summary_text

    small, large = both
    shown = apply(view, GENERATED)
    expected = summary_line(view, GENERATED, shown)
    assert summary_text(view, large.total(), large.totals(view)) == expected
    assert page_data(large, view).line == expected


def test_the_switch_is_read_from_the_environment_and_bad_values_are_named():
    assert engine_above({}) == ENGINE_ABOVE
    assert engine_above({"EVENTS_ENGINE_ABOVE": "1_000"}) == 1000
    with pytest.raises(ValueError, match=r"EVENTS_ENGINE_ABOVE='lots': expected a whole number"):
        engine_above({"EVENTS_ENGINE_ABOVE": "lots"})
    with pytest.raises(ValueError, match=r"EVENTS_ENGINE_ABOVE='-3': expected zero or more"):
        engine_above({"EVENTS_ENGINE_ABOVE": "-3"})


def test_a_source_url_is_used_unless_a_file_is_named():
    environ = {"EVENTS_SOURCE": " duckdb:///x.duckdb "}
    assert named_source([], environ) == "duckdb:///x.duckdb"
    assert named_source(["--events", "a.csv"], environ) is None
    assert named_source(["--events=a.csv"], environ) is None
    assert named_source([], {}) is None


def test_the_region_from_counts_is_the_region_from_every_event():
    countries = pd.Series(["Syria"] * 5 + ["Iraq"] * 9 + [None] * 2 + ["Lebanon"])
    counts = countries.value_counts(dropna=False).rename_axis("country").reset_index(name="n")
    assert region_of(region_order(counts)) == region_of(countries) == "Iraq, Syria and Lebanon"
    many = pd.Series([f"Country {i}" for i in range(9) for _ in range(i + 1)])
    counts = many.value_counts().rename_axis("country").reset_index(name="n")
    assert region_of(region_order(counts)) == region_of(many)
