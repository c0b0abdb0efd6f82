"""GDELT 2.0 event exports onto our event table: violent CAMEO codes as ACLED types.

GDELT codes every event its news feeds report in CAMEO, most of them
statements, meetings and appeals. Only three root codes are political
violence: 18 assault, 19 fight, 20 unconventional mass violence. Their rows
are imported with the codes mapped onto ACLED's types (`CAMEO_TYPES`); the
rows of every other root code are counted by code and left out, and one
warning says how many of each.

- `event_id`: `gdelt-<GLOBALEVENTID>`.
- `event_date`: `SQLDATE` (`YYYYMMDD`), the day the event happened as
  coded; `time_precision` 1.
- `actor1`, `actor2`: `Actor1Name`, `Actor2Name`, else their CAMEO actor
  codes; an event with neither is `Unidentified actor`, and a warning counts
  them.
- `country`, `admin1`, `location`: read from `ActionGeo_FullName`
  (`Place, Province, Country`); `latitude`, `longitude`: `ActionGeo_Lat`,
  `ActionGeo_Long`; `geo_source` is `gdelt`.
- `geo_precision` from `ActionGeo_Type`: 3 and 4 (a city or landmark) -> 1;
  2 and 5 (a first-order division) -> 3; 1 (the country) -> 3, and the notes
  say the point is the country's.
- `source`: `SOURCEURL`, the first article GDELT read the event in.
- `notes`: the CAMEO code and its meaning, the count of mentions, sources
  and articles, the Goldstein score and the tone, since those are what a
  reader of GDELT weighs an event by.
- `fatalities`: blank; GDELT does not count the dead.
- `attribution`: `unknown`; GDELT codes actors, not who claimed what.

Every GDELT column is also kept under its own name (lower case).
"""

from __future__ import annotations

import re

import pandas as pd

from events.importers.conversion import Conversion, SourceTable
from events.importers.dates import parse_date_column
from events.problems import WARNING, Code, Problem
from events.table import TextTable

# The 61 columns of a GDELT 2.0 event export, in order (GDELT Event Codebook V2.0).
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(COLUMNS) == 61

