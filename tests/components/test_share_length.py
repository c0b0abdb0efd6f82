"""A view too long for a link still gets a link that opens, and says what it leaves out."""

from __future__ import annotations

from urllib.parse import parse_qs

from components.share import left_out_note, share_query
from events.link_length import MAX_QUERY_CHARS
from events.view import ViewState


def test_a_view_with_thousands_of_actors_gets_a_link_that_opens():
    actors = tuple(f"Militia number {i:05d} of the region" for i in range(3_000))
    view = ViewState(actors=actors, text="taji")
    query = share_query(view)
    assert len(query) <= MAX_QUERY_CHARS + 1
    assert parse_qs(query.lstrip("?"))["q"] == ["taji"]
    assert "actor" not in parse_qs(query.lstrip("?"))


def test_the_note_names_what_the_link_leaves_out():
    assert left_out_note([]) is None
    note = left_out_note(["actor"])
    assert "leaves out the 'actor' filter" in note
