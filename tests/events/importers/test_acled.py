"""ACLED files as analysts hold them: the real export, reduced or re-saved copies, old names."""

from __future__ import annotations

import pandas as pd
import pytest

from events.importers import ACLED, import_file
from events.problems import ERROR, WARNING, Code
from tests.support import DATASETS
from tests.support.acled_layout import ACLED_COLUMNS, acled_file, acled_rows
from tests.support.importers import TODAY, csv_bytes, event, needs

ACLED_SAMPLE = DATASETS / "acled_export_sample.csv"
needs_sample = needs(ACLED_SAMPLE)


REDUCED_HEADER = [
    "EVENT_ID_CNTY",
    "EVENT_DATE",
    "EVENT_TYPE",
    "SUB_EVENT_TYPE",
    "ACTOR1",
    "ACTOR2",
    "COUNTRY",
    "ADMIN1",
    "LOCATION",
    "LATITUDE",
    "LONGITUDE",
    "FATALITIES",
]


def reduced_row(event_id: str, when: str, **changes: str) -> list[str]:
    values = {
        "EVENT_ID_CNTY": event_id,
        "EVENT_DATE": when,
        "EVENT_TYPE": "Explosions/Remote violence",
        "SUB_EVENT_TYPE": "Shelling/artillery/missile attack",
        "ACTOR1": "Unidentified Armed Group (Iraq)",
        "ACTOR2": "Military Forces of the United States",
        "COUNTRY": "Iraq",
        "ADMIN1": "Baghdad",
        "LOCATION": "Taji",
        "LATITUDE": "33.5226",
        "LONGITUDE": "44.2575",
        "FATALITIES": "3",
    }
    values.update(changes)
    return [values[name] for name in REDUCED_HEADER]


# -- the real export -------------------------------------------------------------


@needs_sample
def test_the_real_export_has_the_layout_the_generated_files_use():
    with ACLED_SAMPLE.open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    assert tuple(header) == ACLED_COLUMNS


@needs_sample
def test_the_real_export_imports_every_row():
    result = import_file(ACLED_SAMPLE, today=TODAY)
    assert result.format == ACLED
    assert result.rows_read == 496
    assert len(result.events) == 496
    assert result.rejected.empty
    assert result.problems == []
    assert result.credit and "ACLED" in result.credit


@needs_sample
@pytest.mark.parametrize(
    ("event_id", "row", "day", "time_precision", "geo_precision", "lat", "lon", "killed"),
    [
        ("AFG44631", 2, "2020-03-21", 1, 2, 36.9882, 66.8207, 12),
        ("AFG44715", 4, "2020-03-21", 2, 2, 36.8544, 67.18, 0),
        ("AFG44697", 37, "2020-03-19", 1, 3, 34.6714, 70.2094, 0),
        ("AFG44746", 71, "2020-03-19", 1, 3, 36.2647, 68.0155, 0),
        ("AFG44295", 497, "2020-03-01", 1, 2, 34.6925, 70.9264, 6),
    ],
)
def test_named_rows_keep_their_dates_places_and_precision(
    event_id, row, day, time_precision, geo_precision, lat, lon, killed
):
    got = event(import_file(ACLED_SAMPLE, today=TODAY), event_id)
    assert got["csv_row"] == row
    assert got["event_date"] == pd.Timestamp(day)
    assert got["time_precision"] == time_precision
    assert got["geo_precision"] == geo_precision
    assert got["latitude"] == lat and got["longitude"] == lon
    assert got["fatalities"] == killed
    assert got["geo_source"] == "acled"
    assert got["attribution"] == "unknown"


@needs_sample
def test_columns_we_have_no_place_for_are_kept():
    result = import_file(ACLED_SAMPLE, today=TODAY)
    first = event(result, "AFG44631")
    assert first["source"] == "Xinhua; Khaama Press"
    assert first["admin2"] == "Dawlat Abad"
    assert first["inter1"] == "2"
    assert first["interaction"] == "12"
    assert first["source_scale"] == "National-International"
    assert first["timestamp"] == "1584984341"
    assert first["iso"] == "4" and first["iso3"] == "AFG"
    assert first["data_id"] == "6996791"
    last = event(result, "AFG44295")
    assert last["event_type"] == "Explosions/Remote violence"
    assert last["sub_event_type"] == "Air/drone strike"
    assert last["actor1"] == "NATO: North Atlantic Treaty Organization"
    assert last["assoc_actor_1"] == "Military Forces of United States"
    assert "event_id_cnty" not in result.events.columns  # it is event_id


