"""Actors, attribution words and event types, table-driven."""

from __future__ import annotations

import pytest

from ingest.actors import canonical_actor, find_actors, find_attributions
from ingest.kinds import find_triggers


@pytest.mark.parametrize(
    "name",
    ["Kata'ib Hezbollah", "Kataib Hezbollah", "Kata’ib Hezbollah", "Kataib Hizballah", "KH"],
)
def test_spellings_of_one_group_are_one_actor(name):
    assert canonical_actor(name) == "Kata'ib Hezbollah"
    assert [a.actor for a in find_actors(f"Officials blamed {name} for it.")] == [
        "Kata'ib Hezbollah"
    ]


# (sentence, attribution, actor)
ATTRIBUTIONS = [
    ("The Islamic State claimed responsibility for the bombing.", "claimed", "Islamic State"),
    ("The attack was claimed by Saraya Awliya al-Dam.", "claimed", "Saraya Awliya al-Dam"),
    ("The coalition said it did not conduct any strikes.", "denied", "US-led coalition"),
    ("Iran denied any involvement.", "denied", "Iran"),
    ("Washington blamed Kataib Hezbollah for the strike.", "alleged", "Kata'ib Hezbollah"),
    ("Officials accused the Houthis of the attack.", "alleged", "Houthis"),
    ("The strikes were probably carried out by Israel.", "alleged", "Israel"),
    ("The attack bore the hallmarks of the Islamic State.", "alleged", "Islamic State"),
    ("No one claimed responsibility for the rocket attack.", "unknown", None),
    ("The Pentagon confirmed the strike.", "confirmed", "United States"),
]


@pytest.mark.parametrize(("sentence", "attribution", "actor"), ATTRIBUTIONS)
def test_words_that_set_attribution(sentence, attribution, actor):
    found = find_attributions(sentence, find_actors(sentence))
    assert [(a.attribution, a.actor) for a in found] == [(attribution, actor)]


# (sentence, event_type, sub_event_type, weapon)
KINDS = [
    (
        "Militants fired Katyusha rockets at the base.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "rockets",
    ),
    (
        "Iran launched ballistic missiles at two bases.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "ballistic missiles",
    ),
    (
        "An Iranian ballistic missile strike hit the base.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "ballistic missiles",
    ),
    (
        "A drone strike killed the commander.",
        "Explosions/Remote violence",
        "Air/drone strike",
        "drone",
    ),
    (
        "A one-way attack drone struck the outpost.",
        "Explosions/Remote violence",
        "Air/drone strike",
        "drone",
    ),
    ("Warplanes bombed the depot.", "Explosions/Remote violence", "Air/drone strike", "aircraft"),
    (
        "A roadside bomb hit the convoy.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "IED",
    ),
    (
        "A suicide car bomber struck the checkpoint.",
        "Explosions/Remote violence",
        "Suicide bomb",
        "suicide bomb",
    ),
    (
        "Heavy artillery shelling hit the village.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "artillery",
    ),
    ("Clashes broke out between the two groups.", "Battles", "Armed clash", "small arms"),
    ("Protesters stormed the embassy compound.", "Riots", "Violent demonstration", "mob"),
    ("Police arrested three suspects.", "Strategic developments", "Arrests", ""),
    ("Air defences intercepted the drone.", "Strategic developments", "Disrupted weapons use", ""),
]


@pytest.mark.parametrize(("sentence", "event_type", "sub_event_type", "weapon"), KINDS)
def test_event_words_follow_acleds_hierarchy(sentence, event_type, sub_event_type, weapon):
    typed = [t for t in find_triggers(sentence) if not t.generic]
    assert typed, sentence
    assert (typed[0].event_type, typed[0].sub_event_type, typed[0].weapon) == (
        event_type, sub_event_type, weapon,
    )  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    ["We will not tolerate attacks on our people.", "The aim was to prevent attacks on bases."],
)
def test_hypothetical_attacks_are_not_events(sentence):
    assert find_triggers(sentence) == []
