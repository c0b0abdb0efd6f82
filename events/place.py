"""Put events without coordinates on the map by geocoding their place names.

Users name places ("Camp Taji", "near Albu Kamal"), never coordinates, so a
file may arrive with blank latitude and longitude. This fills them from a
geocoder (the offline chain by default), records how in `geo_source`, and
says which places could not be found and why; nothing else in the row moves.
"""

from __future__ import annotations

import pandas as pd

from events.load import ROW_COLUMN
from events.problems import WARNING, Problem
from geo.base import Geocoder
from geo.errors import GeoError


def place_events(events: pd.DataFrame, geocoder: Geocoder) -> tuple[pd.DataFrame, list[Problem]]:
    """Return a copy of `events` with blank coordinates filled where the place resolves."""
    missing = events["latitude"].isna() | events["longitude"].isna()
    if not missing.any():
        return events, []
    placed = events.copy()
    problems: list[Problem] = []
    answers: dict[tuple[str, str | None], object] = {}
    for index in placed.index[missing]:
        location = placed.at[index, "location"]
        country = placed.at[index, "country"]
        country = country if isinstance(country, str) else None
        row = int(placed.at[index, ROW_COLUMN])
        if not isinstance(location, str):
            problems.append(
                Problem(row, "location", "", "no place name to geocode; not on the map", WARNING)
            )
            continue
        key = (location, country)
        if key not in answers:
            try:
                answers[key] = geocoder.geocode(location, country=country)
            except GeoError as error:
                answers[key] = error
        answer = answers[key]
        if isinstance(answer, GeoError):
            problems.append(
                Problem(row, "location", location, f"could not be geocoded: {answer}", WARNING)
            )
            continue
        if answer is None:
            where = f" in {country}" if country else ""
            problems.append(
                Problem(
                    row,
                    "location",
                    location,
                    f"place not found{where}; the event is listed but not on the map",
                    WARNING,
                )
            )
            continue
        placed.at[index, "latitude"] = answer.lat
        placed.at[index, "longitude"] = answer.lon
        placed.at[index, "geo_source"] = answer.provenance
        if pd.isna(placed.at[index, "geo_precision"]):
            placed.at[index, "geo_precision"] = answer.precision
    return placed, problems
