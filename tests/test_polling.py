"""tests.support.polling.poll: the value that passes, "not yet" for the named exceptions
only, and a failure that says what it waited for and what it saw last.

The waits are recorded instead of slept, so nothing here depends on the clock's speed.
"""

from __future__ import annotations

import pytest

from tests.support.polling import PollTimeout, page_wait, poll


def reader(*values):
    """A `read` that returns (or raises) `values` in turn, then the last one again."""
    left = list(values)

    def read():
        value = left.pop(0) if len(left) > 1 else left[0]
        if isinstance(value, BaseException):
            raise value
        return value

    return read


def test_returns_the_first_value_that_passes_waiting_between_reads():
    waits = []
    got = poll(
        reader(0, 1, 5, 7), lambda n: n > 2, timeout_s=60, what="n", every_s=0.25, wait=waits.append
    )
    assert got == 5
    assert waits == [0.25, 0.25]


def test_the_default_condition_is_truth():
    waits = []
    assert poll(reader("", [], ["x"]), timeout_s=60, what="a list", wait=waits.append) == ["x"]
    assert len(waits) == 2


def test_a_value_already_there_is_returned_without_waiting():
    waits = []
    assert poll(reader(3), timeout_s=0, what="n", wait=waits.append) == 3
    assert waits == []


def test_tolerated_exceptions_count_as_not_yet():
    waits = []
    read = reader(ConnectionError("down"), KeyError("k"), 4)
    got = poll(read, timeout_s=60, what="n", wait=waits.append, tolerate=(OSError, KeyError))
    assert got == 4
    assert len(waits) == 2


def test_other_exceptions_go_straight_up():
    waits = []
    read = reader(ConnectionError("down"), ValueError("broken"), 4)
    with pytest.raises(ValueError, match="broken"):
        poll(read, timeout_s=60, what="n", wait=waits.append, tolerate=(OSError,))
    assert len(waits) == 1


def test_past_the_time_it_fails_naming_what_the_timeout_and_the_last_value():
    with pytest.raises(AssertionError) as failure:
        poll(reader(1, 2, 3), lambda n: n > 10, timeout_s=0.01, what="ten markers", wait=no_wait)
    message = str(failure.value)
    assert message.startswith("ten markers: not within 0.01 s; last saw ")
    assert message.endswith("last saw 3")


def test_the_failure_names_the_last_tolerated_exception_when_the_last_read_raised():
    read = reader(1, OSError("frame detached"))
    with pytest.raises(AssertionError, match=r"the frame.*last saw OSError\('frame detached'\)"):
        poll(
            read,
            lambda n: n > 10,
            timeout_s=0.01,
            what="the frame",
            wait=no_wait,
            tolerate=(OSError,),
        )


def test_the_failure_is_also_a_timeout_error():
    with pytest.raises(TimeoutError):
        poll(reader(None), timeout_s=0, what="anything", wait=no_wait)
    assert issubclass(PollTimeout, AssertionError) and issubclass(PollTimeout, TimeoutError)


def test_page_wait_waits_in_the_page_in_milliseconds():
    class Page:
        def __init__(self):
            self.waited = []

        def wait_for_timeout(self, ms):
            self.waited.append(ms)

    page = Page()
    page_wait(page)(0.05)
    assert page.waited == [50]


def no_wait(_seconds: float) -> None:
    """Read again at once (the timeouts here are a hundredth of a second)."""
