"""The write path for new events: only new rows and named cells change, ids are stable and
unique, bad rows write nothing, read-only files are refused, and concurrent writers all land."""

from __future__ import annotations

import codecs
import csv
import fcntl
import io
import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from events import load_events, schema
from events.append import (
    AppendRejected,
    ReadOnlyEvents,
    append_events,
    download_files,
    lock_path,
    why_not_writable,
)
from events.ids import event_slug, place_slug, slug, source_slug, unique
from events.problems import Code
from tests.support import DATA, ROOT
from tests.support.append_writer import SOURCE as WRITERS_SOURCE
from tests.support.append_writer import ready_file
from tests.support.append_writer import row as writer_row
from tests.support.polling import poll

TODAY = date(2026, 1, 1)
BUNDLED_EVENTS = (DATA / "events.csv").read_bytes()
BUNDLED_SOURCES = (DATA / "sources.csv").read_bytes()
BUNDLED_COUNT = len(load_events(DATA / "events.csv", today=TODAY).events)
SOURCE = {
    "outlet": "Reuters",
    "title": "Rockets hit Camp Taji again",
    "published": "2020-03-14",
    "url": "https://example.org/taji",
}


def new_row(**changes: str) -> dict[str, str]:
    row = {
        "event_date": "2020-03-14",
        "time_precision": "1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "weapon": "rockets",
        "actor1": "Kata'ib Hezbollah",
        "attribution": "alleged",
        "country": "Iraq",
        "admin1": "Baghdad",
        "location": "Camp Taji",
        "latitude": "33.53",
        "longitude": "44.25",
        "geo_precision": "1",
        "geo_source": "gazetteer:camp-taji",
        "fatalities": "2",
    }
    row.update(changes)
    return row


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "events.csv").write_bytes(BUNDLED_EVENTS)
    (tmp_path / "sources.csv").write_bytes(BUNDLED_SOURCES)
    return tmp_path


def records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def by_id(data: bytes) -> dict[str, dict[str, str]]:
    header, *rows = records(data)
    return {row[0]: dict(zip(header, row, strict=False)) for row in rows if row}


def append(folder: Path, rows, **kwargs):
    return append_events(folder / "events.csv", rows, today=TODAY, **kwargs)


# -- ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"location": "Camp Taji", "weapon": "rockets"}, "2020-03-14-camp-taji-rockets"),
        (
            {"location": "near Albu Kamal", "weapon": "aircraft"},
            "2020-03-14-albu-kamal-air-strikes",
        ),
        (
            {"location": "southeast of Albu Kamal", "weapon": "aircraft"},
            "2020-03-14-albu-kamal-air-strikes",
        ),
        (
            {"location": "12 km north of Baghdad", "weapon": "drone"},
            "2020-03-14-baghdad-drone-strike",
        ),
        (
            {"location": "US Embassy, Baghdad", "weapon": "mob"},
            "2020-03-14-us-embassy-baghdad-storming",
        ),
        ({"location": "the Green Zone", "weapon": "rockets"}, "2020-03-14-green-zone-rockets"),
        ({"location": "Ḥalab", "weapon": "Ballistic Missiles"}, "2020-03-14-halab-missiles"),
        ({"location": "Jurf al-Ṣakhar", "weapon": ""}, "2020-03-14-jurf-al-sakhar-shelling"),
        (
            {"location": "Qara Chokh", "weapon": "", "sub_event_type": "Armed clash"},
            "2020-03-14-qara-chokh-clash",
        ),
        (
            {"location": "Mosul", "weapon": "", "sub_event_type": "", "event_type": "Battles"},
            "2020-03-14-mosul-battles",
        ),
        ({"location": "", "weapon": "rockets"}, "2020-03-14-unknown-place-rockets"),
        ({"event_date": "", "location": "Erbil", "weapon": "rockets"}, "undated-erbil-rockets"),
        ({"event_date": "14/03/2020", "location": "Erbil"}, "undated-erbil-rockets"),
        ({"location": "near", "weapon": "rockets"}, "2020-03-14-near-rockets"),
    ],
)
def test_event_slug(cells: dict[str, str], expected: str) -> None:
    assert event_slug(new_row(**cells)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kata'ib Ḥezbollah", "kataib-hezbollah"),
        ("  --Al-Qaim--  ", "al-qaim"),
        ("", ""),
        ("a" * 60, "a" * 48),
        ("word " * 20, "-".join(["word"] * 9)),  # 44 characters: a tenth word would pass 48
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_place_slug_keeps_a_name_that_is_only_a_relation_word() -> None:
    assert place_slug("Outside") == "outside"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"outlet": "Reuters", "published": "2020-03-12"}, "reuters-2020-03-12"),
        ({"outlet": "The New York Times", "published": "2020-03-12"}, "new-york-times-2020-03-12"),
        ({"outlet": "Agence France-Presse", "published": ""}, "agence-france-presse-undated"),
        ({"outlet": "", "published": "2020-03-12"}, "source-2020-03-12"),
    ],
)
def test_source_slug(source: dict[str, str], expected: str) -> None:
    assert source_slug(source) == expected


