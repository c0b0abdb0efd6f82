"""Places through the geocoder chain: names as written, relative phrases, descriptions."""

from __future__ import annotations

import pytest

from geo.place import distance_km
from ingest.places import find_places

# (sentence, location, geo_source, geo_precision, country)
CASES = [
    (
        "Jets struck targets southeast of Albu Kamal.",
        "southeast of Albu Kamal",
        "gazetteer:albu-kamal",
        2,
        "SY",
    ),
    ("A drone hit Tower 22 in north-eastern Jordan.", "Tower 22", "gazetteer:tower-22", 1, "JO"),
    (
        "Rockets fell on Muwaffaq Salti Air Base overnight.",
        "Muwaffaq Salti Air Base",
        "gazetteer:muwaffaq-salti-air-base",
        1,
        "JO",
    ),
    ("Shells landed near Rutba.", "near Rutba", "gazetteer:rutba", 2, "IQ"),
    (
        "Troops were ambushed near the Al-Qaim border crossing.",
        "near Al-Qaim border crossing",
        "gazetteer:al-qaim-border-crossing",
        2,
        "IQ",
    ),
    (
        "Missiles were fired at Ali Al Salem Air Base in Kuwait.",
        "Ali Al Salem Air Base",
        "gazetteer:ali-al-salem-air-base",
        1,
        "KW",
    ),
    ("Clashes erupted in the town of Hit on Monday.", "Hit", "gazetteer:hit", 1, "IQ"),
    ("Militants fired on a checkpoint in Amman.", "Amman", "geonames:250441", 1, "JO"),
]


@pytest.mark.parametrize(("sentence", "location", "source", "precision", "country"), CASES)
def test_places_resolve(geocoder, sentence, location, source, precision, country):
    sites = [m for m in find_places(sentence, geocoder) if m.role == "site"]
    assert sites, sentence
    first = sites[0]
    assert (first.location, first.place.provenance, first.place.precision, first.place.country) == (
        location, source, precision, country,
    )  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "Rockets hit the base, officials said.",
        "The strike hit a weapons depot.",
        "Hit by drones, the convoy turned back.",
    ],
)
def test_the_verb_hit_is_not_the_town(geocoder, sentence):
    assert not any(m.place.provenance == "gazetteer:hit" for m in find_places(sentence, geocoder))


def test_a_distance_and_direction_move_the_point(geocoder):
    (mention,) = find_places("Rockets landed 20 km north of Baghdad.", geocoder)
    baghdad = geocoder.geocode("Baghdad")
    assert mention.place.provenance == "offset:gazetteer:baghdad"
    assert mention.place.precision == 2
    assert distance_km(
        baghdad.lat, baghdad.lon, mention.place.lat, mention.place.lon
    ) == pytest.approx(20, abs=0.5)
    assert mention.place.lat > baghdad.lat


def test_a_site_described_without_a_name_offers_the_matching_sites(geocoder):
    (mention,) = [
        m
        for m in find_places("Rockets hit an air base north of Baghdad.", geocoder)
        if m.role == "site"
    ]
    offered = [mention.place.provenance, *(p.provenance for p in mention.alternatives)]
    assert "gazetteer:camp-taji" in offered and "gazetteer:balad-air-base" in offered
    assert mention.place.precision == 2


def test_a_named_site_outranks_the_city_that_locates_it(geocoder):
    mentions = find_places("The rockets hit Camp Taji, located 30 km north of Baghdad.", geocoder)
    assert [m.role for m in mentions] == ["site", "reference"]
    assert mentions[0].place.provenance == "gazetteer:camp-taji"


@pytest.mark.parametrize(
    "sentence",
    [
        "A militia with ties to Iran claimed it.",
        "Iran denied any role.",
        "Iran's foreign ministry spoke.",
    ],
)
def test_a_country_as_an_actor_is_not_a_place(geocoder, sentence):
    assert find_places(sentence, geocoder) == []


def test_a_national_adjective_places_an_unnamed_site_in_its_country(geocoder):
    (mention,) = find_places("Missiles struck two Iraqi air bases.", geocoder)
    assert (mention.location, mention.place.precision) == ("Iraq", 3)


def test_a_typed_place_name_gets_the_geocoders_answers_with_provenance(geocoder):
    from ingest import place_options_for

    options = place_options_for("Camp Taji", geocoder)
    assert options[0].place.provenance == "gazetteer:camp-taji"
    assert options[0].geo_source == "gazetteer:camp-taji"
    assert place_options_for("Xqzvw", geocoder) == []


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Drones hit the al-Tanf garrison.", "gazetteer:al-tanf"),
        ("Rockets struck al-Asad air base.", "gazetteer:ain-al-asad-air-base"),
        ("Shells fell on the al-Omar oil field.", "gazetteer:al-omar-oil-field"),
    ],
)
def test_names_match_as_reports_write_the_article_and_generic_words(geocoder, sentence, source):
    assert [m.place.provenance for m in find_places(sentence, geocoder)] == [source]


def test_a_regional_namesake_beats_a_bigger_one_elsewhere(geocoder):
    (mention,) = find_places("Shelling hit the town of Ras al-Ain.", geocoder)
    assert mention.place.country == "SY"
