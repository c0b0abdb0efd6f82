"""The event table's columns and vocabularies, in one place.

Column names follow ACLED's where the concept is the same, so that an ACLED
export opens with no renaming. Everything that decides whether a value is
valid lives here so the loader, the importers and the dashboard agree.
"""

from __future__ import annotations

from dataclasses import dataclass

# ACLED's event types and the sub-event types that belong to each
# (ACLED Codebook, 2019 onwards).
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(SUB_EVENT_TYPES)
ALL_SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in SUB_EVENT_TYPES.values() for s in subs)

ATTRIBUTIONS: tuple[str, ...] = ("confirmed", "claimed", "alleged", "denied", "unknown")
DEFAULT_ATTRIBUTION = "unknown"

TIME_PRECISION = {1: "day known", 2: "week known", 3: "month known"}
GEO_PRECISION = {
    1: "the site or town",
    2: "near a town, or part of a region",
    3: "a region only",
}
DEFAULT_TIME_PRECISION = 1

# Separator for multi-valued cells (`responds_to`, `source`).
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of: id, date, int, float, text, list, category, precision
    required: bool = False
    doc: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("event_id", "id", True, "unique, stable slug"),
    Column("event_date", "date", True, "best date, YYYY-MM-DD"),
    Column("time_precision", "precision", False, "1 day, 2 week, 3 month known"),
    Column("event_type", "category", True, "ACLED event type"),
    Column("sub_event_type", "category", False, "ACLED sub-event type"),
    Column("weapon", "text", False, "rockets, ballistic missiles, drone ..."),
    Column("actor1", "text", True, "who carried it out, as attributed"),
    Column("attribution", "category", False, "how actor1 is known"),
    Column("actor2", "text", False, "who or what was hit"),
    Column("operation", "text", False, "groups rows of one operation"),
    Column("responds_to", "list", False, "event ids this one answers"),
    Column("country", "text", True, ""),
    Column("admin1", "text", False, ""),
    Column("location", "text", True, "the place as reported"),
    Column("latitude", "float", False, "blank = geocode location"),
    Column("longitude", "float", False, "blank = geocode location"),
    Column("geo_precision", "precision", False, "1 site, 2 near, 3 region"),
    Column("geo_source", "text", False, "how the coordinates were found"),
    Column("fatalities", "int", False, "best figure; blank = not reported"),
    Column("fatalities_low", "int", False, ""),
    Column("fatalities_high", "int", False, ""),
    Column("wounded", "int", False, ""),
    Column("wounded_low", "int", False, ""),
    Column("wounded_high", "int", False, ""),
    Column("source", "list", True, "source ids from sources.csv, or outlet names"),
    Column("notes", "text", False, "one or two sentences in our own words"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
INT_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "int")
COUNT_RANGES: tuple[tuple[str, str, str], ...] = (
    ("fatalities", "fatalities_low", "fatalities_high"),
    ("wounded", "wounded_low", "wounded_high"),
)

SOURCE_COLUMNS: tuple[str, ...] = ("source_id", "outlet", "title", "published", "url")
SOURCE_REQUIRED: tuple[str, ...] = ("source_id", "outlet")
