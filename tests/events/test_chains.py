"""Chains of attack and reprisal, and suggested links: small tables, then the bundled data."""

from __future__ import annotations

import pandas as pd
import pytest

from events import load_events
from events.chains import (
    Link,
    chain_of_event,
    chains_of,
    describe,
    find_chain,
    links_of,
    responds_to_cell,
    suggest_links,
)
from tests.support import DATA

BAGHDAD = (33.3, 44.4)
TAJI = (33.53, 44.28)
ALBU_KAMAL = (34.45, 40.92)  # about 330 km from Baghdad
ERBIL = (36.19, 44.01)


def frame(*rows) -> pd.DataFrame:
    """Rows of (id, date, actor, responds_to, country, (lat, lon), deaths[, operation])."""
    records = []
    for row in rows:
        event_id, day, actor, responds, country, (lat, lon), deaths, *operation = row
        records.append(
            {
                "event_id": event_id,
                "event_date": pd.Timestamp(day),
                "actor1": actor,
                "responds_to": responds or pd.NA,
                "country": country,
                "location": event_id.split("-")[0],
                "latitude": lat,
                "longitude": lon,
                "fatalities": deaths,
                "operation": operation[0] if operation else pd.NA,
            }
        )
    table = pd.DataFrame.from_records(records)
    table["fatalities"] = table["fatalities"].astype("Int64")
    return table


US, KH, IRAN, UNNAMED, IS = (
    "United States",
    "Kata'ib Hezbollah",
    "Iran",
    "Unidentified armed group",
    "Islamic State",
)

