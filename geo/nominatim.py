"""OpenStreetMap's Nominatim, through geopy, within the OSM usage policy.

Online lookups are opt-in (see `geo.chain`). When they happen they:

* send a real User-Agent (`GEO_USER_AGENT`); geopy's default is refused;
* go through geopy's `RateLimiter` at one request per second at most, shared
  by every chain in the process (the policy counts the whole application);
* use explicit timeouts, and geopy's urllib adapter: the requests adapter
  retries a read timeout three times by itself and reports it as "unavailable";
* retry 429 and 5xx answers with exponential backoff, honouring Retry-After up
  to a cap (a server asking for an hour is not retried: the error says so);
* let every error reach the caller: the RateLimiter is built with
  `swallow_exceptions=False` and no retries of its own;
* stay within a caller's time limit (`geo.deadline.online_time_limit`): no
  request starts and no wait begins that would overrun it.

The domain and scheme are configurable (`GEO_NOMINATIM_DOMAIN`,
`GEO_NOMINATIM_SCHEME`), for a self-hosted Nominatim or the test stub; so is
the spacing of requests (`GEO_NOMINATIM_MIN_DELAY`), which only a service
other than the public one may set below one second.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from geo.countries import country_code
from geo.deadline import time_left
from geo.errors import (
    GeocoderConfigError,
    GeocoderResponseError,
    GeocoderTimedOut,
    http_status,
    translate_geopy_error,
)
from geo.normalise import normalise
from geo.place import NEAR, REGION, SITE, Place

log = logging.getLogger(__name__)

PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = "conflict-map/0.1 (geocoding for a conflict event map; set GEO_USER_AGENT)"
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")

# Nominatim's addresstype (or type) for areas, and for places that are near-ish.
_REGION_TYPES = frozenset(
    {"country", "state", "region", "province", "state_district", "county", "territory"}
)
_NEAR_TYPES = frozenset(
    {
        "municipality",
        "district",
        "city_district",
        "mountain_range",
        "ridge",
        "valley",
        "desert",
        "plain",
        "plateau",
        "island",
        "water",
        "river",
        "wetland",
    }
)


@dataclass(frozen=True)
class NominatimSettings:
    domain: str = PUBLIC_DOMAIN
    scheme: str = "https"
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 10.0
    min_delay_seconds: float = 1.0
    max_retries: int = 3
    backoff_seconds: float = 2.0
    max_backoff_seconds: float = 30.0
    max_retry_after_seconds: float = 60.0
    language: str = "en"
    proxies: Mapping[str, str] | None = field(default=None, hash=False, compare=False)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> NominatimSettings:
        """Settings from `GEO_NOMINATIM_DOMAIN`, `GEO_NOMINATIM_SCHEME`, `GEO_USER_AGENT`,
        `GEO_NOMINATIM_TIMEOUT`, `GEO_NOMINATIM_MIN_DELAY`; keyword arguments win over the
        environment."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, variable in (
            ("domain", "GEO_NOMINATIM_DOMAIN"),
            ("scheme", "GEO_NOMINATIM_SCHEME"),
            ("user_agent", "GEO_USER_AGENT"),
        ):
            if env.get(variable, "").strip():
                values[name] = env[variable].strip()
        for name, variable in (
            ("timeout", "GEO_NOMINATIM_TIMEOUT"),
            ("min_delay_seconds", "GEO_NOMINATIM_MIN_DELAY"),
        ):
            raw = env.get(variable, "")
            if not raw.strip():
                continue
            try:
                values[name] = float(raw)
            except ValueError as error:
                raise GeocoderConfigError(
                    f"{variable}={raw!r} is not a number of seconds"
                ) from error
        values.update(overrides)
        return cls(**values)

    def __post_init__(self) -> None:
        if self.scheme not in ("http", "https"):
            raise GeocoderConfigError(
                f"Nominatim scheme {self.scheme!r}: expected 'http' or 'https'"
            )
        if not self.domain or "://" in self.domain or any(c.isspace() for c in self.domain):
            raise GeocoderConfigError(
                f"Nominatim domain {self.domain!r}: expected a host[:port][/path] without a "
                "scheme (set the scheme with GEO_NOMINATIM_SCHEME)"
            )
        agent = self.user_agent.strip()
        if not agent or agent.lower().startswith("geopy/"):
            raise GeocoderConfigError(
                f"user agent {self.user_agent!r}: Nominatim refuses stock library user agents; "
                "set GEO_USER_AGENT to something that identifies the application"
            )
        if not self.min_delay_seconds >= 0:
            raise GeocoderConfigError(
                f"min_delay_seconds {self.min_delay_seconds!r}: expected seconds >= 0"
            )
        if not self.timeout > 0:
            raise GeocoderConfigError(f"Nominatim timeout {self.timeout!r}: expected seconds > 0")
        if self.max_retries < 0:
            raise GeocoderConfigError(f"max_retries {self.max_retries!r}: expected >= 0")
        if self.domain.split("/")[0] == PUBLIC_DOMAIN and self.min_delay_seconds < 1.0:
            raise GeocoderConfigError(
                f"min_delay_seconds {self.min_delay_seconds!r}: the public Nominatim allows "
                "at most one request per second"
            )

    @property
    def is_loopback(self) -> bool:
        host = self.domain.split("/")[0].rsplit(":", 1)[0] if "]" not in self.domain else "[::1]"
        return host in _LOOPBACK_HOSTS


def nominatim_precision(raw: Mapping[str, Any]) -> int:
    """geo_precision from a Nominatim result's addresstype, class/type and place_rank."""
    kinds = {str(raw.get(k, "")) for k in ("addresstype", "type")}
    if kinds & _REGION_TYPES:
        return REGION
    if kinds & _NEAR_TYPES:
        return NEAR
    if raw.get("class") == "boundary" and raw.get("type") == "administrative":
        try:
            rank = int(raw.get("place_rank", 30))
        except (TypeError, ValueError):
            rank = 30
        return REGION if rank <= 12 else NEAR if rank <= 14 else SITE
    return SITE


