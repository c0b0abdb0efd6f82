"""The switch by size: pandas in memory and the engine give the page the same view."""

from __future__ import annotations

import pandas as pd
import pytest

from components.view_data import EngineView, FrameView, view_data
from tests.events.test_engine import GENERATED, VIEW_IDS, VIEWS, plain


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


@pytest.mark.parametrize("view", VIEWS, ids=VIEW_IDS)
def test_either_side_of_the_threshold_the_page_gets_the_same_view(both, view):
    small, large = both
    assert large.total() == small.total() == len(GENERATED)
    assert large.totals(view) == small.totals(view)
    assert drawn(large.cells(view, max_cells=300)) == drawn(small.cells(view, max_cells=300))
    pd.testing.assert_frame_equal(plain(large.newest(view, 40)), plain(small.newest(view, 40)))
    pd.testing.assert_frame_equal(plain(large.counts(view)), plain(small.counts(view)))
