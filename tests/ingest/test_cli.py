"""`python -m ingest`: exit codes, and output the events loader accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from events import ERROR, load_events
from ingest.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
REPORT = """U.S. strikes hit militia sites

U.S. aircraft struck militia depots in Jurf al-Sakhar and Karbala on Thursday, the Pentagon said.
The strikes killed five fighters, a militia spokesman said.
"""


def test_writes_candidates_that_load_as_events(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "candidates.csv"
    code = main([str(report), "--published", "2020-03-13", "--outlet", "Reuters", "-o", str(out)])
    assert code == 0
    result = load_events(out)
    assert not [p for p in result.problems if p.severity == ERROR]
    assert len(result.events) == 2
    assert set(result.events["source"]) == {"reuters-2020-03-13-report"}
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-2:] == ["background", "evidence"]


def test_exit_1_when_there_is_nothing_to_write(tmp_path, capsys):
    report = tmp_path / "weather.txt"
    report.write_text("The weather in Baghdad was fine on Monday.", encoding="utf-8")
    assert main([str(report), "--published", "2020-03-13", "-o", str(tmp_path / "c.csv")]) == 1
    assert "no candidate events" in capsys.readouterr().err
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No such file"),
        (b"\xff\xfe\x00rockets", "NUL bytes"),
        (b"caf\xe9 rockets", "not UTF-8"),
    ],
)
def test_exit_2_when_the_report_cannot_be_read(tmp_path, capsys, content, expected):
    report = tmp_path / "report.txt"
    if content is not None:
        report.write_bytes(content)
    assert main([str(report), "--published", "2020-03-13", "-o", str(tmp_path / "c.csv")]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(report) in err


@pytest.mark.slow
def test_a_bad_publication_date_is_refused_by_name(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "ingest", "r.txt", "--published", "12/03/2020", "-o", "c.csv"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "--published" in completed.stderr and "YYYY-MM-DD" in completed.stderr


@pytest.mark.slow
def test_events_check_accepts_the_output(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "candidates.csv"
    assert main([str(report), "--published", "2020-03-13", "-o", str(out)]) == 0
    completed = subprocess.run(
        [sys.executable, "-m", "events", "check", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "0 errors" in completed.stdout, completed.stdout


def test_held_candidates_are_written_to_their_own_file_when_asked(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text(
        "U.S. aircraft struck militia depots in Jurf al-Sakhar on Thursday, the Pentagon said.\n"
        "Separately, a roadside bomb hit a convoy on Friday, killing two soldiers.\n",
        encoding="utf-8",
    )
    out, held = tmp_path / "candidates.csv", tmp_path / "held.csv"
    args = [str(report), "--published", "2020-03-14", "-o", str(out)]
    assert main(args) == 0
    assert "needs review, not written" in capsys.readouterr().err
    assert not held.exists()

    assert main([*args, "--held", str(held)]) == 0
    assert f"needs review, written to {held}" in capsys.readouterr().err
    written = load_events(out).events
    kept = held.read_text(encoding="utf-8").splitlines()
    assert len(written) == 1 and written["location"].iloc[0] == "Jurf al-Sakhar"
    assert kept[0] == out.read_text(encoding="utf-8").splitlines()[0]  # the same columns
    assert len(kept) == 2 and "Remote explosive/landmine/IED" in kept[1]
