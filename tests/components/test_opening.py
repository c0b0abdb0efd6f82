"""The engine page's opening, kept on disk: read back as it was worked out, or not at all."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import pytest

from benchmarks.synthetic import write
from components import opening, view_data
from components.map.cells import AGGREGATE_ABOVE
from events import load_events
from events.engine import backend, columns, query
from events.view import ViewState
from tests.support import DATA

EVENTS = load_events(DATA / "events.csv").events


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """More placed events than the map draws one marker each: it draws cells."""
    folder = tmp_path_factory.mktemp("opening")
    return load_events(write(AGGREGATE_ABOVE + 500, folder / "events.csv")).events


def _engine(events, tmp_path):
    folder = tmp_path / "source"
    columns.write_parquet(events, folder / "part-00000.parquet")
    return backend.parquet_engine(folder)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["markers", "cells"])
def test_what_is_kept_reads_back_equal(kind, many, tmp_path):
    events = EVENTS if kind == "markers" else many
    engine = _engine(events, tmp_path)
    source = view_data.EngineView(engine)
    vocab = query.vocabulary(engine)
    extent = source.extent()
    page = view_data.page_data(source, ViewState())
    assert (page.cells is not None) == (kind == "cells")
    folder = opening.folder_for(tmp_path / "kept", engine.version)
    opening.save(folder, {"total": page.total, "region": "Iraq"}, vocab, extent, page)

    facts, vocab_back, extent_back, page_back = opening.load(folder, vocab.event_ids)
    assert facts == {"total": page.total, "region": "Iraq"}
    assert vocab_back == vocab
    pd.testing.assert_frame_equal(extent_back, extent)
    for field in fields(page):
        kept, worked_out = getattr(page_back, field.name), getattr(page, field.name)
        if isinstance(worked_out, pd.DataFrame):
            pd.testing.assert_frame_equal(kept, worked_out, check_dtype=True)
        else:
            assert kept == worked_out, field.name


@pytest.mark.slow
def test_an_unreadable_or_absent_opening_is_worked_out_again(tmp_path):
    engine = _engine(EVENTS, tmp_path)
    source = view_data.EngineView(engine)
    page = view_data.page_data(source, ViewState())
    folder = opening.folder_for(tmp_path / "kept", engine.version)
    assert opening.load(folder, None) is None
    opening.save(folder, {}, query.vocabulary(engine), source.extent(), page)
    (folder / "opening.json").write_text("{not json")
    assert opening.load(folder, None) is None
    assert not folder.exists()
