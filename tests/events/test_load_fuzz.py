"""The loader against generated and damaged files: it never crashes, keeps every valid row,
and reports each problem on the row a spreadsheet would show it on.

The only exception `load_events` may raise is `CsvFileError`, and only for a file
that cannot be read as a CSV at all; everything else is a `Problem`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate
from events import CsvFileError, load_events, schema
from events.load import ROW_COLUMN
from events.problems import ERROR, WARNING
from tests.support.tables import (
    BUNDLED,
    COLUMNS,
    TEXT_COLUMNS,
    bundled_row,
    csv_text,
    to_csv,
    valid_tables,
)

TODAY = date(2026, 1, 1)
BUNDLED_IDS = list(load_events(BUNDLED, today=TODAY).events["event_id"])


def load(data: bytes):
    """Load bytes the way the app does, failing the test on anything but CsvFileError."""
    try:
        return load_events(data, today=TODAY)
    except CsvFileError:
        raise
    except Exception as error:  # noqa: BLE001 - the point: any other exception is a crash
        pytest.fail(f"the loader crashed: {type(error).__name__}: {error}")


def shown_as(value: str) -> str | None:
    """What the loader keeps of a text cell: the value without surrounding space, or None."""
    stripped = value.strip()
    return stripped or None


# --------------------------------------------------------------------------
# generated valid rows
# --------------------------------------------------------------------------


def assert_loaded_exactly(result, rows: list[dict[str, str]]) -> None:
    errors = [p for p in result.problems if p.severity == ERROR]
    assert errors == [], errors
    assert len(result.rejected) == 0
    events = result.events
    assert list(events["event_id"]) == [r["event_id"] for r in rows]
    assert list(events[ROW_COLUMN]) == list(range(2, len(rows) + 2))
    for column in TEXT_COLUMNS:
        expected = [shown_as(r[column]) for r in rows]
        got = [None if pd.isna(v) else v for v in events[column]]
        assert got == expected, column
    for column in schema.INT_COLUMNS:
        expected = [int(r[column]) if r[column] else None for r in rows]
        got = [None if pd.isna(v) else int(v) for v in events[column]]
        assert got == expected, column
    for column in ("latitude", "longitude"):
        expected = [float(r[column]) if r[column] else None for r in rows]
        got = [None if pd.isna(v) else float(v) for v in events[column]]
        assert got == expected, column
    dates = [d.date().isoformat() for d in events["event_date"]]
    assert dates == [r["event_date"] for r in rows]


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: text.encode("utf-8-sig"),
    "utf-16 LE with BOM": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16 BE with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-32 with BOM": lambda text: text.encode("utf-32"),
}


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    valid_tables(),
    st.sampled_from(sorted(ENCODINGS)),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_every_generated_valid_row_loads_unchanged(rows, encoding, terminator):
    data = ENCODINGS[encoding](to_csv(rows, terminator=terminator))
    assert_loaded_exactly(load(data), rows)


latin_text = st.text(alphabet="abc XYZ,;\"'\n-éüñÉ", max_size=12)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(st.lists(latin_text.filter(lambda t: t.strip() != ""), min_size=1, max_size=6))
def test_latin1_files_read_back_every_accent(places):
    assume(any(not p.isascii() for p in places))
    base = load_events(BUNDLED, today=TODAY).events
    assert len(base) >= len(places)
    rows = [bundled_row(i, location=place) for i, place in enumerate(places)]
    result = load(to_csv(rows).encode("latin-1"))
    assert result.encoding == "cp1252"
    assert [p.severity for p in result.problems] == [WARNING]
    assert list(result.events["location"]) == [shown_as(p) for p in places]


# --------------------------------------------------------------------------
# generated broken rows: each reported on its own row, the others kept
# --------------------------------------------------------------------------

BREAKAGES = {
    "blank actor1": ({"actor1": "  "}, "actor1"),
    "bad date": ({"event_date": "2020-13-45"}, "event_date"),
    "date with other digits": ({"event_date": "٢٠٢٠-٠٣-١١"}, "event_date"),
    "unknown type": ({"event_type": "Skirmish"}, "event_type"),
    "latitude out of range": ({"latitude": "91", "longitude": "40"}, "latitude"),
    "latitude not a number": ({"latitude": "33,5", "longitude": "40"}, "latitude"),
    "negative count": ({"fatalities": "-3"}, "fatalities"),
    "count too large": ({"wounded": "12345678901234567890"}, "wounded"),
    "count in other digits": ({"fatalities": "١٢"}, "fatalities"),
    "bad precision": ({"geo_precision": "4"}, "geo_precision"),
    "bad attribution": ({"attribution": "rumoured"}, "attribution"),
    "id with a space": ({"event_id": "two words"}, "event_id"),
}
WIDTH_BREAKAGES = ("one field too many", "one field too few")


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_tables(max_rows=10), st.data())
def test_broken_rows_are_reported_on_their_row_and_the_rest_load(rows, data):
    broken = data.draw(
        st.dictionaries(
            st.integers(0, len(rows) - 1),
            st.sampled_from(sorted([*BREAKAGES, *WIDTH_BREAKAGES])),
            max_size=len(rows),
        )
    )
    text_rows = []
    for index, row in enumerate(rows):
        kind = broken.get(index)
        if kind in BREAKAGES:
            row = {**row, **BREAKAGES[kind][0]}
        fields = [row[c] for c in COLUMNS]
        if kind == "one field too many":
            fields.append("surplus")
        elif kind == "one field too few":
            fields.pop()
        text_rows.append(fields)
    result = load(csv_text([COLUMNS, *text_rows]).encode("utf-8"))

    expected_bad_rows = {index + 2 for index in broken}
    error_rows = {p.row for p in result.problems if p.severity == ERROR}
    assert error_rows == expected_bad_rows
    assert set(result.rejected[ROW_COLUMN]) == expected_bad_rows
    for index, kind in broken.items():
        columns = {p.column for p in result.problems if p.row == index + 2 and p.severity == ERROR}
        if kind in BREAKAGES:
            assert BREAKAGES[kind][1] in columns, (kind, columns)
        else:
            assert None in columns, (kind, columns)
    kept = [r for i, r in enumerate(rows) if i not in broken]
    assert list(result.events["event_id"]) == [r["event_id"] for r in kept]
    assert list(result.events[ROW_COLUMN]) == [i + 2 for i in range(len(rows)) if i not in broken]


# --------------------------------------------------------------------------
# damaged copies of the bundled file
# --------------------------------------------------------------------------


def bundled_lines() -> list[bytes]:
    return BUNDLED.decode("utf-8").encode("utf-8").splitlines(keepends=True)


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(st.integers(1, len(BUNDLED) - 1))
def test_a_file_cut_off_anywhere_keeps_every_complete_row(cut):
    data = BUNDLED[:cut]
    try:
        result = load(data)
    except CsvFileError as error:
        assert "no header" in str(error) or "empty" in str(error)
        return
    complete = _complete_records(data)
    kept = list(result.events["event_id"])
    assert kept[: len(complete)] == complete
    assert len(kept) <= len(complete) + 1
    if len(kept) == len(complete) + 1:
        # The cut fell inside the last field, outside quotes: nothing says it is cut.
        assert BUNDLED_IDS[len(complete)] == kept[-1] or kept[-1] in BUNDLED_IDS[len(complete)]
    partial = len(result.events) + len(result.rejected) - len(complete)
    assert partial in (0, 1)


def _complete_records(data: bytes) -> list[str]:
    """The ids of the records whose every byte, line end included, is before the cut."""
    text = data.decode("utf-8", errors="ignore")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not text.endswith(("\n", "\r")):
        records = records[:-1]
    ids = [r[0] for r in records[1:] if r]
    full = set(BUNDLED_IDS)
    return [i for i in ids if i in full][: len(ids)]


def test_cut_off_inside_a_quoted_note_is_reported_and_the_row_set_aside():
    quote = BUNDLED.index(b'"', len(BUNDLED) // 2)
    data = BUNDLED[: quote + 8]
    result = load(data)
    row = 1 + len(result.events) + 1
    assert [p for p in result.problems if "cut off" in p.message][0].row == row
    assert list(result.rejected[ROW_COLUMN]) == [row]


printable = [b for b in range(0x20, 0x7F) if b not in b'",']


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(st.integers(0, len(BUNDLED) - 1), st.sampled_from(printable))
def test_one_damaged_byte_costs_at_most_its_own_row(position, byte):
    assume(BUNDLED[position : position + 1] not in (b'"', b",", b"\n", b"\r"))
    data = BUNDLED[:position] + bytes([byte]) + BUNDLED[position + 1 :]
    result = load(data)
    damaged_row = BUNDLED[:position].decode("utf-8", errors="ignore").count("\n") + 1
    original = load_events(BUNDLED, today=TODAY).events.set_index(ROW_COLUMN)
    got = result.events.set_index(ROW_COLUMN)
    untouched = [r for r in original.index if r != damaged_row]
    if damaged_row == 1:
        return  # a damaged header: a column may be unknown now, which is reported
    assert set(untouched) <= set(got.index)
    pd.testing.assert_frame_equal(got.loc[untouched], original.loc[untouched])


def test_crlf_lone_cr_and_lf_read_the_same():
    lf = load(BUNDLED)
    for variant in (BUNDLED.replace(b"\n", b"\r\n"), BUNDLED.replace(b"\n", b"\r")):
        other = load(variant)
        assert other.problems == []
        pd.testing.assert_frame_equal(other.events, lf.events)


def test_newlines_inside_quoted_fields_keep_rows_and_numbers():
    rows = [bundled_row(i) for i in range(4)]
    rows[1]["notes"] = 'first line\nsecond line\r\nthird, with a comma and a "quote"'
    rows[2]["location"] = "Camp\rTaji"
    result = load(to_csv(rows).encode("utf-8"))
    assert result.problems == [] or all(p.severity == WARNING for p in result.problems)
    assert list(result.events[ROW_COLUMN]) == [2, 3, 4, 5]
    assert result.events.loc[1, "notes"] == rows[1]["notes"]
    assert result.events.loc[2, "location"] == "Camp\rTaji"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-32"),
    ],
    ids=[
        "utf-16 LE BOM",
        "utf-16 BE BOM",
        "utf-16 LE no BOM",
        "utf-16 BE no BOM",
        "utf-8 BOM",
        "utf-32",
    ],
)
def test_detectable_encodings_read_every_character(encode):
    rows = [bundled_row(0, location="Ḥarīr", actor1="Kata’ib Hezbollah", notes="حزب الله")]
    result = load(encode(to_csv(rows)))
    assert [p for p in result.problems if p.severity == ERROR] == []
    assert result.events.loc[0, "location"] == "Ḥarīr"
    assert result.events.loc[0, "notes"] == "حزب الله"


def test_utf16_cut_in_half_a_character_loads_with_a_warning():
    data = BUNDLED.decode("utf-8").encode("utf-16")[:-1]
    result = load(data)
    assert len(result.events) == len(BUNDLED_IDS) - 1 or len(result.events) == len(BUNDLED_IDS)
    assert any("cut off" in p.message and p.severity == WARNING for p in result.problems)


def test_a_row_of_ten_thousand_fields_is_one_problem():
    lines = bundled_lines()
    wide = b",".join([b"x"] * 10_000) + b"\n"
    result = load(b"".join([lines[0], wide, *lines[1:]]))
    assert list(result.events["event_id"]) == BUNDLED_IDS
    width = [p for p in result.problems if p.column is None]
    assert [(p.row, p.message) for p in width] == [
        (2, f"row has 10000 fields but the header has {len(COLUMNS)}")
    ]
    assert list(result.rejected[ROW_COLUMN]) == [2]


@pytest.mark.slow
def test_a_header_of_ten_thousand_columns_keeps_ours_and_warns_of_the_cut():
    """Past MAX_COLUMNS the rest are left out with one warning (cost stays linear)."""
    from events.csvfile import MAX_COLUMNS
    from events.problems import Code

    extra = [f"extra_{i}" for i in range(10_000 - len(COLUMNS))]
    rows = [{**bundled_row(0), **{name: "v" for name in extra}}]
    result = load(to_csv(rows, columns=[*COLUMNS, *extra]).encode())
    assert [p.code for p in result.problems] == [Code.TOO_MANY_COLUMNS]
    assert result.problems[0].severity == WARNING
    assert result.events.shape[1] == 1 + MAX_COLUMNS
    assert list(result.events["event_id"]) == [bundled_row(0)["event_id"]]
    assert result.events.loc[0, f"extra_{MAX_COLUMNS - len(COLUMNS) - 1}"] == "v"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\n\t\n", "empty"),
        (codecs.BOM_UTF8, "no header"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (gzip.compress(BUNDLED), "gzip-compressed"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Excel .xls"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
    ],
    ids=["empty", "blank lines", "BOM only", "png", "jpeg", "pdf", "gzip", "xls", "nul"],
)
def test_files_that_are_not_csv_raise_a_clear_error(data, message):
    with pytest.raises(CsvFileError, match=message):
        load(data)


def test_a_zip_workbook_is_named_as_such():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CsvFileError, match=r"ZIP archive \(an Excel \.xlsx"):
        load(buffer.getvalue())


def test_header_only_is_an_empty_table_without_problems():
    result = load(bundled_lines()[0])
    assert len(result.events) == 0 and result.problems == []


def test_duplicate_headers_are_kept_apart_and_reported():
    lines = bundled_lines()
    header = lines[0].rstrip(b"\r\n") + b",notes,Event_ID\n"
    body = [line.rstrip(b"\r\n") + b",second note,other-id\n" for line in lines[1:]]
    result = load(header + b"".join(body))
    assert list(result.events["event_id"]) == BUNDLED_IDS
    repeats = [p for p in result.problems if "repeats" in p.message]
    assert [(p.row, p.column) for p in repeats] == [(1, "notes"), (1, "event_id")]
    assert set(result.events["notes (column 27)"]) == {"second note"}


def test_a_column_named_like_the_loaders_own_is_renamed_not_lost():
    rows = [{**bundled_row(0), "csv_row": "mine", "_extra_fields": "also mine"}]
    result = load(to_csv(rows, columns=[*COLUMNS, "csv_row", "_extra_fields"]).encode())
    assert list(result.events[ROW_COLUMN]) == [2]
    assert result.events.loc[0, "csv_row (column 27)"] == "mine"
    assert result.events.loc[0, "_extra_fields (column 28)"] == "also mine"
    assert [p.severity for p in result.problems] == [WARNING, WARNING]


def test_nul_bytes_inside_the_file_are_reported_on_their_row():
    lines = bundled_lines()
    lines[6] = lines[6].replace(b"Baghdad", b"Bagh\x00dad", 1)
    assert b"\x00" in lines[6]
    result = load(b"".join(lines))
    assert list(result.events["event_id"]) == BUNDLED_IDS
    nul = [p for p in result.problems if "NUL" in p.message]
    assert len(nul) >= 1 and {p.row for p in nul} == {7}
    assert all(p.severity == WARNING for p in nul)


def test_an_unclosed_quote_does_not_swallow_the_rows_after_it():
    lines = bundled_lines()
    lines[5] = lines[5].replace(b'"', b"").replace(b",", b',"', 1)
    assert lines[5].count(b'"') == 1
    result = load(b"".join(lines))
    unclosed = [p for p in result.problems if "not closed" in p.message]
    assert [p.row for p in unclosed] == [6]
    assert list(result.rejected[ROW_COLUMN]) == [6]
    assert list(result.events["event_id"]) == BUNDLED_IDS[:4] + BUNDLED_IDS[5:]
    assert list(result.events[ROW_COLUMN]) == [2, 3, 4, 5, *range(7, len(BUNDLED_IDS) + 2)]


def test_a_field_over_the_size_limit_costs_only_its_row():
    lines = bundled_lines()
    lines[5] = lines[5].rstrip(b"\n") + b"x" * 1_100_000 + b"\n"
    result = load(b"".join(lines))
    assert list(result.rejected[ROW_COLUMN]) == [6]
    assert "field larger than field limit" in result.problems[0].message
    assert list(result.events["event_id"]) == BUNDLED_IDS[:4] + BUNDLED_IDS[5:]


@pytest.mark.slow
def test_a_50_megabyte_file_loads_every_row_and_reports_its_broken_ones():
    block = generate(20_000, seed=11).to_csv(index=False)
    header, body = block.split("\n", 1)
    copies = []
    prefix = "abcdefghijklmnopqrstuvwxyz"
    while sum(len(c) for c in copies) < 50_000_000:
        copies.append(body.replace("syn-", f"sy{prefix[len(copies)]}-"))
    lines = (header + "\n" + "".join(copies)).split("\n")
    broken_rows = [1_000, 123_456, len(lines) - 2]  # spreadsheet rows (the header is row 1)
    for row in broken_rows:
        fields = lines[row - 1].split(",")
        fields[1] = "2020-02-30"
        lines[row - 1] = ",".join(fields)
    data = "\n".join(lines).encode("utf-8")
    assert len(data) >= 50_000_000
    total = len(lines) - 2  # minus the header and the empty string after the last newline

    result = load(data)

    assert len(result.events) + len(result.rejected) == total
    assert sorted(result.rejected[ROW_COLUMN]) == broken_rows
    assert {p.row for p in result.problems} == set(broken_rows)
    assert result.events["event_id"].is_unique
