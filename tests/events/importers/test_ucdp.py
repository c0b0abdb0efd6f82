"""UCDP GED files: the 23.1 layout, older column names, HXL rows, windows of dates, bad rows."""

from __future__ import annotations

import pandas as pd
import pytest

from events.importers import UCDP, import_file
from events.problems import WARNING
from tests.support import FIXTURES
from tests.support.importers import TODAY, csv_bytes, event

# Real UCDP GED rows (CC BY 4.0), kept in the repository: tests/fixtures/README.md.
UCDP_SAMPLE = FIXTURES / "ucdp_ged_sample.csv"


@pytest.fixture(scope="module")
def sample():
    return import_file(UCDP_SAMPLE, today=TODAY)


# -- the real file -------------------------------------------------------------------


def test_the_real_file_imports_every_row(sample):
    assert sample.format == UCDP
    assert sample.rows_read == 1000
    assert len(sample.events) == 1000 and sample.rejected.empty
    assert sample.errors == []
    assert (sample.events["country"] == "Syria").sum() == 265
    assert (sample.events["country"] == "Iraq").sum() == 19
    assert sample.credit and "UCDP" in sample.credit


# Values copied from the file: id, row, window, date_prec, where_prec, coordinates;
# the expected middle day and precisions follow the rules in events/importers/ucdp.py.
@pytest.mark.parametrize(
    ("ucdp_id", "row", "day", "time_precision", "geo_precision", "lat", "lon"),
    [
        ("300380", 2, "2013-01-03", 1, 1, 35.763369, 36.558974),  # one day; where_prec 1
        ("21300", 3, "1989-05-13", 2, 3, -9.65, 20.4),  # 05-10..05-16, date_prec 3, where 4
        ("401115", 4, "2021-05-28", 2, 3, 34.33333, 70.41667),  # 05-28..05-29, date_prec 2
        ("448810", 6, "2022-09-09", 1, 2, 36.418139, 38.809811),  # where_prec 2
        ("322134", 37, "2013-09-24", 1, 3, 35.0, 38.0),  # where_prec 6: the country
        ("298457", 46, "1994-05-04", 3, 2, -1.764444, 29.97),  # 04-07..05-31, date_prec 5
        ("23893", 185, "2004-11-15", 3, 3, 1.3, 30.5),  # 11-01..11-30, date_prec 4, where 7
        ("331084", 1001, "2013-05-19", 1, 3, 35.233333, 37.2),  # last row; where_prec 4
    ],
)
def test_named_rows_get_the_middle_day_and_mapped_precision(
    sample, ucdp_id, row, day, time_precision, geo_precision, lat, lon
):
    got = event(sample, f"ucdp-{ucdp_id}")
    assert got["csv_row"] == row
    assert got["event_date"] == pd.Timestamp(day)
    assert got["time_precision"] == time_precision
    assert got["geo_precision"] == geo_precision
    assert (got["latitude"], got["longitude"]) == (lat, lon)
    assert got["geo_source"] == "ucdp-ged"
    assert got["attribution"] == "unknown"


