"""Stable ids for new events and sources, in the form the bundled data uses.

An `event_id` is `<date>-<place>-<what>` (`2020-03-11-camp-taji-rockets`)
and a `source_id` starts `<outlet>-<published>`: readable in a URL, in a
`responds_to` cell and in a diff, and the same every time the same row is
added, so that an id can be predicted from the row and links stay put. A
clash with an id already taken is resolved by `-2`, `-3` ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from textfold import fold_text

# The most words of a place or an outlet kept in an id: ids stay short enough to read.
MAX_SLUG_CHARS = 48

# What happened, named by the weapon first (as the bundled ids do), then by the sub-event type.
_WEAPON_WORDS = {
    "rockets": "rockets",
    "ballistic missiles": "missiles",
    "cruise missiles": "missiles",
    "missiles": "missiles",
    "mortars": "mortars",
    "artillery": "artillery",
    "drone": "drone-strike",
    "aircraft": "air-strikes",
    "ied": "ied",
    "suicide bomb": "suicide-bombing",
    "small arms": "clash",
    "mob": "storming",
    "grenade": "grenade",
    "chemical weapon": "chemical",
}
_SUB_EVENT_WORDS = {
    "Air/drone strike": "air-strike",
    "Shelling/artillery/missile attack": "shelling",
    "Armed clash": "clash",
    "Remote explosive/landmine/IED": "ied",
    "Suicide bomb": "suicide-bombing",
    "Violent demonstration": "riot",
    "Mob violence": "riot",
    "Peaceful protest": "protest",
}

_COMPASS = (
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west)"
)
# Words that say where relative to a place ("near", "12 km north of"): the place is what follows.
_RELATION = re.compile(
    r"^\s*(?:(?:near|outside|around|close to|on the outskirts of)\s+"
    r"|(?:\d+(?:\.\d+)?\s*(?:km|kilometres|kilometers|miles|mi)\s+)?" + _COMPASS + r"(?:ern)?"
    r"(?:\s+of)?\s+"
    r"|the\s+)+",
    re.IGNORECASE,
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_chars: int = MAX_SLUG_CHARS) -> str:
    """`text` as lower-case ASCII words joined by `-`: "Kata'ib Ḥezbollah" -> "kataib-hezbollah".

    Cut at a word boundary after `max_chars`; "" when nothing is left.
    """
    words = _NOT_SLUG.sub("-", fold_text(text)).strip("-")
    if len(words) <= max_chars:
        return words
    cut = words[: max_chars + 1]
    return cut[: cut.rfind("-")] if "-" in cut else words[:max_chars]


def place_slug(location: str) -> str:
    """The place a `location` names, without "near", "southeast of" or "12 km north of"."""
    return slug(_RELATION.sub("", location)) or slug(location)


def what_slug(row: Mapping[str, str]) -> str:
    weapon = (row.get("weapon") or "").strip().lower()
    if weapon in _WEAPON_WORDS:
        return _WEAPON_WORDS[weapon]
    sub = (row.get("sub_event_type") or "").strip()
    return _SUB_EVENT_WORDS.get(sub) or slug(sub) or slug(row.get("event_type") or "") or "event"


def event_slug(row: Mapping[str, str]) -> str:
    """`<date>-<place>-<what>` from a row's cells; `undated` / `unknown-place` where blank."""
    day = (row.get("event_date") or "").strip()
    day = day if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else "undated"
    place = place_slug(row.get("location") or "") or "unknown-place"
    return f"{day}-{place}-{what_slug(row)}"


def source_slug(source: Mapping[str, str]) -> str:
    """`<outlet>-<published>` ("reuters-2020-03-12"); a leading "The" is dropped."""
    outlet = re.sub(r"^\s*the\s+", "", source.get("outlet") or "", flags=re.IGNORECASE)
    outlet = slug(outlet) or "source"
    published = (source.get("published") or "").strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
        return f"{outlet}-{published}"
    return f"{outlet}-undated"


def unique(base: str, taken: Iterable[str] | set[str]) -> str:
    """`base`, or `base-2`, `base-3` ... : the first not in `taken`."""
    taken = taken if isinstance(taken, set) else set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
