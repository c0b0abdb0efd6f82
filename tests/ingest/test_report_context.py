"""Rules that read a sentence in the light of its report: the report's area for namesakes,
its province for unknown towns, its lead's date for "later", its headline's figures, and
the clause-level rules added with them. Sentences are written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.dates import find_dates
from ingest.kinds import find_triggers
from ingest.mentions import mentions_of
from ingest.numbers import find_casualties
from ingest.places import Area, find_places, report_area

PUBLISHED = date(2024, 3, 7)  # a Thursday


# A namesake is looked for first in the countries the report names: (report, sentence, country)
AREA_NAMESAKES = [
    (
        "Air strikes hit Syria's Sweida province. A depot near the village of Malah was hit.",
        "A depot near the village of Malah was hit.",
        "SY",
    ),
    (
        "Shelling hit Baghdad. Later a rocket landed near the town of Malah.",
        "Later a rocket landed near the town of Malah.",
        None,  # an Iraqi report: the Yemeni namesake is too far from Baghdad to be meant
    ),
]


@pytest.mark.parametrize(("report", "sentence", "country"), AREA_NAMESAKES)
def test_a_namesake_in_the_reports_countries_is_preferred(report, sentence, country, geocoder):
    area = report_area(report, geocoder)
    found = [
        p.place.country for p in find_places(sentence, geocoder, area=area) if "Malah" in p.text
    ]
    assert found == ([country] if country else [])


# A town no source knows, in a report about one province: the province's point, region
# precision; with no one province, no place. (report, sentence, placed)
UNKNOWN_TOWNS = [
    ("Strikes hit Syria's Sweida province.", "Two houses in the town of Qarnabit burned.", True),
    ("Strikes hit Syria's Sweida province.", "Two houses in the village of Qarnabit burned.", True),
    ("Strikes hit Syria and Iraq.", "Two houses in the town of Qarnabit burned.", False),
]


@pytest.mark.parametrize(("report", "sentence", "placed"), UNKNOWN_TOWNS)
def test_an_unknown_town_is_placed_at_the_reports_one_province(report, sentence, placed, geocoder):
    area = report_area(report, geocoder)
    found = [p for p in find_places(sentence, geocoder, area=area) if p.text == "Qarnabit"]
    assert bool(found) == placed
    if placed:
        assert found[0].place.precision == 3
        assert found[0].place.provenance.startswith("context:gazetteer:")


def test_a_namesake_far_from_every_place_of_the_report_is_dropped(geocoder):
    area = Area(countries=("SY",), points=((32.7, 36.57),))
    # "Arman" is in GeoNames only as a Turkish and a Russian town, far from southern Syria.
    assert not [
        p
        for p in find_places("Houses in the town of Arman burned.", geocoder, area=area)
        if p.place.provenance.startswith("geonames:")
    ]


# "later" before a deed: anchored to the event told before, same day. (sentence, anchored)
LATER = [
    ("Air strikes on the south later killed at least 10 people.", True),
    ("Israeli jets later struck a depot.", True),
    ("A truck later discovered near the base was used.", False),
    ("The ministry later said the toll had risen.", False),
]


@pytest.mark.parametrize(("sentence", "anchored"), LATER)
def test_later_before_a_deed_is_anchored_to_the_event_before(sentence, anchored):
    found = [d for d in find_dates(sentence, PUBLISHED) if d.kind == "later"]
    assert bool(found) == anchored
    if found:
        assert found[0].offset_days == 0


# Combined weapons, tank fire, weapons as the object of a strike: (sentence, sub-event types)
TRIGGERS = [
    ("The Guards attacked the camps with missiles and drones.", ["Air/drone strike"]),
    ("The base was attacked with drones and rockets.", ["Air/drone strike"]),
    ("It recalled the drone and missile strike on Abqaiq.", ["Air/drone strike"]),
    (
        "A journalist was killed by tank fire near the border.",
        [SHELL := "Shelling/artillery/missile attack"],
    ),  # noqa: E501
    ("Tank shells hit two houses in the village.", [SHELL]),
    ("U.S. forces carried out strikes on Monday against Houthi cruise missiles.", [""]),
    ("The navy launched strikes against anti-ship missiles and drone boats.", [""]),
    ("Iran launched strikes on Israel with ballistic missiles.", ["", SHELL]),
]


@pytest.mark.parametrize(("sentence", "subs"), TRIGGERS)
def test_combined_weapons_tank_fire_and_struck_weapons(sentence, subs):
    assert [t.sub_event_type for t in find_triggers(sentence) if t.text != "attacked"] == subs


# A counted plural told with its deed is one operation's strikes, not a pattern:
# (sentence, aggregate)
COUNTS = [
    ("Several strikes hit the offices of the party near the town of Koya.", False),
    ("U.S. forces carried out five strikes on Monday against launch sites.", False),
    ("Three strikes on Tuesday hit depots near Albu Kamal.", False),
    ("There have been several attacks on the base since October.", True),
    ("Previous strikes hit the same depot.", True),
]


@pytest.mark.parametrize(("sentence", "aggregate"), COUNTS)
def test_a_counted_plural_with_its_deed_is_an_operation(sentence, aggregate, geocoder):
    (first, *_) = [m for m in mentions_of(1, sentence, PUBLISHED, geocoder) if m.trigger.generic]
    assert first.aggregate == aggregate


# Places inside a party's name, and countries after a locative cue: (sentence, places)
COUNTRY_PLACES = [
    ("Strikes hit offices of the Kurdistan Democratic Party of Iran near Koya.", ["near Koya"]),
    ("Drones hit forces stationed on the southern border of Saudi Arabia.", ["Saudi Arabia"]),
    ("In April, Iran launched its first direct attack on Israel.", ["Israel"]),
    ("The Guards hit a headquarters of Israel in Erbil.", ["Erbil"]),
]


@pytest.mark.parametrize(("sentence", "places"), COUNTRY_PLACES)
def test_party_names_and_locative_countries(sentence, places, geocoder):
    found = [p.location for m in mentions_of(1, sentence, PUBLISHED, geocoder) for p in m.places]
    assert found == places


# "a Palestinian man was killed": an article with an adjective still counts one.
VICTIMS = [
    ("A Palestinian man was killed by falling debris.", 1),
    ("A Reuters videographer was killed by tank fire.", 1),
    ("An elderly woman was killed in the strike.", 1),
]


@pytest.mark.parametrize(("sentence", "killed"), VICTIMS)
def test_an_article_and_an_adjective_count_one_victim(sentence, killed):
    assert find_casualties(sentence).killed.value == killed


# Whole reports: the report's context decides. (report, published, expected rows)
REPORTS = [
    (
        # headline figures and agent join the event they match, not the first one
        "Israeli strikes kill 10 in south Lebanon after rocket hits Safed\n\n"
        "A barrage of rockets hit an army base in Safed on Wednesday, wounding eight people.\n\n"
        "Israeli air strikes on southern Lebanon later killed at least 10 people in Nabatieh.",
        date(2024, 2, 15),
        {("Safed", "2024-02-14", ""), ("Nabatieh", "2024-02-14", "10")},
    ),
    (
        # "Separately": an event of its own, never merged into the one before
        "A missile hit the ship on Sunday south of Yemen's Mokha, the agency said.\n\n"
        "Separately, U.S. forces carried out strikes on Monday against Houthi missiles.",
        date(2024, 2, 19),
        {("Mokha", "2024-02-18", ""), ("", "2024-02-19", "")},
    ),
]


@pytest.mark.parametrize(("text", "published", "rows"), REPORTS)
def test_report_context_rules(text, published, rows, geocoder):
    got = {
        (c.row["location"], c.row["event_date"], c.row["fatalities"])
        for c in extract(text, published, geocoder=geocoder)
    }
    for location, day, killed in rows:
        assert any(
            (location in g[0] if location else not g[0]) and g[1] == day and g[2] == killed
            for g in got
        ), (location, day, killed, got)


# "the coalition" in a Yemen story is the Saudi-led one. (report, actor)
COALITION = [
    (
        "Coalition strikes Yemen after Houthi attack\n\n"
        "Air strikes by the coalition hit targets in Sanaa on Saturday.\n\n"
        "The Houthis fired drones at Jeddah in Saudi Arabia on Friday.",
        "Saudi-led coalition",
    ),
    (
        "Coalition strikes Islamic State in Iraq\n\n"
        "Air strikes by the coalition hit Islamic State positions near Mosul on Saturday.\n\n"
        "The U.S.-led coalition said the strikes killed 12 ISIS fighters.",
        "US-led coalition",
    ),
]


@pytest.mark.parametrize(("text", "actor"), COALITION)
def test_the_coalition_follows_the_reports_war(text, actor, geocoder):
    rows = [c.row for c in extract(text, date(2022, 3, 27), geocoder=geocoder)]
    assert actor in {r["actor1"] for r in rows if r["sub_event_type"] == "Air/drone strike"}
