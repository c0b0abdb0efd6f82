"""General classes found on reports 300-311, one table each, written for these tests
(not report text)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.actors import find_actors, find_attributions
from ingest.numbers import find_casualties
from ingest.places import find_places

PUBLISHED = date(2024, 3, 9)  # a Saturday


# "on the edge of X", "in the area of X", "the heart of X": the place named after the cue.
EDGE_OF = [
    ("A shell landed in a field on the edge of Metulla late at night.", "Metula"),
    ("Jets struck depots in the area of Qusayr, officials said.", "Al Quşayr"),
    ("A rocket fell on the edges of Karmiel without causing injuries.", "Karmi’el"),
    ("The car bomb exploded in the heart of Beirut.", "Beirut"),
    ("Shells hit homes on the fringes of Kiryat Ata.", "Qiryat Ata"),
]


@pytest.mark.parametrize(("sentence", "name"), EDGE_OF)
def test_a_place_after_edge_or_area_of(sentence, name, geocoder):
    sites = [p for p in find_places(sentence, geocoder) if p.role == "site"]
    assert sites, sentence
    assert sites[0].place.name == name


# "killed a policeman and two civilians": every group of victims joined by "and" counts.
JOINED_VICTIMS = [
    ("The blast killed a policeman and two civilians.", 3),
    ("Shelling hit the village, killing a shepherd and three young boys.", 4),
    ("The drone killed two fighters and four local farm workers, medics said.", 6),
    ("A car bomb killed an officer and two of his guards.", 3),
    ("The strike killed two children and wounded three girls.", 2),
]


@pytest.mark.parametrize(("sentence", "killed"), JOINED_VICTIMS)
def test_victims_joined_by_and_are_summed(sentence, killed):
    assert find_casualties(sentence).killed.value == killed


# "said Russian jets carried out the raid": the speaker's allegation; only the actor's
# own officials confirm.
REPORTED_AGENT = [
    ("Local activists said Russian jets carried out the raid on the market.", "alleged"),
    ("Residents said Israeli warplanes struck the camp overnight.", "alleged"),
    ("A monitoring group reported Turkish drones targeted the convoy.", "alleged"),
    ("U.S. officials said American aircraft carried out the strike.", "confirmed"),
    ("Israeli officials said Israel struck the weapons depot.", "confirmed"),
]


@pytest.mark.parametrize(("sentence", "attribution"), REPORTED_AGENT)
def test_a_third_party_saying_who_did_it_is_an_allegation(sentence, attribution):
    found = find_attributions(sentence, find_actors(sentence))
    assert [a.attribution for a in found] == [attribution]


def _news(text, geocoder):
    return [c for c in extract(text, PUBLISHED, geocoder=geocoder) if not c.background]


# A lead that sums up the events told next ("Rockets killed five on Friday. In the first
# strike, ..."): each event told is its own candidate, dated by the lead, and the lead's
# total is none of theirs.
ORDINAL_LEADS = [
    "Rockets fired from Lebanon killed five people in northern Israel on Friday. "
    "In the first strike, a rocket hit a barn on the edge of Metulla, killing three farmers. "
    "Hours later, a rocket struck a house in Karmiel, killing two residents.",
    "Drones launched from Yemen wounded nine people in southern Israel on Friday. "
    "In the first attack, a drone hit a hotel in Eilat, wounding four guests. "
    "Hours later, a drone struck a school outside Ashkelon, wounding five people.",
    "Air strikes killed eight people in Idlib province on Friday. "
    "In the first raid, jets struck a market in Jisr al-Shughour, killing five people. "
    "Later that day, warplanes hit a bakery in Sarmin, killing three.",
]


@pytest.mark.parametrize("text", ORDINAL_LEADS)
def test_a_lead_summing_up_the_events_told_next(text, geocoder):
    news = _news(text, geocoder)
    assert len(news) == 2, [c.row["location"] for c in news]
    assert all(c.row["event_date"] == "2024-03-08" for c in news)
    assert sorted(len(c.row["location"]) > 0 for c in news) == [True, True]


# "jets flying over Lebanon", "a man from the town of X": where the weapon or the victims
# came from, never the site.
ORIGIN_PLACES = [
    ("Israeli jets flying over northwestern Lebanon fired missiles at sites near Hama.", "Hama"),
    ("Two women from the Arab town of Shfaram were killed when a rocket hit Kiryat Ata.", None),
    ("Warplanes flew over the Golan before striking a depot near Quneitra.", None),
    ("A shepherd from the village of Qana died when a shell fell near Tyre.", "Tyre"),
    ("Drones launched from the city of Sanaa were shot down near Eilat.", "Eilat"),
]


@pytest.mark.parametrize(("sentence", "site"), ORIGIN_PLACES)
def test_an_origin_is_not_the_site(sentence, site, geocoder):
    places = find_places(sentence, geocoder)
    origins = {"Lebanon", "Shfaram", "Golan", "Qana", "Sanaa"}
    assert not any(p.role == "site" and p.text.split()[-1] in origins for p in places), places
    if site:
        assert any(p.role == "site" and site in p.text for p in places), places


# "condemned the raid": the event told, by its bare name, not a ground clash of its own.
BARE_RAID = [
    "Israeli jets struck a depot near Homs on Sunday. Iran condemned the raid as criminal.",
    "A U.S. drone strike hit a car in Baghdad on Sunday. Iraq called the raid a violation.",
    "Turkish warplanes bombed a village near Dohuk on Sunday. Baghdad said the raid killed two.",
    "Israeli aircraft hit a house in Rafah on Sunday. Hamas said that raid killed a family.",
]


@pytest.mark.parametrize("text", BARE_RAID)
def test_the_raid_named_again_is_the_strike_told(text, geocoder):
    news = _news(text, geocoder)
    assert [c.row["event_type"] for c in news] == ["Explosions/Remote violence"]


# A count the report says was replaced ("said earlier that 14 had died") is never the
# best figure; one told before such a cue stays.
SUPERSEDED = [
    (
        "An air strike killed at least 16 people in Homs on Sunday. "
        "A doctor said earlier that 14 people had been killed.",
        16,
    ),
    (
        "A bomb killed five people in Ankara on Sunday. "
        "Officials had initially put the toll at four dead.",
        5,
    ),
    (
        "A drone strike killed 12 people in Idlib on Sunday. An initial toll of 9 dead was "
        "revised.",
        12,
    ),
    (
        "A suicide bombing killed 30 people in Kabul on Sunday, revising an earlier figure "
        "of 40 dead.",
        30,
    ),
]


@pytest.mark.parametrize(("text", "killed"), SUPERSEDED)
def test_a_superseded_count_is_not_the_best(text, killed, geocoder):
    news = _news(text, geocoder)
    assert [c.row["fatalities"] for c in news] == [str(killed)]


# A speaker before the count ("A doctor said 14 people were killed"): the count, not "a".
SPEAKER_THEN_COUNT = [
    ("A doctor said 14 people were killed.", 14),
    ("A spokesman told reporters that nine soldiers had been killed.", 9),
    ("An official said earlier that six civilians were killed.", 6),
]


@pytest.mark.parametrize(("sentence", "killed"), SPEAKER_THEN_COUNT)
def test_a_speaker_is_not_counted_as_a_victim(sentence, killed):
    assert find_casualties(sentence).killed.value == killed


# "the village of X, near the town of Y": Y locates X and is no second site.
NEAR_AFTER_SITE = [
    ("Gunmen attacked the village of Hawija, near the town of Kirkuk.", "Hawija"),
    ("The drone hit a farm in Metula, near Kiryat Shmona, on Monday.", "Metula"),
    ("Rockets fell on the town of Jisr al-Shughour, close to Idlib.", "Jisr al-Shughour"),
]


@pytest.mark.parametrize(("sentence", "site"), NEAR_AFTER_SITE)
def test_a_place_near_the_site_is_its_reference(sentence, site, geocoder):
    sites = [p for p in find_places(sentence, geocoder) if p.role == "site"]
    assert [p.text.split(" of ")[-1] for p in sites] == [site], sites


# Kidnapping and then shooting people dead is one deadly attack on civilians.
KIDNAP_THEN_KILL = [
    "Militants attacked a village near Tikrit late on Sunday, killing nine civilians. "
    "Officials said the militants had abducted a shepherd earlier in the day and opened fire "
    "on his relatives.",
    "Gunmen attacked a hamlet near Kirkuk on Sunday, killing six people. Police said the "
    "gunmen had kidnapped two farmers earlier that day and opened fire on those who came.",
    "Gunmen attacked a village near Baquba on Sunday, killing five people. The gunmen had "
    "kidnapped a farmer earlier in the day and then opened fire on his family.",
]


@pytest.mark.parametrize("text", KIDNAP_THEN_KILL)
def test_a_deadly_attack_with_an_abduction_is_an_attack(text, geocoder):
    news = _news(text, geocoder)
    assert [c.row["sub_event_type"] for c in news] == ["Attack"]


# "launched from Houthi-held territory": the report alleges the group that holds it;
# "the group claimed that attack": a claim of the attack told.
TERRITORY_AND_THAT_CLAIM = [
    ("A drone launched from Houthi-controlled areas hit the tanker.", [("alleged", "Houthis")]),
    ("Rockets fired from Hezbollah-held parts of Lebanon hit a farm.", [("alleged", "Hezbollah")]),
    ("Hezbollah said it claimed that attack on the base.", [("claimed", "Hezbollah")]),
    ("The PKK claimed this bombing in a statement.", [("claimed", "PKK")]),
]


@pytest.mark.parametrize(("sentence", "expected"), TERRITORY_AND_THAT_CLAIM)
def test_territory_and_that_claim(sentence, expected):
    found = find_attributions(sentence, find_actors(sentence))
    assert [(a.attribution, a.actor) for a in found] == expected
