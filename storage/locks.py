"""Waiting for an exclusive lock on an open file: the one lock loop writers and builders share.

`flock` on a lock file beside what is written: held until the descriptor is
closed, released by the kernel if the holder dies, so a crashed writer never
leaves a lock behind.
"""

from __future__ import annotations

import fcntl
import time


def wait_for_lock(fd: int, timeout_s: float, poll_s: float) -> bool:
    """Take an exclusive lock on ``fd``, waiting up to ``timeout_s``; False if another
    holder kept it that long (the caller says what was waited for)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(poll_s)
