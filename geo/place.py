"""The answer every geocoder gives: a place, how precise it is, and where it came from.

A `Place` is a frozen value so answers can be cached, shared between threads and
compared in tests without defensive copies.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

# The project's geo_precision codes (events/schema.py GEO_PRECISION).
SITE = 1  # the site or town itself
NEAR = 2  # near a town, or part of a region
REGION = 3  # a region only
PRECISIONS = (SITE, NEAR, REGION)

EXACT = "exact"  # the name (or one of its aliases) matched
LOOSE = "loose"  # only a transliteration skeleton matched: worth a second look
MATCHES = (EXACT, LOOSE)


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place.

    `country` is an ISO 3166-1 alpha-2 code (`IQ`, `SY`) or None when the source
    did not say. `provenance` says where the coordinates come from, in the
    project's `geo_source` form: `gazetteer:camp-taji`, `geonames:174448`,
    `nominatim:way/123`.
    """

    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    precision: int
    provenance: str
    match: str = EXACT

    def __post_init__(self) -> None:
        where = f"place {self.name!r} ({self.provenance})"
        for label, value, limit in (("lat", self.lat, 90.0), ("lon", self.lon, 180.0)):
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"{where}: {label} {value!r} is not a finite number")
            if abs(value) > limit:
                raise ValueError(f"{where}: {label} {value!r} is outside -{limit}..{limit}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"{where}: precision {self.precision!r} is not one of {PRECISIONS}")
        if self.match not in MATCHES:
            raise ValueError(f"{where}: match {self.match!r} is not one of {MATCHES}")
        if not self.provenance:
            raise ValueError(f"{where}: provenance is empty")

    def at_least(self, precision: int) -> Place:
        """This place with its precision lowered to `precision` if it is finer.

        "near Albu Kamal" is Albu Kamal's coordinates with precision 2 at best.
        """
        if precision <= self.precision:
            return self
        return replace(self, precision=precision)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(
            name=str(data["name"]),
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            country=data.get("country"),
            kind=str(data.get("kind", "")),
            precision=int(data["precision"]),
            provenance=str(data["provenance"]),
            match=str(data.get("match", EXACT)),
        )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
