"""Hostile text in the events and sources files: escaped everywhere it is shown, links only
for http and https, spreadsheet formulas neutralised in downloads but shown as they are.

`hostile_files` writes the data set the browser test (`tests/browser/test_hostile.py`) uses too.
"""

from __future__ import annotations

import csv
import io
import re

import folium
import pytest
from streamlit_folium import _get_feature_group_string

from components.detail import event_detail
from components.map.assembly import event_layer
from components.map.assets import missing_assets
from components.map.export import standalone_map_html
from components.table import csv_bytes
from components.text import md_escape, md_link, safe_url
from events import load_events
from tests.support import ROOT
from tests.support.apptest import run_app
from tests.support.hostile import (
    AUTOLINK,
    COLOUR,
    DDE,
    END_SCRIPT,
    ENTITIES,
    FORMULA,
    HEADING,
    HOSTILE_EVENTS,
    HOSTILE_ID,
    HYPERLINK,
    IMG,
    JS_URL,
    LATEX,
    MD_IMAGE,
    MD_LINK,
    RTL,
    SAFE_URL,
    SCRIPT,
    SHORTCODE,
    SVG,
    TEMPLATE_EXPRESSION,
    TEMPLATE_TAG,
    hostile_files,
)

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    path = hostile_files(tmp_path)
    monkeypatch.setenv("EVENTS_CSV", str(path))
    return load_events(path)


def markdown_links(text: str) -> list[str]:
    """The targets of every Markdown link or image in `text` (escaped brackets excluded)."""
    return re.findall(r"(?<!\\)\]\(([^)]*)\)", text)


