"""Casualty figures under ACLED's rules for vague numbers."""

from __future__ import annotations

from datetime import date

import pytest

from ingest import extract
from ingest.numbers import Figure, find_casualties, parse_number


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("a dozen", Figure(12)),
        ("dozens", Figure(12, floor=True)),
        ("more than 40", Figure(41, floor=True)),
        ("more than a dozen", Figure(13, floor=True)),
        ("some 110", Figure(110)),
        ("at least five", Figure(5, floor=True)),
        ("about 30", Figure(30)),
        ("twenty-one", Figure(21)),
        ("hundreds", Figure(100, floor=True)),
        ("1,200", Figure(1200)),
    ],
)
def test_vague_numbers(text, figure):
    assert parse_number(text) == figure


# (sentence, killed, wounded)
CASES = [
    (
        "The blast killed two soldiers and one contractor and wounded a dozen others.",
        Figure(3),
        Figure(12),
    ),
    (
        "At least five civilians were killed and dozens were wounded.",
        Figure(5, True),
        Figure(12, True),
    ),
    ("More than 40 fighters have been killed, the monitor said.", Figure(41, True), None),
    ("The strike left some 110 troops suffering from brain injuries.", None, Figure(110)),
    ("Three police officers died and 20 were injured.", Figure(3), Figure(20)),
    ("There were no injuries, the spokesman said.", None, Figure(0)),
    ("The rockets caused no casualties.", Figure(0), Figure(0)),
    # Numbers that are not casualties.
    ("Militants fired 18 107 mm rockets from a truck.", None, None),
    ("A 26-year-old was named as the victim.", None, None),
    ("A drone strike 10 km south of the town killed a local commander.", Figure(1), None),
    # A subset is not a count.
    ("Officials said five of the wounded were in a serious condition.", None, None),
]


@pytest.mark.parametrize(("sentence", "killed", "wounded"), CASES)
def test_killed_and_wounded_are_kept_apart(sentence, killed, wounded):
    found = find_casualties(sentence)
    assert (found.killed, found.wounded) == (killed, wounded)


def test_spans_point_at_the_words():
    sentence = "The attack killed four guards."
    found = find_casualties(sentence)
    start, end = found.killed_span
    assert "killed four guards" in sentence[start:end]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("a hundred", Figure(100)),
        ("one hundred and twenty", Figure(120)),
        ("three hundred", Figure(300)),
        ("forty-four", Figure(44)),
        ("between 10 and 15", Figure(10, high=15)),
        ("between two and four", Figure(2, high=4)),
    ],
)
def test_word_numbers_and_ranges(text, figure):
    assert parse_number(text) == figure


# One row per phrasing: (sentence, killed, wounded), sentences written for the tests.
PHRASINGS = [
    ("Four civilians were killed when the shell hit the market.", Figure(4), None),
    ("Haddad and six others were killed in the raid.", Figure(7), None),
    ("The strike killed militia leader Omar Kassem and three other members.", Figure(4), None),
    ("Nine people died after the bombing of the bridge.", Figure(9), None),
    ("The car bomb left 12 dead near the checkpoint.", Figure(12), None),
    ("Eight were killed and 15 wounded at the bus station.", Figure(8), Figure(15)),
    ("By the evening the death toll rose to 23, the ministry said.", Figure(23), None),
    ("Gunmen opened fire on the convoy, killing at least 11.", Figure(11, True), None),
    ("Five soldiers killed in roadside blast, army says.", Figure(5), None),
    ("Fourteen people were killed, nine of them civilians.", Figure(14), None),
    ("Twenty-one people died in the shelling.", Figure(21), None),
    ("A hundred people were killed in the offensive.", Figure(100), None),
    ("One hundred and twenty fighters were killed in the week.", Figure(120), None),
    ("Between 10 and 15 fighters were killed in the clashes.", Figure(10, high=15), None),
    ("Jets struck the depot, killing between two and four of them.", Figure(2, high=4), None),
    ("The drone killed a man on the road.", Figure(1), None),
    ("A strike killed a commander of the militia and his brother.", Figure(2), None),
    ("The shelling killed a farmer and wounded three soldiers and another farmer.", Figure(1),
     Figure(4)),
    ("Two guards were wounded and there were no deaths, police said.", Figure(0), Figure(2)),
    ("More than a dozen people were killed and dozens wounded.", Figure(13, True),
     Figure(12, True)),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "killed", "wounded"), PHRASINGS)
def test_each_phrasing_gives_its_figures(sentence, killed, wounded):
    found = find_casualties(sentence)
    assert (found.killed, found.wounded) == (killed, wounded)


# Reports written for the tests: (text, the counted event's sub-event type, its figures as
# fatalities, fatalities_low, fatalities_high, wounded).
ATTACHED = [
    (
        "Missiles struck Erbil on Monday. At least two civilians were killed and five wounded"
        " in the attack on a residential area, officials said.",
        "Shelling/artillery/missile attack",
        ("2", "", "", "5"),
    ),
    (
        "Attack helicopters struck militants near Deir ez-Zor on Monday who were firing"
        " rockets, killing between three and five of them, the army said.",
        "Air/drone strike",
        ("3", "3", "5", ""),
    ),
]


@pytest.mark.parametrize(("text", "sub_event_type", "expected"), ATTACHED)
def test_figures_attach_to_the_event_they_count(text, sub_event_type, expected, geocoder):
    candidates = extract(text, date(2024, 1, 16), geocoder=geocoder)
    (row,) = [c.row for c in candidates if c.row["sub_event_type"] == sub_event_type]
    fields = ("fatalities", "fatalities_low", "fatalities_high", "wounded")
    assert tuple(row[f] for f in fields) == expected
