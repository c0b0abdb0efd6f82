"""Generate realistic event tables in our schema, seeded so runs repeat.

Events cluster around real towns of Iraq and Syria, come from several actors
over years of dates, and have skewed fatalities (most none, a few many), so a
benchmark exercises the same code paths as real data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events import schema  # noqa: E402

TOWNS = [
    ("Baghdad", "Iraq", "Baghdad", 33.315, 44.366),
    ("Camp Taji", "Iraq", "Baghdad", 33.523, 44.253),
    ("Erbil", "Iraq", "Erbil", 36.191, 44.009),
    ("Mosul", "Iraq", "Nineveh", 36.335, 43.119),
    ("Kirkuk", "Iraq", "Kirkuk", 35.468, 44.392),
    ("Ramadi", "Iraq", "Al Anbar", 33.426, 43.299),
    ("Al-Qaim", "Iraq", "Al Anbar", 34.370, 41.093),
    ("Basra", "Iraq", "Basra", 30.508, 47.783),
    ("Albu Kamal", "Syria", "Deir ez-Zor", 34.453, 40.918),
    ("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.336, 40.141),
    ("Mayadin", "Syria", "Deir ez-Zor", 35.020, 40.452),
    ("Raqqa", "Syria", "Ar-Raqqah", 35.950, 39.009),
    ("Aleppo", "Syria", "Aleppo", 36.202, 37.134),
    ("Homs", "Syria", "Homs", 34.727, 36.724),
    ("Damascus", "Syria", "Damascus", 33.510, 36.291),
    ("Hasakah", "Syria", "Al-Hasakah", 36.502, 40.747),
]
ACTORS = [
    "United States",
    "US-led coalition",
    "Kata'ib Hezbollah",
    "Iran",
    "Islamic State",
    "Unidentified armed group",
    "Popular Mobilization Forces",
]
KINDS = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "rockets"),
    ("Explosions/Remote violence", "Air/drone strike", "aircraft"),
    ("Explosions/Remote violence", "Air/drone strike", "drone"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "IED"),
    ("Battles", "Armed clash", "small arms"),
    ("Riots", "Violent demonstration", "mob"),
]


def generate(n: int, seed: int = 7) -> pd.DataFrame:
    """Return `n` valid events as raw strings, exactly as a CSV would hold them."""
    rng = np.random.default_rng(seed)
    town = rng.integers(0, len(TOWNS), n)
    towns = np.array(TOWNS, dtype=object)[town]
    lat = towns[:, 3].astype(float) + rng.normal(0, 0.15, n)
    lon = towns[:, 4].astype(float) + rng.normal(0, 0.15, n)
    days = rng.integers(0, 6 * 365, n)
    dates = (pd.Timestamp("2017-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")
    kind = rng.integers(0, len(KINDS), n)
    kinds = np.array(KINDS, dtype=object)[kind]
    fatalities = np.where(rng.random(n) < 0.6, 0, rng.zipf(2.0, n).clip(max=500))
    frame = pd.DataFrame({name: [""] * n for name in schema.COLUMN_NAMES})
    frame["event_id"] = [f"syn-{i:07d}" for i in range(n)]
    frame["event_date"] = dates
    frame["time_precision"] = rng.choice(["1", "1", "1", "2", "3"], n)
    frame["event_type"] = kinds[:, 0]
    frame["sub_event_type"] = kinds[:, 1]
    frame["weapon"] = kinds[:, 2]
    frame["actor1"] = rng.choice(ACTORS, n)
    frame["attribution"] = rng.choice(list(schema.ATTRIBUTIONS), n)
    frame["actor2"] = rng.choice(ACTORS, n)
    frame["country"] = towns[:, 1]
    frame["admin1"] = towns[:, 2]
    frame["location"] = towns[:, 0]
    frame["latitude"] = np.round(lat, 4).astype(str)
    frame["longitude"] = np.round(lon, 4).astype(str)
    frame["geo_precision"] = rng.choice(["1", "2", "3"], n)
    frame["geo_source"] = "synthetic"
    frame["fatalities"] = fatalities.astype(str)
    frame["source"] = rng.choice(["Reuters", "AFP", "Syrian Observatory for Human Rights"], n)
    frame["notes"] = "Synthetic event for benchmarks."
    return frame


def write(n: int, path: Path, seed: int = 7) -> Path:
    generate(n, seed).to_csv(path, index=False)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="write a synthetic events CSV")
    parser.add_argument("rows", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(args.rows, args.path, args.seed)
    print(f"wrote {args.rows} events to {args.path}")