def unescaped(text: str) -> str:
    """What a reader sees: no escaping backslashes, no word joiners (U+2060, invisible)."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


# --------------------------------------------------------------------------
# the builders
# --------------------------------------------------------------------------

ALL_HOSTILE = [
    SCRIPT,
    IMG,
    JS_URL,
    MD_LINK,
    MD_IMAGE,
    COLOUR,
    LATEX,
    ENTITIES,
    END_SCRIPT,
    RTL,
    SVG,
    SHORTCODE,
    AUTOLINK,
    HEADING,
    FORMULA,
    HYPERLINK,
    DDE,
    HOSTILE_ID,
]


@pytest.mark.parametrize("value", ALL_HOSTILE)
def test_md_escape_leaves_no_markdown_or_html_active(value):
    escaped = md_escape(value)
    assert markdown_links(escaped) == []
    # Every character that could start Markdown or HTML is escaped with a backslash.
    for special in "<>[]()!:$&#=`*_":
        assert re.search(rf"(?<!\\){re.escape(special)}", escaped) is None, special
    visible = unescaped(escaped).replace("\u2068", "").replace("\u2069", "")
    assert visible.replace("\u202c", "") == value.replace("\u202c", "")


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("\u202eevil", "\u2068\u202eevil", "\u202c\u2069"),
        ("\u2067a\u202eb", "\u2068\u2067a\u202eb", "\u202c\u2069\u2069"),
        ("\u2069\u202c\u202ex", "\u2068\u202ex", "\u202c\u2069"),  # stray closers dropped
        ("a\u2066b\u2069c", "\u2068a\u2066b\u2069c", "\u2069"),
    ],
)
def test_direction_controls_cannot_reorder_the_text_around_a_value(text, before, after):
    assert md_escape(text) == before + after


def test_arabic_needs_no_fence():
    assert md_escape("حزب الله") == "حزب الله"


@pytest.mark.parametrize(
    "url",
    [
        JS_URL,
        " JaVaScRiPt:window.__pwned=1",
        "data:text/html,<script>x</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "http:evil.example",
        "https://example.org/a)b",
        'https://example.org/"onmouseover="x',
        "https://example.org/\u202egnp.exe",
        "https://example.org/\u200bhidden",
        "https://exa mple.org/",
        "https://example.org/\nx",
    ],
)
def test_only_plain_http_and_https_urls_become_links(url):
    assert safe_url(url) is None
    assert markdown_links(md_link("title", url)) == []


def test_the_detail_panel_escapes_every_field_and_links_only_http(hostile):
    events, sources = hostile.events, hostile.sources
    for event_id, changes in HOSTILE_EVENTS.items():
        detail = event_detail(event_id, events, sources)
        assert detail is not None, event_id
        text = "\n".join([detail.title, detail.note, *(v for _, v in detail.facts)])
        for column in ("location", "actor1", "actor2", "notes", "admin1", "operation"):
            if column in changes:
                assert md_escape(changes[column]) in text, column
        assert markdown_links(text) == []
        links = [target for line in detail.sources for target in markdown_links(line)]
        assert links == ([SAFE_URL] if "src-ok" in changes["source"] else [])
    evil = event_detail("hostile-script", events, sources)
    assert md_escape(SCRIPT) in evil.sources[0] and md_escape(MD_LINK) in evil.sources[1]


# --------------------------------------------------------------------------
# the app
# --------------------------------------------------------------------------


@pytest.mark.parametrize("event_id", list(HOSTILE_EVENTS))
def test_the_app_shows_hostile_events_as_text(hostile, event_id):
    at = run_app({"event": event_id})
    shown = "\n".join(m.value for m in at.markdown)
    changes = HOSTILE_EVENTS[event_id]
    assert md_escape(changes["location"]) in shown
    assert md_escape(changes["notes"]) in shown
    for markdown in at.markdown:
        assert all(t.startswith(("http://", "https://")) for t in markdown_links(markdown.value))
    assert at.query_params["event"] == event_id


def test_template_syntax_in_the_data_reaches_the_map_as_text(hostile):
    """Before, a place "Camp {% Taji" stopped the map; "{{ ... }}" would have run on the server."""
    events = hostile.events
    layer = _get_feature_group_string(event_layer(events), folium.Map(tiles=None))
    assert TEMPLATE_TAG in layer  # the place, in the markers' data


@pytest.mark.skipif(bool(missing_assets(ROOT / "static")), reason="map assets not installed")
def test_template_syntax_in_the_data_or_citation_reaches_the_html_export_as_text(hostile):
    page = standalone_map_html(hostile.events, f"Search: {TEMPLATE_EXPRESSION}").decode()
    assert f"Search: {TEMPLATE_EXPRESSION}" in page and TEMPLATE_TAG in page
    assert "1234000" not in page


def test_the_table_shows_formulas_as_they_are(hostile):
    at = run_app()
    table = next(d for d in at.dataframe if d.key == "table").value
    assert FORMULA in set(table["Place"])
    assert HYPERLINK in set(table["Actor"])
    assert HOSTILE_ID in set(table["ID"])


def test_notices_quote_hostile_url_values_as_text(hostile):
    at = run_app({SCRIPT: IMG, "actor": MD_LINK})
    notice = at.warning[0].value
    assert markdown_links(notice) == []
    assert md_escape(MD_LINK) in notice and md_escape(SCRIPT) in notice


# --------------------------------------------------------------------------
# the CSV download
# --------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_the_csv_download_neutralises_every_formula(hostile):
    data = csv_bytes(hostile.events)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    by_id = {row["event_id"]: row for row in rows}
    formula = by_id["hostile-formula"]
    assert formula["location"] == "'" + FORMULA
    assert formula["actor1"] == "'" + HYPERLINK
    assert formula["actor2"] == "'" + DDE
    assert formula["notes"] == "'-2+3"
    numeric = {"event_date", "latitude", "longitude", "fatalities", "wounded", "time_precision"}
    for row in rows:
        for column, value in row.items():
            if column in numeric or column.endswith(("_low", "_high", "_precision")):
                continue
            assert not value.startswith(FORMULA_STARTS), (row["event_id"], column, value)
    # Nothing else changed: the other hostile text is exported as written.
    assert by_id["hostile-script"]["notes"] == HOSTILE_EVENTS["hostile-script"]["notes"]
    assert by_id[HOSTILE_ID]["location"] == IMG


def test_the_csv_download_neutralises_formulas_in_column_names(hostile):
    events = hostile.events.copy()
    events[HYPERLINK] = "x"
    header = next(csv.reader(io.StringIO(csv_bytes(events).decode("utf-8"))))
    assert all(not name.startswith(FORMULA_STARTS) for name in header), header
