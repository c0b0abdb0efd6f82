"""General classes found on development reports 300-311, one table each.

The sentences are written for these tests: each row is one phrasing of a class
(a claim of "both" events told before; a leading date of a deed a statement
tells; a nationality adjective that opens an organisation's name; a light or
hospital wording of the wounded; a region name or a far namesake as a place),
not a sentence of any report.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.actors import agent_before, find_actors
from ingest.numbers import find_casualties
from ingest.places import Area, find_places

PUBLISHED = date(2024, 3, 9)  # a Saturday

# "both" after two events told in other sentences: the claim reaches both, not an earlier one.
BOTH = [
    "Gunmen shot dead three farmers near Kirkuk on Monday. On Tuesday a roadside bomb killed "
    "two soldiers near Tikrit. Islamic State claimed both attacks.",
    "Gunmen shot dead three farmers near Kirkuk on Monday. On Tuesday a roadside bomb killed "
    "two soldiers near Tikrit. Islamic State claimed responsibility for the two attacks.",
    "Gunmen shot dead three farmers near Kirkuk on Monday. On Tuesday a roadside bomb killed "
    "two soldiers near Tikrit. Islamic State claimed both.",
    "Islamic State fighters were active in the area. Gunmen shot dead three farmers near Kirkuk "
    "on Monday. On Tuesday a roadside bomb killed two soldiers near Tikrit. The group claimed "
    "both.",
]


@pytest.mark.parametrize("text", BOTH)
def test_a_claim_of_both_reaches_both_events(text, geocoder):
    rows = [c.row for c in extract(text, PUBLISHED, geocoder=geocoder) if c.row["fatalities"]]
    assert len(rows) == 2, rows
    assert all(r["actor1"] == "Islamic State" and r["attribution"] == "claimed" for r in rows)


def test_both_reaches_only_the_last_two_events(geocoder):
    text = (
        "A rocket hit a house in Erbil on Sunday, wounding one man. Gunmen shot dead three "
        "farmers near Kirkuk on Monday. On Tuesday a roadside bomb killed two soldiers near "
        "Tikrit. Islamic State claimed both."
    )
    rows = {c.row["event_date"]: c.row for c in extract(text, PUBLISHED, geocoder=geocoder)}
    assert rows["2024-03-03"]["attribution"] != "claimed", rows
    assert rows["2024-03-04"]["attribution"] == "claimed"
    assert rows["2024-03-05"]["attribution"] == "claimed"


# A nationality adjective inside an organisation's name is not an actor.
ORG_NAMES = [
    ("Gunmen stormed the headquarters of Turkish Aerospace Industries outside Ankara.", "Turkey"),
    ("An Iraqi Airways plane was damaged when rockets hit the airport.", "Iraqi security forces"),
    ("The Syrian Arab Red Crescent said its convoy was hit by shelling.", "Syrian government"),
    ("Drones struck a Saudi Aramco facility in Jeddah.", "Saudi Arabia"),
    ("Israeli Channel 12 reported that a rocket hit a house in Safed.", "Israel"),
    ("The Iranian Red Crescent said 20 people were wounded in the blast.", "Iran"),
]


@pytest.mark.parametrize(("sentence", "not_actor"), ORG_NAMES)
def test_an_adjective_inside_an_organisation_name_is_no_actor(sentence, not_actor):
    assert not_actor not in [m.actor for m in find_actors(sentence)]


@pytest.mark.parametrize(
    "prefix", ["a Turkish Aerospace ", "the Iraqi Airways ", "an Israeli Channel 12 "]
)
def test_an_organisation_name_before_the_trigger_is_no_agent(prefix):
    sentence = prefix + "attack"
    assert agent_before(sentence, len(prefix)) is None


def test_the_adjective_alone_is_still_the_actor():
    assert "Turkey" in [m.actor for m in find_actors("Turkish warplanes struck targets.")]
    assert agent_before("Turkish drone strike", len("Turkish drone ")).actor == "Turkey"


# Wounded wordings: (sentence, wounded count or None when nobody was wounded).
WOUNDED = [
    ("A man in his 70s was lightly hurt.", 1),
    ("Two soldiers were lightly wounded in the blast.", 2),
    ("One soldier was slightly wounded, the army said.", 1),
    ("Three people suffered minor injuries, medics said.", 3),
    ("Two children sustained minor injuries.", 2),
    ("A woman was taken to hospital with shrapnel wounds.", 1),
    ("A sixth man was taken to Rambam hospital in Haifa with severe shrapnel wounds.", 1),
    ("Four people were rushed to a nearby hospital with burns.", 4),
    ("Five residents were treated for shock and one man was lightly hurt.", 1),
    ("Four people were treated for shock, the rescue service said.", None),
    ("Dozens were treated for shock after the siren.", None),
]


@pytest.mark.parametrize(("sentence", "wounded"), WOUNDED)
def test_wounded_wordings(sentence, wounded):
    figure = find_casualties(sentence).wounded
    assert (figure.value if figure else None) == wounded, figure


# A leading "Later on Thursday, X said its jets had struck ...": the statement tells a new
# deed, so the leading date is the deed's as well (published Saturday 2024-03-09).
LEADING_DEED = [
    "Later on Thursday the Israeli military said its jets had struck weapons depots and "
    "command centres used by the group in the area of Qusayr in Syria.",
    "Later on Thursday, the Israeli military said its warplanes had struck command centres "
    "of the group near the town of Qusayr.",
    "Earlier on Thursday the army said its aircraft had struck a depot used by militants "
    "in the area of Qusayr in Syria.",
]


@pytest.mark.parametrize("text", LEADING_DEED)
def test_a_leading_date_dates_the_deed_a_statement_tells(text, geocoder):
    rows = [c.row for c in extract(text, PUBLISHED, geocoder=geocoder) if not c.background]
    assert [r["event_date"] for r in rows] == ["2024-03-07"], rows


# A region is never one point, and a GeoNames namesake on another continent from every
# place the report names is refused. (sentence, place kept or None)
GAZA = Area(countries=("IL", "PS"), points=((31.5, 34.46),))
REGIONS = [
    ("Protests erupted in cities across the Middle East overnight.", None),
    ("Protests erupted in cities in the Middle East overnight.", None),
    ("Crowds gathered in the Levant.", None),
    ("A rocket landed in Manchester on Monday.", None),
    ("A rocket landed in Paris on Monday.", None),
    ("A rocket landed in Sderot on Monday.", "Sderot"),
]


@pytest.mark.parametrize(("sentence", "kept"), REGIONS)
def test_a_region_or_a_far_namesake_is_no_place(sentence, kept, geocoder):
    found = [p.place.name for p in find_places(sentence, geocoder, area=GAZA)]
    assert found == ([kept] if kept else []), found


def test_a_region_is_no_place_without_a_report_area(geocoder):
    assert not find_places("Protests erupted across the Middle East.", geocoder)
