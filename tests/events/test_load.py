"""The loader: every kind of broken row is reported exactly, valid rows still load."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from events import CsvFileError, load_events, schema
from events.problems import ERROR, WARNING, Problem, format_table

TODAY = date(2026, 1, 1)


def valid_row(ident: str, **changes: str) -> dict[str, str]:
    row = {name: "" for name in schema.COLUMN_NAMES}
    row.update(
        event_id=ident,
        event_date="2020-03-11",
        time_precision="1",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        weapon="rockets",
        actor1="Kata'ib Hezbollah",
        attribution="alleged",
        actor2="US-led coalition forces",
        country="Iraq",
        admin1="Baghdad",
        location="Camp Taji",
        latitude="33.53",
        longitude="44.25",
        geo_precision="1",
        fatalities="3",
        fatalities_low="3",
        fatalities_high="3",
        wounded="14",
        source="reuters-1",
        notes="Rockets hit the base.",
    )
    row.update(changes)
    return row


def write_csv(path, rows, columns=schema.COLUMN_NAMES) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def folder(tmp_path):
    write_csv(
        tmp_path / "sources.csv",
        [{"source_id": "reuters-1", "outlet": "Reuters", "title": "t", "published": "2020-03-12"}],
        schema.SOURCE_COLUMNS,
    )
    return tmp_path


# Each case: the changes to the middle row (spreadsheet row 3), then the exact
# problem expected as (column, value, message, severity).
BROKEN_ROWS = [
    ("blank required value", {"actor1": ""}, ("actor1", "", "required value is blank", ERROR)),
    (
        "date in the wrong form",
        {"event_date": "11/03/2020"},
        ("event_date", "11/03/2020", "is not a date in YYYY-MM-DD form", ERROR),
    ),
    (
        "impossible date",
        {"event_date": "2020-02-30"},
        ("event_date", "2020-02-30", "no such day in the calendar", ERROR),
    ),
    (
        "date in the future",
        {"event_date": "2031-01-01"},
        ("event_date", "2031-01-01", "is in the future (today is 2026-01-01)", ERROR),
    ),
    (
        "latitude out of range",
        {"latitude": "133.5"},
        ("latitude", "133.5", "is out of range (-90 to 90)", ERROR),
    ),
    (
        "longitude out of range",
        {"longitude": "-244.2"},
        ("longitude", "-244.2", "is out of range (-180 to 180)", ERROR),
    ),
    (
        "latitude not a number",
        {"latitude": "33.5N"},
        ("latitude", "33.5N", "is not a number", ERROR),
    ),
    (
        "only one of the pair",
        {"longitude": ""},
        ("longitude", "", "is blank but latitude is set; give both or neither", ERROR),
    ),
    (
        "duplicate event_id",
        {"event_id": "first"},
        ("event_id", "first", "duplicate event_id (first used on row 2)", ERROR),
    ),
    (
        "responds_to an unknown event",
        {"responds_to": "first;no-such-event"},
        ("responds_to", "no-such-event", "names an event that is not in this file", WARNING),
    ),
    (
        "source id not in sources.csv",
        {"source": "reuters-1;reuters-2"},
        (
            "source",
            "reuters-2",
            "source id is not in sources.csv; did you mean 'reuters-1'?",
            WARNING,
        ),
    ),
    (
        "fatalities_low above fatalities_high",
        {"fatalities_low": "26", "fatalities_high": "4", "fatalities": ""},
        ("fatalities_low", "26", "is greater than fatalities_high", ERROR),
    ),
    (
        "negative count",
        {"wounded": "-2"},
        ("wounded", "-2", "a count cannot be negative", ERROR),
    ),
    (
        "count not a whole number",
        {"fatalities": "about 20", "fatalities_low": "", "fatalities_high": ""},
        ("fatalities", "about 20", "is not a whole number", ERROR),
    ),
    (
        "unknown event type, with a suggestion",
        {"event_type": "Explosion/Remote Violence", "sub_event_type": ""},
        (
            "event_type",
            "Explosion/Remote Violence",
            "unknown event type; did you mean 'Explosions/Remote violence'?",
            ERROR,
        ),
    ),
    (
        "unknown sub-event type, with a suggestion",
        {"sub_event_type": "Air strike"},
        (
            "sub_event_type",
            "Air strike",
            "unknown sub-event type; did you mean 'Air/drone strike'?",
            ERROR,
        ),
    ),
    (
        "sub-event type of another event type",
        {"sub_event_type": "Armed clash"},
        (
            "sub_event_type",
            "Armed clash",
            "belongs to event type 'Battles', not 'Explosions/Remote violence'",
            ERROR,
        ),
    ),
    (
        "unknown attribution",
        {"attribution": "suspected"},
        ("attribution", "suspected", "unknown attribution", ERROR),
    ),
    (
        "precision code out of range",
        {"time_precision": "4"},
        (
            "time_precision",
            "4",
            "must be one of: 1 day known, 2 week known, 3 month known",
            ERROR,
        ),
    ),
    (
        "event_id with a space",
        {"event_id": "camp taji"},
        ("event_id", "camp taji", "an event_id may not hold spaces or ';'", ERROR),
    ),
    (
        "best figure outside its range",
        {"fatalities": "30", "fatalities_low": "0", "fatalities_high": "26"},
        ("fatalities", "30", "is above fatalities_high", ERROR),
    ),
    (
        "event responding to itself",
        {"responds_to": "middle"},
        ("responds_to", "middle", "an event cannot respond to itself", WARNING),
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [case[1:] for case in BROKEN_ROWS],
    ids=[case[0] for case in BROKEN_ROWS],
)
def test_each_broken_row_is_reported_exactly_and_neighbours_load(folder, changes, expected):
    rows = [valid_row("first"), valid_row("middle", **changes), valid_row("last")]
    write_csv(folder / "events.csv", rows)

    result = load_events(folder / "events.csv", today=TODAY)

    column, value, message, severity = expected
    assert result.problems == [Problem(3, column, value, message, severity)]
    loaded = list(result.events["event_id"])
    if severity == ERROR:
        assert loaded == ["first", "last"]
        assert list(result.rejected["csv_row"]) == [3]
    else:
        assert loaded == ["first", "middle", "last"]
        assert result.rejected.empty


def test_the_table_covers_at_least_fifteen_kinds():
    assert len(BROKEN_ROWS) >= 15


def test_missing_required_column_is_reported_once_and_rejects_every_row(folder):
    columns = [c for c in schema.COLUMN_NAMES if c != "source"]
    write_csv(folder / "events.csv", [valid_row("a"), valid_row("b")], columns)

    result = load_events(folder / "events.csv", today=TODAY)

    assert result.problems == [Problem(1, "source", "", "required column is missing")]
    assert result.events.empty
    assert len(result.rejected) == 2


def test_row_with_too_many_fields_is_reported_with_its_count(folder):
    write_csv(folder / "events.csv", [valid_row("a"), valid_row("b")])
    text = (folder / "events.csv").read_text()
    lines = text.splitlines()
    lines[2] += ",surplus"
    (folder / "events.csv").write_text("\n".join(lines) + "\n")

    result = load_events(folder / "events.csv", today=TODAY)

    width = len(schema.COLUMN_NAMES)
    assert result.problems == [
        Problem(3, None, "", f"row has {width + 1} fields but the header has {width}")
    ]
    assert list(result.events["event_id"]) == ["a"]
    assert result.rejected.loc[0, "_extra_fields"] == "surplus"


def test_rows_are_numbered_as_a_spreadsheet_numbers_them_despite_newlines(folder):
    rows = [
        valid_row("a", notes="first line\nsecond line"),
        valid_row("b", event_date="not a date"),
    ]
    write_csv(folder / "events.csv", rows)

    result = load_events(folder / "events.csv", today=TODAY)

    assert [p.row for p in result.problems] == [3]
    assert result.events.loc[0, "notes"] == "first line\nsecond line"


def test_types_of_the_loaded_table(folder):
    write_csv(folder / "events.csv", [valid_row("a", attribution="", time_precision="")])

    events = load_events(folder / "events.csv", today=TODAY).events

    assert events.loc[0, "event_date"] == pd.Timestamp("2020-03-11")
    assert str(events["fatalities"].dtype) == "Int64"
    assert str(events["geo_precision"].dtype) == "Int8"
    assert events["latitude"].dtype == "float64"
    assert events.loc[0, "attribution"] == "unknown"
    assert events.loc[0, "time_precision"] == 1
    assert pd.isna(events.loc[0, "fatalities_high"]) is False
    assert pd.isna(events.loc[0, "operation"])


def test_blank_count_stays_unknown_not_zero(folder):
    write_csv(
        folder / "events.csv",
        [valid_row("a", fatalities="", fatalities_low="", fatalities_high="", wounded="0")],
    )

    events = load_events(folder / "events.csv", today=TODAY).events

    assert pd.isna(events.loc[0, "fatalities"])
    assert events.loc[0, "wounded"] == 0


def test_unknown_columns_are_kept(folder):
    columns = [*schema.COLUMN_NAMES, "analyst_flag"]
    write_csv(folder / "events.csv", [{**valid_row("a"), "analyst_flag": "check"}], columns)

    result = load_events(folder / "events.csv", today=TODAY)

    assert result.problems == []
    assert result.events.loc[0, "analyst_flag"] == "check"


def test_free_text_outlet_names_are_accepted_as_sources(folder):
    write_csv(folder / "events.csv", [valid_row("a", source="Reuters; Syrian Observatory")])

    assert load_events(folder / "events.csv", today=TODAY).problems == []


@pytest.mark.parametrize(
    ("encode", "expected_encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16", "CRLF"],
)
def test_encodings_and_line_ends_read_the_same(folder, encode, expected_encoding):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(schema.COLUMN_NAMES), lineterminator="\n")
    writer.writeheader()
    writer.writerow(valid_row("a", location="Ḥarīr", actor1="Kata’ib Hezbollah"))
    (folder / "events.csv").write_bytes(encode(buffer.getvalue()))

    result = load_events(folder / "events.csv", today=TODAY)

    assert result.encoding == expected_encoding
    assert result.problems == []
    assert result.events.loc[0, "location"] == "Ḥarīr"
    assert result.events.loc[0, "actor1"] == "Kata’ib Hezbollah"


def test_latin1_file_is_read_with_a_warning(folder):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(schema.COLUMN_NAMES))
    writer.writeheader()
    writer.writerow(valid_row("a", location="Qaïm"))
    (folder / "events.csv").write_bytes(buffer.getvalue().encode("latin-1"))

    result = load_events(folder / "events.csv", today=TODAY)

    assert result.events.loc[0, "location"] == "Qaïm"
    assert [p.severity for p in result.problems] == [WARNING]
    assert "not UTF-8" in result.problems[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"\n\n  \n", "the file is empty")],
)
def test_unreadable_files_raise_a_clear_error(tmp_path, content, message):
    (tmp_path / "events.csv").write_bytes(content)
    with pytest.raises(CsvFileError, match=message):
        load_events(tmp_path / "events.csv")


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(CsvFileError, match="no such file"):
        load_events(tmp_path / "nope.csv")


def test_repeated_column_name_is_reported_and_kept(folder):
    columns = [*schema.COLUMN_NAMES, "notes"]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerow([*valid_row("a").values(), "second note"])
    (folder / "events.csv").write_text(buffer.getvalue())

    result = load_events(folder / "events.csv", today=TODAY)

    position = len(columns)
    assert [(p.row, p.column) for p in result.problems] == [(1, "notes")]
    assert result.events.loc[0, "notes"] == "Rockets hit the base."
    assert result.events.loc[0, f"notes (column {position})"] == "second note"


def test_sources_problems_are_reported(tmp_path):
    write_csv(
        tmp_path / "sources.csv",
        [
            {"source_id": "a", "outlet": "X", "url": "javascript:alert(1)"},
            {"source_id": "a", "outlet": "Y"},
        ],
        schema.SOURCE_COLUMNS,
    )
    write_csv(tmp_path / "events.csv", [valid_row("e", source="a")])

    result = load_events(tmp_path / "events.csv", today=TODAY)

    assert [(p.row, p.column) for p in result.problems] == [(2, "url"), (3, "source_id")]


def test_problem_table_names_row_column_value_and_why():
    table = format_table([Problem(3, "event_date", "2020-02-30", "no such day in the calendar")])
    assert table.splitlines()[2].split() == [
        "3",
        "event_date",
        "2020-02-30",
        "error",
        "no",
        "such",
        "day",
        "in",
        "the",
        "calendar",
    ]
