"""The answer cache: hits and misses persist, writes are atomic, other writers are merged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from geo.cache import FORMAT, GeocodeCache, cache_key
from geo.errors import GeoDataError
from geo.place import Place

TAJI = Place("Camp Taji", 33.53, 44.27, "IQ", "military", 1, "nominatim:way/1")


def test_hits_and_misses_survive_a_new_instance(tmp_path: Path):
    path = tmp_path / "cache.json"
    cache = GeocodeCache(path)
    cache.put(cache_key("camp taji", "IQ"), TAJI, source="nominatim")
    cache.put(cache_key("nowhere", None), None, source="nominatim")

    again = GeocodeCache(path)
    assert again.get("camp taji|IQ").place == TAJI
    miss = again.get("nowhere|")
    assert miss is not None and miss.place is None and miss.source == "nominatim"
    assert again.get("never asked|") is None
    assert len(again) == 2
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT and set(document["entries"]) == {"camp taji|IQ", "nowhere|"}


def test_a_failed_write_leaves_the_old_file_and_no_temp_files(tmp_path: Path, monkeypatch):
    path = tmp_path / "cache.json"
    GeocodeCache(path).put("camp taji|IQ", TAJI, source="nominatim")
    before = path.read_bytes()

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        GeocodeCache(path).put("other|", None, source="nominatim")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["cache.json"]


def test_writes_from_two_instances_are_merged(tmp_path: Path):
    path = tmp_path / "cache.json"
    first, second = GeocodeCache(path), GeocodeCache(path)
    first.put("a|", None, source="nominatim")
    second.put("b|", TAJI, source="nominatim")
    first.put("c|", None, source="nominatim")
    assert set(json.loads(path.read_text())["entries"]) == {"a|", "b|", "c|"}


def test_a_corrupt_cache_is_reported_not_ignored(tmp_path: Path):
    path = tmp_path / "cache.json"
    path.write_text("{half a docu", encoding="utf-8")
    with pytest.raises(GeoDataError, match="cache.json"):
        GeocodeCache(path).get("x|")


def test_a_foreign_json_file_is_not_taken_for_a_cache(tmp_path: Path):
    path = tmp_path / "cache.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(GeoDataError, match="not a geocode cache"):
        GeocodeCache(path).get("x|")
