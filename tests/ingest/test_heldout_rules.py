"""Rules found on the held-out wire reports (135-144): recalled "after" phrases,
subsets of a toll, diplomatic protests, denials that are none, actors beyond the region.

Each case is a sentence written for the test, not taken from a report.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.actors import canonical_actor, find_actors, find_attributions
from ingest.kinds import find_triggers
from ingest.numbers import find_casualties

FRIDAY = date(2024, 5, 10)


def _rows(text: str, geocoder, published: date = FRIDAY):
    return [(c.row, c.background) for c in extract(text, published, geocoder=geocoder)]


@pytest.mark.parametrize(
    ("text", "recalled_place"),
    [
        (
            "Drones struck a depot in Mosul early on Friday, police said, days after "
            "Iran's missile attack on Erbil.",
            "Erbil",
        ),
        (
            "Rockets hit a base near Kirkuk on Friday, officials said, weeks after a drone "
            "strike on Baghdad airport.",
            "Baghdad",
        ),
    ],
)
def test_an_attack_recalled_after_days_after_is_background_and_undated(
    text, recalled_place, geocoder
):
    rows = _rows(text, geocoder)
    recalled = [(r, bg) for r, bg in rows if recalled_place in r["location"]]
    assert recalled, rows
    for row, background in recalled:
        assert background
        assert row["event_date"] == ""  # not the report's day
    assert any(r["event_date"] == "2024-05-10" and not bg for r, bg in rows)


@pytest.mark.parametrize(
    ("text", "recalled_place", "day"),
    [
        (
            "Jets struck a village near Mosul early on Friday, the army said, two days after "
            "militants said they had attacked a checkpoint in Kirkuk.",
            "Kirkuk",
            "2024-05-08",
        ),
        (
            "A drone hit a car in Erbil on Friday, a day after a rocket attack on Duhok.",
            "Duhok",
            "2024-05-09",
        ),
    ],
)
def test_an_attack_after_a_counted_gap_is_dated_from_the_event_told_first(
    text, recalled_place, day, geocoder
):
    rows = _rows(text, geocoder)
    recalled = [r for r, _ in rows if recalled_place in r["location"]]
    assert recalled and recalled[0]["event_date"] == day, rows
    assert any(r["event_date"] == "2024-05-10" for r, _ in rows)


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("The strike killed nine people, including four children and three women.", 9),
        ("Shelling killed 12 civilians, among them five children and a doctor.", 12),
        ("Two soldiers and a contractor were killed in the attack.", 3),
    ],
)
def test_a_subset_named_after_including_is_not_added_to_the_toll(sentence, killed):
    assert find_casualties(sentence).killed.value == killed


@pytest.mark.parametrize(
    ("sentence", "protest"),
    [
        ("Tehran summoned Pakistan's charge d'affaires to protest.", False),
        ("Baghdad lodged a formal protest with Ankara.", False),
        ("The ministry called in the ambassador to protest the strikes.", False),
        ("Hundreds of people protested in Basra on Friday.", True),
    ],
)
def test_a_diplomatic_protest_is_no_protest_event(sentence, protest):
    found = any(t.event_type == "Protests" for t in find_triggers(sentence))
    assert found is protest


@pytest.mark.parametrize(
    ("sentence", "attribution", "actor"),
    [
        ("Hamas blamed Israel, which has neither confirmed nor denied responsibility.",
         "alleged", "Israel"),
        ("Israel did not confirm or deny the strike.", "alleged", "Israel"),
        ("An official said the strikes were carried out by Israel.", "alleged", "Israel"),
        ("Hezbollah denied involvement.", "denied", "Hezbollah"),
    ],
)  # fmt: skip
def test_neither_confirmed_nor_denied_and_a_third_partys_word_are_allegations(
    sentence, attribution, actor
):
    found = find_attributions(sentence, find_actors(sentence))
    assert found
    assert all(a.attribution == attribution for a in found), found
    assert {a.actor for a in found} == {actor}


@pytest.mark.parametrize(
    ("phrase", "actor"),
    [
        ("Pakistan carried out strikes", "Pakistan"),
        ("the Pakistani military said", "Pakistan"),
        ("militants of Jaish al-Adl", "Jaish al-Adl"),
        ("the Rapid Support Forces shelled", "Rapid Support Forces"),
        ("the Sudanese army said", "Sudanese Armed Forces"),
        ("Haftar's forces", "Libyan National Army"),
        ("Palestinian Islamic Jihad fired rockets", "Palestinian Islamic Jihad"),
    ],
)
def test_actors_beyond_iraq_and_syria(phrase, actor):
    assert actor in [a.actor for a in find_actors(phrase)]
    assert canonical_actor(actor) == actor


def test_a_state_outside_the_region_is_the_agent_of_its_strikes(geocoder):
    text = (
        "Pakistan carried out military strikes near the Iranian town of Saravan early on "
        "Friday, its foreign ministry said."
    )
    rows = [r for r, bg in _rows(text, geocoder) if not bg]
    assert [r["actor1"] for r in rows] == ["Pakistan"]
