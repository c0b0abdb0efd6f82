"""The dashboard above the switch by size: the query engine answers, and the page is the same.

The switch is lowered with EVENTS_ENGINE_ABOVE so a few thousand generated
events (enough for the map to draw cells) go through the engine's copy, or
through an EVENTS_SOURCE Parquet export; each page is compared with the one
pandas draws from the same file.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import write
from components.map.cells import AGGREGATE_ABOVE
from events import load_events
from events.engine.columns import write_parquet
from tests.support.apptest import APP

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

# More placed events than the map draws one marker each, so it draws cells.
SIZE = AGGREGATE_ABOVE + 1_500
_CELLS_CALL = re.compile(r"L\.eventCells\(\w+, (\{.*?\}), \{")
_MARKERS_CALL = re.compile(r"L\.eventMarkers\(\w+, (\{.*?\}), (null|\"(?:[^\"\\]|\\.)*\"), \{")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine-app")
    csv = write(SIZE, folder / "events.csv")
    parquet = write_parquet(load_events(csv).events, folder / "export" / "events.parquet")
    return csv, parquet, folder


def run(monkeypatch, files, mode: str, query: dict | None = None) -> AppTest:
    csv, parquet, folder = files
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(folder / f"cache-{mode}"))
    monkeypatch.delenv("EVENTS_SOURCE", raising=False)
    monkeypatch.setenv("EVENTS_CSV", str(csv))
    # The pandas page keeps the file in memory; the others go above the switch.
    monkeypatch.setenv("EVENTS_ENGINE_ABOVE", str(SIZE if mode == "pandas" else 100))
    if mode == "source":
        monkeypatch.setenv("EVENTS_SOURCE", str(parquet))
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def feature_group(at: AppTest) -> str:
    return json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]


def cells(at: AppTest) -> dict | None:
    """The cell table the map draws; without playback's per-event day index, which the
    engine does not send (one entry per event in view: not what a view of millions needs)."""
    found = _CELLS_CALL.search(feature_group(at))
    if not found:
        return None
    table = json.loads(found.group(1))
    table.pop("play", None)
    return table


def marker_data(at: AppTest) -> dict | None:
    found = _MARKERS_CALL.search(feature_group(at))
    return json.loads(found.group(1)) if found else None


def summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if re.search(r"\d+ (of [\d,]+ )?events?", m.value))


def table(at: AppTest) -> pd.DataFrame:
    """The table's cells as the reader sees them (a category and a string column read alike)."""
    frame = at.dataframe[0].value.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def page(at: AppTest) -> dict:
    return {
        "summary": summary(at),
        "cells": cells(at),
        "markers": marker_data(at),
        "table": table(at),
        "title": at.markdown[0].value,
    }


def engine_used(at: AppTest) -> bool:
    return any("answered by duckdb" in c.value for c in at.sidebar.caption)


VIEWS = {
    "everything": {},
    "one country, three years": {"country": "Syria", "from": "2019-01-01", "to": "2021-12-31"},
    "few events: markers": {"actor": "Kata'ib Hezbollah", "from": "2020-01-01", "to": "2020-03-31"},
    "none": {"from": "1990-01-01", "to": "1990-01-02"},
}


@pytest.mark.parametrize("query", list(VIEWS.values()), ids=list(VIEWS))
@pytest.mark.parametrize("mode", ["copy", "source"])
def test_above_the_switch_the_page_shows_what_pandas_shows(monkeypatch, files, mode, query):
    in_memory = run(monkeypatch, files, "pandas", query)
    engine = run(monkeypatch, files, mode, query)
    assert not engine_used(in_memory) and engine_used(engine)
    expected, got = page(in_memory), page(engine)
    assert got["summary"] == expected["summary"]
    assert got["cells"] == expected["cells"]
    assert got["markers"] == expected["markers"]
    pd.testing.assert_frame_equal(got["table"], expected["table"])
    if mode == "copy":
        assert got["title"] == expected["title"]


def test_the_views_above_exercise_both_map_layers(monkeypatch, files):
    drawn = [page(run(monkeypatch, files, "copy", q)) for q in VIEWS.values()]
    assert any(p["cells"] for p in drawn) and any(p["markers"] for p in drawn)
    # Each view's link was read: no two of them show the same events.
    assert len({p["summary"] for p in drawn}) == len(VIEWS)


def test_a_restart_opens_the_engine_copy_without_loading_the_file(monkeypatch, files):
    from components import data

    run(monkeypatch, files, "copy")
    data._load_dataset.clear()
    calls = []
    original = data.load_events
    monkeypatch.setattr(data, "load_events", lambda *a, **k: calls.append(a) or original(*a, **k))
    from components import engine_page

    engine_page._engine_copy.clear()
    engine_page._open_copy.clear()
    at = run(monkeypatch, files, "copy")
    assert engine_used(at) and not calls
