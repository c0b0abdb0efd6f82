"""Candidates against the events already loaded: the same event, or an answer to one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from events.schema import COLUMN_NAMES
from ingest import extract

REPORT = "Katyusha rockets struck Camp Taji on Wednesday, killing three soldiers, officials said."
PUBLISHED = date(2020, 3, 12)  # a Thursday


def _known(**changes) -> pd.DataFrame:
    row = dict.fromkeys(COLUMN_NAMES, "")
    row.update(
        event_id="known-taji", event_date="2020-03-11", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", actor1="Kata'ib Hezbollah",
        country="Iraq", location="Camp Taji", latitude="33.52944", longitude="44.27750",
        source="x",
    )  # fmt: skip
    row.update(changes)
    return pd.DataFrame([row])


@pytest.mark.parametrize(
    ("changes", "matched"),
    [
        ({}, True),
        ({"event_date": "2020-03-10"}, True),  # a day apart
        ({"event_date": "2020-03-09"}, False),  # two days apart
        ({"latitude": "33.70", "longitude": "44.27750"}, True),  # about 19 km
        ({"latitude": "33.80", "longitude": "44.27750"}, False),  # about 30 km
        ({"event_type": "Battles"}, False),  # another type family
    ],
)
def test_a_candidate_that_is_a_loaded_event_matches_it(geocoder, changes, matched):
    (candidate,) = extract(REPORT, PUBLISHED, known_events=_known(**changes), geocoder=geocoder)
    assert candidate.matches_existing == ("known-taji" if matched else None)


def test_an_attack_by_the_other_side_days_before_is_proposed_as_answered(geocoder):
    known = _known(event_id="militia-rockets", event_date="2020-03-08")
    text = "U.S. aircraft struck militia depots in Jurf al-Sakhar on Thursday, the Pentagon said."
    (candidate,) = extract(text, PUBLISHED, known_events=known, geocoder=geocoder)
    assert candidate.matches_existing is None
    assert candidate.responds_to == ("militia-rockets",)


def test_no_answer_is_proposed_to_the_same_side_or_after_a_week(geocoder):
    text = "U.S. aircraft struck militia depots in Jurf al-Sakhar on Thursday, the Pentagon said."
    same_side = _known(event_id="us-earlier", event_date="2020-03-10", actor1="United States")
    too_old = _known(event_id="old", event_date="2020-03-01")
    for known in (same_side, too_old):
        (candidate,) = extract(text, PUBLISHED, known_events=known, geocoder=geocoder)
        assert candidate.responds_to == ()
