"""Places a sentence names, resolved through the project's geocoder chain.

Recognition is case-sensitive on purpose: the gazetteer's names and aliases
are matched as written ("Camp Taji", "Taji", "Tower 22"), so the verb "hit"
is never the town of Hit, and a GeoNames town is looked up only when a
capitalised name follows a place cue ("in", "near", "the town of", "north
of"). Around a name, the phrase's shape sets the precision:

- "near X", "outside X", "southeast of X", "the X border crossing": X's point,
  geo_precision 2 (the border-crossing form looks for the crossing first);
- "N km north of X": X's point moved N km that way, geo_precision 2, with
  `offset:` in front of X's provenance;
- a site described without a name ("an air base north of Baghdad") is offered
  as the gazetteer's matching sites in that direction, nearest first, at
  geo_precision 2; the nearest is proposed, the others are alternatives.

A place named only as the reference of another ("Camp Taji, located 30 km
north of Baghdad") is marked `reference` and does not become a place of its
own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geo import GeoError, Place
from geo.chain import shared_gazetteer
from geo.countries import country_name
from geo.gazetteer import Gazetteer
from geo.place import EXACT, NEAR, REGION, distance_km

# How specific a kind of place is: sites before towns before regions.
KIND_RANK = {
    "base": 0, "airport": 0, "embassy": 0, "oilfield": 0, "crossing": 0, "area": 1,
    "mountain": 1, "town": 2, "city": 3, "district": 4, "governorate": 5, "region": 6,
    "country": 7,
}  # fmt: skip
SITE_KINDS = frozenset({"base", "airport", "embassy", "oilfield", "crossing"})
# Capitalised words that begin a sentence and are ordinary English, never a place there.
_ENGLISH_WORDS = frozenset({"hit", "rock", "union", "tower", "green", "victory", "golan", "red"})
_DIRECTIONS = {
    "north": 0, "northeast": 45, "north-east": 45, "east": 90, "southeast": 135,
    "south-east": 135, "south": 180, "southwest": 225, "south-west": 225, "west": 270,
    "northwest": 315, "north-west": 315,
}  # fmt: skip
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_UNIT_KM = {"km": 1.0, "kms": 1.0, "kilometers": 1.0, "kilometres": 1.0, "mi": 1.609,
            "miles": 1.609, "mile": 1.609, "kilometer": 1.0, "kilometre": 1.0,
            "nautical miles": 1.852, "nautical mile": 1.852, "nm": 1.852}  # fmt: skip
# "south of Yemen's Mokha", "north of Iraq's Erbil": the country names the town's place.
# "of Yemen's port of Hodeidah", "of the Yemeni port city of Hodeidah": what the town is.
# "of the Houthi-held port of Hodeida", "of the northern city of Mosul", "of the Red Sea port
# of": a description of the town before its name does not stop the offset.
_DESCRIPTOR = (
    r"(?:(?:[A-Za-z]+(?:-[A-Za-z]+)?\s+){0,3}?(?:port|city|town|village|island|capital|"
    r"province|governorate|district)(?:\s+city)?\s+(?:of\s+)?)?"
)
_COUNTRY_POSSESSIVE = (
    r"(?:(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?['’]s\s+|the\s+(?:[A-Z][a-z]+\s+)?)?"
    + _DESCRIPTOR
)
_DISTANCE_RE = re.compile(
    r"(?P<qual>(?:some|about|around|approximately|roughly|nearly|almost|less\s+than|more\s+than|"
    r"over|under|just)\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>km|kms|kilometers?|kilometres?|"
    r"nautical\s+miles?|nm|miles?|mi)"
    r"\s+(?:\(\d+\s*\w+\)\s+)?(?:to\s+the\s+)?(?P<dir>"
    + _DIRECTION
    + r")\s+of\s+"
    + _COUNTRY_POSSESSIVE
    + r"$",
    re.IGNORECASE,
)
_BARE_DIRECTION_RE = re.compile(
    r"(?:just\s+|far\s+)?(?P<dir>" + _DIRECTION + r")\s+of\s+" + _COUNTRY_POSSESSIVE + r"$", re.I
)
_NEAR_RE = re.compile(
    r"(?:near|nearby|close\s+to|outside(?:\s+of)?|around|on\s+the\s+outskirts\s+of|outskirts\s+of|"
    r"in\s+the\s+vicinity\s+of|the\s+vicinity\s+of|the\s+countryside\s+of|the\s+outskirts\s+of|"
    r"(?:on\s+)?the\s+(?:edges?|fringes?)\s+of)"
    r"\s+(?:the\s+)?(?:(?:Syrian|Iraqi|Jordanian|Lebanese|Turkish|Iranian|Saudi|Kuwaiti|Israeli)\s+)?"
    r"(?:(?:border\s+)?(?:town|city|village|area|region)\s+of\s+)?$",
    re.IGNORECASE,
)
# "off the coast of the rebel-held port of Hodeida", "off Yemen's Mokha": at sea near X.
_OFF_RE = re.compile(
    r"\boff\s+(?:the\s+)?(?:(?:[a-z]+\s+)?coast\s+of\s+|shores?\s+of\s+)?"
    + _COUNTRY_POSSESSIVE
    + r"$",
    re.IGNORECASE,
)
_TOWN_OF_RE = re.compile(
    r"(?:the\s+)?(?:(?:Syrian|Iraqi|Jordanian|Lebanese|Turkish|Iranian|Saudi|Kuwaiti|Israeli|"
    r"Yemeni|Kurdish)\s+)?(?:border\s+)?(?:town|city|village|province|governorate|district)\s+of\s+$",
    re.IGNORECASE,
)
# "fired from Lebanon", "a man from the Arab town of X", "jets flying over Lebanon": where
# the weapon or the victims came from, not where it happened.
_FROM_RE = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:(?:[A-Z][\w-]+|[a-z-]+)\s+)?(?:(?:town|city|village)\s+of\s+)?$"
    r"|\b(?:flying|flew|flown|operating|hovering|circling|passing)\s+(?:low\s+)?(?:over|through)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_GOVERNMENT_VERB = re.compile(
    r"^\s+(?:has\s+|had\s+|have\s+)?(?:blamed|accused|denied|denies|said|says|condemned|"
    r"warned|vowed|demanded|insisted|rejected|summoned|recalled|retaliated)\b",
    re.IGNORECASE,
)
# "a missile aimed into the Gulf of Aden", "a ship bound for Eilat": where it was going.
_TOWARD_RE = re.compile(
    r"\b(?:aimed|heading|headed|bound|sailing|en\s+route|on\s+its\s+way)\s+(?:in)?(?:to|toward|"
    r"towards|for|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CROSSING_AFTER = re.compile(r"^\s+(?:border\s+)?crossing\b", re.IGNORECASE)
_ADJ_REGION = re.compile(
    r"(?P<adj>northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"^['’]s\b")
# A capitalised name after a place cue: candidates for GeoNames.
_CUE_NAME = re.compile(
    r"\b(?:in|near|at|off|outside|around|into|toward|towards|across|on|against|targeting|"
    r"town\s+of|city\s+of|village\s+of|port\s+of|capital|"
    r"province\s+of|outskirts\s+of|edges?\s+of|fringes?\s+of|area\s+of|vicinity\s+of|heart\s+of|"
    r"cent(?:re|er)\s+of|" + _DIRECTION + r"\s+of)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central)\s+)?"
    r"(?P<name>(?:(?:al|el|ad|as|ar|az|ash)-)?[A-Z][a-zA-Z’'\-]+(?:[\s-](?:(?:al|el|ad|as|ar|az|ash|bin|ibn)[\s-])?[A-Z][a-zA-Z’'\-]+){0,3})"
)
# "Istanbul's busy Istiklal Avenue", "Beirut's southern suburbs": a city named by the part
# of it where something happened; the city is the place when the part is not known.
_CITY_POSSESSIVE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)['’]s\s+(?:[a-z]+\s+){0,2}?"
    r"(?:[A-Z][\w-]+\s+){0,3}(?:Avenue|Street|Square|Road|[Dd]istrict|neighbou?rhood|"
    r"quarter|suburbs?|old\s+city|city\s+cent(?:re|er)|market|bazaar|outskirts|port|airport)\b"
)
_NOT_PLACES = frozenset(
    [
        # regions, never one point: "across the Middle East", "in the region"
        "Middle East",
        "Near East",
        "Levant",
        "Arab World",
        "Gulf region",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Pentagon",
        "Congress",
        "Senate",
        "House",
        "Reuters",
        "AFP",
        "AP",
        "CNN",
        "Twitter",
        "Tweet",
        "Washington",
        "White",
        "Rome",
        "State",
        "Defense",
        "Central",
        "Command",
        "Islamic",
        "Iran-backed",
        "Iranian",
        "Iraqi",
        "Syrian",
        "American",
        "British",
        "Kurdish",
        "Shi'ite",
        "Shiite",
        "Sunni",
        "Army",
        "Air",
        "Force",
        "Navy",
        "Marine",
        "Marines",
        "Coalition",
        "Observatory",
        "Parliament",
        "Council",
        "Ministry",
        "The",
        "Operation",
        "Inherent",
        "Resolve",
        "Joint",
        "Chiefs",
        "Staff",
        "President",
        "General",
        "Gen",
        "Secretary",
        "Mr",
        "Ms",
        "Tehran's",
    ]
)
_DESCRIPTION_RE = re.compile(
    r"\b(?:an?|the)\s+(?:(?:Iraqi|Syrian|US|U\.S\.|American|coalition|joint\s+US-Iraqi|military|"
    r"Jordanian|Kuwaiti|remote|key|major|large|small)\s+)*"
    r"(?P<kind>air\s*base|airbase|military\s+base|base|airport|airfield|oil\s*field|gas\s+field|"
    r"border\s+crossing|border\s+post|outpost)\s+(?:(?:located|about|some)\s+)?"
    r"(?:(?P<n>\d+)\s*(?:km|kilometers|kilometres|miles)\s+)?(?P<dir>" + _DIRECTION + r")\s+of\s+"
)
_DESCRIPTION_KINDS = {
    "air base": ("base", "airport"), "airbase": ("base", "airport"), "military base": ("base",),
    "base": ("base", "airport"), "airport": ("airport",), "airfield": ("base", "airport"),
    "oil field": ("oilfield",), "oilfield": ("oilfield",), "gas field": ("oilfield",),
    "border crossing": ("crossing",), "border post": ("crossing", "base"), "outpost": ("base",),
}  # fmt: skip
_DESCRIPTION_RADIUS_KM = 150.0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place phrase in a sentence.

    `location` is the place as an events row writes it ("near Albu Kamal",
    "30 km north of Baghdad"); `place` is the geocoder's answer for it, with
    the phrase's precision applied; `alternatives` are other sites that fit a
    description; `role` is "site" for a place where something happened,
    "reference" for a place named only to locate another, "origin" for a
    launch point ("fired from X") and "destination" for where a weapon or ship
    was going ("a missile aimed into X").
    """

    start: int
    end: int
    text: str
    location: str
    place: Place
    role: str = "site"
    alternatives: tuple[Place, ...] = field(default=())
    descriptive: bool = False  # the country of "an Iraqi air base": only when nothing finer

    @property
    def rank(self) -> tuple[int, int]:
        return (KIND_RANK.get(self.place.kind, 3), self.place.precision)


