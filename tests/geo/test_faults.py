"""Geocoder failures: the dashboard still opens, shows every event it can place, and says
which places it could not place and why; a failing service never holds it for minutes.

The online geocoder is the real geopy client through our chain, against a stub on
127.0.0.1, a closed port, or a name under `.invalid` that a fake resolver refuses
(every lookup of a name other than the loopback is refused and recorded, so no
query leaves the machine). Waits go through a fake clock in the unit tests, so
they are counted, not spent.
"""

from __future__ import annotations

import csv
import io
import socket

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from events import load_events
from events.place import ONLINE_FAILURES_IN_A_ROW, place_events
from geo.cache import GeocodeCache
from geo.chain import Chain, shared_gazetteer, shared_geonames
from geo.deadline import online_time_limit, time_left
from geo.errors import GeocoderConfigError, GeocoderTimedOut, GeocoderUnavailable
from geo.nominatim import NominatimGeocoder, NominatimSettings
from tests.support import ROOT
from tests.support.apptest import marker_ids, problems_expander
from tests.support.nominatim_stub import FakeClock, NominatimStub, Reply, result

APP = str(ROOT / "app.py")
USER_AGENT = "conflict-map-tests/0.1 (+https://example.org/conflict-map)"
BUNDLED = ROOT / "data" / "events.csv"
UNKNOWN_PLACES = [f"Tell Qwertyuz {n}" for n in range(1, 7)]  # in no offline source
PLACED_OFFLINE = ["Camp Taji", "near Albu Kamal"]  # blank coordinates, in the gazetteer


