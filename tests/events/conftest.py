"""Every problem the events code makes while these tests run must say what kind it is.

The loader, the readers and the importers run here on every bad input the
tests feed them; a recorder watches each `Problem` they create and fails the
test when one has no `code`. Problems the tests write themselves (expected
values) are not the code under test and are not watched.
"""

from __future__ import annotations

import sys

import pytest

from events.problems import Problem

WATCHED = ("events", "components")


@pytest.fixture(autouse=True)
def problems_made(monkeypatch) -> list[tuple[Problem, str]]:
    """The problems created by `events` code during the test, with the module that made each."""
    made: list[tuple[Problem, str]] = []
    original = Problem.__post_init__

    def recording(self: Problem) -> None:
        original(self)
        # 0 is this function, 1 the dataclass's __init__, 2 whoever called Problem(...).
        maker = sys._getframe(2).f_globals.get("__name__", "")
        if maker.split(".")[0] in WATCHED:
            made.append((self, maker))

    monkeypatch.setattr(Problem, "__post_init__", recording)
    yield made
    without = [f"{maker}: {problem}" for problem, maker in made if problem.code is None]
    assert not without, "problems made without a code:\n" + "\n".join(without[:10])
