"""Reprisal chains on the engine page: the same arrows, highlight and Chains list as in memory.

The bundled events (with their reprisal links) are copied to a folder of their
own and opened above a lowered switch, so the query engine answers; each page
is compared with the in-memory page of the same file.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.support import ROOT
from tests.support.apptest import chain_data, plain, run_app

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

DRONE = "2020-01-03-baghdad-airport-drone-strike"
TAJI = "2020-03-11-camp-taji-rockets"


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine-chains")
    for name in ("events.csv", "sources.csv"):
        shutil.copy(ROOT / "data" / name, folder / name)
    return folder / "events.csv"


def _page(monkeypatch, events_file, engine: bool, query: dict):
    monkeypatch.delenv("EVENTS_SOURCE", raising=False)
    monkeypatch.setenv("EVENTS_CSV", str(events_file))
    monkeypatch.setenv("EVENTS_ENGINE_ABOVE", "10" if engine else str(10**9))
    at = run_app(query)
    assert any("answered by duckdb" in c.value for c in at.sidebar.caption) == engine
    return at


def _legend(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "Chains legend" in h.proto.body]


def _chains_list(at) -> list[str]:
    """Each chain's lines and its sides in turn, as the Chains list reads."""
    return [
        plain(m.value)
        for m in at.markdown
        if re.match(r"\d+\. ", m.value) or m.value.startswith("Sides in turn")
    ]


@pytest.mark.parametrize(
    "query",
    [{"chains": "1"}, {"event": DRONE}, {"chain": TAJI}, {"chains": "1", "country": "Syria"}],
    ids=["list open", "selected event", "chain picked", "list, one country"],
)
def test_the_engine_page_draws_and_lists_the_chains_as_in_memory(monkeypatch, events_file, query):
    in_memory = _page(monkeypatch, events_file, False, query)
    engine = _page(monkeypatch, events_file, True, query)
    expected = chain_data(in_memory)
    assert expected is not None
    assert chain_data(engine) == expected
    listed = _chains_list(in_memory)
    assert bool(listed) == (query.get("chains") == "1")
    assert _chains_list(engine) == listed
    assert _legend(engine) == _legend(in_memory)


def test_suggested_links_say_why_they_are_not_drawn(monkeypatch, events_file):
    at = _page(monkeypatch, events_file, True, {"suggested": "1"})
    captions = " ".join(c.value for c in at.caption)
    assert "Suggested links" in captions and "not available for" in captions
    assert "eventChains" not in str(chain_data(at))
