"""Turn a place name as reported into lookup keys and a precision floor.

Reports name places loosely: "near Albu Kamal", "southeast of Albu Kamal",
"Baghdad's Green Zone", "Anbar province", "Deir ez-Zor countryside". We resolve
the place the phrase is about and remember how vague the phrase was: "near X" is
at best precision 2, "X province" is precision 3.

Two kinds of key:

* `name_key` folds what does not distinguish two spellings of the same Arabic or
  Kurdish name: case, diacritics and apostrophes (' ’ ‘ ` ʿ ʾ ..., by
  `textfold.fold_text`, the fold that search and actor matching use too), hyphens vs spaces,
  a leading "the", the Arabic article in all its forms (al-, Al , el-, ar-, ash-,
  ad-, az- ...) and a final -ah/-eh (Raqqah, Raqqa). Gazetteer aliases and
  GeoNames names are indexed by it, so lookups are exact dictionary hits.
  Arabic script goes through the same fold (hamza seats, alef maqsura, taa
  marbuta, harakat, tatweel) and loses its article written on the word:
  "الرقة" and "رقه" share a key.
* `skeleton` is a looser consonant skeleton (Deir ez-Zor, Dayr az Zawr and Deir
  Ezzor all give "drzr"), used only as a last resort and flagged as a loose match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from geo.place import NEAR, REGION, SITE
from textfold import fold_text

_SEPARATORS_RE = re.compile(r"[\s\-‐‑‒–—_/\\.,;:()\[\]{}\"“”«»!?*+&|#]+")
# "K1" and "K-1", "T4" and "T-4": split letters from digits.
_DIGIT_RE = re.compile(r"\d")
_LETTER_DIGIT_RE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")

# The Arabic definite article as it is transliterated, including the assimilated
# forms before "sun letters" (ar-Raqqah, as-Sulaymaniyah, ad-Dujayl, az-Zubayr).
ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ar", "as", "ash", "ad", "adh", "at", "ath", "az", "an"}
    | {"er", "es", "esh", "ed", "et", "ez", "en"}
)
_ENGLISH_ARTICLES = frozenset({"the"})


# The Arabic article written on the word (الرقة, القائم), and with the
# conjunction before it (والرقة). Prepositions that attach (بـ, كـ) are not
# stripped: كالار (Kalar) and بالاد would lose letters of their own.
_ARABIC_ARTICLE_PREFIXES = ("وال", "ال")


def _fold_token(token: str) -> str:
    if not token.isascii():
        for prefix in _ARABIC_ARTICLE_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                return token[len(prefix) :]
        return token
    # Taa marbuta: Raqqah/Raqqa, Hasakeh/Hasaka, Fallujah/Falluja.
    if len(token) >= 4 and token.isascii() and token.endswith(("ah", "eh")):
        return token[:-2] + "a"
    return token


@lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """The exact-match key of a name: 'Al-Bukamal' -> 'bukamal', 'Ar-Raqqah' -> 'raqqa'."""
    folded = fold_text(name)
    if _DIGIT_RE.search(folded):
        folded = _LETTER_DIGIT_RE.sub(" ", folded)
    tokens = [t for t in _SEPARATORS_RE.split(folded) if t]
    while len(tokens) > 1 and tokens[0] in _ENGLISH_ARTICLES:
        tokens = tokens[1:]
    kept = [t for t in tokens if t not in ARTICLES]
    if kept:
        tokens = kept
    return " ".join(_fold_token(t) for t in tokens)


_SKELETON_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("x", "k"),
    ("q", "k"),
    ("c", "k"),
)
_SKELETON_DROP = str.maketrans("", "", "aeiouyw ")
_NOT_LETTER_RE = re.compile(r"[^a-z]")
_DOUBLED_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=262_144)
def skeleton(key: str) -> str:
    """A consonant skeleton of a `name_key`, for loose matching of transliterations.

    Vowels, y and w (the vowels of transliterated Arabic) are dropped, common
    digraphs folded and doubled letters collapsed: 'deir zor', 'dayr zawr',
    'deir ezzor' -> 'drzr'. Empty for keys that are not plain ASCII.
    """
    if not key.isascii():
        return ""
    text = key
    for digraph, letter in _SKELETON_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = _NOT_LETTER_RE.sub("", text.translate(_SKELETON_DROP))
    return _DOUBLED_RE.sub(r"\1", text)


# --- phrases -----------------------------------------------------------------

_DIRECTION = (
    r"(?:north|south|east|west|north[\s-]?east|north[\s-]?west|south[\s-]?east|south[\s-]?west)"
)
_ADJ_DIRECTION = (
    r"(?:northern|southern|eastern|western|central|north[\s-]?eastern|north[\s-]?western"
    r"|south[\s-]?eastern|south[\s-]?western)"
)
_DISTANCE = r"(?:(?:some|about|around|approximately|roughly|nearly|almost|over|under)\s+)?" + (
    r"\d+(?:[.,]\d+)?\s*(?:km|kms|kilometers|kilometres|mi|miles|m|meters|metres)"
)

# Phrases before the place. Each is (pattern, precision floor). Applied repeatedly,
# so "in the outskirts of" and "some 30 km north of" both peel off.
_PREFIXES: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(r"^\s*" + pattern + r"\s+", re.IGNORECASE), floor)
    for pattern, floor in (
        (r"(?:in|at|on|inside|within|into|from)", SITE),
        (r"the\s+(?:town|city|village|hamlet|camp|base|site)\s+of", SITE),
        (r"the\s+(?:province|governorate|region)\s+of", REGION),
        (r"the\s+(?:district|area|vicinity|outskirts|suburbs|countryside|environs)\s+of", NEAR),
        (r"(?:the\s+)?(?:province|governorate)\s+of", REGION),
        (r"(?:district|area|vicinity|outskirts|suburbs|countryside|environs)\s+of", NEAR),
        (r"(?:somewhere\s+)?(?:near|nearby|close\s+to|next\s+to|around|outside(?:\s+of)?)", NEAR),
        (r"(?:just\s+|far\s+)?" + _DIRECTION + r"(?:\s+of|\s+from)", NEAR),
        (_DISTANCE + r"(?:\s+to\s+the)?(?:\s+" + _DIRECTION + r")?\s+(?:of|from)", NEAR),
        (_DISTANCE + r"\s+(?:outside|away\s+from)", NEAR),
        (r"the\s+" + _ADJ_DIRECTION + r"(?:\s+part\s+of)?", NEAR),
        (_ADJ_DIRECTION, NEAR),
        (r"rural", NEAR),
        # The same in Arabic: في الموصل, مدينة البوكمال, قرب الرقة, شمال بغداد, ريف حلب.
        (r"(?:في|فى|داخل|وسط)", SITE),
        (r"(?:مدينة|مدينه|بلدة|بلده|قرية|قريه|حي)", SITE),
        (r"(?:محافظة|محافظه)", REGION),
        (r"(?:قضاء|ناحية|ناحيه|ريف|اطراف|أطراف|ضواحي|محيط|منطقة|منطقه)", NEAR),
        (r"(?:قرب|بالقرب\s+من|قريبا\s+من|حول|خارج)", NEAR),
        (r"(?:شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي)(?:\s+(?:شرق|غرب|شرقي|غربي))?", NEAR),
    )
)

# Words after the place, with the precision they imply. "city" etc. keep the
# precision: UCDP writes "Albu Kamal town".
_SUFFIXES: tuple[tuple[re.Pattern[str], int, bool], ...] = tuple(
    (re.compile(r"\s+" + pattern + r"\s*$", re.IGNORECASE), floor, region)
    for pattern, floor, region in (
        (r"(?:province|governorate|governate|muhafaza|muhafazah|wilayah)", REGION, True),
        (r"(?:region)", REGION, True),
        (r"(?:district|sub-?district|qadha|qada|nahiya|mintaqa)", NEAR, False),
        (r"(?:countryside|outskirts|suburbs|surroundings|environs|vicinity|area)", NEAR, False),
        (r"(?:desert|mountains|mountain\s+range|hills|valley|border\s+area)", NEAR, False),
        (r"(?:border\s+crossing|crossing|border)", NEAR, False),
        (r"(?:city|town|village|hamlet|suburb|neighbourhood|neighborhood)", SITE, False),
    )
)

_POSSESSIVE_RE = re.compile(r"^(?P<context>[^,]+?)['’]s\s+(?P<place>.+)$")
_PARENS_RE = re.compile(r"^(?P<place>[^()]+?)\s*\((?P<context>[^()]+)\)\s*$")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A phrase taken apart.

    `key` is the name key of the place the phrase is about, `precision` the
    floor the phrase implies (1 none, 2 "near X", 3 "X province"). `keys` lists
    the keys to try, in order, each with its floor and whether it asks for a
    region; the first is the phrase as a whole, so names that contain a
    suffix word ("Sadr City", "Kurdistan Region") still match themselves.
    """

    query: str
    key: str
    precision: int
    place: str
    context: tuple[str, ...] = ()
    keys: tuple[tuple[str, int, bool], ...] = field(default=())
    wants_region: bool = False

    @property
    def context_keys(self) -> tuple[str, ...]:
        return tuple(name_key(c) for c in self.context)

    @property
    def search_text(self) -> str:
        """What to send to an online geocoder: the place with its context."""
        return ", ".join((self.place, *self.context))


