"""Viewers of one link share the work of its view: filtering and the timeline run once.

Two sessions in one process (as on a server) with the same filters: the
second gets the rows and the timeline's spec the first computed; a session
with other filters computes its own.
"""

from __future__ import annotations

import pytest
import streamlit as st

import components.timeline as timeline
import events.filters as filters
from tests.support.apptest import marker_ids, run_app

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow


def counting(monkeypatch, module, name: str) -> list[tuple]:
    calls: list[tuple] = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_two_sessions_with_the_same_filters_filter_and_chart_once(monkeypatch):
    st.cache_resource.clear()
    st.cache_data.clear()
    applied = counting(monkeypatch, filters, "apply")
    charted = counting(monkeypatch, timeline, "timeline_chart")

    first = run_app({"q": "Baghdad"})
    after_first = (len(applied), len(charted))
    assert after_first[0] >= 1 and after_first[1] == 1

    second = run_app({"q": "Baghdad"})
    assert (len(applied), len(charted)) == after_first, "the second viewer redid shared work"
    assert marker_ids(second) == marker_ids(first)
    assert not second.exception

    other = run_app({"q": "Erbil"})
    assert len(applied) > after_first[0] and len(charted) == 2
    assert marker_ids(other) != marker_ids(first)
