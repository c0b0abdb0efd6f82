"""Which side of the conflict an actor is on.

The map colours markers and the timeline groups events by side, so every
spelling of a group that reports use (``Kata'ib Hezbollah``, ``Kataib
Hizballah``, ``KH``) has to land on the same side. ACLED's own actor names
(``Military Forces of the United States (2017-2021)``, ``Islamic State
(Iraq)``) are recognised too, so an ACLED export is coloured with no
renaming.

Decisions, so that a reader of the map knows what a colour asserts:

- ``coalition`` is the US-led coalition against the Islamic State: the United
  States, the United Kingdom and the coalition as a body (Operation Inherent
  Resolve, CJTF-OIR). Other member states are not listed by name; they
  appear rarely in this dataset and fall into ``other``.
- Iraqi government forces are ``other``. Baghdad hosted the coalition but the
  Popular Mobilization Forces are formally part of Iraq's security forces,
  and in these reports Iraqi units are mostly bystanders or targets. Putting
  them in either camp would assert an allegiance the reports do not.
- ``iran`` is Iran's state forces and the groups commonly described as
  aligned with it: the PMF and its factions, their front names that claimed
  rocket attacks in 2020-2021 (Usbat al-Tha'ireen, Ashab al-Kahf, Qasim
  al-Jabbarin), Lebanese Hezbollah, the Fatemiyoun and Zainabiyoun brigades
  in Syria and Yemen's Houthis (Ansar Allah).
- Israel, Syria's government, Turkey and everyone else are ``other``: out of
  scope for this dataset, not unknown.
- ``unidentified`` is an actor the reports do not name ("Unidentified armed
  group", "unknown gunmen") and a blank actor.

An actor's side is decided once per distinct name, never per row, which is
what keeps :func:`sides_for` fast on a million events.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from textfold import fold_text

SIDES: dict[str, str] = {
    "coalition": "US-led coalition",
    "iran": "Iran and aligned groups",
    "isis": "Islamic State",
    "unidentified": "Unidentified",
    "other": "Other",
}
DEFAULT_SIDE = "other"
UNIDENTIFIED = "unidentified"

# Spelling variants of one word, folded onto one form before matching.
_WORD_VARIANTS: dict[str, str] = {
    "hizballah": "hezbollah",
    "hizbullah": "hezbollah",
    "hizbollah": "hezbollah",
    "hezbullah": "hezbollah",
    "hizbulla": "hezbollah",
    "kataeb": "kataib",
    "kataaib": "kataib",
    "sayed": "sayyid",
    "sayyed": "sayyid",
    "seyyed": "sayyid",
    "shohada": "shuhada",
    "shuhadaa": "shuhada",
    "asaeb": "asaib",
    "nujabaa": "nujaba",
    "mobilisation": "mobilization",
    "thaireen": "thairin",
    "thaeireen": "thairin",
    "thaerin": "thairin",
    "fatemiyun": "fatemiyoun",
    "fatimiyoun": "fatemiyoun",
    "zainabiyun": "zainabiyoun",
    "zeinabiyoun": "zainabiyoun",
    "houthi": "houthis",
    "huthi": "houthis",
    "huthis": "houthis",
}
# Words that carry no meaning for matching: articles, "of" and "and".
_DROPPED_WORDS = frozenset({"al", "el", "the", "of", "and"})

# Whole names that are too short to look for inside longer names.
_EXACT: dict[str, str] = {
    "is": "isis",
    "is k": "isis",
    "kh": "iran",
    "aah": "iran",
    "kss": "iran",
    "oir": "coalition",
    "n a": UNIDENTIFIED,
    "na": UNIDENTIFIED,
    "none": UNIDENTIFIED,
}

# Phrases looked for as whole words inside a normalised name, side by side in
# the order they are tried: a named group wins over a generic word, so
# "Iran-backed militias" is ``iran`` before anything else is considered.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "iran",
        (
            "iran",
            "iranian",
            "irgc",
            "revolutionary guard",
            "revolutionary guards",
            "quds force",
            "kataib hezbollah",
            "kataib sayyid shuhada",
            "kataib imam ali",
            "kataib jund imam",
            "asaib ahl haq",
            "harakat nujaba",
            "harakat hezbollah nujaba",
            "nujaba",
            "popular mobilization",
            "peoples mobilization",
            "popular mobilization forces",
            "hashd",
            "hashd shaabi",
            "pmf",
            "pmu",
            "saraya awliya dam",
            "saraya khorasani",
            "badr",
            "usbat thairin",
            "ashab kahf",
            "qasim jabbarin",
            "islamic resistance in iraq",
            "hezbollah",
            "fatemiyoun",
            "zainabiyoun",
            "houthis",
            "ansar allah",
            "ansarallah",
        ),
    ),
    (
        "isis",
        (
            "islamic state",
            "isis",
            "isil",
            "daesh",
            "daish",
            "iskp",
            "iswap",
        ),
    ),
    (
        "coalition",
        (
            "us",
            "usa",
            "united states",
            "american",
            "americans",
            "pentagon",
            "centcom",
            "us led coalition",
            "coalition",
            "operation inherent resolve",
            "inherent resolve",
            "cjtf oir",
            "united kingdom",
            "uk",
            "british",
            "royal air force",
            "raf",
        ),
    ),
    (
        UNIDENTIFIED,
        (
            "unidentified",
            "unknown",
            "unnamed",
            "unclaimed",
        ),
    ),
)

# Actors that a side's word might appear in but that are not combatants of
# that side: civilians and protesters are ``other`` whatever their country.
NON_COMBATANT_PREFIXES: tuple[str, ...] = ("civilians", "protesters", "rioters", "journalists")

_PARENTHESISED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def phrase_patterns(groups) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each group's phrases as one pattern of whole words, longest phrase first so a
    longer name wins over a shorter one inside it (used for sides and for parties)."""
    return tuple(
        (
            group,
            re.compile(
                r"(?:^| )(?:"
                + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                # Phrases are written normalised, with words separated by single spaces.
                + r")(?: |$)"
            ),
        )
        for group, phrases in groups
    )