def test_types_actors_counts_and_sources(sample):
    first = event(sample, "ucdp-300380")
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert (first["actor1"], first["actor2"]) == ("Government of Syria", "Syrian insurgents")
    assert (first["location"], first["admin1"]) == ("Rami village", "Idlib governorate")
    assert (first["fatalities"], first["fatalities_low"], first["fatalities_high"]) == (2, 2, 2)
    assert first["source"] == (
        '"Support Kurds in Syria,2013-01-03, Thursday 3 January 2013";'
        '"VDC,2013-01-03,Abdul Satar Mustafa Hankosh"; SOHR; VDC'
    )
    assert first["date_start"] == "2013-01-03" and first["date_end"] == "2013-01-03"
    assert first["type_of_violence"] == "1" and first["relid"] == "SYR-2013-1-11973-99"
    non_state = event(sample, "ucdp-448810")
    assert (non_state["event_type"], non_state["actor1"]) == ("Battles", "SNA")
    one_sided = event(sample, "ucdp-298457")
    assert (one_sided["event_type"], one_sided["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )
    assert (one_sided["fatalities"], one_sided["fatalities_low"]) == (0, 0)
    assert one_sided["fatalities_high"] == 7961


def test_fields_with_embedded_newlines_are_kept_whole(sample):
    article = event(sample, "ucdp-52588")
    assert article["source"] == (
        "Militant succumbs to injuries in Pakistan forces' custody in tribal area\n"
        "23 December 2010\nBBC Monitoring"
    )
    described = event(sample, "ucdp-377295")
    assert described["where_description"] == (
        "DEPARTMENT: N. DE SANTANDER\nMUNICIPALITY: SAN CALIXTO\nLagunitas village"
    )
    assert described["csv_row"] == 88


def test_vague_dates_and_places_are_said_in_notes(sample):
    assert "1994-04-07 to 1994-05-31 (55 days)" in event(sample, "ucdp-298457")["notes"]
    assert "only in the country" in event(sample, "ucdp-322134")["notes"]
    assert "international waters" in event(sample, "ucdp-23893")["notes"]
    assert pd.isna(event(sample, "ucdp-300380")["notes"])
    [window] = [p for p in sample.warnings if p.row is None]
    assert window.message.startswith("14 events are dated only within a window longer")


def test_a_low_estimate_above_the_best_widens_the_range_with_a_warning(sample):
    # Row 8 of the file: best 2, low 3, high 3.
    got = event(sample, "ucdp-236880")
    assert (got["fatalities"], got["fatalities_low"], got["fatalities_high"]) == (2, 2, 3)
    [said] = [p for p in sample.problems if p.row == 8]
    assert (said.column, said.value, said.severity) == ("low", "3", WARNING)
    assert "above best (2)" in said.message


def test_our_csv_of_the_import_reopens_as_ours_with_every_field(sample):
    from events.export import events_csv

    again = import_file(events_csv(sample.events, neutralise_formulas=False), today=TODAY)
    assert again.format == "ours" and again.errors == []
    pd.testing.assert_frame_equal(again.events, sample.events)


# -- made-up files for each variant ----------------------------------------------------

HEADER_23 = [
    "id", "relid", "year", "type_of_violence", "side_a", "side_b", "source_article",
    "source_original", "where_prec", "where_coordinates", "adm_1", "latitude", "longitude",
    "country", "date_prec", "date_start", "date_end", "best", "high", "low",
]  # fmt: skip


def ged_row(ucdp_id: str, **changes: str) -> dict[str, str]:
    row = {
        "id": ucdp_id,
        "relid": f"IRQ-2020-1-{ucdp_id}",
        "year": "2020",
        "type_of_violence": "1",
        "side_a": "Government of Iraq",
        "side_b": "IS",
        "source_article": '"Reuters,2020-03-09,Clash near Makhmur"',
        "source_original": "Iraqi army",
        "where_prec": "1",
        "where_coordinates": "Makhmur town",
        "adm_1": "Erbil governorate",
        "latitude": "35.776",
        "longitude": "43.578",
        "country": "Iraq",
        "date_prec": "1",
        "date_start": "2020-03-08",
        "date_end": "2020-03-08",
        "best": "4",
        "high": "25",
        "low": "4",
    }
    row.update(changes)
    return row


def table(header: list[str], rows: list[dict[str, str]], renames: dict[str, str] | None = None):
    renames = renames or {}
    return [[renames.get(name, name) for name in header]] + [
        [row[name] for name in header] for row in rows
    ]


def test_ged_5_and_17_names_read_the_same_as_23():
    """Capitalised names and `*_est` counts (GED before 5.0) and no relid/date_prec columns."""
    header = [name for name in HEADER_23 if name not in ("relid",)]
    renames = {
        "id": "ID",
        "type_of_violence": "Type_of_violence",
        "side_a": "Side_A",
        "side_b": "Side_B",
        "best": "best_est",
        "high": "high_est",
        "low": "low_est",
        "date_start": "Date_start",
        "adm_1": "ADM_1",
    }
    data = csv_bytes(table(header, [ged_row("900001")], renames))
    result = import_file(data, today=TODAY)
    assert result.format == UCDP
    got = event(result, "ucdp-900001")
    assert (got["actor1"], got["actor2"], got["admin1"]) == (
        "Government of Iraq",
        "IS",
        "Erbil governorate",
    )
    assert (got["fatalities"], got["fatalities_low"], got["fatalities_high"]) == (4, 4, 25)
    assert got["event_date"] == pd.Timestamp("2020-03-08")
    assert result.problems == []


def test_without_date_prec_the_window_decides_the_precision():
    header = [name for name in HEADER_23 if name != "date_prec"]
    rows = [
        ged_row("1", date_start="2020-03-08", date_end="2020-03-08"),
        ged_row("2", date_start="2020-03-08", date_end="2020-03-12"),
        ged_row("3", date_start="2020-03-01", date_end="2020-03-31"),
    ]
    result = import_file(csv_bytes(table(header, rows)), today=TODAY)
    precision = result.events.set_index("event_id")["time_precision"]
    assert list(precision) == [1, 2, 3]
    assert list(result.events["event_date"].dt.day) == [8, 10, 16]


def test_a_date_prec_finer_than_its_window_gives_way_with_a_warning():
    rows = [ged_row("1", date_prec="1", date_start="2020-03-08", date_end="2020-03-10")]
    result = import_file(csv_bytes(table(HEADER_23, rows)), today=TODAY)
    assert event(result, "ucdp-1")["time_precision"] == 2
    [said] = result.problems
    assert (said.row, said.column, said.severity) == (2, "date_prec", WARNING)


def test_an_hxl_row_is_skipped_and_problems_point_at_the_original_rows():
    tags = ["#event+id", "", "#date+year", "#event+type", "#group+a", "#group+b", "#meta+source",
            "", "#geo+precision", "#loc+name", "#adm1+name", "#geo+lat", "#geo+lon",
            "#country+name", "#date+precision", "#date+start", "#date+end", "#affected+killed",
            "#affected+killed+max", "#affected+killed+min"]  # fmt: skip
    rows = [
        ged_row("1"),
        ged_row("2", date_end="2020-03-01"),  # ends before it starts
        ged_row("3", type_of_violence="4"),
        ged_row("4", latitude="95"),
        ged_row("5", date_start="8/3/2020"),
        ged_row("6"),
    ]
    data = csv_bytes([HEADER_23, tags] + table(HEADER_23, rows)[1:])
    result = import_file(data, today=TODAY)
    assert result.hxl_row == 2 and result.rows_read == 6
    assert list(result.events["event_id"]) == ["ucdp-1", "ucdp-6"]
    assert list(result.events["csv_row"]) == [3, 8]
    assert list(result.rejected["csv_row"]) == [4, 5, 6, 7]
    assert [(p.row, p.column, p.value) for p in result.errors] == [
        (4, "date_end", "2020-03-01"),
        (5, "type_of_violence", "4"),
        (6, "latitude", "95"),
        (7, "date_start", "8/3/2020"),
    ]


def test_a_duplicate_id_is_reported_at_the_id_column():
    rows = [ged_row("7"), ged_row("7")]
    result = import_file(csv_bytes(table(HEADER_23, rows)), today=TODAY)
    [error] = result.errors
    assert (error.row, error.column, error.value) == (3, "id", "ucdp-7")


def test_missing_columns_are_named_as_ucdp_names_them():
    header = [name for name in HEADER_23 if name not in ("side_a", "where_coordinates")]
    result = import_file(csv_bytes(table(header, [ged_row("1")])), format="ucdp", today=TODAY)
    assert result.events.empty and len(result.rejected) == 1
    assert {(p.row, p.column) for p in result.errors} == {(1, "side_a"), (1, "where_coordinates")}


def test_events_with_no_source_text_are_credited_to_ucdp_and_counted():
    rows = [ged_row("1", source_article="", source_original=""), ged_row("2")]
    result = import_file(csv_bytes(table(HEADER_23, rows)), today=TODAY)
    assert event(result, "ucdp-1")["source"] == "UCDP GED"
    assert (
        event(result, "ucdp-2")["source"] == '"Reuters,2020-03-09,Clash near Makhmur"; Iraqi army'
    )
    [said] = result.warnings
    assert said.row is None and said.message.startswith("1 events name no source")
