"""Hostile files and links, below the dashboard: what each must not be able to do.

Each test names what it protects: an export that reads back as more records
than it holds, a file whose width costs minutes, a link below the map's
zoom, a binary file taken for a CSV, a direction override that runs on over
a citation.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import time
from datetime import date

import pytest

from events import Code, load_events
from events.csvfile import MAX_COLUMNS
from events.errors import EventsError
from events.export import acled_csv, citation_line, events_csv, geojson_bytes, sources_summary
from events.importers import import_file
from events.links import MIN_ZOOM, from_query_params
from events.view import Vocabulary
from tests.support import DATA

TODAY = date(2026, 1, 1)
EXPORTS = {"ours": events_csv, "acled": acled_csv}
LINE_BREAKS = ["x\r=1+1", "x\r\n@SUM(1+1)", "x\n\t=cmd|' /C calc'!A0", "a\r\r+b", "\r-2+3"]


@pytest.fixture(scope="module")
def bundled():
    return load_events(DATA / "events.csv", today=TODAY)


def records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def still_open(text: str) -> str:
    """The direction embeddings ("e") and isolates ("i") still open at the end of `text`."""
    open_: list[str] = []
    for char in text:
        if char in "\u202a\u202b\u202d\u202e":
            open_.append("e")
        elif char in "\u2066\u2067\u2068":
            open_.append("i")
        elif char == "\u202c" and open_ and open_[-1] == "e":
            open_.pop()
        elif char == "\u2069" and "i" in open_:
            while open_.pop() != "i":
                pass
    return "".join(open_)


# -- CSV exports: a line break in a cell -----------------------------------------------


@pytest.mark.parametrize("export", EXPORTS, ids=list(EXPORTS))
@pytest.mark.parametrize("note", LINE_BREAKS)
def test_a_line_break_in_a_cell_cannot_split_an_exported_record(bundled, export, note):
    events = bundled.events.head(3).copy()
    events.loc[1, "notes"] = note
    plain = records(EXPORTS[export](events, neutralise_formulas=False))
    assert len(plain) == 1 + len(events)  # the header and one record per event
    assert plain[2][plain[0].index("notes")] == note
    safe = records(EXPORTS[export](events))
    assert len(safe) == 1 + len(events)


@pytest.mark.parametrize("export", EXPORTS, ids=list(EXPORTS))
def test_no_line_of_an_exported_file_starts_like_a_formula(bundled, export):
    events = bundled.events.head(len(LINE_BREAKS)).copy()
    events["notes"] = LINE_BREAKS
    text = EXPORTS[export](events).decode("utf-8")
    starts = [line[:1] for line in re.split(r"\r\n|\r|\n", text)]
    assert not [s for s in starts if s in ("=", "+", "-", "@", "\t")], starts


def test_an_exported_file_with_line_breaks_reimports_to_the_same_notes(bundled, tmp_path):
    events = bundled.events.head(len(LINE_BREAKS)).copy()
    events["notes"] = LINE_BREAKS
    path = tmp_path / "events.csv"
    path.write_bytes(events_csv(events, neutralise_formulas=False))
    again = load_events(path, sources_path=DATA / "sources.csv", today=TODAY)
    assert list(again.events["notes"]) == [n.strip() for n in LINE_BREAKS]


# -- a file of very many columns ------------------------------------------------------


def wide_file(extra_columns: int, blank_actor: bool = True) -> bytes:
    lines = (DATA / "events.csv").read_text(encoding="utf-8").splitlines()[:6]
    header = lines[0] + "," + ",".join(f"x{i}" for i in range(extra_columns))
    rows = [line + ", kept " + "," * (extra_columns - 1) for line in lines[1:]]
    if blank_actor:
        actor = lines[0].split(",").index("actor1")
        fields = next(csv.reader([rows[0]]))
        fields[actor] = ""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(fields)
        rows[0] = buffer.getvalue()
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("careful", [False, True], ids=["fast-reader", "careful-reader"])
def test_a_file_of_many_columns_is_read_in_seconds_and_says_what_was_left_out(careful):
    data = wide_file(20_000)
    if careful:
        data = data.replace(b"x0,", "\u00e9x0,".encode("cp1252"), 1)  # not UTF-8: careful reader
    started = time.perf_counter()
    result = load_events(data, today=TODAY)
    elapsed = time.perf_counter() - started
    assert elapsed < 8, f"{elapsed:.1f} s for 20,000 columns"  # 28 s when quadratic
    [limit] = [p for p in result.problems if p.code == Code.TOO_MANY_COLUMNS]
    width = data.split(b"\n", 1)[0].count(b",") + 1
    assert f"{width:,} columns" in limit.message and f"first {MAX_COLUMNS:,}" in limit.message
    # The file's other problems are still found, and its events still read.
    assert any(p.code == Code.REQUIRED_BLANK and p.column == "actor1" for p in result.problems)
    assert len(result.events) == 4
    assert len(result.events.columns) <= MAX_COLUMNS + 1


def test_extra_columns_under_the_limit_are_kept_stripped_with_blanks_missing():
    data = wide_file(50, blank_actor=False)
    result = load_events(data, today=TODAY)
    assert not [p for p in result.problems if p.code == Code.TOO_MANY_COLUMNS]
    assert result.events.loc[0, "x0"] == "kept"
    assert result.events["x49"].isna().all()


# -- responds_to naming one event twice -------------------------------------------------


def test_a_repeated_responds_to_id_is_one_warning(bundled):
    text = (DATA / "events.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[1]["responds_to"] = f"{rows[0]['event_id']};{rows[0]['event_id']}"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = load_events(buffer.getvalue().encode("utf-8"), today=TODAY)
    repeated = [p for p in result.problems if p.code == Code.REPEATED_RESPONSE]
    assert [(p.row, p.value, p.severity) for p in repeated] == [(3, rows[0]["event_id"], "warning")]
    assert len(result.events) == len(rows)


# -- links ---------------------------------------------------------------------------


def test_a_link_cannot_zoom_out_past_the_map():
    from components.map.assembly import MIN_ZOOM as MAP_MIN_ZOOM

    assert MIN_ZOOM == MAP_MIN_ZOOM
    view, notices = from_query_params({"zoom": "1"}, Vocabulary())
    assert view.zoom is None and "zoom" in str(notices[0])
    view, notices = from_query_params({"zoom": str(MAP_MIN_ZOOM)}, Vocabulary())
    assert view.zoom == MAP_MIN_ZOOM and not notices


# -- binary files --------------------------------------------------------------------


def test_random_binary_is_reported_as_not_a_text_file():
    data = random.Random(14).randbytes(20_000).replace(b"\x00", b"\x01")
    with pytest.raises(EventsError, match="not a text file"):
        import_file(data, today=TODAY)


# -- direction overrides in citations -------------------------------------------------


RLO_OUTLET = "\u202eevil outlet"  # an override its text never closes


def citation_with_override(bundled) -> str:
    events = bundled.events.head(2).copy()
    events["source"] = "src-x"
    sources = bundled.sources.head(0).copy()
    sources.loc[0, ["source_id", "outlet"]] = ["src-x", RLO_OUTLET]
    return citation_line("2 of 2 events", sources_summary(events, sources), TODAY)


def test_an_override_in_an_outlet_cannot_reverse_the_citation_line(bundled):
    line = citation_with_override(bundled)
    name_ends = line.index("outlet") + len("outlet")
    assert "e" in still_open(line[:name_ends])  # the override works on its own name...
    assert "e" not in still_open(line[: line.index(" (2 events)")])  # ...and ends with it
    assert still_open(line) == ""
    assert still_open(citation_line(RLO_OUTLET, RLO_OUTLET, TODAY, title=RLO_OUTLET)) == ""


def test_an_override_in_a_citation_is_fenced_in_the_geojson(bundled):
    data = geojson_bytes(bundled.events.head(1), citation="Sources: " + RLO_OUTLET + ".")
    citation = json.loads(data)["citation"]
    assert still_open(citation) == ""
    assert citation.startswith("\u2068Sources: \u202eevil outlet.")
