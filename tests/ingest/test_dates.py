"""Dates resolved against the publication date: table-driven, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.dates import DAY, MONTH, WEEK, find_dates

# (sentence, published, expected date, expected precision)
RESOLVED = [
    # A report's own weekday is that day.
    ("Gunmen opened fire on Wednesday near the market.", date(2020, 3, 11), date(2020, 3, 11), DAY),
    ("The drone struck on Tuesday.", date(2020, 3, 12), date(2020, 3, 10), DAY),
    # Across a month boundary: published Tuesday 3 March, "on Sunday" is 1 March.
    ("Rockets landed on Sunday.", date(2020, 3, 3), date(2020, 3, 1), DAY),
    ("A convoy was ambushed late on Friday.", date(2020, 3, 2), date(2020, 2, 28), DAY),
    # Across a year boundary.
    ("The base was shelled on Wednesday.", date(2020, 1, 2), date(2020, 1, 1), DAY),
    ("The base was shelled on Thursday.", date(2020, 1, 1), date(2019, 12, 26), DAY),
    (
        "In December, a rocket attack killed a contractor.",
        date(2020, 1, 5),
        date(2019, 12, 1),
        MONTH,
    ),
    ("Clashes broke out last week.", date(2021, 1, 3), date(2020, 12, 27), WEEK),
    ("A raid took place on December 30.", date(2021, 1, 2), date(2020, 12, 30), DAY),
    # "in December" is the most recent past December, never one after publication.
    ("In December, militias fired rockets.", date(2020, 3, 13), date(2019, 12, 1), MONTH),
    ("In March, militias fired rockets.", date(2020, 3, 13), date(2020, 3, 1), MONTH),
    ("The March 12 strikes hit depots.", date(2020, 3, 13), date(2020, 3, 12), DAY),
    ("The strikes on March 14 hit depots.", date(2020, 3, 13), date(2019, 3, 14), DAY),
    ("Jets struck the town last night.", date(2020, 3, 13), date(2020, 3, 12), DAY),
    ("The attack on January 3, 2020 killed ten.", date(2021, 6, 29), date(2020, 1, 3), DAY),
    ("It happened on 8 January 2020.", date(2021, 6, 29), date(2020, 1, 8), DAY),
    ("Eight months ago a drone hit the airport.", date(2021, 6, 29), date(2020, 10, 1), MONTH),
]


@pytest.mark.parametrize(("sentence", "published", "expected", "precision"), RESOLVED)
def test_dates_resolve_against_publication(sentence, published, expected, precision):
    found = [d for d in find_dates(sentence, published) if d.resolved]
    assert found, sentence
    assert (found[0].value, found[0].precision) == (expected, precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "The 14th Brigade said four of its fighters were killed.",
        "Both sides want to revive the 2015 nuclear deal.",
        "The group was founded by veterans.",
        "Officials may march to the square.",
    ],
)
def test_numbers_and_words_that_are_not_dates(sentence):
    assert find_dates(sentence, date(2021, 6, 29)) == []


@pytest.mark.parametrize(
    "sentence",
    ["In 2014, the two sides fought a common enemy.", "Drone attacks have continued since April."],
)
def test_unresolvable_phrases_leave_the_date_blank(sentence):
    found = find_dates(sentence, date(2021, 6, 29))
    assert found and all(d.value is None and not d.anchored for d in found)


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected", "precision"),
    [
        (
            "A week later, a rocket hit the compound.",
            (date(2021, 2, 15), DAY),
            date(2021, 2, 22),
            DAY,
        ),
        (
            "Later in the day, militants fired mortars.",
            (date(2020, 3, 11), DAY),
            date(2020, 3, 11),
            DAY,
        ),
        ("A day after, drones struck the field.", (date(2021, 6, 27), DAY), date(2021, 6, 28), DAY),
        # "the following month" after a December is January of the next year.
        ("He was killed the following month.", (date(2019, 12, 1), MONTH), date(2020, 1, 1), MONTH),
    ],
)
def test_anchored_phrases_count_from_the_event_they_follow(sentence, anchor, expected, precision):
    (mention,) = [d for d in find_dates(sentence, date(2021, 12, 31)) if d.anchored]
    assert mention.value is None
    resolved = mention.anchor(*anchor)
    assert (resolved.value, resolved.precision) == (expected, precision)
