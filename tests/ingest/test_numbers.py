"""Casualty figures under ACLED's rules for vague numbers."""

from __future__ import annotations

import pytest

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
