"""The chains' builders: the map layer's columns, the legend row, the CSV patch, the timeline."""

from __future__ import annotations

import csv
import io
import json

import pytest

from components.chains import chain_view, patch_csv, timeline_connectors
from components.map.chains import CHAINS_HINT, chain_table, chains_legend_html, dimmed_ids
from components.timeline import timeline_frame
from events import load_events
from events.chains import Link, chain_of_event, chains_of, links_of
from events.sides import SIDES
from events.view import ViewState
from tests.support import ROOT

EVENTS = load_events(ROOT / "data" / "events.csv").events
K1 = "2019-12-27-k1-air-base-rockets"
DRONE = "2020-01-03-baghdad-airport-drone-strike"


def test_links_inside_the_view_are_arrows_and_links_leaving_it_stubs_both_ways():
    shown = EVENTS[EVENTS["event_id"] == DRONE]
    table = chain_table(shown, EVENTS, links_of(EVENTS))
    ends = dict(zip(zip(table["s"], table["t"], strict=True), table["end"], strict=True))
    assert ends[(K1, DRONE)] == 1  # the answered event is out: the stub comes in
    assert ends[(DRONE, "2020-01-08-erbil-iranian-missiles")] == 2  # the answer is out
    assert all(end in (1, 2) for end in table["end"])
    tip = table["tip"][table["t"].index("2020-01-08-erbil-iranian-missiles")]
    assert tip.startswith("Answered by 2020-01-08 · near Erbil · Iran")


def test_a_stub_to_an_event_missing_from_the_data_says_so_and_text_is_escaped():
    shown = EVENTS[EVENTS["event_id"] == DRONE]
    table = chain_table(shown, EVENTS, [Link("<b>gone</b>", DRONE)])
    assert table["tip"] == ["Responds to &lt;b&gt;gone&lt;/b&gt; (not in this data set)"]
    assert table["a"] == [None]


def test_highlight_lights_the_chain_in_view_and_dims_the_rest():
    chains = chains_of(EVENTS)
    december = chain_of_event(chains, DRONE)
    table = chain_table(EVENTS, EVENTS, links_of(EVENTS), december)
    assert table["veil"] is True and table["lit"] == list(december.event_ids)
    assert len(table["spots"]) == len(table["lit"])
    dimmed = dimmed_ids(EVENTS, december)
    assert not set(dimmed) & set(december.event_ids)
    assert len(dimmed) + len(december.event_ids) == len(EVENTS)


def test_the_chain_view_highlights_the_selected_events_chain_before_the_picked_one():
    taji = "2020-03-11-camp-taji-rockets"
    found = chain_view(EVENTS, EVENTS, EVENTS, ViewState(selected=DRONE, chain=taji))
    assert found.highlight.chain_id == K1
    found = chain_view(EVENTS, EVENTS, EVENTS, ViewState(chain=taji))
    assert found.highlight.chain_id == taji
    assert chain_view(EVENTS, EVENTS, EVENTS, ViewState()).highlight is None


@pytest.mark.parametrize(
    "arrows, suggested, present, absent",
    [
        (False, False, [], ["answered by"]),
        (True, False, ["answered by", "other end filtered out", "faded"], ["suggested"]),
        (True, True, ["answered by", "<i", "suggested</i>: a proposed link"], []),
    ],
)
def test_every_chain_mark_is_in_the_legend(arrows, suggested, present, absent):
    legend = chains_legend_html(arrows, suggested)
    assert all(word in legend for word in present)
    assert not any(word in legend for word in absent)


def test_the_legend_says_how_to_draw_chains_when_links_in_view_are_not_drawn():
    assert CHAINS_HINT in chains_legend_html(False, False, hidden=True)
    assert CHAINS_HINT not in chains_legend_html(True, False, hidden=True)


@pytest.mark.slow
def test_the_map_draws_the_selected_chain_or_every_chain_with_the_list_open():
    everything = {(link.source, link.target) for link in links_of(EVENTS)}
    december = chain_of_event(chains_of(EVENTS), DRONE)
    assert drawn(ViewState()) == set()
    assert drawn(ViewState(chains_view=True)) == everything
    assert drawn(ViewState(selected=DRONE)) == {(k.source, k.target) for k in december.links}
    assert chain_view(EVENTS, EVENTS, EVENTS, ViewState()).links_hidden is True
    assert chain_view(EVENTS, EVENTS, EVENTS, ViewState(chains_view=True)).links_hidden is False


def drawn(view: ViewState) -> set[tuple[str, str]]:
    """The links the map's chains layer draws for `view`, as (answered, answering)."""
    found = chain_view(EVENTS, EVENTS, EVENTS, view)
    if found.map_json is None:
        return set()
    data = json.loads(str(found.map_json))
    return set(zip(data["s"], data["t"], strict=True))


def test_confirmed_links_patch_keeps_existing_ids_and_joins_several_for_one_row():
    patch = patch_csv(
        [("2020-03-08-qara-chokh-clash", "2020-03-11-camp-taji-rockets"), ("x", DRONE)], EVENTS
    )
    rows = list(csv.DictReader(io.StringIO(patch.decode())))
    assert rows == [
        {"event_id": "2020-03-11-camp-taji-rockets", "responds_to": "2020-03-08-qara-chokh-clash"},
        {
            "event_id": DRONE,
            "responds_to": f"{K1};2019-12-31-us-embassy-baghdad-storming;x",
        },
    ]


def test_the_timeline_connects_each_linked_pair_with_a_line():
    frame = timeline_frame(EVENTS)
    chart = timeline_connectors(frame, EVENTS, list(SIDES.values()))
    data = chart.data
    pairs = data.groupby("link").size()
    assert set(pairs) == {2}
    inside = sum(1 for chain in chains_of(EVENTS) for _ in chain.links)
    assert len(pairs) == inside
    assert timeline_connectors(frame.iloc[:1], EVENTS.iloc[:1], list(SIDES.values())) is None


def test_the_dashboards_timeline_draws_the_connectors_under_the_events():
    from components.timeline import timeline_chart

    plain = timeline_chart(EVENTS).to_dict()["layer"]
    connected = timeline_chart(EVENTS, connect=True).to_dict()["layer"]
    assert [layer["mark"]["type"] for layer in connected] == ["line", "circle"]
    assert len(connected) == len(plain) + 1
