"""The view computed by an engine equals the view computed by pandas, on DuckDB and on Spark.

Each test runs once per engine: embedded DuckDB over the engine's Parquet
copy, and Spark in local mode over the same file (marker ``spark``; one
session for the whole run). The expected values are the pandas path's:
``events.filters.apply`` and the components' own builders, so the two paths
cannot drift apart unnoticed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components import detail
from components.map.cells import cell_table, grid_sizes
from components.table import table_frame
from components.timeline import counts_frame, period_for
from events import load_events
from events.engine import backend, columns, query
from events.filters import FILTERS, RowsStillIn, Totals, apply, describe_totals, expression
from events.links import from_query_params, to_query_params
from events.load import split_list
from events.view import ViewState, Vocabulary
from tests.support import filter_cases
from tests.support.engine_cases import GENERATED, VIEW_IDS, VIEWS, plain

# Spark takes 10-30 s to start and seconds a query: slow too, so `-m "not slow"` skips it.
SPARK = pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.slow])
# The Parquet files read in place answer through the same SQL as DuckDB's own copy:
# the inner loop checks one DuckDB path, the full suite both.
PARQUET_IN_PLACE = pytest.param("duckdb-parquet", marks=pytest.mark.slow)


@pytest.fixture(scope="session")
def spark_session():
    pyspark = pytest.importorskip("pyspark.sql")
    session = (
        pyspark.SparkSession.builder.master("local[2]")
        .appName("conflict-map-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def parquet_files(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("engine")
    return {
        "view": str(columns.write_parquet(filter_cases.EVENTS, folder / "view.parquet")),
        # Small row groups, so that the engines read a file of many.
        "generated": str(
            columns.write_parquet(GENERATED, folder / "generated.parquet", row_group=500)
        ),
    }


@pytest.fixture(scope="session", params=["duckdb", PARQUET_IN_PLACE, SPARK])
def engines(request, parquet_files) -> dict[str, backend.Engine]:
    if request.param == "duckdb":  # DuckDB's own copy of the files (the default)
        return {name: backend.open_source(path) for name, path in parquet_files.items()}
    if request.param == "duckdb-parquet":  # the files read in place
        return {
            name: backend.parquet_engine(path, copy=False) for name, path in parquet_files.items()
        }
    session = request.getfixturevalue("spark_session")
    # Temporary views belong to a session: one per file, sharing one Spark context.
    return {
        name: backend.spark_engine(session.newSession(), path)
        for name, path in parquet_files.items()
    }


@pytest.mark.parametrize(("name", "view", "expected"), filter_cases.APPLY_CASES)
def test_the_view_tests_cases_give_the_same_events(engines, name, view, expected):
    rows = query.rows_in_view(engines["view"], view, limit=1_000)
    assert rows["event_id"].tolist() == expected


@pytest.mark.parametrize(("view", "expected"), filter_cases.DESCRIBE_CASES)
def test_the_summary_line_from_the_engines_totals(engines, view, expected):
    engine = engines["view"]
    assert describe_totals(view, query.total(engine), query.totals(engine, view)) == expected


@pytest.mark.slow
@pytest.mark.parametrize("view", VIEWS, ids=VIEW_IDS)
def test_every_need_of_the_view_matches_pandas(engines, view):
    engine = engines["generated"]
    shown = apply(view, GENERATED)
    rows = query.rows_in_view(engine, view, limit=len(GENERATED))
    assert rows["event_id"].tolist() == shown["event_id"].tolist()
    assert query.totals(engine, view) == Totals.of(shown)

    cells = query.cell_table(engine, view, grid_sizes, max_cells=400)
    # Playback's per-event day index ("play") is the in-memory map's alone: the engine
    # sends counts per cell, not an entry per event.
    expected = {k: v for k, v in cell_table(shown, max_cells=400).items() if k != "play"}
    assert cells == expected
    placed = int(shown[["latitude", "longitude"]].notna().all(axis=1).sum())
    for level in cells["levels"]:
        assert sum(level["n"]) == placed  # the cells add up to the events on the map

    newest = table_frame(query.newest(engine, view, limit=50))
    pd.testing.assert_frame_equal(plain(newest), plain(table_frame(shown, limit=50)))

    if len(shown):
        period = period_for(shown["event_date"].min(), shown["event_date"].max())
        expected = counts_frame(shown, period)
        got = query.counts_per_period(engine, view, period)
        pd.testing.assert_frame_equal(plain(got), plain(expected))


@pytest.mark.parametrize("filter_", FILTERS, ids=lambda f: getattr(f, "field", type(f).__name__))
def test_each_filters_mask_and_expression_keep_the_same_rows(engines, filter_):
    engine = engines["generated"]
    active = [v for v in VIEWS if filter_.active(v)]
    assert active, "no test view uses this filter"
    t = backend.unbound_table()
    for view in active:
        kept = GENERATED["event_id"][filter_.mask(view, RowsStillIn(GENERATED))]
        found = engine.execute(t.filter(filter_.expr(view, t)).order_by("row").select("event_id"))
        assert found["event_id"].tolist() == kept.tolist(), view


def test_the_vocabulary_and_links_round_trip(engines):
    engine = engines["generated"]
    vocab = query.vocabulary(engine)
    expected = Vocabulary.from_events(GENERATED)
    for field in ("actors", "event_types", "sub_event_types", "countries", "attributions"):
        assert getattr(vocab, field) == getattr(expected, field), field
    assert (vocab.sides, vocab.date_min, vocab.date_max) == (
        expected.sides,
        expected.date_min,
        expected.date_max,
    )
    first = GENERATED["event_id"].iloc[0]
    assert first in vocab.event_ids and "no-such-event" not in vocab.event_ids
    for view in [*VIEWS, ViewState(actors=("Iran",), selected=first, zoom=7)]:
        read, notices = from_query_params(to_query_params(view), vocab)
        assert (read, notices) == (view, [])
        assert query.totals(engine, read) == Totals.of(apply(view, GENERATED))


def test_a_linked_event_is_found_by_id(engines):
    engine = engines["view"]
    wanted = filter_cases.EVENTS.iloc[[3]]
    pd.testing.assert_frame_equal(
        plain(table_frame(query.event(engine, wanted["event_id"].iloc[0]))),
        plain(table_frame(wanted)),
    )


def test_expressions_are_unbound_and_compile_for_server_engines():
    expr = expression(VIEWS[-1], backend.unbound_table())
    for dialect in ("trino", "bigquery", "clickhouse", "postgres"):
        sql = str(__import__("ibis").to_sql(expr, dialect=dialect))
        assert "event_date" in sql and "Iraq" in sql, dialect


def test_a_linked_event_id_is_matched_in_the_engine_ignoring_case(engines):
    vocab = query.vocabulary(engines["generated"])
    first = GENERATED["event_id"].iloc[0]
    view, notices = from_query_params({"event": first.upper()}, vocab)
    assert (view.selected, notices) == (first, [])
    view, notices = from_query_params({"event": "no-such-event"}, vocab)
    assert view.selected is None and "does not exist" in notices[0].message


def test_export_parquet_writes_a_source_the_engine_opens(tmp_path, capsys):
    from events.__main__ import main

    bundled = "data/events.csv"
    assert main(["export-parquet", bundled, "-o", str(tmp_path / "out")]) == 0
    assert "24 events written" in capsys.readouterr().out
    engine = backend.open_source(f"{tmp_path / 'out'}")
    assert query.total(engine) == 24
    dates = engine.execute(backend.unbound_table().select("event_date"))["event_date"]
    assert dates.is_monotonic_increasing  # written sorted by date, for row-group skipping


def test_a_source_that_cannot_be_opened_says_which_and_why(tmp_path):
    with pytest.raises(backend.SourceError, match=r"no such file or folder"):
        backend.open_source(str(tmp_path / "missing"))
    with pytest.raises(backend.SourceError, match=r"holds no \.parquet files"):
        backend.open_source(str(tmp_path))
    (tmp_path / "other.parquet").write_bytes(pd.DataFrame({"event_id": ["a"]}).to_parquet())
    with pytest.raises(
        backend.SourceError, match=r"lacks the columns event_date, time_precision, event_type"
    ):
        backend.open_source(str(tmp_path / "other.parquet"))
    with pytest.raises(backend.SourceError, match=r"unknown scheme 'ftp'"):
        backend.open_source("ftp://example.org/events")
    with pytest.raises(backend.SourceError, match=r"no DuckDB file"):
        backend.open_source(f"duckdb://{tmp_path}/none.duckdb")


@pytest.mark.parametrize("view", [VIEWS[0], VIEWS[4], VIEWS[7]], ids=["all", "battles", "text"])
def test_counts_by_day_summed_by_week_or_month_are_that_periods_counts(engines, view):
    engine = engines["generated"]
    daily = query.counts_per_period(engine, view, "day")
    for period in ("week", "month"):
        expected = query.counts_per_period(engine, view, period)
        pd.testing.assert_frame_equal(plain(query.regrouped(daily, period)), plain(expected))


def test_the_events_that_link_to_a_selected_one_are_found_in_the_engine(tmp_path):
    from tests.support import ROOT

    events = load_events(ROOT / "data" / "events.csv").events
    engine = backend.open_source(str(columns.write_parquet(events, tmp_path / "e.parquet")))
    linked = events[events["responds_to"].fillna("") != ""]
    assert not linked.empty
    answer = linked.iloc[0]
    for event_id in (answer["event_id"], split_list(answer["responds_to"])[0]):
        expected = detail.event_detail(event_id, events, None)
        got = detail.event_detail(event_id, query.related_records(engine, event_id), None)
        assert got == expected
        assert expected.responds_to or expected.responses


@pytest.mark.parametrize("view", VIEWS, ids=VIEW_IDS)
def test_a_windows_totals_from_the_undated_days_are_the_views_own(engines, view):
    engine = engines["generated"]
    days = query.days_summary(engine, query.undated(view))
    totals, placed, lats, lons = query.window_summary(days, view)
    expected = query.summary(engine, view)
    assert (totals, placed) == expected[:2]
    np.testing.assert_array_equal(lats, expected[2])
    np.testing.assert_array_equal(lons, expected[3])


@pytest.mark.parametrize("max_cells", [20, 300, 10**6])  # one, two and three levels kept
def test_cells_match_pandas_whichever_level_is_the_finest_kept(engines, max_cells):
    engine = engines["generated"]
    view = ViewState(countries=("Iraq", "Syria"))
    shown = apply(view, GENERATED)
    expected = {k: v for k, v in cell_table(shown, max_cells=max_cells).items() if k != "play"}
    assert query.cell_table(engine, view, grid_sizes, max_cells=max_cells) == expected