@pytest.mark.parametrize(
    ("base", "taken", "expected"),
    [
        ("a", set(), "a"),
        ("a", {"a"}, "a-2"),
        ("a", {"a", "a-2"}, "a-3"),
        ("a", {"a", "a-3"}, "a-2"),
        ("a", {"a-2"}, "a"),
    ],
)
def test_unique(base: str, taken: set[str], expected: str) -> None:
    assert unique(base, taken) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Generated, free.
        ([new_row(location="Balad Air Base")], ["2020-03-14-balad-air-base-rockets"]),
        # Generated, colliding with the file: the bundled id is taken.
        (
            [new_row(event_date="2020-03-11")],
            ["2020-03-11-camp-taji-rockets-2"],
        ),
        # Generated, colliding with each other.
        (
            [new_row(), new_row(), new_row()],
            [
                "2020-03-14-camp-taji-rockets",
                "2020-03-14-camp-taji-rockets-2",
                "2020-03-14-camp-taji-rockets-3",
            ],
        ),
        # Given and free: kept as given.
        ([new_row(event_id="taji-again")], ["taji-again"]),
        # Given but used by the file: generated instead.
        ([new_row(event_id="2020-03-11-camp-taji-rockets")], ["2020-03-14-camp-taji-rockets"]),
        # Given twice: the second is generated.
        (
            [new_row(event_id="x1"), new_row(event_id="x1")],
            ["x1", "2020-03-14-camp-taji-rockets"],
        ),
        # A given id is taken into account by the generated ones that follow.
        (
            [new_row(event_id="2020-03-14-camp-taji-rockets"), new_row()],
            ["2020-03-14-camp-taji-rockets", "2020-03-14-camp-taji-rockets-2"],
        ),
        # Blank id counts as none.
        ([new_row(event_id="  ")], ["2020-03-14-camp-taji-rockets"]),
    ],
)
def test_ids_of_appended_rows(folder: Path, rows, expected: list[str]) -> None:
    result = append(folder, rows, source=SOURCE)
    assert list(result.added_ids) == expected
    written = by_id((folder / "events.csv").read_bytes())
    assert all(written[i]["source"] == "reuters-2020-03-14" for i in expected)
    assert len(load_events(folder / "events.csv", today=TODAY).events) == BUNDLED_COUNT + len(rows)


def test_a_rejected_rows_id_is_taken_too(folder: Path) -> None:
    events = folder / "events.csv"
    header = BUNDLED_EVENTS.split(b"\n", 1)[0].decode()
    bad = {name: "" for name in schema.COLUMN_NAMES} | {"event_id": "2020-03-14-camp-taji-rockets"}
    events.write_bytes(
        BUNDLED_EVENTS + (",".join(bad[c] for c in header.split(",")) + "\n").encode()
    )
    result = append(folder, [new_row()], source=SOURCE)
    assert result.added_ids == ("2020-03-14-camp-taji-rockets-2",)


@pytest.mark.slow
def test_source_ids(folder: Path) -> None:
    first = append(folder, [new_row()], source=SOURCE)
    assert first.source_id == "reuters-2020-03-14"
    sources = folder / "sources.csv"
    assert sources.read_bytes().startswith(BUNDLED_SOURCES)
    assert sources.read_bytes()[len(BUNDLED_SOURCES) :] == (
        b"reuters-2020-03-14,Reuters,Rockets hit Camp Taji again,2020-03-14,"
        b"https://example.org/taji\n"
    )
    # The same entry again (spacing aside) is reused, not added twice.
    again = append(folder, [new_row()], source={k: f" {v} " for k, v in SOURCE.items()})
    assert again.source_id == "reuters-2020-03-14"
    assert sources.read_bytes().count(b"reuters-2020-03-14") == 1
    # Another story the same day gets the next id.
    other = append(folder, [new_row()], source=SOURCE | {"title": "Another story"})
    assert other.source_id == "reuters-2020-03-14-2"
    # An entry already in the bundled file is recognised by its fields.
    bundled = {
        "outlet": "Reuters",
        "title": "U.S. wages retaliatory strikes against Iran-backed militia in Iraq "
        "after deadly attack",
        "published": "2020-03-12",
        "url": "",
    }
    assert (
        append(folder, [new_row()], source=bundled).source_id
        == "reuters-2020-03-12-taji-retaliation"
    )
    # A given id is kept when free, replaced when another entry has it.
    given = append(folder, [new_row()], source=SOURCE | {"title": "Third", "source_id": "mine-1"})
    assert given.source_id == "mine-1"
    taken = append(folder, [new_row()], source=SOURCE | {"title": "Fourth", "source_id": "mine-1"})
    assert taken.source_id == "reuters-2020-03-14-3"
    assert load_events(folder / "events.csv", today=TODAY).errors == []


