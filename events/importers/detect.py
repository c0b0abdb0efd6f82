"""Tell our own files, ACLED exports and UCDP GED files apart by their header.

Each format has a few columns no other one uses (`event_id` with
`event_date` is ours, `event_id_cnty` is ACLED's, `date_start` with
`type_of_violence` or `side_a` is UCDP's), so the header alone decides,
before a single row is read. Names are compared once case, spacing and a
byte-order mark are set aside, which also covers the UPPERCASE headers of
ACLED's older and reduced exports and the Capitalised ones of early GED
releases.
"""

from __future__ import annotations

import unicodedata

from events.errors import UnknownFormatError
from events.formats import ACLED, FORMAT_NAMES, FORMATS, GDELT, OURS, UCDP

__all__ = [
    "ACLED",
    "AUTO",
    "FORMATS",
    "FORMAT_NAMES",
    "GDELT",
    "OURS",
    "UCDP",
    "UnknownFormatError",
    "check_format",
    "detect_format",
    "normalise_name",
]

AUTO = "auto"

# What a reader needs to see to recognise each format, for the error message.
EXPECTED_COLUMNS = {
    OURS: ("event_id", "event_date", "event_type", "actor1", "country", "location", "source"),
    ACLED: ("event_id_cnty", "event_date", "event_type", "actor1", "country", "location"),
    UCDP: ("id", "date_start", "date_end", "type_of_violence", "side_a", "country"),
    GDELT: ("GLOBALEVENTID", "SQLDATE", "EventCode", "EventRootCode", "ActionGeo_FullName"),
}

# Columns only ACLED's layouts have (current, reduced and pre-2019 ones).
_ACLED_ONLY = frozenset(
    {
        "event_id_cnty",
        "event_id_no_cnty",
        "data_id",
        "inter1",
        "inter2",
        "interaction",
        "assoc_actor_1",
        "assoc_actor_2",
        "ally_actor_1",
        "ally_actor_2",
        "source_scale",
        "iso3",
        "gwno",
        "admin3",
        "civilian_targeting",
        "disorder_type",
    }
)


def normalise_name(name: str) -> str:
    """A column name as compared: no BOM, no outer spaces, lower case, `_` for inner spaces."""
    return "_".join(name.strip().lstrip("\ufeff").strip().lower().split())


def detect_format(header: list[str]) -> str:
    """Return `ours`, `acled`, `ucdp` or `gdelt` for a header, or raise UnknownFormatError.

    (A GDELT export without a header is told from its first line, in `reading`.)
    """
    names = {normalise_name(name) for name in header}
    # First: our own file may carry UCDP's or ACLED's columns as extras after an import.
    if "event_id" in names and "event_date" in names:
        return OURS
    if "date_start" in names and ({"type_of_violence", "side_a"} & names):
        return UCDP
    if "globaleventid" in names and "eventrootcode" in names:
        return GDELT  # a GDELT export saved with its codebook's names as a header
    if "event_date" in names and (
        "event_id_cnty" in names or "data_id" in names or len(names & _ACLED_ONLY) >= 2
    ):
        return ACLED
    raise UnknownFormatError(unknown_format_message(header))


def check_format(name: str) -> str:
    """Validate a `--format` value; `auto` is returned as is."""
    wanted = name.strip().lower()
    if wanted == AUTO or wanted in FORMATS:
        return wanted
    raise UnknownFormatError(f"format {name!r} is not one of: {AUTO}, " + ", ".join(FORMATS))


def unknown_format_message(header: list[str]) -> str:
    if _looks_binary(",".join(header)):
        return (
            "this is not a text file (its first line holds control bytes, which no text has); "
            "save or export the table as CSV (UTF-8)"
        )
    shown = ", ".join(header[:12]) + (f" and {len(header) - 12} more" if len(header) > 12 else "")
    expected = "; ".join(
        f"{FORMAT_NAMES[fmt]} ({', '.join(columns)})" for fmt, columns in EXPECTED_COLUMNS.items()
    )
    return (
        f"cannot tell the file's format from its header ({shown or 'no columns'}). "
        f"Expected the columns of one of: {expected}"
    )


def _looks_binary(text: str) -> bool:
    """Whether a header is really binary: control characters (a tab aside) or U+FFFD.

    No header names a column with them; random bytes read as Latin-1 or
    Windows-1252 are one part in ten or more.
    """
    sample = text[:4096]
    odd = sum(
        1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch != "\t")
    )
    return odd * 20 > len(sample)
