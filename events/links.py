"""A view in a link and back: the query-string codec, and notices for what a link loses.

:func:`to_query_params` writes a :class:`~events.view.ViewState` as query
parameters and :func:`from_query_params` reads it back, so that a shared link
opens exactly the same view. Each filter of :data:`events.filters.FILTERS`
writes and reads its own keys; this module holds what is common to all of
them (the :class:`Query` being read, value matching, quoting, notices) and
the keys that say where the user looks rather than what is filtered
(``event``, ``center``, ``zoom``).

Links outlive the data they were made for and people edit them by hand, so
reading never raises: a value that is junk or stale (an unknown actor, a bad
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
"""

from __future__ import annotations

import math
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from events import viewparams
from events.colouring import COLOUR_BY
from events.filters import FILTERS, ValuesFilter, listed
from events.sides import normalise_actor
from events.view import ViewState, Vocabulary

# The map cannot be zoomed out further (`components.map.assembly.MIN_ZOOM`):
# a link asking for less would open on a view the map never shows.
MIN_ZOOM = 3
MAX_ZOOM = 18
# No name, date or number is this long; longer values are not even looked at.
MAX_VALUE_LENGTH = 1000
CENTER_DECIMALS = 4

# Keys of where the user looks. Short, and stable: changing one breaks shared links.
PARAM_EVENT = "event"
PARAM_CENTER = "center"
PARAM_ZOOM = "zoom"
# Keys of what is drawn of the reprisal chains (events.chains).
PARAM_CHAIN = "chain"  # any event id of the chain picked
PARAM_CHAINS_VIEW = "chains"  # "1": the Chains list is open
PARAM_SUGGESTED = "suggested"  # "1": suggested links are drawn
PARAM_COLOUR = "colour_by"  # what colour means: a key of events.colouring.COLOUR_BY
_FLAG_WORDS = {"1": True, "true": True, "yes": True, "on": True}
_FLAG_WORDS |= {"0": False, "false": False, "no": False, "off": False}
# Parameters that Streamlit itself puts in the URL.
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})

PARAM_KEYS: tuple[str, ...] = (
    *(key for filter_ in FILTERS for key in filter_.keys),
    PARAM_EVENT,
    PARAM_CENTER,
    PARAM_ZOOM,
    PARAM_CHAIN,
    PARAM_CHAINS_VIEW,
    PARAM_SUGGESTED,
    PARAM_COLOUR,
    *viewparams.KEYS,
)


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
# Writing a link
# --------------------------------------------------------------------------


def to_query_params(view: ViewState) -> dict[str, str | list[str]]:
    """The view as query parameters; a default field is left out.

    List filters are lists (one repeated key each), everything else a string,
    which is the shape ``st.query_params.from_dict`` takes.
    """
    params: dict[str, str | list[str]] = {}
    for filter_ in FILTERS:
        params.update(filter_.to_params(view))
    if view.selected is not None:
        params[PARAM_EVENT] = view.selected
    if view.center is not None:
        lat, lon = view.center
        params[PARAM_CENTER] = f"{_coordinate(lat)},{_coordinate(lon)}"
    if view.zoom is not None:
        params[PARAM_ZOOM] = str(view.zoom)
    if view.chain is not None:
        params[PARAM_CHAIN] = view.chain
    if view.chains_view:
        params[PARAM_CHAINS_VIEW] = "1"
    if view.suggested:
        params[PARAM_SUGGESTED] = "1"
    if view.colour_by is not None:
        params[PARAM_COLOUR] = view.colour_by
    params.update(viewparams.to_params(view))
    return params


def filter_key(view: ViewState) -> tuple[tuple[str, str], ...]:
    """What decides which events are in view (not the selection or the map position).

    Hashable and stable, so caches of per-view work (the map's marker data)
    can be keyed by it: two views with the same key show the same events.
    """
    where = {"selected": None, "center": None, "zoom": None, "chain": None}
    where |= {"play_at": None, "play_step": None, "play_trail": None, "colour_by": None}
    params = to_query_params(replace(view, **where, chains_view=False, suggested=False))
    return tuple(sorted((key, str(value)) for key, value in params.items()))