@needs_sample
def test_the_real_export_from_bytes_is_the_same():
    from_path = import_file(ACLED_SAMPLE, today=TODAY)
    from_bytes = import_file(ACLED_SAMPLE.read_bytes(), today=TODAY)
    pd.testing.assert_frame_equal(from_path.events, from_bytes.events)


# -- a generated file in the export's exact layout (runs on a fresh clone) ----------

GENERATED = acled_rows(300)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("acled") / "acled_generated.csv"
    path.write_bytes(acled_file(GENERATED))
    return path


def test_a_generated_export_imports_every_row(generated):
    result = import_file(generated, today=TODAY)
    assert result.format == ACLED
    assert result.rows_read == len(GENERATED)
    assert len(result.events) == len(GENERATED)
    assert result.rejected.empty
    assert result.problems == []
    assert result.credit and "ACLED" in result.credit


@pytest.mark.parametrize("index", [0, 1, 57, 150, len(GENERATED) - 1])
def test_generated_rows_keep_their_dates_places_and_precision(generated, index):
    row = GENERATED[index]
    got = event(import_file(generated, today=TODAY), row.event_id)
    assert got["csv_row"] == row.csv_row
    assert got["event_date"] == pd.Timestamp(row.day)
    assert got["time_precision"] == row.time_precision
    assert got["geo_precision"] == row.geo_precision
    assert got["latitude"] == row.latitude and got["longitude"] == row.longitude
    assert got["fatalities"] == row.fatalities
    assert got["geo_source"] == "acled"
    assert got["attribution"] == "unknown"
    assert got["source"] == row.cells["source"]
    assert got["notes"] == row.cells["notes"]
    assert got["data_id"] == row.cells["data_id"]
    assert got["interaction"] == row.cells["interaction"]
    assert "event_id_cnty" not in got.index  # it is event_id


def test_a_generated_export_from_bytes_is_the_same(generated):
    from_path = import_file(generated, today=TODAY)
    from_bytes = import_file(generated.read_bytes(), today=TODAY)
    pd.testing.assert_frame_equal(from_path.events, from_bytes.events)


# -- reduced and re-saved copies ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("21 March 2020", "2020-03-21"),
        ("2020-03-21", "2020-03-21"),
        ("21-Mar-20", "2020-03-21"),
        ("21-Mar-2020", "2020-03-21"),
        ("21 Mar 2020", "2020-03-21"),
        ("March 21, 2020", "2020-03-21"),
        ("5-Jan-97", "1997-01-05"),
        ("2020-03-21 00:00:00", "2020-03-21"),
    ],
)
def test_each_date_form_in_an_uppercase_reduced_file(written, expected):
    data = csv_bytes([REDUCED_HEADER, reduced_row("IRQ1", written)])
    result = import_file(data, today=TODAY)
    assert result.format == ACLED
    assert [p for p in result.problems if p.severity == ERROR] == []
    got = event(result, "IRQ1")
    assert got["event_date"] == pd.Timestamp(expected)
    assert got["location"] == "Taji" and got["latitude"] == 33.5226
    assert got["fatalities"] == 3


def test_a_reduced_file_without_source_gets_acled_as_its_source_and_says_so():
    data = csv_bytes([REDUCED_HEADER, reduced_row("IRQ1", "2020-03-11")])
    result = import_file(data, today=TODAY)
    assert event(result, "IRQ1")["source"] == "ACLED"
    said = [p for p in result.problems if p.column == "source"]
    assert len(said) == 1 and said[0].severity == WARNING and said[0].row is None


