"""Links that a server can open: the longest list filters are left out, and said to be."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from events.link_length import MAX_QUERY_CHARS, fit_query, query_length


@pytest.mark.parametrize(
    ("params", "kept", "dropped"),
    [
        ({}, {}, []),
        ({"from": "2020-01-01", "actor": ["Iran"]}, {"from": "2020-01-01", "actor": ["Iran"]}, []),
        (
            {"from": "2020-01-01", "actor": [f"actor {i:04d}" for i in range(2_000)], "q": "x"},
            {"from": "2020-01-01", "q": "x"},
            ["actor"],
        ),
        (
            {
                "actor": [f"actor {i:04d}" for i in range(2_000)],
                "type": ["Battles"],
                "country": [f"country {i}" for i in range(900)],
            },
            {"type": ["Battles"]},
            ["actor", "country"],
        ),
    ],
)
def test_fit_query(params, kept, dropped):
    fitted, left_out = fit_query(params)
    assert fitted == kept
    assert left_out == dropped
    assert query_length(fitted) <= MAX_QUERY_CHARS


def test_the_longest_list_goes_first_and_no_more_than_needed():
    params = {"actor": ["a" * 50] * 200, "country": ["c" * 50] * 100}
    fitted, left_out = fit_query(params, limit=len(urlencode({"country": params["country"]}, True)))
    assert left_out == ["actor"] and fitted == {"country": params["country"]}
