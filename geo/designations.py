"""What kind of site a name designates, and the name without the designation.

Reports name one installation many ways: "Ain al-Asad Air Base", "Al Asad AB",
"Asad airbase", "Camp Taji base", "FOB Taji", "MSS Green Village", "Rabia border
crossing", "Rumaila field", "قاعدة عين الأسد الجوية". Typing every combination as
an alias of every row would never end, and a new designation would miss every
site. So the designations are rules here: a name key is split into its core
("ain asad", "taji", "rabia") and the class of site its designation words say
(air base, base, crossing, field), and the gazetteer indexes its entries by core
and answers a designated query with an entry of a compatible kind.

Works on `geo.normalise.name_key` keys (folded, articles dropped), in Latin and
Arabic script. It is a leaf like the rest of `geo`.
"""

from __future__ import annotations

from functools import lru_cache

AIR = "air"
BASE = "base"
CROSSING = "crossing"
FIELD = "field"

# Designation word sequences (as name_key tokens) and the class they name.
# Longer sequences first so "forward operating base" is not read as "base".
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (tuple(phrase.split()), cls)
            for cls, phrases in (
                (
                    AIR,
                    (
                        "air base",
                        "airbase",
                        "air bases",
                        "ab",
                        "afb",
                        "air force base",
                        "air field",
                        "airfield",
                        "army airfield",
                        "air station",
                        "airstrip",
                        "air strip",
                        "military airport",
                        "military airbase",
                        "military air base",
                        "military airfield",
                        "landing zone",
                        "lz",
                        "helipad",
                        "قاعده جويه",
                        "جويه",
                        "مطار عسكري",
                        "عسكري",
                        "مدرج",
                    ),
                ),
                (
                    BASE,
                    (
                        "base",
                        "bases",
                        "camp",
                        "military base",
                        "military camp",
                        "army base",
                        "us base",
                        "u s base",
                        "american base",
                        "coalition base",
                        "military post",
                        "garrison",
                        "outpost",
                        "military outpost",
                        "fob",
                        "forward operating base",
                        "cop",
                        "combat outpost",
                        "col",
                        "contingency operating location",
                        "cob",
                        "contingency operating base",
                        "cos",
                        "contingency operating site",
                        "mss",
                        "mission support site",
                        "patrol base",
                        "pb",
                        "lsa",
                        "logistics support area",
                        "compound",
                        "military compound",
                        "complex",
                        "military complex",
                        "base complex",
                        "installation",
                        "قاعده",
                        "قاعده عسكريه",
                        "عسكريه",
                        "معسكر",
                        "ثكنه",
                    ),
                ),
                (
                    CROSSING,
                    (
                        "border crossing",
                        "crossing",
                        "crossing point",
                        "border gate",
                        "border post",
                        "border point",
                        "border checkpoint",
                        "port of entry",
                        "معبر",
                        "منفذ",
                        "معبر حدودي",
                        "منفذ حدودي",
                        "حدودي",
                    ),
                ),
                (
                    FIELD,
                    (
                        "oil field",
                        "oilfield",
                        "oil fields",
                        "oilfields",
                        "gas field",
                        "gasfield",
                        "gas fields",
                        "field",
                        "fields",
                        "gas plant",
                        "gas facility",
                        "oil facility",
                        "حقل",
                        "حقول",
                        "نفطي",
                        "غازي",
                        "حقل نفط",
                        "حقل غاز",
                    ),
                ),
            )
            for phrase in phrases
        ),
        key=lambda item: -len(item[0]),
    )
)

# Which gazetteer kinds a designation may land on. An "air base" may be an
# airport's military side and a "base" may have a runway; a field is an oil or
# gas site; a crossing is a crossing. A base may be named after the oil field
# it sits in ("Conoco base"): the gazetteer prefers a base of that name.
KINDS_FOR = {
    AIR: frozenset({"base", "airport"}),
    BASE: frozenset({"base", "airport", "oilfield"}),
    CROSSING: frozenset({"crossing"}),
    FIELD: frozenset({"oilfield"}),
}
# Two designations in one name ("Camp Taji air base"): the site class wins
# over the generic "base".
_PRIORITY = {AIR: 3, CROSSING: 3, FIELD: 3, BASE: 1}


def _strip(tokens: list[str]) -> tuple[list[str], str | None]:
    cls: str | None = None

    def take(found: str) -> None:
        nonlocal cls
        if cls is None or _PRIORITY[found] > _PRIORITY[cls]:
            cls = found

    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for phrase, found in _PHRASES:
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[:n]) == phrase:
                tokens, changed = tokens[n:], True
                take(found)
                break
            if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                tokens, changed = tokens[:-n], True
                take(found)
                break
    # "US base in Harir", "a camp near Taji": the place after the designation.
    if cls is not None and len(tokens) > 1 and tokens[0] in _PLACE_WORDS:
        tokens = tokens[1:]
    return tokens, cls


_PLACE_WORDS = frozenset({"in", "at", "near", "outside", "of", "في", "قرب"})


@lru_cache(maxsize=65_536)
def designation(key: str) -> tuple[str, str | None]:
    """Split a name key into (core, class): 'camp taji base' -> ('taji', 'base').

    The class is None when the key carries no designation word; the core is
    then the key itself. A designation is never the whole key: "Camp" alone
    stays "camp".
    """
    tokens, cls = _strip(key.split())
    return " ".join(tokens), cls
