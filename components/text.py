"""Turn data into text that Markdown shows exactly as written.

Event notes, places and actor names come from CSV files that anyone can
write; in Streamlit's Markdown they could otherwise become links, images,
coloured text, LaTeX or HTML. Every CSV-derived string passes through here
before it reaches `st.markdown`. A value's own direction controls (a
right-to-left override, say) are fenced in, so they can reorder only that
value and never the words around it. Bare web and e-mail addresses and
`:shortcodes:` stay text too, and a link is written from its parsed URL, so
it goes to the host its text names.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

from events.bidi import isolate_direction

# Markdown's punctuation, plus ":" (Streamlit's :emoji: and :color[...]),
# "$" (LaTeX), "~" (strikethrough) and "|" (tables).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$&\"'=^])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Streamlit finds bare links (`www.`, `://`, an e-mail's `@`) and shortcodes
# (`:material/…:`, `:streamlit:`, `:smile:`) in the text *after* Markdown has
# undone its escapes, so a backslash cannot stop them. A word joiner (U+2060,
# invisible, not a space) inside each pattern does.
_WORD_JOINER = "\u2060"
_LINK_OR_SHORTCODE = re.compile(r"(?i)(?<=www)(?=\.)|(?=@)|(?<=:)(?=//|material/|[\w+-]+:)")


def md_escape(value: object) -> str:
    """Escape a value for Markdown; None and NaN become an empty string."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = _CONTROL.sub(" ", str(value))
    text = _LINK_OR_SHORTCODE.sub(_WORD_JOINER, text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A newline would start a new block (a heading, a list): keep one paragraph.
    return isolate_direction(re.sub(r"\s*\n\s*", " ", text))


def safe_url(value: object) -> str | None:
    """The URL as parsed, if it is http or https with a host, else None: never a javascript: link.

    What is returned is rebuilt from its parsed parts (scheme and host in
    lower case, the rest percent-encoded), so the link goes to the host the
    text names: a backslash (which browsers read as `/` and Markdown as an
    escape), a user name before an `@`, a bad port or an invisible
    character each refuse the URL instead.
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if any(ch in url for ch in " <>\"'\n\r\t`()\\"):
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs") for ch in url):
        return None  # invisible characters: the link would not go where it reads
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if "@" in parts.netloc or not _HOST.fullmatch(host):
        return None  # `https://good.example@evil.example` goes to evil.example
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE + "?"),
            quote(parts.fragment, safe=_URL_SAFE + "?#"),
        )
    )


# A host name (letters, digits, hyphens; IDN as punycode or as written), an IPv4 or an IPv6.
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.?|[0-9a-f:.]+")
# What stays as it is in a path, query or fragment; anything else is percent-encoded.
_URL_SAFE = "/%:@!$&*+,;=~-._"


def md_link(label: object, url: object) -> str:
    """A Markdown link for safe URLs, plain escaped text otherwise."""
    target = safe_url(url)
    text = md_escape(label) or md_escape(target or url)
    return f"[{text}]({target})" if target else text
