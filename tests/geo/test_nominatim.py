"""The real geopy Nominatim client (our adapter) against a local stub on 127.0.0.1."""

from __future__ import annotations

import pytest
from geopy import exc as geopy_exc

from geo.errors import (
    GeocoderConfigError,
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    translate_geopy_error,
)
from geo.nominatim import (
    DEFAULT_USER_AGENT,
    NominatimGeocoder,
    NominatimSettings,
    nominatim_precision,
)
from geo.place import NEAR, REGION, SITE
from tests.support.nominatim_stub import FakeClock, NominatimStub, Reply, result

USER_AGENT = "conflict-map-tests/0.1 (+https://example.org/conflict-map)"


@pytest.fixture
def clock():
    return FakeClock()


def make_geocoder(stub: NominatimStub, clock: FakeClock, **overrides) -> NominatimGeocoder:
    settings = NominatimSettings(
        domain=stub.domain,
        scheme="http",
        user_agent=USER_AGENT,
        timeout=overrides.pop("timeout", 5.0),
        min_delay_seconds=overrides.pop("min_delay_seconds", 1.0),
        **overrides,
    )
    return NominatimGeocoder(settings, sleep=clock.sleep, clock=clock)


def test_hit_sends_our_user_agent_and_parses_the_place(stub, clock):
    stub.places["camp taji"] = [result("Camp Taji", 33.53, 44.27, osm_type="way", osm_id=4242)]
    place = make_geocoder(stub, clock).search("Camp Taji", "IQ")

    assert place is not None
    assert (place.name, place.lat, place.lon, place.country) == ("Camp Taji", 33.53, 44.27, "IQ")
    assert place.provenance == "nominatim:way/4242"
    assert place.precision == SITE
    assert len(stub.hits) == 1
    hit = stub.hits[0]
    assert hit.path == "/search"
    assert hit.user_agent == USER_AGENT
    assert hit.params["q"] == "Camp Taji"
    assert hit.params["format"] == "json"
    assert hit.params["countrycodes"] == "iq"
    assert hit.params["limit"] == "1"
    assert clock.sleeps == []


def test_empty_answer_is_none(stub, clock):
    assert make_geocoder(stub, clock).search("Nowhere at all") is None
    assert len(stub.hits) == 1


def test_geocode_strips_the_phrase_and_caps_precision(stub, clock):
    stub.places["albu kamal"] = [result("Albu Kamal", 34.45, 40.92, addresstype="town")]
    place = make_geocoder(stub, clock).geocode("near Albu Kamal", "Syria")
    assert place is not None and place.precision == NEAR
    assert stub.hits[0].params["q"] == "Albu Kamal"
    assert stub.hits[0].params["countrycodes"] == "sy"


def test_429_waits_as_told_then_retries(stub, clock):
    stub.script(
        Reply(429, {"error": "slow down"}, headers={"Retry-After": "7"}),
        Reply(200, [result("Erbil", 36.19, 44.01, addresstype="city")]),
    )
    place = make_geocoder(stub, clock).search("Erbil")
    assert place is not None and place.name == "Erbil"
    assert len(stub.hits) == 2
    assert clock.sleeps == [7]
    assert all(hit.user_agent == USER_AGENT for hit in stub.hits)


def test_429_asking_for_too_long_a_wait_is_not_retried(stub, clock):
    stub.script(Reply(429, {"error": "slow down"}, headers={"Retry-After": "3600"}))
    with pytest.raises(GeocoderRateLimited) as caught:
        make_geocoder(stub, clock, max_retry_after_seconds=60).search("Erbil")
    assert caught.value.retry_after == 3600
    assert len(stub.hits) == 1
    assert clock.sleeps == []


def test_429_without_retry_after_backs_off_then_gives_up(stub, clock):
    stub.script(*[Reply(429, {"error": "slow down"}) for _ in range(3)])
    geocoder = make_geocoder(stub, clock, max_retries=2, backoff_seconds=2.0)
    with pytest.raises(GeocoderRateLimited) as caught:
        geocoder.search("Erbil")
    assert caught.value.retry_after is None
    assert len(stub.hits) == 3
    assert clock.sleeps == [2.0, 4.0]


def test_500_is_retried_with_backoff(stub, clock):
    stub.script(Reply(500, {"error": "boom"}), Reply(200, [result("Kirkuk", 35.47, 44.39)]))
    place = make_geocoder(stub, clock, backoff_seconds=2.0).search("Kirkuk")
    assert place is not None and place.name == "Kirkuk"
    assert len(stub.hits) == 2
    assert clock.sleeps == [2.0]


def test_persistent_500_raises_unavailable_after_the_retries(stub, clock):
    stub.script(*[Reply(500, {"error": "boom"}) for _ in range(4)])
    geocoder = make_geocoder(stub, clock, max_retries=3, backoff_seconds=2.0, max_backoff_seconds=5)
    with pytest.raises(GeocoderUnavailable) as caught:
        geocoder.search("Kirkuk")
    assert "HTTP 500" in str(caught.value)
    assert isinstance(caught.value.__cause__, geopy_exc.GeocoderServiceError)
    assert len(stub.hits) == 4
    assert clock.sleeps == [2.0, 4.0, 5]


def test_503_is_unavailable_not_a_timeout(stub, clock):
    stub.script(*[Reply(503, {"error": "busy"}) for _ in range(2)])
    with pytest.raises(GeocoderUnavailable) as caught:
        make_geocoder(stub, clock, max_retries=1).search("Kirkuk")
    assert not isinstance(caught.value, GeocoderTimedOut)
    assert len(stub.hits) == 2


