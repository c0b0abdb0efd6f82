"""Wording classes found on development reports 200-211, one table each.

The sentences are written for these tests: each row is one phrasing of a class
(a claim told after the event, a subject's "the", a device made into a bomb, a
barrage verb, an armed target, a superlative, a run of attacks), not a sentence
of any report.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.actors import find_actors, find_attributions
from ingest.kinds import find_triggers
from ingest.mentions import mentions_of

PUBLISHED = date(2024, 3, 9)  # a Saturday


def _attributions(sentence: str) -> list[tuple[str, str | None]]:
    return [(a.attribution, a.actor) for a in find_attributions(sentence, find_actors(sentence))]


# A speaker owning the deed: (sentence, actor). "said it had sent", "said they were behind".
OWN_DEED = [
    ("Hezbollah said it had sent a wave of drones at the base.", "Hezbollah"),
    ("The Houthis said on Friday they were behind the attack on the tanker.", "Houthis"),
    ("Hamas said in a statement that it was responsible for the shooting.", "Hamas"),
    ("Islamic State said its fighters had used explosives against the convoy.", "Islamic State"),
    ("The Houthis' spokesman said the group's forces had used drones against the ship.", "Houthis"),
]


@pytest.mark.parametrize(("sentence", "actor"), OWN_DEED)
def test_a_speaker_saying_it_did_it_claims_or_confirms(sentence, actor):
    found = _attributions(sentence)
    assert any(kind in ("claimed", "confirmed") and who == actor for kind, who in found), found
    assert not any(kind == "alleged" for kind, _ in found), found


# A claim told after the event it is of: (sentence, actor)
CLAIM_AFTER = [
    ("Hamas fired rockets at Ashkelon, an attack the group claimed.", "Hamas"),
    ("The Houthis launched a missile at the ship, a strike that they later claimed.", "Houthis"),
    ("Islamic State bombed the market, an attack which it quickly claimed.", "Islamic State"),
]


@pytest.mark.parametrize(("sentence", "actor"), CLAIM_AFTER)
def test_a_claim_told_after_the_event(sentence, actor):
    assert ("claimed", actor) in _attributions(sentence)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the Houthis launched drones at Abu Dhabi, killing three, an attack "
        "the group claimed.",
        "On Monday, the rebels fired missiles at Jizan, wounding two, an attack the Houthis "
        "claimed.",
    ],
)
def test_an_appositive_claim_is_the_claim_of_the_event_before_it(text, geocoder):
    (candidate,) = [c for c in extract(text, PUBLISHED, geocoder=geocoder) if not c.background]
    assert candidate.row["attribution"] == "claimed"
    assert candidate.row["actor1"] == "Houthis"
    assert candidate.row["event_date"] == "2024-03-04"


# The "the" of the subject is not the event word's: the date stays the event's.
SUBJECT_THE = [
    "On Monday, the Iran-backed militias launched rockets at the base near Erbil.",
    "On Tuesday, the rebels fired mortars at the airport in Aden.",
    "On Wednesday, the army sent drones over the town of Idlib.",
]


@pytest.mark.parametrize("sentence", SUBJECT_THE)
def test_a_subjects_article_does_not_make_the_weapon_a_reference(sentence, geocoder):
    (m,) = [x for x in mentions_of(0, sentence, PUBLISHED, geocoder, [], None)]
    assert not m.definite
    assert m.date is not None and m.date.value is not None


# "one of the deadliest strikes": a class compared with, not an event of its own.
SUPERLATIVE = [
    "A rocket hit the town on Sunday in one of the deadliest attacks on the city this year.",
    "A drone struck the base on Sunday, among the worst strikes on the army since 2020.",
    "A car bomb exploded on Sunday in one of the bloodiest bombings in years.",
]


@pytest.mark.parametrize("sentence", SUPERLATIVE)
def test_a_superlative_class_is_not_an_event_and_leaves_the_date(sentence, geocoder):
    mentions = mentions_of(0, sentence, PUBLISHED, geocoder, [], None)
    assert len(mentions) == 1
    assert mentions[0].date is not None and mentions[0].date.value == date(2024, 3, 3)


# Devices made into bombs: (sentence, trigger words)
DEVICES = [
    ("Hand-held radios exploded across the south on Wednesday.", "Hand-held radios exploded"),
    ("Thousands of pagers used by the group's members blew up at once.", "pagers used by"),
    ("The toll from Tuesday's pager explosions rose to twelve.", "pager explosions"),
    ("Doctors treated victims of the blasts of walkie-talkies.", "blasts of walkie-talkies"),
    ("Booby-trapped phones went off in several towns.", "Booby-trapped phones"),
]


@pytest.mark.parametrize(("sentence", "words"), DEVICES)
def test_devices_that_blow_up_are_remote_explosives(sentence, words):
    (t,) = [t for t in find_triggers(sentence) if not t.generic]
    assert t.sub_event_type == "Remote explosive/landmine/IED"
    assert t.text.startswith(words)


def test_a_rocket_that_exploded_stays_a_rocket():
    (t,) = find_triggers("A rocket exploded near the embassy.")
    assert t.sub_event_type == "Shelling/artillery/missile attack"


# Barrage verbs: (sentence, sub-event type)
BARRAGE = [
    ("Government forces pounded towns in the province.", "Shelling/artillery/missile attack"),
    ("Troops bombarded the village overnight.", "Shelling/artillery/missile attack"),
    ("Warplanes pounded the district at dawn.", "Air/drone strike"),
]


@pytest.mark.parametrize(("sentence", "sub"), BARRAGE)
def test_barrage_verbs_are_shelling_unless_aircraft_are_named(sentence, sub):
    typed = [t for t in find_triggers(sentence) if not t.generic]
    assert [t.sub_event_type for t in typed] == [sub]


# Guns: at civilians an attack, at armed men a clash: (sentence, event type)
GUNS = [
    ("A gun attack on a shrine killed 13 worshippers.", "Violence against civilians"),
    ("Gunmen opened fire on shoppers in the market, killing four.", "Violence against civilians"),
    ("It was the worst mass shooting in the city.", "Violence against civilians"),
    ("Smugglers opened fire on a border patrol before fleeing.", "Battles"),
    ("Militants opened fire at an army checkpoint, killing two soldiers.", "Battles"),
    ("A gun attack on a police convoy killed three officers.", "Battles"),
]


@pytest.mark.parametrize(("sentence", "event_type"), GUNS)
def test_small_arms_fire_is_typed_by_its_target(sentence, event_type):
    typed = [t for t in find_triggers(sentence) if not t.generic]
    assert typed and typed[0].event_type == event_type


# "intercepted" of words, not of weapons
INTERCEPTED = [
    ("The army released what it said was an intercepted conversation.", False),
    ("Officials cited intercepted phone calls between the commanders.", False),
    ("It published intercepted communications of the group.", False),
    ("Air defences intercepted two drones over the city.", True),
]


@pytest.mark.parametrize(("sentence", "disrupted"), INTERCEPTED)
def test_intercepted_talk_is_not_a_disrupted_weapon(sentence, disrupted):
    found = any(t.sub_event_type == "Disrupted weapons use" for t in find_triggers(sentence))
    assert found is disrupted


# A run of attacks since the one told: not an event of its own.
RUNS = [
    "The coalition has since pounded the capital.",
    "The field has been hit repeatedly in recent years.",
    "Militias have regularly fired rockets at the base.",
    "The base was struck time and again last year.",
]


@pytest.mark.parametrize("sentence", RUNS)
def test_a_run_of_attacks_is_aggregate(sentence, geocoder):
    mentions = mentions_of(0, sentence, PUBLISHED, geocoder, [], None)
    assert mentions and all(m.aggregate for m in mentions)
