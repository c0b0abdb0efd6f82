"""Place names as the region writes them, scored offline against public coordinates.

`spellings.csv` is kept apart from the gazetteer's aliases and written from
other sources: UCDP's own place names ("Ar Raqqah town", "Ţūzkhūrmātū town"),
ACLED's spellings, Wikipedia's transliterations, the official names and
abbreviations of installations (MSS, FOB, COL, "AB"), and names in Arabic
script, Arabic and Sorani Kurdish, as Iraqi and Syrian sources type them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.chain import Chain, shared_gazetteer, shared_geonames
from tests.support.spelling_score import is_arabic_script, score, table

HERE = Path(__file__).parent
SPELLINGS = HERE / "spellings.csv"
VARIANTS = HERE / "variants.csv"
AIM = 0.95


@pytest.fixture(scope="module")
def offline() -> Chain:
    return Chain(shared_gazetteer(), shared_geonames())


def test_the_list_is_big_enough_and_mixed():
    rows = list(csv.DictReader(SPELLINGS.open(encoding="utf-8")))
    assert len(rows) >= 150
    assert sum(is_arabic_script(r["variant"]) for r in rows) >= 40
    latin_installations = [
        r for r in rows if r["kind"] == "installation" and not is_arabic_script(r["variant"])
    ]
    assert len(latin_installations) >= 40


def test_no_spelling_is_copied_from_the_gazetteer_reference_it_checks():
    # The reference must be public coordinates, never a gazetteer row.
    for row in csv.DictReader(SPELLINGS.open(encoding="utf-8")):
        assert row["reference"].startswith(("geonames:", "wikipedia:")), row


def test_spellings_resolve_within_10_km(offline):
    scores = score(offline, [SPELLINGS, VARIANTS])
    print("\n" + table(scores))
    assert scores["all"].share >= AIM, scores["all"].misses
    assert scores["Arabic script"].share >= AIM, scores["all"].misses
    assert scores["installations"].share >= AIM, scores["all"].misses


@pytest.mark.parametrize(
    ("spelling", "plain"),
    [
        ("قاعدة عين الأسد الجوية", "قاعده عين الاسد الجويه"),  # hamza on alef, taa marbuta
        ("إربيل", "اربيل"),  # hamza below
        ("الرقّة", "الرقه"),  # shadda
        ("المَوْصِل", "الموصل"),  # harakat
        ("الموصـــل", "الموصل"),  # tatweel
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("کرکوک", "كركوك"),  # Persian/Kurdish kaf
        ("ٱلقائم", "القايم"),  # alef wasla, hamza on yeh
    ],
)
def test_arabic_spellings_fold_together(offline, spelling, plain):
    from textfold import fold_text

    assert fold_text(spelling) == fold_text(plain)


@pytest.mark.parametrize(
    "spelling",
    [
        "Ain al-Asad Air Base",
        "Al Asad AB",
        "Asad airbase",
        "Ain al-Asad airfield",
        "قاعدة عين الأسد الجوية",
        "قاعدة عين الاسد",
    ],
)
def test_one_installation_under_its_designations(offline, spelling):
    place = offline.geocode(spelling, "Iraq")
    assert place is not None and place.provenance == "gazetteer:ain-al-asad-air-base", place


@pytest.mark.parametrize("spelling", ["Camp Taji base", "Taji Air Base", "FOB Taji", "Taji AB"])
def test_camp_x_base_x_air_base_and_x_ab_reach_one_site(offline, spelling):
    place = offline.geocode(spelling, "Iraq")
    assert place is not None and place.provenance == "gazetteer:camp-taji", place


def test_a_designation_does_not_turn_a_town_into_a_base(offline):
    # "Balad base" is the air base; "Balad" alone stays the town.
    assert offline.geocode("Balad base", "Iraq").provenance == "gazetteer:balad-air-base"
    assert offline.geocode("Balad", "Iraq").provenance == "gazetteer:balad"
    # A crossing designation never lands on a base of the same name.
    assert offline.geocode("Al-Tanf crossing", "Syria").provenance == "gazetteer:al-walid-crossing"
    assert offline.geocode("Al-Tanf base", "Syria").provenance == "gazetteer:al-tanf"
