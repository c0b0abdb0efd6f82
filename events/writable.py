"""Whether events can be added to a file here, and if not, a sentence that says why.

A public deployment often must not change its data (a read-only mount, a
file its owner made read-only, or `EVENTS_READ_ONLY=1`), and a file written
by a spreadsheet may not be UTF-8. The page that adds events asks first so
it can offer a download instead and say why; the write path asks again
under its lock and turns the same answer into `ReadOnlyEvents`.

Permission bits do not stop root, so a file or folder whose mode lets no one
write it counts as read-only whoever runs the app: that is what its owner
meant. A read-only mount is found by `statvfs` and by a failing open.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from events.csvfile import decode_reporting
from events.errors import EventsError
from events.sources import SOURCES_NAME

READ_ONLY_ENV = "EVENTS_READ_ONLY"
_TRUE = {"1", "true", "yes", "on"}


class ReadOnlyEvents(EventsError):
    """The events file (or its folder, or its `sources.csv`) cannot be written here."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_only_by_setting(environ: Mapping[str, str] | None = None) -> bool:
    """Whether `EVENTS_READ_ONLY` asks for the data to stay as it is."""
    env = os.environ if environ is None else environ
    return env.get(READ_ONLY_ENV, "").strip().lower() in _TRUE


def why_not_writable(
    events_path: Path | str, environ: Mapping[str, str] | None = None
) -> str | None:
    """None when events can be appended to `events_path`; else a sentence saying why not.

    Looks without changing anything: the setting, the file, its folder, the
    `sources.csv` beside it, and whether both files are UTF-8.
    """
    path = Path(events_path)
    reason = permission_reason(path, environ)
    if reason:
        return reason
    for file, what in ((path, "the events file"), (sources_path_for(path), "its sources.csv")):
        if not file.exists():
            continue
        try:
            data = file.read_bytes()
        except OSError as error:
            return f"{what} {file} cannot be read ({error.strerror})"
        reason = not_utf8_reason(data, f"{what} {file}")
        if reason:
            return reason
    return None


def sources_path_for(events_path: Path) -> Path:
    """The `sources.csv` the loader reads for `events_path` (beside it, as the path names it)."""
    return Path(events_path).with_name(SOURCES_NAME)


def permission_reason(path: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """Why the setting, the file system or permissions stop writing `path` and its sources."""
    if read_only_by_setting(environ):
        return (
            f"{READ_ONLY_ENV} is set: this deployment's data must not change, "
            "so new events are offered as a download instead"
        )
    if not path.exists():
        return f"the events file {path} does not exist"
    if not path.is_file():
        return f"{path} is not a file"
    real = Path(os.path.realpath(path))
    reason = _file_reason(real, "the events file") or _folder_reason(real.parent)
    if reason:
        return reason
    sources = sources_path_for(path)
    if sources.exists():
        real_sources = Path(os.path.realpath(sources))
        return _file_reason(real_sources, "its sources.csv") or _folder_reason(real_sources.parent)
    # A linked events file may live elsewhere: sources.csv is created beside the link.
    return _folder_reason(sources.parent)


def not_utf8_reason(data: bytes, what: str) -> str | None:
    """Why text cannot be added to `data` without mixing encodings, or None if it is UTF-8."""
    _, encoding, problems = decode_reporting(data)
    if encoding in ("utf-8", "utf-8-sig") and not problems:
        return None
    if encoding in ("utf-8", "utf-8-sig"):
        detail = problems[0].message
        return f"{what} is not valid UTF-8 ({detail}); fix or re-save it as UTF-8 to add events"
    return (
        f"{what} is in {encoding}, not UTF-8; rows written into it would mix encodings, "
        "so re-save it as UTF-8 (CSV UTF-8 in a spreadsheet) to add events to it"
    )


def reason_from_os_error(error: OSError, path: Path) -> str | None:
    """The read-only reason an OSError stands for, or None when it means something else."""
    if error.errno == errno.EROFS:
        return f"{path} is on a read-only filesystem"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{path} cannot be written: permission denied"
    return None


def _file_reason(path: Path, what: str) -> str | None:
    if _read_only_mount(path.parent):
        return f"{what} {path} is on a read-only filesystem"
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return (
            f"{what} {path} is read-only (permissions {stat.filemode(mode)[1:]}): "
            "its owner has made it so no one may change it"
        )
    if not os.access(path, os.W_OK):
        return f"{what} {path} is read-only for this user (uid {os.getuid()})"
    try:
        fd = _open_for_writing(path)
    except OSError as error:
        return reason_from_os_error(error, path) or f"{what} {path} cannot be opened for writing"
    os.close(fd)
    return None


def _folder_reason(folder: Path) -> str | None:
    # Adding events writes a new file in the folder and renames it over the old one.
    why = "a new version of the file is written beside it and renamed into place"
    if _read_only_mount(folder):
        return f"the folder {folder} is on a read-only filesystem"
    mode = folder.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return (
            f"the folder {folder} is read-only (permissions {stat.filemode(mode)[1:]}), "
            f"and adding events needs it writable: {why}"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only for this user (uid {os.getuid()}): {why}"
    return None


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _open_for_writing(path: Path) -> int:
    """Open `path` for writing without changing it (no truncation, nothing written)."""
    return os.open(path, os.O_WRONLY | os.O_APPEND)