def test_a_rows_own_sources_are_kept_without_repeats(folder: Path) -> None:
    rows = [
        new_row(source="nyt-2020-03-12-esper-camp-taji"),
        new_row(source="reuters-2020-03-14;nyt-2020-03-12-esper-camp-taji"),
        new_row(source=""),
    ]
    result = append(folder, rows, source=SOURCE)
    written = by_id((folder / "events.csv").read_bytes())
    assert [written[i]["source"] for i in result.added_ids] == [
        "nyt-2020-03-12-esper-camp-taji;reuters-2020-03-14",
        "reuters-2020-03-14;nyt-2020-03-12-esper-camp-taji",
        "reuters-2020-03-14",
    ]


def test_geo_source_is_kept_as_given(folder: Path) -> None:
    result = append(folder, [new_row(geo_source="nominatim:relation/123")], source=SOURCE)
    assert by_id((folder / "events.csv").read_bytes())[result.added_ids[0]]["geo_source"] == (
        "nominatim:relation/123"
    )


# -- the file's form ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("crlf", lambda b: b.replace(b"\n", b"\r\n")),
        ("bom", lambda b: codecs.BOM_UTF8 + b),
        ("bom-crlf", lambda b: codecs.BOM_UTF8 + b.replace(b"\n", b"\r\n")),
        ("no trailing newline", lambda b: b.rstrip(b"\n")),
        ("crlf, no trailing newline", lambda b: b.replace(b"\n", b"\r\n").rstrip(b"\r\n")),
    ],
)
def test_the_files_form_is_kept(folder: Path, name: str, transform) -> None:
    events = folder / "events.csv"
    original = transform(BUNDLED_EVENTS)
    events.write_bytes(original)
    crlf = b"\r\n" in original
    newline = b"\r\n" if crlf else b"\n"
    result = append(folder, [new_row(notes="line one\nline two"), new_row()], source=SOURCE)
    after = events.read_bytes()
    kept = original if original.endswith(b"\n") else original + newline
    assert after.startswith(kept), name
    added = after[len(kept) :]
    assert len(records(added)) == 2
    assert added.endswith(newline)
    # Records end as the file's do; the newline inside the quoted notes is the row's own.
    assert added.count(b"\r\n") == (2 if crlf else 0)
    assert added.count(b"\n") == 3
    loaded = load_events(events, today=TODAY)
    assert loaded.errors == []
    assert len(loaded.events) == BUNDLED_COUNT + 2
    notes = loaded.events.set_index("event_id").loc[result.added_ids[0], "notes"]
    assert notes == "line one\nline two"


def test_a_header_only_file_without_a_newline(folder: Path) -> None:
    events = folder / "events.csv"
    events.write_bytes(",".join(schema.COLUMN_NAMES).encode())
    result = append(folder, [new_row()], source=SOURCE)
    lines = events.read_bytes().split(b"\n")
    assert lines[0] == ",".join(schema.COLUMN_NAMES).encode()
    assert lines[1].startswith(result.added_ids[0].encode())
    assert lines[2] == b""


def test_an_empty_file_gets_the_schema_header(folder: Path) -> None:
    events = folder / "events.csv"
    events.write_bytes(b"")
    append(folder, [new_row()], source=SOURCE)
    assert records(events.read_bytes())[0] == list(schema.COLUMN_NAMES)
    assert len(load_events(events, today=TODAY).events) == 1