def test_a_subset_without_coordinates_keeps_its_events_unplaced():
    header = ["event_id_cnty", "event_date", "event_type", "actor1", "country", "location"]
    data = csv_bytes(
        [header, ["IRQ9", "11 March 2020", "Battles", "Islamic State", "Iraq", "Makhmur"]]
    )
    got = event(import_file(data, today=TODAY), "IRQ9")
    assert pd.isna(got["latitude"]) and pd.isna(got["geo_source"])
    assert pd.isna(got["sub_event_type"])


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("03/11/2020", "day and month order"),
        ("31 Febuary 2020", "no month called that"),
        ("31 February 2020", "no such day"),
        ("yesterday", "is not a date"),
    ],
)
def test_a_broken_date_among_good_rows_is_named_and_set_aside(bad, why):
    data = csv_bytes(
        [
            REDUCED_HEADER,
            reduced_row("IRQ1", "11 March 2020"),
            reduced_row("IRQ2", bad),
            reduced_row("IRQ3", "12 March 2020"),
        ]
    )
    result = import_file(data, today=TODAY)
    assert list(result.events["event_id"]) == ["IRQ1", "IRQ3"]
    assert list(result.rejected["csv_row"]) == [3]
    errors = result.errors
    assert len(errors) == 1, errors
    assert (errors[0].row, errors[0].column, errors[0].value) == (3, "EVENT_DATE", bad)
    assert why in errors[0].message


def test_a_row_with_too_many_fields_and_one_with_a_bad_number_are_rejected_with_their_rows():
    rows = [REDUCED_HEADER, reduced_row("IRQ1", "2020-03-11")]
    rows.append(reduced_row("IRQ2", "2020-03-11") + ["stray"])
    rows.append(reduced_row("IRQ3", "2020-03-11", LATITUDE="north"))
    rows.append(reduced_row("IRQ4", "2020-03-11"))
    result = import_file(csv_bytes(rows), today=TODAY)
    assert list(result.events["event_id"]) == ["IRQ1", "IRQ4"]
    assert list(result.rejected["csv_row"]) == [3, 4]
    found = {(p.row, p.column) for p in result.errors}
    assert found == {(3, None), (4, "LATITUDE")}


def test_an_hxl_row_is_skipped_and_rows_keep_their_spreadsheet_numbers():
    tags = [
        "#event+id",
        "#date",
        "#event+type",
        "#event+type+sub",
        "#org+name+actor1",
        "",
        "#country+name",
        "#adm1+name",
        "#loc+name",
        "#geo+lat",
        "#geo+lon",
        "#affected+killed",
    ]
    data = csv_bytes(
        [
            REDUCED_HEADER,
            tags,
            reduced_row("IRQ1", "2020-03-11"),
            reduced_row("IRQ2", "2020-03-11", FATALITIES="many"),
        ]
    )
    result = import_file(data, today=TODAY)
    assert result.hxl_row == 2
    assert result.rows_read == 2
    assert event(result, "IRQ1")["csv_row"] == 3
    assert [(p.row, p.column, p.value) for p in result.errors] == [(4, "FATALITIES", "many")]


# -- ACLED's older vocabulary ------------------------------------------------------


OLD_HEADER = [
    "GWNO",
    "EVENT_ID_CNTY",
    "EVENT_ID_NO_CNTY",
    "EVENT_DATE",
    "YEAR",
    "TIME_PRECISION",
    "EVENT_TYPE",
    "ACTOR1",
    "ALLY_ACTOR_1",
    "INTER1",
    "ACTOR2",
    "COUNTRY",
    "LOCATION",
    "LATITUDE",
    "LONGITUDE",
    "GEO_PRECISION",
    "SOURCE",
    "NOTES",
    "FATALITIES",
]


def old_row(event_id: str, event_type: str) -> list[str]:
    return [
        "645", event_id, event_id[3:], "15-Jun-16", "2016", "1", event_type,
        "Islamic State", "Ansar al-Sunna", "2", "Military Forces of Iraq", "Iraq", "Fallujah",
        "33.35", "43.78", "1", "AFP", "Fighting near the city.", "4",
    ]  # fmt: skip


