"""From a whole report to candidates: merging, operations, background, what is left out."""

from __future__ import annotations

from datetime import date

from events.schema import COLUMN_NAMES
from ingest import extract, to_frame

REPORT = """Drone attack kills two soldiers at base in Jordan

A one-way attack drone struck Tower 22 in north-eastern Jordan late on Friday, \
killing two U.S. soldiers and wounding at least 30, officials said on Saturday.
The Islamic Resistance in Iraq claimed responsibility for the attack.
The attack wounded more than 40 people, a later count said.
In December, a rocket attack on Ain al-Asad air base wounded three contractors.
Iran has long backed the militias.
"""


def test_mentions_of_one_event_become_one_candidate(geocoder):
    candidates = extract(REPORT, date(2024, 1, 27), geocoder=geocoder)
    news = [c for c in candidates if not c.background]
    assert len(news) == 1
    row = news[0].row
    assert (row["event_date"], row["time_precision"]) == ("2024-01-26", "1")
    assert (row["location"], row["country"], row["geo_source"]) == (
        "Tower 22",
        "Jordan",
        "gazetteer:tower-22",
    )
    assert (row["sub_event_type"], row["weapon"]) == ("Air/drone strike", "drone")
    assert (row["actor1"], row["attribution"]) == ("Islamic Resistance in Iraq", "claimed")
    assert row["fatalities"] == "2"
    # Disagreeing figures across sentences: the lead's figure, and the range.
    assert (row["wounded"], row["wounded_low"], row["wounded_high"]) == ("30", "30", "41")
    assert [i for i, _ in news[0].evidence] == [0, 1, 2, 3]


def test_spans_point_at_the_words_that_set_each_field(geocoder):
    (news,) = [c for c in extract(REPORT, date(2024, 1, 27), geocoder=geocoder) if not c.background]
    sentences = dict(news.evidence)
    said = {(s.field, sentences[s.sentence][s.start : s.end]) for s in news.spans}
    assert ("location", "Tower 22") in said
    assert ("event_date", "late on Friday") in said
    assert any(field == "attribution" and "claimed" in text for field, text in said)


def test_an_earlier_attack_recalled_with_date_and_place_is_background(geocoder):
    candidates = extract(REPORT, date(2024, 1, 27), geocoder=geocoder)
    (old,) = [c for c in candidates if c.background]
    assert (old.row["event_date"], old.row["time_precision"]) == ("2023-12-01", "3")
    assert old.row["location"] == "Ain al-Asad Air Base"
    assert old.row["wounded"] == "3"


def test_an_operation_at_several_places_shares_an_operation_id(geocoder):
    text = (
        "U.S. aircraft struck militia depots in Jurf al-Sakhar and Karbala on Thursday, "
        "the Pentagon said."
    )
    candidates = extract(text, date(2020, 3, 13), geocoder=geocoder)
    assert sorted(c.row["location"] for c in candidates) == ["Jurf al-Sakhar", "Karbala"]
    operations = {c.row["operation"] for c in candidates}
    assert len(operations) == 1 and operations != {""}
    assert len({c.event_id for c in candidates}) == 2


def test_a_mention_with_neither_date_nor_place_is_left_out(geocoder):
    text = (
        "Militias have often used rockets against foreign forces. "
        "Officials vowed to prevent attacks."
    )
    assert extract(text, date(2021, 6, 29), geocoder=geocoder) == []


def test_an_unresolvable_date_is_left_for_the_reviewer(geocoder):
    text = "Years later, gunmen attacked a checkpoint near Tikrit with rockets."
    (candidate,) = extract(text, date(2021, 6, 29), geocoder=geocoder)
    assert candidate.row["event_date"] == ""
    assert any("date" in note for note in candidate.review)
    assert not candidate.complete


def test_ids_are_stable_slugs(geocoder):
    first = [c.event_id for c in extract(REPORT, date(2024, 1, 27), geocoder=geocoder)]
    again = [c.event_id for c in extract(REPORT, date(2024, 1, 27), geocoder=geocoder)]
    assert first == again
    assert "2024-01-26-tower-22-drone-strike" in first


def test_the_frame_has_the_events_columns_plus_background_and_evidence(geocoder):
    frame = to_frame(extract(REPORT, date(2024, 1, 27), geocoder=geocoder))
    assert list(frame.columns) == [*COLUMN_NAMES, "background", "evidence"]
    assert set(frame["background"]) == {"0", "1"}


def test_a_reviewer_places_a_candidate_by_picking_a_geocoder_answer(geocoder):
    from ingest import place_options_for

    (news,) = [c for c in extract(REPORT, date(2024, 1, 27), geocoder=geocoder) if not c.background]
    (option, *_) = place_options_for("Rukban", geocoder)
    moved = news.with_place(option)
    assert (moved.row["location"], moved.row["geo_source"]) == ("Rukban", "gazetteer:rukban")
    assert moved.row["latitude"] == f"{option.place.lat:.5f}"
    assert moved.event_id == "2024-01-26-rukban-drone-strike"
    assert news.row["location"] == "Tower 22"  # the original is unchanged


def test_hedged_agents_passive_headlines_and_counted_attacks(geocoder):
    text = (
        "U.S. forces attacked 13 times in a week\n\n"
        "U.S. troops have been attacked at least 13 times in Iraq and Syria this month.\n"
        "On Thursday, a drone targeted Ain al-Asad air base, causing no casualties.\n"
        "A suspected Israeli strike on a building in Damascus killed seven people on April 1."
    )
    candidates = {c.row["location"]: c for c in extract(text, date(2024, 4, 6), geocoder=geocoder)}
    assert set(candidates) == {"Ain al-Asad Air Base", "Damascus"}
    base = candidates["Ain al-Asad Air Base"].row
    assert (base["event_date"], base["actor1"], base["attribution"]) == (
        "2024-04-04", "Unidentified armed group", "unknown",
    )  # fmt: skip
    damascus = candidates["Damascus"].row
    assert (damascus["actor1"], damascus["attribution"], damascus["fatalities"]) == (
        "Israel", "alleged", "7",
    )  # fmt: skip


def test_a_states_bare_strike_is_an_air_strike_and_stays_apart_from_an_interception(geocoder):
    text = (
        "Hours after the Houthis fired missiles at a tanker in the Red Sea on Tuesday, "
        "U.S. forces struck radar sites near Hodeidah.\n"
        "Separately, Israel's air defences intercepted a drone over Eilat."
    )
    rows = [c.row for c in extract(text, date(2024, 2, 7), geocoder=geocoder)]
    kinds = {(r["actor1"], r["sub_event_type"]) for r in rows}
    assert ("United States", "Air/drone strike") in kinds
    assert ("Houthis", "Shelling/artillery/missile attack") in kinds


def test_extract_stays_a_function_after_its_first_call(geocoder):
    import ingest

    ingest.extract("Rockets hit Camp Taji on Wednesday.", date(2020, 3, 12), geocoder=geocoder)
    assert callable(ingest.extract)
    assert ingest.extract(
        "Rockets hit Camp Taji on Wednesday.", date(2020, 3, 12), geocoder=geocoder
    )
