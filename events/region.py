"""Where a data set's events are, in a few words, for the page's title.

The dashboard was first built for Iraq and Syria; a file from elsewhere
must not be titled as if it were about them. The region is read from the
events' own ``country`` column.
"""

from __future__ import annotations

import pandas as pd

# Named one by one up to this many countries; beyond, counted.
NAMED_UP_TO = 3
MIDDLE_EAST = frozenset(
    {
        "Bahrain",
        "Cyprus",
        "Egypt",
        "Iran",
        "Iraq",
        "Israel",
        "Jordan",
        "Kuwait",
        "Lebanon",
        "Oman",
        "Palestine",
        "Qatar",
        "Saudi Arabia",
        "Syria",
        "Turkey",
        "United Arab Emirates",
        "Yemen",
    }
)


def region_of(countries: pd.Series) -> str:
    """The events' countries in words: "Iraq and Syria", "Afghanistan", "the Middle East (7
    countries)", "40 countries"; "" when no event names one.

    Countries are named most frequent first, so the title leads with where
    most events are.
    """
    names = countries.dropna().astype(str).str.strip()
    names = names[names != ""]
    if names.empty:
        return ""
    ordered = list(names.value_counts(sort=True).index)
    if len(ordered) <= NAMED_UP_TO:
        if len(ordered) == 1:
            return ordered[0]
        return ", ".join(ordered[:-1]) + " and " + ordered[-1]
    if set(ordered) <= MIDDLE_EAST:
        return f"the Middle East ({len(ordered)} countries)"
    return f"{len(ordered)} countries"


def page_title(file_name: str | None, region: str) -> str:
    """The browser tab's title: the file's name when one is open, and where its events are."""
    where = f" in {region}" if region else ""
    if file_name:
        return f"Conflict map: {file_name}{where}"
    return f"Conflict map: strikes and attacks{where}"
