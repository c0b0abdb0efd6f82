"""The filters: each one applies itself, says itself in words and carries its own URL keys.

As in datasette's ``filters.py``, a filter is an object that knows how to
leave rows out (:meth:`Filter.mask`), how to say what it did in plain English
(:meth:`Filter.words`) and how it is written in a link (:meth:`Filter.to_params`,
:meth:`Filter.from_params`). :data:`FILTERS` lists them once, in the order
their keys appear in a link; :func:`apply` and :func:`describe` iterate it
and know no filter by name.

Decisions:

- Filters run on the rows still in, cheapest first (dates) and costliest
  last (free text): each filter's ``cost`` ranks it, so every one reads fewer
  rows than the one before.
- ``actor`` matches ``actor1`` or ``actor2``: either party.
- ``side`` filters on the side of ``actor1``, the party that carried the
  event out, which is also what colours a marker: choosing a side shows the
  markers of that colour.
- Free text is searched in :data:`TEXT_COLUMNS` after folding case, accents
  and apostrophes with :func:`textfold.fold_text`, the fold that actor
  matching and place lookup use too.
- Each filter also says its rule as an Ibis expression (:meth:`Filter.expr`),
  beside its pandas mask, so that the same view runs in an engine
  (:mod:`events.engine`). Python-only matching (folding, sides) is read from
  columns precomputed at load (:func:`folded_column`, :data:`SIDE_COLUMN`);
  tests check that the mask and the expression keep the same rows.
- Reading a link is the job of :mod:`events.links`; a filter reads its own
  keys through the :class:`events.links.Query` it is handed, so that every
  message about a link is worded and quoted in one place.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from events import schema, timewindow
from events.sides import SIDES, sides_for
from textfold import ASCII_APOSTROPHES, fold_text

if TYPE_CHECKING:
    from events.links import Query
    from events.view import ViewState, Vocabulary

MAX_TEXT_LENGTH = 200
# How many values a description names before saying "and N more".
LISTED_VALUES = 3
# The columns that the free-text search looks in.
TEXT_COLUMNS: tuple[str, ...] = ("location", "actor1", "actor2", "notes", "admin1")

# Query parameter keys. Short, and stable: changing one breaks shared links.
PARAM_FROM = "from"
PARAM_TO = "to"
PARAM_TEXT = "q"
# The engine's copy of the events holds the side of ``actor1`` and each text
# column folded, computed once at load by the project's own Python rules.
SIDE_COLUMN = "actor1_side"

Params = dict[str, str | list[str]]


class RowsStillIn:
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


class Filter(ABC):
    """One way of leaving events out, with its words and its URL keys."""

    #: The URL keys this filter reads and writes, in the order links list them.
    keys: tuple[str, ...]
    #: Rank in :func:`apply`: lower runs first, on more rows.
    cost: int
    #: Whether its words continue the count ("7 of 22 events in Iraq")
    #: rather than follow it after a comma.
    in_head: bool = False

    @abstractmethod
    def active(self, view: ViewState) -> bool:
        """Whether the view leaves events out by this filter."""

    @abstractmethod
    def mask(self, view: ViewState, rows: RowsStillIn) -> np.ndarray:
        """One boolean per row still in: which of them the filter keeps."""

    @abstractmethod
    def expr(self, view: ViewState, table):
        """The same rule as :meth:`mask`, as a boolean Ibis expression over ``table``."""

    @abstractmethod
    def words(self, view: ViewState, shown: pd.DataFrame) -> str:
        """The filter in words for the summary line; "" when there is nothing to say."""

    def summary_words(self, view: ViewState, totals: Totals) -> str:
        """:meth:`words` from the totals of the events shown rather than the events themselves."""
        return self.words(view, _NO_ROWS)

    @abstractmethod
    def to_params(self, view: ViewState) -> Params:
        """The filter's query parameters; none when it is off."""

    @abstractmethod
    def from_params(self, query: Query) -> dict[str, object]:
        """The ViewState fields this filter reads from a link; notices go to ``query``."""