def _coordinate(value: float) -> str:
    text = f"{value:.{CENTER_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------
# Reading a link
# --------------------------------------------------------------------------


def from_query_params(
    params: Mapping[str, str | list[str]], vocab: Vocabulary
) -> tuple[ViewState, list[Notice]]:
    """The view a URL asks for, and a notice for every part that was not used.

    Never raises on any content of ``params``: each field is decoded on its
    own and a bad value costs only that value. Pass every value of a repeated
    key (``{k: st.query_params.get_all(k) for k in st.query_params}``);
    a plain string counts as one value.
    """
    query = Query(params, vocab)
    fields: dict[str, object] = {}
    for filter_ in FILTERS:
        fields.update(filter_.from_params(query))

    event = query.single(PARAM_EVENT)
    if event is not None:
        fields["selected"] = _match_event(event, query)

    center = query.single(PARAM_CENTER)
    if center is not None:
        fields["center"] = _parse_center(center, query)

    zoom = query.single(PARAM_ZOOM)
    if zoom is not None:
        fields["zoom"] = _parse_zoom(zoom, query)

    chain = query.single(PARAM_CHAIN)
    if chain is not None:
        fields["chain"] = _match_event(chain, query, PARAM_CHAIN)
    for key, name in ((PARAM_CHAINS_VIEW, "chains_view"), (PARAM_SUGGESTED, "suggested")):
        flag = query.single(key)
        if flag is not None:
            fields[name] = _parse_flag(key, flag, query)
    colour = query.single(PARAM_COLOUR)
    if colour is not None:
        fields["colour_by"] = _parse_colour(colour, query)
    fields.update(viewparams.from_params(query))

    view = ViewState(**{k: v for k, v in fields.items() if v is not None})
    return view, query.notices


_QUOTED_MAX = 60


def quote(value: str) -> str:
    """A value fit for a message: quoted, shortened, control characters escaped."""
    if len(value) > _QUOTED_MAX:
        value = value[: _QUOTED_MAX - 1] + "…"
    shown = "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c)[0] == "C" else c
        for c in value
    )
    return f"'{shown}'"


# Matchers are built once per vocabulary, on first use, and go with it.
_MATCHERS: weakref.WeakKeyDictionary[Vocabulary, dict[str, Matcher]] = weakref.WeakKeyDictionary()


def _matchers_of(vocab: Vocabulary) -> dict[str, Matcher]:
    try:
        return _MATCHERS.setdefault(vocab, {})
    except TypeError:  # a Vocabulary built by hand with lists: not hashable, not cached
        return {}


