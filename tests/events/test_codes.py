"""Problems say what kind they are (`Code`), and programs act on that, never on the wording.

The recorder in this folder's conftest fails any test here or beside it in
which the loader, the readers or the importers make a problem without a
code; the tables below pin the code each kind of bad input gets.
"""

from __future__ import annotations

import ast
import codecs
import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from events import EventsError, cache, load_events, schema
from events.errors import CsvFileError, UnknownFormatError
from events.importers import import_file
from events.problems import WARNING, Code, Problem
from tests.support import ROOT

TODAY = date(2026, 1, 1)


def row(ident: str, **changes: str) -> dict[str, str]:
    values = dict.fromkeys(schema.COLUMN_NAMES, "")
    values.update(
        event_id=ident,
        event_date="2020-03-11",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Kata'ib Hezbollah",
        country="Iraq",
        location="Camp Taji",
        latitude="33.53",
        longitude="44.25",
        fatalities="3",
        source="reuters-1",
    )
    values.update(changes)
    return values


def table(rows: list[dict[str, str]], columns=schema.COLUMN_NAMES) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def codes(result) -> set[Code]:
    return {p.code for p in result.problems}


# The changes to the second data row, and the one code its problem must carry.
CELLS = [
    ({"actor1": ""}, Code.REQUIRED_BLANK),
    ({"event_id": "a b"}, Code.BAD_ID),
    ({"event_id": "first"}, Code.DUPLICATE_ID),
    ({"event_date": "11/03/2020"}, Code.BAD_DATE),
    ({"event_date": "2020-02-30"}, Code.NO_SUCH_DAY),
    ({"event_date": "2031-01-01"}, Code.FUTURE_DATE),
    ({"event_date": "1850-01-01"}, Code.DATE_TOO_EARLY),
    ({"time_precision": "4"}, Code.BAD_CODE),
    ({"event_type": "Explosion", "sub_event_type": ""}, Code.UNKNOWN_EVENT_TYPE),
    ({"sub_event_type": "Air strike"}, Code.UNKNOWN_SUB_EVENT_TYPE),
    ({"sub_event_type": "Armed clash"}, Code.TYPE_MISMATCH),
    ({"attribution": "suspected"}, Code.UNKNOWN_ATTRIBUTION),
    ({"latitude": "33.5N"}, Code.NOT_A_NUMBER),
    ({"latitude": "133.5"}, Code.OUT_OF_RANGE),
    ({"longitude": ""}, Code.HALF_COORDINATES),
    ({"wounded": "about 20"}, Code.NOT_A_COUNT),
    ({"wounded": "1234567890"}, Code.COUNT_TOO_LARGE),
    ({"wounded": "-2"}, Code.NEGATIVE_COUNT),
    ({"fatalities_low": "26", "fatalities_high": "4", "fatalities": ""}, Code.RANGE_OUT_OF_ORDER),
    ({"responds_to": "second"}, Code.SELF_RESPONSE),
    ({"responds_to": "nowhere"}, Code.UNKNOWN_EVENT),
]


@pytest.mark.parametrize(("changes", "code"), CELLS, ids=[c.value for _, c in CELLS])
def test_each_bad_cell_gets_the_code_of_its_kind(changes, code):
    result = load_events(table([row("first"), row("second", **changes)]), today=TODAY)
    assert [p.code for p in result.problems] == [code], result.problems


def test_an_unknown_source_id_and_a_bad_sources_file_get_theirs(tmp_path):
    (tmp_path / "sources.csv").write_text(
        "source_id,outlet,title,published,url\n"
        "reuters-1,Reuters,t,2020-03-12,ftp://x\n"
        "reuters-1,Reuters,t,2020-03-12,\n"
        ",AFP,t,2020-03-12,\n"
        "afp-1,AFP\n"
    )
    (tmp_path / "events.csv").write_bytes(table([row("a", source="reuters-2")]))
    result = load_events(tmp_path / "events.csv", today=TODAY)
    assert codes(result) == {
        Code.BAD_URL,
        Code.DUPLICATE_ID,
        Code.REQUIRED_BLANK,
        Code.WRONG_WIDTH,
        Code.UNKNOWN_SOURCE,
    }


def test_header_problems_get_theirs():
    columns = [c for c in schema.COLUMN_NAMES if c != "source"] + ["notes", "csv_row"]
    result = load_events(table([row("a")], columns), today=TODAY)
    assert codes(result) == {Code.MISSING_COLUMN, Code.REPEATED_COLUMN, Code.RESERVED_COLUMN}


GOOD = table([row("first"), row("second")])


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (GOOD.replace(b"Camp Taji", "Camp Tají".encode("cp1252"), 1), Code.NOT_UTF8),
        (codecs.BOM_UTF8 + GOOD.replace(b"Camp Taji", b"Camp \xff", 1), Code.UNDECODABLE_BYTES),
        (GOOD + b'third,"2020-03-11\n', Code.CUT_OFF),
        (b"\n" + GOOD, Code.HEADER_NOT_FIRST),
        (GOOD.replace(b"Camp Taji", b"Camp\x00Taji", 1), Code.NUL_BYTES),
        (GOOD + b"third,2020-03-11,extra\n", Code.WRONG_WIDTH),
        (
            GOOD.replace(b"first,", b'first,"', 1) + b"\n".join([GOOD.split(b"\n")[2]] * 3),
            Code.UNCLOSED_QUOTE,
        ),
    ],
    ids=["cp1252", "bad utf-8", "cut off", "header on row 2", "NUL", "width", "open quote"],
)
def test_what_the_careful_reader_finds_gets_a_code(data, code):
    result = load_events(data, today=TODAY)
    assert code in codes(result), result.problems


