"""`python -m geo`: lookup, and resolve that fills a CSV without disturbing it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.csvfill import split_fields, split_records
from tests.support import ROOT

HEADER = "event_id,country,location,latitude,longitude,geo_precision,geo_source,notes,extra_col"
ROWS = [
    # 1: has coordinates: untouched even though its quoting is unusual
    '"e1","Iraq",Camp Taji,33.1,44.1,1,manual,"plain, ""quoted"" note",keep me',
    # 2: to fill; notes has an embedded newline; country quoted needlessly
    'e2,"Iraq",Camp Taji,,,,,"line one\nline two",x',
    # 3: to fill, geo_precision already set: kept
    "e3,Syria,near Albu Kamal,,,1,,,",
    # 4: cannot be resolved
    "e4,Iraq,Tell Qwertyuz,,,,,,y",
    # 5: half filled
    "e5,Iraq,Camp Taji,33.5,,,,,",
    # 6: unknown country
    "e6,Atlantis,Camp Taji,,,,,,",
]


def write_csv(path: Path, newline: str, rows=ROWS, bom: bool = False) -> bytes:
    text = newline.join([HEADER, *rows]) + newline
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    path.write_bytes(data)
    return data


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cache_file(tmp_path: Path) -> str:
    return str(tmp_path / "answers.json")


def test_lookup_prints_the_answer_and_its_source(capsys, cache_file):
    code, out, _ = run(capsys, "lookup", "Abu Kamal", "--country", "Syria", "--cache", cache_file)
    assert code == 0
    assert "Albu Kamal" in out and "gazetteer:albu-kamal" in out and "precision 1" in out


def test_lookup_json(capsys, cache_file):
    code, out, _ = run(capsys, "lookup", "near Albu Kamal", "--json", "--cache", cache_file)
    assert code == 0
    answer = json.loads(out)
    assert answer["provenance"] == "gazetteer:albu-kamal" and answer["precision"] == 2


def test_lookup_not_found_exits_1(capsys, cache_file):
    code, _, err = run(capsys, "lookup", "Tell Qwertyuz", "--cache", cache_file)
    assert code == 1 and "not found" in err and "--online" in err


def test_lookup_bad_country_exits_2(capsys, cache_file):
    code, _, err = run(
        capsys, "lookup", "Camp Taji", "--country", "Atlantis", "--cache", cache_file
    )
    assert code == 2 and "Atlantis" in err


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_resolve_fills_only_what_it_must(tmp_path, capsys, cache_file, newline):
    path = tmp_path / "events.csv"
    before = write_csv(path, newline)
    code, out, _ = run(capsys, "resolve", str(path), "--cache", cache_file)
    after = path.read_bytes()

    assert code == 1  # rows 4, 5, 6 are left unresolved
    old = split_records(before.decode())
    new = split_records(after.decode())
    assert len(old) == len(new)
    assert all(r.terminator == newline for r in new)  # line endings kept
    for index in (0, 1, 4, 5, 6):  # header and untouched rows: byte for byte
        assert new[index] == old[index]

    filled = split_fields(new[2].text)
    original = split_fields(old[2].text)
    assert filled[3:7] == ["33.52944", "44.27750", "1", "gazetteer:camp-taji"]
    assert filled[:3] == original[:3] and filled[7:] == original[7:]  # quoting kept
    assert '"line one' in new[2].text  # the embedded newline stays in its quoted cell

    third = split_fields(new[3].text)
    assert third[3:7] == ["34.45226", "40.91854", "1", "gazetteer:albu-kamal"]

    assert "could not resolve 3 row(s)" in out
    assert "'Tell Qwertyuz': no match" in out
    assert "only one of latitude/longitude" in out
    assert "Atlantis" in out
    assert "gazetteer:camp-taji" in out


def test_resolve_exit_0_when_everything_resolves(tmp_path, capsys, cache_file):
    path = tmp_path / "events.csv"
    write_csv(path, "\r\n", rows=ROWS[:3], bom=True)
    code, out, _ = run(capsys, "resolve", str(path), "--cache", cache_file)
    assert code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark survives
    assert b"gazetteer:camp-taji" in data and b"\r\n" in data
    assert "filled 2, unresolved 0" in out
    # A second run finds nothing to do and leaves the file alone.
    code, out, _ = run(capsys, "resolve", str(path), "--cache", cache_file)
    assert code == 0 and path.read_bytes() == data and "0 needed coordinates" in out


def test_resolve_dry_run_changes_nothing(tmp_path, capsys, cache_file):
    path = tmp_path / "events.csv"
    before = write_csv(path, "\n")
    code, out, _ = run(capsys, "resolve", str(path), "--dry-run", "--cache", cache_file)
    assert path.read_bytes() == before
    assert code == 1 and "would fill 2" in out


def test_resolve_names_missing_columns(tmp_path, capsys, cache_file):
    path = tmp_path / "events.csv"
    path.write_text("event_id,location\ne1,Camp Taji\n", encoding="utf-8")
    code, _, err = run(capsys, "resolve", str(path), "--cache", cache_file)
    assert code == 2 and "latitude" in err


def test_python_dash_m_geo(tmp_path):
    env = {**os.environ, "GEO_CACHE_PATH": str(tmp_path / "answers.json")}
    env.pop("GEO_ONLINE", None)
    done = subprocess.run(
        [sys.executable, "-m", "geo", "lookup", "Abu Kamal", "--country", "Syria"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "gazetteer:albu-kamal" in done.stdout


def test_precision_words_match_the_event_schema():
    from events.schema import GEO_PRECISION
    from geo.schema_text import PRECISION_WORDS

    assert PRECISION_WORDS == GEO_PRECISION
