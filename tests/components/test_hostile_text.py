"""Text from data or from a link stays text in Streamlit's Markdown, and links go where they say.

Streamlit's Markdown finds bare links (`www.`, `https://`, e-mail addresses)
and `:material/…:` shortcodes in the text after its backslash escapes are
undone. `rendered_text` does what the frontend does first (its
`:material/` rewrite, then undoing the escapes), and the patterns are the
frontend's own (streamlit/static/.../StreamlitMarkdown*.js): if one of them
matches, the browser would draw a link or an icon.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from components.detail import event_detail
from components.text import md_escape, md_link, safe_url
from events import load_events
from tests.support import DATA

# mdast-util-gfm-autolink-literal's two patterns, as Streamlit ships them.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
MATERIAL_ICON = re.compile(r":material_(\w+):")
STREAMLIT_LOGO = ":streamlit:"
# Whether the emoji plugin is loaded at all (tested on the source before parsing).
EMOJI_NEEDED = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")

ACTIVE_IN_TEXT = [
    "see www.evil.example/x now",
    "WWW.EVIL.EXAMPLE",
    "http://evil.example/x",
    "at https://evil.example.",
    "write to victim@evil.example",
    "icon :material/skull: here",
    "logo :streamlit:",
    "Camp Taji (www.evil.example, someone@evil.example)",
]


def rendered_text(markdown: str) -> str:
    """The text node Streamlit's frontend searches for links and icons."""
    source = markdown.replace(":material/", ":material_")
    return re.sub(r"\\(.)", r"\1", source)


@pytest.mark.parametrize("value", ACTIVE_IN_TEXT)
def test_bare_links_and_shortcodes_in_data_are_not_made_active(value):
    escaped = md_escape(value)
    text = rendered_text(escaped)
    assert not GFM_URL.search(text), text
    assert not GFM_EMAIL.search(text), text
    assert not MATERIAL_ICON.search(text) and STREAMLIT_LOGO not in text, text
    assert not EMOJI_NEEDED.search(escaped)
    # A reader sees the value as written: the breaks are word joiners, invisible.
    assert text.replace("\u2060", "") == value


def test_the_patterns_find_what_they_should_without_escaping():
    """The check above can fail: unescaped, each value is a link or an icon."""
    for value in ACTIVE_IN_TEXT:
        text = rendered_text(value)
        assert (
            GFM_URL.search(text)
            or GFM_EMAIL.search(text)
            or MATERIAL_ICON.search(text)
            or STREAMLIT_LOGO in text
        ), value


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/report\\",  # a trailing backslash escapes the link's `)`
        "https://good.example\\@evil.example/",  # Markdown drops the `\`, the browser goes on
        "https://good.example@evil.example/",  # a user name: the host is evil.example
        "https://example.org:99999/",  # no such port
        "https://example.org/a\\b",
    ],
)
def test_a_url_that_would_not_go_where_it_reads_is_not_linked(url):
    assert safe_url(url) is None
    assert "](" not in md_link("title", url)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.org/report", "example.org"),
        ("HTTPS://Example.ORG/Path?q=1#top", "example.org"),
        ("https://example.org/caf\u00e9 menu", None),  # a space: refused as before
        ("https://example.org/caf\u00e9", "example.org"),
        ("http://[2001:db8::1]:8080/x", "[2001:db8::1]:8080"),
    ],
)
def test_a_link_is_written_from_the_parsed_url_and_goes_to_the_host_written(url, host):
    target = safe_url(url)
    if host is None:
        assert target is None
        return
    assert urlsplit(target).netloc == host
    assert target.isascii() and "\\" not in target
    [written] = re.findall(r"\]\(([^)]*)\)$", md_link("title", url))
    assert written == target


def test_a_repeated_responds_to_id_is_shown_once():
    events = load_events(DATA / "events.csv").events.copy()
    first, second = events["event_id"].iloc[0], events["event_id"].iloc[1]
    events.loc[1, "responds_to"] = f"{first};{first} ; {first}"
    detail = event_detail(second, events, None)
    assert [r.event_id for r in detail.responds_to] == [first]
    answered = event_detail(first, events, None)
    assert [r.event_id for r in answered.responses].count(second) == 1
