"""The dashboard's view: what is filtered, what is selected, where the map looks.

One :class:`ViewState` is the whole view. It lives in the URL query string so
that a shared link opens exactly the same view, which makes this the one
module that applies the view to the events (:func:`apply`), says in words
what is shown (:func:`describe`) and encodes it to and from query parameters
(:func:`to_query_params`, :func:`from_query_params`). Like datasette's
filters, each filter knows how to apply itself and how to describe itself.

Links outlive the data they were made for and people edit them by hand, so
decoding never raises: a value that is junk or stale (an unknown actor, a bad
date, an event that no longer exists, a zoom of 400) is dropped on its own,
with a :class:`Notice` saying which parameter, which value and why, and the
rest of the view still applies.

Decisions:

- A list parameter is repeated (``?actor=A&actor=B``), which is what
  Streamlit's ``st.query_params`` writes for a list. Values are never split
  on commas: actor names contain commas.
- Values are matched against the data's own values exactly first, then
  ignoring case and surrounding spaces, then ignoring accents, apostrophe
  variants, hyphens and "al-" (for hand-typed links); the data's spelling is
  kept. A value that matches several known values is ignored with a notice.
- ``from`` after ``to`` is taken as the two typed the wrong way round: they
  are swapped, with a notice. Dates outside the data's range are kept (the
  view then shows nothing, which is true), not clamped.
- A parameter given more than once where one value is expected keeps the
  last value, as ``st.query_params[key]`` does, and reports the others.
- A blank value is the same as no value and is not reported.
- ``embed`` and ``embed_options`` belong to Streamlit and are ignored
  silently; any other unknown parameter is reported.
- ``side`` filters on ``actor1``, the side that carried the event out, which
  is also what colours a marker: choosing a side shows the markers of that
  colour. ``actor`` matches ``actor1`` or ``actor2``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property, partial

import numpy as np
import pandas as pd

from events import schema
from events.sides import SIDES, normalise_actor, sides_for

MIN_ZOOM = 1
MAX_ZOOM = 18
MAX_TEXT_LENGTH = 200
# No name, date or number is this long; longer values are not even looked at.
MAX_VALUE_LENGTH = 1000
CENTER_DECIMALS = 4
# How many values a description names before saying "and N more".
LISTED_VALUES = 3

# The columns that the free-text search looks in.
TEXT_COLUMNS: tuple[str, ...] = ("location", "actor1", "actor2", "notes", "admin1")

# Query parameter keys. Short, and stable: changing one breaks shared links.
PARAM_FROM = "from"
PARAM_TO = "to"
PARAM_TEXT = "q"
PARAM_EVENT = "event"
PARAM_CENTER = "center"
PARAM_ZOOM = "zoom"
# Parameters that Streamlit itself puts in the URL.
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})


@dataclass(frozen=True)
class _ListFilter:
    """One multi-valued filter: its field, its URL key and how to name it."""

    field: str
    param: str
    noun: str  # how a notice names one value: "unknown actor 'Foo' ignored"
    label: str  # how describe() introduces one value: "actor: Iran"
    labels: str  # ... and several: "actors: Iran and Israel"
    column: str


LIST_FILTERS: tuple[_ListFilter, ...] = (
    _ListFilter("actors", "actor", "actor", "actor", "actors", "actor1"),
    _ListFilter("event_types", "type", "event type", "type", "types", "event_type"),
    _ListFilter(
        "sub_event_types", "sub", "sub-event type", "sub-type", "sub-types", "sub_event_type"
    ),
    _ListFilter("countries", "country", "country", "in", "in", "country"),
    _ListFilter(
        "attributions", "attr", "attribution", "attribution", "attributions", "attribution"
    ),
    _ListFilter("sides", "side", "side", "side", "sides", "actor1"),
)
# Values that are valid in general but may be absent from one dataset: a
# link naming one is stale rather than mistyped, and the notice says so.
_KNOWN_IN_GENERAL: dict[str, frozenset[str]] = {
    "event_types": frozenset(v.casefold() for v in schema.EVENT_TYPES),
    "sub_event_types": frozenset(v.casefold() for v in schema.ALL_SUB_EVENT_TYPES),
    "attributions": frozenset(v.casefold() for v in schema.ATTRIBUTIONS),
    "sides": frozenset(v.casefold() for v in (*SIDES, *SIDES.values())),
}

PARAM_KEYS: tuple[str, ...] = (
    PARAM_FROM,
    PARAM_TO,
    *(f.param for f in LIST_FILTERS),
    PARAM_TEXT,
    PARAM_EVENT,
    PARAM_CENTER,
    PARAM_ZOOM,
)


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the dashboard shows.

    An empty tuple or ``None`` means "no filter on that field", so
    ``ViewState()`` is the whole dataset and encodes to an empty query
    string. ``selected``, ``center`` and ``zoom`` say where the user looks;
    they never filter.
    """

    date_from: date | None = None
    date_to: date | None = None
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

    def __post_init__(self) -> None:
        # Widgets hand over lists and timestamps; store tuples and dates so
        # that equal views compare (and cache) equal.
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if isinstance(value, datetime):
                object.__setattr__(self, name, value.date())
            elif value is not None and not isinstance(value, date):
                raise TypeError(f"ViewState.{name} must be a date or None, not {value!r}")
        for spec in LIST_FILTERS:
            value = getattr(self, spec.field)
            if isinstance(value, str):
                raise TypeError(
                    f"ViewState.{spec.field} must be a sequence of strings, "
                    f"not the string {value!r}"
                )
            if not isinstance(value, tuple):
                object.__setattr__(self, spec.field, tuple(value))
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
            or any(getattr(self, spec.field) for spec in LIST_FILTERS)
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

    @cached_property
    def _matchers(self) -> dict[str, _Matcher]:
        matchers = {
            spec.field: _Matcher(getattr(self, spec.field), tolerant=True)
            for spec in LIST_FILTERS
            if spec.field != "sides"
        }
        # Sides are named by key in URLs; a label typed by hand works too.
        matchers["sides"] = _Matcher(
            self.sides, aliases={SIDES[side]: side for side in self.sides}, tolerant=False
        )
        return matchers

    @cached_property
    def _event_matcher(self) -> _Matcher:
        return _Matcher(self.event_ids, tolerant=False)