_GENERIC_WORDS = re.compile(
    r"\b(?:International Airport|Air Base|Airbase|Air Field|Airfield|Airport|Military Base|Base|"
    r"Camp|Oil Field|Oilfield|Gas Field|Border Crossing|Crossing|Garrison|Dam)\b(?!\s+\d)"
)


class _NameIndex:
    """The gazetteer's names and aliases as written, looked up by runs of words.

    A dictionary of exact labels, tried at each word for the longest run of
    words first: the same leftmost-longest match as one large alternation,
    without compiling one.
    """

    _WORD = re.compile(r"[\w-]+")

    def __init__(self, labels: set[str]) -> None:
        self.labels = frozenset(labels)
        self.longest = max((len(self._WORD.findall(label)) for label in labels), default=1)

    def finditer(self, sentence: str):
        words = list(self._WORD.finditer(sentence))
        i = 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + self.longest) - 1, i - 1, -1):
                text = sentence[words[i].start() : words[j].end()]
                if text in self.labels:
                    found = (j, words[i].start(), words[j].end(), text)
                    break
            if found is None:
                i += 1
                continue
            j, start, end, text = found
            yield _Found(start, end, text)
            i = j + 1


@dataclass(frozen=True, slots=True)
class _Found:
    start_: int
    end_: int
    text: str

    def group(self, _: int = 0) -> str:
        return self.text

    def span(self) -> tuple[int, int]:
        return self.start_, self.end_