def test_extra_columns_and_column_order_are_kept(folder: Path) -> None:
    header, *rows = records(BUNDLED_EVENTS)
    order = ["notes", "analyst", *[c for c in header if c != "notes"]]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(order)
    for row in rows:
        cells = dict(zip(header, row, strict=True)) | {"analyst": "rk"}
        writer.writerow([cells[c] for c in order])
    original = buffer.getvalue().encode()
    events = folder / "events.csv"
    events.write_bytes(original)
    result = append(folder, [new_row(analyst="jd")], source=SOURCE)
    after = events.read_bytes()
    assert after.startswith(original)
    added = records(after[len(original) :])[0]
    assert dict(zip(order, added, strict=True))["analyst"] == "jd"
    assert added[order.index("event_id")] == result.added_ids[0]
    loaded = load_events(events, today=TODAY)
    assert loaded.errors == [] and "analyst" in loaded.events


def test_a_new_column_is_added_blank_for_existing_rows(folder: Path) -> None:
    events = folder / "events.csv"
    result = append(folder, [new_row(confidence="high", Reviewer="a, b")], source=SOURCE)
    after = events.read_bytes()
    header, *rows = records(after)
    assert header == [*records(BUNDLED_EVENTS)[0], "confidence", "Reviewer"]
    old = records(BUNDLED_EVENTS)[1:]
    assert [r[:-2] for r in rows[: len(old)]] == old
    assert all(r[-2:] == ["", ""] for r in rows[: len(old)])
    assert rows[-1][-2:] == ["high", "a, b"]
    assert rows[-1][0] == result.added_ids[0]
    loaded = load_events(events, today=TODAY)
    assert loaded.errors == []
    assert list(loaded.events["confidence"].dropna()) == ["high"]
    # Each existing line is as it was, with the two new (blank) fields before its line end.
    old_lines = BUNDLED_EVENTS.split(b"\n")[1:-1]
    new_lines = after.split(b"\n")[1 : len(old_lines) + 1]
    assert new_lines == [line + b",," for line in old_lines]


def test_columns_are_matched_as_the_loader_matches_them(folder: Path) -> None:
    events = folder / "events.csv"
    header, *rest = BUNDLED_EVENTS.split(b"\n", 1)
    spaced = header.replace(b"event_id", b"Event ID").replace(b"actor1", b"ACTOR1")
    events.write_bytes(spaced + b"\n" + rest[0])
    append(folder, [new_row(actor1="Iran")], source=SOURCE)
    after = records(events.read_bytes())
    assert len(after[0]) == len(header.split(b","))
    assert after[-1][after[0].index("ACTOR1")] == "Iran"


# -- changing existing rows -----------------------------------------------------------


def test_cite_in_and_set_cells_change_only_those_cells(folder: Path) -> None:
    events = folder / "events.csv"
    cited = ["2020-03-11-camp-taji-rockets", "2019-12-31-us-embassy-baghdad-storming"]
    changed = "2020-03-12-albu-kamal-air-strikes"
    result = append(
        folder,
        [new_row()],
        source=SOURCE,
        cite_in=cited,
        set_cells={changed: {"responds_to": "2020-03-11-camp-taji-rockets;x-1", "admin1": ""}},
    )
    assert result.updated_ids == (
        "2019-12-31-us-embassy-baghdad-storming",
        "2020-03-11-camp-taji-rockets",
        changed,
    )
    before, after = by_id(BUNDLED_EVENTS), by_id(events.read_bytes())
    for event_id, row in before.items():
        new = after[event_id]
        diff = {c for c in row if row[c] != new[c]}
        if event_id in cited:
            assert diff == {"source"}
            assert new["source"] == row["source"] + ";reuters-2020-03-14"
        elif event_id == changed:
            assert diff == {"responds_to", "admin1"}
            assert new["responds_to"] == "2020-03-11-camp-taji-rockets;x-1"
        else:
            assert diff == set()
    # Records not named keep their bytes: the file's lines outside the edited ones are equal.
    old_lines = BUNDLED_EVENTS.decode().splitlines(keepends=True)
    new_lines = events.read_bytes().decode().splitlines(keepends=True)
    touched = {i for i, line in enumerate(old_lines) if line.startswith(tuple([*cited, changed]))}
    for i, line in enumerate(old_lines):
        if i not in touched:
            assert new_lines[i] == line
    loaded = load_events(events, today=TODAY)
    assert loaded.errors == []
    # The unknown id in responds_to is a warning the loader gives; the append passes it on.
    assert [(p.column, p.value, p.code) for p in result.warnings] == [
        ("responds_to", "x-1", Code.UNKNOWN_EVENT)
    ]


