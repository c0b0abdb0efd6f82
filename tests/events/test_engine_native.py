"""DuckDB's own copy of a Parquet source: made once per version, the same answers as in place."""

from __future__ import annotations

import threading

import pytest

from events import load_events
from events.engine import backend, columns, native, query
from events.view import ViewState
from tests.support import DATA

EVENTS = load_events(DATA / "events.csv").events


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "source"
    columns.write_parquet(EVENTS, folder / "part-00000.parquet")
    return folder


@pytest.mark.slow
def test_the_copy_is_made_once_and_answers_as_the_files_do(source, tmp_path):
    copies = tmp_path / "copies"
    path = native.copy_of(source, copies, "64MB", 1)
    assert path is not None and path.suffix == ".duckdb"
    made = path.stat().st_mtime_ns
    assert native.copy_of(source, copies, "64MB", 1) == path
    assert path.stat().st_mtime_ns == made
    in_place = backend.parquet_engine(source, copy=False)
    copied = backend.parquet_engine(source)
    assert copied.version and copied.version != in_place.version
    view = ViewState(actors=("Kata'ib Hezbollah",))
    assert query.totals(copied, view) == query.totals(in_place, view)
    assert query.newest(copied, ViewState(), 50).equals(query.newest(in_place, ViewState(), 50))


def test_a_changed_source_gets_a_new_copy(source, tmp_path):
    copies = tmp_path / "copies"
    first = native.copy_of(source, copies, "64MB", 1)
    columns.write_parquet(EVENTS.head(3), source / "part-00000.parquet")
    second = native.copy_of(source, copies, "64MB", 1)
    assert second != first
    con = backend._duckdb(str(second), read_only=True)
    assert con.table(columns.TABLE_NAME).count().execute() == 3


def test_four_openers_at_once_build_one_copy(source, tmp_path):
    copies = tmp_path / "copies"
    found, errors = [], []

    def open_it():
        try:
            found.append(native.copy_of(source, copies, "64MB", 1))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(found)) == 1
    assert [p.name for p in copies.glob("*.duckdb*") if not p.name.endswith(".lock")] == [
        found[0].name
    ]


def test_a_cache_folder_that_cannot_be_made_reads_the_files_in_place(source, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(blocked))
    engine = backend.parquet_engine(source)
    assert engine.version.startswith("parquet-")
    assert query.total(engine) == len(EVENTS)


@pytest.mark.slow
def test_old_copies_are_removed_beyond_the_limit(tmp_path):
    copies = tmp_path / "copies"
    for k in range(native.KEEP_COPIES + 2):
        folder = tmp_path / f"s{k}"
        columns.write_parquet(EVENTS.head(k + 1), folder / "part-00000.parquet")
        native.copy_of(folder, copies, "64MB", 1)
    assert len(list(copies.glob("*.duckdb"))) == native.KEEP_COPIES


@pytest.mark.slow
def test_sessions_query_side_by_side_with_the_same_answers(source):
    engine = backend.parquet_engine(source)
    views = [ViewState(), ViewState(actors=("Kata'ib Hezbollah",)), ViewState(countries=("Iraq",))]
    alone = [query.totals(engine, view) for view in views]
    found, errors = {}, []

    def ask(k: int) -> None:
        try:
            for _ in range(5):
                found.setdefault(k, set()).add(query.totals(engine, views[k % len(views)]))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(answers == {alone[k % len(views)]} for k, answers in found.items())


@pytest.mark.parametrize("copy", [True, False], ids=["copied", "in place"])
def test_a_file_that_is_not_parquet_is_named_with_the_reason(tmp_path, monkeypatch, copy):
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "part-0.parquet").write_text("event_id,event_date\nx,2020-01-01\n")
    with pytest.raises(backend.SourceError, match=r"source.*cannot be read as Parquet \(.*magic"):
        backend.parquet_engine(folder, copy=copy)
    # No half-made copy is left to be mistaken for one.
    assert not [
        p for p in (tmp_path / "cache").rglob("*") if ".duckdb" in p.name and "lock" not in p.name
    ]
