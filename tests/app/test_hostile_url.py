"""Hostile links: raw query strings with percent-encoded junk, decoded as the server does,
and the real app opened with generated query strings. Never an exception; whatever is
not used is named in a notice; what is used is exactly what the map shows.

`tests/events/test_view_fuzz.py` throws Python values at the decoder; this file starts one
step earlier, from the text of a URL, and one step later, at the running app.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from components.text import md_escape
from events import load_events
from events.filters import apply
from events.links import PARAM_KEYS, STREAMLIT_PARAMS, from_query_params, to_query_params
from events.view import ViewState, Vocabulary
from tests.support import ROOT
from tests.support.apptest import marker_ids
from tests.support.views import FIELD_OF_KEY, VOCAB, assert_valid_view, given_values

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

APP = str(ROOT / "app.py")
EVENTS = load_events(ROOT / "data" / "events.csv").events
DATA_VOCAB = Vocabulary.from_events(EVENTS)
# Parameters the app reads before the view decoder sees the rest.
APP_PARAMS = ("data",)

# Pieces of a raw query string: text, percent escapes of any bytes (invalid UTF-8,
# NUL, right-to-left override, lone surrogate halves), and the characters that
# delimit or escape.
percent_bytes = st.binary(min_size=1, max_size=8).map(lambda b: "".join(f"%{x:02X}" for x in b))
awkward = st.sampled_from(
    [
        "%",
        "%Z",
        "%4",
        "%%",
        "%00",
        "%E2%80%AE",
        "%ED%A0%80",
        "%FF%FE",
        "%C0%AF",
        "+",
        "=",
        "==",
        "&",
        ";",
        "#",
        "?",
        "%26",
        "%3D",
        "%25",
        "\u202e",
        "<script>",
        "javascript:",
        "..%2F..%2F",
        "9" * 40,
        "1e309",
        "-0",
        "NaN",
    ]
)
piece = st.one_of(st.text(max_size=12), percent_bytes, awkward)
fragment = st.lists(piece, max_size=4).map("".join)
raw_key = st.one_of(st.sampled_from([*PARAM_KEYS, *STREAMLIT_PARAMS]), fragment)
pair = st.one_of(
    st.tuples(raw_key, fragment).map(lambda kv: f"{kv[0]}={kv[1]}"),
    raw_key,
)
raw_query = st.one_of(
    st.lists(pair, max_size=12).map("&".join),
    st.text(max_size=80),
    st.lists(pair, max_size=6).map(lambda pairs: "?" + "&".join(pairs) + "#frag"),
)


def decode_like_the_server(query: str) -> dict[str, list[str]]:
    return parse_qs(query, keep_blank_values=True)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(raw_query)
def test_any_raw_query_string_decodes_to_a_valid_view(query):
    params = decode_like_the_server(query)
    for vocab in (VOCAB, DATA_VOCAB):
        view, notices = from_query_params(params, vocab)
        assert_valid_view(view, vocab)
        reported = {n.param for n in notices}
        for key in params:
            if key not in PARAM_KEYS and key not in STREAMLIT_PARAMS:
                assert key in reported, (key, notices)
        assert all(len(n.message) < 400 for n in notices)
        assert from_query_params(to_query_params(view), vocab) == (view, [])


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(sorted(PARAM_KEYS)), fragment), max_size=8))
def test_known_parameters_with_junk_values_are_each_used_or_reported(pairs):
    params = decode_like_the_server("&".join(f"{k}={v}" for k, v in pairs))
    view, notices = from_query_params(params, DATA_VOCAB)
    assert_valid_view(view, DATA_VOCAB)
    reported = {n.param for n in notices}
    for key, values in params.items():
        if key in FIELD_OF_KEY and given_values(values):
            default = getattr(ViewState(), FIELD_OF_KEY[key])
            assert getattr(view, FIELD_OF_KEY[key]) != default or key in reported, key


# --------------------------------------------------------------------------
# the running app
# --------------------------------------------------------------------------

app_values = st.one_of(
    fragment,
    st.sampled_from(
        [
            *DATA_VOCAB.actors,
            *DATA_VOCAB.countries,
            *DATA_VOCAB.event_types,
            *sorted(DATA_VOCAB.event_ids)[:5],
            "2020-03-01",
            "2021-13-01",
            "33.3,44.4",
            "7",
            "400",
        ]
    ),
)
app_params = st.dictionaries(
    st.one_of(st.sampled_from(sorted(PARAM_KEYS)), fragment.filter(lambda k: k not in APP_PARAMS)),
    st.one_of(app_values, st.lists(app_values, min_size=1, max_size=3)),
    max_size=6,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(app_params)
def test_the_app_opens_any_generated_link_and_shows_what_it_decoded(params):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()

    assert not at.exception, [e.message for e in at.exception]
    # What the script receives: the dict as a URL, parsed back as the server parses it.
    received = decode_like_the_server(urlencode(params, doseq=True))
    view, notices = from_query_params(received, DATA_VOCAB)
    shown = apply(view, EVENTS).dropna(subset=["latitude", "longitude"])
    assert sorted(marker_ids(at)) == sorted(shown["event_id"])
    warnings = " ".join(w.value for w in at.warning)
    if notices:
        assert "ignored" in warnings
        for notice in notices:
            if notice.param not in PARAM_KEYS and notice.param.isalnum():
                assert notice.param in warnings
    else:
        assert "ignored" not in warnings
    if view.selected:
        location = EVENTS.loc[EVENTS["event_id"] == view.selected, "location"].iloc[0]
        assert any(md_escape(location) in m.value for m in at.markdown), "the detail panel"


def test_a_link_that_names_a_data_set_not_open_here_waits_with_a_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["data"] = "upload-<script>alert(1)</script>"
    at.query_params["country"] = "Syria"
    at.run()
    assert not at.exception
    assert len(marker_ids(at)) == int(EVENTS["latitude"].notna().sum())
    assert at.warning and "upload" in at.warning[0].value


def test_a_link_with_hundreds_of_junk_parameters_names_the_first_few():
    at = AppTest.from_file(APP, default_timeout=60)
    for n in range(900):
        at.query_params[f"junk{n}"] = "x"
    at.run()
    assert not at.exception
    notice = at.warning[0].value
    assert "junk0" in notice and "junk19" in notice and "junk20" not in notice
    assert "and 880 more" in notice
    assert len(marker_ids(at)) == int(EVENTS["latitude"].notna().sum())
