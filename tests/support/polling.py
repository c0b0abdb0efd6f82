"""The tests' one way to wait for something: read it again until it is what we want.

A browser test cannot know when the page has caught up (a rerun, a remounted
frame, a canvas redrawn), and a server or writer process starts when it
starts, so tests poll. `poll` is the loop they all share: it reads, checks,
waits a little and reads again, and past its time it fails saying what it was
waiting for and what it saw last, instead of each test failing later on a
stale value.

Waiting in a Playwright page must go through `page.wait_for_timeout`, not
`time.sleep`: the sync API runs the page's route handlers (tests.support.browser
blocks and records other hosts with one) only while it is called, so a test
that sleeps stalls the very page it waits for. Pass `wait=page_wait(page)`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class PollTimeout(AssertionError, TimeoutError):
    """What `poll` raises past its time: a failed expectation to pytest, and still a
    TimeoutError to callers (benchmarks, server start-up) that catch one."""


def poll(
    read: Callable[[], T],
    until: Callable[[T], object] = bool,
    *,
    timeout_s: float,
    what: str,
    every_s: float = 0.05,
    wait: Callable[[float], object] = time.sleep,
    tolerate: tuple[type[BaseException], ...] = (),
) -> T:
    """Call `read()` until `until(value)` holds; return that value.

    `read` is called at least once, and every `every_s` seconds (through `wait`)
    until `timeout_s` has passed. An exception of a type in `tolerate` (a frame
    detached mid-update, say) counts as "not yet"; any other goes straight up.
    Past the time, raises `PollTimeout` naming `what`, the timeout and the last
    value read (or the last tolerated exception, if the last read raised one).
    """
    deadline = time.monotonic() + timeout_s
    last: object = None
    while True:
        try:
            value = read()
        except tolerate as error:
            last = error
        else:
            if until(value):
                return value
            last = value
        if time.monotonic() >= deadline:
            raise PollTimeout(f"{what}: not within {timeout_s} s; last saw {last!r}")
        wait(every_s)


def page_wait(page) -> Callable[[float], None]:
    """A `wait` for `poll` that waits in `page` (`wait_for_timeout`): its handlers keep running."""
    return lambda seconds: page.wait_for_timeout(seconds * 1000)
