"""The events cache: a warm start gives back exactly what a cold load produced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.synthetic import generate
from components import data
from events import cache, load_events
from tests.support import DATA


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(where))
    return where


def write_events(path: Path, rows: int = 300, broken: bool = True) -> Path:
    frame = generate(rows, seed=2)
    if broken:
        frame.loc[4, "event_date"] = "2021-02-30"  # not a date: row 6 is rejected
        frame.loc[7, "fatalities"] = "-3"
    frame.to_csv(path, index=False)
    return path


def load(path: Path) -> data.Dataset:
    """The dashboard's own loading step, past Streamlit's in-process cache."""
    return data._load_dataset.__wrapped__(str(path), (0, 0))


def test_a_warm_start_gives_the_same_events_problems_and_counts(tmp_path, folder):
    path = write_events(tmp_path / "events.csv")
    cold = load(path)
    assert cold.problems and cold.rejected_rows >= 1
    assert len(list(folder.glob("*.parquet"))) == 1
    warm = load(path)
    pd.testing.assert_frame_equal(warm.events, cold.events)
    assert warm.problems == cold.problems
    assert warm.rejected_rows == cold.rejected_rows


def test_the_warm_start_reads_the_cache_not_the_file(tmp_path, folder):
    path = write_events(tmp_path / "events.csv", broken=False)
    key = cache.content_key(path, setup=data._placing_setup())
    assert key is not None
    marked = load(path).events.assign(notes="from the cache")
    cache.write(key, cache.CachedLoad(marked))
    assert set(load(path).events["notes"]) == {"from the cache"}


def test_sources_are_cached_with_the_events(tmp_path, folder):
    events = DATA / "events.csv"
    copy = tmp_path / "events.csv"
    copy.write_bytes(events.read_bytes())
    (tmp_path / "sources.csv").write_bytes((DATA / "sources.csv").read_bytes())
    cold = load(copy)
    warm = load(copy)
    assert cold.sources is not None
    pd.testing.assert_frame_equal(warm.sources, cold.sources)
    pd.testing.assert_frame_equal(warm.events, cold.events)


def test_the_key_follows_the_content_of_the_file_and_its_sources(tmp_path):
    path = write_events(tmp_path / "events.csv")
    first = cache.content_key(path)
    assert cache.content_key(path) == first
    assert cache.content_key(path, setup="online") != first
    (tmp_path / "sources.csv").write_text("source_id,outlet\ns1,Reuters\n")
    with_sources = cache.content_key(path)
    assert with_sources != first
    path.write_bytes(path.read_bytes() + b"\n")
    assert cache.content_key(path) != with_sources
    assert cache.content_key(tmp_path / "missing.csv") is None


def test_entries_of_another_schema_version_are_not_used(tmp_path, monkeypatch):
    path = write_events(tmp_path / "events.csv", broken=False)
    events = load_events(path).events
    cache.write("k", cache.CachedLoad(events), folder=tmp_path)
    assert cache.read("k", folder=tmp_path) is not None
    monkeypatch.setattr(cache, "SCHEMA_VERSION", cache.SCHEMA_VERSION + 1)
    assert cache.read("k", folder=tmp_path) is None


def test_an_unreadable_entry_counts_as_missing(tmp_path, caplog):
    cache.entry_path("bad", tmp_path).parent.mkdir(parents=True, exist_ok=True)
    cache.entry_path("bad", tmp_path).write_bytes(b"not parquet at all")
    assert cache.read("bad", folder=tmp_path) is None
    assert "bad.parquet" in caplog.text


def test_a_result_that_depends_on_today_is_only_reused_the_same_day(tmp_path):
    path = write_events(tmp_path / "events.csv", broken=False)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "event_date"] = "2099-01-01"
    frame.to_csv(path, index=False)
    result = load_events(path)
    assert any(cache.FUTURE_DATE_MARK in p.message for p in result.problems)
    entry = cache.CachedLoad(result.events, problems=result.problems)
    cache.write("today", entry, folder=tmp_path, today=date(2026, 1, 1))
    assert cache.read("today", folder=tmp_path, today=date(2026, 1, 1)) is not None
    assert cache.read("today", folder=tmp_path, today=date(2026, 1, 2)) is None


def test_repetitive_text_is_held_as_categories_with_the_same_values(tmp_path):
    path = write_events(tmp_path / "events.csv", rows=2_000, broken=False)
    events = load_events(path).events
    small = cache.compact(events)
    for name in ("actor1", "event_type", "country", "location"):
        assert isinstance(small[name].dtype, pd.CategoricalDtype)
        assert small[name].astype(str).tolist() == events[name].astype(str).tolist()
    assert small.memory_usage(deep=True).sum() < events.memory_usage(deep=True).sum() / 2


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "KEEP_ENTRIES", 2)
    events = load_events(write_events(tmp_path / "events.csv", rows=20, broken=False)).events
    for name in ("a", "b", "c"):
        cache.write(name, cache.CachedLoad(events), folder=tmp_path / "c")
    assert len(list((tmp_path / "c").glob("*.parquet"))) == 2


def test_the_cache_folder_can_be_set(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "x"))
    assert cache.cache_dir() == tmp_path / "x"
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "geo"))
    assert cache.cache_dir() == tmp_path / "geo" / "events"
