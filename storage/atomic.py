"""Atomic file replacement: readers see the old file or the new one, never half of one.

Temp file in the same directory (so the rename cannot cross filesystems),
write, flush, fsync, `os.replace`, then fsync the directory so the rename itself
survives a crash. A writer killed half way leaves the old file whole and, at
worst, a hidden temp file beside it, which a later write removes once it is
clearly abandoned. A symbolic link is followed: the file it points to is
replaced and the link stays. A new file gets the mode any new file would.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

# A temp file this old was left by a writer that died: no write takes this long.
ABANDONED_AFTER_S = 3600.0


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    remove_abandoned_temp_files(path)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_abandoned_temp_files(path: Path, older_than_s: float = ABANDONED_AFTER_S) -> list[Path]:
    """Delete temp files that writers of `path` left behind when they were killed."""
    removed = []
    cutoff = time.time() - older_than_s
    for candidate in Path(path).parent.glob(f"{_temp_prefix(Path(path))}*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed.append(candidate)
    return removed


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it and put it back
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    # Not every platform lets you open a directory (Windows); the data is already safe.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the rename has happened
    finally:
        os.close(fd)
