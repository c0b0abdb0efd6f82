"""Generated files in ACLED's export layout, for tests that must run on a fresh clone.

ACLED's terms do not allow keeping its files in the repository, so these rows are made
up (seeded, so a failure reproduces) and written exactly as an ACLED export writes them:
its 31 columns in its order, lowercase headers, dates like ``21 March 2020``, every
text field quoted only when it needs to be, and notes with commas. Each row comes back
with the values an importer must read from it, so a test compares against those.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

# The layout as the importer knows it; the real export in ../shared/datasets is checked
# against the same list (tests/events/importers/test_acled.py), so the two cannot drift.
from events.importers.acled import ACLED_COLUMNS

# (event type, sub-event type, actor1, inter1, actor2, inter2)
_KINDS = (
    ("Battles", "Armed clash", "Islamic State (Iraq)", "2", "Military Forces of Iraq (2014-)", "1"),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        "Military Forces of the United States (2017-2021)",
        "8",
        "Kataib Hezbollah",
        "3",
    ),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Unidentified Armed Group (Iraq)",
        "3",
        "",
        "",
    ),
    ("Riots", "Mob violence", "Rioters (Iraq)", "5", "Civilians (Iraq)", "7"),
)
# (country, iso, iso3, admin1, location, latitude, longitude)
_PLACES = (
    ("Iraq", "368", "IRQ", "Salah al-Din", "Taji", 33.5216, 44.2567),
    ("Iraq", "368", "IRQ", "Baghdad", "Baghdad - Karkh", 33.3152, 44.3661),
    ("Iraq", "368", "IRQ", "Erbil", "Erbil", 36.19, 44.0089),
    ("Syria", "760", "SYR", "Deir ez Zor", "Abu Kamal", 34.4506, 40.9171),
)


@dataclass(frozen=True)
class AcledRow:
    """One generated row: what the file says, and what an import must read from it."""

    cells: dict[str, str]
    event_id: str
    csv_row: int
    day: date
    time_precision: int
    geo_precision: int
    latitude: float
    longitude: float
    fatalities: int


def acled_rows(n: int, seed: int = 2020) -> list[AcledRow]:
    rng = random.Random(seed)
    rows = []
    for index in range(n):
        kind = _KINDS[rng.randrange(len(_KINDS))]
        event_type, sub, actor1, inter1, actor2, inter2 = kind
        country, iso, iso3, admin1, location, lat, lon = _PLACES[rng.randrange(len(_PLACES))]
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(366))
        killed = rng.choice((0, 0, 1, 3, 12))
        number = 10_000 + index
        event_id = f"{iso3}{number}"
        time_precision, geo_precision = rng.randint(1, 3), rng.randint(1, 3)
        cells = {
            "data_id": str(7_000_000 + index),
            "iso": iso,
            "event_id_cnty": event_id,
            "event_id_no_cnty": str(number),
            "event_date": f"{day.day} {day:%B %Y}",
            "year": str(day.year),
            "time_precision": str(time_precision),
            "event_type": event_type,
            "sub_event_type": sub,
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": inter1,
            "actor2": actor2,
            "assoc_actor_2": "",
            "inter2": inter2,
            "interaction": f"{inter1}{inter2}" if inter2 else f"{inter1}0",
            "region": "Middle East",
            "country": country,
            "admin1": admin1,
            "admin2": "",
            "admin3": "",
            "location": location,
            "latitude": f"{lat:.4f}",
            "longitude": f"{lon:.4f}",
            "geo_precision": str(geo_precision),
            "source": "Xinhua; Shafaq News",
            "source_scale": "National-International",
            "notes": f"On {day.day} {day:%B %Y}, a generated event near {location}, "
            f"{admin1}; {killed} reported killed.",
            "fatalities": str(killed),
            "timestamp": "1584984341",
            "iso3": iso3,
        }
        rows.append(
            AcledRow(
                cells=cells,
                event_id=event_id,
                csv_row=index + 2,
                day=day,
                time_precision=time_precision,
                geo_precision=geo_precision,
                latitude=float(cells["latitude"]),
                longitude=float(cells["longitude"]),
                fatalities=killed,
            )
        )
    return rows


def acled_file(rows: list[AcledRow]) -> bytes:
    """The rows as an ACLED export's bytes: header first, minimal quoting, LF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.cells for row in rows)
    return buffer.getvalue().encode("utf-8")
