"""Rules for wire copy in general: datelines, headlines, collective claims, leads that sum up.

Each case is a sentence written for the test, not taken from a report.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.actors import find_actors, find_attributions
from ingest.dates import find_dates
from ingest.kinds import find_triggers
from ingest.text import clean, headline_indices, split_sentences


def _news(text: str, published: date, geocoder):
    return [c.row for c in extract(text, published, geocoder=geocoder) if not c.background]


@pytest.mark.parametrize(
    "line",
    [
        "KIRKUK, Iraq, May 3 (Reuters) - Rockets hit a base.",
        "AMMAN, Feb 9 - Rockets hit a base.",
        "BEIRUT (AP) — Rockets hit a base.",
        "SAN'A, Yemen, Dec 30 – Rockets hit a base.",
    ],
)
def test_a_dateline_is_where_the_story_was_filed_and_is_dropped(line):
    assert clean(line) == "Rockets hit a base."


def test_a_capitalised_acronym_in_a_sentence_is_no_dateline():
    assert clean("U.S. forces said - again - that rockets hit.") == (
        "U.S. forces said - again - that rockets hit."
    )


def test_the_dateline_city_is_never_the_event_place(geocoder):
    rows = _news(
        "BAGHDAD, March 4 (Reuters) - A drone struck a convoy near Tal Afar on Monday.",
        date(2024, 3, 5),
        geocoder,
    )
    assert [r["location"] for r in rows] == ["near Tal Afar"]


def test_headline_lines_are_the_short_unpunctuated_lines_at_the_top():
    text = clean("Rocket hits base in Iraq\nSecond line of headline\nRockets hit Balad. More.")
    sentences = split_sentences(text)
    assert headline_indices(sentences, text) == {0, 1}


def test_a_headline_restating_the_lead_makes_no_second_event(geocoder):
    text = (
        "Militants shell airport in Iraq\n"
        "Rockets struck Erbil International Airport on Tuesday, officials said.\n"
        "No group claimed the attack.\n"
    )
    rows = _news(text, date(2021, 2, 17), geocoder)
    assert [(r["location"], r["event_date"]) for r in rows] == [
        ("Erbil International Airport", "2021-02-16")
    ]


@pytest.mark.parametrize(
    ("sentence", "offset"),
    [
        ("The previous day, a drone hit a car.", -1),
        ("A drone hit a car a day earlier.", -1),
        ("On the same night, missiles struck a depot.", 0),
        ("The day before the talks, a drone hit a car.", None),
    ],
)
def test_the_previous_day_and_the_same_night_are_anchored(sentence, offset):
    found = [d for d in find_dates(sentence, date(2022, 5, 5)) if d.anchored]
    assert (found[0].offset_days if found else None) == offset


def test_the_previous_day_dates_a_second_event_a_day_before_the_first(geocoder):
    text = (
        "A drone strike near Zakho killed two fighters on Thursday, officials said.\n"
        "The previous day, another drone strike near Zakho killed a commander.\n"
    )
    rows = _news(text, date(2022, 6, 10), geocoder)
    assert sorted(r["event_date"] for r in rows) == ["2022-06-08", "2022-06-09"]


@pytest.mark.parametrize(
    ("sentence", "disrupted"),
    [
        ("Four rockets were fired at the base, and three of them were intercepted.", False),
        ("Two drones were launched; one was shot down and the other hit a hangar.", False),
        ("Air defences shot down two drones over the airport.", True),
    ],
)
def test_an_interception_of_part_of_an_attack_is_no_event_of_its_own(sentence, disrupted):
    subs = {t.sub_event_type for t in find_triggers(sentence)}
    assert ("Disrupted weapons use" in subs) is disrupted


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Saraya Awliya al-Dam claimed both attacks on Telegram.", "Saraya Awliya al-Dam"),
        ("Kataib Hezbollah claimed the two strikes.", "Kata'ib Hezbollah"),
    ],
)
def test_a_claim_of_both_attacks_is_a_claim(sentence, who):
    found = find_attributions(sentence, find_actors(sentence))
    assert [(a.attribution, a.actor) for a in found] == [("claimed", who)]


def test_a_claim_of_both_attacks_is_told_of_each_event(geocoder):
    text = (
        "Rockets struck Balad air base on Sunday.\n"
        "A separate drone attack hit Camp Taji, wounding a soldier.\n"
        "Kataib Hezbollah claimed both attacks in a statement.\n"
    )
    rows = _news(text, date(2021, 4, 19), geocoder)
    assert len(rows) == 2
    assert {(r["actor1"], r["attribution"]) for r in rows} == {("Kata'ib Hezbollah", "claimed")}


def test_a_lead_that_sums_up_two_attacks_dates_each_of_them(geocoder):
    text = (
        "Rockets were fired at two bases hosting foreign troops in Iraq on Monday, "
        "officials said.\n"
        "Two rockets hit Balad air base.\n"
        "A separate rocket attack hit Camp Taji.\n"
    )
    rows = _news(text, date(2021, 4, 20), geocoder)
    assert sorted((r["location"], r["event_date"]) for r in rows) == [
        ("Balad Air Base", "2021-04-19"),
        ("Camp Taji", "2021-04-19"),
    ]


@pytest.mark.parametrize(
    ("sentence", "attribution", "who"),
    [
        (
            "Turkey's army said its forces had neutralised fighters but did not comment.",
            "alleged",
            "Turkey",
        ),
        ("Israel did not claim the strike.", "alleged", "Israel"),
    ],
)
def test_no_comment_is_an_allegation_of_the_named_actor(sentence, attribution, who):
    found = find_attributions(sentence, find_actors(sentence))
    assert (attribution, who) in [(a.attribution, a.actor) for a in found]


def test_a_sentence_with_no_event_word_still_says_who_is_blamed(geocoder):
    text = "A drone strike hit a car in Qamishli on Friday.\nSyria blamed Turkey.\n"
    rows = _news(text, date(2023, 5, 6), geocoder)
    assert [(r["actor1"], r["attribution"]) for r in rows] == [("Turkey", "alleged")]


def test_a_weapon_that_was_struck_is_the_target_not_the_event():
    triggers = find_triggers("Coalition forces struck two drones on the ground near Hajin.")
    assert [(t.text, t.generic) for t in triggers] == [("struck", True)]


def test_the_day_a_group_said_it_had_acted_is_the_day_of_the_deed(geocoder):
    rows = _news(
        "The Houthis said on Tuesday they had targeted a cargo ship in the Red Sea with missiles.",
        date(2024, 2, 21),
        geocoder,
    )
    assert [(r["event_date"], r["actor1"], r["attribution"]) for r in rows] == [
        ("2024-02-20", "Houthis", "claimed")
    ]


def test_where_a_weapon_was_aimed_is_not_where_it_was_struck(geocoder):
    rows = _news(
        "U.S. forces struck a missile launcher in Yemen that was aimed into the Red Sea on Monday.",
        date(2024, 2, 6),
        geocoder,
    )
    assert [(r["location"], r["sub_event_type"], r["actor1"]) for r in rows] == [
        ("Yemen", "Air/drone strike", "United States")
    ]


@pytest.mark.parametrize(
    "sentence",
    ["No sailors were hurt in the blast.", "One engine was damaged and no crew were injured."],
)
def test_no_crew_were_hurt_is_none_wounded(sentence):
    from ingest.numbers import find_casualties

    assert find_casualties(sentence).wounded.value == 0


@pytest.mark.parametrize(
    ("sentence", "attribution", "who"),
    [
        ("Hamas claimed the rocket attack on Ashkelon.", "claimed", "Hamas"),
        ("There was no comment from Turkey on the raid.", "alleged", "Turkey"),
        ("Two officials said Israel had carried out the raid.", "alleged", "Israel"),
    ],
)
def test_wire_wording_of_claims_and_allegations(sentence, attribution, who):
    found = find_attributions(sentence, find_actors(sentence))
    assert (attribution, who) in [(a.attribution, a.actor) for a in found]


def test_a_weapon_of_iranian_origin_names_no_actor():
    found = find_actors("A drone of Iranian origin and an Iranian-made missile")
    assert [a.actor for a in found] == []


def test_a_capital_that_blames_is_its_government_not_a_place(geocoder):
    rows = _news(
        "Shelling hit a village near Zakho in the Kurdistan region on Monday.\n"
        "Baghdad blamed Turkey for the attack.\n",
        date(2022, 7, 26),
        geocoder,
    )
    assert [r["location"] for r in rows] == ["near Zakho"]


def test_a_strike_one_side_confirms_and_an_attack_another_claims_stay_apart(geocoder):
    text = (
        "Israeli jets struck a power plant near Hodeidah on Saturday.\n"
        "The Houthis had claimed a drone attack on Eilat on Friday.\n"
    )
    rows = _news(text, date(2024, 7, 21), geocoder)
    assert sorted(r["actor1"] for r in rows) == ["Houthis", "Israel"]