def _distinct(series: pd.Series, mostly_unique: bool = False) -> frozenset[str]:
    """The column's non-blank values; ``unique()`` first unless nearly all differ."""
    values = series.dropna()
    if not mostly_unique:
        values = values.unique()
    return frozenset(v for v in np.asarray(values, dtype=object) if isinstance(v, str) and v)


def _sorted_names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values), key=lambda v: (v.casefold(), v)))


@dataclass(frozen=True)
class Notice:
    """A query parameter value that was not used, and why."""

    param: str
    value: str
    message: str

    def __str__(self) -> str:
        return self.message


def notice_text(notices: Sequence[Notice]) -> str:
    """The notices as plain text for display above the map; "" when there are none.

    The quoted values come from the URL, that is from whoever wrote the link:
    show this as text (``st.text``, ``st.caption`` with escaping), not as
    Markdown or HTML.
    """
    if not notices:
        return ""
    if len(notices) == 1:
        return f"Part of this link was not used: {notices[0].message}."
    lines = [f"{len(notices)} parts of this link were not used:"]
    lines += [f"- {notice.message}" for notice in notices]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Applying a view
# --------------------------------------------------------------------------


def apply(view: ViewState, df: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``df`` that the view shows, in their original order.

    Filters run one after the other on the rows that are still in, cheapest
    first (dates) and costliest last (free text), so each one reads fewer
    rows than the one before; rows are copied once, at the end. With no
    filter, ``df`` itself is returned.
    """
    tests = _row_tests(view)
    if not tests:
        return df
    rows = _RowsStillIn(df)
    for test in tests:
        rows.keep(test(rows))
        if rows.none_left:
            break
    return rows.frame()


class _RowsStillIn:
    """The rows that passed the filters so far; columns are read for those rows only."""

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df
        self._positions: np.ndarray | None = None  # None: every row

    def column(self, name: str) -> pd.Series:
        series = self._df[name]
        return series if self._positions is None else series.take(self._positions)

    def keep(self, mask: np.ndarray) -> None:
        """Keep the rows where ``mask`` (one entry per row still in) is true."""
        self._positions = np.flatnonzero(mask) if self._positions is None else self._positions[mask]

    @property
    def none_left(self) -> bool:
        return self._positions is not None and not len(self._positions)

    def frame(self) -> pd.DataFrame:
        return self._df if self._positions is None else self._df.take(self._positions)


_RowTest = Callable[[_RowsStillIn], np.ndarray]


def _row_tests(view: ViewState) -> list[_RowTest]:
    """One test per active filter, in the order they should run."""
    tests: list[_RowTest] = []
    if view.date_from is not None or view.date_to is not None:
        tests.append(partial(_in_dates, start=view.date_from, end=view.date_to))
    for spec in LIST_FILTERS:
        values = getattr(view, spec.field)
        if values and spec.field not in ("actors", "sides"):
            tests.append(partial(_column_is_any, column=spec.column, values=values))
    if view.actors:
        actors = view.actors
        tests.append(
            lambda rows: (
                _is_any(rows.column("actor1"), actors) | _is_any(rows.column("actor2"), actors)
            )
        )
    if view.sides:
        sides = view.sides
        tests.append(lambda rows: _bools(sides_for(rows.column("actor1")).isin(sides)))
    if view.text:
        needle = fold_text(view.text)
        if needle:
            tests.append(partial(_text_matches, needle=needle))
    return tests


def _in_dates(rows: _RowsStillIn, start: date | None, end: date | None) -> np.ndarray:
    dates = rows.column("event_date").to_numpy()
    mask = np.ones(len(dates), dtype=bool)
    if start is not None:
        mask &= dates >= np.datetime64(start)
    if end is not None and end < date.max:
        # "to" is inclusive: everything before the next midnight.
        mask &= dates < np.datetime64(end + timedelta(days=1))
    return mask


def _bools(result: pd.Series) -> np.ndarray:
    return result.to_numpy(dtype=bool, na_value=False)


def _column_is_any(rows: _RowsStillIn, column: str, values: Sequence[str]) -> np.ndarray:
    return _is_any(rows.column(column), values)


def _is_any(series: pd.Series, values: Sequence[str]) -> np.ndarray:
    """Which rows hold one of ``values``; NaN never matches.

    For one or two values, comparing is about three times faster than
    ``isin`` on pandas' string columns.
    """
    if len(values) <= 2:
        mask = _bools(series == values[0])
        for value in values[1:]:
            mask = mask | _bools(series == value)
        return mask
    return _bools(series.isin(values))


_COMBINING_MARKS = (
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)
_APOSTROPHES = "['\u2019\u2018`\u00b4\u02bc]"
_ASCII_APOSTROPHES = "['`]"
_COMBINING_RE = re.compile(_COMBINING_MARKS)
_APOSTROPHES_RE = re.compile(_APOSTROPHES)


def fold_text(text: str) -> str:
    """Fold text for searching: no case, no accents, no apostrophes.

    "Tåji", "TAJI" and "taji" fold alike, and so do "Kata’ib" and "Kataib":
    people type names the way they heard them.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return _APOSTROPHES_RE.sub("", _COMBINING_RE.sub("", decomposed).casefold())


def _text_matches(rows: _RowsStillIn, needle: str) -> np.ndarray:
    mask: np.ndarray | None = None
    for column in TEXT_COLUMNS:
        found = _folded_contains(rows.column(column), needle)
        mask = found if mask is None else mask | found
    return mask


def _folded_contains(series: pd.Series, needle: str) -> np.ndarray:
    """Which cells contain ``needle`` once folded with :func:`fold_text`.

    Folding a whole column costs a Unicode decomposition per cell, so only
    the cells that need it get it: plain ASCII cells are searched as they
    are, with a case-insensitive pattern that lets apostrophes sit between
    any two characters of the needle.
    """
    if needle.isascii():
        pattern = "(?i)" + f"{_ASCII_APOSTROPHES}*".join(_regex_char(c) for c in needle)
        mask = _bools(series.str.contains(pattern, regex=True, na=False)).copy()
    else:
        mask = np.zeros(len(series), dtype=bool)
    unusual = np.flatnonzero(~_bools(series.str.isascii()) & _bools(series.notna()))
    if len(unusual):
        folded = (
            series.take(unusual)
            .str.normalize("NFKD")
            .str.replace(_COMBINING_MARKS, "", regex=True)
            .str.casefold()
            .str.replace(_APOSTROPHES, "", regex=True)
        )
        mask[unusual] = _bools(folded.str.contains(needle, regex=False, na=False))
    return mask


def _regex_char(char: str) -> str:
    """One ASCII character as a pattern both Python's re and RE2 read literally."""
    return char if char.isalnum() else f"\\x{ord(char):02x}"


# --------------------------------------------------------------------------
# Describing a view
# --------------------------------------------------------------------------

_MONTHS = (
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
)
EN_DASH = "\u2013"


def describe(view: ViewState, all_df: pd.DataFrame, shown_df: pd.DataFrame) -> str:
    """One line in plain English saying what is shown.

    For example ``7 of 22 events in Iraq, 1–31 March 2020, actor: Kata'ib
    Hezbollah; 29 killed``. Without a date filter the dates are the span of
    the events shown.
    """
    total, shown = len(all_df), len(shown_df)
    if view.has_filters:
        head = f"{shown:,} of {_count(total, 'event', 'events')}"
    else:
        head = _count(shown, "event", "events")
    if view.countries:
        head += " in " + _listed(view.countries)

    parts = [head]
    dates = _describe_dates(view, shown_df)
    if dates:
        parts.append(dates)
    for spec in LIST_FILTERS:
        values = getattr(view, spec.field)
        if not values or spec.field == "countries":
            continue
        if spec.field == "sides":
            values = tuple(SIDES.get(side, side) for side in values)
        label = spec.label if len(values) == 1 else spec.labels
        parts.append(f"{label}: {_listed(values)}")
    if view.text:
        parts.append(f'matching "{view.text}"')
    line = ", ".join(parts)
    if shown:
        line += "; " + _describe_fatalities(shown_df)
    return line


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def _listed(values: Sequence[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 2 more'."""
    if len(values) == 1:
        return values[0]
    if len(values) <= LISTED_VALUES:
        return ", ".join(values[:-1]) + f" {conjunction} " + values[-1]
    return ", ".join(values[:LISTED_VALUES]) + f" and {len(values) - LISTED_VALUES} more"


def _describe_dates(view: ViewState, shown_df: pd.DataFrame) -> str:
    if view.date_from is not None and view.date_to is not None:
        return date_range_text(view.date_from, view.date_to)
    if view.date_from is not None:
        return f"from {_full_date(view.date_from)}"
    if view.date_to is not None:
        return f"until {_full_date(view.date_to)}"
    dates = shown_df["event_date"].dropna()
    if dates.empty:
        return ""
    return date_range_text(dates.min().date(), dates.max().date())


def date_range_text(start: date, end: date) -> str:
    """A date range written compactly: "1–31 March 2020", "11 March – 2 April 2020"."""
    if start == end:
        return _full_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}{EN_DASH}{end.day} {_MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} {EN_DASH} {_full_date(end)}"
    return f"{_full_date(start)} {EN_DASH} {_full_date(end)}"


def _full_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _describe_fatalities(shown_df: pd.DataFrame) -> str:
    figures = shown_df["fatalities"]
    missing = int(figures.isna().sum())
    if missing == len(figures):
        return "no fatality figures reported"
    killed = int(figures.sum(skipna=True))
    text = "no deaths reported" if killed == 0 else f"{killed:,} killed"
    if missing == 1:
        text += " (figure missing for 1 event)"
    elif missing:
        text += f" (figures missing for {missing:,} events)"
    return text


# --------------------------------------------------------------------------
# Query parameters
# --------------------------------------------------------------------------


def to_query_params(view: ViewState) -> dict[str, str | list[str]]:
    """The view as query parameters; a default field is left out.

    List filters are lists (one repeated key each), everything else a string,
    which is the shape ``st.query_params.from_dict`` takes.
    """
    params: dict[str, str | list[str]] = {}
    if view.date_from is not None:
        params[PARAM_FROM] = view.date_from.isoformat()
    if view.date_to is not None:
        params[PARAM_TO] = view.date_to.isoformat()
    for spec in LIST_FILTERS:
        values = getattr(view, spec.field)
        if values:
            params[spec.param] = list(values)
    if view.text:
        params[PARAM_TEXT] = view.text
    if view.selected is not None:
        params[PARAM_EVENT] = view.selected
    if view.center is not None:
        lat, lon = view.center
        params[PARAM_CENTER] = f"{_coordinate(lat)},{_coordinate(lon)}"
    if view.zoom is not None:
        params[PARAM_ZOOM] = str(view.zoom)
    return params


def filter_key(view: ViewState) -> tuple[tuple[str, str], ...]:
    """What decides which events are in view (not the selection or the map position).

    Hashable and stable, so caches of per-view work (the map's marker data)
    can be keyed by it.
    """
    params = to_query_params(replace(view, selected=None, center=None, zoom=None))
    return tuple(sorted((key, str(value)) for key, value in params.items()))


def _coordinate(value: float) -> str:
    text = f"{value:.{CENTER_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def from_query_params(
    params: Mapping[str, str | list[str]], vocab: Vocabulary
) -> tuple[ViewState, list[Notice]]:
    """The view a URL asks for, and a notice for every part that was not used.

    Never raises on any content of ``params``: each field is decoded on its
    own and a bad value costs only that value. Pass every value of a repeated
    key (``{k: st.query_params.get_all(k) for k in st.query_params}``);
    a plain string counts as one value.
    """
    notices: list[Notice] = []
    values_by_key: dict[str, list[str]] = {}
    for key, raw in params.items():
        if not isinstance(key, str):
            notices.append(
                Notice(str(key), "", f"parameter {_quote(str(key))} is not text; ignored")
            )
            continue
        if key in STREAMLIT_PARAMS:
            continue
        if key not in PARAM_KEYS:
            shown = _first_text(raw)
            notices.append(Notice(key, shown, f"unknown parameter {_quote(key)} ignored"))
            continue
        values_by_key[key] = _text_values(key, raw, notices)

    fields_: dict[str, object] = {}
    for key in (PARAM_FROM, PARAM_TO):
        value = _single(key, values_by_key.get(key, []), notices)
        if value is not None:
            day = _parse_date(key, value, notices)
            if day is not None:
                fields_["date_from" if key == PARAM_FROM else "date_to"] = day
    _order_dates(fields_, notices)

    matchers = vocab._matchers
    for spec in LIST_FILTERS:
        chosen: list[str] = []
        for value in values_by_key.get(spec.param, []):
            canonical = _match_value(
                spec.param,
                spec.noun,
                value,
                matchers[spec.field],
                notices,
                known_in_general=_KNOWN_IN_GENERAL.get(spec.field, frozenset()),
            )
            if canonical is not None and canonical not in chosen:
                chosen.append(canonical)
        fields_[spec.field] = tuple(chosen)

    text = _single(PARAM_TEXT, values_by_key.get(PARAM_TEXT, []), notices)
    if text is not None:
        checked = _check_text(text, notices)
        if checked:
            fields_["text"] = checked

    event = _single(PARAM_EVENT, values_by_key.get(PARAM_EVENT, []), notices)
    if event is not None:
        fields_["selected"] = _match_event(event, vocab, notices)

    center = _single(PARAM_CENTER, values_by_key.get(PARAM_CENTER, []), notices)
    if center is not None:
        fields_["center"] = _parse_center(center, notices)

    zoom = _single(PARAM_ZOOM, values_by_key.get(PARAM_ZOOM, []), notices)
    if zoom is not None:
        fields_["zoom"] = _parse_zoom(zoom, notices)

    return ViewState(**{k: v for k, v in fields_.items() if v is not None}), notices


def _text_values(key: str, raw: object, notices: list[Notice]) -> list[str]:
    """The non-blank text values of one parameter; anything else is reported."""
    items = list(raw) if isinstance(raw, list | tuple) else [raw]
    values = []
    for item in items:
        if isinstance(item, str):
            if len(item) > MAX_VALUE_LENGTH:
                notices.append(
                    Notice(
                        key,
                        item,
                        f"value of {len(item):,} characters in {_quote(key)} is longer than "
                        f"{MAX_VALUE_LENGTH:,}; ignored",
                    )
                )
            elif item.strip():
                values.append(item)
        elif item is not None:
            notices.append(
                Notice(
                    key,
                    str(item)[:100],
                    f"value of type {type(item).__name__} in {_quote(key)} is not text; ignored",
                )
            )
    return values


def _first_text(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list | tuple) and raw and isinstance(raw[0], str):
        return raw[0]
    return ""


def _single(key: str, values: list[str], notices: list[Notice]) -> str | None:
    """The last value of a parameter that takes one; earlier ones are reported."""
    if not values:
        return None
    last = values[-1]
    for earlier in values[:-1]:
        if earlier != last:
            notices.append(
                Notice(
                    key,
                    earlier,
                    f"{_quote(key)} is given more than once; {_quote(earlier)} ignored, "
                    f"the last value {_quote(last)} used",
                )
            )
    return last


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(key: str, value: str, notices: list[Notice]) -> date | None:
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        notices.append(
            Notice(key, value, f"date {_quote(value)} in {_quote(key)} is not YYYY-MM-DD; ignored")
        )
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        notices.append(
            Notice(key, value, f"date {_quote(value)} in {_quote(key)} is not a real date; ignored")
        )
        return None


def _order_dates(fields_: dict[str, object], notices: list[Notice]) -> None:
    start, end = fields_.get("date_from"), fields_.get("date_to")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        fields_["date_from"], fields_["date_to"] = end, start
        notices.append(
            Notice(
                PARAM_FROM,
                start.isoformat(),
                f"'from' {start.isoformat()} is after 'to' {end.isoformat()}; swapped them",
            )
        )


def _check_text(value: str, notices: list[Notice]) -> str | None:
    text = value.strip()
    if len(text) > MAX_TEXT_LENGTH:
        notices.append(
            Notice(
                PARAM_TEXT,
                value,
                f"search text of {len(text):,} characters is longer than "
                f"{MAX_TEXT_LENGTH}; ignored",
            )
        )
        return None
    if any(unicodedata.category(c) == "Cc" for c in text):
        notices.append(
            Notice(
                PARAM_TEXT,
                value,
                f"search text {_quote(value)} contains control characters; ignored",
            )
        )
        return None
    return text


def _match_event(value: str, vocab: Vocabulary, notices: list[Notice]) -> str | None:
    return _match_value(PARAM_EVENT, "event", value, vocab._event_matcher, notices)


_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_CENTER = re.compile(rf"\s*({_DECIMAL})\s*,\s*({_DECIMAL})\s*")


def _parse_center(value: str, notices: list[Notice]) -> tuple[float, float] | None:
    found = _CENTER.fullmatch(value)
    if not found:
        notices.append(
            Notice(
                PARAM_CENTER,
                value,
                f"center {_quote(value)} is not 'latitude,longitude' in decimal degrees; ignored",
            )
        )
        return None
    degrees = []
    for group, name, limit in ((1, "latitude", 90), (2, "longitude", 180)):
        number = float(found.group(group))
        if not (math.isfinite(number) and -limit <= number <= limit):
            notices.append(
                Notice(
                    PARAM_CENTER,
                    value,
                    f"{name} {_quote(found.group(group))} in 'center' "
                    f"is outside -{limit}..{limit}; ignored",
                )
            )
            return None
        # + 0.0 turns -0.0 into 0.0, so that the view prints as it compares.
        degrees.append(round(number, CENTER_DECIMALS) + 0.0)
    return degrees[0], degrees[1]


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def _parse_zoom(value: str, notices: list[Notice]) -> int | None:
    text = value.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        notices.append(
            Notice(PARAM_ZOOM, value, f"zoom {_quote(value)} is not a whole number; ignored")
        )
        return None
    # Compare as text first: int() refuses strings of thousands of digits.
    zoom = int(text) if len(text.lstrip("+-").lstrip("0")) <= 3 else None
    if zoom is None or not MIN_ZOOM <= zoom <= MAX_ZOOM:
        notices.append(
            Notice(
                PARAM_ZOOM,
                value,
                f"zoom {_quote(value)} is outside {MIN_ZOOM}..{MAX_ZOOM}; ignored",
            )
        )
        return None
    return zoom


class _Matcher:
    """Finds the data's spelling of a value typed in a URL.

    Tries an exact match, then one ignoring case and surrounding spaces,
    then (when ``tolerant``) one ignoring accents, apostrophes, hyphens and
    "al-". The looser indexes are built on first use: an exact hit, which is
    what every link the app wrote gives, costs one set lookup.
    """

    def __init__(
        self,
        values: Iterable[str],
        aliases: Mapping[str, str] | None = None,
        tolerant: bool = False,
    ) -> None:
        self._values = values if isinstance(values, frozenset) else frozenset(values)
        self._aliases = dict(aliases or {})
        self._tolerant = tolerant

    def find(self, value: str) -> tuple[str | None, tuple[str, ...]]:
        """(the canonical value, ()) or (None, the candidates when ambiguous)."""
        if value in self._values:
            return value, ()
        for index, key in ((self._by_case, _case_key), (self._by_form, _form_key)):
            if index is None:
                continue
            candidates = index.get(key(value), ())
            if len(candidates) == 1:
                return candidates[0], ()
            if candidates:
                return None, candidates
        return None, ()

    @cached_property
    def _by_case(self) -> dict[str, tuple[str, ...]]:
        return _index(self._values, self._aliases, _case_key)

    @cached_property
    def _by_form(self) -> dict[str, tuple[str, ...]] | None:
        if not self._tolerant:
            return None
        return _index(self._values, self._aliases, _form_key)


def _case_key(value: str) -> str:
    return value.strip().casefold()


def _form_key(value: str) -> str:
    return normalise_actor(value)


def _index(values, aliases, key) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for value in values:
        index.setdefault(key(value), []).append(value)
    for alias, value in aliases.items():
        index.setdefault(key(alias), []).append(value)
    return {k: tuple(sorted(set(v))) for k, v in index.items() if k}


def _match_value(
    key: str,
    noun: str,
    value: str,
    matcher: _Matcher,
    notices: list[Notice],
    known_in_general: frozenset[str] = frozenset(),
) -> str | None:
    canonical, candidates = matcher.find(value)
    if canonical is not None:
        return canonical
    if candidates:
        listed = _listed([_quote(c) for c in candidates], conjunction="or")
        notices.append(Notice(key, value, f"{noun} {_quote(value)} could be {listed}; ignored"))
    elif key == PARAM_EVENT:
        notices.append(
            Notice(key, value, f"event {_quote(value)} does not exist in this dataset; ignored")
        )
    elif _case_key(value) in known_in_general:
        notices.append(
            Notice(key, value, f"{noun} {_quote(value)} does not occur in this dataset; ignored")
        )
    else:
        notices.append(Notice(key, value, f"unknown {noun} {_quote(value)} ignored"))
    return None


_QUOTED_MAX = 60


def _quote(value: str) -> str:
    """A value fit for a message: quoted, shortened, control characters escaped."""
    if len(value) > _QUOTED_MAX:
        value = value[: _QUOTED_MAX - 1] + "…"
    shown = "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c)[0] == "C" else c
        for c in value
    )
    return f"'{shown}'"
