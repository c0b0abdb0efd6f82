"""Colour by side, actor, event type or deaths: the mapping, the parties and the URL."""

from __future__ import annotations

import pandas as pd
import pytest

from events.colouring import (
    COLOUR_BY,
    OTHER_LABEL,
    PALETTE,
    UNNAMED_LABEL,
    colouring_for,
    sides_known,
)
from events.links import PARAM_COLOUR, from_query_params, to_query_params
from events.parties import party_of
from events.region import page_title, region_of
from events.view import ViewState, Vocabulary


def frame(actors, types=None, deaths=None) -> pd.DataFrame:
    n = len(actors)
    return pd.DataFrame(
        {
            "actor1": actors,
            "event_type": types if types is not None else ["Battles"] * n,
            "fatalities": pd.array(deaths if deaths is not None else [0] * n, dtype="Int64"),
        }
    )


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("IS", "Islamic State"),
        ("ISIS", "Islamic State"),
        ("ISIL", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("Islamic State (Iraq)", "Islamic State"),
        ("Government of Iraq", "Iraqi government forces"),
        ("Military Forces of Iraq (2018-)", "Iraqi government forces"),
        ("Iraqi Security Forces", "Iraqi government forces"),
        (
            "Military Forces of Iraq (2018-) Popular Mobilization Forces",
            "Popular Mobilization Forces and factions",
        ),
        ("Kata'ib Hezbollah", "Popular Mobilization Forces and factions"),
        ("Asa'ib Ahl al-Haq", "Popular Mobilization Forces and factions"),
        ("Hezbollah", "Hezbollah"),
        ("Ansar Allah", "Houthis (Ansar Allah)"),
        ("IRGC", "Iran (state forces, IRGC)"),
        ("Government of Iran", "Iran (state forces, IRGC)"),
        ("PKK", "PKK"),
        ("SDF", "SDF / YPG"),
        ("YPG", "SDF / YPG"),
        ("Government of Turkey", "Turkish forces"),
        ("Military Forces of Turkey (2016-)", "Turkish forces"),
        ("Military Forces of Israel (2022-)", "Israeli forces"),
        ("Government of Syria", "Syrian government forces"),
        ("Syrian insurgents", "Syrian opposition (FSA, SNA, insurgents)"),
        ("Military Forces of the United States (2017-2021)", "US-led coalition"),
        ("Government of Russia (Soviet Union)", "Russian forces"),
        ("Police Forces of Afghanistan (2014-) Afghan Local Police", "Government of Afghanistan"),
        ("Government of DR Congo (Zaire)", "Government of DR Congo"),
        ("Unidentified Armed Group (Syria)", "Unidentified armed group"),
        ("Civilians (Iraq)", None),
        ("Taliban", None),
        ("", None),
        (None, None),
    ],
)
def test_party_of(name, party):
    assert party_of(name) == party


def test_known_sides_colour_by_side():
    events = frame(["IS", "Kata'ib Hezbollah", "Military Forces of the United States", "X"])
    colouring = colouring_for(events, "side")
    assert not colouring.fallback and colouring.by == "side"
    assert colouring.labels_for(events).tolist() == [
        "Islamic State",
        "Iran and aligned groups",
        "US-led coalition",
        "Other",
    ]


def test_unknown_sides_fall_back_to_the_most_frequent_parties():
    actors = (
        ["Taliban"] * 9
        + ["Military Forces of Afghanistan (2014-)"] * 5
        + ["Police Forces of Afghanistan (2014-)"] * 3
        + [f"Group {i}" for i in range(10)]
        + [None]
    )
    events = frame(actors)
    assert not sides_known(events)
    colouring = colouring_for(events, "side")
    assert colouring.fallback and colouring.by == "actor"
    labels = colouring.labels
    assert labels[:2] == ["Taliban", "Government of Afghanistan"]
    assert len(labels) == len(PALETTE) + 2 and labels[-2:] == [OTHER_LABEL, UNNAMED_LABEL]
    colours = [colour for _, colour in colouring.groups]
    assert len(set(colours)) == len(colours)
    shown = colouring.labels_for(events)
    assert shown.value_counts()["Government of Afghanistan"] == 8
    assert set(shown) <= set(labels)
    assert shown.iloc[-1] == UNNAMED_LABEL
    # Ties are broken by name, so the same file always gets the same colours.
    assert colouring_for(events.iloc[::-1], "side") == colouring


