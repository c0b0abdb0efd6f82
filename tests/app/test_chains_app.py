"""Reprisal chains in the dashboard, headless: highlight on selection, the Chains list, links.

The map's chain data is read from the very script the browser receives, so a
test sees what the chains layer will draw.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date

import pytest

from components.map.chains import CHAINS_HINT
from events import load_events
from events.chains import chain_of_event, chains_of
from tests.support import ROOT
from tests.support.apptest import chain_data, marker_ids, plain, run_app

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

EVENTS = load_events(ROOT / "data" / "events.csv").events
CHAINS = chains_of(EVENTS)
K1 = "2019-12-27-k1-air-base-rockets"
DRONE = "2020-01-03-baghdad-airport-drone-strike"
TAJI = "2020-03-11-camp-taji-rockets"
QARA_CHOKH = "2020-03-08-qara-chokh-clash"


def test_no_arrow_before_a_selection_and_the_legend_says_how_to_draw_them():
    at = run_app()
    assert chain_data(at) is None
    legend = next(h.proto.body for h in at.get("html") if "Chains legend" in h.proto.body)
    assert CHAINS_HINT in legend and "answered by" not in legend


def test_with_the_chains_list_open_every_link_in_view_is_an_arrow_and_nothing_is_dimmed():
    at = run_app({"chains": "1"})
    data = chain_data(at)
    expected = {(link.source, link.target) for chain in CHAINS for link in chain.links}
    assert set(zip(data["s"], data["t"], strict=True)) == expected
    assert set(data["end"]) == {0}
    assert data["veil"] is False and data["lit"] == []
    assert not any(data["sg"])
    legend = next(h.proto.body for h in at.get("html") if "Chains legend" in h.proto.body)
    assert "answered by" in legend and "suggested" not in legend and CHAINS_HINT not in legend


def test_selecting_an_event_highlights_its_whole_chain_and_dims_the_rest():
    at = run_app({"event": DRONE})
    data = chain_data(at)
    december = chain_of_event(CHAINS, DRONE)
    # Backwards (K-1, the strikes, the siege) and forwards (the missiles).
    assert set(data["lit"]) == set(december.event_ids)
    assert {K1, "2020-01-08-ain-al-asad-iranian-missiles"} <= set(data["lit"])
    dimmed = set(marker_ids(at)) - set(data["lit"])
    assert TAJI in dimmed and "2021-02-26-al-bukamal-border-us-air-strike" in dimmed
    assert data["veil"] is True
    lit_links = {(s, t) for s, t, hi in zip(data["s"], data["t"], data["hi"], strict=True) if hi}
    assert lit_links == {(link.source, link.target) for link in december.links}
    # Only the chain's arrows are drawn: none of Camp Taji's.
    assert set(zip(data["s"], data["t"], strict=True)) == lit_links


def test_a_link_whose_other_end_is_filtered_out_is_a_stub_that_says_so():
    at = run_app({"from": "2020-01-01", "to": "2020-01-31", "event": DRONE})
    data = chain_data(at)
    stubs = [
        (s, t, tip)
        for s, t, end, tip in zip(data["s"], data["t"], data["end"], data["tip"], strict=True)
        if end == 1
    ]
    assert (K1, DRONE) in [(s, t) for s, t, _ in stubs]
    tip = next(tip for s, t, tip in stubs if (s, t) == (K1, DRONE))
    assert tip.startswith("Responds to 2019-12-27 · K-1 Air Base")
    assert tip.endswith("(filtered out of this view)")


def test_picking_a_chain_in_the_chains_view_sets_the_window_and_lights_it():
    at = run_app({"chains": "1"})
    assert at.toggle(key="f_chains").value is True
    at.button(key=f"show-chain-{TAJI}").click().run()
    assert at.date_input(key="f_dates").value == (date(2020, 3, 11), date(2020, 3, 13))
    assert at.query_params["chain"] == TAJI
    assert (at.query_params["from"], at.query_params["to"]) == ("2020-03-11", "2020-03-13")
    taji = chain_of_event(CHAINS, TAJI)
    data = chain_data(at)
    assert set(data["lit"]) == set(taji.event_ids)
    assert sorted(marker_ids(at)) == sorted(taji.event_ids)
    # The list says each chain's span, length, deaths, places and sides in turn.
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "2019-12-27 to 2020-01-08 (12 days), 8 events" in text
    assert "Places: Camp Taji, southeast of Albu Kamal" in text
    assert "Sides in turn: Iran and aligned groups → US-led coalition" in text


def test_a_link_naming_a_chain_opens_it_lit():
    at = run_app({"chain": TAJI})
    assert set(chain_data(at)["lit"]) == set(chain_of_event(CHAINS, TAJI).event_ids)


@pytest.fixture
def events_copy(tmp_path, monkeypatch):
    shutil.copy(ROOT / "data" / "events.csv", tmp_path / "events.csv")
    shutil.copy(ROOT / "data" / "sources.csv", tmp_path / "sources.csv")
    monkeypatch.setenv("EVENTS_CSV", str(tmp_path / "events.csv"))
    return tmp_path / "events.csv"


def responds_to(path, event_id: str) -> str:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["event_id"] == event_id)["responds_to"]


def test_suggested_links_are_off_by_default_and_drawn_dotted_when_asked(events_copy):
    assert chain_data(run_app()) is None  # no arrow at all before a selection
    assert not any(chain_data(run_app({"chains": "1"}))["sg"])
    at = run_app({"suggested": "1"})
    data = chain_data(at)
    suggested = [(s, t) for s, t, sg in zip(data["s"], data["t"], data["sg"], strict=True) if sg]
    assert suggested == [(QARA_CHOKH, TAJI)]
    tip = data["tip"][data["s"].index(QARA_CHOKH)]
    assert tip.startswith("suggested: ") and "not in the data until confirmed" in tip
    legend = next(h.proto.body for h in at.get("html") if "Chains legend" in h.proto.body)
    assert "a proposed link" in legend


def test_a_confirmed_suggestion_is_written_to_the_events_file(events_copy):
    before = events_copy.read_text(encoding="utf-8")
    at = run_app({"suggested": "1", "chains": "1"})
    at.button(key=f"confirm-{QARA_CHOKH}-{TAJI}").click().run()
    assert not at.exception
    assert responds_to(events_copy, TAJI) == QARA_CHOKH
    assert any("Written to events.csv" in plain(s.value) for s in at.success)
    # Only that cell changed; the link is now data, so no longer suggested but drawn.
    after = events_copy.read_text(encoding="utf-8")
    assert len(after) == len(before) + len(QARA_CHOKH)
    data = chain_data(at)
    pairs = list(zip(data["s"], data["t"], data["sg"], strict=True))
    assert (QARA_CHOKH, TAJI, False) in pairs and (QARA_CHOKH, TAJI, True) not in pairs


def test_on_a_read_only_deployment_confirmed_links_download_as_a_patch(events_copy, monkeypatch):
    monkeypatch.setenv("EVENTS_READ_ONLY", "1")
    before = events_copy.read_bytes()
    at = run_app({"suggested": "1"})
    why = [plain(c.value) for c in at.caption if "cannot be written" in c.value]
    assert why and "EVENTS_READ_ONLY is set" in why[0] and "CSV patch to download" in why[0]
    at.button(key=f"confirm-{QARA_CHOKH}-{TAJI}").click().run()
    assert events_copy.read_bytes() == before
    download = [d for d in at.get("download_button") if d.proto.label.endswith("(CSV patch)")]
    assert [d.proto.label for d in download] == ["Download 1 confirmed link (CSV patch)"]
