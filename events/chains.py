"""Chains of attack and reprisal: the `responds_to` links as connected groups, and proposals.

A row's `responds_to` names the events it was reported as a reprisal for. Read
as edges (earlier event -> the event that answers it), the links fall into
connected groups: the December 2019 chain (K-1 rockets -> US strikes ->
embassy siege -> the airport drone strike -> Iran's missiles) is one, the
March 2020 Camp Taji chain another. Each :class:`Chain` is listed in time
order with what a reader needs to compare chains: first and last event, its
length in days, its places, its deaths and the sides in turn.

:func:`suggest_links` proposes links the data does not hold: where an event's
`responds_to` is empty and an earlier event by the opposing side happened
within a week, in the same country or nearby. These are candidates for a
person to confirm, never facts; the map draws them apart (dotted, "suggested").

Plain pandas, no Streamlit: the map, the timeline and the Chains view all draw
from these values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from events import split_list
from events.sides import SIDES, sides_for

SUGGEST_WITHIN_DAYS = 7
SUGGEST_WITHIN_KM = 300.0
# Each unlinked event gets at most this many proposals (the nearest in time first),
# so a crowded week proposes a short list to check, not every pair.
SUGGEST_PER_EVENT = 3
EARTH_RADIUS_KM = 6371.0088

# Which sides answer which. An unnamed attacker ("Unidentified armed group") on
# coalition forces is, in these reports, what the coalition answers; an
# unnamed attacker is never proposed as answering Iran's side, which would
# assert who it was.
OPPOSING: dict[str, frozenset[str]] = {
    "coalition": frozenset({"iran", "unidentified"}),
    "iran": frozenset({"coalition"}),
    "unidentified": frozenset({"coalition"}),
}


@dataclass(frozen=True)
class Link:
    """`target` was reported (or, if `suggested`, might be) a reprisal for `source`."""

    source: str
    target: str
    suggested: bool = False


@dataclass(frozen=True)
class Chain:
    """One connected group of linked events, in time order.

    `chain_id` is the id of its first event (earliest date, then id), which
    stays the same when later answers are added, so a link to a chain lasts.
    """

    chain_id: str
    event_ids: tuple[str, ...]
    links: tuple[Link, ...]
    start: pd.Timestamp
    end: pd.Timestamp
    places: tuple[str, ...]
    deaths: int
    sides: tuple[str, ...]  # side keys in turn, a repeat of the previous side left out

    @property
    def first(self) -> str:
        return self.event_ids[0]

    @property
    def last(self) -> str:
        return self.event_ids[-1]

    @property
    def days(self) -> int:
        """Days from the first event to the last (0: all on one day)."""
        return int((self.end - self.start).days)

    @property
    def side_labels(self) -> tuple[str, ...]:
        return tuple(SIDES.get(side, side) for side in self.sides)


def links_of(events: pd.DataFrame) -> list[Link]:
    """Every `responds_to` link as (answered event -> answering event), once each.

    A link whose answered event is not in `events` is kept: the map draws it
    as a stub, and the Chains view leaves it out.
    """
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    ids = events["event_id"].astype(object).to_numpy()
    cells = events["responds_to"].astype(object).to_numpy()
    for target, cell in zip(ids, cells, strict=True):
        if not isinstance(cell, str) or not cell.strip():
            continue
        for source in split_list(cell):
            if source == target or (source, target) in seen:
                continue
            seen.add((source, target))
            links.append(Link(source, target))
    return links


def chains_of(events: pd.DataFrame, links: Iterable[Link] | None = None) -> list[Chain]:
    """The connected groups of `links` (default: `links_of(events)`) among `events`.

    Only links with both ends in `events` join events; chains are ordered by
    their first event's date. An event with no link is in no chain.
    """
    links = links_of(events) if links is None else list(links)
    present = set(events["event_id"].astype(object))
    inside = [link for link in links if link.source in present and link.target in present]
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in inside:
        a, b = root(link.source), root(link.target)
        if a != b:
            parent[max(a, b)] = min(a, b)
    if not parent:
        return []
    members: dict[str, list[str]] = {}
    for node in parent:
        members.setdefault(root(node), []).append(node)
    rows = events[events["event_id"].isin(parent)].drop_duplicates("event_id")
    rows = rows.set_axis(pd.Index(rows["event_id"].astype(object), name=None))
    side_of_row = sides_for(rows["actor1"]).astype(str)
    chains = []
    for group in members.values():
        part = (
            rows.loc[group]
            .rename_axis(None)
            .sort_values(["event_date", "event_id"], na_position="last")
        )
        ids = tuple(part["event_id"].astype(str))
        group_set = set(ids)
        sides: list[str] = []
        for side in side_of_row.loc[list(ids)]:
            if not sides or sides[-1] != side:
                sides.append(side)
        places = tuple(dict.fromkeys(part["location"].dropna().astype(str)))
        dates = part["event_date"].dropna()
        chains.append(
            Chain(
                chain_id=ids[0],
                event_ids=ids,
                links=tuple(k for k in inside if k.source in group_set),
                start=dates.min() if not dates.empty else pd.NaT,
                end=dates.max() if not dates.empty else pd.NaT,
                places=places,
                deaths=int(part["fatalities"].fillna(0).sum()),
                sides=tuple(sides),
            )
        )
    chains.sort(key=lambda c: (pd.Timestamp.max if pd.isna(c.start) else c.start, c.chain_id))
    return chains


def chain_of_event(chains: Iterable[Chain], event_id: str | None) -> Chain | None:
    """The chain `event_id` belongs to, if any."""
    if event_id is None:
        return None
    return next((chain for chain in chains if event_id in chain.event_ids), None)


def find_chain(chains: Iterable[Chain], chain_id: str | None) -> Chain | None:
    return next((chain for chain in chains if chain.chain_id == chain_id), None)


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine); works on numbers and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def suggest_links(
    events: pd.DataFrame,
    within_days: int = SUGGEST_WITHIN_DAYS,
    within_km: float = SUGGEST_WITHIN_KM,
    per_event: int = SUGGEST_PER_EVENT,
) -> list[Link]:
    """Links worth checking: an event whose `responds_to` is empty, after one by the other side.

    The earlier event must be 1 to `within_days` days before (same-day pairs
    are left out: a date alone does not say which came first), in the same
    country or within `within_km` of it, by a side that `OPPOSING` says it
    answers, and not of the same operation. The nearest in time come first,
    `per_event` at most per answering event.
    """
    if events.empty:
        return []
    dated = events[events["event_date"].notna()]
    dated = dated.sort_values("event_date", kind="stable")
    ids = dated["event_id"].astype(object).to_numpy()
    days = ((dated["event_date"] - pd.Timestamp("1970-01-01")).dt.days).to_numpy(dtype=np.int64)
    sides = sides_for(dated["actor1"]).astype(str).to_numpy()
    lats = dated["latitude"].to_numpy(dtype=float)
    lons = dated["longitude"].to_numpy(dtype=float)
    operations = dated["operation"].astype(object).fillna("").astype(str).to_numpy()
    countries = dated["country"].astype(object).fillna("").astype(str).to_numpy()
    unlinked = (
        dated["responds_to"].isna().to_numpy()
        | (dated["responds_to"].astype(object).fillna("").str.strip() == "").to_numpy()
    )
    suggestions: list[Link] = []
    for j in np.flatnonzero(unlinked & np.isin(sides, list(OPPOSING))):
        answers = OPPOSING[sides[j]]
        lo = np.searchsorted(days, days[j] - within_days, side="left")
        hi = np.searchsorted(days, days[j] - 1, side="right")
        if lo >= hi:
            continue
        window = np.arange(lo, hi)
        window = window[np.isin(sides[window], list(answers))]
        same_operation = (operations[window] == operations[j]) & (operations[j] != "")
        window = window[~same_operation]
        if window.size == 0:
            continue
        near = distance_km(lats[j], lons[j], lats[window], lons[window]) <= within_km
        same_country = (countries[window] == countries[j]) & (countries[j] != "")
        window = window[near | same_country]
        for i in window[np.argsort(days[j] - days[window], kind="stable")][:per_event]:
            suggestions.append(Link(str(ids[i]), str(ids[j]), suggested=True))
    return suggestions


def responds_to_cell(current: object, source: str) -> str:
    """The `responds_to` cell after confirming that the row answers `source`."""
    ids = list(split_list(current)) if isinstance(current, str) else []
    if source not in ids:
        ids.append(source)
    return ";".join(ids)


def describe(chain: Chain) -> str:
    """The chain in one line: dates, length, sides in turn."""
    if pd.isna(chain.start):
        span = "dates unknown"
    else:
        span = f"{chain.start:%Y-%m-%d} to {chain.end:%Y-%m-%d}"
    length = "same day" if chain.days == 0 else f"{chain.days} day{'s' * (chain.days != 1)}"
    return f"{span} ({length}), {len(chain.event_ids)} events: " + " → ".join(chain.side_labels)
