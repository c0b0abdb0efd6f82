"""One way to open a file: the importers and the sources reader take the fast reader when
they may, and end with exactly what the careful reader would have given them."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

import events.table
from benchmarks.synthetic import generate
from events import load_events
from events.export import acled_csv
from events.importers import ACLED, OURS, UCDP, import_file
from events.sources import load_sources, sources_beside, sources_for
from events.table import TextTable, read_table
from tests.support import DATA

TODAY = date(2030, 1, 1)


def acled_export(rows: int, long_dates: bool = False) -> bytes:
    """Generated events in ACLED's 31-column layout, as an ACLED export writes them."""
    events = load_events(generate(rows, seed=5).to_csv(index=False).encode(), today=TODAY).events
    data = acled_csv(events, extra_columns=False)
    if not long_dates:
        return data
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.strftime("%d %B %Y")
    return frame.to_csv(index=False).encode()


def damaged(data: bytes) -> bytes:
    """ACLED rows whose cells the import must reject or warn about, in a file clean as CSV."""
    lines = data.decode().splitlines()
    header = lines[0].split(",")
    out = [lines[0]]
    for index, line in enumerate(lines[1:], start=1):
        cells = line.split(",") if '"' not in line else None
        if cells is None or len(cells) != len(header):
            out.append(line)
            continue
        if index % 7 == 0:
            cells[header.index("event_date")] = "03/04/2020"
        if index % 11 == 0:
            cells[header.index("event_type")] = "Riots/Protests"
        if index % 13 == 0:
            cells[header.index("fatalities")] = "many"
        if index % 17 == 0:
            cells[header.index("latitude")] = ""
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode()


UCDP_ROWS = (
    b"id,date_start,date_end,date_prec,type_of_violence,side_a,side_b,country,adm_1,"
    b"where_coordinates,where_prec,latitude,longitude,best,low,high,source_article\n"
    b"11,2020-03-01,2020-03-01,1,1,Government of Iraq,IS,Iraq,Baghdad,Taji,1,33.5,44.2,3,2,5,AFP\n"
    b"12,2020-03-01,2020-03-20,1,3,IS,Civilians,Iraq,Anbar,Rutba,4,33.0,40.3,7,9,6,\n"
    b"13,2020-03-09,2020-03-02,2,2,A,B,Syria,,Deir ez-Zor,6,35.3,40.1,x,0,1,Reuters\n"
)
HXL = b"#event+code,#date,#event+type,#sub_event,#actor,#country,#loc,#geo+lat,#geo+lon,#x,#x\n"


def carefully(source, **kwargs):
    """`import_file` with the fast reader declining every file."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(events.table, "read_clean_csv", lambda data: None)
        return import_file(source, **kwargs)


def fast_reads(monkeypatch) -> list[bool]:
    """Whether the fast reader took each file read from now on."""
    taken: list[bool] = []
    original = events.table.read_clean_csv

    def spying(data):
        table = original(data)
        taken.append(table is not None)
        return table

    monkeypatch.setattr(events.table, "read_clean_csv", spying)
    return taken


def assert_same(fast, careful) -> None:
    pd.testing.assert_frame_equal(fast.events, careful.events)
    pd.testing.assert_frame_equal(fast.rejected, careful.rejected)
    assert fast.problems == careful.problems
    assert [p.code for p in fast.problems] == [p.code for p in careful.problems]
    assert (fast.format, fast.rows_read, fast.hxl_row, fast.encoding) == (
        careful.format,
        careful.rows_read,
        careful.hxl_row,
        careful.encoding,
    )


def with_hxl_row(data: bytes) -> bytes:
    header, rest = data.split(b"\n", 1)
    width = header.count(b",") + 1
    tags = HXL.rstrip(b"\n").split(b",")
    return header + b"\n" + b",".join((tags * width)[:width]) + b"\n" + rest


CASES = {
    "ACLED, ISO dates": (acled_export(400), ACLED),
    "ACLED, 21 March 2020": (acled_export(400, long_dates=True), ACLED),
    "ACLED, bad cells": (damaged(acled_export(400)), ACLED),
    "ACLED, HXL row": (with_hxl_row(acled_export(50)), ACLED),
    "UCDP": (UCDP_ROWS, UCDP),
    "UCDP, HXL row": (with_hxl_row(UCDP_ROWS), UCDP),
    "ours": ((DATA / "events.csv").read_bytes(), OURS),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_an_import_through_the_fast_reader_gives_what_the_careful_one_does(name, monkeypatch):
    data, fmt = CASES[name]
    careful = carefully(data, today=TODAY)
    taken = fast_reads(monkeypatch)
    fast = import_file(data, today=TODAY)
    assert taken == [True], "a clean CSV should take the fast reader"
    assert fast.format == fmt
    assert_same(fast, careful)
    if name == "ACLED, bad cells":
        assert len(fast.rejected) and fast.problems
    if "HXL" in name:
        assert fast.hxl_row == 2


def test_a_file_the_fast_reader_declines_is_imported_carefully(monkeypatch):
    data = acled_export(30)
    lines = data.split(b"\n")
    lines[5] = lines[5].replace(b",", b',5"', 1)  # a stray quote inside an unquoted field
    data = b"\n".join(lines)
    taken = fast_reads(monkeypatch)
    result = import_file(data, today=TODAY)
    assert taken == [False]
    assert result.format == ACLED and result.rows_read == 30


def test_a_short_row_is_reported_once_by_the_import(monkeypatch):
    data = acled_export(20) + b"IRQ9,2020-03-04\n"
    taken = fast_reads(monkeypatch)
    result = import_file(data, today=TODAY)
    assert taken == [False]
    widths = [p for p in result.problems if p.code == "wrong-width"]
    assert [(p.row, p.severity) for p in widths] == [(22, "error")]
    assert list(result.rejected["csv_row"]) == [22]


def test_the_sources_reader_reads_through_read_table_with_the_same_result(monkeypatch):
    careful = carefully_sources(DATA / "sources.csv")
    taken = fast_reads(monkeypatch)
    fast = load_sources(DATA / "sources.csv")
    assert taken == [True]
    pd.testing.assert_frame_equal(fast[0], careful[0])
    assert fast[1] == careful[1]


def carefully_sources(path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(events.table, "read_clean_csv", lambda data: None)
        return load_sources(path)


def test_a_record_reads_back_as_the_file_wrote_it():
    table = read_table(b"a,b,c\n1,2\n1,2,3,4,5\n,,\n7,8,9\n")
    assert len(table) == 3 and list(table.rows) == [2, 3, 5]
    assert [table.record(i) for i in range(3)] == [
        ["1", "2"],
        ["1", "2", "3", "4", "5"],
        list("789"),
    ]
    assert list(table.wrong_width()) == [0, 1]
    rest = table.without_first_record()
    assert list(rest.rows) == [3, 5] and rest.record(0) == ["1", "2", "3", "4", "5"]
    assert TextTable.of(rest) is rest


def test_sources_csv_is_looked_for_beside_a_path_only(tmp_path):
    events_file = tmp_path / "events.csv"
    assert sources_beside(events_file) is None
    (tmp_path / "sources.csv").write_bytes((DATA / "sources.csv").read_bytes())
    assert sources_beside(events_file) == tmp_path / "sources.csv"
    assert sources_beside(b"event_id\n") is None
    assert sources_for(events_file, look_beside=False) == (None, [])
    frame, problems = sources_for(events_file)
    assert frame is not None and not problems
