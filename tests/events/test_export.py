"""Exports of the view: CSV in our schema and ACLED's layout, GeoJSON, the citation line."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from events import load_events, schema
from events.export import (
    acled_csv,
    citation_line,
    events_csv,
    feature_collection,
    geojson_bytes,
    sources_summary,
)
from events.filters import apply, describe
from events.importers import ACLED, import_file
from events.importers.acled import ACLED_COLUMNS
from events.view import ViewState
from tests.support import DATASETS, ROOT
from tests.support.acled_layout import acled_file, acled_rows

ACLED_SAMPLE = DATASETS / "acled_export_sample.csv"
TODAY = date(2026, 1, 1)
# Fields ACLED's layout has a column for, as our columns.
ACLED_FIELDS = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)  # fmt: skip


@pytest.fixture(scope="module")
def bundled():
    return load_events(ROOT / "data" / "events.csv", today=TODAY)


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# -- CSV in our schema -------------------------------------------------------------------


def test_our_csv_reloads_to_the_same_events(bundled, tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(events_csv(bundled.events))
    again = load_events(path, sources_path=ROOT / "data" / "sources.csv", today=TODAY)
    assert again.problems == []
    pd.testing.assert_frame_equal(again.events, bundled.events)


def test_our_csv_drops_the_loaders_bookkeeping_and_neutralises_formulas(bundled):
    events = bundled.events.head(2).copy()
    events["_extra_fields"] = pd.NA
    events.loc[0, "notes"] = '=HYPERLINK("http://x")'
    rows = rows_of(events_csv(events))
    assert "csv_row" not in rows[0] and "_extra_fields" not in rows[0]
    assert rows[0]["notes"] == '\'=HYPERLINK("http://x")'
    assert rows_of(events_csv(events, neutralise_formulas=False))[0]["notes"].startswith("=")


def test_negative_coordinates_are_numbers_not_formulas(bundled):
    events = bundled.events.head(1).copy()
    events.loc[0, "longitude"] = -73.21278
    [row] = rows_of(events_csv(events))
    assert row["longitude"] == "-73.21278"
    [row] = rows_of(acled_csv(events))
    assert row["longitude"] == "-73.21278"


# -- CSV in ACLED's layout ---------------------------------------------------------------


def test_acled_layout_starts_with_acleds_31_columns_in_order(bundled):
    header = next(csv.reader(io.StringIO(acled_csv(bundled.events).decode())))
    assert tuple(header[:31]) == ACLED_COLUMNS
    assert header[31:] == [
        "weapon", "attribution", "operation", "responds_to", "geo_source", "fatalities_low",
        "fatalities_high", "wounded", "wounded_low", "wounded_high",
    ]  # fmt: skip
    only = next(csv.reader(io.StringIO(acled_csv(bundled.events, extra_columns=False).decode())))
    assert tuple(only) == ACLED_COLUMNS


@pytest.mark.skipif(not ACLED_SAMPLE.exists(), reason="the ACLED sample is not on this machine")
def test_acled_layout_matches_the_header_of_a_real_acled_export():
    with open(ACLED_SAMPLE, newline="", encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == ACLED_COLUMNS


def test_acled_layout_values(bundled):
    rows = {r["event_id_cnty"]: r for r in rows_of(acled_csv(bundled.events))}
    taji = rows["2020-03-11-camp-taji-rockets"]
    assert taji["event_date"] == "2020-03-11" and taji["year"] == "2020"
    assert taji["actor1"] == "Kata'ib Hezbollah" and taji["attribution"] == "alleged"
    assert taji["data_id"] == "" and taji["inter1"] == ""


def test_our_csv_through_acled_layout_and_back_keeps_every_acled_field(bundled, tmp_path):
    """our CSV -> ACLED layout (only ACLED's columns) -> import -> our CSV."""
    ours = rows_of(events_csv(bundled.events))
    result = import_file(acled_csv(bundled.events, extra_columns=False), today=TODAY)
    assert result.format == ACLED and result.errors == []
    back = rows_of(events_csv(result.events))
    assert len(back) == len(ours) == 24
    for before, after in zip(ours, back, strict=True):
        assert {f: after[f] for f in ACLED_FIELDS} == {f: before[f] for f in ACLED_FIELDS}


def test_with_extra_columns_the_round_trip_keeps_every_field(bundled):
    result = import_file(acled_csv(bundled.events), today=TODAY)
    assert result.format == ACLED and result.errors == []
    columns = list(schema.COLUMN_NAMES)
    pd.testing.assert_frame_equal(result.events[columns], bundled.events[columns])


@pytest.fixture(params=["generated", "real"])
def acled_export(request) -> tuple[bytes | Path, dict]:
    """An export in ACLED's layout and its first row's cells: generated on every clone,
    ACLED's own sample where it is present (its terms do not allow copying it here)."""
    if request.param == "generated":
        rows = acled_rows(120)
        return acled_file(rows), rows[0].cells
    if not ACLED_SAMPLE.exists():
        pytest.skip("the ACLED sample is not on this machine")
    with open(ACLED_SAMPLE, newline="", encoding="utf-8") as handle:
        return ACLED_SAMPLE, next(csv.DictReader(handle))


@pytest.mark.slow
def test_a_real_acled_export_survives_export_and_import_whole(acled_export):
    first = import_file(acled_export[0], today=TODAY)
    second = import_file(acled_csv(first.events), today=TODAY)
    assert second.problems == []
    pd.testing.assert_frame_equal(second.events, first.events[second.events.columns])
    assert set(second.events.columns) == set(first.events.columns)


# -- GeoJSON ---------------------------------------------------------------------------


def assert_rfc7946(collection: dict) -> None:
    """The parts of RFC 7946 a consumer relies on, checked one by one."""
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert isinstance(collection["features"], list)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature.get("id"), str | int | float)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry["type"] == "Point" and "crs" not in geometry
        lon, lat = geometry["coordinates"]
        assert all(isinstance(v, int | float) and math.isfinite(v) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    if "bbox" in collection:
        west, south, east, north = collection["bbox"]
        assert west <= east and south <= north


def parse_strict(data: bytes) -> dict:
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(data.decode("utf-8"), parse_constant=refuse)


def test_geojson_is_rfc_7946_with_lon_lat_order_and_every_field(bundled):
    view = ViewState(countries=("Syria",))
    shown = apply(view, bundled.events)
    citation = citation_line(describe(view, bundled.events, shown), "test", date(2025, 1, 2))
    collection = parse_strict(geojson_bytes(shown, citation))
    assert_rfc7946(collection)
    assert collection["citation"] == citation
    assert len(collection["features"]) == len(shown) == 6
    by_id = {f["id"]: f for f in collection["features"]}
    kamal = by_id["2020-03-12-albu-kamal-air-strikes"]
    row = shown.set_index("event_id").loc["2020-03-12-albu-kamal-air-strikes"]
    assert kamal["geometry"]["coordinates"] == [row["longitude"], row["latitude"]]
    assert kamal["geometry"]["coordinates"][0] > 40 > kamal["geometry"]["coordinates"][1]
    props = kamal["properties"]
    assert list(props) == [c for c in shown.columns if c != "csv_row"]
    assert props["event_date"] == "2020-03-12"
    assert props["attribution"] == "denied"
    assert props["operation"] is None and props["wounded"] is None
    assert isinstance(props["time_precision"], int) and isinstance(props["geo_precision"], int)
    lons = [f["geometry"]["coordinates"][0] for f in collection["features"]]
    assert collection["bbox"][0] == min(lons) and collection["bbox"][2] == max(lons)


def test_an_unplaced_event_is_a_feature_with_null_geometry(bundled):
    events = bundled.events.head(3).copy()
    events.loc[1, ["latitude", "longitude"]] = float("nan")
    collection = parse_strict(geojson_bytes(events))
    assert_rfc7946(collection)
    assert [f["geometry"] is None for f in collection["features"]] == [False, True, False]
    assert collection["features"][1]["properties"]["latitude"] is None
    assert "citation" not in collection


def test_geojson_of_an_imported_acled_file_keeps_its_extra_columns(acled_export):
    source, cells = acled_export
    events = import_file(source, today=TODAY).events
    collection = feature_collection(events)
    assert_rfc7946(collection)
    first = collection["features"][0]
    assert first["id"] == cells["event_id_cnty"]
    assert first["geometry"]["coordinates"] == [float(cells["longitude"]), float(cells["latitude"])]
    assert first["properties"]["inter1"] == cells["inter1"]
    assert first["properties"]["assoc_actor_1"] is None


def test_an_empty_view_is_an_empty_collection(bundled):
    collection = parse_strict(geojson_bytes(bundled.events.head(0), "nothing in view"))
    assert collection == {
        "type": "FeatureCollection",
        "citation": "nothing in view",
        "features": [],
    }


# -- the citation line -----------------------------------------------------------------


def test_citation_line_says_title_date_view_and_sources():
    line = citation_line(
        "7 of 24 events in Iraq, March 2020.", "ACLED (acleddata.com)", date(2025, 6, 1)
    )
    assert line == (
        "Conflict map, exported 2025-06-01. View: 7 of 24 events in Iraq, March 2020. "
        "Sources: ACLED (acleddata.com)."
    )


def test_sources_summary_names_outlets_from_the_sources_table(bundled):
    named = sources_summary(bundled.events, bundled.sources, limit=3)
    assert "The New York Times (" in named and named.endswith(" more")
    assert "nyt-2020-03-12-esper-camp-taji" in sources_summary(bundled.events, None, limit=3)
    plain = pd.DataFrame({"source": ["Reuters; AFP", "Reuters", "SOHR"]})
    assert sources_summary(plain) == "Reuters (2 events), AFP (1) and SOHR (1)"
    assert sources_summary(plain.head(0)) == ""
