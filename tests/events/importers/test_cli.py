"""Telling formats apart, our own files through the same door, and `python -m events import`."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from events import load_events, schema
from events.__main__ import main
from events.importers import ACLED, OURS, UCDP, UnknownFormatError, detect_format, import_file
from tests.support import ROOT

TODAY = date(2026, 1, 1)
ACLED_ROWS = [
    ["event_id_cnty", "event_date", "event_type", "actor1", "country", "location", "source"],
    ["IRQ1", "11 March 2020", "Battles", "Islamic State", "Iraq", "Makhmur", "AFP"],
    ["IRQ2", "12 March 2020", "Riots/Protests", "Rioters", "Iraq", "Basra", "AFP"],
]


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (list(schema.COLUMN_NAMES), OURS),
        (["event_id", "event_date", "event_type", "actor1", "country", "location"], OURS),
        (["data_id", "iso", "event_id_cnty", "event_date", "event_type"], ACLED),
        (["EVENT_ID_CNTY", "EVENT_DATE", "EVENT_TYPE", "ACTOR1"], ACLED),
        (["\ufeffevent_date", "Inter1", "Assoc Actor 1", "location"], ACLED),
        (["id", "date_start", "date_end", "type_of_violence", "side_a"], UCDP),
        (["ID", "Date_start", "Side_A", "best_est"], UCDP),
        # our file written after a UCDP import keeps UCDP's columns as extras
        (["event_id", "event_date", "date_start", "type_of_violence"], OURS),
    ],
)
def test_the_header_tells_the_format(header, expected):
    assert detect_format(header) == expected


def test_an_unknown_header_names_the_columns_each_format_needs():
    with pytest.raises(UnknownFormatError) as caught:
        detect_format(["date", "place", "killed"])
    message = str(caught.value)
    assert "date, place, killed" in message
    for needed in ("event_id_cnty", "date_start", "type_of_violence", "event_id"):
        assert needed in message


def test_an_unknown_format_name_is_refused():
    with pytest.raises(UnknownFormatError, match="'icews' is not one of"):
        import_file(b"a,b\n1,2\n", format="icews")


def test_our_own_file_imports_exactly_as_the_loader_reads_it():
    loaded = load_events(ROOT / "data" / "events.csv", today=TODAY)
    imported = import_file(ROOT / "data" / "events.csv", today=TODAY)
    assert imported.format == OURS and imported.rows_read == len(loaded.events)
    assert imported.credit is None
    assert imported.sources is not None  # sources.csv beside it, as load_events finds it
    assert imported.problems == loaded.problems
    assert imported.events.equals(loaded.events)


def test_a_forced_format_overrides_the_header(tmp_path):
    path = write(tmp_path / "acled.csv", ACLED_ROWS)
    result = import_file(path, format="ours", today=TODAY)
    assert result.format == OURS and result.events.empty
    assert (1, "event_id") in {(p.row, p.column) for p in result.errors}


def test_cli_writes_our_schema_and_reports_rows_and_problems(tmp_path, capsys):
    path = write(tmp_path / "acled.csv", ACLED_ROWS)
    out = tmp_path / "ours.csv"
    assert main(["import", str(path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "ACLED export; 2 rows read, 1 imported, 1 rejected; 1 errors, 0 warnings" in printed
    assert "Riots/Protests" in printed and "EVENT_TYPE" not in printed
    header_line = printed.splitlines()[0]
    assert header_line.split() == ["row", "column", "value", "severity", "problem"]
    reread = load_events(out, today=TODAY)
    assert reread.problems == [] and list(reread.events["event_id"]) == ["IRQ1"]
    assert reread.events["event_date"].iloc[0].isoformat()[:10] == "2020-03-11"
    with open(out, encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    assert columns[: len(schema.COLUMN_NAMES)] == list(schema.COLUMN_NAMES)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_exits_1_and_writes_nothing_when_no_row_can_be_imported(tmp_path, capsys):
    path = write(tmp_path / "acled.csv", [ACLED_ROWS[0], ACLED_ROWS[2]])
    out = tmp_path / "ours.csv"
    assert main(["import", str(path), "--format", "acled", "-o", str(out)]) == 1
    assert not out.exists()
    assert "nothing could be imported" in capsys.readouterr().err


def test_cli_keeps_the_old_output_when_the_import_fails(tmp_path):
    out = tmp_path / "ours.csv"
    out.write_text("kept\n", encoding="utf-8")
    path = write(tmp_path / "notes.csv", [["date", "what"], ["2020-03-11", "x"]])
    assert main(["import", str(path), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_cli_exits_2_for_a_missing_file(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_check_still_works_as_before(capsys):
    assert main(["check", str(ROOT / "data" / "events.csv")]) == 0
    assert "24 rows, 24 valid, 0 rejected" in capsys.readouterr().out


@pytest.mark.slow
def test_the_module_runs_from_the_command_line(tmp_path):
    path = write(tmp_path / "acled.csv", ACLED_ROWS[:2])
    out = tmp_path / "ours.csv"
    done = subprocess.run(
        [sys.executable, "-m", "events", "import", str(path), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 rows read, 1 imported" in done.stdout
    assert io.StringIO(out.read_text(encoding="utf-8")).readline().startswith("event_id,")
