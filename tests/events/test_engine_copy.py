"""The engine copy of a big file: written beside the events cache, read back without its events."""

from __future__ import annotations

import dataclasses
from datetime import date

from events import cache, load_events
from events.engine import backend, query
from events.problems import Code, Problem
from tests.support import ROOT


def _entry(problems=()):
    table = load_events(ROOT / "data" / "events.csv")
    return dataclasses.replace(table, problems=list(table.problems) + list(problems))


def test_the_copy_keeps_the_report_and_opens_in_the_engine(tmp_path):
    entry = _entry()
    path = cache.write_engine_copy("k", entry, folder=tmp_path)
    copy = cache.read_engine_copy("k", folder=tmp_path)
    assert copy.path == path and copy.rows == len(entry.events)
    assert copy.problems == entry.problems and copy.rejected_rows == entry.rejected_rows
    assert copy.format == entry.format
    assert (copy.sources is None) == (entry.sources is None)
    assert query.total(backend.open_source(str(copy.path))) == len(entry.events)


def test_a_copy_from_another_schema_or_a_stale_day_is_not_used(tmp_path, monkeypatch):
    future = Problem(
        row=2,
        column="event_date",
        value="2999-01-01",
        message="x is in the future",
        code=Code.FUTURE_DATE,
    )
    cache.write_engine_copy("today", _entry([future]), folder=tmp_path, today=date(2026, 1, 1))
    assert cache.read_engine_copy("today", folder=tmp_path, today=date(2026, 1, 1)) is not None
    assert cache.read_engine_copy("today", folder=tmp_path, today=date(2026, 1, 2)) is None
    cache.write_engine_copy("old", _entry(), folder=tmp_path)
    monkeypatch.setattr(cache, "SCHEMA_VERSION", cache.SCHEMA_VERSION + 1)
    assert cache.read_engine_copy("old", folder=tmp_path) is None
    assert cache.read_engine_copy("missing", folder=tmp_path) is None