class Query:
    """One link being read: its text values by key, and a notice for every part not used.

    Filters read their own keys through it (:meth:`single`, :meth:`date`,
    :meth:`choose`) and report what they cannot use (:meth:`report`), so
    that every message about a link is worded and quoted here.
    """

    def __init__(self, params: Mapping[str, str | list[str]], vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.notices: list[Notice] = []
        self._values: dict[str, list[str]] = {}
        self._matchers = _matchers_of(vocab)
        for key, raw in params.items():
            if not isinstance(key, str):
                self.report(str(key), "", f"parameter {quote(str(key))} is not text; ignored")
                continue
            if key in STREAMLIT_PARAMS:
                continue
            if key not in PARAM_KEYS:
                self.report(key, _first_text(raw), f"unknown parameter {quote(key)} ignored")
                continue
            self._values[key] = self._text_values(key, raw)

    #: How messages quote a value from the link.
    quote = staticmethod(quote)

    def report(self, key: str, value: str, message: str) -> None:
        """Note that ``value`` of ``key`` was not used, and why."""
        self.notices.append(Notice(key, value, message))

    def values(self, key: str) -> list[str]:
        """Every non-blank text value of ``key``, in the link's order."""
        return self._values.get(key, [])

    def single(self, key: str) -> str | None:
        """The last value of a parameter that takes one; earlier ones are reported."""
        values = self.values(key)
        if not values:
            return None
        last = values[-1]
        for earlier in values[:-1]:
            if earlier != last:
                self.report(
                    key,
                    earlier,
                    f"{quote(key)} is given more than once; {quote(earlier)} ignored, "
                    f"the last value {quote(last)} used",
                )
        return last

    def date(self, key: str) -> date | None:
        """The single value of ``key`` as a YYYY-MM-DD date."""
        value = self.single(key)
        if value is None:
            return None
        text = value.strip()
        if not _ISO_DATE.fullmatch(text):
            self.report(
                key, value, f"date {quote(value)} in {quote(key)} is not YYYY-MM-DD; ignored"
            )
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.report(
                key, value, f"date {quote(value)} in {quote(key)} is not a real date; ignored"
            )
            return None

    def choose(self, spec: ValuesFilter) -> tuple[str, ...]:
        """The values of a list filter's key, each in the data's spelling, once each."""
        matcher = self.matcher(
            spec.key,
            lambda: Matcher(
                getattr(self.vocab, spec.field),
                aliases=spec.aliases(self.vocab),
                tolerant=spec.tolerant,
            ),
        )
        chosen: list[str] = []
        for value in self.values(spec.key):
            canonical, candidates = matcher.find(value)
            if canonical is None:
                self._report_unmatched(spec, value, candidates)
            elif canonical not in chosen:
                chosen.append(canonical)
        return tuple(chosen)

    def matcher(self, name: str, build: Callable[[], Matcher]) -> Matcher:
        """The vocabulary's matcher called ``name``, built by ``build()`` on first use."""
        found = self._matchers.get(name)
        if found is None:
            found = self._matchers[name] = build()
        return found

    def _report_unmatched(
        self, spec: ValuesFilter, value: str, candidates: tuple[str, ...]
    ) -> None:
        noun = spec.noun
        if candidates:
            shown = listed([quote(c) for c in candidates], conjunction="or")
            message = f"{noun} {quote(value)} could be {shown}; ignored"
        elif _case_key(value) in spec.known_in_general:
            message = f"{noun} {quote(value)} does not occur in this dataset; ignored"
        else:
            message = f"unknown {noun} {quote(value)} ignored"
        self.report(spec.key, value, message)

    def _text_values(self, key: str, raw: object) -> list[str]:
        """The non-blank text values of one parameter; anything else is reported."""
        items = list(raw) if isinstance(raw, list | tuple) else [raw]
        values = []
        for item in items:
            if isinstance(item, str):
                if len(item) > MAX_VALUE_LENGTH:
                    self.report(
                        key,
                        item,
                        f"value of {len(item):,} characters in {quote(key)} is longer than "
                        f"{MAX_VALUE_LENGTH:,}; ignored",
                    )
                elif item.strip():
                    values.append(item)
            elif item is not None:
                self.report(
                    key,
                    str(item)[:100],
                    f"value of type {type(item).__name__} in {quote(key)} is not text; ignored",
                )
        return values


def _first_text(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list | tuple) and raw and isinstance(raw[0], str):
        return raw[0]
    return ""


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _match_event(value: str, query: Query, key: str = PARAM_EVENT) -> str | None:
    matcher = query.matcher(PARAM_EVENT, lambda: Matcher(query.vocab.event_ids, tolerant=False))
    canonical, candidates = matcher.find(value)
    if canonical is not None:
        return canonical
    noun = "event" if key == PARAM_EVENT else f"{quote(key)}: event"
    if candidates:
        shown = listed([quote(c) for c in candidates], conjunction="or")
        query.report(key, value, f"{noun} {quote(value)} could be {shown}; ignored")
    else:
        query.report(key, value, f"{noun} {quote(value)} does not exist in this dataset; ignored")
    return None


def _parse_colour(value: str, query: Query) -> str | None:
    key = value.strip().casefold().replace("-", "_").replace(" ", "_")
    if key in COLOUR_BY:
        return key
    query.report(
        PARAM_COLOUR,
        value,
        f"colour {quote(value)} is not a way to colour events "
        f"(expected one of {', '.join(COLOUR_BY)}); coloured by side",
    )
    return None


def _parse_flag(key: str, value: str, query: Query) -> bool | None:
    """A yes/no parameter: 1/0, true/false, yes/no, on/off; anything else is reported."""
    flag = _FLAG_WORDS.get(value.strip().casefold())
    if flag is None:
        query.report(key, value, f"{quote(key)} is 1 or 0, not {quote(value)}; ignored")
    return flag


_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_CENTER = re.compile(rf"\s*({_DECIMAL})\s*,\s*({_DECIMAL})\s*")


def _parse_center(value: str, query: Query) -> tuple[float, float] | None:
    found = _CENTER.fullmatch(value)
    if not found:
        query.report(
            PARAM_CENTER,
            value,
            f"center {quote(value)} is not 'latitude,longitude' in decimal degrees; ignored",
        )
        return None
    degrees = []
    for group, name, limit in ((1, "latitude", 90), (2, "longitude", 180)):
        number = float(found.group(group))
        if not (math.isfinite(number) and -limit <= number <= limit):
            query.report(
                PARAM_CENTER,
                value,
                f"{name} {quote(found.group(group))} in 'center' "
                f"is outside -{limit}..{limit}; ignored",
            )
            return None
        # + 0.0 turns -0.0 into 0.0, so that the view prints as it compares.
        degrees.append(round(number, CENTER_DECIMALS) + 0.0)
    return degrees[0], degrees[1]


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def _parse_zoom(value: str, query: Query) -> int | None:
    text = value.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        query.report(PARAM_ZOOM, value, f"zoom {quote(value)} is not a whole number; ignored")
        return None
    # Compare as text first: int() refuses strings of thousands of digits.
    zoom = int(text) if len(text.lstrip("+-").lstrip("0")) <= 3 else None
    if zoom is None or not MIN_ZOOM <= zoom <= MAX_ZOOM:
        query.report(
            PARAM_ZOOM, value, f"zoom {quote(value)} is outside {MIN_ZOOM}..{MAX_ZOOM}; ignored"
        )
        return None
    return zoom


# --------------------------------------------------------------------------
# Matching and quoting values
# --------------------------------------------------------------------------


class Matcher:
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
        # Values held by an engine are asked, not listed: they offer `case_matches`.
        keep = isinstance(values, frozenset) or hasattr(values, "case_matches")
        self._values = values if keep else frozenset(values)
        self._aliases = dict(aliases or {})
        self._tolerant = tolerant

    def find(self, value: str) -> tuple[str | None, tuple[str, ...]]:
        """(the canonical value, ()) or (None, the candidates when ambiguous)."""
        if value in self._values:
            return value, ()
        if hasattr(self._values, "case_matches"):
            candidates = self._values.case_matches(value, _case_key)
            return (candidates[0], ()) if len(candidates) == 1 else (None, candidates)
        for index, key in ((self._by_case, _case_key), (self._by_form, normalise_actor)):
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
        return _index(self._values, self._aliases, normalise_actor)


def _case_key(value: str) -> str:
    return value.strip().casefold()


def _index(values, aliases, key) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for value in values:
        index.setdefault(key(value), []).append(value)
    for alias, value in aliases.items():
        index.setdefault(key(alias), []).append(value)
    return {k: tuple(sorted(set(v))) for k, v in index.items() if k}
