"""Which side an actor is on: every spelling of a group lands on one side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.sides import SIDES, normalise_actor, side_of, sides_for

SIDE_CASES = [
    # The US-led coalition
    ("United States", "coalition"),
    ("US", "coalition"),
    ("U.S. military", "coalition"),
    ("US forces", "coalition"),
    ("US-led coalition", "coalition"),
    ("U.S.-led coalition", "coalition"),
    ("Coalition forces", "coalition"),
    ("coalition", "coalition"),
    ("United Kingdom", "coalition"),
    ("British forces", "coalition"),
    ("Operation Inherent Resolve", "coalition"),
    ("CJTF-OIR", "coalition"),
    ("Military Forces of the United States (2017-2021)", "coalition"),
    # Iran and aligned groups
    ("Iran", "iran"),
    ("Military Forces of Iran (1989-)", "iran"),
    ("IRGC", "iran"),
    ("Islamic Revolutionary Guard Corps", "iran"),
    ("Quds Force", "iran"),
    ("Kata'ib Hezbollah", "iran"),
    ("Kataib Hezbollah", "iran"),
    ("Kata’ib Hezbollah", "iran"),
    ("Kata‘ib Hezbollah", "iran"),
    ("Kata`ib Hizballah", "iran"),
    ("KATA'IB HEZBOLLAH", "iran"),
    ("KH", "iran"),
    ("Kata'ib Sayyid al-Shuhada", "iran"),
    ("Kataib Sayed al Shuhada", "iran"),
    ("Asa'ib Ahl al-Haq", "iran"),
    ("Asaib Ahl Al-Haq", "iran"),
    ("Harakat al-Nujaba", "iran"),
    ("Harakat Hezbollah al-Nujaba", "iran"),
    ("Popular Mobilization Forces", "iran"),
    ("Popular Mobilisation Forces", "iran"),
    ("Military Forces of Iraq (2018-) Popular Mobilization Forces", "iran"),
    ("Saraya Awliya al-Dam", "iran"),
    ("Iran-backed militias", "iran"),
    ("Iranian-backed militia", "iran"),
    ("PMF supporters", "iran"),
    ("Hezbollah", "iran"),
    ("Usbat al-Tha'ireen", "iran"),
    ("Ashab al-Kahf", "iran"),
    ("Houthis", "iran"),
    # The Islamic State
    ("Islamic State", "isis"),
    ("Islamic State (Iraq)", "isis"),
    ("ISIS", "isis"),
    ("ISIL", "isis"),
    ("IS", "isis"),
    ("Daesh", "isis"),
    # Unidentified
    ("Unidentified armed group", "unidentified"),
    ("Unidentified Armed Group (Syria)", "unidentified"),
    ("Unidentified military forces", "unidentified"),
    ("unidentified jets", "unidentified"),
    ("unknown", "unidentified"),
    ("Unknown gunmen", "unidentified"),
    ("", "unidentified"),
    ("   ", "unidentified"),
    (None, "unidentified"),
    (float("nan"), "unidentified"),
    # Everyone else, including decisions documented in events/sides.py
    ("Iraqi government forces", "other"),
    ("Military Forces of Iraq (2018-)", "other"),
    ("Israel", "other"),
    ("Military Forces of Syria (2000-)", "other"),
    ("Taliban", "other"),
    ("Civilians (United States)", "other"),
    ("Civilians (Iran)", "other"),
    ("Protesters (Iraq)", "other"),
    ("Allahu Akbar Brigade", "other"),
    ("Thus spoke", "other"),
]


@pytest.mark.parametrize(("actor", "side"), SIDE_CASES)
def test_side_of(actor, side):
    assert side_of(actor) == side


def test_sides_are_ordered_and_labelled():
    assert list(SIDES) == ["coalition", "iran", "isis", "unidentified", "other"]
    assert SIDES["coalition"] == "US-led coalition"
    assert SIDES["iran"] == "Iran and aligned groups"


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Asa'ib Ahl al-Haq", "asaib ahl haq"),
        ("ASA’IB AHL AL HAQ", "asaib ahl haq"),
        ("Kataib Hizballah", "kataib hezbollah"),
        ("U.S.-led coalition", "us led coalition"),
        ("Islamic State (Iraq)", "islamic state"),
        ("(unknown)", "unknown"),
        ("Ḥarakat al-Nujabāʼ", "harakat nujaba"),
    ],
)
def test_normalise_actor(name, normalised):
    assert normalise_actor(name) == normalised


def test_sides_for_is_a_categorical_in_side_order():
    actors = pd.Series(
        ["Iran", None, "United States", "Taliban", "Iran", "ISIS", ""],
        index=[10, 11, 12, 13, 14, 15, 16],
        dtype="str",
    )
    sides = sides_for(actors)
    assert sides.tolist() == [
        "iran",
        "unidentified",
        "coalition",
        "other",
        "iran",
        "isis",
        "unidentified",
    ]
    assert list(sides.index) == list(actors.index)
    assert list(sides.cat.categories) == list(SIDES)
    assert sides.name == "side"


def test_sides_for_an_empty_column():
    sides = sides_for(pd.Series([], dtype="str"))
    assert sides.empty and list(sides.cat.categories) == list(SIDES)


def test_sides_for_a_large_column_classifies_each_name_once():
    names = np.array(["Iran", "United States", "Kata'ib Hezbollah", "Taliban"], dtype=object)
    actors = pd.Series(names[np.arange(200_000) % 4], dtype="str")
    counts = sides_for(actors).value_counts()
    assert counts.to_dict() == {
        "iran": 100_000,
        "coalition": 50_000,
        "other": 50_000,
        "isis": 0,
        "unidentified": 0,
    }


@pytest.mark.slow
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=30), st.sampled_from([c[0] for c in SIDE_CASES]))
    )
)
def test_sides_for_agrees_with_side_of(actors):
    series = pd.Series(actors, dtype="object")
    assert sides_for(series).tolist() == [side_of(a) for a in actors]


@given(st.text(max_size=200))
def test_side_of_always_answers_with_a_side(actor):
    assert side_of(actor) in SIDES