_PHRASE_PATTERNS = phrase_patterns(_PHRASES)


def normalise_actor(name: str) -> str:
    """Fold an actor name to the form that spellings of one group share.

    On top of :func:`textfold.fold_text` (case, accents, apostrophe variants),
    hyphens and dots disappear, "al-" and "the" are dropped and a few
    transliteration variants are merged, so
    ``Asa'ib Ahl al-Haq`` and ``Asaib Ahl Al Haq`` give the same string.
    ACLED's parenthesised qualifiers ("(Iraq)", "(2017-2021)") are dropped
    too: they say where or when, not who.
    """
    without_qualifiers = _PARENTHESISED.sub(" ", name)
    if without_qualifiers.strip():
        name = without_qualifiers
    # "U.S." -> "us": dots between letters are an abbreviation, not a gap.
    text = fold_text(name).replace(".", "")
    words = []
    for word in _NOT_WORD.split(text):
        if not word:
            continue
        # "al-Haq" is now "al haq"; "alhaq" (glued) is left alone on purpose:
        # stripping "al" from the front of words would break "Allah".
        word = _WORD_VARIANTS.get(word, word)
        if word not in _DROPPED_WORDS:
            words.append(word)
    return " ".join(words)


@lru_cache(maxsize=65536)
def _side_of_text(name: str) -> str:
    normalised = normalise_actor(name)
    if not normalised:
        return UNIDENTIFIED
    if normalised in _EXACT:
        return _EXACT[normalised]
    if normalised.startswith(NON_COMBATANT_PREFIXES):
        return DEFAULT_SIDE
    for side, pattern in _PHRASE_PATTERNS:
        if pattern.search(normalised):
            return side
    return DEFAULT_SIDE


def side_of(actor: str | None) -> str:
    """The side key (a key of :data:`SIDES`) of one actor name.

    A missing or blank actor is ``unidentified``: nobody was named.
    """
    if not isinstance(actor, str):
        return UNIDENTIFIED
    return _side_of_text(actor)


def sides_for(actors: pd.Series) -> pd.Series:
    """The side of every actor in a column, as a categorical in :data:`SIDES` order.

    Each distinct name is classified once and the answer is spread back over
    the rows by position, so a million rows with a few hundred actors cost
    about as much as reading the column once. The categories are always all
    of :data:`SIDES`, in order, so legends and groupings are stable whatever
    the data holds.
    """
    codes, uniques = pd.factorize(actors, use_na_sentinel=True)
    side_keys = list(SIDES)
    side_index = {side: i for i, side in enumerate(side_keys)}
    # One extra slot at the end answers the NA sentinel (-1).
    per_unique = np.fromiter(
        (side_index[side_of(name)] for name in uniques),
        dtype=np.int8,
        count=len(uniques),
    )
    lookup = np.append(per_unique, np.int8(side_index[UNIDENTIFIED]))
    categorical = pd.Categorical.from_codes(lookup[codes], categories=side_keys)
    return pd.Series(categorical, index=actors.index, name="side")
