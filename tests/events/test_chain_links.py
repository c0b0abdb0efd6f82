"""The chains' part of a link: the chain picked, the Chains list, suggested links; junk noticed."""

from __future__ import annotations

import pytest

from events import load_events
from events.links import (
    PARAM_CHAIN,
    PARAM_CHAINS_VIEW,
    PARAM_SUGGESTED,
    filter_key,
    from_query_params,
    to_query_params,
)
from events.view import ViewState, Vocabulary
from tests.support import DATA

VOCAB = Vocabulary.from_events(load_events(DATA / "events.csv").events)
K1 = "2019-12-27-k1-air-base-rockets"


@pytest.mark.parametrize(
    "view, params",
    [
        (ViewState(chain=K1), {PARAM_CHAIN: K1}),
        (ViewState(chains_view=True), {PARAM_CHAINS_VIEW: "1"}),
        (ViewState(suggested=True), {PARAM_SUGGESTED: "1"}),
        (
            ViewState(chain=K1, chains_view=True, suggested=True, selected=K1),
            {"event": K1, PARAM_CHAIN: K1, PARAM_CHAINS_VIEW: "1", PARAM_SUGGESTED: "1"},
        ),
        (ViewState(), {}),
    ],
)
def test_the_chain_view_round_trips_through_the_url(view, params):
    assert to_query_params(view) == params
    assert from_query_params(params, VOCAB) == (view, [])


@pytest.mark.parametrize(
    "word, flag", [("true", True), ("Yes", True), (" on ", True), ("0", False)]
)
def test_flags_read_the_usual_words(word, flag):
    view, notices = from_query_params({PARAM_SUGGESTED: word, PARAM_CHAINS_VIEW: word}, VOCAB)
    assert (view.suggested, view.chains_view, notices) == (flag, flag, [])


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {PARAM_CHAIN: "no-such-event"},
            "'chain': event 'no-such-event' does not exist in this dataset; ignored",
        ),
        ({PARAM_SUGGESTED: "maybe"}, "'suggested' is 1 or 0, not 'maybe'; ignored"),
        ({PARAM_CHAINS_VIEW: "2"}, "'chains' is 1 or 0, not '2'; ignored"),
    ],
)
def test_junk_in_the_chain_keys_is_ignored_with_a_notice(params, message):
    view, notices = from_query_params({**params, "country": "Iraq"}, VOCAB)
    assert view == ViewState(countries=("Iraq",))
    assert [notice.message for notice in notices] == [message]
    assert [notice.param for notice in notices] == list(params)


def test_the_chain_keys_do_not_change_which_events_are_in_view():
    plain = ViewState(countries=("Iraq",))
    drawn = ViewState(countries=("Iraq",), chain=K1, chains_view=True, suggested=True)
    assert filter_key(drawn) == filter_key(plain)
