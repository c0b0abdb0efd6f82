"""The chain: gazetteer -> GeoNames -> cache -> Nominatim, with provenance and precision.

Offline first. The curated gazetteer answers the names conflict reporting
uses; GeoNames answers the rest of the world's towns; the persistent cache holds
what Nominatim said before (hits and misses); Nominatim itself is asked only
when online lookups are enabled, by argument or `GEO_ONLINE=1`.

Within each step exact matches come before loose (transliteration skeleton)
matches, and a phrase with a context ("Jadriya, Baghdad") falls back to the
context itself at precision 2 when the place is unknown everywhere.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path

from geo.cache import GeocodeCache, cache_key
from geo.countries import country_code, is_country
from geo.errors import GeocoderQueryError
from geo.gazetteer import DEFAULT_PATH as GAZETTEER_PATH
from geo.gazetteer import Gazetteer
from geo.geonames import GeoNames, LazyGeoNames
from geo.nominatim import NominatimGeocoder, NominatimSettings
from geo.normalise import Normalised, name_key, normalise
from geo.place import NEAR, Place, distance_km
from storage.paths import default_answer_cache_path

_TRUE = frozenset({"1", "true", "yes", "on"})
_MEMO_LIMIT = 200_000
_MISSING = object()
# A context ("X, Baghdad") prefers candidates this close to the context place.
_CONTEXT_RADIUS_KM = 100.0


def online_enabled_by_env() -> bool:
    return os.environ.get("GEO_ONLINE", "").strip().lower() in _TRUE


class Chain:
    """Resolve place phrases through the configured steps; see the module docstring.

    `memo` remembers offline answers per (query, country); chains built by
    `default_chain` share one, so repeated lookups cost a dictionary hit.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None,
        geonames: GeoNames | LazyGeoNames | None,
        cache: GeocodeCache | None = None,
        online: NominatimGeocoder | None = None,
        *,
        memo: dict | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.geonames = geonames
        self.cache = cache
        self.online = online
        self._memo: dict = {} if memo is None else memo

    # -- public -----------------------------------------------------------------

    def geocode(self, query: str, country: str | None = None) -> Place | None:
        """A `Place` for the phrase, or None. Raises GeoError subclasses on failure:
        GeocoderQueryError for an empty query or unknown country, GeocoderUnavailable
        and friends when the online step was needed and failed."""
        code = country_code(country)
        offline = self._memo.get((query, code), _MISSING)
        if isinstance(offline, Place):
            return offline
        phrase = normalise(query)
        if not phrase.key:
            raise GeocoderQueryError(f"empty place name {query!r}")
        context = tuple(c for c in phrase.context if not is_country(c))
        if code is None:
            hinted = [c for c in phrase.context if is_country(c)]
            code = country_code(hinted[0]) if hinted else None
        if offline is _MISSING:
            offline = self._offline(phrase, code, context)
            self._remember((query, country_code(country)), offline)
            if offline is not None:
                return offline  # type: ignore[return-value]
        answer = self._from_cache_or_online(phrase, code, context)
        if answer is not None:
            return answer
        return self._context_fallback(phrase, code, context)

    def offline_only(self) -> Chain:
        """The same chain without its online step: for when the service has stopped answering.

        It shares the offline memo and the answer cache, so what the service
        said before is still used.
        """
        return Chain(self.gazetteer, self.geonames, self.cache, None, memo=self._memo)

    # -- steps ------------------------------------------------------------------

    def _has_later_steps(self) -> bool:
        return self.cache is not None or self.online is not None

    def _remember(self, key: tuple, value: Place | None) -> None:
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = value

    def _context_place(self, context: tuple[str, ...], code: str | None) -> Place | None:
        if not context:
            return None
        return self._offline(normalise(context[0]), code, ())

    def _offline(
        self, phrase: Normalised, code: str | None, context: tuple[str, ...]
    ) -> Place | None:
        context_keys = tuple(name_key(c) for c in context)
        if self.gazetteer is not None:
            for key, floor, wants_region in phrase.keys:
                place = self.gazetteer.lookup(key, code, wants_region, context_keys)
                if place is not None:
                    return place.at_least(floor)
        if self.geonames is not None:
            near = self._context_place(context, code)
            for key, floor, _ in phrase.keys:
                place = self._geonames_near(key, code, near)
                if place is not None:
                    return place.at_least(floor)
        if self.gazetteer is not None:
            for key, floor, wants_region in phrase.keys:
                place = self.gazetteer.lookup_loose(key, code, wants_region)
                if place is not None:
                    return place.at_least(floor)
        if self.geonames is not None:
            for key, floor, _ in phrase.keys:
                place = self.geonames.lookup_loose(key, code)
                if place is not None:
                    return place.at_least(floor)
        return None

    def _geonames_near(self, key: str, code: str | None, near: Place | None) -> Place | None:
        assert self.geonames is not None
        if near is None:
            return self.geonames.lookup(key, code)
        candidates = self.geonames.lookup_all(key, code)
        close = [
            p
            for p in candidates
            if distance_km(p.lat, p.lon, near.lat, near.lon) <= _CONTEXT_RADIUS_KM
        ]
        return (close or candidates or [None])[0]

    def _from_cache_or_online(
        self, phrase: Normalised, code: str | None, context: tuple[str, ...]
    ) -> Place | None:
        if not self._has_later_steps():
            return None
        text = ", ".join((phrase.place, *context))
        key = cache_key(name_key(text), code)
        if self.cache is not None:
            entry = self.cache.get(key)
            if entry is not None:
                return entry.place.at_least(phrase.precision) if entry.place else None
        if self.online is None:
            return None
        place = self.online.search(text, code)
        if self.cache is not None:
            self.cache.put(key, place, source="nominatim")
        return place.at_least(phrase.precision) if place else None

    def _context_fallback(
        self, phrase: Normalised, code: str | None, context: tuple[str, ...]
    ) -> Place | None:
        place = self._context_place(context, code)
        if place is None:
            return None
        return place.at_least(max(NEAR, phrase.precision))