def test_import_problems_get_codes_and_keep_them_when_renamed_to_the_files_columns():
    acled = (
        b"event_id_cnty,event_date,event_type,sub_event_type,actor1,country,location,"
        b"latitude,longitude,inter1,fatalities\n"
        b"IRQ1,03/04/2020,Battles,Armed clash,A,Iraq,Taji,33.5,44.2,1,0\n"
        b"IRQ2,2020-03-04,Riots/Protests,,A,Iraq,Taji,33.5,44.2,1,0\n"
        b"IRQ3,2020-03-04,Remote violence,,A,Iraq,Taji,33.5,44.2,1,x\n"
    )
    result = import_file(acled, today=TODAY)
    assert codes(result) == {
        Code.AMBIGUOUS_DATE,
        Code.UNMAPPABLE_TYPE,
        Code.RENAMED_TYPE,
        Code.DEFAULT_SOURCE,
        Code.NOT_A_COUNT,
    }
    (count,) = [p for p in result.problems if p.code == Code.NOT_A_COUNT]
    assert count.column == "fatalities" and count.row == 4


def test_a_ucdp_window_that_runs_backwards_gets_its_code():
    ucdp = (
        b"id,date_start,date_end,type_of_violence,side_a,side_b,country,where_coordinates,"
        b"latitude,longitude,best,low,high\n"
        b"1,2020-03-04,2020-03-01,1,A,B,Iraq,Taji,33.5,44.2,3,5,6\n"
    )
    result = import_file(ucdp, today=TODAY)
    assert {Code.DATES_BACKWARDS, Code.RANGE_WIDENED} <= codes(result)


def test_the_recorder_catches_a_problem_made_without_a_code(problems_made):
    scope = {"__name__": "events.somewhere", "Problem": Problem}
    exec("made = Problem(2, 'x', '', 'wrong')", scope)  # as a module of the package would
    assert problems_made and problems_made[-1][0] is scope["made"]
    assert problems_made[-1][0].code is None
    problems_made.clear()  # the recorder would fail this test at its end otherwise


def test_codes_survive_the_events_cache_and_a_reworded_future_date_still_expires(tmp_path):
    frame = pd.DataFrame({"event_id": ["a"]})
    future = Problem(2, "event_date", "2099-01-01", "lies ahead", code=Code.FUTURE_DATE)
    entry = cache.CachedLoad(frame, problems=[future])
    cache.write("k", entry, folder=tmp_path, today=date(2026, 1, 1))
    same_day = cache.read("k", folder=tmp_path, today=date(2026, 1, 1))
    assert same_day is not None and same_day.problems[0].code is Code.FUTURE_DATE
    assert cache.read("k", folder=tmp_path, today=date(2026, 1, 2)) is None


def test_words_alone_do_not_tie_an_entry_to_today(tmp_path):
    frame = pd.DataFrame({"event_id": ["a"]})
    worded = Problem(2, "notes", "", "is in the future", WARNING, code=Code.NUL_BYTES)
    cache.write("k", cache.CachedLoad(frame, problems=[worded]), folder=tmp_path)
    assert cache.read("k", folder=tmp_path, today=date(2099, 1, 1)) is not None


def test_the_rejected_rows_survive_the_cache_by_number(tmp_path):
    result = load_events(
        table([row("a"), row("b", actor1=""), row("c", actor1=""), row("d"), row("e", actor1="")]),
        today=TODAY,
    )
    cache.write("k", replace(result, rows_read=5), folder=tmp_path, today=TODAY)
    back = cache.read("k", folder=tmp_path, today=TODAY)
    assert list(back.rejected["csv_row"]) == [3, 4, 6] == list(result.rejected["csv_row"])
    assert back.rejected_rows == result.rejected_rows == 3
    # What the dashboard keeps from a cold load is what a warm one reads back.
    pd.testing.assert_frame_equal(cache.as_entry(result).rejected, back.rejected)
    assert (back.rows_read, back.encoding, back.format) == (5, "utf-8", "ours")


def test_every_error_events_raises_is_an_events_error(tmp_path):
    assert issubclass(CsvFileError, EventsError) and issubclass(UnknownFormatError, EventsError)
    with pytest.raises(EventsError):
        load_events(tmp_path / "missing.csv")
    with pytest.raises(EventsError):
        import_file(b"a,b\n1,2\n")


def _branches_on_message(tree: ast.AST) -> list[int]:
    """Lines comparing anything with a `.message` attribute (`x in p.message`, `p.message == x`)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "message" for s in sides):
                lines.append(node.lineno)
    return lines


@pytest.mark.slow
def test_no_code_outside_the_tests_branches_on_a_problem_message():
    offenders = []
    for folder in ("events", "components", "geo", "storage", "ingest"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = _branches_on_message(ast.parse(path.read_text(encoding="utf-8")))
            offenders += [f"{Path(path).relative_to(ROOT)}:{line}" for line in lines]
    offenders += [
        f"app.py:{n}" for n in _branches_on_message(ast.parse((ROOT / "app.py").read_text()))
    ]
    assert not offenders, offenders


def test_the_message_check_finds_a_branch_on_the_words():
    assert _branches_on_message(ast.parse("if 'x' in p.message:\n    pass\n")) == [1]
