"""Each filter on its own: which rows its mask keeps, its words, its URL keys.

One table per job, one row per filter kind, on a small table read by the
real loader, so the dtypes are the dashboard's.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest

from events import load_events
from events.filters import (
    FILTERS,
    ActorFilter,
    DateFilter,
    ListFilter,
    RowsStillIn,
    SideFilter,
    TextFilter,
    apply,
    describe,
)
from events.links import PARAM_KEYS, from_query_params, to_query_params
from events.view import LIST_FIELDS, ViewState, Vocabulary
from tests.support.tables import to_csv

TODAY = date(2026, 1, 1)
BASE = {
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "attribution": "unknown",
    "country": "Iraq",
    "location": "Baghdad",
    "source": "reuters",
}
ROWS = [
    # Kata'ib Hezbollah hits the United States: the US is actor2 here.
    {"event_id": "e0", "event_date": "2020-01-03", "actor1": "Kata'ib Hezbollah",
     "actor2": "United States", "attribution": "claimed", "location": "Camp Taji",
     "notes": "Rockets hit the base."},
    # ... and the United States strikes back: actor1.
    {"event_id": "e1", "event_date": "2020-01-08", "actor1": "United States",
     "actor2": "Kata'ib Hezbollah", "sub_event_type": "Air/drone strike",
     "attribution": "confirmed", "location": "Al-Qaim", "notes": "Air strikes on depots."},
    {"event_id": "e2", "event_date": "2020-03-11", "event_type": "Battles",
     "sub_event_type": "Armed clash", "actor1": "Islamic State",
     "actor2": "Military Forces of Syria", "country": "Syria", "attribution": "confirmed",
     "location": "Deir ez-Zor", "admin1": "Deir ez-Zor", "notes": "Clashes near Tåji."},
    {"event_id": "e3", "event_date": "2020-03-12", "actor1": "Unidentified armed group",
     "location": "Baghdad", "notes": "Officials blamed Kataʿib Hezbollah."},
    {"event_id": "e4", "event_date": "2021-06-28", "actor1": "Iran", "country": "Syria",
     "attribution": "alleged", "location": "Albu Kamal"},
]  # fmt: skip
EVENTS = load_events(to_csv([{**BASE, **row} for row in ROWS]).encode(), today=TODAY).events
VOCAB = Vocabulary.from_events(EVENTS)
BY_FIELD = {getattr(f, "field", type(f).__name__): f for f in FILTERS}


def _kept(filter_, view: ViewState) -> list[str]:
    mask = filter_.mask(view, RowsStillIn(EVENTS))
    assert mask.dtype == bool and len(mask) == len(EVENTS)
    return EVENTS["event_id"][mask].tolist()


# (filter, view, the events its mask keeps, its words, its query parameters)
CASES = [
    (
        "DateFilter",
        ViewState(date_from=date(2020, 1, 8), date_to=date(2020, 3, 11)),
        ["e1", "e2"],
        "8 January – 11 March 2020",
        {"from": "2020-01-08", "to": "2020-03-11"},
    ),
    (
        "DateFilter",
        ViewState(date_from=date(2020, 3, 12)),
        ["e3", "e4"],
        "from 12 March 2020",
        {"from": "2020-03-12"},
    ),
    (
        "DateFilter",
        ViewState(date_to=date(2020, 1, 3)),
        ["e0"],
        "until 3 January 2020",
        {"to": "2020-01-03"},
    ),
    (
        "actors",
        ViewState(actors=("United States",)),
        ["e0", "e1"],  # either party
        "actor: United States",
        {"actor": ["United States"]},
    ),
    (
        "actors",
        ViewState(actors=("Iran", "Islamic State")),
        ["e2", "e4"],
        "actors: Iran and Islamic State",
        {"actor": ["Iran", "Islamic State"]},
    ),
    (
        "event_types",
        ViewState(event_types=("Battles",)),
        ["e2"],
        "type: Battles",
        {"type": ["Battles"]},
    ),
    (
        "sub_event_types",
        ViewState(sub_event_types=("Air/drone strike", "Armed clash")),
        ["e1", "e2"],
        "sub-types: Air/drone strike and Armed clash",
        {"sub": ["Air/drone strike", "Armed clash"]},
    ),
    (
        "countries",
        ViewState(countries=("Syria",)),
        ["e2", "e4"],
        "in Syria",
        {"country": ["Syria"]},
    ),
    (
        "attributions",
        ViewState(attributions=("claimed", "alleged", "confirmed", "unknown")),
        ["e0", "e1", "e2", "e3", "e4"],
        "attributions: claimed, alleged, confirmed and 1 more",
        {"attr": ["claimed", "alleged", "confirmed", "unknown"]},
    ),
    (
        "sides",
        ViewState(sides=("coalition",)),
        ["e1"],  # the side of actor1 only: e0 was carried out against the US
        "side: US-led coalition",
        {"side": ["coalition"]},
    ),
    (
        "sides",
        ViewState(sides=("iran", "unidentified")),
        ["e0", "e3", "e4"],
        "sides: Iran and aligned groups and Unidentified",
        {"side": ["iran", "unidentified"]},
    ),
    (
        "TextFilter",
        ViewState(text="TAJI"),
        ["e0", "e2"],  # "Camp Taji" and "Tåji" in the notes
        'matching "TAJI"',
        {"q": "TAJI"},
    ),
    (
        "TextFilter",
        ViewState(text="kataib"),
        ["e0", "e1", "e3"],  # Kata'ib as actor1, actor2, and Kataʿib in the notes
        'matching "kataib"',
        {"q": "kataib"},
    ),
]
IDS = [f"{name}-{i}" for i, (name, *_) in enumerate(CASES)]


@pytest.mark.parametrize(("name", "view", "kept", "words", "params"), CASES, ids=IDS)
def test_mask_keeps_the_rows_the_filter_means(name, view, kept, words, params):
    filter_ = BY_FIELD[name]
    assert filter_.active(view)
    assert _kept(filter_, view) == kept
    # Alone in the view, the filter decides what apply() shows.
    assert apply(view, EVENTS)["event_id"].tolist() == kept


@pytest.mark.parametrize(("name", "view", "kept", "words", "params"), CASES, ids=IDS)
def test_words_say_what_the_filter_does(name, view, kept, words, params):
    filter_ = BY_FIELD[name]
    assert filter_.words(view, EVENTS.iloc[0:0]) == words
    # describe() strings them together: in the head when they continue the count.
    line = describe(view, EVENTS, apply(view, EVENTS))
    if filter_.in_head:
        assert line.startswith(f"{len(kept)} of 5 events {words}, ")
    else:
        assert line.startswith(f"{len(kept)} of 5 events, ")
        assert f", {words}" in line


@pytest.mark.parametrize(("name", "view", "kept", "words", "params"), CASES, ids=IDS)
def test_url_keys_are_the_filters_own_and_read_back(name, view, kept, words, params):
    filter_ = BY_FIELD[name]
    assert filter_.to_params(view) == params
    assert set(params) <= set(filter_.keys)
    assert to_query_params(view) == params
    assert from_query_params(params, VOCAB) == (view, [])


@pytest.mark.parametrize("filter_", FILTERS, ids=lambda f: type(f).__name__ + ":" + f.keys[0])
def test_a_filter_that_is_off_keeps_everything_and_writes_no_key(filter_):
    view = ViewState(selected="e1", center=(33.3, 44.4), zoom=7)
    assert not filter_.active(view)
    assert filter_.to_params(view) == {}
    assert apply(view, EVENTS) is EVENTS


def test_words_of_the_dates_without_a_date_filter_are_the_span_shown():
    dates = BY_FIELD["DateFilter"]
    assert dates.words(ViewState(), EVENTS) == "3 January 2020 – 28 June 2021"
    assert dates.words(ViewState(), EVENTS.iloc[0:0]) == ""
    assert BY_FIELD["actors"].words(ViewState(), EVENTS) == ""


def test_masks_read_only_the_rows_still_in():
    rows = RowsStillIn(EVENTS)
    rows.keep(EVENTS["country"].eq("Syria").to_numpy())  # e2, e4
    mask = BY_FIELD["actors"].mask(ViewState(actors=("Iran",)), rows)
    assert mask.tolist() == [False, True]
    rows.keep(mask)
    assert rows.frame()["event_id"].tolist() == ["e4"]


def test_text_that_folds_to_nothing_is_no_filter():
    text = BY_FIELD["TextFilter"]
    assert not text.active(ViewState(text="'’"))
    assert text.active(ViewState(text="x"))


def test_one_filter_per_kind_and_per_field():
    kinds = [type(f) for f in FILTERS]
    assert {DateFilter, ActorFilter, ListFilter, SideFilter, TextFilter} == set(kinds)
    # Every choice a ViewState holds has exactly one filter, named alike.
    value_fields = [f.field for f in FILTERS if hasattr(f, "field")]
    assert sorted(value_fields) == sorted(LIST_FIELDS)
    view_fields = {f.name for f in dataclasses.fields(ViewState)}
    assert set(value_fields) <= view_fields
    assert {f.name for f in dataclasses.fields(Vocabulary)} >= set(value_fields)


def test_url_keys_are_unique_and_in_the_links_order():
    keys = [key for f in FILTERS for key in f.keys]
    assert len(keys) == len(set(keys))
    assert list(PARAM_KEYS[: len(keys)]) == keys
    assert keys == ["from", "to", "actor", "type", "sub", "country", "attr", "side", "q"]


def test_columns_name_what_each_filter_reads():
    assert BY_FIELD["actors"].columns == ("actor1", "actor2")
    assert BY_FIELD["sides"].column == "actor1"
    for name, column in (
        ("event_types", "event_type"),
        ("sub_event_types", "sub_event_type"),
        ("countries", "country"),
        ("attributions", "attribution"),
    ):
        assert BY_FIELD[name].column == column
        assert column in EVENTS.columns


def test_filters_combine_as_and():
    view = ViewState(countries=("Iraq",), actors=("Kata'ib Hezbollah",), text="rockets")
    assert apply(view, EVENTS)["event_id"].tolist() == ["e0"]
    masks = [f.mask(view, RowsStillIn(EVENTS)) for f in FILTERS if f.active(view)]
    assert np.logical_and.reduce(masks).tolist() == [True, False, False, False, False]


def test_side_labels_are_read_from_links_but_keys_are_written():
    view, notices = from_query_params({"side": "US-led coalition"}, VOCAB)
    assert (view.sides, notices) == (("coalition",), [])
    assert to_query_params(view) == {"side": ["coalition"]}