@pytest.fixture
def resolver(monkeypatch):
    """Refuse to resolve any name but the loopback's, and record what was asked."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in ("127.0.0.1", "localhost", "::1"):
            return real(host, *args, **kwargs)
        asked.append(name)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


# --------------------------------------------------------------------------
# the events file: placed events, places the gazetteer knows, places nobody knows
# --------------------------------------------------------------------------


def events_file(folder) -> tuple[int, list[str]]:
    """Write events.csv and sources.csv; return (events that can be placed, unknown places)."""
    with open(BUNDLED, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fieldnames = list(rows[0])
    chosen = rows[:4]
    for n, place in enumerate(PLACED_OFFLINE + UNKNOWN_PLACES):
        row = dict(rows[4 + n])
        row.update(
            event_id=f"{row['event_id']}-x{n}",
            location=place,
            country="Iraq" if place != "near Albu Kamal" else "Syria",
            latitude="",
            longitude="",
            geo_source="",
            responds_to="",
        )
        chosen.append(row)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(chosen)
    (folder / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "sources.csv").write_bytes((ROOT / "data" / "sources.csv").read_bytes())
    return 4 + len(PLACED_OFFLINE), UNKNOWN_PLACES


def run_app(folder, monkeypatch, domain: str, **env: str) -> AppTest:
    monkeypatch.setenv("EVENTS_CSV", str(folder / "events.csv"))
    monkeypatch.setenv("GEO_ONLINE", "1")
    monkeypatch.setenv("GEO_NOMINATIM_DOMAIN", domain)
    monkeypatch.setenv("GEO_NOMINATIM_SCHEME", "http")
    monkeypatch.setenv("GEO_USER_AGENT", USER_AGENT)
    monkeypatch.setenv("GEO_CACHE_DIR", str(folder / "cache"))
    monkeypatch.setenv("GEO_NOMINATIM_MIN_DELAY", "0")
    monkeypatch.delenv("GEO_CACHE_PATH", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def location_problems(at: AppTest) -> pd.DataFrame:
    expander = problems_expander(at)
    assert expander is not None, "the problems are listed"
    problems = expander.dataframe[0].value
    return problems.loc[problems["Column"] == "location"]


def assert_every_unknown_place_is_explained(at: AppTest, unknown: list[str], why: str) -> None:
    problems = location_problems(at)
    assert sorted(problems["Value"]) == sorted(unknown)
    reasons = list(problems["Problem"])
    assert all("not on the map" in r or "could not be geocoded" in r for r in reasons), reasons
    assert any(why in r for r in reasons), (why, reasons)
    given_up = [r for r in reasons if "not tried online" in r]
    assert len(given_up) == len(unknown) - ONLINE_FAILURES_IN_A_ROW, reasons


# --------------------------------------------------------------------------
# the app, with each kind of failure
# --------------------------------------------------------------------------


@pytest.mark.slow
def test_network_down_the_app_shows_what_it_can_and_says_why(tmp_path, monkeypatch, resolver):
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, f"127.0.0.1:{closed_port()}")
    assert len(marker_ids(at)) == placeable
    assert_every_unknown_place_is_explained(at, unknown, "refused")
    assert resolver == []


@pytest.mark.slow
def test_dns_failure_never_leaves_the_machine(tmp_path, monkeypatch, resolver):
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, "nominatim.conflict-map.invalid")
    assert len(marker_ids(at)) == placeable
    assert_every_unknown_place_is_explained(at, unknown, "could not be geocoded")
    assert set(resolver) == {"nominatim.conflict-map.invalid"}
    assert len(resolver) == ONLINE_FAILURES_IN_A_ROW, "asked once per place, then stopped"


@pytest.mark.slow
def test_timeouts(tmp_path, monkeypatch, resolver, stub):
    stub.script(*[Reply(200, [], delay=1.0) for _ in range(20)])
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, stub.domain, GEO_NOMINATIM_TIMEOUT="0.2")
    assert len(marker_ids(at)) == placeable
    assert_every_unknown_place_is_explained(at, unknown, "timed out")
    assert len(stub.hits) == ONLINE_FAILURES_IN_A_ROW


@pytest.mark.slow
def test_a_storm_of_429_asking_for_long_waits_is_not_waited_out(
    tmp_path, monkeypatch, resolver, stub
):
    # A service asking for 50 s per retry would hold the page for minutes if obeyed.
    stub.script(*[Reply(429, {"error": "busy"}, {"Retry-After": "50"}) for _ in range(50)])
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, stub.domain)
    assert len(marker_ids(at)) == placeable
    assert_every_unknown_place_is_explained(at, unknown, "more than the")
    assert len(stub.hits) == ONLINE_FAILURES_IN_A_ROW, "one request per place, no waiting"


@pytest.mark.slow
def test_a_storm_of_429_is_retried_briefly_then_given_up(tmp_path, monkeypatch, resolver, stub):
    stub.script(*[Reply(429, {"error": "busy"}, {"Retry-After": "0"}) for _ in range(50)])
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, stub.domain)
    assert len(marker_ids(at)) == placeable
    assert_every_unknown_place_is_explained(at, unknown, "429")
    retries = NominatimSettings().max_retries
    assert len(stub.hits) == ONLINE_FAILURES_IN_A_ROW * (retries + 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [b"<html>Service temporarily down</html>", b'{"unexpected": "shape"}', b'[{"lat": "north"}]'],
    ids=["html", "json object", "bad coordinates"],
)
def test_malformed_answers(tmp_path, monkeypatch, resolver, stub, body):
    stub.script(*[Reply(200, body) for _ in range(20)])
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, stub.domain)
    assert len(marker_ids(at)) == placeable
    assert_every_unknown_place_is_explained(at, unknown, "could not be geocoded")
    assert len(stub.hits) == ONLINE_FAILURES_IN_A_ROW


@pytest.mark.slow
def test_a_healthy_service_places_everything(tmp_path, monkeypatch, resolver, stub):
    for n, place in enumerate(UNKNOWN_PLACES):
        stub.places[place.lower()] = [result(place, 33.0 + n / 10, 44.0, osm_id=n + 1)]
    placeable, unknown = events_file(tmp_path)
    at = run_app(tmp_path, monkeypatch, stub.domain)
    assert len(marker_ids(at)) == placeable + len(unknown)
    expander = problems_expander(at)
    assert expander is None or "location" not in set(expander.dataframe[0].value["Column"])


# --------------------------------------------------------------------------
# place_events with a fake clock: every wait counted against the time limit
# --------------------------------------------------------------------------


def unknown_events(places: list[str]) -> pd.DataFrame:
    bundled = load_events(BUNDLED).events
    events = bundled.iloc[[n % len(bundled) for n in range(len(places))]].copy()
    events = events.reset_index(drop=True)
    events["location"] = places
    events["country"] = "Iraq"
    events["latitude"] = float("nan")
    events["longitude"] = float("nan")
    return events


def online_chain(stub: NominatimStub, clock: FakeClock, tmp_path, **settings) -> Chain:
    client = NominatimGeocoder(
        NominatimSettings(domain=stub.domain, scheme="http", user_agent=USER_AGENT, **settings),
        sleep=clock.sleep,
        clock=clock,
    )
    cache = GeocodeCache(tmp_path / "cache.json")
    return Chain(shared_gazetteer(), shared_geonames(), cache, client)


def test_a_storm_of_500s_stops_within_the_time_limit(stub, tmp_path):
    stub.script(*[Reply(500, {"error": "down"}) for _ in range(100)])
    clock = FakeClock()
    start = clock.now
    places = [f"Tell Qwertyuz {n}" for n in range(10)]
    placed, problems = place_events(
        unknown_events(places), online_chain(stub, clock, tmp_path), time_limit_s=20, clock=clock
    )
    assert clock.now - start <= 20, "no wait ran past the limit"
    assert placed["latitude"].isna().all()
    assert [p.value for p in problems] == places
    assert all("not tried online" in p.message for p in problems[ONLINE_FAILURES_IN_A_ROW:])


def test_a_slow_healthy_service_is_asked_until_the_time_is_spent(stub, tmp_path):
    places = [f"Tell Qwertyuz {n}" for n in range(40)]
    for n, place in enumerate(places):
        stub.places[place.lower()] = [result(place, 33.0 + n / 100, 44.0, osm_id=n + 1)]
    clock = FakeClock()
    placed, problems = place_events(
        unknown_events(places), online_chain(stub, clock, tmp_path), time_limit_s=10, clock=clock
    )
    asked = len(stub.hits)
    assert 0 < asked < len(places)
    assert placed["latitude"].notna().sum() == asked
    assert [p.value for p in problems] == places[asked:]
    assert all("10 s allowed for online lookups were spent" in p.message for p in problems)


def test_answers_from_before_the_failure_are_still_used(stub, tmp_path):
    """Places answered online earlier come from the cache once the service is given up."""
    clock = FakeClock()
    known = "Tell Qwertyuz known"
    stub.places[known.lower()] = [result(known, 33.3, 44.4)]
    place_events(unknown_events([known]), online_chain(stub, clock, tmp_path), clock=clock)
    stub.script(*[Reply(503) for _ in range(100)])
    places = ["Tell Qwertyuz a", "Tell Qwertyuz b", "Tell Qwertyuz c", known, "Camp Taji"]
    placed, problems = place_events(
        unknown_events(places), online_chain(stub, clock, tmp_path), clock=clock
    )
    assert list(placed["latitude"].notna()) == [False, False, False, True, True]
    assert [p.value for p in problems] == places[:3]


def test_one_success_between_failures_keeps_the_service(stub, tmp_path):
    clock = FakeClock()
    good = "Tell Qwertyuz good"
    stub.script(Reply(503), Reply(200, [result(good, 33.3, 44.4)]), Reply(503), Reply(503))
    places = ["Tell Qwertyuz a", good, "Tell Qwertyuz b", "Tell Qwertyuz c", "Tell Qwertyuz d"]
    placed, problems = place_events(
        unknown_events(places), online_chain(stub, clock, tmp_path, max_retries=0), clock=clock
    )
    # a fails, good is found, b and c fail, d is asked and not found: never 3 failures in a row
    assert [h.params["q"] for h in stub.hits] == places
    assert all("not tried" not in p.message for p in problems)
    assert list(placed["latitude"].notna()) == [False, True, False, False, False]


class AlwaysDown:
    """A geocoder without an offline part that always fails."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def geocode(self, query: str, country: str | None = None):
        self.asked.append(query)
        raise GeocoderUnavailable(f"service down for {query!r}")