def test_pre_2019_types_are_renamed_and_each_renaming_reported_once():
    data = csv_bytes(
        [
            OLD_HEADER,
            old_row("IRQ101", "Battle-No change of territory"),
            old_row("IRQ102", "Battle-No change of territory"),
            old_row("IRQ103", "Remote violence"),
            old_row("IRQ104", "Battle-Government regains territory"),
            old_row("IRQ105", "Violence against civilians"),
            old_row("IRQ106", "Strategic development"),
            old_row("IRQ107", "Riots/Protests"),
            old_row("IRQ108", "BATTLES"),
        ]
    )
    result = import_file(data, today=TODAY)
    assert result.format == ACLED
    types = result.events.set_index("event_id")[["event_type", "sub_event_type"]]
    assert tuple(types.loc["IRQ101"]) == ("Battles", "Armed clash")
    assert tuple(types.loc["IRQ104"]) == ("Battles", "Government regains territory")
    assert types.loc["IRQ103", "event_type"] == "Explosions/Remote violence"
    assert pd.isna(types.loc["IRQ103", "sub_event_type"])
    assert types.loc["IRQ105", "event_type"] == "Violence against civilians"
    assert types.loc["IRQ106", "event_type"] == "Strategic developments"
    assert types.loc["IRQ108", "event_type"] == "Battles"
    assert "IRQ107" not in types.index
    riots = result.errors
    assert [(p.row, p.column, p.value) for p in riots] == [(8, "EVENT_TYPE", "Riots/Protests")]
    assert "'Protests'" in riots[0].message and "'Riots'" in riots[0].message
    renamed = {p.value: p.message for p in result.warnings if p.row is None}
    assert "on 2 rows" in renamed["Battle-No change of territory"]
    assert set(renamed) == {
        "Battle-No change of territory",
        "Remote violence",
        "Battle-Government regains territory",
        "Strategic development",
        "BATTLES",
    }
    first = result.events.iloc[0]
    assert first["event_date"] == pd.Timestamp("2016-06-15")
    assert first["gwno"] == "645" and first["ally_actor_1"] == "Ansar al-Sunna"


def test_an_unknown_type_is_reported_by_the_loader_with_a_suggestion():
    data = csv_bytes([OLD_HEADER, old_row("IRQ1", "Battle")])
    result = import_file(data, today=TODAY)
    assert result.events.empty
    [error] = result.errors
    assert (error.row, error.column) == (2, "EVENT_TYPE")
    assert "did you mean 'Battles'" in error.message


def test_without_an_event_id_every_row_is_imported_under_a_derived_id_with_one_warning():
    header = [
        "data_id_x",
        "event_date",
        "event_type",
        "actor1",
        "country",
        "location",
        "iso3",
        "inter1",
    ]
    data = csv_bytes([header, ["1", "2020-03-11", "Battles", "X", "Iraq", "Taji", "IRQ", "1"]])
    result = import_file(data, format="acled", today=TODAY)
    assert len(result.events) == 1 and result.rejected.empty
    assert result.errors == []
    [warning] = [p for p in result.warnings if p.code == Code.DERIVED_ID]
    assert (warning.row, warning.column) == (None, "event_id_cnty")
    assert result.events["event_id"].iloc[0].startswith("acled-")


def test_data_id_stands_in_for_a_missing_event_id_cnty():
    header = ["data_id", "event_date", "event_type", "actor1", "country", "location", "source"]
    data = csv_bytes([header, ["6996791", "2020-03-11", "Battles", "X", "Iraq", "Taji", "AFP"]])
    got = event(import_file(data, today=TODAY), "acled-6996791")
    assert got["data_id"] == "6996791"


def test_a_windows_1252_file_from_excel_imports_with_its_accents_and_a_warning():
    text = "\r\n".join(
        [
            ",".join(REDUCED_HEADER),
            ",".join(reduced_row("AFG1", "21-Mar-20", LOCATION="Hérat", COUNTRY="Afghanistan")),
        ]
    )
    result = import_file(text.encode("cp1252"), today=TODAY)
    assert result.encoding == "cp1252"
    assert event(result, "AFG1")["location"] == "Hérat"
    assert any(p.value == "cp1252" and p.severity == WARNING for p in result.problems)
