"""Turn data into text that Markdown shows exactly as written.

Event notes, places and actor names come from CSV files that anyone can
write; in Streamlit's Markdown they could otherwise become links, images,
coloured text, LaTeX or HTML. Every CSV-derived string passes through here
before it reaches `st.markdown`. A value's own direction controls (a
right-to-left override, say) are fenced in, so they can reorder only that
value and never the words around it.
"""

from __future__ import annotations

import re
import unicodedata
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
    return isolate_direction(re.sub(r"\s*\n\s*", " ", text))


_EMBEDDING_OPENERS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO
_ISOLATE_OPENERS = "\u2066\u2067\u2068"  # LRI RLI FSI
_POP_EMBEDDING = "\u202c"  # PDF
_POP_ISOLATE = "\u2069"  # PDI
_FIRST_STRONG_ISOLATE = "\u2068"
_DIRECTION_CONTROLS = frozenset(
    _EMBEDDING_OPENERS + _ISOLATE_OPENERS + _POP_EMBEDDING + _POP_ISOLATE
)


def isolate_direction(text: str) -> str:
    """Fence a value's direction controls in, so they reorder only the value itself.

    A text with no controls is returned as it is (Arabic needs none). Otherwise
    the value is wrapped in a first-strong isolate, every embedding or isolate it
    opens is closed before the fence ends, and closers that match nothing are
    dropped: on their own they do nothing, inside the fence they would end it.
    """
    if not _DIRECTION_CONTROLS.intersection(text):
        return text
    kept: list[str] = []
    open_: list[str] = []  # "e" for an embedding or override, "i" for an isolate
    for char in text:
        if char in _EMBEDDING_OPENERS:
            open_.append("e")
        elif char in _ISOLATE_OPENERS:
            open_.append("i")
        elif char == _POP_EMBEDDING:
            if not open_ or open_[-1] != "e":
                continue
            open_.pop()
        elif char == _POP_ISOLATE:
            if "i" not in open_:
                continue
            while open_.pop() != "i":
                pass  # an isolate's end also ends the embeddings opened inside it
        kept.append(char)
    closers = "".join(_POP_EMBEDDING if kind == "e" else _POP_ISOLATE for kind in reversed(open_))
    return _FIRST_STRONG_ISOLATE + "".join(kept) + closers + _POP_ISOLATE


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
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs") for ch in url):
        return None  # invisible characters: the link would not go where it reads
    return url


def md_link(label: object, url: object) -> str:
    """A Markdown link for safe URLs, plain escaped text otherwise."""
    target = safe_url(url)
    text = md_escape(label) or md_escape(url)
    return f"[{text}]({target})" if target else text
