"""ACLED exports onto our event table.

Our columns already carry ACLED's names where the concept is the same, so
most columns pass as they are; what differs:

- `event_id` is ACLED's `event_id_cnty` (`AFG44631`), or `acled-<data_id>`
  in a reduced file that kept only `data_id`. A file with neither (ACLED's
  curated regional files) gets ids made from each row's content
  (`events.importers.derived_ids`), with one warning that counts the rows.
- `event_date` is read from `21 March 2020`, `2020-03-21`, `21-Mar-20` and
  the other forms `events.importers.dates` names, and written `YYYY-MM-DD`.
- `time_precision` and `geo_precision` are ACLED's own 1-3 codes, unchanged.
- `event_type` / `sub_event_type` in the pre-2019 vocabulary are renamed to
  the current one (`Remote violence` -> `Explosions/Remote violence`,
  `Battle-No change of territory` -> `Battles` / `Armed clash` ...); each
  renaming is reported once, with the number of rows. `Riots/Protests` has no
  single current type (ACLED split it into `Riots` and `Protests`), so those
  rows are reported and set aside.
- `attribution` is not in ACLED: it stays blank and reads as `unknown`.
- A file with no `source` column gets `ACLED` as every row's source, and
  `geo_source` is `acled` wherever ACLED gave coordinates; both are reported.
- Every other column (`assoc_actor_1`, `inter1`, `admin2`, `source_scale`,
  `timestamp`, `iso` ...) is kept under its ACLED name, lower case, so an
  export in ACLED's layout gives them back.
"""

from __future__ import annotations

import pandas as pd

from events import schema
from events.importers.conversion import Conversion, SourceTable
from events.importers.dates import parse_date_column
from events.importers.derived_ids import content_ids, derived_ids_message
from events.problems import Code

# The full export layout, in ACLED's order (2020-era exports; later ones add columns,
# which are kept like any other).
ACLED_COLUMNS: tuple[str, ...] = (
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
)
# The current layout (2023 onwards, the export tool and the API's CSV): no data_id,
# `disorder_type`, `civilian_targeting` and `tags`, and `inter1`/`inter2`/`interaction`
# as text (`State forces`, `Rebel group-State forces`) rather than digits. Read the same
# way; the new columns are kept under their names.
ACLED_CURRENT_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# ACLED columns that are ours under the same name and meaning.
SAME_NAME: tuple[str, ...] = (
    "time_precision",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
DEFAULT_SOURCE = "ACLED"
GEO_SOURCE = "acled"

# ACLED's names before the 2019 codebook -> (event type, sub-event type or None).
OLD_EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": (
        "Battles",
        "Non-state actor overtakes territory",
    ),
    "remote violence": ("Explosions/Remote violence", None),
    "strategic development": ("Strategic developments", None),
    "non-violent transfer of territory": (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    "headquarters or base established": (
        "Strategic developments",
        "Headquarters or base established",
    ),
}
# Old types whose rows cannot be given one current type, and why.
UNMAPPABLE_EVENT_TYPES: dict[str, str] = {
    "riots/protests": (
        "ACLED's pre-2019 type 'Riots/Protests' became two types, 'Protests' and 'Riots', "
        "and the row does not say which; set event_type to one of them"
    ),
}


def fold(name: str) -> str:
    """Compare type names without case or spacing: `Battle - No change` == `battle-no change`."""
    return " ".join(name.lower().split()).replace(" - ", "-").replace(" / ", "/")


_CURRENT_TYPES = {fold(name): (name, None) for name in schema.EVENT_TYPES}
_CURRENT_SUBS = {fold(name): name for name in schema.ALL_SUB_EVENT_TYPES}


def convert(source: SourceTable) -> Conversion:
    """Build our columns from an ACLED table (any layout: full, reduced, UPPERCASE, pre-2019)."""
    conversion = Conversion(source, "acled")
    _event_date(conversion)
    _event_id(conversion)
    for name in SAME_NAME:
        if source.has(name):
            conversion.take(name, name)
    _types(conversion)
    if not source.has("source"):
        conversion.set("source", DEFAULT_SOURCE)
        conversion.file_warning(
            "source",
            DEFAULT_SOURCE,
            f"the file has no source column; every event's source is set to {DEFAULT_SOURCE!r}",
            Code.DEFAULT_SOURCE,
        )
    if not source.has("geo_source") and source.has("latitude") and source.has("longitude"):
        placed = (source.stripped("latitude") != "") & (source.stripped("longitude") != "")
        conversion.set("geo_source", placed.map({True: GEO_SOURCE, False: ""}))
    return conversion