@lru_cache(maxsize=4)
def _name_pattern(gazetteer: Gazetteer) -> _NameIndex:
    labels: set[str] = set()
    for entry in gazetteer.entries:
        for label in (entry.name, *entry.aliases):
            code = label.isupper() and len(label) <= 4 and not any(c.isdigit() for c in label)
            # Airport codes (ORAA, BGW) match too much capitalised text; K1 and T4 stay.
            if (len(label) < 2 or code) and label != "UAE":
                continue
            variants = {label}
            article = re.match(r"^(?:Al|Ar|As|Ash|Ad|Az|At|An|El|Ad-Dawr)(?=[- ])", label)
            if article:
                # Reports write "al-Tanf" as often as "Al-Tanf".
                variants.add(label[0].lower() + label[1:])
            # "Ain al-Asad air base": the generic words of a name in lower case too.
            variants.update(
                _GENERIC_WORDS.sub(lambda w: w.group(0).lower(), v) for v in list(variants)
            )
            for variant in list(variants):
                if "'" in variant:
                    variants.add(variant.replace("'", "’"))
            labels.update(variants)
    return _NameIndex(labels)


def _offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    radius = 6371.0088
    phi1, lmb1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    delta = km / radius
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lmb2 = lmb1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lmb2) + 540) % 360 - 180


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def _geocode(geocoder, query: str) -> Place | None:
    try:
        return geocoder.geocode(query)
    except (GeoError, ValueError):
        return None


