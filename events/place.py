"""Put events without coordinates on the map by geocoding their place names.

Users name places ("Camp Taji", "near Albu Kamal"), never coordinates, so a
file may arrive with blank latitude and longitude. This fills them from a
geocoder (the offline chain by default), records how in `geo_source`, and
says which places could not be found and why; nothing else in the row moves.

When online lookups are on, a dead or overloaded service must not hold the
dashboard: after a few failures in a row, or once the time allowed for online
lookups is spent, the remaining places are looked up offline only (gazetteer,
GeoNames, earlier answers), and those still unknown are reported as not tried
online, with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd

from events.load import ROW_COLUMN
from events.problems import WARNING, Code, Problem
from geo.base import Geocoder
from geo.deadline import online_time_limit, time_left
from geo.errors import GeocoderResponseError, GeocoderUnavailable, GeoError

# A service that failed this many places in a row is not asked again in this load.
ONLINE_FAILURES_IN_A_ROW = 3
# Online lookups for one file stop after this long, so a slow or failing service never
# holds the page; the places left are reported as not tried online.
ONLINE_TIME_LIMIT_S = 30.0


def place_events(
    events: pd.DataFrame,
    geocoder: Geocoder,
    *,
    failures_in_a_row: int = ONLINE_FAILURES_IN_A_ROW,
    time_limit_s: float = ONLINE_TIME_LIMIT_S,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return a copy of `events` with blank coordinates filled where the place resolves."""
    missing = events["latitude"].isna() | events["longitude"].isna()
    if not missing.any():
        return events, []
    placed = events.copy()
    problems: list[Problem] = []
    answers: dict[tuple[str, str | None], object] = {}
    asking: Geocoder | None = geocoder
    failures = 0
    gave_up: str | None = None  # why the online step was dropped, once it is
    with online_time_limit(time_limit_s, clock):
        for index in placed.index[missing]:
            location = placed.at[index, "location"]
            country = placed.at[index, "country"]
            country = country if isinstance(country, str) else None
            row = int(placed.at[index, ROW_COLUMN])
            if not isinstance(location, str):
                problems.append(
                    Problem(
                        row,
                        "location",
                        "",
                        "no place name to geocode; not on the map",
                        WARNING,
                        code=Code.NO_PLACE_NAME,
                    )
                )
                continue
            key = (location, country)
            if key not in answers:
                answers[key] = _ask(asking, location, country)
                if gave_up is None:
                    service_failed = isinstance(answers[key], _SERVICE_FAILURES)
                    failures = failures + 1 if service_failed else 0
                    gave_up = _reason_to_stop(
                        failures, failures_in_a_row, time_limit_s, answers[key]
                    )
                    if gave_up is not None:
                        asking = _offline_part(asking)
            problem = _problem(row, location, country, answers[key], gave_up)
            if problem is not None:
                problems.append(problem)
                continue
            answer = answers[key]
            placed.at[index, "latitude"] = answer.lat
            placed.at[index, "longitude"] = answer.lon
            placed.at[index, "geo_source"] = answer.provenance
            if pd.isna(placed.at[index, "geo_precision"]):
                placed.at[index, "geo_precision"] = answer.precision
    return placed, problems


# Failures that say the service is not answering properly (as opposed to a bad name).
_SERVICE_FAILURES = (GeocoderUnavailable, GeocoderResponseError)
_NOT_TRIED = object()


def _ask(geocoder: Geocoder | None, location: str, country: str | None) -> object:
    """The geocoder's answer: a Place, None, the GeoError it raised, or _NOT_TRIED."""
    if geocoder is None:
        return _NOT_TRIED
    try:
        return geocoder.geocode(location, country=country)
    except GeoError as error:
        return error


def _problem(
    row: int, location: str, country: str | None, answer: object, gave_up: str | None
) -> Problem | None:
    """What to report for a place that was not placed, or None when it was."""
    if isinstance(answer, GeoError):
        why, code = f"could not be geocoded: {answer}", Code.GEOCODE_FAILED
    elif answer is _NOT_TRIED:
        why = f"not tried: {gave_up}; the event is listed but not on the map"
        code = Code.GEOCODE_NOT_TRIED
    elif answer is None:
        where = f" in {country}" if country else ""
        if gave_up is None:
            why = f"place not found{where}; the event is listed but not on the map"
            code = Code.PLACE_NOT_FOUND
        else:
            why = (
                f"place not found offline{where} and not tried online: {gave_up}; "
                "the event is listed but not on the map"
            )
            code = Code.GEOCODE_OFFLINE_ONLY
    else:
        return None
    return Problem(row, "location", location, why, WARNING, code=code)


def _reason_to_stop(failures: int, limit: int, time_limit_s: float, last: object) -> str | None:
    if failures >= limit:
        return f"the geocoder failed {failures} times in a row (last: {last})"
    left = time_left()
    if left is not None and left <= 0:
        return f"the {time_limit_s:g} s allowed for online lookups were spent"
    return None


def _offline_part(geocoder: Geocoder | None) -> Geocoder | None:
    """The geocoder without its online step, or None when it has no offline part to keep."""
    offline_only = getattr(geocoder, "offline_only", None)
    return offline_only() if callable(offline_only) else None
