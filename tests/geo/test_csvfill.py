"""The raw CSV splitter that lets `resolve` keep untouched cells byte for byte."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from geo.csvfill import format_field, parse_record, split_fields, split_records

cell = st.text(alphabet=st.sampled_from(list("ab ,\"\n\r\t'é")), max_size=8)
row = st.lists(cell, min_size=1, max_size=5)


@pytest.mark.slow
@given(rows=st.lists(row, min_size=1, max_size=6), newline=st.sampled_from(["\n", "\r\n"]))
def test_split_matches_the_csv_module(rows, newline):
    # csv only quotes a lone "\r" when its own line terminator contains one; such a
    # file does not even read back through csv, so it is not a case to keep.
    assume(newline == "\r\n" or not any("\r" in c for r in rows for c in r))
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    text = out.getvalue()
    records = split_records(text)
    assert "".join(r.text + r.terminator for r in records) == text
    assert [parse_record(r.text) for r in records] == list(
        csv.reader(io.StringIO(text, newline=""))
    )
    for record in records:
        if not record.text:
            continue  # a blank line: resolve skips it
        assert ",".join(split_fields(record.text)) == record.text
        assert len(split_fields(record.text)) == len(parse_record(record.text))


@given(cell)
def test_format_field_round_trips(value):
    assert parse_record(format_field(value)) == [value]


def test_record_lines_count_embedded_newlines():
    records = split_records('a,b\n"x\ny",z\r\nlast')
    assert [(r.line, r.terminator) for r in records] == [(1, "\n"), (2, "\r\n"), (4, "")]
