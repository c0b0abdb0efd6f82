"""Normalisation: one table of reported phrases and what they must become."""

from __future__ import annotations

import pytest

from geo.normalise import name_key, normalise, skeleton
from geo.place import NEAR, REGION, SITE


@pytest.mark.parametrize(
    "text, key",
    [
        ("Albu Kamal", "albu kamal"),
        ("ALBU  KAMAL", "albu kamal"),
        ("Ālbū Kamāl", "albu kamal"),
        ("Al-Bukamal", "bukamal"),
        ("Al Bukamal", "bukamal"),
        ("al-Qa'im", "qaim"),
        ("Al-Qa’im", "qaim"),
        ("Al Qā‘im", "qaim"),
        ("Al Qāʾim", "qaim"),
        ("Al-Qa`im", "qaim"),
        ("El-Qaim", "qaim"),
        ("Ar-Raqqah", "raqqa"),
        ("Raqqa", "raqqa"),
        ("as-Sulaymaniyah", "sulaymaniya"),
        ("Ad Dujayl", "dujayl"),
        ("Deir ez-Zor", "deir zor"),
        ("Deir-ez-Zor", "deir zor"),
        ("Hasakeh", "hasaka"),
        ("Al-Hasakah", "hasaka"),
        ("The Green Zone", "green zone"),
        ("K-1 Air Base", "k 1 air base"),
        ("K1 Air Base", "k 1 air base"),
        ("Kata'ib Sayyid", "kataib sayyid"),
        ("Al", "al"),  # an article alone stays: nothing else to key on
        ("بغداد", "بغداد"),
    ],
)
def test_name_key(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir ez-Zor", "Deir Ezzor"),
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Abu Kamal", "Boukamal"),
        ("Makhmur", "Mexmur"),
        ("Qamishli", "Kamishli"),
    ],
)
def test_skeleton_joins_transliterations(a, b):
    assert skeleton(name_key(a)) == skeleton(name_key(b))


@pytest.mark.parametrize("a, b", [("Deir ez-Zor", "Deir Hafer"), ("Hama", "Homs")])
def test_skeleton_keeps_different_places_apart(a, b):
    assert skeleton(name_key(a)) != skeleton(name_key(b))


@pytest.mark.parametrize(
    "phrase, key, precision, context",
    [
        ("Camp Taji", "camp taji", SITE, ()),
        ("near Albu Kamal", "albu kamal", NEAR, ()),
        ("Near Albu Kamal", "albu kamal", NEAR, ()),
        ("southeast of Albu Kamal", "albu kamal", NEAR, ()),
        ("south-east of Albu Kamal", "albu kamal", NEAR, ()),
        ("north of Baghdad", "baghdad", NEAR, ()),
        ("30 km north of Baghdad", "baghdad", NEAR, ()),
        ("some 30 kilometres north of Baghdad", "baghdad", NEAR, ()),
        ("15 miles from Baghdad", "baghdad", NEAR, ()),
        ("outskirts of Mosul", "mosul", NEAR, ()),
        ("the outskirts of Mosul", "mosul", NEAR, ()),
        ("on the outskirts of Mosul", "mosul", NEAR, ()),
        ("Mosul outskirts", "mosul", NEAR, ()),
        ("Deir ez-Zor countryside", "deir zor", NEAR, ()),
        ("eastern Deir ez-Zor", "deir zor", NEAR, ()),
        ("in Karbala", "karbala", SITE, ()),
        ("Anbar province", "anbar", REGION, ()),
        ("Karbala Governorate", "karbala", REGION, ()),
        ("the province of Anbar", "anbar", REGION, ()),
        ("Makhmur district", "makhmur", NEAR, ()),
        ("Qara Chokh mountains", "qara chokh", NEAR, ()),
        ("Albu Kamal town", "albu kamal", SITE, ()),
        ("Green Zone, Baghdad", "green zone", SITE, ("Baghdad",)),
        ("US Embassy, Baghdad", "us embassy", SITE, ("Baghdad",)),
        ("Baghdad's Green Zone", "green zone", SITE, ("Baghdad",)),
        ("Camp Taji (Iraq)", "camp taji", SITE, ("Iraq",)),
        ("Jadriya, Baghdad, Iraq", "jadriya", SITE, ("Baghdad", "Iraq")),
    ],
)
def test_phrases(phrase, key, precision, context):
    result = normalise(phrase)
    assert (result.key, result.precision, result.context) == (key, precision, context)


def test_keys_try_the_whole_phrase_first():
    # "Sadr City" is a name; "city" is only dropped if the whole phrase matches nothing.
    assert [k for k, _, _ in normalise("Sadr City").keys] == ["sadr city", "sadr"]
    keys = normalise("US Embassy, Baghdad").keys
    assert keys[0] == ("us embassy baghdad", SITE, False)
    assert normalise("Anbar province").keys[-1] == ("anbar", REGION, True)


def test_a_bare_prefix_word_is_not_stripped_to_nothing():
    assert normalise("Near").key == "near"
    assert normalise("North").key == "north"


def test_search_text_keeps_context_for_online_lookups():
    assert normalise("near Jadriya, Baghdad").search_text == "Jadriya, Baghdad"
