"""Property tests of the view: links round-trip, junk never breaks decoding,
and the vectorised filters agree with a plain row-by-row reading of them."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.filters import MAX_TEXT_LENGTH, apply, describe
from events.links import (
    MAX_ZOOM,
    MIN_ZOOM,
    PARAM_KEYS,
    STREAMLIT_PARAMS,
    Notice,
    from_query_params,
    notice_text,
    to_query_params,
)
from events.sides import SIDES, side_of
from events.view import ViewState, Vocabulary
from tests.support.views import (
    FIELD_OF_KEY,
    VOCAB,
    assert_valid_view,
    given_values,
    names_the_default,
    searchable,
)
from textfold import fold_text

coordinates = st.tuples(
    st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)
).map(lambda c: (round(c[0], 4) + 0.0, round(c[1], 4) + 0.0))


def subsets(values):
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values)).map(tuple)


@st.composite
def views(draw, vocab: Vocabulary = VOCAB) -> ViewState:
    """Any valid view over ``vocab``."""
    first, second = draw(st.one_of(st.none(), st.dates())), draw(st.one_of(st.none(), st.dates()))
    if first is not None and second is not None and first > second:
        first, second = second, first
    return ViewState(
        date_from=first,
        date_to=second,
        actors=draw(subsets(vocab.actors)),
        event_types=draw(subsets(vocab.event_types)),
        sub_event_types=draw(subsets(vocab.sub_event_types)),
        countries=draw(subsets(vocab.countries)),
        attributions=draw(subsets(vocab.attributions)),
        sides=draw(subsets(vocab.sides)),
        text=draw(st.one_of(st.just(""), st.text(max_size=MAX_TEXT_LENGTH).filter(searchable))),
        selected=draw(st.one_of(st.none(), st.sampled_from(sorted(vocab.event_ids)))),
        center=draw(st.one_of(st.none(), coordinates)),
        zoom=draw(st.one_of(st.none(), st.integers(MIN_ZOOM, MAX_ZOOM))),
    )


@pytest.mark.slow
@given(views())
def test_every_valid_view_round_trips_through_query_params(view):
    assert from_query_params(to_query_params(view), VOCAB) == (view, [])


@pytest.mark.slow
@given(views())
def test_query_params_are_strings_or_lists_of_strings(view):
    for key, value in to_query_params(view).items():
        assert key in PARAM_KEYS
        assert isinstance(value, str) or all(isinstance(v, str) for v in value)


# --------------------------------------------------------------------------
# junk
# --------------------------------------------------------------------------

known_words = st.sampled_from(
    [
        *VOCAB.actors,
        *VOCAB.event_types,
        *VOCAB.countries,
        *VOCAB.attributions,
        *VOCAB.sides,
        *SIDES.values(),
        *sorted(VOCAB.event_ids),
        "2020-03-11",
        "2020-02-30",
        "33.3,44.4",
        "91,0",
        "7",
        "400",
    ]
)
messy_words = known_words.flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.lower(), f"  {w} ", w.replace("'", "’")])
)
any_text = st.one_of(
    st.text(),
    st.text(st.characters(codec="utf-8"), max_size=50),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=20),
    st.integers(0, 5000).map(lambda n: "ä" * n),
    st.just("x" * 2_000_000),
    messy_words,
)
values = st.one_of(
    any_text,
    st.lists(any_text, max_size=5),
    st.lists(st.one_of(any_text, st.none(), st.integers(), st.lists(st.text(), max_size=2))),
    st.none(),
    st.integers(),
)
keys = st.one_of(st.sampled_from([*PARAM_KEYS, *STREAMLIT_PARAMS]), st.text(max_size=20))


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=8))
def test_junk_never_raises_and_gives_a_valid_view(params):
    view, notices = from_query_params(params, VOCAB)
    assert_valid_view(view, VOCAB)
    assert all(isinstance(n, Notice) and isinstance(n.message, str) for n in notices)
    assert all(len(n.message) < 400 for n in notices)
    assert isinstance(notice_text(notices), str)
    reported = {n.param for n in notices}
    for key, raw in params.items():
        if key in STREAMLIT_PARAMS:
            assert key not in reported
        elif key not in PARAM_KEYS:
            assert key in reported
        elif given_values(raw) and not names_the_default(key, raw):
            # Something was given: it is either in the view or reported.
            default = getattr(ViewState(), FIELD_OF_KEY[key])
            assert getattr(view, FIELD_OF_KEY[key]) != default or key in reported
    # Whatever was kept survives a second trip unchanged.
    assert from_query_params(to_query_params(view), VOCAB) == (view, [])


@pytest.mark.slow
@given(st.lists(messy_words, min_size=1, max_size=6))
def test_every_list_value_is_kept_or_reported(words):
    view, notices = from_query_params({"actor": words}, VOCAB)
    reported = [n.value for n in notices if n.param == "actor"]
    for word in words:
        alone, _ = from_query_params({"actor": word}, VOCAB)
        if alone.actors:
            assert alone.actors[0] in view.actors
        else:
            assert word in reported or not word.strip()


# --------------------------------------------------------------------------
# apply agrees with a row-by-row reading of the view
# --------------------------------------------------------------------------

ACTORS = ["Kata'ib Hezbollah", "United States", "Islamic State", "Unidentified armed group", "Iran"]
TYPES = ["Battles", "Explosions/Remote violence", "Riots"]
SUBS = ["Air/drone strike", "Armed clash"]
COUNTRIES = ["Iraq", "Syria"]
ATTRIBUTIONS = ["alleged", "claimed", "unknown"]
# Letters that exercise the folding: accents, apostrophes, case, Arabic.
WORDS_ALPHABET = "aAbTtJjiIåÅâéÉ'’`ʼ ب ِ-ṭḤ.ßİ"
words = st.text(alphabet=WORDS_ALPHABET, max_size=12)
START = date(2020, 1, 1)

event_rows = st.fixed_dictionaries(
    {
        "day": st.integers(0, 30),
        "event_type": st.sampled_from(TYPES),
        "sub_event_type": st.one_of(st.none(), st.sampled_from(SUBS)),
        "actor1": st.sampled_from(ACTORS),
        "actor2": st.one_of(st.none(), st.sampled_from(ACTORS)),
        "country": st.sampled_from(COUNTRIES),
        "attribution": st.sampled_from(ATTRIBUTIONS),
        "location": words,
        "admin1": st.one_of(st.none(), words),
        "notes": st.one_of(st.none(), words),
        "fatalities": st.one_of(st.none(), st.integers(0, 100)),
    }
)

table_views = st.builds(
    ViewState,
    date_from=st.one_of(st.none(), st.integers(0, 30).map(lambda d: START + timedelta(d))),
    date_to=st.one_of(st.none(), st.integers(0, 30).map(lambda d: START + timedelta(d))),
    actors=subsets(ACTORS),
    event_types=subsets(TYPES),
    sub_event_types=subsets(SUBS),
    countries=subsets(COUNTRIES),
    attributions=subsets(ATTRIBUTIONS),
    sides=subsets(list(SIDES)),
    text=st.one_of(st.just(""), words),
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "event_id": pd.Series([f"ev-{i}" for i in range(len(rows))], dtype="str"),
            "event_date": pd.to_datetime(
                pd.Series([START + timedelta(r["day"]) for r in rows], dtype="object")
            ),
        }
    )
    for column in (
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "attribution",
        "location",
        "admin1",
        "notes",
    ):
        df[column] = pd.Series([r[column] for r in rows], dtype="object").astype("str")
    df["fatalities"] = pd.array([r.get("fatalities") for r in rows], dtype="Int64")
    return df


def _shown_by_reading(view: ViewState, rows: list[dict]) -> list[str]:
    needle = fold_text(view.text)
    shown = []
    for i, row in enumerate(rows):
        day = START + timedelta(row["day"])
        checks = [
            view.date_from is None or day >= view.date_from,
            view.date_to is None or day <= view.date_to,
            not view.actors or row["actor1"] in view.actors or row["actor2"] in view.actors,
            not view.event_types or row["event_type"] in view.event_types,
            not view.sub_event_types or row["sub_event_type"] in view.sub_event_types,
            not view.countries or row["country"] in view.countries,
            not view.attributions or row["attribution"] in view.attributions,
            not view.sides or side_of(row["actor1"]) in view.sides,
            not needle
            or any(
                isinstance(row[c], str) and needle in fold_text(row[c])
                for c in ("location", "actor1", "actor2", "notes", "admin1")
            ),
        ]
        if all(checks):
            shown.append(f"ev-{i}")
    return shown


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_rows, max_size=25), table_views)
def test_apply_agrees_with_reading_each_row(rows, view):
    df = _frame(rows)
    expected = _shown_by_reading(view, rows)
    shown = apply(view, df)
    assert shown["event_id"].tolist() == expected
    line = describe(view, df, shown)
    if view.has_filters:
        assert line.startswith(f"{len(expected)} of {len(rows)} event")
    else:
        assert line.startswith(f"{len(rows)} event")


SMALL_TABLE_ROWS = [
    {
        "day": day,
        "event_type": TYPES[day % 3],
        "sub_event_type": None,
        "actor1": ACTORS[day % 5],
        "actor2": "Kata’ib Hezbollah",
        "country": "Iraq",
        "attribution": "unknown",
        "location": "Camp Tåji",
        "admin1": None,
        "notes": "حزب الله",
        "fatalities": None if day % 2 else day,
    }
    for day in range(0, 30, 3)
]


@pytest.mark.slow
@given(views())
def test_apply_and_describe_take_any_valid_view(view):
    df = _frame(SMALL_TABLE_ROWS)
    shown = apply(view, df)
    assert set(shown["event_id"]) <= set(df["event_id"])
    assert isinstance(describe(view, df, shown), str)
