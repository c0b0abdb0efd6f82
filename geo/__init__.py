"""Geocoding for the conflict map: place names as reported -> coordinates with provenance.

Offline first (curated gazetteer, then GeoNames), online (Nominatim) only when
asked. "No result" is None; failures raise a `GeoError`.

    >>> from geo import default_chain
    >>> default_chain(online=False).geocode("near Albu Kamal", "Syria")
    Place(name='Albu Kamal', ..., precision=2, provenance='gazetteer:albu-kamal', ...)
"""

from geo.base import Geocoder
from geo.chain import Chain, default_chain
from geo.errors import (
    GeocoderConfigError,
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeoDataError,
    GeoError,
)
from geo.normalise import Normalised, normalise
from geo.place import NEAR, REGION, SITE, Place

__all__ = [
    "NEAR",
    "REGION",
    "SITE",
    "Chain",
    "GeoDataError",
    "GeoError",
    "Geocoder",
    "GeocoderConfigError",
    "GeocoderQueryError",
    "GeocoderRateLimited",
    "GeocoderResponseError",
    "GeocoderTimedOut",
    "GeocoderUnavailable",
    "Normalised",
    "Place",
    "default_chain",
    "normalise",
]
