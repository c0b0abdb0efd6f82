"""Read ``assets/manifest.json``: which npm packages the map needs, pinned, and what to take.

One file decides the versions, so the installer, the app's asset check and
folium's script tags cannot disagree about where Leaflet lives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST_PATH = Path(__file__).with_name("manifest.json")
DEFAULT_REGISTRY = "https://registry.npmjs.org"


class ManifestError(ValueError):
    """The manifest is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Package:
    """One npm package version and the files taken from its tarball."""

    name: str
    version: str
    tarball: str
    integrity: str
    # path inside the tarball -> path under static/vendor/<name>@<version>/
    files: dict[str, str]
    browser_js: tuple[str, ...] = ()
    browser_css: tuple[str, ...] = ()

    @property
    def folder(self) -> str:
        """Folder name under static/vendor; the version in it keeps browser caches honest."""
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class Manifest:
    path: Path
    registry: str
    packages: tuple[Package, ...]
    basemap: dict[str, Any] = field(default_factory=dict)

    def package(self, name: str) -> Package:
        for package in self.packages:
            if package.name == name:
                return package
        raise ManifestError(f"{self.path}: no package named {name!r}")


def _require(entry: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or (isinstance(value, str | dict | list) and not value):
        raise ManifestError(f"{where}: {key!r} must be a non-empty {kind.__name__}, got {value!r}")
    return value


def _safe_relative(path: str, where: str) -> str:
    """Refuse paths that would write outside the package folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ManifestError(f"{where}: unsafe destination path {path!r}")
    return str(pure)


def _package(entry: Any, where: str) -> Package:
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: expected an object, got {entry!r}")
    name = _require(entry, "name", str, where)
    where = f"{where} ({name})"
    version = _require(entry, "version", str, where)
    integrity = _require(entry, "integrity", str, where)
    if not integrity.startswith(("sha512-", "sha384-", "sha256-")):
        raise ManifestError(f"{where}: integrity must be SRI sha256/384/512, got {integrity!r}")
    files = _require(entry, "files", dict, where)
    files = {str(src): _safe_relative(str(dst), where) for src, dst in files.items()}
    browser_js = tuple(entry.get("browser_js", ()))
    browser_css = tuple(entry.get("browser_css", ()))
    for listed in browser_js + browser_css:
        if listed not in files.values():
            raise ManifestError(f"{where}: browser file {listed!r} is not among its files")
    return Package(
        name=name,
        version=version,
        tarball=_require(entry, "tarball", str, where),
        integrity=integrity,
        files=files,
        browser_js=browser_js,
        browser_css=browser_css,
    )


def parse_manifest(data: Any, path: Path) -> Manifest:
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: expected a JSON object at the top")
    packages = data.get("packages")
    if not isinstance(packages, list) or not packages:
        raise ManifestError(f"{path}: 'packages' must be a non-empty list")
    parsed = tuple(_package(entry, f"{path}: packages[{i}]") for i, entry in enumerate(packages))
    names = [p.name for p in parsed]
    if len(set(names)) != len(names):
        raise ManifestError(f"{path}: package names repeat: {names}")
    basemap = data.get("basemap") or {}
    if not isinstance(basemap, dict):
        raise ManifestError(f"{path}: 'basemap' must be an object")
    return Manifest(
        path=path,
        registry=str(data.get("registry") or DEFAULT_REGISTRY),
        packages=parsed,
        basemap=basemap,
    )


def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ManifestError(f"{path}: not valid JSON: {err}") from err
    return parse_manifest(data, path)