def test_an_edited_record_keeps_the_quoting_of_its_other_fields(folder: Path) -> None:
    events = folder / "events.csv"
    header = ",".join(schema.COLUMN_NAMES)
    cells = new_row(event_id="q-1", source="reuters-2020-03-12-taji-retaliation")
    values = [
        '"' + cells.get(c, "") + '"' if c == "country" else cells.get(c, "")
        for c in schema.COLUMN_NAMES
    ]
    line = ",".join(values)
    events.write_bytes(f"{header}\n{line}\n".encode())
    append(
        folder,
        [],
        source=SOURCE,
        cite_in=["q-1"],
        set_cells={"q-1": {"notes": 'said "twice", then'}},
    )
    written = events.read_bytes().decode().splitlines()[1]
    assert ',"Iraq",' in written
    assert written.endswith(
        'reuters-2020-03-12-taji-retaliation;reuters-2020-03-14,"said ""twice"", then"'
    )


def test_citing_twice_does_not_repeat_the_source(folder: Path) -> None:
    events = folder / "events.csv"
    append(folder, [], source=SOURCE, cite_in=["2020-03-11-camp-taji-rockets"])
    once = events.read_bytes()
    result = append(folder, [], source=SOURCE, cite_in=["2020-03-11-camp-taji-rockets"])
    assert events.read_bytes() == once
    assert result.updated_ids == ("2020-03-11-camp-taji-rockets",)


def test_nothing_to_do_writes_nothing(folder: Path) -> None:
    events = folder / "events.csv"
    stat = events.stat()
    result = append(folder, [])
    assert result.added_ids == () and result.source_id is None
    assert events.stat().st_mtime_ns == stat.st_mtime_ns
    assert events.read_bytes() == BUNDLED_EVENTS


# -- rejected -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"rows": [new_row(event_type="Bombing")]},
            [(26, "event_type", "Bombing", Code.UNKNOWN_EVENT_TYPE)],
        ),
        (
            {"rows": [new_row(), new_row(event_date="2020-02-30")]},
            [(27, "event_date", "2020-02-30", Code.NO_SUCH_DAY)],
        ),
        (
            {"rows": [new_row(event_date="2027-01-01")]},
            [(26, "event_date", "2027-01-01", Code.FUTURE_DATE)],
        ),
        ({"rows": [new_row(longitude="")]}, [(26, "longitude", "", Code.HALF_COORDINATES)]),
        ({"rows": [new_row(actor1=" ")]}, [(26, "actor1", " ", Code.REQUIRED_BLANK)]),
        ({"rows": [new_row(fatalities="a few")]}, [(26, "fatalities", "a few", Code.NOT_A_COUNT)]),
        (
            {"rows": [new_row(event_id="has space")]},
            [(26, "event_id", "has space", Code.BAD_ID)],
        ),
        (
            {"rows": [new_row()], "source": SOURCE | {"url": "example.org"}},
            [(40, "url", "example.org", Code.BAD_URL)],
        ),
        (
            {"rows": [new_row()], "source": SOURCE | {"outlet": ""}},
            [(40, "outlet", "", Code.REQUIRED_BLANK)],
        ),
        (
            {"rows": [new_row()], "source": SOURCE | {"published": "March 14"}},
            [(40, "published", "March 14", Code.BAD_DATE)],
        ),
        (
            {"rows": [], "source": SOURCE, "cite_in": ["no-such-event"]},
            [(None, "event_id", "no-such-event", Code.UNKNOWN_EVENT)],
        ),
        (
            {"rows": [], "set_cells": {"2020-03-11-camp-taji-rockets": {"event_id": "renamed"}}},
            [(None, "event_id", "renamed", Code.BAD_ID)],
        ),
        (
            {"rows": [], "set_cells": {"2020-03-11-camp-taji-rockets": {"wounded": "many"}}},
            [(11, "wounded", "many", Code.NOT_A_COUNT)],
        ),
    ],
)
def test_invalid_input_is_rejected_and_nothing_is_written(folder: Path, kwargs, expected) -> None:
    kwargs.setdefault("source", SOURCE)
    with pytest.raises(AppendRejected) as caught:
        append(folder, **kwargs)
    got = [(p.row, p.column, p.value, p.code) for p in caught.value.problems]
    assert got == expected
    assert str(caught.value).startswith("nothing was added: ")
    assert (folder / "events.csv").read_bytes() == BUNDLED_EVENTS
    assert (folder / "sources.csv").read_bytes() == BUNDLED_SOURCES
    with pytest.raises(AppendRejected):
        download_files(folder / "events.csv", today=TODAY, **kwargs)