# --------------------------------------------------------------------------
# Values of a column: event type, country, actor, side ...
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ValuesFilter(Filter):
    """Keeps events whose value is one of those chosen; the common part of the list filters.

    ``field`` names both the ViewState field that holds the choice and the
    Vocabulary field that lists the values a link may name.
    """

    field: str
    key: str
    noun: str  # how a notice names one value: "unknown actor 'Foo' ignored"
    one: str  # words for one value, "{}" standing for it: "actor: {}"
    many: str  # ... and for several: "actors: {}"
    cost: int = 1
    in_head: bool = False
    # Values that are valid in general but may be absent from one dataset: a
    # link naming one is stale rather than mistyped, and the notice says so.
    known_in_general: frozenset[str] = frozenset()
    # Whether a hand-typed value may differ from the data's by accents,
    # apostrophes, hyphens and "al-", not only by case and spaces.
    tolerant: bool = True

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key,)

    def values(self, view: ViewState) -> tuple[str, ...]:
        return getattr(view, self.field)

    def active(self, view: ViewState) -> bool:
        return bool(self.values(view))

    def words(self, view: ViewState, shown: pd.DataFrame) -> str:
        values = self.values(view)
        if not values:
            return ""
        template = self.one if len(values) == 1 else self.many
        return template.format(listed(self.shown_values(values)))

    def shown_values(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """How the chosen values read in a description."""
        return values

    def to_params(self, view: ViewState) -> Params:
        values = self.values(view)
        return {self.key: list(values)} if values else {}

    def from_params(self, query: Query) -> dict[str, object]:
        return {self.field: query.choose(self)}

    def aliases(self, vocab: Vocabulary) -> Mapping[str, str]:
        """Other names a link may use for a value: {alias: value}."""
        return {}


@dataclass(frozen=True)
class ListFilter(ValuesFilter):
    """Keeps events whose ``column`` holds one of the chosen values."""

    column: str = dataclasses.field(kw_only=True)

    def mask(self, view: ViewState, rows: RowsStillIn) -> np.ndarray:
        return _is_any(rows.column(self.column), self.values(view))

    def expr(self, view: ViewState, table):
        return table[self.column].isin(list(self.values(view)))


@dataclass(frozen=True)
class ActorFilter(ValuesFilter):
    """Keeps events where either party, ``actor1`` or ``actor2``, is one of the chosen actors."""

    columns: tuple[str, ...] = ("actor1", "actor2")
    cost: int = 2

    def mask(self, view: ViewState, rows: RowsStillIn) -> np.ndarray:
        actors = self.values(view)
        mask = _is_any(rows.column(self.columns[0]), actors)
        for column in self.columns[1:]:
            mask = mask | _is_any(rows.column(column), actors)
        return mask

    def expr(self, view: ViewState, table):
        actors = list(self.values(view))
        found = table[self.columns[0]].isin(actors)
        for column in self.columns[1:]:
            # A blank party never matches: SQL's NULL would leave the OR unknown.
            found = found | table[column].isin(actors).fill_null(False)
        return found.fill_null(False)


@dataclass(frozen=True)
class SideFilter(ValuesFilter):
    """Keeps events carried out by one of the chosen sides: the side of ``actor1``.

    Sides are named by key in links ("iran"); their label ("Iran and aligned
    groups") is accepted too and is what a description says.
    """

    column: str = "actor1"
    cost: int = 3
    tolerant: bool = False

    def mask(self, view: ViewState, rows: RowsStillIn) -> np.ndarray:
        return _bools(sides_for(rows.column(self.column)).isin(self.values(view)))

    def expr(self, view: ViewState, table):
        return table[SIDE_COLUMN].isin(list(self.values(view)))

    def shown_values(self, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(SIDES.get(side, side) for side in values)

    def aliases(self, vocab: Vocabulary) -> Mapping[str, str]:
        return {SIDES[side]: side for side in vocab.sides if side in SIDES}


def _bools(result: pd.Series) -> np.ndarray:
    return result.to_numpy(dtype=bool, na_value=False)


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


def _casefolded(values) -> frozenset[str]:
    return frozenset(v.casefold() for v in values)


# --------------------------------------------------------------------------
# Dates
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


@dataclass(frozen=True)
class DateFilter(Filter):
    """Keeps events from ``date_from`` to ``date_to``, both days included.

    By default an event is in when its date is in the range. With
    ``view.date_overlap`` an event known only to the week or month is in
    when its window (:mod:`events.timewindow`) overlaps the range, so a
    month-precision event dated 15 March stays in a range of 1-5 March.
    Its words are the dates of the events shown when no date is chosen: the
    summary line always says when, and which rule kept the events.
    """

    keys: tuple[str, ...] = (PARAM_FROM, PARAM_TO)
    cost: int = 0

    def active(self, view: ViewState) -> bool:
        return view.date_from is not None or view.date_to is not None

    def mask(self, view: ViewState, rows: RowsStillIn) -> np.ndarray:
        dates = rows.column("event_date").to_numpy()
        mask = np.ones(len(dates), dtype=bool)
        half = None
        if view.date_overlap:
            half = timewindow.half_widths(rows.column("time_precision")).astype("timedelta64[D]")
        if view.date_from is not None:
            start = np.datetime64(view.date_from)
            mask &= (dates + half if half is not None else dates) >= start
        if view.date_to is not None and view.date_to < date.max:
            # "to" is inclusive: everything before the next midnight.
            end = np.datetime64(view.date_to + timedelta(days=1))
            mask &= (dates - half if half is not None else dates) < end
        return mask

    def expr(self, view: ViewState, table):
        if not view.date_overlap:
            return self._dated_expr(view, table["event_date"], 0)
        precision = table["time_precision"].fill_null(1)
        found = None
        for code, half in timewindow.HALF_WIDTH_DAYS.items():
            level = self._dated_expr(view, table["event_date"], half)
            level = level & ((precision == code) if code != 1 else ~precision.isin([2, 3]))
            found = level if found is None else found | level
        return found

    @staticmethod
    def _dated_expr(view: ViewState, column, half: int):
        found = column.notnull()
        if view.date_from is not None:
            start = datetime.combine(view.date_from - timedelta(days=half), time())
            found = found & (column >= start)
        if view.date_to is not None and view.date_to < date.max:
            end = datetime.combine(view.date_to + timedelta(days=1 + half), time())
            found = found & (column < end)
        return found

    def words(self, view: ViewState, shown: pd.DataFrame) -> str:
        return self.summary_words(view, Totals.of(shown))

    def summary_words(self, view: ViewState, totals: Totals) -> str:
        if view.date_from is not None and view.date_to is not None:
            text = date_range_text(view.date_from, view.date_to)
        elif view.date_from is not None:
            text = f"from {_full_date(view.date_from)}"
        elif view.date_to is not None:
            text = f"until {_full_date(view.date_to)}"
        elif totals.first is None or totals.last is None:
            return ""
        else:
            return date_range_text(totals.first, totals.last)
        # The plain rule (events dated in the range) reads as the range alone,
        # as links made before the choice existed always did.
        if view.date_overlap:
            return f"{text}, with events whose week or month overlaps it"
        return text

    def to_params(self, view: ViewState) -> Params:
        params: Params = {}
        if view.date_from is not None:
            params[PARAM_FROM] = view.date_from.isoformat()
        if view.date_to is not None:
            params[PARAM_TO] = view.date_to.isoformat()
        return params

    def from_params(self, query: Query) -> dict[str, object]:
        """The two dates; ``from`` after ``to`` is taken as typed the wrong way round."""
        start, end = query.date(PARAM_FROM), query.date(PARAM_TO)
        if start is not None and end is not None and start > end:
            query.report(
                PARAM_FROM,
                start.isoformat(),
                f"'from' {start.isoformat()} is after 'to' {end.isoformat()}; swapped them",
            )
            start, end = end, start
        return {"date_from": start, "date_to": end}


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


# --------------------------------------------------------------------------
# Free text
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextFilter(Filter):
    """Keeps events whose text columns contain the search text, folded as names are."""

    key: str = PARAM_TEXT
    columns: tuple[str, ...] = TEXT_COLUMNS
    cost: int = 4

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key,)

    def active(self, view: ViewState) -> bool:
        # Text that folds to nothing (an apostrophe alone) leaves nothing out.
        return bool(fold_text(view.text))

    def mask(self, view: ViewState, rows: RowsStillIn) -> np.ndarray:
        needle = fold_text(view.text)
        mask = _folded_contains(rows.column(self.columns[0]), needle)
        for column in self.columns[1:]:
            mask = mask | _folded_contains(rows.column(column), needle)
        return mask

    def expr(self, view: ViewState, table):
        needle = fold_text(view.text)
        found = table[folded_column(self.columns[0])].contains(needle).fill_null(False)
        for column in self.columns[1:]:
            found = found | table[folded_column(column)].contains(needle).fill_null(False)
        return found

    def words(self, view: ViewState, shown: pd.DataFrame) -> str:
        return f'matching "{view.text}"' if view.text else ""

    def to_params(self, view: ViewState) -> Params:
        return {self.key: view.text} if view.text else {}

    def from_params(self, query: Query) -> dict[str, object]:
        value = query.single(self.key)
        if value is None:
            return {}
        text = value.strip()
        if len(text) > MAX_TEXT_LENGTH:
            query.report(
                self.key,
                value,
                f"search text of {len(text):,} characters is longer than "
                f"{MAX_TEXT_LENGTH}; ignored",
            )
            return {}
        if any(unicodedata.category(c) == "Cc" for c in text):
            query.report(
                self.key,
                value,
                f"search text {query.quote(value)} contains control characters; ignored",
            )
            return {}
        return {"text": text} if text else {}


def folded_column(column: str) -> str:
    """The name of the engine column that holds ``column`` folded by :func:`textfold.fold_text`."""
    return f"{column}_folded"


_ASCII_APOSTROPHES_PATTERN = "[" + "".join(f"\\x{ord(c):02x}" for c in ASCII_APOSTROPHES) + "]*"


def _folded_contains(series: pd.Series, needle: str) -> np.ndarray:
    """Which cells contain ``needle`` once folded with :func:`textfold.fold_text`.

    Folding a whole column costs a Unicode normalisation per cell, so only
    the cells that need it get it: plain ASCII cells are searched as they
    are, with a case-insensitive pattern that lets apostrophes sit between
    any two characters of the needle. The other cells are folded once per
    distinct value.
    """
    if needle.isascii():
        pattern = "(?i)" + _ASCII_APOSTROPHES_PATTERN.join(_regex_char(c) for c in needle)
        mask = _bools(series.str.contains(pattern, regex=True, na=False)).copy()
    else:
        mask = np.zeros(len(series), dtype=bool)
    unusual = np.flatnonzero(~_bools(series.str.isascii()) & _bools(series.notna()))
    if len(unusual):
        codes, distinct = pd.factorize(series.take(unusual))
        found = np.fromiter(
            (needle in fold_text(value) for value in distinct), dtype=bool, count=len(distinct)
        )
        mask[unusual] = found[codes]
    return mask


def _regex_char(char: str) -> str:
    """One ASCII character as a pattern both Python's re and RE2 read literally."""
    return char if char.isalnum() else f"\\x{ord(char):02x}"


# --------------------------------------------------------------------------
# The registry, and what iterates it
# --------------------------------------------------------------------------

FILTERS: tuple[Filter, ...] = (
    DateFilter(),
    ActorFilter("actors", "actor", "actor", "actor: {}", "actors: {}"),
    ListFilter(
        "event_types",
        "type",
        "event type",
        "type: {}",
        "types: {}",
        known_in_general=_casefolded(schema.EVENT_TYPES),
        column="event_type",
    ),
    ListFilter(
        "sub_event_types",
        "sub",
        "sub-event type",
        "sub-type: {}",
        "sub-types: {}",
        known_in_general=_casefolded(schema.ALL_SUB_EVENT_TYPES),
        column="sub_event_type",
    ),
    ListFilter("countries", "country", "country", "in {}", "in {}", in_head=True, column="country"),
    ListFilter(
        "attributions",
        "attr",
        "attribution",
        "attribution: {}",
        "attributions: {}",
        known_in_general=_casefolded(schema.ATTRIBUTIONS),
        column="attribution",
    ),
    SideFilter(
        "sides",
        "side",
        "side",
        "side: {}",
        "sides: {}",
        known_in_general=_casefolded((*SIDES, *SIDES.values())),
    ),
    TextFilter(),
)
# The order in which apply() runs them; sorted() keeps ties in registry order.
_BY_COST: tuple[Filter, ...] = tuple(sorted(FILTERS, key=lambda f: f.cost))


def apply(view: ViewState, df: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``df`` that the view shows, in their original order.

    Filters run one after the other on the rows that are still in; rows are
    copied once, at the end. With no filter, ``df`` itself is returned.
    """
    active = [f for f in _BY_COST if f.active(view)]
    if not active:
        return df
    rows = RowsStillIn(df)
    for filter_ in active:
        rows.keep(filter_.mask(view, rows))
        if rows.none_left:
            break
    return rows.frame()


@dataclass(frozen=True)
class Totals:
    """What the summary line says about the events shown: worked out by pandas or an engine.

    ``first`` and ``last`` are the days of the earliest and latest event
    shown; ``missing`` counts events with no fatality figure, ``killed`` sums
    the others, ``unplaced`` counts events with no coordinates.
    """

    shown: int
    killed: int = 0
    missing: int = 0
    first: date | None = None
    last: date | None = None
    unplaced: int = 0

    @classmethod
    def of(cls, shown_df: pd.DataFrame) -> Totals:
        if not len(shown_df):
            return cls(0)
        dates = shown_df["event_date"].dropna()
        figures = shown_df["fatalities"]
        return cls(
            shown=len(shown_df),
            killed=int(figures.sum(skipna=True)),
            missing=int(figures.isna().sum()),
            first=dates.min().date() if len(dates) else None,
            last=dates.max().date() if len(dates) else None,
            # A table with no coordinates at all (a bare list of events) has none to miss.
            unplaced=int(shown_df["latitude"].isna().sum()) if "latitude" in shown_df else 0,
        )


_NO_ROWS = pd.DataFrame({"event_date": pd.Series([], dtype="datetime64[ns]")})


def describe(view: ViewState, all_df: pd.DataFrame, shown_df: pd.DataFrame) -> str:
    """One line in plain English saying what is shown.

    For example ``7 of 22 events in Iraq, 1–31 March 2020, actor: Kata'ib
    Hezbollah; 29 killed``: the count, then each filter's words. Without a
    date filter the dates are the span of the events shown.
    """
    return describe_totals(view, len(all_df), Totals.of(shown_df))


def describe_totals(view: ViewState, total: int, totals: Totals) -> str:
    """:func:`describe` from counts: ``total`` events in all, ``totals`` of those shown."""
    shown = totals.shown
    if view.has_filters:
        head = f"{shown:,} of {_count(total, 'event', 'events')}"
    else:
        head = _count(shown, "event", "events")
    head_words, tail_words = [head], []
    for filter_ in FILTERS:
        words = filter_.summary_words(view, totals)
        if words:
            (head_words if filter_.in_head else tail_words).append(words)
    line = ", ".join([" ".join(head_words), *tail_words])
    if shown:
        line += "; " + _describe_fatalities(totals)
    return line


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def listed(values: Sequence[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 2 more'."""
    if len(values) == 1:
        return values[0]
    if len(values) <= LISTED_VALUES:
        return ", ".join(values[:-1]) + f" {conjunction} " + values[-1]
    return ", ".join(values[:LISTED_VALUES]) + f" and {len(values) - LISTED_VALUES} more"


def _describe_fatalities(totals: Totals) -> str:
    missing = totals.missing
    if missing == totals.shown:
        return "no fatality figures reported"
    killed = totals.killed
    text = "no deaths reported" if killed == 0 else f"{killed:,} killed"
    if missing == 1:
        text += " (figure missing for 1 event)"
    elif missing:
        text += f" (figures missing for {missing:,} events)"
    return text


def expression(view: ViewState, table):
    """The rows of ``table`` (an Ibis table) that the view shows; ``table`` itself with no filter.

    The engine's counterpart of :func:`apply`, built from each filter's :meth:`Filter.expr`.
    """
    predicates = [f.expr(view, table) for f in _BY_COST if f.active(view)]
    return table.filter(*predicates) if predicates else table
