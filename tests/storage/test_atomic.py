"""Every file the project writes survives its writer being killed at any moment.

Each writer runs for real in a subprocess and gets SIGKILL at a random moment:
half of the kills anywhere in its run, half just after its temp file appears
(so during the write, the fsync or the rename). After each kill the file must
be byte for byte what it was before or exactly the complete new content; the
new content itself keeps every row and column the writer does not understand.

Writers: `python -m geo resolve` (fills coordinates in an events CSV), the
geocode answer cache, and `python -m events import -o`.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.synthetic import generate
from events import load_events
from geo.cache import GeocodeCache
from storage.atomic import remove_abandoned_temp_files, write_bytes_atomic
from tests.support import ROOT

PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "GEO_ONLINE": ""}


def temp_files(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


class Writer:
    """Run a command that rewrites `target`; kill it at random moments and say what was left."""

    def __init__(self, command: list[str], target: Path, rng: random.Random) -> None:
        self.command = command
        self.target = target
        self.rng = rng
        self.run_s = 0.0  # a whole run, measured by `calibrate`
        self.write_s = 0.0  # from the temp file appearing to the end of the run

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def calibrate(self) -> None:
        started = time.monotonic()
        process = self.start()
        seen_temp = None
        while process.poll() is None:
            if seen_temp is None and temp_files(self.target):
                seen_temp = time.monotonic()
            time.sleep(0.0005)
        ended = time.monotonic()
        assert process.returncode in (0, 1), f"{self.command} exited {process.returncode}"
        self.run_s = ended - started
        self.write_s = ended - (seen_temp or ended)

    def run_and_kill(self, during_write: bool) -> str:
        """Start, kill at a random moment; return 'killed' or 'finished' (it was quicker)."""
        process = self.start()
        if during_write:
            deadline = time.monotonic() + 10 * self.run_s + 5
            while process.poll() is None and not temp_files(self.target):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.0002)
            if self.rng.random() < 0.5:  # else kill at once: inside the write itself
                time.sleep(self.rng.uniform(0, max(self.write_s, 0.002)))
        else:
            time.sleep(self.rng.uniform(0, self.run_s))
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return "finished" if finished else "killed"


def kill_repeatedly(writer: Writer, old: bytes, new: bytes, times: int, restore) -> dict[str, int]:
    outcomes = {"old": 0, "new": 0, "killed": 0, "killed mid-write": 0}
    for attempt in range(times):
        restore()
        result = writer.run_and_kill(during_write=attempt % 2 == 1)
        outcomes["killed"] += result == "killed"
        left = temp_files(writer.target)
        outcomes["killed mid-write"] += bool(left)
        for temp in left:
            temp.unlink()
        content = writer.target.read_bytes()
        assert content in (old, new), (
            f"attempt {attempt} ({result}): the file is neither the old nor the new content "
            f"({len(content)} bytes; old {len(old)}, new {len(new)})"
        )
        outcomes["old" if content == old else "new"] += 1
    return outcomes


# --------------------------------------------------------------------------
# python -m geo resolve
# --------------------------------------------------------------------------


@pytest.fixture
def events_to_resolve(tmp_path) -> tuple[Path, bytes]:
    """8,000 events, every other one without coordinates, an unknown column, odd rows."""
    frame = generate(8_000, seed=3)
    blank = frame.index % 2 == 0
    frame.loc[blank, ["latitude", "longitude", "geo_source", "geo_precision"]] = ""
    frame["analyst_flag"] = ["check, twice\nthen again" if i % 97 == 0 else "" for i in frame.index]
    frame.loc[5, "event_date"] = "not a date"  # a row the validator rejects: kept as it is
    path = tmp_path / "events.csv"
    text = frame.to_csv(index=False, lineterminator="\r\n")
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path, path.read_bytes()


@pytest.mark.slow
def test_geo_resolve_killed_at_any_moment_leaves_old_or_new(events_to_resolve, tmp_path):
    path, old = events_to_resolve
    rng = random.Random(20200311)
    writer = Writer(
        [PYTHON, "-m", "geo", "resolve", str(path), "--cache", str(tmp_path / "c.json")],
        path,
        rng,
    )
    writer.calibrate()
    new = path.read_bytes()
    assert new != old

    before = load_events(old)
    after = load_events(new)
    assert list(after.events.columns) == list(before.events.columns)
    assert len(after.events) == len(before.events) and len(after.rejected) == len(before.rejected)
    assert after.events["latitude"].notna().all(), "every gazetteer place was filled"
    kept = [c for c in before.events.columns if c not in ("latitude", "longitude", "geo_source")]
    kept.remove("geo_precision")
    pd.testing.assert_frame_equal(after.events[kept], before.events[kept])
    assert old.startswith("\ufeff".encode()) == new.startswith("\ufeff".encode())
    assert new.count(b"\r\n") == old.count(b"\r\n")

    outcomes = kill_repeatedly(writer, old, new, 30, lambda: path.write_bytes(old))
    assert outcomes["killed"] >= 1, outcomes
    print(f"geo resolve: {outcomes}, run {writer.run_s:.2f} s, write {writer.write_s:.3f} s")


# --------------------------------------------------------------------------
# the geocode answer cache
# --------------------------------------------------------------------------

CACHE_WRITER = """
import sys
from geo.cache import GeocodeCache
from geo.place import Place
cache = GeocodeCache(sys.argv[1])
for i in range(int(sys.argv[2])):
    place = Place(f"Place {i}", 33.0 + i / 1e4, 44.0, "IQ", "village", 1, f"nominatim:node/{i}")
    cache.put(f"new place {i:05d}|IQ", place if i % 3 else None, source="nominatim")