@pytest.mark.parametrize(
    ("deaths", "band"),
    [
        (0, "0 killed"),
        (1, "1–4 killed"),
        (4, "1–4 killed"),
        (5, "5–24 killed"),
        (99, "25–99 killed"),
        (100, "100 or more killed"),
        (None, "deaths not reported"),
    ],
)
def test_deaths_bands(deaths, band):
    events = frame(["A"], deaths=[deaths])
    assert colouring_for(events, "deaths").labels_for(events).tolist() == [band]


def test_event_types_get_their_own_colours():
    events = frame(["A"] * 3, types=["Battles", "Protests", "Battles"])
    colouring = colouring_for(events, "event_type")
    assert colouring.labels == ["Battles", "Protests"]
    assert colouring.labels_for(events).tolist() == ["Battles", "Protests", "Battles"]


def test_unknown_colouring_is_refused_by_name():
    with pytest.raises(ValueError, match="colour by 'size'"):
        colouring_for(frame(["A"]), "size")


@pytest.mark.parametrize("by", list(COLOUR_BY))
def test_colour_by_round_trips_through_the_url(by):
    view = ViewState(colour_by=by)
    params = to_query_params(view)
    assert params == {PARAM_COLOUR: by}
    assert from_query_params(params, Vocabulary()) == (view, [])


def test_default_colouring_leaves_the_url_empty():
    assert to_query_params(ViewState()) == {}
    assert from_query_params({PARAM_COLOUR: "Event type"}, Vocabulary())[0].colour_by == (
        "event_type"
    )


@pytest.mark.parametrize("junk", ["rainbow", "<b>x</b>", "side;drop"])
def test_junk_colour_is_ignored_with_a_notice(junk):
    view, notices = from_query_params({PARAM_COLOUR: junk, "q": "Taji"}, Vocabulary())
    assert view.colour_by is None and view.text == "Taji"
    assert [notice.param for notice in notices] == [PARAM_COLOUR]
    assert "is not a way to colour events" in notices[0].message


@pytest.mark.parametrize(
    ("countries", "region"),
    [
        (["Iraq", "Syria", "Iraq"], "Iraq and Syria"),
        (["Afghanistan"] * 3, "Afghanistan"),
        (["Syria", "Turkey", "Iraq", "Israel", "Syria"], "the Middle East (4 countries)"),
        (["Mexico", "Syria", "India", "Angola"], "4 countries"),
        ([None, ""], ""),
    ],
)
def test_region_of(countries, region):
    assert region_of(pd.Series(countries, dtype=object)) == region


def test_page_title_names_the_file_and_its_region():
    assert page_title("ged.csv", "Afghanistan") == "Conflict map: ged.csv in Afghanistan"
    assert "Iraq" not in page_title("ged.csv", "Afghanistan")


def test_markers_and_legend_follow_the_colouring():
    from components.map.legend import legend_html
    from components.map.markers import marker_colours, marker_table

    events = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "event_date": pd.to_datetime(["2015-01-01", "2015-01-02", "2015-01-03"]),
            "latitude": [33.3, 36.2, 35.0],
            "longitude": [44.4, 37.1, 38.0],
            "fatalities": pd.array([1, 2, None], dtype="Int64"),
            "fatalities_low": pd.array([None] * 3, dtype="Int64"),
            "fatalities_high": pd.array([None] * 3, dtype="Int64"),
            "geo_precision": [1, 1, 1],
            "event_type": ["Battles"] * 3,
            "sub_event_type": ["Armed clash"] * 3,
            "weapon": [None] * 3,
            "location": ["Baghdad", "Aleppo", "<b>x</b>"],
            "attribution": ["unknown"] * 3,
            "actor1": ["Government of Iraq", "<script>Group</script>", "Taleban"],
        }
    )
    colouring = colouring_for(events, "actor")
    table = marker_table(events, colouring)
    colours = marker_colours(colouring)
    drawn = [colours[table["sides"][code]] for code in table["side"]]
    expected = [colouring.colours[label] for label in colouring.labels_for(events)]
    assert drawn == expected and len(set(drawn)) == 3
    # Keys are codes, so no name from the data is looked up in a script's object.
    assert all(key.startswith("g") for key in table["sides"])
    legend = legend_html(colouring=colouring)
    assert "Iraqi government forces" in legend
    assert "&lt;script&gt;Group&lt;/script&gt;" in legend and "<script>Group" not in legend
