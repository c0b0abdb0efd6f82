"""Turn data into text that Markdown shows exactly as written.

Event notes, places and actor names come from CSV files that anyone can
write; in Streamlit's Markdown they could otherwise become links, images,
coloured text, LaTeX or HTML. Every CSV-derived string passes through here
before it reaches `st.markdown`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Markdown's punctuation, plus ":" (Streamlit's :emoji: and :color[...]),
# "$" (LaTeX), "~" (strikethrough) and "|" (tables).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$&\"'=^])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def md_escape(value: object) -> str:
    """Escape a value for Markdown; None and NaN become an empty string."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = _CONTROL.sub(" ", str(value))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A newline would start a new block (a heading, a list): keep one paragraph.
    return re.sub(r"\s*\n\s*", " ", text)


def safe_url(value: object) -> str | None:
    """The URL if it is http or https with a host, else None: never a javascript: link."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in " <>\"'\n\r\t`()"):
        return None
    return url


def md_link(label: object, url: object) -> str:
    """A Markdown link for safe URLs, plain escaped text otherwise."""
    target = safe_url(url)
    text = md_escape(label) or md_escape(url)
    return f"[{text}]({target})" if target else text
