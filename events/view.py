"""The dashboard's view: what is filtered, what is selected, where the map looks.

One :class:`ViewState` is the whole view, a plain value that compares and
hashes by content, so that equal views cache alike. It lives in the URL
query string, so that a shared link opens exactly the same view.
:class:`Vocabulary` is what one events table lets a view name.

What works on a view lives beside it, one job per module:

- :mod:`events.filters`: applying the view to the events (``apply``) and
  saying in words what is shown (``describe``), one filter object per kind;
- :mod:`events.links`: the view to and from query parameters
  (``to_query_params``, ``from_query_params``, ``filter_key``), with a
  ``Notice`` for every part of a link that could not be used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from events.sides import SIDES, sides_for

# The fields that hold a choice of several values; each is one filter of
# events.filters.FILTERS and is named the same in Vocabulary.
LIST_FIELDS: tuple[str, ...] = (
    "actors",
    "event_types",
    "sub_event_types",
    "countries",
    "attributions",
    "sides",
)


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the dashboard shows.

    An empty tuple or ``None`` means "no filter on that field", so
    ``ViewState()`` is the whole dataset and encodes to an empty query
    string. ``selected``, ``center`` and ``zoom`` say where the user looks,
    ``chain``, ``chains_view`` and ``suggested`` what is drawn of the chains;
    they never filter.
    """

    date_from: date | None = None
    date_to: date | None = None
    # True: the date range keeps events whose window overlaps it (events.timewindow).
    date_overlap: bool = False
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    attributions: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    text: str = ""
    selected: str | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None
    # The reprisal chains: the chain picked (by any of its events' ids), the
    # Chains list shown, suggested links drawn. Like the selection, none filters.
    chain: str | None = None
    chains_view: bool = False
    suggested: bool = False
    # Playback (events.viewparams): the frame's last day, the step, the days
    # kept before it (0: all). Drawn in the browser; none filters.
    play_at: date | None = None
    play_step: str | None = None
    play_trail: int | None = None
    # What colour means on the map and the timeline (events.colouring.COLOUR_BY);
    # None is the default, side. Never filters.
    colour_by: str | None = None

    def __post_init__(self) -> None:
        # Widgets hand over lists and timestamps; store tuples and dates so
        # that equal views compare (and cache) equal.
        for name in ("date_from", "date_to", "play_at"):
            value = getattr(self, name)
            if isinstance(value, datetime):
                object.__setattr__(self, name, value.date())
            elif value is not None and not isinstance(value, date):
                raise TypeError(f"ViewState.{name} must be a date or None, not {value!r}")
        for name in LIST_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(
                    f"ViewState.{name} must be a sequence of strings, not the string {value!r}"
                )
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if self.center is not None:
            if len(self.center) != 2:
                raise ValueError(
                    f"ViewState.center must be (latitude, longitude), not {self.center!r}"
                )
            lat, lon = self.center
            object.__setattr__(self, "center", (float(lat), float(lon)))

    @property
    def has_filters(self) -> bool:
        """True when the view leaves some events out."""
        return bool(
            self.date_from is not None
            or self.date_to is not None
            or self.text
            or any(getattr(self, name) for name in LIST_FIELDS)
        )


@dataclass(frozen=True)
class Vocabulary:
    """The values a view may name, as found in one events table.

    A URL is checked against it: an actor that is not in the data is stale or
    mistyped. The dates are the data's span, for widgets' bounds.
    """

    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    attributions: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    event_ids: frozenset[str] = field(default_factory=frozenset)
    date_min: date | None = None
    date_max: date | None = None

    @classmethod
    def from_events(cls, df: pd.DataFrame) -> Vocabulary:
        actors = _distinct(df["actor1"]) | _distinct(df["actor2"])
        present_sides = set(sides_for(df["actor1"]).unique()) if len(df) else set()
        dates = df["event_date"].dropna()
        return cls(
            actors=_sorted_names(actors),
            event_types=_sorted_names(_distinct(df["event_type"])),
            sub_event_types=_sorted_names(_distinct(df["sub_event_type"])),
            countries=_sorted_names(_distinct(df["country"])),
            attributions=_sorted_names(_distinct(df["attribution"])),
            sides=tuple(side for side in SIDES if side in present_sides),
            event_ids=_distinct(df["event_id"], mostly_unique=True),
            date_min=dates.min().date() if len(dates) else None,
            date_max=dates.max().date() if len(dates) else None,
        )


def _distinct(series: pd.Series, mostly_unique: bool = False) -> frozenset[str]:
    """The column's non-blank values; ``unique()`` first unless nearly all differ."""
    values = series.dropna()
    if not mostly_unique:
        values = values.unique()
    return frozenset(v for v in np.asarray(values, dtype=object) if isinstance(v, str) and v)


def _sorted_names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values), key=lambda v: (v.casefold(), v)))
