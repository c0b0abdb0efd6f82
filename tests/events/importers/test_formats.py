"""More of what analysts hold: ACLED's current layout and API answers, UCDP's downloads,
workbooks, compressed files and GDELT exports, each told from its content and each
round-tripping through our CSV export."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile
from datetime import datetime

import pandas as pd
import pytest

from events.errors import CsvFileError
from events.export import acled_csv, events_csv
from events.importers import ACLED, GDELT, OURS, UCDP, import_file
from events.importers.acled import ACLED_CURRENT_COLUMNS
from events.importers.gdelt import COLUMNS as GDELT_COLUMNS
from events.problems import Code
from tests.support import FIXTURES
from tests.support.acled_layout import acled_file, acled_rows
from tests.support.importers import TODAY, event

UCDP_SAMPLE = FIXTURES / "ucdp_ged_sample.csv"
GDELT_SAMPLE = FIXTURES / "gdelt_export_sample.CSV"

INTER_TEXT = {
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}


def current_records(n: int) -> list[dict[str, str]]:
    """Generated rows in ACLED's 2023+ layout: text inter1/inter2, disorder_type,
    civilian_targeting, tags, ISO dates, no data_id."""
    records = []
    for row in acled_rows(n):
        cells = dict(row.cells)
        inter1, inter2 = INTER_TEXT[cells["inter1"]], INTER_TEXT.get(cells["inter2"], "")
        riot = cells["event_type"] == "Riots"
        cells.update(
            event_date=row.day.isoformat(),
            inter1=inter1,
            inter2=inter2,
            interaction="-".join(x for x in (inter1, inter2) if x) or inter1,
            disorder_type="Demonstrations" if riot else "Political violence",
            civilian_targeting="Civilian targeting" if inter2 == "Civilians" else "",
            tags="crowd size=no report" if riot else "",
        )
        records.append({name: cells[name] for name in ACLED_CURRENT_COLUMNS})
    return records


def csv_of(records: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


def round_trips(result, same_rows: bool = True) -> None:
    """Our CSV of the import reopens as ours with every event and field unchanged (and the
    same row numbers, unless the source had no header row to number from)."""
    again = import_file(events_csv(result.events, neutralise_formulas=False), today=TODAY)
    assert again.format == OURS and again.errors == []
    if same_rows:
        pd.testing.assert_frame_equal(again.events, result.events)
    else:
        same_events(again, result)


def zipped(name: str, data: bytes, *more: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
        for other, content in more:
            archive.writestr(other, content)
    return buffer.getvalue()


def workbook(rows: list[list[object]]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def same_events(a, b) -> None:
    columns = [c for c in a.events.columns if c != "csv_row"]
    pd.testing.assert_frame_equal(a.events[columns], b.events[columns], check_like=True)


# -- ACLED's current layout and its API ---------------------------------------------------


@pytest.mark.slow
def test_the_current_acled_layout_imports_with_its_new_columns_kept():
    records = current_records(200)
    result = import_file(csv_of(records), today=TODAY)
    assert result.format == ACLED
    assert len(result.events) == 200 and result.problems == []
    first = result.events.iloc[0]
    assert first["event_id"] == records[0]["event_id_cnty"]
    assert first["inter1"] == records[0]["inter1"] and not first["inter1"].isdigit()
    assert first["disorder_type"] in ("Political violence", "Demonstrations")
    assert set(result.events["civilian_targeting"].fillna("")) == {"", "Civilian targeting"}
    assert "tags" in result.events.columns
    round_trips(result)
    # Our ACLED-layout export gives the new columns back, and reopens as the same events.
    again = import_file(acled_csv(result.events, neutralise_formulas=False), today=TODAY)
    assert again.format == ACLED and again.errors == []
    for name in ("disorder_type", "civilian_targeting", "tags", "inter1", "interaction"):
        assert list(again.events[name].fillna("")) == list(result.events[name].fillna(""))


@pytest.mark.slow
def test_an_acled_api_json_answer_imports_as_its_csv_does():
    records = current_records(60)
    # The API writes numbers as numbers in JSON; the CSV holds the same values as text.
    as_api = [{**r, "year": int(r["year"]), "fatalities": int(r["fatalities"])} for r in records]
    answer = {"status": 200, "success": True, "count": len(as_api), "data": as_api}
    data = json.dumps(answer, ensure_ascii=False, indent=1).encode("utf-8")
    from_json = import_file(data, today=TODAY)
    from_csv = import_file(csv_of(records), today=TODAY)
    assert from_json.format == ACLED and from_json.problems == []
    assert list(from_json.events["csv_row"]) == list(from_csv.events["csv_row"])
    same_events(from_json, from_csv)
    round_trips(from_json)


def test_an_api_answer_without_records_says_what_it_holds():
    data = json.dumps({"status": 403, "error": "Access denied: key not valid"}).encode()
    with pytest.raises(CsvFileError, match="Access denied"):
        import_file(data)


@pytest.mark.slow
def test_an_acled_export_as_csv_gz_and_as_xlsx_imports_the_same_rows():
    rows = acled_rows(80)
    plain = import_file(acled_file(rows), today=TODAY)
    from_gz = import_file(gzip.compress(acled_file(rows)), today=TODAY)
    table = list(csv.reader(io.StringIO(acled_file(rows).decode())))
    from_xlsx = import_file(workbook(table), today=TODAY)
    for result in (from_gz, from_xlsx):
        assert result.format == ACLED and result.problems == []
        same_events(result, plain)
    round_trips(from_xlsx)


# -- UCDP's downloads ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ucdp_csv():
    return import_file(UCDP_SAMPLE, today=TODAY)


def ucdp_table() -> list[list[str]]:
    return list(csv.reader(io.StringIO(UCDP_SAMPLE.read_text(encoding="utf-8"))))


@pytest.mark.slow
def test_ucdp_csv_zip_download_imports_as_the_csv(ucdp_csv):
    result = import_file(zipped("GEDEvent_v25_1.csv", UCDP_SAMPLE.read_bytes()), today=TODAY)
    assert result.format == UCDP and result.rows_read == 1000
    same_events(result, ucdp_csv)
    assert [str(p) for p in result.problems] == [str(p) for p in ucdp_csv.problems]


@pytest.mark.slow
def test_ucdp_xlsx_download_with_real_dates_and_numbers_imports_as_the_csv(ucdp_csv):
    header, *rows = ucdp_table()
    dates = {header.index(name) for name in ("date_start", "date_end")}
    numbers = {header.index(name) for name in ("latitude", "longitude", "best", "low", "high")}

    def cell(i: int, value: str) -> object:
        if i in dates and value:
            return datetime.fromisoformat(value[:10])  # Excel holds a date, not text
        if i in numbers and value:
            return float(value) if "." in value else int(value)
        return value

    data = workbook([header, *[[cell(i, v) for i, v in enumerate(row)] for row in rows]])
    result = import_file(zipped("GEDEvent_v25_1.xlsx", data), today=TODAY)
    assert result.format == UCDP and len(result.events) == 1000
    same_events(result, ucdp_csv)
    round_trips(result)


@pytest.mark.slow
def test_a_ucdp_candidate_release_imports_with_its_status_kept(ucdp_csv):
    # The monthly candidate files share GED's 49 columns; code_status says what is unchecked.
    header, *rows = ucdp_table()
    status = header.index("code_status")
    for row in rows[:10]:
        row[status] = "Check dyad"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    result = import_file(buffer.getvalue().encode("utf-8"), today=TODAY)
    assert result.format == UCDP and len(result.events) == 1000
    assert (result.events["code_status"] == "Check dyad").sum() == 10
    round_trips(result)


def test_a_zip_with_more_than_one_data_file_is_refused_by_name():
    data = zipped("a.csv", b"x,y\n1,2\n", ("b.csv", b"x,y\n1,2\n"))
    with pytest.raises(CsvFileError, match=r"holds 2 data files \(a\.csv, b\.csv\)"):
        import_file(data)


def test_a_zip_with_a_codebook_beside_the_csv_opens_the_csv(ucdp_csv):
    data = zipped("ged.csv", UCDP_SAMPLE.read_bytes(), ("ged251.pdf", b"%PDF-1.7"))
    assert len(import_file(data, today=TODAY).events) == 1000


# -- GDELT ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gdelt():
    return import_file(GDELT_SAMPLE, today=TODAY)


def test_the_gdelt_sample_is_in_gdelt_2_layout():
    lines = GDELT_SAMPLE.read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert len(GDELT_COLUMNS) == 61


def test_gdelt_violent_codes_are_imported_and_the_others_counted_and_left_out(gdelt):
    assert gdelt.format == GDELT and gdelt.rows_read == 14
    assert len(gdelt.events) == 8 and gdelt.rejected.empty and gdelt.errors == []
    [left_out] = [p for p in gdelt.problems if p.code == Code.OUT_OF_SCOPE]
    assert left_out.message.startswith("6 of 14 events")
    assert "13 threaten: 1" in left_out.message and "14 protest: 1" in left_out.message
    assert gdelt.credit and "GDELT" in gdelt.credit


@pytest.mark.parametrize(
    ("gid", "line", "kind", "sub", "actor1", "place", "precision"),
    [
        ("914872301", 1, "Explosions/Remote violence", "Air/drone strike", "IRAN",
         ("Iraq", "Al Anbar", "Ain Al Asad"), 1),
        ("914872356", 2, "Explosions/Remote violence", "Shelling/artillery/missile attack",
         "IRAN", ("Iraq", "Arbil", "Erbil"), 1),
        ("914873305", 5, "Explosions/Remote violence", "Remote explosive/landmine/IED",
         "Unidentified actor", ("Iraq", "Al Anbar", "Al Anbar"), 3),
        ("914873501", 7, "Battles", "Armed clash", "MILITANT", ("Iraq", "Baghdad", "Taji"), 1),
        ("914873777", 9, "Violence against civilians", "Abduction/forced disappearance",
         "MILITANT", ("Syria", "Dayr az Zawr", "Abu Kamal"), 1),
        ("914873801", 10, "Violence against civilians", "Attack", "ISLAMIC STATE",
         ("Iraq", "Al Anbar", "Ain Al Asad"), 1),
    ],
)  # fmt: skip
def test_gdelt_rows_map_onto_acled_types_and_places(
    gdelt, gid, line, kind, sub, actor1, place, precision
):
    got = event(gdelt, f"gdelt-{gid}")
    assert got["csv_row"] == line
    assert (got["event_type"], got["sub_event_type"]) == (kind, sub)
    assert got["actor1"] == actor1 and got["attribution"] == "unknown"
    assert (got["country"], got["admin1"], got["location"]) == place
    assert got["geo_precision"] == precision and got["geo_source"] == "gdelt"
    assert got["time_precision"] == 1
    assert got["source"].startswith("https://")
    assert got["notes"].startswith("GDELT CAMEO ")
    assert pd.isna(got["fatalities"])


def test_gdelt_round_trips_through_our_csv(gdelt):
    round_trips(gdelt, same_rows=False)  # GDELT's lines have no header above them


@pytest.mark.slow
def test_gdelt_zipped_as_published_and_with_a_header_is_told_the_same(gdelt):
    data = GDELT_SAMPLE.read_bytes()
    from_zip = import_file(zipped("20200108020000.export.CSV", data), today=TODAY)
    same_events(from_zip, gdelt)
    lines = data.decode().splitlines()
    with_header = "\n".join([",".join(GDELT_COLUMNS)] + [
        ",".join(f'"{f}"' if "," in f else f for f in line.split("\t")) for line in lines
    ]) + "\n"  # fmt: skip
    from_csv = import_file(with_header.encode(), today=TODAY)
    assert from_csv.format == GDELT
    assert list(from_csv.events["event_id"]) == list(gdelt.events["event_id"])


def test_a_gdelt_line_of_the_wrong_width_is_named_and_the_rest_imported(gdelt):
    lines = GDELT_SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[3] = "\t".join(lines[3].split("\t")[:40])
    result = import_file(("\n".join(lines) + "\n").encode(), today=TODAY)
    [wrong] = [p for p in result.problems if p.code == Code.WRONG_WIDTH]
    assert wrong.row == 4 and "40 tab-separated fields" in wrong.message
    assert len(result.events) == len(gdelt.events)  # line 4 was a root-11 event
    assert list(result.events["csv_row"]) == list(gdelt.events["csv_row"])


def test_an_import_reports_each_stage_to_a_progress_callback():
    said: list[str] = []
    rows = acled_rows(20)
    import_file(zipped("acled.csv", acled_file(rows)), today=TODAY, progress=said.append)
    assert said == ["unpacking acled.csv", "reading the CSV", "checking 20 rows"]


def test_an_old_xls_workbook_is_refused_with_what_to_do():
    with pytest.raises(CsvFileError, match=r"old-style Excel \.xls workbook; save it as \.xlsx"):
        import_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))


def test_a_damaged_gzip_file_is_named_as_such():
    with pytest.raises(CsvFileError, match="the gzip file is damaged"):
        import_file(gzip.compress(b"event_id,event_date\n" * 50)[:40])
