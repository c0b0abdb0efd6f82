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


def test_a_country_level_candidate_never_matches_by_distance_to_the_centre(geocoder):
    # Iraq's centre is 24 km from Jurf al-Sakhar: closeness to it means nothing.
    known = _known(
        event_id="jurf", event_date="2020-03-12", sub_event_type="Air/drone strike",
        actor1="United States", location="Jurf al-Sakhar", latitude="32.86667",
        longitude="44.21389",
    )  # fmt: skip
    text = "The United States is carrying out strikes in Iraq on Thursday, officials said."
    (candidate,) = extract(text, PUBLISHED, known_events=known, geocoder=geocoder)
    assert candidate.row["geo_precision"] == "3"
    assert candidate.matches_existing is None


def test_an_attack_on_someone_else_is_not_answered(geocoder):
    # Coalition troops fighting the Islamic State did not attack the militias.
    known = _known(
        event_id="clash", event_date="2020-03-08", event_type="Battles",
        actor1="United States", actor2="Islamic State",
    )  # fmt: skip
    text = "Kataib Hezbollah fired Katyusha rockets at Camp Taji on Wednesday."
    (candidate,) = extract(text, PUBLISHED, known_events=known, geocoder=geocoder)
    assert candidate.row["actor1"] == "Kata'ib Hezbollah"
    assert candidate.responds_to == ()
    # The same attack with its target unknown is proposed: the rule above is what refused it.
    (candidate,) = extract(text, PUBLISHED, known_events=known.assign(actor2=""), geocoder=geocoder)
    assert candidate.responds_to == ("clash",)
