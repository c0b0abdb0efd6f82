"""The map's runtime assets are committed: the repository alone draws the map.

A deploy that only clones and runs `pip install -r requirements.txt`
(Streamlit Community Cloud) never runs `make assets`, so Leaflet and the
basemap must be in git, byte for byte what the pinned manifest builds. The
lock (assets/static.lock.json) ties them together: it records the build's
inputs (the manifest and the build code) and each file's sha256.
"""

from __future__ import annotations

import json
import subprocess

from assets import fetch
from assets.manifest import load_manifest
from components.map import assets as map_assets
from tests.support import ROOT


def committed(*paths: str) -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *paths], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return set(listed)


def committed_bytes(path: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"HEAD:{path}"], cwd=ROOT, capture_output=True, check=True
    ).stdout


def test_lock_is_built_from_the_current_manifest_and_build_code():
    lock = json.loads(fetch.DEFAULT_LOCK_PATH.read_text(encoding="utf-8"))
    stamp = json.loads(fetch.stamp_text(load_manifest()))
    assert lock["inputs_sha256"] == stamp["inputs_sha256"], (
        "assets/manifest.json or the basemap build changed: run `python -m assets.fetch --force` "
        "and commit static/ and assets/static.lock.json"
    )
    assert lock["packages"] == stamp["packages"]
    assert sorted(lock["files"]) == sorted(fetch.runtime_files(load_manifest()))


def test_every_served_file_is_committed_and_matches_the_lock():
    lock = json.loads(committed_bytes("assets/static.lock.json"))
    tracked = committed("static/vendor", "static/basemap")
    assert tracked == {f"static/{name}" for name in lock["files"]}
    for name, digest in lock["files"].items():
        data = committed_bytes(f"static/{name}")
        assert fetch.hashlib.sha256(data).hexdigest() == digest, f"static/{name}"


def test_the_map_finds_everything_it_serves_in_the_committed_tree():
    tracked = committed("static")
    missing = [name for name in map_assets.served_files() if f"static/{name}" not in tracked]
    assert missing == []


def test_licences_ship_with_the_assets():
    tracked = committed("static")
    assert "static/vendor/leaflet@1.9.3/LICENSE" in tracked
    leaflet = committed_bytes("static/vendor/leaflet@1.9.3/LICENSE").decode()
    assert "Redistribution and use in source and binary forms" in leaflet  # BSD-2-Clause
    notice = committed_bytes("static/basemap/NOTICE.txt").decode()
    assert "Natural Earth" in notice and "public domain" in notice
    assert "GeoNames" in notice and "CC BY 4.0" in notice


def test_nothing_hidden_is_served_from_static():
    """Everything under static/ is served at /app/static/: no stamp or lock may live there."""
    hidden = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "static").rglob(".*")
        if path.is_file()
    ]
    assert hidden == []
    assert not fetch.lock_path(ROOT / "static").is_relative_to(ROOT / "static")


def test_a_changed_file_is_named_and_refetched(tmp_path):
    """A lock mismatch is not "up to date": `make assets` rebuilds instead of trusting the files."""
    static = tmp_path / "static"
    manifest = load_manifest()
    for name in fetch.runtime_files(manifest):
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        (static / name).write_bytes((ROOT / "static" / name).read_bytes())
    lock_file = fetch.lock_path(static)
    lock_file.write_text(fetch.lock_text(manifest, static), encoding="utf-8")
    assert fetch.is_up_to_date(manifest, static)
    (static / "vendor/leaflet@1.9.3/leaflet.js").write_text("evil()", encoding="utf-8")
    problems = fetch.lock_problems(manifest, static)
    assert problems == [
        f"{static / 'vendor/leaflet@1.9.3/leaflet.js'} differs from its sha256 in {lock_file}"
    ]
    assert not fetch.is_up_to_date(manifest, static)
