"""Download an npm tarball, check it against its pinned integrity, extract chosen files.

Plain ``urllib`` against the registry's tarball URL, so installing the map's
assets needs neither node nor npm. The integrity string is the registry's own
``dist.integrity`` (Subresource Integrity format, ``sha512-<base64>``): a
tarball whose digest differs is refused before a single file is written.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from assets.manifest import DEFAULT_REGISTRY, Package

USER_AGENT = "conflict-map-assets/0.1 (+python urllib)"
DOWNLOAD_TIMEOUT_S = 60
_ALGORITHMS = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
_STRENGTH = ["sha256", "sha384", "sha512"]


class AssetFetchError(RuntimeError):
    """Downloading, verifying or extracting a package failed; the message says which and why."""


class IntegrityError(AssetFetchError):
    """The downloaded bytes do not match the pinned integrity."""


def registry_from_env(environ: dict[str, str] | None = None) -> str | None:
    """The registry npm itself would use, from ``npm_config_registry`` (either case)."""
    env = os.environ if environ is None else environ
    return env.get("npm_config_registry") or env.get("NPM_CONFIG_REGISTRY") or None


def tarball_url(package: Package, registry: str | None = None) -> str:
    """The pinned tarball URL, moved onto ``registry`` when one is configured.

    A mirror serves the same paths as the public registry, so only the prefix
    changes; the integrity check makes the mirror trustworthy either way.
    """
    if not registry:
        return package.tarball
    default = DEFAULT_REGISTRY.rstrip("/") + "/"
    if not package.tarball.startswith(default):
        raise AssetFetchError(
            f"{package.folder}: tarball {package.tarball!r} is not on {default}, "
            "so it cannot be moved to another registry"
        )
    return registry.rstrip("/") + "/" + package.tarball[len(default) :]


def sri_digest(data: bytes, algorithm: str = "sha512") -> str:
    digest = _ALGORITHMS[algorithm](data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def verify_integrity(data: bytes, integrity: str, what: str) -> None:
    """Raise IntegrityError unless ``data`` matches the strongest hash in ``integrity``.

    SRI allows several space-separated hashes; browsers check the strongest
    algorithm present, and so does this.
    """
    candidates: dict[str, list[str]] = {}
    for token in integrity.split():
        algorithm, _, _ = token.partition("-")
        if algorithm in _ALGORITHMS:
            candidates.setdefault(algorithm, []).append(token.split("?")[0])
    if not candidates:
        raise IntegrityError(f"{what}: no sha256/384/512 hash in integrity {integrity!r}")
    strongest = max(candidates, key=_STRENGTH.index)
    actual = sri_digest(data, strongest)
    if not any(hmac.compare_digest(actual, expected) for expected in candidates[strongest]):
        raise IntegrityError(
            f"{what}: integrity mismatch, refusing it. expected {candidates[strongest][0]}, "
            f"got {actual} ({len(data)} bytes)"
        )


def download(url: str, what: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise AssetFetchError(f"{what}: GET {url} answered HTTP {err.code} {err.reason}") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise AssetFetchError(f"{what}: GET {url} failed: {reason}") from err


def extract_files(tarball: bytes, package: Package, destination: Path) -> list[Path]:
    """Write the package's listed files into ``destination``, replacing it as a whole.

    Files are written to a temporary sibling folder first and renamed into
    place, so an interrupted run never leaves half a package behind.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server may run as another user
    try:
        try:
            archive = tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz")  # noqa: SIM115
        except (tarfile.TarError, OSError) as err:
            raise AssetFetchError(f"{package.folder}: not a gzip tarball: {err}") from err
        with archive:  # opened outside `with` so a bad gzip gets its own message
            written = []
            for member_name, relative in package.files.items():
                try:
                    member = archive.getmember(member_name)
                except KeyError as err:
                    raise AssetFetchError(
                        f"{package.folder}: tarball has no file {member_name!r}"
                    ) from err
                source = archive.extractfile(member) if member.isfile() else None
                if source is None:
                    raise AssetFetchError(
                        f"{package.folder}: {member_name!r} in the tarball is not a regular file"
                    )
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read())
                written.append(destination / relative)
        if destination.exists():
            shutil.rmtree(destination)
        staging.rename(destination)
        return written
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def install_package(package: Package, vendor_dir: Path, registry: str | None = None) -> list[Path]:
    """Download, verify and extract one package into ``vendor_dir/<name>@<version>``."""
    url = tarball_url(package, registry)
    data = download(url, package.folder)
    verify_integrity(data, package.integrity, package.folder)
    return extract_files(data, package, vendor_dir / package.folder)