CHAIN_CASES = {
    "two linked events are one chain, earliest first": (
        frame(
            ("b-us", "2020-01-02", US, "a-kh", "Iraq", BAGHDAD, 5),
            ("a-kh", "2020-01-01", KH, "", "Iraq", TAJI, 1),
        ),
        [("a-kh", ("a-kh", "b-us"), 1, 6, ("iran", "coalition"))],
    ),
    "a chain of four, two answers to one event, sides collapsed in turn": (
        frame(
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("b1", "2020-01-03", US, "a", "Iraq", BAGHDAD, 2),
            ("b2", "2020-01-03", US, "a", "Syria", ALBU_KAMAL, 3),
            ("c", "2020-01-10", IRAN, "b1;b2", "Iraq", ERBIL, None),
        ),
        [("a", ("a", "b1", "b2", "c"), 9, 5, ("iran", "coalition", "iran"))],
    ),
    "two separate chains ordered by their first date; unlinked events in none": (
        frame(
            ("late-a", "2021-01-01", KH, "", "Iraq", TAJI, 0),
            ("late-b", "2021-01-01", US, "late-a", "Iraq", TAJI, 0),
            ("alone", "2020-06-01", US, "", "Iraq", TAJI, 0),
            ("early-a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("early-b", "2020-01-05", US, "early-a", "Iraq", TAJI, 0),
        ),
        [
            ("early-a", ("early-a", "early-b"), 4, 0, ("iran", "coalition")),
            ("late-a", ("late-a", "late-b"), 0, 0, ("iran", "coalition")),
        ],
    ),
    "a link to an event not in the table joins nothing": (
        frame(("b", "2020-01-02", US, "gone", "Iraq", TAJI, 0)),
        [],
    ),
}


@pytest.mark.parametrize("events, expected", CHAIN_CASES.values(), ids=CHAIN_CASES.keys())
def test_chains_are_the_connected_groups_of_links_in_time_order(events, expected):
    chains = chains_of(events)
    assert [(c.chain_id, c.event_ids, c.days, c.deaths, c.sides) for c in chains] == expected


def test_links_keep_one_edge_per_pair_and_those_to_absent_events():
    events = frame(
        ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
        ("b", "2020-01-02", US, "a; a;gone;b", "Iraq", TAJI, 0),
    )
    assert links_of(events) == [Link("a", "b"), Link("gone", "b")]


def test_a_chain_knows_its_first_and_last_event_places_and_is_found_by_any_member():
    events = CHAIN_CASES["a chain of four, two answers to one event, sides collapsed in turn"][0]
    chains = chains_of(events)
    chain = chain_of_event(chains, "b2")
    assert (chain.first, chain.last) == ("a", "c")
    assert chain.places == ("a", "b1", "b2", "c")
    assert find_chain(chains, "a") is chain
    assert find_chain(chains, "b2") is None and chain_of_event(chains, "nope") is None
    assert describe(chain) == (
        "2020-01-01 to 2020-01-10 (9 days), 4 events: "
        "Iran and aligned groups → US-led coalition → Iran and aligned groups"
    )


SUGGESTION_CASES = {
    "other side, 3 days later, same country": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("b", "2020-01-04", US, "", "Iraq", TAJI, 0),
        ],
        [("a", "b")],
    ),
    "other side, other country but within 300 km": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", (34.4, 41.0), 0),
            ("b", "2020-01-02", US, "", "Syria", ALBU_KAMAL, 0),
        ],
        [("a", "b")],
    ),
    "other country and farther than 300 km: none": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", BAGHDAD, 0),
            ("b", "2020-01-02", US, "", "Syria", ALBU_KAMAL, 0),
        ],
        [],
    ),
    "8 days later: none": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("b", "2020-01-09", US, "", "Iraq", TAJI, 0),
        ],
        [],
    ),
    "exactly 7 days later: proposed": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("b", "2020-01-08", US, "", "Iraq", TAJI, 0),
        ],
        [("a", "b")],
    ),
    "same day: none (the date does not say which came first)": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("b", "2020-01-01", US, "", "Iraq", TAJI, 0),
        ],
        [],
    ),
    "same side: none": (
        [
            ("a", "2020-01-01", US, "", "Iraq", TAJI, 0),
            ("b", "2020-01-02", US, "", "Iraq", TAJI, 0),
        ],
        [],
    ),
    "responds_to already filled: none": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("x", "2019-12-01", KH, "", "Iraq", TAJI, 0),
            ("b", "2020-01-02", US, "x", "Iraq", TAJI, 0),
        ],
        [],
    ),
    "an unnamed attacker answered by the coalition, never proposed as answering Iran": (
        [
            ("a", "2020-01-01", UNNAMED, "", "Iraq", TAJI, 0),
            ("b", "2020-01-02", US, "", "Iraq", TAJI, 0),
            ("c", "2020-01-03", IRAN, "", "Iraq", TAJI, 0),
        ],
        [("a", "b"), ("b", "c")],
    ),
    "the Islamic State is no side of this cycle": (
        [
            ("a", "2020-01-01", IS, "", "Iraq", TAJI, 0),
            ("b", "2020-01-02", US, "", "Iraq", TAJI, 0),
        ],
        [],
    ),
    "same operation: none": (
        [
            ("a", "2020-01-01", KH, "", "Iraq", TAJI, 0, "op"),
            ("b", "2020-01-02", US, "", "Iraq", TAJI, 0, "op"),
        ],
        [],
    ),
    "nearest in time first, three at most": (
        [
            ("a1", "2020-01-01", KH, "", "Iraq", TAJI, 0),
            ("a2", "2020-01-02", KH, "", "Iraq", TAJI, 0),
            ("a3", "2020-01-03", KH, "", "Iraq", TAJI, 0),
            ("a4", "2020-01-04", KH, "", "Iraq", TAJI, 0),
            ("b", "2020-01-05", US, "", "Iraq", TAJI, 0),
        ],
        [("a4", "b"), ("a3", "b"), ("a2", "b")],
    ),
}


@pytest.mark.parametrize("rows, expected", SUGGESTION_CASES.values(), ids=SUGGESTION_CASES.keys())
def test_suggestions_follow_the_rule(rows, expected):
    found = suggest_links(frame(*rows))
    assert [(link.source, link.target) for link in found] == expected
    assert all(link.suggested for link in found)


@pytest.mark.parametrize(
    "current, source, expected",
    [(pd.NA, "a", "a"), ("", "a", "a"), ("x", "a", "x;a"), ("x; a", "a", "x;a")],
)
def test_confirming_a_link_adds_the_id_once(current, source, expected):
    assert responds_to_cell(current, source) == expected


def test_the_bundled_data_holds_the_december_and_camp_taji_chains():
    events = load_events(DATA / "events.csv").events
    chains = chains_of(events)
    december = chain_of_event(chains, "2019-12-27-k1-air-base-rockets")
    assert december.first == "2019-12-27-k1-air-base-rockets"
    assert {"2020-01-08-ain-al-asad-iranian-missiles", "2020-01-08-erbil-iranian-missiles"} <= set(
        december.event_ids
    )
    assert december.days == 12
    assert december.sides == ("iran", "coalition", "iran", "coalition", "iran")
    taji = chain_of_event(chains, "2020-03-12-albu-kamal-air-strikes")
    assert taji.first == "2020-03-11-camp-taji-rockets"
    assert taji.days == 2 and len(taji.event_ids) == 5
