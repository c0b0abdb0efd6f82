"""The few failures a geocoder can raise.

Modelled on `geopy.exc`: "no result" is `None`, never an exception; anything
that went wrong raises one of these. Errors from geopy are translated here, with
`raise ... from` so the original stays attached for debugging.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # geopy is imported only when an online geocoder is used
    from geopy import exc as geopy_exc


class GeoError(Exception):
    """Base of every error the `geo` package raises."""


class GeoDataError(GeoError, ValueError):
    """A shipped data file (the gazetteer) is malformed; names file, row, column and value."""


class GeocoderConfigError(GeoError, ValueError):
    """The geocoder is set up wrongly: bad user agent, domain, scheme, or refused by the service."""


class GeocoderQueryError(GeoError, ValueError):
    """The query itself is unusable: empty, unknown country, or rejected by the service (400)."""


class GeocoderUnavailable(GeoError, OSError):
    """The service could not answer: connection failed, server error, or timed out."""


class GeocoderTimedOut(GeocoderUnavailable, TimeoutError):
    """No answer within the timeout."""


class GeocoderRateLimited(GeocoderUnavailable):
    """The service said "too many requests" (429) and we stopped retrying.

    `retry_after` is the wait in seconds the service asked for, or None.
    """

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class GeocoderResponseError(GeoError):
    """The service answered something we cannot read (malformed JSON, missing coordinates)."""


def http_status(error: BaseException) -> int | None:
    """The HTTP status behind a geopy error, if it came from an HTTP response.

    geopy maps 503 and 504 to `GeocoderTimedOut`, the same class as a socket
    timeout; the status on the chained `AdapterHTTPError` tells them apart.
    """
    from geopy.adapters import AdapterHTTPError

    cause = error.__cause__
    if isinstance(cause, AdapterHTTPError):
        return cause.status_code
    return None


def translate_geopy_error(error: geopy_exc.GeopyError, where: str) -> GeoError:
    """Map a geopy exception to ours. `where` names the service and query for the message."""
    from geopy import exc as geopy_exc

    status = http_status(error)
    detail = f"{where}: {error}" + (f" (HTTP {status})" if status else "")
    if isinstance(error, geopy_exc.GeocoderRateLimited):
        return GeocoderRateLimited(detail, retry_after=error.retry_after)
    if isinstance(error, geopy_exc.ConfigurationError):
        return GeocoderConfigError(detail)
    if isinstance(
        error,
        geopy_exc.GeocoderAuthenticationFailure | geopy_exc.GeocoderInsufficientPrivileges,
    ):
        return GeocoderConfigError(
            f"{detail}: the service refused us; check the user agent and the domain"
        )
    if isinstance(error, geopy_exc.GeocoderQueryError):
        return GeocoderQueryError(detail)
    if isinstance(error, geopy_exc.GeocoderParseError):
        return GeocoderResponseError(detail)
    if isinstance(error, geopy_exc.GeocoderTimedOut) and status is None:
        return GeocoderTimedOut(detail)
    # 5xx, 503/504 (which geopy calls "timed out"), quota, connection refused, other
    # transport failures: the service is not answering properly right now.
    return GeocoderUnavailable(detail)
