"""The chain: order of the steps, provenance, precision, and when the network is asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import Geocoder, GeocoderQueryError, GeocoderUnavailable, default_chain
from geo.cache import GeocodeCache
from geo.chain import Chain, shared_gazetteer, shared_geonames
from geo.gazetteer import Gazetteer
from geo.geonames import GeoNames
from geo.nominatim import NominatimGeocoder, NominatimSettings
from geo.place import NEAR
from tests.support.geonames_sample import FAKE
from tests.support.nominatim_stub import FakeClock, NominatimStub, Reply, result

USER_AGENT = "conflict-map-tests/0.1 (+https://example.org/conflict-map)"
UNKNOWN = "Tell Qwertyuz"  # in no offline source


def online_client(stub: NominatimStub) -> NominatimGeocoder:
    clock = FakeClock()
    settings = NominatimSettings(
        domain=stub.domain, scheme="http", user_agent=USER_AGENT, min_delay_seconds=1.0
    )
    return NominatimGeocoder(settings, sleep=clock.sleep, clock=clock)


def chain(stub: NominatimStub | None, cache_path: Path | None, **parts) -> Chain:
    return Chain(
        parts.get("gazetteer", shared_gazetteer()),
        parts.get("geonames", shared_geonames()),
        GeocodeCache(cache_path) if cache_path else None,
        online_client(stub) if stub else None,
    )


def test_every_step_is_a_geocoder():
    for thing in (shared_gazetteer(), shared_geonames(), chain(None, None)):
        assert isinstance(thing, Geocoder)


def test_gazetteer_comes_before_geonames():
    # GeoNames alone sends "Taji" to Taiji, Japan; the gazetteer knows the base.
    assert shared_geonames().geocode("Taji").country == "JP"
    assert chain(None, None).geocode("Taji").provenance == "gazetteer:camp-taji"


def test_geonames_answers_what_the_gazetteer_lacks():
    place = chain(None, None).geocode("Sadr City", "Iraq")
    assert place.provenance.startswith("geonames:") and place.country == "IQ"


def test_offline_answers_never_reach_the_network(stub, tmp_path):
    online = chain(stub, tmp_path / "cache.json")
    for name in ("Camp Taji", "near Albu Kamal", "Sadr City", "Hewler"):
        assert online.geocode(name) is not None
    assert stub.hits == []


def test_online_answer_is_cached_and_not_asked_again(stub, tmp_path):
    stub.places[UNKNOWN.lower()] = [result(UNKNOWN, 34.1, 42.1, osm_type="node", osm_id=77)]
    cache_path = tmp_path / "cache.json"

    first = chain(stub, cache_path).geocode(UNKNOWN, "Iraq")
    assert first.provenance == "nominatim:node/77"
    assert len(stub.hits) == 1 and stub.hits[0].user_agent == USER_AGENT

    second = chain(stub, cache_path).geocode(UNKNOWN, "Iraq")
    assert second == first
    assert len(stub.hits) == 1

    offline_now = chain(None, cache_path).geocode(UNKNOWN, "Iraq")
    assert offline_now == first


def test_misses_are_cached_too(stub, tmp_path):
    cache_path = tmp_path / "cache.json"
    assert chain(stub, cache_path).geocode(UNKNOWN) is None
    assert chain(stub, cache_path).geocode(UNKNOWN) is None
    assert len(stub.hits) == 1


def test_errors_are_raised_and_not_cached(stub, tmp_path):
    cache_path = tmp_path / "cache.json"
    stub.script(Reply(400, {"error": "bad"}))
    with pytest.raises(GeocoderQueryError):
        chain(stub, cache_path).geocode(UNKNOWN)
    stub.script(Reply(200, []))
    assert chain(stub, cache_path).geocode(UNKNOWN) is None
    assert len(stub.hits) == 2


def test_unavailable_service_surfaces(stub, tmp_path):
    stub.script(*[Reply(500, {"error": "down"}) for _ in range(4)])
    with pytest.raises(GeocoderUnavailable):
        chain(stub, tmp_path / "cache.json").geocode(UNKNOWN)


def test_offline_chain_never_asks(stub, tmp_path):
    assert chain(None, tmp_path / "cache.json").geocode(UNKNOWN) is None
    assert stub.hits == []


def test_online_answers_keep_the_phrase_precision(stub, tmp_path):
    stub.places[UNKNOWN.lower()] = [result(UNKNOWN, 34.1, 42.1)]
    place = chain(stub, tmp_path / "cache.json").geocode(f"10 km west of {UNKNOWN}")
    assert place.precision == NEAR
    assert stub.hits[0].params["q"] == UNKNOWN


def test_context_helps_online_and_is_the_last_resort_offline(stub, tmp_path):
    offline = chain(None, None).geocode(f"{UNKNOWN}, Baghdad")
    assert offline.provenance == "gazetteer:baghdad" and offline.precision == NEAR

    stub.places[f"{UNKNOWN}, Baghdad".lower()] = [result(UNKNOWN, 33.31, 44.37)]
    online = chain(stub, tmp_path / "cache.json").geocode(f"{UNKNOWN}, Baghdad")
    assert online.provenance.startswith("nominatim") and online.precision == 1
    assert stub.hits[0].params["q"] == f"{UNKNOWN}, Baghdad"


def test_country_in_the_phrase_is_used_as_the_country(stub, tmp_path):
    place = chain(None, None).geocode("Camp Taji, Iraq")
    assert place.provenance == "gazetteer:camp-taji"
    stub.places[UNKNOWN.lower()] = [result(UNKNOWN, 34.1, 42.1)]
    chain(stub, tmp_path / "cache.json").geocode(f"{UNKNOWN}, Iraq")
    assert stub.hits[0].params["countrycodes"] == "iq"


def test_bad_queries_raise():
    with pytest.raises(GeocoderQueryError, match="Atlantis"):
        chain(None, None).geocode("Camp Taji", "Atlantis")
    with pytest.raises(GeocoderQueryError, match="empty"):
        chain(None, None).geocode("  ")


def test_steps_can_be_left_out(tmp_path):
    gazetteer_only = Chain(Gazetteer.from_csv(), None)
    assert gazetteer_only.geocode("Sadr City") is None
    assert gazetteer_only.geocode("Camp Taji").provenance == "gazetteer:camp-taji"


def test_geonames_context_prefers_the_nearby_namesake(tmp_path):
    from geo.geonames import build_index

    index = GeoNames(build_index(tmp_path / "geonames-cities500-ctx.sqlite", FAKE))
    try:
        only_geonames = Chain(None, index)
        # Two Springfields: alone, the more populous (Massachusetts) wins; with
        # Decatur as context, the one 60 km from Decatur (Illinois) does.
        assert only_geonames.geocode("Springfield").provenance == "geonames:2"
        assert only_geonames.geocode("Springfield, Decatur").provenance == "geonames:1"
    finally:
        index.close()


def test_default_chain_is_cheap_to_call_again(tmp_path):
    a = default_chain(online=False, cache_path=tmp_path / "c.json")
    b = default_chain(online=False, cache_path=tmp_path / "c.json")
    assert a.gazetteer is b.gazetteer and a.geonames is b.geonames and a.cache is b.cache
    assert a.online is None


def test_geo_online_env_turns_the_network_on(stub, tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_ONLINE", "1")
    monkeypatch.setenv("GEO_NOMINATIM_DOMAIN", stub.domain)
    monkeypatch.setenv("GEO_NOMINATIM_SCHEME", "http")
    monkeypatch.setenv("GEO_USER_AGENT", USER_AGENT)
    stub.places[UNKNOWN.lower()] = [result(UNKNOWN, 34.1, 42.1)]
    env_chain = default_chain(cache_path=tmp_path / "c.json")
    assert env_chain.online is not None
    assert env_chain.geocode(UNKNOWN).provenance.startswith("nominatim")
    assert [hit.user_agent for hit in stub.hits] == [USER_AGENT]
    assert default_chain(online=False, cache_path=tmp_path / "c.json").online is None


def test_gazetteer_answers_do_not_open_the_geonames_index():
    from geo.geonames import LazyGeoNames

    lazy = LazyGeoNames()
    lazy_chain = Chain(shared_gazetteer(), lazy)
    assert lazy_chain.geocode("near Albu Kamal", "Syria").provenance == "gazetteer:albu-kamal"
    assert not lazy.is_open
    assert lazy_chain.geocode("Sadr City", "Iraq").provenance.startswith("geonames:")
    assert lazy.is_open
