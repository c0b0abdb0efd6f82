"""Install the map's browser assets and build its offline basemap.

    python -m assets.fetch            # or: python assets/fetch.py
    python -m assets.fetch --force    # download and rebuild even if up to date

Downloads the npm tarballs pinned in ``assets/manifest.json`` (from
``npm_config_registry`` when set, else the public registry), refuses any whose
sha512 differs from the pinned integrity, extracts the listed files into
``static/vendor/<name>@<version>/`` and builds ``static/basemap/*.geojson``.
A stamp file records what was installed, so a second run with nothing changed
returns at once. Exits non-zero with a one-line reason on any failure.
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
STAMP_NAME = ".stamp-assets"
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
    stamp = static_dir / STAMP_NAME
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != stamp_text(manifest):
        return False
    return all(path.is_file() for path in expected_files(manifest, static_dir))


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
        out(f"map assets up to date in {static_dir} (stamp {STAMP_NAME}); --force to redo")
        return False
    stamp = static_dir / STAMP_NAME
    stamp.unlink(missing_ok=True)
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
    stamp.write_text(stamp_text(manifest), encoding="utf-8")
    return True


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
    args = parser.parse_args(argv)
    try:
        manifest = load_manifest(args.manifest)
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