VIOLENT_ROOTS = ("18", "19", "20")
# CAMEO event code -> (what it means, ACLED event type, ACLED sub-event type).
# A code not listed falls back to its base (three-digit) code, then to its root.
CAMEO_TYPES: dict[str, tuple[str, str, str]] = {
    "18": ("assault", "Violence against civilians", "Attack"),
    "180": ("use unconventional violence", "Violence against civilians", "Attack"),
    "181": (
        "abduct, hijack or take hostage",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    "182": ("physically assault", "Violence against civilians", "Attack"),
    "1821": ("sexually assault", "Violence against civilians", "Sexual violence"),
    "1822": ("torture", "Violence against civilians", "Attack"),
    "1823": ("kill by physical assault", "Violence against civilians", "Attack"),
    "183": (
        "conduct suicide, car or other non-military bombing",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    "1831": ("carry out suicide bombing", "Explosions/Remote violence", "Suicide bomb"),
    "1832": (
        "carry out vehicular bombing",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    "1833": (
        "carry out roadside bombing",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    "1834": (
        "carry out location bombing",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    "184": ("use as human shield", "Violence against civilians", "Attack"),
    "185": ("attempt to assassinate", "Violence against civilians", "Attack"),
    "186": ("assassinate", "Violence against civilians", "Attack"),
    "19": ("fight", "Battles", "Armed clash"),
    "190": ("use conventional military force", "Battles", "Armed clash"),
    "191": ("impose blockade, restrict movement", "Strategic developments", "Other"),
    "192": ("occupy territory", "Battles", "Armed clash"),
    "193": ("fight with small arms and light weapons", "Battles", "Armed clash"),
    "194": (
        "fight with artillery and tanks",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    "195": ("employ aerial weapons", "Explosions/Remote violence", "Air/drone strike"),
    "1951": (
        "employ precision-guided aerial munitions",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    "1952": (
        "employ remotely piloted aerial munitions",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    "196": ("violate ceasefire", "Battles", "Armed clash"),
    "20": ("use unconventional mass violence", "Violence against civilians", "Attack"),
    "200": ("use unconventional mass violence", "Violence against civilians", "Attack"),
    "201": ("engage in mass expulsion", "Strategic developments", "Other"),
    "202": ("engage in mass killings", "Violence against civilians", "Attack"),
    "203": ("engage in ethnic cleansing", "Violence against civilians", "Attack"),
    "204": ("use weapons of mass destruction", "Explosions/Remote violence", "Chemical weapon"),
    "2041": (
        "use chemical, biological or radiological weapons",
        "Explosions/Remote violence",
        "Chemical weapon",
    ),
    "2042": ("detonate nuclear weapons", "Explosions/Remote violence", "Chemical weapon"),
}
# CAMEO's root codes, to say which rows were left out.
CAMEO_ROOTS: dict[str, str] = {
    "01": "make public statement",
    "02": "appeal",
    "03": "express intent to cooperate",
    "04": "consult",
    "05": "engage in diplomatic cooperation",
    "06": "engage in material cooperation",
    "07": "provide aid",
    "08": "yield",
    "09": "investigate",
    "10": "demand",
    "11": "disapprove",
    "12": "reject",
    "13": "threaten",
    "14": "protest",
    "15": "exhibit force posture",
    "16": "reduce relations",
    "17": "coerce",
}
GEO_PRECISION = {"1": "3", "2": "3", "3": "1", "4": "1", "5": "3"}
COUNTRY_NOTE = "GDELT places this event only in the country; the point is the country's."
DEFAULT_ACTOR = "Unidentified actor"
GEO_SOURCE = "gdelt"

_DAY = re.compile(r"^\d{8}$")
_EVENT_ID = re.compile(rb"^\d+$")


def looks_like_export(head: bytes) -> bool:
    """True for the first line of a GDELT 2.0 export: 61 tab-separated fields, an id, a day."""
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    fields = line.split(b"\t")
    return (
        len(fields) == len(COLUMNS)
        and bool(_EVENT_ID.match(fields[0]))
        and bool(_DAY.match(fields[1].decode("ascii", "replace")))
    )


def in_scope(table: TextTable) -> TextTable:
    """The table less the rows of non-violent root codes, and one warning that counts them."""
    position = [i for i, name in enumerate(table.header) if name.lower() == "eventrootcode"]
    if not position:
        return table  # the converter reports the missing column
    roots = table.cells[str(position[0])].str.strip().str.zfill(2)
    keep = roots.isin(VIOLENT_ROOTS).to_numpy()
    if keep.all():
        return table
    counts = roots[~keep].value_counts().sort_index()
    listed = ", ".join(
        f"{code} {CAMEO_ROOTS.get(code, 'unknown code')}: {count:,}"
        for code, count in counts.items()
    )
    note = Problem(
        None,
        "EventRootCode",
        "",
        f"{int((~keep).sum()):,} of {len(keep):,} events are of CAMEO root codes other than "
        f"18 assault, 19 fight and 20 mass violence, and are left out ({listed})",
        WARNING,
        code=Code.OUT_OF_SCOPE,
    )
    counts_kept = None if table.field_counts is None else table.field_counts[keep]
    extras = (
        None
        if table.extra_fields is None
        else [e for e, k in zip(table.extra_fields, keep, strict=True) if k]
    )
    return TextTable(
        table.header,
        table.cells.loc[keep].reset_index(drop=True),
        table.rows[keep],
        table.encoding,
        [*table.problems, note],
        table.broken_rows,
        counts_kept,
        extras,
    )


def convert(source: SourceTable) -> Conversion:
    """Build our columns from a GDELT 2.0 table (its rows already limited to roots 18-20)."""
    conversion = Conversion(source, "gdelt")
    for theirs, ours, why in (
        ("globaleventid", "event_id", "GDELT's GLOBALEVENTID names each event"),
        ("sqldate", "event_date", "SQLDATE dates each event"),
        ("eventcode", "event_type", "the CAMEO EventCode decides each event's type"),
    ):
        if not source.has(theirs):
            conversion.missing_column(theirs, ours, why)
    if conversion.rejected and len(conversion.rejected) == len(source.frame):
        return conversion
    blank = pd.Series("", index=source.frame.index, dtype=str)
    ids = source.stripped("globaleventid")
    conversion.set("event_id", ("gdelt-" + ids).where(ids != "", ""), "globaleventid")
    _date(conversion)
    conversion.set("time_precision", "1")
    meaning = _types(conversion)
    _actors(conversion)
    _place(conversion)
    conversion.set("attribution", "unknown")
    if source.has("sourceurl"):
        conversion.take("source", "sourceurl")
    _notes(conversion, meaning, blank)
    return conversion


def _date(conversion: Conversion) -> None:
    days = conversion.source.stripped("sqldate")
    iso = days.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)
    parsed, why, code = parse_date_column(iso)
    conversion.error(why != "", "sqldate", why, code, ours="event_date", values=days)
    conversion.set("event_date", parsed, "sqldate")


def _types(conversion: Conversion) -> pd.Series:
    """Set the types from the CAMEO codes; return what each code means, for the notes."""
    source = conversion.source
    code = source.stripped("eventcode")
    base = source.stripped("eventbasecode") if source.has("eventbasecode") else code.str[:3]
    root = source.stripped("eventrootcode") if source.has("eventrootcode") else code.str[:2]
    keys = code.where(code.isin(list(CAMEO_TYPES)), base)
    keys = keys.where(keys.isin(list(CAMEO_TYPES)), root)
    known = keys.isin(list(CAMEO_TYPES))
    conversion.error(
        ~known,
        "eventcode",
        "is not a CAMEO code of assault (18), fight (19) or mass violence (20)",
        Code.BAD_CODE,
        ours="event_type",
    )
    conversion.set("event_type", keys.map({k: v[1] for k, v in CAMEO_TYPES.items()}).fillna(""))
    conversion.set("sub_event_type", keys.map({k: v[2] for k, v in CAMEO_TYPES.items()}).fillna(""))
    conversion.origin["event_type"] = conversion.where("eventcode")
    conversion.origin["sub_event_type"] = conversion.where("eventcode")
    return keys.map({k: v[0] for k, v in CAMEO_TYPES.items()}).fillna("")


def _actors(conversion: Conversion) -> None:
    source = conversion.source
    unnamed = 0
    for number in ("1", "2"):
        name = f"actor{number}name"
        code = f"actor{number}code"
        names = source.stripped(name) if source.has(name) else None
        codes = source.stripped(code) if source.has(code) else None
        if names is None and codes is None:
            continue
        values = names if names is not None else codes
        if names is not None and codes is not None:
            values = names.where(names != "", codes)
        if number == "1":
            missing = values == ""
            unnamed = int(missing.sum())
            values = values.where(~missing, DEFAULT_ACTOR)
        conversion.set(f"actor{number}", values, *(n for n in (name,) if source.has(n)))
    if unnamed:
        conversion.file_warning(
            "Actor1Name",
            "",
            f"{unnamed:,} event{' names' if unnamed == 1 else 's name'} no first actor; "
            f"actor1 is set to {DEFAULT_ACTOR!r}",
            Code.REQUIRED_BLANK,
        )


def _place(conversion: Conversion) -> None:
    source = conversion.source
    if not source.has("actiongeo_fullname"):
        conversion.missing_column(
            "ActionGeo_FullName", "location", "it names where each event happened"
        )
        return
    full = source.stripped("actiongeo_fullname")
    parts = full.str.split(",")
    count = parts.str.len().fillna(0).astype(int)
    first = parts.str[0].fillna("").str.strip()
    last = parts.str[-1].fillna("").str.strip()
    middle = parts.str[-2].fillna("").str.strip()
    conversion.set("location", first, "actiongeo_fullname", keep=True)
    conversion.set("country", last)
    conversion.set("admin1", middle.where(count >= 3, first.where(count == 2, "")))
    for ours, theirs in (("latitude", "actiongeo_lat"), ("longitude", "actiongeo_long")):
        if source.has(theirs):
            conversion.take(ours, theirs)
    if source.has("actiongeo_type"):
        kind = source.stripped("actiongeo_type")
        conversion.set("geo_precision", kind.map(GEO_PRECISION).fillna(""), keep=True)
        conversion.origin["geo_precision"] = conversion.where("actiongeo_type")
    if source.has("actiongeo_lat") and source.has("actiongeo_long"):
        placed = (source.stripped("actiongeo_lat") != "") & (
            source.stripped("actiongeo_long") != ""
        )
        conversion.set("geo_source", placed.map({True: GEO_SOURCE, False: ""}))


def _figure(source: SourceTable, name: str, blank: pd.Series) -> pd.Series:
    return source.stripped(name) if source.has(name) else blank


def _notes(conversion: Conversion, meaning: pd.Series, blank: pd.Series) -> None:
    source = conversion.source
    code = source.stripped("eventcode")
    said = (
        "GDELT CAMEO "
        + code
        + " ("
        + meaning
        + "); "
        + _figure(source, "nummentions", blank)
        + " mentions in "
        + _figure(source, "numsources", blank)
        + " sources and "
        + _figure(source, "numarticles", blank)
        + " articles; Goldstein "
        + _figure(source, "goldsteinscale", blank)
        + ", tone "
        + _figure(source, "avgtone", blank)
        + "."
    )
    if source.has("actiongeo_type"):
        country_only = source.stripped("actiongeo_type") == "1"
        said = said.where(~country_only, said + " " + COUNTRY_NOTE)
    conversion.set("notes", said)
