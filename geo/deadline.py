"""A time limit for online lookups, set around a batch and honoured by every wait inside it.

Opening a file in the dashboard may ask the online geocoder about many
places. A service that answers every request with "429, retry in 60 s" must
not keep the page loading for minutes: the caller puts the whole batch under
`online_time_limit(seconds)`, and the online geocoder checks `time_left()`
before each request and each wait, failing at once with `GeocoderTimedOut`
when the time is spent or a wait would overrun it. The limit lives in a
context variable, so each Streamlit session (a thread) has its own.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    at: float
    clock: Callable[[], float]

    def left(self) -> float:
        return self.at - self.clock()


_current: ContextVar[Deadline | None] = ContextVar("geo_online_deadline", default=None)


@contextlib.contextmanager
def online_time_limit(
    seconds: float, clock: Callable[[], float] = time.monotonic
) -> Iterator[Deadline]:
    """Online lookups inside the block give up once `seconds` have passed.

    A limit already in force is kept when it ends sooner.
    """
    outer = _current.get()
    deadline = Deadline(clock() + seconds, clock)
    if outer is not None and outer.left() < deadline.left():
        deadline = outer
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


def time_left() -> float | None:
    """Seconds left for online lookups, or None when no limit is in force."""
    deadline = _current.get()
    return None if deadline is None else deadline.left()
