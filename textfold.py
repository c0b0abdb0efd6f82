"""Fold text to the form that spellings of one name share: the project's one definition.

Searching the events, matching an actor to a side and looking a place up all
have to agree on when two spellings are the same, or a name found by one is
missed by another (``Kataʿib`` matched its side but not a search for
``kataib``). So case, accents, the letters that do not decompose (``ø``,
``ł``, ``ß``) and every apostrophe and ayn/hamza mark are folded here, once.
What each caller adds on top (words dropped for actors, Arabic articles and
"near" for places) stays with that caller.

It is a top-level module of its own because both domain packages use it and
neither may reach into the other: ``geo`` is a leaf that imports nothing of
``events``. Like ``storage``, it imports nothing of the project.
"""

from __future__ import annotations

import unicodedata

# Apostrophes, and the letter-like marks that transliterations use for ayn
# and hamza: ' ’ ‘ ` ´ ʼ ʿ ʾ ʻ ′ ‛. They are dropped, not turned into spaces:
# "Kata'ib", "Kataʿib" and "Kataib" are one name.
APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc\u02bf\u02be\u02bb\u2032\u201b"
# The ones that plain ASCII text can hold, for searches that skip Unicode work.
ASCII_APOSTROPHES = "".join(c for c in APOSTROPHES if c.isascii())

_DROP_APOSTROPHES = str.maketrans("", "", APOSTROPHES)
# Letters that NFKD does not split into a base letter and a mark.
_SPECIAL_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)


def fold_text(text: str) -> str:
    """``text`` without case, accents or apostrophes: "Kata’ib TÅJI" -> "kataib taji".

    Characters are dropped, never replaced by spaces, so word boundaries stay
    where they were. Plain ASCII text, most names, skips the Unicode work.
    """
    if text.isascii():
        return text.lower().translate(_DROP_APOSTROPHES)
    # Apostrophes go before NFKC too: it turns "´" into a space and an accent.
    text = unicodedata.normalize("NFKC", text.translate(_DROP_APOSTROPHES))
    # Again after it: NFKC turns the full-width "＇" into "'".
    text = text.casefold().translate(_SPECIAL_LETTERS).translate(_DROP_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