def _direction_key(text: str) -> str:
    return text.lower().replace(" ", "").replace("-", "")


@dataclass(frozen=True, slots=True)
class Area:
    """Where a report is: the countries it names (most named first), the points of the
    gazetteer places it names, and its one province when it names exactly one."""

    countries: tuple[str, ...] = ()
    points: tuple[tuple[float, float], ...] = ()
    province: Place | None = None


# Beyond this from every place a report names, a GeoNames namesake is somewhere else.
_AREA_KM = 800.0


def report_area(text: str, geocoder, gazetteer: Gazetteer | None = None) -> Area:
    """The countries and places a whole report names, to choose among namesakes."""
    gazetteer = gazetteer or getattr(geocoder, "gazetteer", None) or shared_gazetteer()
    counts: dict[str, int] = {}
    points: list[tuple[float, float]] = []
    provinces: dict[str, Place] = {}
    for match in _name_pattern(gazetteer).finditer(text):
        place = _geocode(geocoder, match.group(0))
        if place is None or not place.provenance.startswith("gazetteer:"):
            continue
        if place.country:
            counts[place.country] = counts.get(place.country, 0) + 1
        if place.kind == "governorate":
            provinces[place.provenance] = place
        elif place.kind != "country":
            points.append((place.lat, place.lon))
    for match in _DEMONYM_RE.finditer(text):
        place = _geocode(geocoder, _DEMONYMS[match.group(0)])
        if place is not None and place.country:
            counts[place.country] = counts.get(place.country, 0) + 1
    countries = tuple(sorted(counts, key=lambda c: -counts[c]))
    province = next(iter(provinces.values())) if len(provinces) == 1 else None
    return Area(countries, tuple(points), province)


