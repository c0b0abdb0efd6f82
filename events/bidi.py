"""Fence a text's own direction controls in, so they reorder only that text.

A right-to-left override in an outlet's name would otherwise run on over
the words after it: in the dashboard's captions, and in every file taken out
of it (the HTML map's citation header, the GeoJSON `citation`). The
dashboard's Markdown (`components.text`) and the exports use this one fence.
"""

from __future__ import annotations

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