@pytest.mark.slow
def test_timeout_raises_timed_out_after_one_request(stub, clock):
    stub.script(Reply(200, [result("Slow", 1.0, 1.0)], delay=2.0))
    with pytest.raises(GeocoderTimedOut):
        make_geocoder(stub, clock, timeout=0.3).search("Slow")
    assert len(stub.hits) == 1  # urllib adapter: no hidden retries


def test_malformed_json_is_a_response_error(stub, clock):
    stub.script(Reply(200, b"[{not json"))
    with pytest.raises(GeocoderResponseError):
        make_geocoder(stub, clock).search("Anything")
    assert len(stub.hits) == 1


def test_result_without_coordinates_is_a_response_error(stub, clock):
    stub.script(Reply(200, [{"display_name": "Somewhere", "lat": "north", "lon": "44"}]))
    with pytest.raises(GeocoderResponseError, match="north"):
        make_geocoder(stub, clock).search("Somewhere")


def test_400_is_a_query_error_and_not_retried(stub, clock):
    stub.script(Reply(400, {"error": "bad query"}))
    with pytest.raises(GeocoderQueryError):
        make_geocoder(stub, clock).search("?")
    assert len(stub.hits) == 1


def test_403_says_to_check_the_user_agent(stub, clock):
    stub.script(Reply(403, {"error": "blocked"}))
    with pytest.raises(GeocoderConfigError, match="user agent"):
        make_geocoder(stub, clock).search("Erbil")


def test_connection_refused_is_unavailable(clock):
    closed = NominatimStub()
    domain = closed.domain
    closed.server.server_close()  # the port is free again, nothing listens
    settings = NominatimSettings(domain=domain, scheme="http", user_agent=USER_AGENT, timeout=2)
    with pytest.raises(GeocoderUnavailable):
        NominatimGeocoder(settings, sleep=clock.sleep, clock=clock).search("Erbil")


def test_rate_limiter_spaces_requests_one_second_apart(stub, clock):
    stub.places["erbil"] = [result("Erbil", 36.19, 44.01)]
    geocoder = make_geocoder(stub, clock, min_delay_seconds=1.0)
    for _ in range(3):
        geocoder.search("Erbil")
    assert clock.sleeps == [1.0, 1.0]
    assert len(stub.hits) == 3


def test_rate_limiter_waits_only_the_rest_of_the_second(stub, clock):
    stub.places["erbil"] = [result("Erbil", 36.19, 44.01)]
    geocoder = make_geocoder(stub, clock, min_delay_seconds=1.0)
    geocoder.search("Erbil")
    clock.now += 0.25
    geocoder.search("Erbil")
    clock.now += 5.0
    geocoder.search("Erbil")
    assert clock.sleeps == [pytest.approx(0.75)]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"user_agent": "geopy/2.5.0"}, "user agent"),
        ({"user_agent": "  "}, "user agent"),
        ({"scheme": "ftp"}, "scheme"),
        ({"domain": "https://nominatim.example.org"}, "without a scheme"),
        ({"domain": ""}, "domain"),
        ({"timeout": 0}, "timeout"),
        ({"min_delay_seconds": 0.5}, "one request per second"),
    ],
)
def test_settings_refuse_bad_values(overrides, message):
    with pytest.raises(GeocoderConfigError, match=message):
        NominatimSettings(**overrides)


def test_settings_from_env():
    env = {
        "GEO_NOMINATIM_DOMAIN": "nominatim.example.org",
        "GEO_NOMINATIM_SCHEME": "http",
        "GEO_USER_AGENT": "conflict-map/0.1 (+mailto:maps@example.org)",
        "GEO_NOMINATIM_TIMEOUT": "4.5",
    }
    settings = NominatimSettings.from_env(env)
    assert settings.domain == "nominatim.example.org"
    assert settings.scheme == "http"
    assert settings.user_agent == env["GEO_USER_AGENT"]
    assert settings.timeout == 4.5
    defaults = NominatimSettings.from_env({})
    assert defaults.user_agent == DEFAULT_USER_AGENT
    assert defaults.domain == "nominatim.openstreetmap.org" and defaults.min_delay_seconds >= 1
    with pytest.raises(GeocoderConfigError, match="GEO_NOMINATIM_TIMEOUT"):
        NominatimSettings.from_env({"GEO_NOMINATIM_TIMEOUT": "soon"})


def test_geopy_configuration_error_becomes_ours():
    error = translate_geopy_error(geopy_exc.ConfigurationError("default user agent"), "test")
    assert isinstance(error, GeocoderConfigError)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"addresstype": "military", "class": "landuse", "type": "military"}, SITE),
        ({"addresstype": "city", "class": "place", "type": "city"}, SITE),
        ({"addresstype": "suburb", "class": "place", "type": "suburb"}, SITE),
        ({"addresstype": "state", "class": "boundary", "type": "administrative"}, REGION),
        ({"addresstype": "country", "class": "boundary", "type": "administrative"}, REGION),
        ({"addresstype": "county", "class": "boundary", "type": "administrative"}, REGION),
        ({"class": "boundary", "type": "administrative", "place_rank": 8}, REGION),
        ({"class": "boundary", "type": "administrative", "place_rank": 14}, NEAR),
        ({"class": "boundary", "type": "administrative", "place_rank": 16}, SITE),
        ({"addresstype": "district", "class": "boundary", "type": "administrative"}, NEAR),
        ({"addresstype": "mountain_range", "class": "natural", "type": "mountain_range"}, NEAR),
        ({"addresstype": "peak", "class": "natural", "type": "peak"}, SITE),
        ({}, SITE),
    ],
)
def test_precision_from_result(raw, expected):
    assert nominatim_precision(raw) == expected