"""


@pytest.mark.slow
def test_the_geocode_cache_killed_at_any_moment_keeps_every_entry(tmp_path):
    path = tmp_path / "geocode-cache.json"
    cache = GeocodeCache(path)
    for i in range(1000):
        cache.put(f"old place {i:05d}|SY", None, source="nominatim")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["note"] = "written by a newer version"
    document["entries"]["old place 00000|SY"]["reviewed_by"] = "an analyst"
    path.write_text(json.dumps(document), encoding="utf-8")
    old = path.read_bytes()
    old_entries = document["entries"]

    rng = random.Random(20200107)
    writer = Writer([PYTHON, "-c", CACHE_WRITER, str(path), "20"], path, rng)
    kills = mid_write = 0
    for attempt in range(21):
        path.write_bytes(old)
        if attempt == 0:
            writer.calibrate()
            continue
        kills += writer.run_and_kill(during_write=attempt % 2 == 1) == "killed"
        for temp in temp_files(path):
            assert temp.name.startswith(".")
            temp.unlink()
            mid_write += 1
        now = json.loads(path.read_text(encoding="utf-8"))  # parses: never half written
        assert now["note"] == "written by a newer version"
        for key, record in old_entries.items():
            assert now["entries"][key] == record, key
        added = sorted(k for k in now["entries"] if k.startswith("new place"))
        assert added == [f"new place {i:05d}|IQ" for i in range(len(added))]
        assert len(GeocodeCache(path)) == len(old_entries) + len(added)
    assert kills >= 1
    print(f"geocode cache: {kills} kills, {mid_write} mid-write, run {writer.run_s:.2f} s")


# --------------------------------------------------------------------------
# python -m events import -o
# --------------------------------------------------------------------------


@pytest.mark.slow
def test_events_import_killed_at_any_moment_leaves_old_or_new(tmp_path):
    source = tmp_path / "incoming.csv"
    frame = generate(8_000, seed=5)
    frame["extra_column"] = "kept"
    frame.to_csv(source, index=False)
    output = tmp_path / "events.csv"
    output.write_bytes((ROOT / "data" / "events.csv").read_bytes())
    old = output.read_bytes()

    writer = Writer(
        [PYTHON, "-m", "events", "import", str(source), "-o", str(output)],
        output,
        random.Random(20191227),
    )
    writer.calibrate()
    new = output.read_bytes()
    imported = load_events(new).events
    assert len(imported) == 8_000 and set(imported["extra_column"]) == {"kept"}

    outcomes = kill_repeatedly(writer, old, new, 16, lambda: output.write_bytes(old))
    assert outcomes["killed"] >= 1, outcomes
    print(f"events import: {outcomes}, run {writer.run_s:.2f} s, write {writer.write_s:.3f} s")


# --------------------------------------------------------------------------
# the atomic write itself
# --------------------------------------------------------------------------


def test_abandoned_temp_files_are_removed_by_the_next_write_and_fresh_ones_kept(tmp_path):
    target = tmp_path / "events.csv"
    target.write_bytes(b"old")
    abandoned = tmp_path / ".events.csv.abc123.tmp"
    abandoned.write_bytes(b"half a file")
    hour_ago = time.time() - 2 * 3600
    os.utime(abandoned, (hour_ago, hour_ago))
    in_progress = tmp_path / ".events.csv.def456.tmp"
    in_progress.write_bytes(b"another writer, still writing")
    unrelated = tmp_path / ".other.csv.abc.tmp"
    unrelated.write_bytes(b"not ours")
    os.utime(unrelated, (hour_ago, hour_ago))

    write_bytes_atomic(target, b"new")

    assert target.read_bytes() == b"new"
    assert not abandoned.exists()
    assert in_progress.exists() and unrelated.exists()
    assert remove_abandoned_temp_files(target) == []


def test_a_symbolic_link_is_followed_not_replaced(tmp_path):
    real = tmp_path / "shared" / "events.csv"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "events.csv"
    link.symlink_to(real)
    write_bytes_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_new_file_gets_the_usual_mode_and_an_old_file_keeps_its_own(tmp_path):
    umask = os.umask(0o027)
    try:
        write_bytes_atomic(tmp_path / "new.csv", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.csv"
    kept.write_bytes(b"x")
    kept.chmod(0o604)
    write_bytes_atomic(kept, b"y")
    assert kept.stat().st_mode & 0o777 == 0o604
