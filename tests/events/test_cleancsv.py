"""The columnar reader for clean files against the careful reader.

Whenever `read_clean_csv` takes a file, the loader must end with exactly what
the careful reader would have given: the same events, rejected rows and
problems. Whenever a file needs a diagnosis only the careful reader makes,
it must decline.
"""

from __future__ import annotations

import codecs
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate
from events.cleancsv import read_clean_csv
from events.csvfile import MAX_FIELD_CHARS, read_csv_records
from events.load import ROW_COLUMN, validate
from tests.support.tables import BUNDLED, COLUMNS, bundled_row, to_csv, valid_tables

TODAY = date(2026, 1, 1)


def both_readers(data: bytes):
    """The loader's result through each reader; None for the clean one when it declines."""
    careful = validate(read_csv_records(data), None, TODAY)
    table = read_clean_csv(data)
    return careful, (validate(table, None, TODAY) if table is not None else None)


def assert_same(careful, clean) -> None:
    pd.testing.assert_frame_equal(clean.events, careful.events)
    pd.testing.assert_frame_equal(clean.rejected, careful.rejected)
    assert clean.problems == careful.problems
    assert clean.encoding == careful.encoding


# Cell contents that exercise quoting: the careful reader's answer is the reference.
tricky_cells = st.sampled_from(
    [
        "",
        " ",
        "plain",
        '"quoted"',
        '"with, comma"',
        '"a ""quote"" inside"',
        '"line one\nline two"',
        '"crlf\r\ninside"',
        '""',
        '"""',
        '"open"after',
        'in"side',
        ' "spaced"',
        "2024-01-01",
        "-3",
        "é",
        "\ufeff",
    ]
)


# Lines a spreadsheet leaves between rows: empty, short, or a full row of blanks.
WIDTH = len(COLUMNS)
blank_lines = st.sampled_from(
    ["", ",,,", " ", "," * (WIDTH - 1), " ," * (WIDTH - 1) + "\t", ",\xa0" * (WIDTH - 1)]
    + [",".join(["\x1c", "\u3000"] + [""] * (WIDTH - 2))]
)


@st.composite
def files_of_tricky_cells(draw) -> bytes:
    """The bundled rows with some cells swapped for raw CSV text and some blank lines."""
    lines = BUNDLED.decode("utf-8").splitlines()
    header, body = lines[0], lines[1 : draw(st.integers(2, 8))]
    out = [header]
    for line in body:
        cells = line.split(",")
        for _ in range(draw(st.integers(0, 3))):
            cells[draw(st.integers(0, len(cells) - 1))] = draw(tricky_cells)
        out.append(",".join(cells))
        if draw(st.booleans()) and draw(st.booleans()):
            out.append(draw(blank_lines))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return (ending.join(out) + draw(st.sampled_from(["", ending]))).encode("utf-8")


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files_of_tricky_cells())
def test_whenever_the_clean_reader_takes_a_file_it_reads_what_the_careful_one_does(data):
    careful, clean = both_readers(data)
    if clean is not None:
        assert_same(careful, clean)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_tables(max_rows=8), st.sampled_from(["\n", "\r\n"]))
def test_generated_valid_tables_take_the_clean_path_and_load_the_same(rows, terminator):
    data = to_csv(rows, terminator=terminator).encode("utf-8")
    careful, clean = both_readers(data)
    assert clean is not None, "a valid UTF-8 table should not need the careful reader"
    assert_same(careful, clean)


@pytest.mark.parametrize(
    "data",
    [
        BUNDLED,
        codecs.BOM_UTF8 + BUNDLED,
        BUNDLED.replace(b"\n", b"\r\n"),
        BUNDLED.replace(b"\n", b"\r"),
        BUNDLED.rstrip(b"\n"),
        # Blank lines between rows are skipped but counted, as a spreadsheet numbers them.
        BUNDLED.replace(b"\n", b"\n\n", 3),
        BUNDLED + b"," * (len(COLUMNS) - 1) + b"\n",
        # Whitespace is as blank as nothing: Python's str.strip decides, \x1c and NBSP included.
        BUNDLED + " ,\t,\xa0,\x1c,\u3000".encode() + b"," * (len(COLUMNS) - 5) + b"\n",
        generate(2_000, seed=3).to_csv(index=False).encode("utf-8"),
    ],
    ids=[
        "bundled",
        "bom",
        "crlf",
        "cr",
        "no final newline",
        "blank lines",
        "commas only",
        "whitespace only",
        "2k",
    ],
)
def test_clean_files_take_the_clean_path_with_the_same_result(data):
    careful, clean = both_readers(data)
    assert clean is not None
    assert_same(careful, clean)


def test_blank_lines_keep_spreadsheet_row_numbers():
    data = BUNDLED.replace(b"\n", b"\n\n", 2)
    table = read_clean_csv(data)
    assert table is not None
    assert list(table.rows[:3]) == [3, 5, 6]


def _row(**changes: str) -> str:
    return to_csv([bundled_row(0, **changes)])


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_row(location="Qā'im").encode("utf-16"), id="utf-16"),
        pytest.param(_row(location="Qā'im").encode("utf-16-le"), id="utf-16 without a mark"),
        pytest.param(_row(location="Mosul é").encode("cp1252"), id="cp1252"),
        pytest.param(_row(notes="a\x00b").encode(), id="NUL byte"),
        pytest.param(BUNDLED + b'x,"cut off', id="ends inside quotes"),
        pytest.param(BUNDLED + b'x,5"\n', id="stray quote, odd count"),
        pytest.param(BUNDLED + b'x,5",y,"cut off\n', id="stray quote, even count"),
        pytest.param(BUNDLED + b"1,2,3\n", id="short row"),
        pytest.param(BUNDLED.replace(b"\n", b",extra\n", 2), id="long row"),
        pytest.param(b"\n" + BUNDLED, id="blank first line"),
        pytest.param(b'"event_id",' + BUNDLED.split(b",", 1)[1], id="quoted header"),
        # A spreadsheet's empty first row: the header is on row 2, which the careful reader says.
        pytest.param(b"," * (len(COLUMNS) - 1) + b"\n" + BUNDLED, id="blank row above the header"),
        pytest.param(b" \t\n" + BUNDLED, id="whitespace above the header"),
        pytest.param(b"x" * (MAX_FIELD_CHARS + 1) + b"\n1\n", id="header over the size limit"),
        pytest.param(
            _row(notes="x" * (MAX_FIELD_CHARS + 1)).encode(),
            id="field over the size limit",
        ),
    ],
)
def test_files_needing_a_diagnosis_go_to_the_careful_reader(data):
    assert read_clean_csv(data) is None


def test_a_path_that_cannot_be_read_goes_to_the_careful_reader(tmp_path):
    assert read_clean_csv(tmp_path / "missing.csv") is None
    assert read_clean_csv(tmp_path) is None


def test_rows_and_columns_line_up_with_the_header():
    table = read_clean_csv(BUNDLED)
    assert table is not None
    assert table.header == COLUMNS
    frame = validate(table, None, TODAY).events
    assert frame[ROW_COLUMN].tolist() == list(range(2, len(frame) + 2))