def _event_id(conversion: Conversion) -> None:
    source = conversion.source
    if source.has("event_id_cnty"):
        conversion.take("event_id", "event_id_cnty")
    elif source.has("data_id"):
        ids = source.stripped("data_id")
        conversion.set("event_id", ("acled-" + ids).where(ids != "", ""), "data_id", keep=True)
    else:
        _derived_event_id(conversion)


# What an event's derived id is made of: its date, place, actors and type.
ID_CONTENT: tuple[str, ...] = (
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "actor1",
    "actor2",
    "event_type",
    "sub_event_type",
)


def _derived_event_id(conversion: Conversion) -> None:
    source = conversion.source
    raw_dates = source.stripped("event_date") if source.has("event_date") else None
    parts = []
    if raw_dates is not None:
        iso = conversion.columns.get("event_date", raw_dates)
        parts.append(iso.where(iso != "", raw_dates))  # the day, however the file writes it
    parts += [source.frame[name] for name in ID_CONTENT if source.has(name)]
    if not parts:
        parts = [pd.Series("", index=source.frame.index, dtype=str)]
    conversion.set("event_id", content_ids("acled", parts))
    conversion.file_warning(
        "event_id_cnty",
        "",
        derived_ids_message(
            len(source.frame), "date, place, actors and type", "event_id_cnty or data_id"
        ),
        Code.DERIVED_ID,
    )


def _event_date(conversion: Conversion) -> None:
    source = conversion.source
    if not source.has("event_date"):
        return  # the loader reports the missing column
    iso, why, code = parse_date_column(source.frame["event_date"])
    conversion.error(why != "", "event_date", why, code, ours="event_date")
    conversion.take("event_date", "event_date", iso)


def _types(conversion: Conversion) -> None:
    source = conversion.source
    if not source.has("event_type"):
        return  # the loader reports the missing column
    types = source.stripped("event_type")
    subs = source.stripped("sub_event_type") if source.has("sub_event_type") else None
    new_types = types.copy()
    new_subs = subs.copy() if subs is not None else pd.Series("", index=types.index, dtype=str)
    renamed: dict[tuple[str, str], int] = {}
    for value, count in types.value_counts().items():
        key = fold(value)
        if key in UNMAPPABLE_EVENT_TYPES:
            conversion.error(
                types == value,
                "event_type",
                UNMAPPABLE_EVENT_TYPES[key],
                Code.UNMAPPABLE_TYPE,
                ours="event_type",
            )
            continue
        target = _CURRENT_TYPES.get(key) or OLD_EVENT_TYPES.get(key)
        if target is None:
            continue  # unknown: the loader says so and suggests the nearest name
        new_type, implied_sub = target
        rows = types == value
        new_types[rows] = new_type
        label = new_type
        if implied_sub is not None:
            blank_sub = rows & (new_subs == "")
            new_subs[blank_sub] = implied_sub
            label = f"{new_type} / {implied_sub}"
        if value != new_type or implied_sub is not None:
            renamed[(value, label)] = int(count)
    if subs is not None:
        for value in subs[subs != ""].unique():
            canonical = _CURRENT_SUBS.get(fold(value))
            if canonical is not None and canonical != value:
                rows = subs == value
                new_subs[rows] = canonical
                renamed[(value, canonical)] = int(rows.sum())
    for (old, new), count in renamed.items():
        column = "sub_event_type" if new in schema.ALL_SUB_EVENT_TYPES else "event_type"
        on_rows = f"on {count} row{'s' if count != 1 else ''}"
        why = (
            f"ACLED's pre-2019 name; read as {new!r} (its current name) {on_rows}"
            if fold(old) in OLD_EVENT_TYPES
            else f"read as {new!r}, the codebook's spelling, {on_rows}"
        )
        conversion.file_warning(conversion.where(column), old, why, Code.RENAMED_TYPE)
    conversion.take("event_type", "event_type", new_types)
    if subs is not None or (new_subs != "").any():
        conversion.set(
            "sub_event_type", new_subs, *(["sub_event_type"] if subs is not None else [])
        )
