"""The review page's builders: marked evidence, rows from edited fields, typed figures, reports."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from components import review
from events import schema
from geo import Place
from ingest import Candidate, PlaceOption, Span

SENTENCE = "Rockets hit Camp Taji on Wednesday, killing 3."


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], SENTENCE),
        (
            [("location", 12, 21)],
            'Rockets hit <mark style="background:#bbf7d0;padding:0 2px;border-radius:3px" '
            'title="where">Camp Taji</mark> on Wednesday, killing 3.',
        ),
        # spans past the end or empty are ignored, not an error
        ([("location", 40, 400), ("event_type", 5, 5)], None),
    ],
)
def test_highlight_marks_exactly_the_spans(spans, expected):
    got = review.highlight_html(SENTENCE, spans)
    if expected is not None:
        assert got == expected
    assert _text_of(got) == SENTENCE


def test_overlapping_spans_are_cut_at_each_others_edges_and_name_both_fields():
    got = review.highlight_html("killing 3 soldiers", [("fatalities", 0, 9), ("actor1", 8, 18)])
    assert _text_of(got) == "killing 3 soldiers"
    assert 'title="killed, who">3</mark>' in got
    assert got.count("<mark") == 3


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        "a & b \"quoted\" 'single'",
        "</mark><b>bold</b>",
    ],
)
def test_report_text_is_escaped_inside_and_outside_marks(hostile):
    text = f"{hostile} near Erbil {hostile}"
    start = text.index("Erbil")
    got = review.highlight_html(text, [("location", start - 5, start + 5)])
    assert "<script" not in got and "<img" not in got and "<b>" not in got
    assert _text_of(got) == text


def _text_of(markup: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_evidence_marks_each_sentence_with_its_own_spans():
    candidate = Candidate(
        row={},
        evidence=((0, "Rockets hit Camp Taji."), (2, "Three were killed.")),
        spans=(Span("location", 0, 12, 21), Span("fatalities", 2, 0, 5)),
    )
    got = review.evidence_html(candidate)
    assert got.count("<p") == 2
    assert 'title="where">Camp Taji</mark>' in got
    assert 'title="killed">Three</mark>' in got


TAJI = PlaceOption(
    "Camp Taji",
    Place("Camp Taji", 33.52944, 44.2775, "Iraq", "military base", 1, "gazetteer:camp-taji"),
    "recognised in the text",
)


@pytest.mark.parametrize(
    ("base", "fields", "place", "expected"),
    [
        (
            {"event_id": "x", "notes": "kept"},
            {"event_date": date(2020, 3, 11), "fatalities": " 3 ", "time_precision": 1},
            None,
            {"event_id": "x", "notes": "kept", "event_date": "2020-03-11", "fatalities": "3"},
        ),
        (
            {"location": "near Taji", "latitude": "1", "longitude": "2"},
            {},
            TAJI,
            {
                "location": "Camp Taji",
                "latitude": "33.52944",
                "longitude": "44.27750",
                "country": "Iraq",
                "geo_precision": "1",
                "geo_source": "gazetteer:camp-taji",
            },
        ),
        ({}, {"responds_to": ["a", "b"]}, None, {"responds_to": "a;b"}),
        ({"wounded": "4"}, {"wounded": None}, None, {"wounded": ""}),
    ],
)
def test_row_from_fields(base, fields, place, expected):
    row = review.row_from_fields(base, fields, place)
    assert list(row) == list(schema.COLUMN_NAMES)
    for column, value in expected.items():
        assert row[column] == value, column


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", None),
        ("  ", None),
        ("12", None),
        ("0", None),
        ("12.5", "Killed: '12.5' is not a whole number (leave it blank if not reported)"),
        ("a dozen", "Killed: 'a dozen' is not a whole number (leave it blank if not reported)"),
        ("-3", "Killed: '-3' is not a whole number (leave it blank if not reported)"),
        ("1" * 12, f"Killed: '{'1' * 12}' is not a whole number (leave it blank if not reported)"),
    ],
)
def test_count_problem(typed, problem):
    assert review.count_problem("Killed", typed) == problem


@pytest.mark.parametrize(
    ("background", "matches", "ticked"),
    [(False, None, True), (True, None, False), (False, "known-id", False)],
)
def test_what_is_ticked_at_first(background, matches, ticked):
    candidate = Candidate(row={}, background=background, matches_existing=matches)
    assert review.ticked_by_default(candidate) is ticked


def test_heading_says_what_is_missing():
    assert (
        review.candidate_heading({}, False) == "no date yet · event of unknown type · no place yet"
    )
    heading = review.candidate_heading(
        {"event_date": "2020-01-03", "sub_event_type": "Air/drone strike", "location": "Baghdad"},
        True,
    )
    assert heading == "2020-01-03 · Air/drone strike · Baghdad (recalled in the report)"


def test_source_entry_of_a_report():
    report = review.Report("text", date(2020, 3, 12), " Reuters ", "Strikes", "https://x.org/a")
    assert report.source_entry() == {
        "outlet": "Reuters",
        "title": "Strikes",
        "published": "2020-03-12",
        "url": "https://x.org/a",
    }
    assert review.Report("t", None).source_entry()["published"] == ""


@pytest.mark.parametrize(
    ("raw", "text", "why"),
    [
        (b"Rockets hit Erbil.", "Rockets hit Erbil.", None),
        ("\ufeffRockets hit Erbil.".encode(), "Rockets hit Erbil.", None),
        (codecs.BOM_UTF16_LE + "قاعدة".encode("utf-16-le"), "\ufeffقاعدة", None),
        (b"caf\xe9", None, "r.txt is not UTF-8 text: byte 3 (0xe9) cannot be read"),
        (b"PK\x03\x04\x00\x00", None, "r.txt is not a text file (it holds a NUL byte at byte 4)"),
        (b"  \n ", None, "r.txt is empty"),
        (b"x" * 2_000_001, None, "r.txt is 2.0 MB; a report can be at most 2 MB of text"),
    ],
)
def test_decode_report(raw, text, why):
    from components.review_page import decode_report

    got_text, got_why = decode_report("r.txt", raw)
    if why is None:
        assert got_why is None and got_text.lstrip("\ufeff") == text.lstrip("\ufeff")
    else:
        assert got_text is None and got_why.startswith(why)