# -- shared, process-wide pieces -----------------------------------------------

_lock = threading.Lock()
_caches: dict[Path, GeocodeCache] = {}
_online_clients: dict[NominatimSettings, NominatimGeocoder] = {}
_offline_memo: dict = {}


@cache
def shared_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    return Gazetteer.from_csv(path)


@cache
def shared_geonames() -> LazyGeoNames:
    """The process's GeoNames index, opened on first use (see `LazyGeoNames`)."""
    return LazyGeoNames()


def shared_cache(path: Path) -> GeocodeCache:
    path = Path(path).expanduser().resolve()
    with _lock:
        if path not in _caches:
            _caches[path] = GeocodeCache(path)
        return _caches[path]


def shared_online(settings: NominatimSettings | None = None) -> NominatimGeocoder:
    """One client (and so one rate limiter) per service for the whole process."""
    settings = settings or NominatimSettings.from_env()
    with _lock:
        if settings not in _online_clients:
            _online_clients[settings] = NominatimGeocoder(settings)
        return _online_clients[settings]


def default_chain(online: bool | None = None, cache_path: Path | None = None) -> Chain:
    """The project's chain. Cheap to call repeatedly: the gazetteer, the GeoNames index,
    the answer cache and the Nominatim client (with its rate limiter) are shared.

    `online=None` reads `GEO_ONLINE`; `cache_path=None` uses `GEO_CACHE_PATH` or the
    user cache dir.
    """
    use_online = online_enabled_by_env() if online is None else online
    return Chain(
        shared_gazetteer(),
        shared_geonames(),
        shared_cache(cache_path or default_answer_cache_path()),
        shared_online() if use_online else None,
        memo=_offline_memo,
    )
