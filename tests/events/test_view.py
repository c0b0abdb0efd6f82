"""The view state: applying it, describing it, and carrying it in a URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import pytest

from events import schema
from events.filters import MAX_TEXT_LENGTH, apply, date_range_text, describe
from events.links import Notice, from_query_params, notice_text, to_query_params
from events.view import ViewState, Vocabulary
from tests.support.filter_cases import (
    ALL_IDS,
    APPLY_CASES,
    DESCRIBE_CASES,
    EVENTS,
    VOCAB,
    ids,
    make_events,
)
from textfold import fold_text

# --------------------------------------------------------------------------
# the test table itself
# --------------------------------------------------------------------------


def test_the_test_table_has_the_loaders_dtypes():
    dtypes = EVENTS.dtypes
    assert str(dtypes["event_date"]).startswith("datetime64")
    assert dtypes["time_precision"] == "Int8"
    assert all(dtypes[c] == "Int64" for c in schema.INT_COLUMNS)
    assert dtypes["latitude"] == "float64"
    assert dtypes["notes"] == "str"
    assert dtypes["csv_row"] == "int64"
    assert pd.isna(EVENTS.loc[5, "notes"]) and pd.isna(EVENTS.loc[5, "fatalities"])


# --------------------------------------------------------------------------
# apply
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "expected"), [case[1:] for case in APPLY_CASES], ids=[case[0] for case in APPLY_CASES]
)
def test_apply(view, expected):
    shown = apply(view, EVENTS)
    assert ids(shown) == expected
    assert list(shown.columns) == list(EVENTS.columns)
    assert (shown.dtypes == EVENTS.dtypes).all()


def test_apply_without_filters_returns_the_table_itself():
    assert apply(ViewState(zoom=5), EVENTS) is EVENTS


def test_apply_keeps_the_index_labels():
    shuffled = EVENTS.set_index(pd.Index([f"row{i}" for i in range(len(EVENTS))]))
    shown = apply(ViewState(countries=("Syria",)), shuffled)
    assert list(shown.index) == ["row4", "row8"]


def test_apply_on_an_empty_table():
    empty = make_events([])
    view = ViewState(date_from=date(2020, 1, 1), actors=("Iran",), sides=("iran",), text="taji")
    assert apply(view, empty).empty


def test_text_search_in_non_latin_script():
    df = make_events(
        [
            {"location": "بغداد", "notes": "هجوم صاروخي"},
            {"location": "Baghdad"},
        ]
    )
    assert ids(apply(ViewState(text="بغداد"), df)) == ["ev-0"]
    # Arabic short vowels (harakat) are folded away like accents.
    assert ids(apply(ViewState(text="بَغْدَاد"), df)) == ["ev-0"]


def test_text_search_skips_any_number_of_apostrophes():
    df = make_events(
        [{"location": "Kata''ib"}, {"location": "Kata`ib"}, {"location": "Kat-aib"}, {}]
    )
    assert ids(apply(ViewState(text="kataib"), df)) == ["ev-0", "ev-1"]
    assert ids(apply(ViewState(text="KATA'IB"), df)) == ["ev-0", "ev-1"]


def test_fold_text():
    assert fold_text("Camp TÅJI") == "camp taji"
    assert fold_text("Kata’ib Hezbollah") == fold_text("Kata'ib hezbollah") == "kataib hezbollah"
    assert fold_text("Straße") == "strasse"


# --------------------------------------------------------------------------
# describe
# --------------------------------------------------------------------------


def described(view: ViewState, df: pd.DataFrame = EVENTS) -> str:
    return describe(view, df, apply(view, df))


@pytest.mark.parametrize(("view", "expected"), DESCRIBE_CASES)
def test_describe(view, expected):
    assert described(view) == expected


def test_describe_counts_in_the_singular_and_with_separators():
    one = make_events([{"event_date": "2020-03-11", "fatalities": 1}])
    assert described(ViewState(), one) == "1 event, 11 March 2020; 1 killed"
    assert described(ViewState(countries=("Iraq",)), one) == (
        "1 of 1 event in Iraq, 11 March 2020; 1 killed"
    )
    many = make_events([{"fatalities": 700}, {"fatalities": 800}])
    assert described(ViewState(), many) == "2 events, 1 January 2020; 1,500 killed"


def test_describe_lists_at_most_three_countries():
    df = make_events([{"country": c} for c in ("Iraq", "Syria", "Iran", "Israel", "Lebanon")])
    view = ViewState(countries=("Iraq", "Syria", "Iran", "Israel", "Lebanon"))
    assert described(view, df).startswith("5 of 5 events in Iraq, Syria, Iran and 2 more, ")
    three = ViewState(countries=("Iraq", "Syria", "Iran"))
    assert described(three, df).startswith("3 of 5 events in Iraq, Syria and Iran, ")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2020, 3, 1), date(2020, 3, 31), "1–31 March 2020"),
        (date(2020, 3, 11), date(2020, 4, 2), "11 March – 2 April 2020"),
        (date(2019, 12, 27), date(2021, 6, 28), "27 December 2019 – 28 June 2021"),
        (date(2020, 3, 11), date(2020, 3, 11), "11 March 2020"),
        (date(2019, 3, 1), date(2020, 3, 31), "1 March 2019 – 31 March 2020"),
    ],
)
def test_date_range_text(start, end, expected):
    assert date_range_text(start, end) == expected


# --------------------------------------------------------------------------
# query parameters
# --------------------------------------------------------------------------


def test_the_default_view_has_an_empty_query_string():
    assert to_query_params(ViewState()) == {}
    assert from_query_params({}, VOCAB) == (ViewState(), [])


def test_every_field_has_a_short_key():
    view = ViewState(
        date_from=date(2020, 3, 1),
        date_to=date(2020, 3, 31),
        actors=("Kata'ib Hezbollah", "United States"),
        event_types=("Explosions/Remote violence",),
        sub_event_types=("Air/drone strike",),
        countries=("Iraq",),
        attributions=("alleged",),
        sides=("iran",),
        text="camp taji",
        selected="taji-rockets",
        center=(33.52301, -44.25349),
        zoom=9,
    )
    params = to_query_params(view)
    assert params == {
        "from": "2020-03-01",
        "to": "2020-03-31",
        "actor": ["Kata'ib Hezbollah", "United States"],
        "type": ["Explosions/Remote violence"],
        "sub": ["Air/drone strike"],
        "country": ["Iraq"],
        "attr": ["alleged"],
        "side": ["iran"],
        "q": "camp taji",
        "event": "taji-rockets",
        "center": "33.523,-44.2535",
        "zoom": "9",
    }
    decoded, notices = from_query_params(params, VOCAB)
    assert notices == []
    assert decoded == ViewState(**{**view.__dict__, "center": (33.523, -44.2535)})


@pytest.mark.parametrize(
    ("center", "text"),
    [((0.0, 0.0), "0,0"), ((-0.00001, 10.0), "0,10"), ((89.99999, 180.0), "90,180")],
)
def test_center_is_written_compactly(center, text):
    assert to_query_params(ViewState(center=center))["center"] == text


def test_values_with_commas_are_not_split():
    df = make_events([{"actor1": "Military Forces of Iraq, Popular Mobilization"}])
    vocab = Vocabulary.from_events(df)
    view, notices = from_query_params(
        {"actor": "Military Forces of Iraq, Popular Mobilization"}, vocab
    )
    assert view.actors == ("Military Forces of Iraq, Popular Mobilization",)
    assert notices == []


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"actor": "kata'ib hezbollah"}, "actors", ("Kata'ib Hezbollah",)),
        ({"actor": "  UNITED STATES "}, "actors", ("United States",)),
        ({"actor": "Kataib Hezbollah"}, "actors", ("Kata'ib Hezbollah",)),
        ({"actor": "Kata’ib Sayyid al Shuhada"}, "actors", ("Kata'ib Sayyid al-Shuhada",)),
        ({"type": "riots"}, "event_types", ("Riots",)),
        ({"country": "syria"}, "countries", ("Syria",)),
        ({"side": "Iran and aligned groups"}, "sides", ("iran",)),
        ({"side": "IRAN"}, "sides", ("iran",)),
        ({"event": "TAJI-ROCKETS"}, "selected", "taji-rockets"),
        ({"actor": ["Iran", "iran"]}, "actors", ()),
        ({"actor": ["islamic state", "Islamic State"]}, "actors", ("Islamic State",)),
        ({"from": " 2020-03-01 "}, "date_from", date(2020, 3, 1)),
        ({"center": " 33.3 , 44.4 "}, "center", (33.3, 44.4)),
        ({"center": "33.123456,44.000049"}, "center", (33.1235, 44.0)),
        ({"zoom": "+07"}, "zoom", 7),
    ],
)
def test_values_are_matched_to_the_datas_spelling(params, field, expected):
    view, _ = from_query_params(params, VOCAB)
    assert getattr(view, field) == expected


# Junk: (what, params, the notice's parameter, words the message must contain).
JUNK = [
    ("unknown actor", {"actor": "Foo"}, "actor", "unknown actor 'Foo' ignored"),
    (
        "date in words",
        {"from": "yesterday"},
        "from",
        "date 'yesterday' in 'from' is not YYYY-MM-DD; ignored",
    ),
    ("date in another format", {"to": "11/03/2020"}, "to", "is not YYYY-MM-DD"),
    ("impossible date", {"to": "2020-02-30"}, "to", "date '2020-02-30' in 'to' is not a real date"),
    ("unknown event", {"event": "x"}, "event", "event 'x' does not exist in this dataset; ignored"),
    ("zoom too far", {"zoom": "400"}, "zoom", "zoom '400' is outside 3..18; ignored"),
    ("zoom zero", {"zoom": "0"}, "zoom", "outside 3..18"),
    ("zoom fractional", {"zoom": "7.5"}, "zoom", "zoom '7.5' is not a whole number"),
    ("zoom with 5000 digits", {"zoom": "9" * 999}, "zoom", "outside 3..18"),
    ("latitude in letters", {"center": "abc,44"}, "center", "is not 'latitude,longitude'"),
    (
        "latitude out of range",
        {"center": "91,44"},
        "center",
        "latitude '91' in 'center' is outside -90..90",
    ),
    ("longitude out of range", {"center": "33,-180.5"}, "center", "longitude '-180.5'"),
    ("center with one number", {"center": "33.3"}, "center", "is not 'latitude,longitude'"),
    ("center nan", {"center": "nan,inf"}, "center", "is not 'latitude,longitude'"),
    ("center overflowing", {"center": "1" * 400 + ",1"}, "center", "latitude"),
    ("unknown parameter", {"colour": "red"}, "colour", "unknown parameter 'colour' ignored"),
    ("unknown side", {"side": "blue"}, "side", "unknown side 'blue' ignored"),
    (
        "side absent from the data",
        {"side": "other"},
        "side",
        "side 'other' does not occur in this dataset",
    ),
    (
        "type absent from the data",
        {"type": "Protests"},
        "type",
        "event type 'Protests' does not occur",
    ),
    ("unknown attribution", {"attr": "rumoured"}, "attr", "unknown attribution 'rumoured' ignored"),
    (
        "control characters in text",
        {"q": "taji\x00\x07"},
        "q",
        "search text 'taji\\x00\\x07' contains control",
    ),
    ("huge search text", {"q": "x" * (MAX_TEXT_LENGTH + 1)}, "q", "is longer than 200; ignored"),
    (
        "huge value",
        {"actor": "y" * 100_000},
        "actor",
        "value of 100,000 characters in 'actor' is longer",
    ),
    ("not text at all", {"zoom": [7, None]}, "zoom", "value of type int in 'zoom' is not text"),
    ("repeated single value", {"zoom": ["3", "5"]}, "zoom", "'3' ignored, the last value '5' used"),
    ("sql", {"country": "Iraq'; DROP TABLE events;--"}, "country", "unknown country"),
    ("html", {"event": "<script>alert(1)</script>"}, "event", "does not exist in this dataset"),
]


@pytest.mark.parametrize(
    ("params", "param", "words"), [case[1:] for case in JUNK], ids=[case[0] for case in JUNK]
)
def test_junk_is_ignored_field_by_field_with_a_notice(params, param, words):
    good = {"country": "Iraq"} if "country" not in params else {"type": "Riots"}
    view, notices = from_query_params({**params, **good}, VOCAB)
    assert [n.param for n in notices] == [param]
    assert words in notices[0].message
    # The rest of the link still applies.
    assert view.countries == ("Iraq",) or view.event_types == ("Riots",)
    junk_free = {k: v for k, v in to_query_params(view).items() if k not in good}
    assert junk_free in ({}, {"zoom": "5"})


def test_a_notice_names_the_value_that_was_dropped():
    _, notices = from_query_params({"actor": ["Iran", "Foo", "Bar"]}, VOCAB)
    assert [(n.param, n.value) for n in notices] == [
        ("actor", "Iran"),
        ("actor", "Foo"),
        ("actor", "Bar"),
    ]
    assert notices[0].message == "unknown actor 'Iran' ignored"
    assert str(notices[1]) == "unknown actor 'Foo' ignored"


def test_a_value_matching_several_known_values_is_ignored():
    df = make_events([{"actor1": "Kata'ib Hezbollah"}, {"actor1": "Kata’ib Hezbollah"}])
    vocab = Vocabulary.from_events(df)
    view, notices = from_query_params({"actor": "kataib hezbollah"}, vocab)
    assert view.actors == ()
    assert notices[0].message == (
        "actor 'kataib hezbollah' could be 'Kata'ib Hezbollah' or 'Kata’ib Hezbollah'; ignored"
    )
    # An exact spelling still wins.
    assert from_query_params({"actor": "Kata’ib Hezbollah"}, vocab)[0].actors == (
        "Kata’ib Hezbollah",
    )


def test_from_after_to_are_swapped():
    view, notices = from_query_params({"from": "2021-01-01", "to": "2020-01-01"}, VOCAB)
    assert (view.date_from, view.date_to) == (date(2020, 1, 1), date(2021, 1, 1))
    assert [n.message for n in notices] == [
        "'from' 2021-01-01 is after 'to' 2020-01-01; swapped them"
    ]


def test_dates_outside_the_data_are_kept():
    view, notices = from_query_params({"from": "1990-01-01", "to": "2090-12-31"}, VOCAB)
    assert (view.date_from, view.date_to) == (date(1990, 1, 1), date(2090, 12, 31))
    assert notices == []


def test_streamlit_parameters_and_blank_values_pass_silently():
    params = {
        "embed": "true",
        "embed_options": ["light_theme"],
        "actor": ["", "  "],
        "q": "",
        "zoom": None,
    }
    assert from_query_params(params, VOCAB) == (ViewState(), [])


def test_a_repeated_single_value_with_the_same_value_is_not_reported():
    view, notices = from_query_params({"zoom": ["5", "5"], "event": ["erbil-rockets"]}, VOCAB)
    assert (view.zoom, view.selected, notices) == (5, "erbil-rockets", [])


def test_several_problems_are_all_reported_in_parameter_order():
    params = {"zzz": "1", "from": "x", "actor": ["Foo", "Iran", "United States"], "zoom": "99"}
    view, notices = from_query_params(params, VOCAB)
    assert view == ViewState(actors=("United States",))
    assert [n.param for n in notices] == ["zzz", "from", "actor", "actor", "zoom"]


def test_notice_text():
    assert notice_text([]) == ""
    one = [Notice("actor", "Foo", "unknown actor 'Foo' ignored")]
    assert notice_text(one) == "Part of this link was not used: unknown actor 'Foo' ignored."
    two = [*one, Notice("zoom", "400", "zoom '400' is outside 3..18; ignored")]
    assert notice_text(two) == (
        "2 parts of this link were not used:\n"
        "- unknown actor 'Foo' ignored\n"
        "- zoom '400' is outside 3..18; ignored"
    )


def test_quoted_values_are_short_and_printable():
    _, notices = from_query_params({"actor": "\u202e" + "z" * 500 + "\n"}, VOCAB)
    message = notices[0].message
    assert "\\u202e" in message and "\n" not in message
    assert len(message) < 100


# --------------------------------------------------------------------------
# ViewState and Vocabulary
# --------------------------------------------------------------------------


def test_view_state_stores_tuples_and_dates():
    view = ViewState(
        actors=["Iran"],
        date_from=datetime(2020, 3, 1, 12),
        date_to=pd.Timestamp("2020-03-31"),
        center=[33, 44],
    )
    assert view.actors == ("Iran",)
    assert view.date_from == date(2020, 3, 1) and type(view.date_from) is date
    assert view.date_to == date(2020, 3, 31) and type(view.date_to) is date
    assert view.center == (33.0, 44.0)
    assert view == ViewState(
        actors=("Iran",), date_from=date(2020, 3, 1), date_to=date(2020, 3, 31), center=(33.0, 44.0)
    )
    assert hash(view) == hash(ViewState(**view.__dict__))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        (
            {"actors": "Iran"},
            TypeError,
            "ViewState.actors must be a sequence of strings, not the string 'Iran'",
        ),
        ({"date_from": "2020-01-01"}, TypeError, "ViewState.date_from must be a date"),
        ({"center": (1, 2, 3)}, ValueError, "ViewState.center must be (latitude, longitude)"),
    ],
)
def test_view_state_rejects_programming_mistakes(kwargs, error, words):
    with pytest.raises(error) as raised:
        ViewState(**kwargs)
    assert words in str(raised.value)


def test_has_filters():
    assert not ViewState(selected="x", center=(1, 2), zoom=3).has_filters
    assert ViewState(text="x").has_filters
    assert ViewState(date_to=date(2020, 1, 1)).has_filters
    assert ViewState(sides=("iran",)).has_filters


def test_vocabulary_from_events():
    assert VOCAB.actors == (
        "Islamic State",
        "Kata'ib Hezbollah",
        "Kata'ib Sayyid al-Shuhada",
        "Military Forces of Iraq",
        "PMF supporters",
        "Saraya Awliya al-Dam",
        "Unidentified armed group",
        "Unidentified military forces",
        "United States",
        "US-led coalition",
    )
    assert VOCAB.event_types == ("Battles", "Explosions/Remote violence", "Riots")
    assert VOCAB.sub_event_types == (
        "Air/drone strike",
        "Mob violence",
        "Shelling/artillery/missile attack",
    )
    assert VOCAB.countries == ("Iraq", "Syria")
    assert VOCAB.attributions == ("alleged", "claimed", "confirmed", "unknown")
    assert VOCAB.sides == ("coalition", "iran", "isis", "unidentified")
    assert VOCAB.event_ids == frozenset(ALL_IDS)
    assert (VOCAB.date_min, VOCAB.date_max) == (date(2019, 12, 27), date(2021, 6, 27))


def test_vocabulary_of_an_empty_table():
    vocab = Vocabulary.from_events(make_events([]))
    assert vocab == Vocabulary()
    view, notices = from_query_params({"actor": "Iran", "from": "2020-01-01"}, vocab)
    assert view == ViewState(date_from=date(2020, 1, 1))
    assert [n.param for n in notices] == ["actor"]


def test_filter_key_ignores_where_the_user_looks_but_not_what_is_filtered():
    from events.links import filter_key

    base = ViewState(countries=("Iraq",), actors=("Kata'ib Hezbollah",))
    looked = replace(base, selected="e1", center=(33.3, 44.4), zoom=9)
    assert filter_key(base) == filter_key(looked)
    assert filter_key(base) != filter_key(replace(base, countries=("Syria",)))
    assert filter_key(ViewState()) == ()
