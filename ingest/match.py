"""Candidates against the events already loaded: the same event, or an answer to one.

A candidate *is* an existing event when it has the same event type, a date
within a day and a place within 25 km: the review offers the report as an
extra source for that event instead of a duplicate row. A candidate *answers*
an existing event (`responds_to`) when that event is an attack by the other
side (events.sides: the US-led coalition against Iran and aligned groups, or
against the Islamic State) in the same region (within 500 km) in the 7 days
before it. Events of the same report are considered as well as loaded ones.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from events.sides import side_of
from geo.place import distance_km
from ingest.candidate import Candidate

SAME_EVENT_KM = 25.0
SAME_EVENT_DAYS = 1
RESPONSE_DAYS = 7
REGION_KM = 500.0
_ATTACK_TYPES = frozenset(
    {"Explosions/Remote violence", "Battles", "Violence against civilians", "Riots"}
)
_OPPONENTS = {
    "coalition": {"iran", "isis"},
    "iran": {"coalition"},
    "isis": {"coalition", "iran"},
}


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def _day(value) -> date | None:
    # A loaded table holds Timestamps, which are dates too: take their day, not them.
    if isinstance(value, datetime):
        return None if pd.isna(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def _records(known: pd.DataFrame | None) -> list[dict]:
    if known is None or len(known) == 0:
        return []
    needed = ["event_id", "event_date", "event_type", "actor1", "actor2", "latitude", "longitude"]
    frame = known[[c for c in needed if c in known.columns]]
    records = []
    for row in frame.itertuples(index=False):
        data = dict(zip(frame.columns, row, strict=True))
        data["day"] = _day(data.get("event_date"))
        data["lat"] = _float(data.get("latitude"))
        data["lon"] = _float(data.get("longitude"))
        records.append(data)
    return records


def _close(a_lat, a_lon, b_lat, b_lon, km: float) -> bool:
    if None in (a_lat, a_lon, b_lat, b_lon):
        return False
    return distance_km(a_lat, a_lon, b_lat, b_lon) <= km


def same_event(candidate: Candidate, record: dict) -> bool:
    """Same event type, date within a day, place within 25 km."""
    row = candidate.row
    day = _day(row.get("event_date")) if row.get("event_date") else None
    if day is None or record["day"] is None or row.get("event_type") != record.get("event_type"):
        return False
    if abs((day - record["day"]).days) > SAME_EVENT_DAYS:
        return False
    if row.get("geo_precision") == "3":
        return False  # a country's centre says nothing about being within 25 km
    return _close(
        _float(row.get("latitude")), _float(row.get("longitude")), record["lat"], record["lon"],
        SAME_EVENT_KM,
    )  # fmt: skip


def link(candidates: list[Candidate], known: pd.DataFrame | None) -> list[Candidate]:
    """Set `matches_existing` and `responds_to` on each candidate (in place) and return them."""
    records = _records(known)
    for candidate in candidates:
        match = next((r for r in records if same_event(candidate, r)), None)
        if match is not None:
            candidate.matches_existing = str(match["event_id"])
    pool = records + [
        {
            "event_id": c.event_id,
            "day": _day(c.row["event_date"]) if c.row["event_date"] else None,
            "actor1": c.row["actor1"], "actor2": c.row["actor2"], "lat": _float(c.row["latitude"]),
            "lon": _float(c.row["longitude"]), "event_type": c.row["event_type"],
        }
        for c in candidates if c.matches_existing is None
    ]  # fmt: skip
    for candidate in candidates:
        candidate.responds_to = tuple(_answers(candidate, pool))
    return candidates


def _answers(candidate: Candidate, pool: list[dict]) -> list[str]:
    row = candidate.row
    if not row.get("event_date") or row.get("event_type") not in (
        "Explosions/Remote violence", "Battles",
    ):  # fmt: skip
        return []
    day = _day(row["event_date"])
    side = side_of(row.get("actor1"))
    opponents = _OPPONENTS.get(side, set())
    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
    found = []
    for record in pool:
        if record["event_id"] in (candidate.event_id, candidate.matches_existing):
            continue
        if record["day"] is None or side_of(record.get("actor1")) not in opponents:
            continue
        if record.get("event_type") not in _ATTACK_TYPES:
            continue
        target = record.get("actor2")
        named = isinstance(target, str) and target.strip()
        if named and side_of(target) not in (side, "unidentified", "other"):
            continue  # an attack on someone else (US troops fighting the Islamic State)
        gap = (day - record["day"]).days
        if not 0 <= gap <= RESPONSE_DAYS:
            continue
        if gap == 0 and record.get("event_id", "") > candidate.event_id:
            continue
        if not _close(lat, lon, record["lat"], record["lon"], REGION_KM):
            continue
        found.append((gap, str(record["event_id"])))
    return [event_id for _, event_id in sorted(found)]
