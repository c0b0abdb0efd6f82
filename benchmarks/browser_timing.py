"""Time a filter change the way a user waits for it, measured inside the browser.

The clock starts when the page sends the rerun request over Streamlit's
websocket and stops at the first animation frame in which the map holds the
expected number of events. Both ends are read in the page (`Date.now()`), so
the test driver's own round trips are not counted, and the map is watched
from the parent page, so a map whose frame is replaced on every change (the
plain approach) is timed the same way as one updated in place.
"""

from __future__ import annotations

import time

from tests.support.polling import page_wait, poll
from tests.support.scripts import BENCHMARKS_JS, probe


def script(name: str) -> str:
    """The text of ``benchmarks/js/<name>.js``, for ``evaluate()`` or an init script.

    Python values go in as evaluate()'s argument, never into this text.
    """
    return probe(name, BENCHMARKS_JS)


# Streamlit sends a message it sent before as a hash reference; with this server
# argument it does not, so each change costs what a view never seen before costs.
NO_MESSAGE_CACHE = ["--global.minCachedMessageSize=1000000000"]


def open_recorded(browser, url: str, received: list[int], block_other_hosts):
    """A 1400x900 page at ``url``, ready to time (:func:`install`), appending each websocket
    frame's size to ``received``, with requests to other hosts refused
    (``block_other_hosts``, tests.support.browser's). Returns (context, page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    block_other_hosts(context)
    install(context)
    page = context.new_page()
    page.on("websocket", frame_recorder(received))
    page.goto(url)
    return context, page


def frame_recorder(received: list[int]):
    """A `page.on("websocket", …)` handler that appends each received frame's size in bytes."""

    def record(socket) -> None:
        socket.on(
            "framereceived",
            lambda payload: received.append(
                len(payload if isinstance(payload, bytes) else payload.encode("utf-8"))
            ),
        )

    return record


def install(context) -> None:
    """Prepare a browser context so its pages can be timed (call before opening them)."""
    context.add_init_script(script("record_sends"))


def _evaluate_counting(page, name: str, arg=None):
    """Evaluate a script that counts with ``window.__eventsInWindow`` (events_in_window.js),
    defining that first in a page that does not have it yet (they answer null or false)."""
    result = page.evaluate(script(name), arg)
    if result is None or result is False:
        page.evaluate(script("events_in_window"))
        result = page.evaluate(script(name), arg)
    return result


def events_on_map(page) -> int:
    """What the map shows now: the largest count over the page's frames (-1 before it starts)."""
    return _evaluate_counting(page, "events_on_map")


def wait_events(page, expected: int, timeout_s: float) -> float:
    """Seconds until the map shows `expected` events, from now; TimeoutError past `timeout_s`."""
    start = time.monotonic()
    poll(
        lambda: events_on_map(page),
        lambda shown: shown == expected,
        timeout_s=timeout_s,
        what=f"the map showing {expected} events",
        every_s=0.02,
        wait=page_wait(page),
    )
    return time.monotonic() - start


def timed_change(page, change, expected: int, timeout_s: float) -> float:
    """Seconds from the rerun request `change()` makes to the map showing `expected` events.

    Raises TimeoutError when the map has not shown them after `timeout_s`.
    """
    _evaluate_counting(page, "watch_map", expected)
    change()
    drawn, sent = poll(
        lambda: page.evaluate("() => [window.__drawnAt, window.__sentAt]"),
        lambda times: times[0] is not None,
        timeout_s=timeout_s,
        what=f"the map showing {expected} events",
        every_s=0.02,
        wait=page_wait(page),
    )
    if not sent:
        raise RuntimeError("the map changed without a rerun request; nothing to time")
    return (drawn - sent[0]) / 1000