def place_from_result(raw: Mapping[str, Any], where: str) -> Place:
    """A `Place` from one Nominatim result; GeocoderResponseError naming what is wrong."""
    try:
        lat = float(raw["lat"])
        lon = float(raw["lon"])
    except (KeyError, TypeError, ValueError) as error:
        raise GeocoderResponseError(
            f"{where}: result without usable coordinates (lat={raw.get('lat')!r}, "
            f"lon={raw.get('lon')!r})"
        ) from error
    display = str(raw.get("display_name") or "")
    name = str(raw.get("name") or display.split(",")[0] or "?")
    address = raw.get("address") if isinstance(raw.get("address"), Mapping) else {}
    code = str(address.get("country_code", "")).upper() or None
    osm_type, osm_id = raw.get("osm_type"), raw.get("osm_id")
    provenance = f"nominatim:{osm_type}/{osm_id}" if osm_type and osm_id else "nominatim"
    kind = str(raw.get("addresstype") or raw.get("type") or "place")
    try:
        return Place(name, lat, lon, code, kind, nominatim_precision(raw), provenance)
    except ValueError as error:
        raise GeocoderResponseError(f"{where}: {error}") from error


class NominatimGeocoder:
    """geopy's Nominatim behind a RateLimiter, with retries and our errors.

    `sleep` and `clock` exist for tests: every wait (rate limit, backoff,
    Retry-After) goes through `sleep`, and the RateLimiter reads `clock`.
    """

    def __init__(
        self,
        settings: NominatimSettings | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        from geopy.adapters import URLLibAdapter
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.settings = settings or NominatimSettings.from_env()
        proxies = self.settings.proxies
        if proxies is None and self.settings.is_loopback:
            proxies = {}  # never send loopback traffic through a system proxy
        self._sleep = sleep or time.sleep
        self.client = Nominatim(
            domain=self.settings.domain,
            scheme=self.settings.scheme,
            user_agent=self.settings.user_agent,
            timeout=self.settings.timeout,
            proxies=proxies,
            adapter_factory=URLLibAdapter,
        )
        self.rate_limiter = RateLimiter(
            self.client.geocode,
            min_delay_seconds=self.settings.min_delay_seconds,
            max_retries=0,
            error_wait_seconds=self.settings.min_delay_seconds,
            swallow_exceptions=False,
        )
        if sleep is not None:
            self.rate_limiter._sleep = sleep  # geopy documents these two as patchable
        if clock is not None:
            self.rate_limiter._clock = clock

    def _backoff(self, attempt: int) -> float:
        return min(self.settings.backoff_seconds * 2**attempt, self.settings.max_backoff_seconds)

    def _timeout_within_limit(self, where: str) -> float:
        """The request timeout, shortened to the caller's time limit; fails if none is left."""
        left = time_left()
        if left is None:
            return self.settings.timeout
        if left <= 0:
            raise GeocoderTimedOut(
                f"{where}: not asked: the time allowed for online lookups is spent"
            )
        return min(self.settings.timeout, left)

    def _wait_within_limit(self, wait: float, error: Exception, where: str) -> None:
        """Give up now rather than start a wait that ends after the caller's time limit."""
        left = time_left()
        if left is not None and wait >= left:
            raise GeocoderTimedOut(
                f"{where}: {error}; the service asks to wait {wait:g} s, more than the "
                f"{max(left, 0):.0f} s left for online lookups"
            ) from error

    def search(self, text: str, country: str | None = None) -> Place | None:
        """Ask Nominatim for `text` as given; `country` is an ISO alpha-2 code or None."""
        from geopy import exc as geopy_exc

        where = f"Nominatim at {self.settings.scheme}://{self.settings.domain}, query {text!r}"
        codes = country.lower() if country else None
        attempts = self.settings.max_retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            timeout = self._timeout_within_limit(where)
            try:
                location = self.rate_limiter(
                    text,
                    exactly_one=True,
                    addressdetails=True,
                    country_codes=codes,
                    language=self.settings.language,
                    timeout=timeout,
                )
            except geopy_exc.GeocoderRateLimited as error:
                wait = (
                    error.retry_after if error.retry_after is not None else self._backoff(attempt)
                )
                if last or wait > self.settings.max_retry_after_seconds:
                    raise translate_geopy_error(error, where) from error
                self._wait_within_limit(wait, error, where)
                log.warning("%s: rate limited, retrying in %.1f s", where, wait)
                self._sleep(wait)
                continue
            except geopy_exc.GeopyError as error:
                status = http_status(error)
                if status is not None and status >= 500 and not last:
                    wait = self._backoff(attempt)
                    self._wait_within_limit(wait, error, where)
                    log.warning("%s: HTTP %s, retrying in %.1f s", where, status, wait)
                    self._sleep(wait)
                    continue
                raise translate_geopy_error(error, where) from error
            except (KeyError, TypeError, ValueError) as error:
                # geopy parses the JSON it got into a Location; odd shapes fail there.
                raise GeocoderResponseError(f"{where}: unexpected answer: {error!r}") from error
            if location is None:
                return None
            raw = location.raw if isinstance(location.raw, Mapping) else {}
            return place_from_result(raw, where)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def geocode(self, query: str, country: str | None = None) -> Place | None:
        """Resolve a phrase online: "near X" sends X and caps the precision at 2."""
        phrase = normalise(query)
        place = self.search(phrase.search_text, country_code(country))
        return place.at_least(phrase.precision) if place else None
