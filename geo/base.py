"""The one interface every geocoder implements.

Like geopy's `Geocoder`: `geocode` returns a `Place` or `None` ("no result"),
and raises a `geo.errors.GeoError` when it could not find out.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from geo.place import Place


@runtime_checkable
class Geocoder(Protocol):
    def geocode(self, query: str, country: str | None = None) -> Place | None:
        """Resolve a place name. `country` (a name or ISO code) disambiguates."""
        ...
