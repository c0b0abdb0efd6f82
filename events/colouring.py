"""What a marker's and a timeline row's colour says: side, actor, event type or deaths.

The dashboard colours by side when the side table (events.sides) knows the
data's actors. A file from another conflict or another period names actors
that table has never heard of, and colouring by side would paint nearly
every event "Other"; then the most frequent actors get their own colours
instead, so the map and the timeline still tell groups apart. Actors are
grouped by party (events.parties): "Government of Iraq" and "Military
Forces of Iraq (2018-)" are one colour.

A :class:`Colouring` is decided once per data set (from all its events, so
colours do not change as filters narrow the view) and is a plain hashable
value: caches of the map's data and the timeline's spec key on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from events.parties import party_or_name
from events.sides import SIDES, sides_for

COLOUR_BY: dict[str, str] = {
    "side": "Side",
    "actor": "Actor",
    "event_type": "Event type",
    "deaths": "Deaths",
}
DEFAULT_COLOUR_BY = "side"

# Okabe & Ito's colour-blind-safe palette, without its black (kept for the
# Islamic State in side colours) and its yellow (unreadable on a light map).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
)
OTHER_COLOUR = "#9a9a9a"
OTHER_LABEL = "Other"
UNNAMED_LABEL = "Not named"
# The side colours (components/style.py keeps the same table for the legend).
SIDE_COLOURS: dict[str, str] = {
    "coalition": "#0072B2",
    "iran": "#D55E00",
    "isis": "#000000",
    "unidentified": "#8a8a8a",
    "other": "#CC79A7",
}
# Colouring by side is used when at least this share of named actors' events
# falls on a named side (coalition, Iran and aligned groups, Islamic State).
SIDES_KNOWN_SHARE = 0.4
# Deaths per event, in bands a reader compares at a glance; light to dark.
DEATH_BANDS: tuple[tuple[str, float, float, str], ...] = (
    ("0 killed", 0, 0, "#c6dbef"),
    ("1–4 killed", 1, 4, "#fdae6b"),
    ("5–24 killed", 5, 24, "#e6550d"),
    ("25–99 killed", 25, 99, "#a63603"),
    ("100 or more killed", 100, np.inf, "#3f0d00"),
)
NOT_REPORTED = ("deaths not reported", "#d9d9d9")


@dataclass(frozen=True)
class Colouring:
    """How events are grouped for colour: ``by`` and the groups' (label, colour) in order.

    ``fallback`` is True when side colours were asked for but the sides are
    unknown for this data, so actors are coloured instead (the legend says so).
    """

    by: str
    groups: tuple[tuple[str, str], ...]
    fallback: bool = False

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.groups]

    @property
    def colours(self) -> dict[str, str]:
        return dict(self.groups)

    @property
    def title(self) -> str:
        """What the colour means, for the legend."""
        if self.fallback:
            return "Colour: actor (the sides of this file's actors are not known)"
        return f"Colour: {COLOUR_BY[self.by].lower()}"

    def labels_for(self, events: pd.DataFrame) -> pd.Series:
        """Each event's group label (one of :attr:`labels`), as plain strings."""
        if self.by == "side":
            return sides_for(events["actor1"]).map(SIDES).astype(object)
        if self.by == "deaths":
            return _death_bands(events["fatalities"])
        named = [label for label in self.labels if label not in (OTHER_LABEL, UNNAMED_LABEL)]
        column = _grouped(events, self.by)
        blank = column.isna() | (column.astype(str).str.strip() == "")
        labels = column.where(column.isin(named), OTHER_LABEL)
        return labels.where(~blank, UNNAMED_LABEL).astype(object)


_COLUMN = {"actor": "actor1", "event_type": "event_type"}


def colouring_for(events: pd.DataFrame, by: str = DEFAULT_COLOUR_BY) -> Colouring:
    """The colouring of `events` (a whole data set) by `by`, a key of :data:`COLOUR_BY`.

    By side when the sides are known; otherwise, and by actor or event type,
    the most frequent values get :data:`PALETTE`'s colours and the rest are
    "Other".
    """
    if by not in COLOUR_BY:
        raise ValueError(f"colour by {by!r}: expected one of {', '.join(COLOUR_BY)}")
    if by == "side":
        if sides_known(events):
            return Colouring("side", tuple((SIDES[k], SIDE_COLOURS[k]) for k in SIDES))
        return _most_frequent(events, "actor", fallback=True)
    if by == "deaths":
        bands = tuple((label, colour) for label, _, _, colour in DEATH_BANDS)
        return Colouring("deaths", (*bands, NOT_REPORTED))
    return _most_frequent(events, by)


def sides_known(events: pd.DataFrame) -> bool:
    """Whether enough of the events' named actors are on a side the side table knows."""
    if events.empty:
        return True
    sides = sides_for(events["actor1"])
    named = sides != "unidentified"
    if not named.any():
        return True
    on_a_side = sides.isin(["coalition", "iran", "isis"]) & named
    return on_a_side.sum() / named.sum() >= SIDES_KNOWN_SHARE


def _grouped(events: pd.DataFrame, by: str) -> pd.Series:
    """The column to colour by; actors as their party (events.parties), one name per group."""
    column = events[_COLUMN[by]].astype(object)
    if by != "actor":
        return column
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    parties = np.array([party_or_name(name) for name in uniques] + [None], dtype=object)
    return pd.Series(parties[codes], index=column.index, dtype=object)


def _most_frequent(events: pd.DataFrame, by: str, fallback: bool = False) -> Colouring:
    column = _grouped(events, by)
    column = column[column.notna() & (column.astype(str).str.strip() != "")]
    counts = column.value_counts(sort=True)
    # Ties in frequency are broken by name, so one file always gets one colouring.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    top = [str(name) for name, _ in ordered[: len(PALETTE)]]
    groups = [(name, PALETTE[i]) for i, name in enumerate(top)]
    if len(ordered) > len(top):
        groups.append((OTHER_LABEL, OTHER_COLOUR))
    if len(column) < len(events):
        groups.append((UNNAMED_LABEL, "#cfcfcf"))
    return Colouring(by, tuple(groups), fallback=fallback)


def _death_bands(fatalities: pd.Series) -> pd.Series:
    deaths = pd.to_numeric(fatalities, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    out = np.full(len(deaths), NOT_REPORTED[0], dtype=object)
    for label, low, high, _ in DEATH_BANDS:
        out[(deaths >= low) & (deaths <= high)] = label
    return pd.Series(out, index=fatalities.index, dtype=object)