def test_rows_after_a_cut_off_record_are_rejected(folder: Path) -> None:
    events = folder / "events.csv"
    cut = BUNDLED_EVENTS + b'2021-07-01-x,2021-07-01,1,Battles,,,"Iran'
    events.write_bytes(cut)
    with pytest.raises(AppendRejected):
        append(folder, [new_row()], source=SOURCE)
    assert events.read_bytes() == cut


def test_bad_arguments_are_type_errors(folder: Path) -> None:
    with pytest.raises(TypeError, match="new row 1, column fatalities"):
        append(folder, [new_row(fatalities=3)], source=SOURCE)
    with pytest.raises(ValueError, match="give the source"):
        append(folder, [], cite_in=["2020-03-11-camp-taji-rockets"])
    with pytest.raises(TypeError, match="not one string"):
        append(folder, [], source=SOURCE, cite_in="2020-03-11-camp-taji-rockets")
    assert (folder / "events.csv").read_bytes() == BUNDLED_EVENTS


# -- sources.csv ----------------------------------------------------------------------


def test_a_missing_sources_csv_is_created(folder: Path) -> None:
    (folder / "sources.csv").unlink()
    header = ",".join(schema.COLUMN_NAMES)
    (folder / "events.csv").write_bytes(f"{header}\r\n".encode())
    result = append(folder, [new_row()], source=SOURCE)
    assert (folder / "sources.csv").read_bytes() == (
        b"source_id,outlet,title,published,url\r\n"
        b"reuters-2020-03-14,Reuters,Rockets hit Camp Taji again,2020-03-14,"
        b"https://example.org/taji\r\n"
    )
    assert result.sources_path == folder / "sources.csv"
    assert load_events(folder / "events.csv", today=TODAY).problems == []


def test_an_extra_source_field_becomes_a_column(folder: Path) -> None:
    append(folder, [new_row()], source=SOURCE | {"language": "en"})
    header, *rows = records((folder / "sources.csv").read_bytes())
    assert header == [*schema.SOURCE_COLUMNS, "language"]
    assert rows[-1][-1] == "en" and all(r[-1] == "" for r in rows[:-1])


# -- read-only ------------------------------------------------------------------------


def assert_refused(folder: Path, fragment: str) -> None:
    events = folder / "events.csv"
    reason = why_not_writable(events)
    assert reason is not None and fragment in reason
    before = (events.read_bytes(), (folder / "sources.csv").read_bytes())
    with pytest.raises(ReadOnlyEvents) as caught:
        append(folder, [new_row()], source=SOURCE)
    assert caught.value.reason == reason
    assert str(caught.value) == reason
    assert (events.read_bytes(), (folder / "sources.csv").read_bytes()) == before


def test_writable_by_default(folder: Path) -> None:
    assert why_not_writable(folder / "events.csv") is None


