"""Rules for reports that list an operation's strikes, shootings and raids, several
events' counts in one sentence, "no casualties", claims and offsets at sea.

Each case is a sentence or a short report written for the test, not taken from a report.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.actors import find_actors, find_attributions
from ingest.kinds import find_triggers
from ingest.numbers import find_casualties
from ingest.places import find_places

SATURDAY = date(2022, 5, 14)


def _rows(text: str, geocoder, published: date = SATURDAY) -> list[dict]:
    return [c.row for c in extract(text, published, geocoder=geocoder)]


# A lead dates and attributes an operation; the strikes listed after it are its strikes.
# (report, place words, expected date, actor, attribution, sub-event type)
OPERATIONS = [
    (
        "Turkish drones struck several sites in northeast Syria on Friday, the SDF said.\n\n"
        "A farmer was killed in the village of Tal Tamr, and a drone hit Amuda.",
        "Tal Tamr",
        "2022-05-13",
        "Turkey",
        "confirmed",
        "Air/drone strike",
    ),
    (
        "Israeli jets struck targets near Damascus on Friday, the army said.\n\n"
        "A strike on a depot near Homs killed two soldiers, a monitor said.",
        "Homs",
        "2022-05-13",
        "Israel",
        "confirmed",
        "Air/drone strike",
    ),
    (
        "Iran fired missiles at Nevatim air base on Friday, the Guards said.\n\n"
        "In the city of Jericho, a man was killed by falling missile debris.",
        "Jericho",
        "2022-05-13",
        "Iran",
        "confirmed",
        "Shelling/artillery/missile attack",
    ),
]


@pytest.mark.parametrize(("text", "place", "day", "actor", "attribution", "sub"), OPERATIONS)
def test_a_listed_strike_takes_the_operations_date_type_and_actor(
    text, place, day, actor, attribution, sub, geocoder
):
    row = next(r for r in _rows(text, geocoder) if place in r["location"])
    assert (row["event_date"], row["actor1"], row["attribution"], row["sub_event_type"]) == (
        day,
        actor,
        attribution,
        sub,
    )


def test_an_event_with_its_own_recalled_date_is_not_the_operations(geocoder):
    text = (
        "Turkish drones struck several sites in northeast Syria on Friday, the SDF said.\n\n"
        "In 2019, a car bomb hit the town of Tal Abyad."
    )
    rows = _rows(text, geocoder)
    assert all(r["event_date"] != "2022-05-13" for r in rows if "Tal Abyad" in r["location"])


# (sentence, [(event_type, sub_event_type), ...] of its event words)
KINDS = [
    (
        "Gunmen opened fire at a bus stop, killing three Israelis.",
        {("Violence against civilians", "Attack")},
    ),
    (
        "Two gunmen shot dead a shopkeeper in the market.",
        {("Violence against civilians", "Attack")},
    ),
    (
        "Gunmen opened fire on a checkpoint and exchanged fire with soldiers.",
        {("Battles", "Armed clash")},
    ),
    (
        "Years later, gunmen attacked a checkpoint with rockets.",
        {("generic", ""), ("Explosions/Remote violence", "Shelling/artillery/missile attack")},
    ),  # fmt: skip
    (
        "Helicopter gunships fired missiles at a house in the camp.",
        {("Explosions/Remote violence", "Air/drone strike")},
    ),
    ("At least 18 raids hit positions of the militias.", {("generic", "")}),
    (
        "Troops raided the village at dawn.",
        {("Battles", "Armed clash")},
    ),
]


@pytest.mark.parametrize(("sentence", "kinds"), KINDS)
def test_shootings_raids_and_aircraft_weapons(sentence, kinds):
    assert {(t.event_type, t.sub_event_type) for t in find_triggers(sentence)} == kinds


# (sentence, killed, wounded): "no casualties" is a count of zero where it is said.
NONE_HURT = [
    ("The rockets landed in an empty field, causing no casualties.", 0, 0),
    ("The drone hit a warehouse and caused no injuries.", None, 0),
    ("The shell hit the base without causing casualties.", 0, 0),
    ("Nobody was harmed when the mortar landed.", 0, 0),
    ("No one was hurt in the attack.", 0, 0),
]


@pytest.mark.parametrize(("sentence", "killed", "wounded"), NONE_HURT)
def test_no_casualties_is_zero(sentence, killed, wounded):
    c = find_casualties(sentence)
    assert (c.killed and c.killed.value, c.wounded and c.wounded.value) == (killed, wounded)


def test_the_killers_counted_before_killed_are_not_the_dead():
    c = find_casualties("Two gunmen, later named by police, killed four Israelis at a cafe.")
    assert c.killed.value == 4


def test_each_event_of_a_sentence_keeps_its_own_dead(geocoder):
    text = (
        "Israeli drones struck a car near Tulkarm on Wednesday, the army said.\n\n"
        "The strike came a day after two gunmen killed four Israelis near the city of Ariel, "
        "and two days after an Israeli raid on the city of Nablus, in which helicopter "
        "gunships fired missiles, killed five Palestinians."
    )
    rows = _rows(text, geocoder, date(2022, 5, 12))
    by_place = {r["location"]: r for r in rows}
    nablus = next(r for name, r in by_place.items() if "Nablus" in name)
    assert (nablus["event_date"], nablus["fatalities"], nablus["sub_event_type"]) == (
        "2022-05-09",
        "5",
        "Air/drone strike",
    )
    shooting = next(r for r in rows if r["event_type"] == "Violence against civilians")
    assert (shooting["event_date"], shooting["fatalities"]) == ("2022-05-10", "4")


# (sentence, claimed actor)
CLAIMS = [
    ("A branch of the PKK claimed Sunday's bombing outside the ministry.", "PKK"),
    ("The Houthis claimed Tuesday's missile attack on the tanker.", "Houthis"),
]


@pytest.mark.parametrize(("sentence", "actor"), CLAIMS)
def test_a_claim_of_a_dated_attack(sentence, actor):
    found = find_attributions(sentence, find_actors(sentence))
    assert ("claimed", actor) in {(a.attribution, a.actor) for a in found}


def test_a_claim_that_names_the_weapons_is_the_attack_told_before(geocoder):
    text = (
        "A tanker was hit in the Red Sea on Friday, 40 nautical miles west of Hodeidah.\n\n"
        "The Houthis claimed the attack, saying they had used drones and a missile."
    )
    (row,) = _rows(text, geocoder)
    assert (row["actor1"], row["attribution"]) == ("Houthis", "claimed")


# (sentence, location): the offset applies after a phrase saying what the town is.
OFFSETS = [
    (
        "The ship was hit 66 nautical miles southwest of Yemen's port of Hodeidah.",
        "66 nautical miles southwest of Hodeidah",
    ),
    (
        "The ship was hit 20 nautical miles west of the Yemeni port city of Hodeidah.",
        "20 nautical miles west of Hodeidah",
    ),
    ("A blast was heard 30 km north of the city of Baghdad.", "30 km north of Baghdad"),
]


@pytest.mark.parametrize(("sentence", "location"), OFFSETS)
def test_an_offset_after_a_description_of_the_town(sentence, location, geocoder):
    (place,) = find_places(sentence, geocoder)
    assert place.location == location
    assert place.place.provenance.startswith("offset:")


def test_a_measured_point_at_sea_is_one_row_not_the_sea_too(geocoder):
    text = "A tanker was hit in the Red Sea on Friday, about 60 nautical miles west of Hodeidah."
    rows = _rows(text, geocoder)
    assert [r["geo_source"][:7] for r in rows] == ["offset:"]


def test_the_capital_names_its_city(geocoder):
    sentence = "Jets hit sites in the capital Sanaa and the port city of Hodeidah on Friday."
    assert [p.location for p in find_places(sentence, geocoder)] == ["Sanaa", "Hodeidah"]


def test_towns_on_two_sides_of_a_border_are_two_places_of_the_operation(geocoder):
    text = (
        "U.S. jets carried out strikes on Friday in Iraq and Syria, the military said.\n\n"
        "The strikes hit sites near Albu Kamal in Syria and near Al-Qaim in Iraq."
    )
    places = {r["location"] for r in _rows(text, geocoder)}
    assert {"near Albu Kamal", "near Al-Qaim"} <= places


# (report, sub-event type): a state's bare strike is from the air unless it names missiles.
STATE_STRIKES = [
    ("Tuesday's Iranian strike on the town of Panjgur killed two children.", "Air/drone strike"),
    (
        "Iran said on Tuesday it had attacked bases in Panjgur. Tuesday's Iranian strike on "
        "Panjgur killed two children.",
        "Air/drone strike",
    ),  # fmt: skip
    (
        "Tuesday's Iranian missile strike on Panjgur killed two children.",
        "Shelling/artillery/missile attack",
    ),  # fmt: skip
]


@pytest.mark.parametrize(("text", "sub"), STATE_STRIKES)
def test_a_states_bare_strike_across_a_border(text, sub, geocoder):
    rows = _rows(text, geocoder, date(2024, 1, 18))
    assert {r["sub_event_type"] for r in rows if "Panjgur" in r["location"]} == {sub}


def test_weeks_of_attacks_are_a_pattern(geocoder):
    text = (
        "U.S. jets struck Houthi sites in Sanaa early on Friday, the military said.\n\n"
        "The strikes answered weeks of Houthi drone attacks on shipping in the Red Sea."
    )
    assert [r["location"] for r in _rows(text, geocoder, date(2024, 1, 12))] == ["Sanaa"]


# (sentence, site names): a list's next item is a site, "X, the capital of Y" is not.
LISTS = [
    (
        "Drones hit a depot near Tal Tamr, the main power station in Qamishli and a farm.",
        ["near Tal Tamr", "Qamishli"],
    ),
    ("Rockets hit a base near Tal Tamr, the town's largest, on Friday.", ["near Tal Tamr"]),
]


@pytest.mark.parametrize(("sentence", "sites"), LISTS)
def test_a_lists_next_item_is_a_site(sentence, sites, geocoder):
    found = [p.location for p in find_places(sentence, geocoder) if p.role == "site"]
    assert found == sites


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("One official said there were no American casualties at either base.", 0),
        ("The army said no Iraqi soldiers had been killed.", 0),
        ("No American troops were wounded, officials said.", None),
    ],
)
def test_no_named_casualties_is_zero_killed(sentence, killed):
    c = find_casualties(sentence)
    assert (c.killed.value if c.killed else None) == killed


# (report, place of the second event): "the same square" is the place named before.
SAME_PLACE = [
    (
        "A car bomb exploded near Kirkuk on Sunday, police said.\n\n"
        "A second bomb went off in the same square on Monday, killing two people.",
        "near Kirkuk",
    ),
    (
        "Rockets hit Ain al-Asad air base on Sunday, officials said.\n\n"
        "Another rocket attack at the same base on Monday wounded two soldiers.",
        "Ain al-Asad Air Base",
    ),
]


@pytest.mark.parametrize(("text", "place"), SAME_PLACE)
def test_the_same_place_is_the_place_named_before(text, place, geocoder):
    rows = _rows(text, geocoder, date(2022, 5, 17))
    second = next(r for r in rows if r["event_date"] == "2022-05-16")
    assert second["location"] == place


def test_a_relative_clause_does_not_hide_the_subject_who_did_not_comment():
    sentence = (
        "Hezbollah, which has traded fire with Israel since October, did not comment, "
        "but Israeli officials held the group responsible."
    )
    found = find_attributions(sentence, find_actors(sentence))
    assert {(a.attribution, a.actor) for a in found} == {("alleged", "Hezbollah")}


def test_a_sentence_that_only_blames_is_no_pattern_for_its_since(geocoder):
    text = (
        "A barrage of rockets hit an army base in Safed on Wednesday, the army said.\n\n"
        "Hezbollah, which has traded fire with Israel since October, did not comment, "
        "but Israeli officials held the group responsible."
    )
    (row,) = _rows(text, geocoder, date(2024, 2, 15))
    assert (row["actor1"], row["attribution"]) == ("Hezbollah", "alleged")


# (report, actor, attribution): a third party's denial of a statement is not the attack's.
DENIALS = [
    (
        "A suicide bomber struck outside the ministry in Ankara on Sunday. Turkey says the "
        "attackers came from Syria, which the SDF denies.",
        "Unidentified armed group",
        "unknown",
    ),
    (
        "A drone hit a base near Erbil on Sunday. Washington blamed Iran for the attack, "
        "which Iran denied.",
        "Iran",
        "denied",
    ),
    ("A drone hit a base near Erbil on Sunday. Iran denied any role.", "Iran", "denied"),
]


@pytest.mark.parametrize(("text", "actor", "attribution"), DENIALS)
def test_a_third_partys_denial_of_a_statement(text, actor, attribution, geocoder):
    (row,) = _rows(text, geocoder, date(2023, 10, 2))
    assert (row["actor1"], row["attribution"]) == (actor, attribution)


# (report, sub-event type, actor, attribution): "in what X said was a Y strike" is one
# event the speakers attribute; "in what Ankara called retaliation for a bombing" is two.
IN_WHAT = [
    (
        "Blasts were heard near the city of Isfahan early on Friday in what U.S. officials "
        "said was an Israeli strike.",
        "Air/drone strike",
        "Israel",
        "alleged",
    ),
    (
        "Explosions shook a depot near Mosul on Friday in what residents described as a "
        "Turkish drone strike.",
        "Air/drone strike",
        "Turkey",
        "alleged",
    ),
]


@pytest.mark.parametrize(("text", "sub", "actor", "attribution"), IN_WHAT)
def test_in_what_officials_said_was_a_strike(text, sub, actor, attribution, geocoder):
    (row,) = _rows(text, geocoder, date(2024, 4, 20))
    assert (row["sub_event_type"], row["actor1"], row["attribution"]) == (sub, actor, attribution)


def test_in_what_was_called_retaliation_for_another_attack_keeps_two_events():
    from ingest.mentions import _IN_WHAT

    assert _IN_WHAT.search(" sites in what Ankara called retaliation for a ") is None


# (sentence, attributions): "X said Y was behind it" alleges Y, never the speaker X or a
# name after the verb.
BEHIND = [
    (
        "Israel said the commander was behind the rocket strike on the Israeli-occupied Golan.",
        set(),
    ),
    ("Washington said Kataib Hezbollah was behind the attack.", {"Kata'ib Hezbollah"}),
]


@pytest.mark.parametrize(("sentence", "actors"), BEHIND)
def test_said_to_be_behind_alleges_the_subject(sentence, actors):
    found = find_attributions(sentence, find_actors(sentence))
    assert {a.actor for a in found if a.attribution == "alleged" and a.actor} == actors


def test_the_killing_of_a_named_person_is_an_event_word():
    sentence = "Iran condemned the killing of the commander in Tehran last Wednesday."
    assert [t.text for t in find_triggers(sentence)] == ["killing"]
    assert find_triggers("The blast went off, killing two soldiers.")[-1].text != "killing"


def test_the_day_after_a_definite_strikes_place_is_its_day(geocoder):
    from ingest.mentions import mentions_of

    sentence = (
        "The army said its jets killed the commander in the strike on the Zahra district "
        "last Tuesday."
    )
    found = mentions_of(0, sentence, date(2022, 5, 14), geocoder)
    assert {m.date.value for m in found if m.date is not None} == {date(2022, 5, 10)}