def find_places(
    sentence: str, geocoder, gazetteer: Gazetteer | None = None, area: Area | None = None
) -> list[PlaceMention]:
    """The places one sentence names, in order; see the module docstring for the rules."""
    gazetteer = gazetteer or getattr(geocoder, "gazetteer", None) or shared_gazetteer()
    mentions: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    for match in _name_pattern(gazetteer).finditer(sentence):
        name = match.group(0)
        start, end = match.span()
        if start == 0 and name.lower() in _ENGLISH_WORDS:
            continue
        if _IN_PARTY_NAME_AFTER.match(sentence[end:]) or _IN_PARTY_NAME_BEFORE.search(
            sentence[:start]
        ):
            continue  # "the Kurdistan Democratic Party of Iran": a party, not two places
        if _is_country_name(name, gazetteer) and (
            not _COUNTRY_CUE.search(sentence[:start])
            or _TIES.search(sentence[:start])
            or _POSSESSIVE_AFTER.match(sentence[end:])
        ):
            continue  # "Iran" the actor, not the place
        mention = _shape(sentence, start, end, name, geocoder)
        if mention is not None:
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for match in _CUE_NAME.finditer(sentence):
        name = match.group("name").rstrip("’'")
        start = match.start("name")
        name = _trim_name(name)
        end = start + len(name)
        if not name or not free(start, end) or name in _NOT_PLACES or len(name) < 4:
            continue
        if name.split()[0] in _NOT_PLACES:
            continue
        mention = _shape(sentence, start, end, name, geocoder, geonames_only=True, area=area)
        if mention is None:
            mention = _in_province(sentence, start, end, name, area)
        if mention is not None:
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for match in _CITY_POSSESSIVE.finditer(sentence):
        name = match.group("name")
        start, end = match.start("name"), match.end("name")
        if not free(start, end) or name in _NOT_PLACES or len(name) < 4:
            continue
        mention = _shape(sentence, start, end, name, geocoder, geonames_only=True, area=area)
        if mention is not None and mention.place.kind in ("city", "town"):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    mentions.extend(_descriptions(sentence, geocoder, gazetteer, mentions))
    for match in _NATIONAL_SITE.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        country = _DEMONYMS[match["adj"]]
        place = _geocode(geocoder, country)
        if place is not None and place.kind == "country":
            mentions.append(
                PlaceMention(
                    match.start(),
                    match.end(),
                    match.group(0),
                    place.name,
                    place.at_least(REGION),
                    descriptive=True,
                )  # fmt: skip
            )
    mentions.sort(key=lambda m: m.start)
    return _mark_references(sentence, mentions)


_IN_PARTY_NAME_AFTER = re.compile(
    r"^\s+(?:[A-Z][\w’'-]+\s+){0,2}(?:Party|Front|Movement|Union)\b(?!\s+(?:base|camp|office))"
)
_IN_PARTY_NAME_BEFORE = re.compile(r"\b(?:Party|Front|Movement)\s+(?:of|for)\s+(?:the\s+)?$")
_COUNTRY_CUE = re.compile(
    r"\b(?:(?:attacks?|strikes?|assault|offensive|raids?)\s+on|"
    r"in|into|across|inside|from|near|to|over|throughout|of|northern|southern|eastern|"
    r"western|central|north-?eastern|north-?western|south-?eastern|south-?western|"
    r"neighbou?ring)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_TIES = re.compile(
    r"\b(?:ties|links|close|allied|aligned|loyal|backed|supported|war|talks|relations|"
    r"sanctions|deal|responsible|ally|allies)\s+(?:\w+\s+)?(?:to|with|by|on|against|"
    r"between)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _country_names(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(
        label for e in gazetteer.entries if e.kind == "country" for label in (e.name, *e.aliases)
    )


