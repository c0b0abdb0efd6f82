"""Editing a CSV's text: what is not edited keeps its bytes, what is edited reads back right."""

from __future__ import annotations

import csv
import io

import pytest

from events.csvedit import CsvText, format_record


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


TEXTS = [
    "a,b\n1,2\n",
    "a,b\r\n1,2\r\n",
    "\ufeffa,b\n1,2",
    "\n\na,b\n1,2\n",
    'a,"b\nc"\n"x\r\ny",2\n',
    'a,b\n"1",  2 \n\n3,4\n',
    "a,b\n1\n1,2,3\n",
    "a," + "y" * 65531 + "\r\n1,2\r\n",  # the header's CRLF straddles the first chunk's end
    '"' + "h" * 70000 + '",b\n1,2\n',  # a header longer than the first chunk
]


@pytest.mark.parametrize("text", TEXTS)
def test_unchanged_text_round_trips(text: str) -> None:
    doc = CsvText.parse(text, ["z"])
    assert doc.dumps() == text
    _ = doc.records  # parsing the records changes nothing either
    assert doc.dumps() == text


@pytest.mark.parametrize("text", TEXTS)
def test_append_adds_one_record_in_the_files_line_end(text: str) -> None:
    doc = CsvText.parse(text, ["z"])
    doc.append(["new", "line\nin it"])
    out = doc.dumps()
    kept = text if text.endswith(("\n", "\r")) else text + doc.newline
    assert out.startswith(kept)
    assert out[len(kept) :] == format_record(["new", "line\nin it"], doc.newline)
    assert read(out)[-1] == ["new", "line\nin it"]


@pytest.mark.parametrize("text", TEXTS)
def test_set_cell_changes_one_field(text: str) -> None:
    doc = CsvText.parse(text, ["z"])
    position = next(i for i, r in enumerate(doc.records) if not r.blank)
    before = read(text)
    doc.set_cell(position, 1, 'new, "quoted"')
    after = read(doc.dumps())
    assert len(after) == len(before)
    changed = [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y]
    assert len(changed) == 1
    row = after[changed[0]]
    assert row[1] == 'new, "quoted"'
    old = before[changed[0]]
    assert row[:1] == old[:1] and row[2:] == old[2:]


def test_set_cell_keeps_the_other_fields_as_written() -> None:
    doc = CsvText.parse('a,b,c\n"1",x,  3 \n', ["z"])
    doc.set_cell(0, 1, "y")
    assert doc.dumps() == 'a,b,c\n"1",y,  3 \n'
    doc.set_cell(0, 4, "far")  # beyond the record's width: padded
    assert doc.dumps() == 'a,b,c\n"1",y,  3 ,,far\n'


def test_add_column_leaves_blank_lines_alone() -> None:
    doc = CsvText.parse('a,b\r\n1,"2\r\nx"\r\n\r\n3,4', ["z"])
    assert doc.add_column("c d") == 2
    assert doc.dumps() == 'a,b,c d\r\n1,"2\r\nx",\r\n\r\n3,4,'
    doc.append(["5", "6", "7"])
    assert doc.dumps().endswith("3,4,\r\n5,6,7\r\n")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (["a", "b"], "a,b\n"),
        (["a,b", 'c"d'], '"a,b","c""d"\n'),
        (["cr\r", "lf\n"], '"cr\r","lf\n"\n'),
        ([""], '""\n'),
        (["", ""], ",\n"),
    ],
)
def test_format_record(fields: list[str], expected: str) -> None:
    assert format_record(fields, "\n") == expected
    assert read(expected) == [fields]