def test_read_only_by_setting(folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("EVENTS_READ_ONLY", "1")
    assert_refused(folder, "EVENTS_READ_ONLY is set")
    monkeypatch.setenv("EVENTS_READ_ONLY", "0")
    assert why_not_writable(folder / "events.csv") is None


def test_read_only_file(folder: Path) -> None:
    (folder / "events.csv").chmod(0o444)
    assert_refused(folder, "is read-only (permissions r--r--r--)")


def test_read_only_sources(folder: Path) -> None:
    (folder / "sources.csv").chmod(0o444)
    assert_refused(folder, "its sources.csv")


def test_read_only_folder(folder: Path) -> None:
    folder.chmod(0o555)
    try:
        assert_refused(folder, f"the folder {folder} is read-only")
    finally:
        folder.chmod(0o755)


def test_read_only_for_this_user(folder: Path, monkeypatch) -> None:
    """As a user who may not write it (root may write anything, so `os.access` is faked)."""
    events = (folder / "events.csv").resolve()
    real_access = os.access
    monkeypatch.setattr(
        "events.writable.os.access",
        lambda path, mode: False if Path(path) == events else real_access(path, mode),
    )
    assert_refused(folder, "is read-only for this user")


def test_a_write_refused_by_the_system_is_read_only(folder: Path, monkeypatch) -> None:
    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("events.append.write_bytes_atomic", refuse)
    with pytest.raises(ReadOnlyEvents, match="cannot be written: permission denied"):
        append(folder, [new_row()], source=SOURCE)
    assert (folder / "events.csv").read_bytes() == BUNDLED_EVENTS
    assert (folder / "sources.csv").read_bytes() == BUNDLED_SOURCES


def test_read_only_mount(folder: Path, monkeypatch) -> None:
    """A read-only mount refuses even root: `statvfs` says so, and so does a failing open."""

    class ReadOnlyFs:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr("events.writable.os.statvfs", lambda path: ReadOnlyFs())
    assert_refused(folder, "is on a read-only filesystem")
    monkeypatch.undo()

    def failing_open(path):
        raise OSError(30, "Read-only file system")  # EROFS

    monkeypatch.setattr("events.writable._open_for_writing", failing_open)
    assert_refused(folder, "is on a read-only filesystem")


def test_missing_file(tmp_path: Path) -> None:
    assert why_not_writable(tmp_path / "events.csv") == (
        f"the events file {tmp_path / 'events.csv'} does not exist"
    )
    with pytest.raises(ReadOnlyEvents):
        append_events(tmp_path / "events.csv", [new_row()], source=SOURCE)
    assert not (tmp_path / "events.csv").exists()


@pytest.mark.parametrize(
    ("encoding", "fragment"),
    [
        ("utf-16", "is in utf-16, not UTF-8"),
        ("utf-16-le", "is in utf-16-le, not UTF-8"),
        ("cp1252", "is in cp1252, not UTF-8"),
    ],
)
def test_a_file_not_in_utf8_is_refused(folder: Path, encoding: str, fragment: str) -> None:
    text = BUNDLED_EVENTS.decode().replace(
        "Kata'ib", "Kata’ib Ḥ" if encoding != "cp1252" else "Kataíb"
    )
    (folder / "events.csv").write_bytes(text.encode(encoding))
    assert_refused(folder, fragment)


def test_invalid_utf8_is_refused(folder: Path) -> None:
    (folder / "events.csv").write_bytes(codecs.BOM_UTF8 + BUNDLED_EVENTS + b"\xff\xfe,x\n")
    assert_refused(folder, "is not valid UTF-8")


def test_download_still_works_when_read_only(folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("EVENTS_READ_ONLY", "1")
    events, sources = download_files(folder / "events.csv", [new_row()], source=SOURCE, today=TODAY)
    assert records(events)[1][0] == "2020-03-14-camp-taji-rockets"
    assert records(sources)[1][0] == "reuters-2020-03-14"
    assert (folder / "events.csv").read_bytes() == BUNDLED_EVENTS


# -- download -------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["lf", "crlf-bom"])
def test_download_equals_what_append_writes(folder: Path, form: str) -> None:
    events = folder / "events.csv"
    if form == "crlf-bom":
        events.write_bytes(codecs.BOM_UTF8 + BUNDLED_EVENTS.replace(b"\n", b"\r\n"))
    kwargs = {
        "source": SOURCE,
        "cite_in": ["2020-03-11-camp-taji-rockets"],
        "set_cells": {"2020-01-03-baghdad-airport-drone-strike": {"notes": "checked"}},
        "today": TODAY,
    }
    rows = [new_row(), new_row(notes="with, a comma\nand a line")]
    down_events, down_sources = download_files(events, rows, **kwargs)
    before = events.read_bytes()
    append_events(events, rows, **kwargs)
    after = events.read_bytes()
    newline = b"\r\n" if form == "crlf-bom" else b"\n"
    bom = codecs.BOM_UTF8 if form == "crlf-bom" else b""
    header_end = after.index(newline) + len(newline)
    # The download is the header, the changed records and the new ones, byte for byte as written.
    old = set(before.split(newline))
    changed_and_new = [line for line in after[header_end:].split(newline) if line not in old]
    assert down_events.startswith(after[:header_end])
    assert down_events[header_end:].split(newline)[:-1] == [
        line for line in changed_and_new if line
    ]
    assert down_events.startswith(bom + b"event_id,")
    # The sources file is the bundled one (LF, no mark): the download is written its way.
    assert down_sources == (
        b"source_id,outlet,title,published,url\n"
        b"reuters-2020-03-14,Reuters,Rockets hit Camp Taji again,2020-03-14,"
        b"https://example.org/taji\n"
    )
    assert (folder / "sources.csv").read_bytes().endswith(down_sources.split(b"\n", 1)[1])
    # And it opens on its own: its rows load, citing the source in its sources file.
    (folder / "down").mkdir()
    (folder / "down" / "events.csv").write_bytes(down_events)
    (folder / "down" / "sources.csv").write_bytes(down_sources)
    loaded = load_events(folder / "down" / "events.csv", today=TODAY)
    assert len(loaded.events) == 4
    assert [p.code for p in loaded.problems if p.severity == "error"] == []


# -- concurrency ----------------------------------------------------------------------

WRITERS = 3
APPENDS = 10


@pytest.mark.slow
def test_concurrent_writers_all_land(folder: Path) -> None:
    events = folder / "events.csv"
    go = folder / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("EVENTS_READ_ONLY", None)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.append_writer",
                str(events),
                f"w{w}",
                str(APPENDS),
                str(go),
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
        )
        for w in range(WRITERS)
    ]
    wait_until_ready(procs, [ready_file(go, f"w{w}") for w in range(WRITERS)])
    go.touch()  # all start appending at once
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err.decode()
    loaded = load_events(events)
    assert loaded.errors == []
    assert len(loaded.events) == BUNDLED_COUNT + WRITERS * APPENDS * 2
    notes = list(loaded.events["notes"])
    for w in range(WRITERS):
        for a in range(APPENDS):
            for part in (0, 1):
                assert notes.count(f"writer w{w} append {a} row {part}") == 1
    ids = list(loaded.events["event_id"])
    assert len(ids) == len(set(ids))
    generated = [i for i in ids if i.startswith("2020-03-14-camp-taji-rockets")]
    assert len(generated) == WRITERS * APPENDS
    # Every writer cited one and the same new source: it is in sources.csv once.
    sources = (folder / "sources.csv").read_bytes()
    assert sources.startswith(BUNDLED_SOURCES)
    assert sources[len(BUNDLED_SOURCES) :].count(b"\n") == 1
    assert events.read_bytes().startswith(BUNDLED_EVENTS)