def _is_country_name(name: str, gazetteer: Gazetteer) -> bool:
    return name in _country_names(gazetteer)


_DEMONYMS = {
    "Iraqi": "Iraq", "Syrian": "Syria", "Jordanian": "Jordan", "Kuwaiti": "Kuwait",
    "Saudi": "Saudi Arabia", "Turkish": "Turkey", "Iranian": "Iran", "Lebanese": "Lebanon",
    "Israeli": "Israel", "Yemeni": "Yemen", "Qatari": "Qatar", "Emirati": "United Arab Emirates",
    "Bahraini": "Bahrain",
}  # fmt: skip
_DEMONYM_RE = re.compile(r"\b(?:" + "|".join(_DEMONYMS) + r")\b")
# "two Iraqi air bases", "a Syrian army position": the country, at region precision.
_NATIONAL_SITE = re.compile(
    r"\b(?P<adj>" + "|".join(_DEMONYMS) + r")\s+(?:(?:military|air|army|naval|oil|gas|border|"
    r"government)\s+)?(?:bases?|airbases?|air\s*fields?|airports?|oil\s*fields?|facilit(?:y|ies)|"
    r"camps?|positions?|installations?|territory|soil|towns?|villages?|cities)\b"
)


def _trim_name(name: str) -> str:
    words = name.split()
    while words and words[-1] in _NOT_PLACES:
        words.pop()
    return " ".join(words)


def _in_province(
    sentence: str, start: int, end: int, name: str, area: Area | None
) -> PlaceMention | None:
    """'the town of Arman' that no source knows, in a report about one province: the
    town at the province's point, at region precision (ACLED's rule for a place
    known only by its province), with `context:` in front of the province's source."""
    if area is None or area.province is None or not _TOWN_OF_RE.search(sentence[:start]):
        return None
    province = area.province
    place = replace(
        province, name=name, kind="town", precision=REGION,
        provenance=f"context:{province.provenance}",
    )  # fmt: skip
    return PlaceMention(start, end, sentence[start:end], name, place)


def _shape(
    sentence: str,
    start: int,
    end: int,
    name: str,
    geocoder,
    geonames_only: bool = False,
    area: Area | None = None,
) -> PlaceMention | None:
    before = sentence[:start]
    after = sentence[end:]
    crossing = _CROSSING_AFTER.match(after)
    place = None
    text_end = end
    if crossing:
        place = _geocode(geocoder, f"{name} border crossing")
        if place is not None and place.kind == "crossing":
            text_end = end + crossing.end()
            return PlaceMention(start, text_end, sentence[start:text_end], place.name, place)
        place = None
    place = _geocode(geocoder, name)
    if geonames_only and place is not None and place.provenance.startswith("geonames:"):
        place = _regional(geocoder, name, place, area)
    elif place is not None and place.provenance.startswith("geonames:") and _far_off(place, area):
        return None  # a GeoNames namesake on another continent from every place named
    if place is None or place.match != EXACT:
        return None
    if geonames_only and not place.provenance.startswith(("geonames:", "gazetteer:")):
        return None
    if crossing:
        text_end = end + crossing.end()
        place = place.at_least(NEAR)
        return PlaceMention(
            start, text_end, sentence[start:text_end], f"{place.name} border crossing", place
        )
    distance = _DISTANCE_RE.search(before)
    if distance:
        km = float(distance["n"]) * _UNIT_KM[" ".join(distance["unit"].lower().split())]
        bearing = _DIRECTIONS.get(_direction_key(distance["dir"]), 0)
        lat, lon = _offset(place.lat, place.lon, km, bearing)
        moved = replace(
            place, lat=round(lat, 5), lon=round(lon, 5), precision=max(NEAR, place.precision),
            provenance=f"offset:{place.provenance}",
        )  # fmt: skip
        phrase = sentence[distance.start() : end]
        location = (
            f"{distance['n']} {distance['unit']} {distance['dir'].lower()} of {_label(place, name)}"
        )
        return PlaceMention(distance.start(), end, phrase, location, moved)
    direction = _BARE_DIRECTION_RE.search(before)
    if direction:
        phrase_start = direction.start()
        location = f"{direction['dir'].lower()} of {_label(place, name)}"
        return PlaceMention(
            phrase_start, end, sentence[phrase_start:end], location, place.at_least(NEAR)
        )
    off = _OFF_RE.search(before)
    if off and place.kind not in ("country", "region", "governorate"):
        return PlaceMention(
            off.start(), end, sentence[off.start() : end], f"off {_label(place, name)}",
            place.at_least(NEAR),
        )  # fmt: skip
    near = _NEAR_RE.search(before)
    if near:
        return PlaceMention(
            near.start(),
            end,
            sentence[near.start() : end],
            f"near {_label(place, name)}",
            place.at_least(NEAR),
        )
    adjective = _ADJ_REGION.search(before)
    if adjective and place.kind in ("country", "governorate", "region"):
        location = f"{adjective['adj'].lower()} {_label(place, name)}"
        return PlaceMention(
            adjective.start(),
            end,
            sentence[adjective.start() : end],
            location,
            place.at_least(REGION),
        )
    return PlaceMention(start, end, sentence[start:end], _label(place, name), place)


