"""Fold text to the form that spellings of one name share: the project's one definition.

Searching the events, matching an actor to a side and looking a place up all
have to agree on when two spellings are the same, or a name found by one is
missed by another (``Kataʿib`` matched its side but not a search for
``kataib``). So case, accents, the letters that do not decompose (``ø``,
``ł``, ``ß``) and every apostrophe and ayn/hamza mark are folded here, once.
Arabic script folds the way its spellings vary: hamza seats (أ إ آ ٱ -> ا,
ؤ -> و, ئ -> ي), alef maqsura (ى -> ي), taa marbuta (ة -> ه), harakat and
tatweel dropped, and the Persian and Kurdish forms of the shared letters
(ک ی ە ھ) read as the Arabic ones (ك ي ه ه), so that a name typed on a
Persian or Kurdish keyboard finds its Arabic spelling. Letters that only
Kurdish has (ڕ ڵ ۆ ێ) are kept: they make a different word, not a variant.
Arabic-Indic digits become ASCII ones ("ك١" and "K1" share the digit).
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


# Arabic letters NFKD leaves alone, and the invisible marks (tatweel, joiners,
# direction marks) that are dropped. Hamza above/below on alef, waw and yeh
# is a combining mark after NFKD, so those seats fold with the accents.
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0649": "\u064a",  # ى alef maqsura
        "\u0629": "\u0647",  # ة taa marbuta
        "\u06a9": "\u0643",  # ک Persian/Kurdish kaf
        "\u06aa": "\u0643",  # ڪ swash kaf
        "\u06cc": "\u064a",  # ی Persian/Kurdish yeh
        "\u06d2": "\u064a",  # ے yeh barree
        "\u06d5": "\u0647",  # ە Kurdish ae
        "\u06be": "\u0647",  # ھ heh doachashmee (Kurdish h)
        "\u06c1": "\u0647",  # ہ heh goal
        "\u0621": "",  # ء a lone hamza
        "\u0640": "",  # ـ tatweel
        "\u200c": "",  # zero-width non-joiner
        "\u200d": "",  # zero-width joiner
        "\u200e": "",  # left-to-right mark
        "\u200f": "",  # right-to-left mark
        "\u061c": "",  # Arabic letter mark
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
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
    # Harakat, shadda, sukun, the dagger alef and the hamza marks are combining too.
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.translate(_ARABIC_LETTERS)
