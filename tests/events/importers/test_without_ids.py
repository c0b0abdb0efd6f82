"""Files without an id column: every row imported under an id made from its content, once
warned, and the same ids on every open."""

from __future__ import annotations

import csv
import io

import pytest

from events.importers import ACLED, UCDP, import_file
from events.problems import Code
from tests.support import DATASETS, FIXTURES
from tests.support.acled_layout import acled_file, acled_rows
from tests.support.importers import TODAY, needs

ACLED_SAMPLE = DATASETS / "acled_export_sample.csv"
UCDP_SAMPLE = FIXTURES / "ucdp_ged_sample.csv"
ID_COLUMNS = ("data_id", "event_id_cnty", "event_id_no_cnty")
# The 20 columns of ACLED's curated regional files, which carry no id.
REGIONAL_COLUMNS = (
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
)


def without_ids(data: bytes, keep: tuple[str, ...] | None = None, short_dates=False) -> bytes:
    """An export less its id columns, header in UPPERCASE (optionally only `keep`, and
    dates as `21-Mar-20`, as Excel re-saves them)."""
    frame = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    names = [n for n in (keep or frame[0].keys()) if n not in ID_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([n.upper() for n in names])
    for row in frame:
        if short_dates:
            day, month, year = row["event_date"].split()
            row["event_date"] = f"{int(day):02d}-{month[:3]}-{year[2:]}"
        writer.writerow([row[n] for n in names])
    return buffer.getvalue().encode("utf-8")


def derived_warnings(result):
    return [p for p in result.problems if p.code == Code.DERIVED_ID]


def test_a_regional_file_without_ids_imports_every_row_with_one_warning():
    rows = acled_rows(400)
    data = without_ids(acled_file(rows), REGIONAL_COLUMNS, short_dates=True)
    assert data.startswith(b"EVENT_DATE,YEAR,")
    assert len(data.split(b"\n", 1)[0].split(b",")) == 20
    result = import_file(data, today=TODAY)
    assert result.format == ACLED
    assert len(result.events) == 400 and result.rejected.empty
    assert result.errors == []
    [warning] = result.warnings
    assert warning.code == Code.DERIVED_ID and warning.row is None
    assert "400 events" in warning.message
    ids = result.events["event_id"]
    assert ids.is_unique and ids.str.match(r"^acled-[0-9a-f]{16}(-\d+)?$").all()
    # Dates were read from 21-Mar-20: the rows are the generated ones, in order.
    assert list(result.events["event_date"].dt.date) == [row.day for row in rows]


@pytest.mark.slow
def test_the_same_file_opened_twice_gets_the_same_ids_and_a_date_form_does_not_matter():
    rows = acled_rows(120)
    long_form = import_file(without_ids(acled_file(rows), REGIONAL_COLUMNS), today=TODAY)
    again = import_file(without_ids(acled_file(rows), REGIONAL_COLUMNS), today=TODAY)
    short = import_file(
        without_ids(acled_file(rows), REGIONAL_COLUMNS, short_dates=True), today=TODAY
    )
    assert list(long_form.events["event_id"]) == list(again.events["event_id"])
    assert list(long_form.events["event_id"]) == list(short.events["event_id"])


@pytest.mark.slow
def test_identical_rows_are_counted_in_file_order_and_other_rows_keep_their_ids():
    rows = acled_rows(30)
    data = without_ids(acled_file(rows), REGIONAL_COLUMNS)
    header, *lines = data.decode().splitlines()
    doubled = "\n".join([header, lines[0], lines[0], *lines[1:]]) + "\n"
    result = import_file(doubled.encode(), today=TODAY)
    plain = import_file(data, today=TODAY)
    ids = list(result.events["event_id"])
    assert ids[1] == ids[0] + "-2"
    assert set(plain.events["event_id"]) <= set(ids)
    # Dropping a row above does not rename the rows below it.
    shorter = "\n".join([header, *lines[1:]]) + "\n"
    assert list(import_file(shorter.encode(), today=TODAY).events["event_id"]) == ids[2:]


@needs(ACLED_SAMPLE)
def test_the_real_export_without_its_ids_and_in_uppercase_imports_every_row():
    data = without_ids(ACLED_SAMPLE.read_bytes())
    result = import_file(data, today=TODAY)
    assert result.format == ACLED
    assert len(result.events) == 496 and result.rejected.empty
    assert result.errors == []
    assert [p.code for p in result.problems] == [Code.DERIVED_ID]
    assert result.events["event_id"].is_unique


@pytest.mark.slow
def test_a_ucdp_file_without_its_id_column_imports_every_row_under_stable_ids():
    text = UCDP_SAMPLE.read_text(encoding="utf-8")
    frame = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(row[1:] for row in frame)
    data = buffer.getvalue().encode("utf-8")
    result = import_file(data, today=TODAY)
    with_ids = import_file(UCDP_SAMPLE, today=TODAY)
    assert result.format == UCDP
    assert len(result.events) == len(with_ids.events) == 1000
    [warning] = derived_warnings(result)
    assert warning.column == "id" and "1,000 events" in warning.message
    assert result.events["event_id"].is_unique
    assert result.events["event_id"].str.startswith("ucdp-").all()
    assert list(import_file(data, today=TODAY).events["event_id"]) == list(
        result.events["event_id"]
    )
    # Everything else is imported as from the file with ids.
    assert len(result.problems) == len(with_ids.problems) + 1


def test_an_id_column_present_is_used_as_before():
    rows = acled_rows(5)
    result = import_file(acled_file(rows), today=TODAY)
    assert derived_warnings(result) == []
    assert list(result.events["event_id"]) == [row.event_id for row in rows]