# Where this conflict's reports are: a GeoNames namesake here beats a bigger one elsewhere
# ("Ras al-Ain" is the Syrian town, not the Moroccan one).
REGION_COUNTRIES = (
    "IQ", "SY", "JO", "LB", "IL", "PS", "TR", "IR", "SA", "KW", "QA", "BH", "AE", "YE", "OM", "EG",
)  # fmt: skip


def _regional(geocoder, name: str, place: Place, area: Area | None = None) -> Place | None:
    """The GeoNames namesake in the report's countries, else in the region; none when
    the only namesakes lie far from every place the report names."""
    countries = area.countries if area else ()
    geonames = getattr(geocoder, "geonames", None)
    if place.country in (countries or REGION_COUNTRIES) or geonames is None:
        return _near_area(place, area)
    from geo.normalise import name_key

    key = name_key(name)
    for code in countries:
        found = geonames.lookup_all(key, code, limit=1)
        if found:
            return found[0]
    if place.country in REGION_COUNTRIES:
        return _near_area(place, area)
    for candidate in geonames.lookup_all(key):
        if candidate.country in REGION_COUNTRIES:
            return _near_area(candidate, area)
    return _near_area(place, area)


_FAR_KM = 2000.0


def _beyond(place: Place, area: Area | None, km: float) -> bool:
    """Whether a place outside the report's countries lies more than `km` from every
    place the report names."""
    if area is None or not area.points or place.country in area.countries:
        return False
    return min(distance_km(place.lat, place.lon, lat, lon) for lat, lon in area.points) > km


def _far_off(place: Place, area: Area | None) -> bool:
    """Whether a place lies more than ~2,000 km from every place the report names."""
    return _beyond(place, area, _FAR_KM)


def _near_area(place: Place, area: Area | None) -> Place | None:
    if _beyond(place, area, _AREA_KM):
        return None  # "the town of Arman" in a Syrian report is not the Turkish Arman
    return place


def _label(place: Place, written: str) -> str:
    """The location as rows write it: the gazetteer's spelling, or the report's for GeoNames."""
    return place.name if place.provenance.startswith("gazetteer:") else written