def _strip_prefixes(text: str) -> tuple[str, int]:
    floor = SITE
    changed = True
    while changed:
        changed = False
        for pattern, level in _PREFIXES:
            match = pattern.match(text)
            if match and match.end() < len(text):
                text = text[match.end() :]
                floor = max(floor, level)
                changed = True
    return text.strip(), floor


def _strip_suffix(text: str) -> tuple[str, int, bool]:
    for pattern, level, region in _SUFFIXES:
        match = pattern.search(text)
        if match and match.start() > 0:
            return text[: match.start()].strip(), level, region
    return text, SITE, False


@lru_cache(maxsize=65_536)
def normalise(query: str) -> Normalised:
    """Take a reported place phrase apart: key, precision floor, context.

    >>> n = normalise("southeast of Albu Kamal")
    >>> (n.key, n.precision)
    ('albu kamal', 2)
    """
    text = " ".join(unicodedata.normalize("NFKC", query).split())
    literal = name_key(text)
    place, context = text, []
    parens = _PARENS_RE.match(place)
    if parens:
        place, context = parens["place"], [parens["context"].strip()]
    parts = [p.strip() for p in place.split(",") if p.strip()]
    if len(parts) > 1:
        place, context = parts[0], parts[1:] + context
    elif parts:
        place = parts[0]
    place, floor = _strip_prefixes(place)
    possessive = _POSSESSIVE_RE.match(place)
    if possessive and not context:
        place, context = possessive["place"].strip(), [possessive["context"].strip()]
    whole_key = name_key(place)
    bare, suffix_floor, wants_region = _strip_suffix(place)
    bare_key = name_key(bare)

    keys: list[tuple[str, int, bool]] = []
    for key, level, region in (
        (literal, SITE, False),
        (whole_key, floor, False),
        (bare_key, max(floor, suffix_floor), wants_region),
    ):
        if key and all(key != k for k, _, _ in keys):
            keys.append((key, level, region))
    # "Tadmur/Palmyra town" (UCDP writes two names so): each name on its own.
    if "/" in bare:
        for part in bare.split("/"):
            key = name_key(part)
            if key and all(key != k for k, _, _ in keys):
                keys.append((key, max(floor, suffix_floor), wants_region))
    return Normalised(
        query=query,
        key=bare_key or whole_key or literal,
        precision=max(floor, suffix_floor),
        place=place,
        context=tuple(context),
        keys=tuple(keys),
        wants_region=wants_region,
    )