def test_a_geocoder_without_offline_part_is_no_longer_asked():
    geocoder = AlwaysDown()
    places = [f"P{n}" for n in range(6)]
    _, problems = place_events(unknown_events(places), geocoder)
    assert geocoder.asked == places[:ONLINE_FAILURES_IN_A_ROW]
    assert all(p.message.startswith("not tried: ") for p in problems[ONLINE_FAILURES_IN_A_ROW:])
    assert "service down for 'P2'" in problems[-1].message


def test_the_time_limit_is_per_block_and_nests():
    clock = FakeClock()
    assert time_left() is None
    with online_time_limit(10, clock):
        clock.sleep(4)
        assert time_left() == 6
        with online_time_limit(100, clock):
            assert time_left() == 6, "an inner block cannot extend the outer limit"
        with online_time_limit(1, clock):
            assert time_left() == 1
    assert time_left() is None


def test_no_request_starts_once_the_time_is_spent(stub):
    clock = FakeClock()
    client = NominatimGeocoder(
        NominatimSettings(domain=stub.domain, scheme="http", user_agent=USER_AGENT),
        sleep=clock.sleep,
        clock=clock,
    )
    with online_time_limit(5, clock), pytest.raises(GeocoderTimedOut, match="spent"):
        clock.sleep(6)
        client.search("Camp Taji")
    assert stub.hits == []


def test_request_spacing_comes_from_the_environment_but_not_below_the_public_policy():
    local = NominatimSettings.from_env(
        {"GEO_NOMINATIM_DOMAIN": "127.0.0.1:8080", "GEO_NOMINATIM_MIN_DELAY": "0"}
    )
    assert local.min_delay_seconds == 0
    with pytest.raises(GeocoderConfigError, match="at most one request per second"):
        NominatimSettings.from_env({"GEO_NOMINATIM_MIN_DELAY": "0.2"})
    with pytest.raises(GeocoderConfigError, match="GEO_NOMINATIM_MIN_DELAY='soon'"):
        NominatimSettings.from_env({"GEO_NOMINATIM_MIN_DELAY": "soon"})