def _descriptions(sentence: str, geocoder, gazetteer: Gazetteer, named: list[PlaceMention]):
    """'an air base north of Baghdad': the gazetteer's sites of that kind in that direction."""
    found = []
    for match in _DESCRIPTION_RE.finditer(sentence):
        if any(m.start <= match.start() < m.end for m in named):
            continue
        reference = next(
            (m for m in named if m.start >= match.start() and m.end >= match.end()
             and m.start <= match.end() + 1),
            None,
        )  # fmt: skip
        if reference is None:
            continue
        kinds = _DESCRIPTION_KINDS.get(" ".join(match["kind"].lower().split()), ("base",))
        bearing = _DIRECTIONS.get(_direction_key(match["dir"]), 0)
        ref = reference.place
        fits = []
        for entry in gazetteer.entries:
            if entry.kind not in kinds:
                continue
            km = distance_km(ref.lat, ref.lon, entry.lat, entry.lon)
            if km < 3 or km > _DESCRIPTION_RADIUS_KM:
                continue
            off = abs(
                (_bearing(ref.lat, ref.lon, entry.lat, entry.lon) - bearing + 180) % 360 - 180
            )
            if off <= 50:
                fits.append((km, entry))
        if not fits:
            continue
        fits.sort(key=lambda pair: pair[0])
        places = [
            replace(e.place(None), precision=NEAR, provenance=f"gazetteer:{e.place_id}")
            for _, e in fits
        ]
        found.append(
            PlaceMention(
                match.start(), reference.end, sentence[match.start() : reference.end],
                places[0].name, places[0], "site", tuple(places[1:]),
            )
        )  # fmt: skip
    return found


# "an oil station near al-Qahtaniyah, the main power station in Qamishli": a list's next
# item, placed by its own words, not a reference for the place before.
_NEXT_ITEM = re.compile(
    r",\s+(?:the|an?)\s+(?:[\w-]+\s+){0,3}?(?:in|at|near)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_NEAR_WORD = re.compile(r"(?:near|outside|close\s+to)\b", re.I)
_LIST_BREAK = re.compile(r"\band\b|;|\bthen\b|\bwhile\b|\bwhere\b")


def _mark_references(sentence: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Drop places inside descriptions, mark references and launch points."""
    kept: list[PlaceMention] = []
    for mention in mentions:
        if any(
            o is not mention
            and o.start <= mention.start
            and mention.end <= o.end
            and (o.end - o.start) > (mention.end - mention.start)
            for o in mentions
        ):
            continue  # fmt: skip
        kept.append(mention)
    result = []
    for i, mention in enumerate(kept):
        role = mention.role
        between_prev = sentence[kept[i - 1].end : mention.start] if i else ""
        if (
            i
            and kept[i - 1].place.kind in SITE_KINDS | {"area", "town", "mountain", "city"}
            and len(between_prev) < 70
            and not re.search(r"\band\b|;|\bthen\b|\bwhile\b", between_prev)
            and not _NEXT_ITEM.search(between_prev)
            and KIND_RANK.get(mention.place.kind, 3) > KIND_RANK.get(kept[i - 1].place.kind, 3)
        ):
            role = "reference"
        sited = [j for j in range(len(result)) if result[j].role == "site"]
        j = sited[-1] if sited else None
        between_site = sentence[kept[j].end : mention.start] if j is not None else ""
        if (
            j is not None
            and kept[j].place.kind not in ("country", "region", "governorate")
            and _NEAR_WORD.match(mention.text)
            and len(between_site) < 90
            and not _LIST_BREAK.search(between_site)
            and not _NEXT_ITEM.search(between_site)
        ):
            if kept[j].place.provenance.startswith("context:"):
                # X known only by its province: the town it is near places it better
                result[j] = replace(result[j], role="reference")
            else:
                role = "reference"  # "the village of X, near the town of Y": Y locates X
        if _POSSESSIVE_AFTER.match(sentence[mention.end :]) and i + 1 < len(kept):
            role = "reference"  # "Baghdad's Green Zone"
        if _FROM_RE.search(sentence[: mention.start]):
            role = "origin"
        if _GOVERNMENT_VERB.match(sentence[mention.end :]):
            role = "reference"  # "Baghdad blamed Turkey": the government, not the city
        if _TOWARD_RE.search(sentence[: mention.start]):
            role = "destination"
        result.append(replace(mention, role=role) if role != mention.role else mention)
    return result


def country_of(place: Place) -> str:
    """The country name an events row uses for a place (IQ -> Iraq)."""
    return country_name(place.country) or ""
