"""General classes of wording, one table each, written for these tests (not report text):
a town described before an offset's name, "off the coast of" a described port, a
report's own army named without its country, an event placed only by its country or a
border, and "none of the crew was hurt"."""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.numbers import find_casualties
from ingest.places import find_places

PUBLISHED = date(2024, 3, 9)  # a Saturday


def _news(text, geocoder):
    return [c for c in extract(text, PUBLISHED, geocoder=geocoder) if not c.background]


# A description of the town between the offset and its name: (sentence, location start)
DESCRIBED_OFFSET = [
    ("A tanker was struck 77 nautical miles west of the Houthi-held port of Hodeidah.", "77"),
    ("The bomb went off 20 km south of the northern city of Mosul.", "20 km south of Mosul"),
    ("A drone hit a ship some 50 nautical miles southwest of the Red Sea port of Hodeidah.", "50"),
    ("Shells fell 10 km east of Syria's northeastern city of Qamishli.", "10 km east of Qamishli"),
    (
        "Rockets landed 15 km north of the Kurdish regional capital of Erbil.",
        "15 km north of Erbil",
    ),
]


@pytest.mark.parametrize(("sentence", "location"), DESCRIBED_OFFSET)
def test_a_described_town_does_not_block_the_offset(sentence, location, geocoder):
    sites = [p for p in find_places(sentence, geocoder) if p.role == "site"]
    assert sites, sentence
    assert sites[0].location.startswith(location), sites[0].location
    assert sites[0].place.provenance.startswith("offset:")
    assert sites[0].place.precision == 2


OFF_THE_COAST = [
    "A drone struck a vessel off the coast of the rebel-held port of Hodeidah.",
    "The ship came under fire off the Yemeni port of Mokha.",
    "Two missiles splashed down off Yemen's port city of Aden.",
]


@pytest.mark.parametrize("sentence", OFF_THE_COAST)
def test_off_a_described_port_is_at_sea_near_it(sentence, geocoder):
    (site,) = [p for p in find_places(sentence, geocoder) if p.role == "site"]
    assert site.location.startswith("off "), site.location
    assert site.place.precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "On Wednesday a Greek tanker was attacked in the Red Sea, 77 nautical miles west of the "
        "Houthi-held port of Hodeidah, a maritime agency said.",
        "The Houthis attacked a cargo ship in the Red Sea on Monday. The ship was hit about 60 "
        "nautical miles northwest of the rebel-held port of Hodeidah, the agency said.",
    ],
)
def test_a_sea_and_an_offset_of_one_attack_are_one_candidate(text, geocoder):
    (candidate,) = _news(text, geocoder)
    assert "nautical miles" in candidate.row["location"]


# A report's own army, named once with its country and then bare: (text, actor)
OWN_ARMY = [
    (
        "Jordan's army said on Thursday its troops were on alert. Border guards clashed with "
        "smugglers along the frontier on Wednesday, the army said.",
        "Jordan",
    ),
    (
        "Syrian troops have massed near the front. On Tuesday government forces shelled "
        "villages in Idlib province, killing five people.",
        "Syrian government",
    ),
    (
        "Syrian army units moved north. Regime forces pounded the town of Saraqeb on Monday, "
        "residents said.",
        "Syrian government",
    ),
]


@pytest.mark.parametrize(("text", "actor"), OWN_ARMY)
def test_a_bare_army_is_the_reports_own(text, actor, geocoder):
    rows = [c.row for c in _news(text, geocoder)]
    assert any(r["actor1"] == actor and r["attribution"] == "confirmed" for r in rows), rows


@pytest.mark.parametrize(
    "text",
    [
        "Jordanian troops killed 12 smugglers on Thursday, the army said. Border guards "
        "exchanged fire with the gang at several points along the frontier.",
        "Jordanian soldiers shot dead four infiltrators at dawn on Wednesday, the military said. "
        "The troops clashed with the group near the border.",
    ],
)
def test_troops_killing_is_their_states_deed(text, geocoder):
    rows = [c.row for c in _news(text, geocoder)]
    assert any(r["actor1"] == "Jordan" and r["attribution"] == "confirmed" for r in rows), rows


# The army as a victim, a speaker or another country's: never the agent.
NOT_THE_AGENT = [
    "Syrian army units moved north. Drones attacked the army in Homs on Friday, residents said.",
    "Syrian army units moved north. Drones struck a base in Homs on Friday, the army said.",
]


@pytest.mark.parametrize("text", NOT_THE_AGENT)
def test_the_army_as_target_or_speaker_is_not_the_agent(text, geocoder):
    rows = [c.row for c in _news(text, geocoder)]
    assert rows and all(r["actor1"] != "Syrian government" for r in rows), rows


# Placed only by a country or a border: the country at precision 3.
COUNTRY_ONLY = [
    (
        "Jordan's army said on Thursday its troops clashed with armed smugglers at several points "
        "along the frontier at dawn, killing 20 of them.",
        "Jordan",
    ),
    (
        "Radios exploded across southern Lebanon on Wednesday, killing at least nine people.",
        "Lebanon",
    ),
    ("U.S. forces carried out three strikes in Yemen on Monday, the Pentagon said.", "Yemen"),
]


@pytest.mark.parametrize(("text", "country"), COUNTRY_ONLY)
def test_an_event_placed_only_by_its_country_is_at_the_country(text, country, geocoder):
    (candidate,) = _news(text, geocoder)
    assert candidate.row["country"] == country
    assert candidate.row["geo_precision"] == "3"


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry said none of the 25 crew, 23 Filipinos and two Russians, was hurt.",
        "None of the 19 sailors were injured, the shipping company said.",
        "Officials said none of the passengers was harmed.",
    ],
)
def test_none_of_a_counted_crew_hurt_is_zero(sentence):
    found = find_casualties(sentence)
    assert found.wounded is not None and found.wounded.value == 0
