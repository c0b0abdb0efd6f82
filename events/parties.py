"""Which named party an actor is: one name for the many spellings reports and datasets use.

The side table (events.sides) says which camp of the 2019-2021 US-Iran
cycle an actor is in, and puts everyone else in "Other". Colouring by
actor needs finer names: the Iraqi army is written "Government of Iraq"
by UCDP, "Military Forces of Iraq (2018-)" and "Police Forces of Iraq
(2018-)" by ACLED and "Iraqi Security Forces" by the press, and all of
them are one party on a map. This table covers the parties ACLED and UCDP
name most often in Iraq, Syria and their neighbours; a state's forces
anywhere else are "Government of <country>" (UCDP's own form), so a file
from another region still groups its army, police and special forces.

An actor the table does not know keeps its own name (see :func:`party_of`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.sides import NON_COMBATANT_PREFIXES, normalise_actor, phrase_patterns

UNIDENTIFIED_PARTY = "Unidentified armed group"

# (party, phrases), tried in this order; phrases are written normalised
# (events.sides.normalise_actor) and matched as whole words. A named
# faction comes before the state whose name it carries ("Military Forces of
# Iraq (2018-) Popular Mobilization Forces" is the PMF, not the army).
PARTIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Islamic State",
        ("islamic state", "isis", "isil", "daesh", "daish", "iskp", "iswap", "tanzim dawla"),
    ),
    (
        "Popular Mobilization Forces and factions",
        (
            "popular mobilization",
            "peoples mobilization",
            "hashd",
            "pmf",
            "pmu",
            "kataib hezbollah",
            "kataib sayyid shuhada",
            "kataib imam ali",
            "kataib jund imam",
            "asaib ahl haq",
            "harakat nujaba",
            "nujaba",
            "badr",
            "saraya awliya dam",
            "saraya khorasani",
            "saraya salam",
            "usbat thairin",
            "ashab kahf",
            "qasim jabbarin",
            "islamic resistance in iraq",
            "mahdi army",
            "jaish mahdi",
        ),
    ),
    ("Hezbollah", ("hezbollah",)),
    ("Houthis (Ansar Allah)", ("houthis", "ansar allah", "ansarallah")),
    ("Fatemiyoun and Zainabiyoun", ("fatemiyoun", "zainabiyoun")),
    (
        "Iran (state forces, IRGC)",
        ("iran", "iranian", "irgc", "revolutionary guard", "revolutionary guards", "quds force"),
    ),
    ("PKK", ("pkk", "kurdistan workers party", "kurdistan workers", "hpg")),
    (
        "SDF / YPG",
        (
            "sdf",
            "qsd",
            "syrian democratic forces",
            "ypg",
            "ypj",
            "peoples protection units",
            "pyd",
            "democratic union party",
        ),
    ),
    (
        "Kurdistan Region forces (Peshmerga, KDP, PUK)",
        (
            "peshmerga",
            "kdp",
            "puk",
            "kurdistan democratic party",
            "patriotic union kurdistan",
            "kurdistan regional government",
            "krg",
            "kurdistan region",
        ),
    ),
    (
        "Hayat Tahrir al-Sham / Nusra Front",
        ("hayat tahrir sham", "hts", "nusra", "nusrah", "jabhat fateh sham", "tahrir sham"),
    ),
    (
        "Syrian opposition (FSA, SNA, insurgents)",
        (
            "free syrian army",
            "fsa",
            "syrian national army",
            "sna",
            "syrian insurgents",
            "syrian opposition",
            "national liberation front",
        ),
    ),
    (
        "US-led coalition",
        (
            "us",
            "usa",
            "united states",
            "american",
            "americans",
            "pentagon",
            "centcom",
            "coalition",
            "inherent resolve",
            "cjtf oir",
            "united kingdom",
            "uk",
            "british",
            "royal air force",
            "raf",
        ),
    ),
    ("Turkish forces", ("turkey", "turkish", "turkiye", "tsk")),
    ("Israeli forces", ("israel", "israeli", "idf", "israel defense forces")),
    ("Russian forces", ("russia", "russian", "soviet union", "wagner")),
    (
        "Syrian government forces",
        (
            "syrian government",
            "syrian regime",
            "syrian army",
            "syrian arab army",
            "saa",
            "national defence forces",
            "national defense forces",
            "ndf",
            "tiger forces",
        ),
    ),
    (
        "Iraqi government forces",
        (
            "iraqi government",
            "iraqi army",
            "iraqi security forces",
            "isf",
            "iraqi police",
            "counter terrorism service",
            "iraqi counter terrorism service",
            "cts",
        ),
    ),
    (UNIDENTIFIED_PARTY, ("unidentified", "unknown", "unnamed", "unclaimed")),
)

# Short whole names that would match inside longer ones.
_EXACT: dict[str, str] = {
    "is": "Islamic State",
    "is k": "Islamic State",
    "kh": "Popular Mobilization Forces and factions",
    "aah": "Popular Mobilization Forces and factions",
    "kss": "Popular Mobilization Forces and factions",
    "oir": "US-led coalition",
}

# A state's forces, as UCDP ("Government of Iraq") and ACLED ("Military
# Forces of Iraq (2018-)", "Police Forces of Iraq (2018-)") write them.
_STATE_FORCES = re.compile(
    r"^(?:government|military forces|police forces|security forces|armed forces) (?P<country>.+)$"
)
# Countries whose forces have a party of their own above.
_STATE_PARTY: dict[str, str] = {
    "iraq": "Iraqi government forces",
    "syria": "Syrian government forces",
    "turkey": "Turkish forces",
    "israel": "Israeli forces",
    "iran": "Iran (state forces, IRGC)",
    "russia": "Russian forces",
    "united states": "US-led coalition",
    "united states america": "US-led coalition",
    "united kingdom": "US-led coalition",
}
_PATTERNS = phrase_patterns(PARTIES)
_QUALIFIER = re.compile(r"\s*[\(\[].*$")


@lru_cache(maxsize=65536)
def _party_of_text(name: str) -> str | None:
    normalised = normalise_actor(name)
    if not normalised:
        return None
    if normalised in _EXACT:
        return _EXACT[normalised]
    if normalised.startswith(NON_COMBATANT_PREFIXES):
        return None
    for party, pattern in _PATTERNS:
        if pattern.search(normalised):
            return party
    state = _STATE_FORCES.match(normalised)
    if state is not None:
        country = state["country"]
        for known, party in _STATE_PARTY.items():
            if country == known or country.startswith(known + " "):
                return party
        # Keep the country as the data writes it ("DR Congo (Zaire)" loses its qualifier).
        words = _QUALIFIER.sub("", name).split(" of ", 1)
        country = words[1].strip() if len(words) == 2 else state["country"].title()
        return f"Government of {country}"
    return None


def party_of(actor: object) -> str | None:
    """The named party `actor` is, or None when the table does not know it.

    A state's forces outside the table are "Government of <country>"; a
    blank actor is None (nobody was named).
    """
    if not isinstance(actor, str):
        return None
    return _party_of_text(actor)


def party_or_name(actor: object) -> object:
    """The actor's party when known, else the actor's own name (blank stays blank)."""
    party = party_of(actor)
    if party is not None:
        return party
    return actor.strip() if isinstance(actor, str) else actor