@pytest.mark.slow
def test_concurrent_threads_all_land(folder: Path) -> None:
    """The sessions of one app are threads of one process: the lock orders them too."""
    events = folder / "events.csv"
    threads, appends = 4, 5
    barrier = threading.Barrier(threads)
    failures: list[BaseException] = []

    def work(writer: str) -> None:
        barrier.wait()
        try:
            for a in range(appends):
                rows = [writer_row(writer, a, 0), writer_row(writer, a, 1)]
                append_events(events, rows, source=WRITERS_SOURCE, today=TODAY)
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    workers = [threading.Thread(target=work, args=(f"t{t}",)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert failures == []
    loaded = load_events(events, today=TODAY)
    assert loaded.errors == []
    notes = sorted(n for n in loaded.events["notes"] if n.startswith("writer t"))
    expected = sorted(
        f"writer t{t} append {a} row {p}"
        for t in range(threads)
        for a in range(appends)
        for p in (0, 1)
    )
    assert notes == expected


@pytest.mark.slow
def test_a_writer_waits_for_the_lock(folder: Path) -> None:
    """The lock, not luck, orders the writers: while it is held, nothing is written."""
    events = folder / "events.csv"
    go = folder / "go"
    fd = os.open(lock_path(events), os.O_RDONLY | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.append_writer", str(events), "w", "1", str(go)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        wait_until_ready([proc], [ready_file(go, "w")])
        go.touch()
        time.sleep(2.0)  # an append to the bundled file takes well under this
        assert proc.poll() is None
        assert events.read_bytes() == BUNDLED_EVENTS
    finally:
        os.close(fd)
    assert proc.wait(timeout=60) == 0
    assert len(load_events(events).events) == BUNDLED_COUNT + 2


def wait_until_ready(procs: list[subprocess.Popen], files: list[Path]) -> None:
    def all_ready() -> bool:
        ready = all(f.exists() for f in files)
        assert ready or all(p.poll() is None for p in procs), "a writer exited before it was ready"
        return ready

    poll(all_ready, timeout_s=120, what="the writers to start", every_s=0.01)


def test_a_linked_events_file_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "store" / "events.csv"
    real.parent.mkdir()
    real.write_bytes(BUNDLED_EVENTS)
    opened = tmp_path / "app" / "events.csv"
    opened.parent.mkdir()
    opened.symlink_to(real)
    (opened.parent / "sources.csv").write_bytes(BUNDLED_SOURCES)
    result = append_events(opened, [new_row()], source=SOURCE, today=TODAY)
    assert opened.is_symlink()
    assert real.read_bytes().startswith(BUNDLED_EVENTS) and len(real.read_bytes()) > len(
        BUNDLED_EVENTS
    )
    assert result.sources_path == opened.parent / "sources.csv"
    assert b"reuters-2020-03-14" in (opened.parent / "sources.csv").read_bytes()
    assert lock_path(opened) == real.parent / ".events.csv.lock"
