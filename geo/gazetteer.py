"""The curated gazetteer: places conflict reporting names that GeoNames lacks or misplaces.

Military bases, airports, embassies, border crossings, oil fields and
governorates of Iraq and Syria, each with the aliases and transliterations
reports use (`data/gazetteer.csv`). It is consulted first, so "Taji" means the
base, not some village of that name elsewhere.

Each entry's names in Arabic script, Arabic and (in the Kurdistan Region)
Sorani Kurdish, live in a table of their own beside it
(`data/gazetteer_names.csv`, keyed by `place_id`): a column per script keeps
them checkable (every entry has its Arabic name; the script is Arabic), and
the main table's rows are not rewritten to carry them. Installations are also
found by their designations ("X AB", "Camp X base", "FOB X"): see
`geo.designations`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from geo.countries import country_code
from geo.designations import KINDS_FOR, designation
from geo.errors import GeoDataError
from geo.normalise import name_key, normalise, skeleton
from geo.place import EXACT, LOOSE, PRECISIONS, Place, distance_km

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.csv"
# The names in Arabic script, beside the gazetteer it belongs to.
NAMES_FILE = "gazetteer_names.csv"
NAME_COLUMNS = ("place_id", "ar", "ckb")

KINDS = frozenset(
    {
        "base",
        "airport",
        "embassy",
        "district",
        "governorate",
        "region",
        "country",
        "town",
        "city",
        "crossing",
        "oilfield",
        "area",
        "mountain",
    }
)
# Kinds that name an administrative area rather than a point: asked for by
# "X province", avoided otherwise ("Karbala" is the city, not the governorate).
REGION_KINDS = frozenset({"governorate", "region", "country", "district"})
REQUIRED_COLUMNS = (
    "place_id",
    "name",
    "aliases",
    "country",
    "admin1",
    "kind",
    "lat",
    "lon",
    "precision",
    "coord_source",
)
COORD_SOURCES = ("geonames:", "wikipedia:", "estimate:", "osm:", "manual:")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Loose matches closer than this to each other count as one place.
_SAME_PLACE_KM = 10.0
# Shorter skeletons match too many unrelated names.
MIN_SKELETON = 4


@dataclass(frozen=True, slots=True)
class Entry:
    place_id: str
    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    admin1: str
    kind: str
    lat: float
    lon: float
    precision: int
    coord_source: str
    # Names in Arabic script: Arabic, and Sorani Kurdish where it is spoken.
    name_ar: tuple[str, ...] = ()
    name_ckb: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Every name the entry answers to, in every script."""
        return (self.name, *self.aliases, *self.name_ar, *self.name_ckb)

    def place(self, country: str | None, match: str = EXACT) -> Place:
        return Place(
            name=self.name,
            lat=self.lat,
            lon=self.lon,
            country=country if country in self.countries else self.countries[0],
            kind=self.kind,
            precision=self.precision,
            provenance=f"gazetteer:{self.place_id}",
            match=match,
        )


def _parse_row(row: dict[str, str], where: str, problems: list[str]) -> Entry | None:
    def bad(column: str, why: str) -> None:
        problems.append(f"{where}, column {column!r}, value {row.get(column)!r}: {why}")

    place_id = (row.get("place_id") or "").strip()
    if not _SLUG_RE.match(place_id):
        bad("place_id", "expected a lowercase slug like 'camp-taji'")
    name = (row.get("name") or "").strip()
    if not name:
        bad("name", "empty")
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        bad("kind", f"expected one of {sorted(KINDS)}")
    countries: list[str] = []
    for part in (row.get("country") or "").split("|"):
        try:
            code = country_code(part)
        except ValueError as error:
            bad("country", str(error))
            continue
        if code is None or part.strip() != code:
            bad("country", "expected ISO 3166 alpha-2 codes separated by '|', e.g. 'IQ' or 'IQ|SY'")
        else:
            countries.append(code)
    coords: list[float] = []
    for column, limit in (("lat", 90.0), ("lon", 180.0)):
        try:
            value = float(row.get(column) or "")
        except ValueError:
            bad(column, "not a number")
            continue
        if not -limit <= value <= limit:
            bad(column, f"outside -{limit}..{limit}")
            continue
        coords.append(value)
    try:
        precision = int(row.get("precision") or "")
    except ValueError:
        precision = 0
    if precision not in PRECISIONS:
        bad("precision", f"expected one of {PRECISIONS}")
    coord_source = (row.get("coord_source") or "").strip()
    if not coord_source.startswith(COORD_SOURCES) or coord_source in COORD_SOURCES:
        bad("coord_source", f"expected it to start with one of {COORD_SOURCES} and say more")
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    if problems and problems[-1].startswith(where):
        return None
    return Entry(
        place_id=place_id,
        name=name,
        aliases=aliases,
        countries=tuple(countries),
        admin1=(row.get("admin1") or "").strip(),
        kind=kind,
        lat=coords[0],
        lon=coords[1],
        precision=precision,
        coord_source=coord_source,
    )


def _is_arabic_script(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(
        "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters
    )


def load_names(path: Path, known: dict[str, int]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The Arabic-script names table: place_id -> (Arabic names, Kurdish names).

    Several names in one cell are separated by '|'. A place_id the gazetteer
    does not have, a repeated one, or a name not in Arabic script is reported
    by row, column and value.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise GeoDataError(f"cannot read the gazetteer's names {path}: {error}") from error
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in NAME_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GeoDataError(f"{path}: missing columns {missing}; has {reader.fieldnames}")
    problems: list[str] = []
    names: dict[str, tuple[tuple[str, ...], ...]] = {}
    for line, row in enumerate(reader, start=2):
        where = f"{path.name} row {line}"
        place_id = (row.get("place_id") or "").strip()
        if place_id not in known:
            problems.append(f"{where}, column 'place_id', value {place_id!r}: not in the gazetteer")
            continue
        if place_id in names:
            problems.append(f"{where}, column 'place_id', value {place_id!r}: listed twice")
            continue
        cells = []
        for column in ("ar", "ckb"):
            values = tuple(v.strip() for v in (row.get(column) or "").split("|") if v.strip())
            for value in values:
                if not _is_arabic_script(value):
                    problems.append(
                        f"{where}, column {column!r}, value {value!r}: not in Arabic script"
                    )
            cells.append(values)
        names[place_id] = tuple(cells)
    if problems:
        raise GeoDataError(
            f"{len(problems)} problem(s) in the gazetteer's names:\n" + "\n".join(problems)
        )
    return names


def load_entries(path: Path = DEFAULT_PATH) -> list[Entry]:
    """Read and validate the gazetteer; every problem is reported at once, by row and column.

    The Arabic-script names are read from `NAMES_FILE` beside it, when there is one.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise GeoDataError(f"cannot read the gazetteer {path}: {error}") from error
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GeoDataError(f"{path}: missing columns {missing}; has {reader.fieldnames}")
    problems: list[str] = []
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        where = f"{path.name} row {line}"
        entry = _parse_row(row, where, problems)
        if entry is None:
            continue
        if entry.place_id in seen:
            problems.append(
                f"{where}, column 'place_id', value {entry.place_id!r}: "
                f"already used on row {seen[entry.place_id]}"
            )
            continue
        seen[entry.place_id] = line
        entries.append(entry)
    if problems:
        raise GeoDataError(f"{len(problems)} problem(s) in the gazetteer:\n" + "\n".join(problems))
    names_path = path.with_name(NAMES_FILE)
    if names_path.exists():
        names = load_names(names_path, seen)
        entries = [
            replace(e, name_ar=names[e.place_id][0], name_ckb=names[e.place_id][1])
            if e.place_id in names
            else e
            for e in entries
        ]
    return entries


class Gazetteer:
    """Exact (and, failing that, loose) lookups in the curated places."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        self._by_key: dict[str, list[Entry]] = {}
        self._by_skeleton: dict[str, list[Entry]] = {}
        # Name keys without their designation ("taji" for "Camp Taji").
        self._by_core: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for label in entry.labels:
                key = name_key(label)
                bucket = self._by_key.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
                core, _ = designation(key)
                bucket = self._by_core.setdefault(core, [])
                if entry not in bucket:
                    bucket.append(entry)
                skel = skeleton(key)
                if len(skel) >= MIN_SKELETON:
                    bucket = self._by_skeleton.setdefault(skel, [])
                    if entry not in bucket:
                        bucket.append(entry)

    @classmethod
    def from_csv(cls, path: Path = DEFAULT_PATH) -> Gazetteer:
        return cls(load_entries(path))

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def _rank(
        entries: list[Entry], country: str | None, wants_region: bool, context: tuple[str, ...]
    ) -> list[Entry]:
        if country:
            entries = [e for e in entries if country in e.countries]

        def order(indexed: tuple[int, Entry]) -> tuple[int, int, int]:
            position, entry = indexed
            region_mismatch = (entry.kind in REGION_KINDS) != wants_region
            in_context = bool(context) and (
                name_key(entry.admin1) in context or name_key(entry.name) in context
            )
            return (int(region_mismatch), int(not in_context), position)

        return [e for _, e in sorted(enumerate(entries), key=order)]

    def lookup(
        self,
        key: str,
        country: str | None = None,
        wants_region: bool = False,
        context: tuple[str, ...] = (),
    ) -> Place | None:
        """The best entry whose name or alias has this `name_key`.

        Failing that, when the key carries a designation ("Al Asad AB", "Camp
        Taji base", "معبر ربيعة"), an entry of a kind that designation allows
        whose name without its own designation is the same.
        """
        ranked = self._rank(self._by_key.get(key, []), country, wants_region, context)
        if not ranked:
            ranked = self._designated(key, country, context)
        return ranked[0].place(country) if ranked else None

    def _designated(self, key: str, country: str | None, context: tuple[str, ...]) -> list[Entry]:
        core, cls = designation(key)
        if cls is None or not core:
            return []
        kinds = KINDS_FOR[cls]
        candidates = [e for e in self._by_core.get(core, []) if e.kind in kinds]
        ranked = self._rank(candidates, country, False, context)
        # A base named after its oil field is found as the field only when no
        # base or airport has the name.
        return sorted(ranked, key=lambda e: e.kind == "oilfield" and cls != "field")

    def lookup_loose(
        self, key: str, country: str | None = None, wants_region: bool = False
    ) -> Place | None:
        """An entry whose alias has the same consonant skeleton, if that is unambiguous."""
        skel = skeleton(key)
        if len(skel) < MIN_SKELETON:
            return None
        ranked = self._rank(self._by_skeleton.get(skel, []), country, wants_region, ())
        if not ranked:
            return None
        first = ranked[0]
        if any(distance_km(first.lat, first.lon, e.lat, e.lon) > _SAME_PLACE_KM for e in ranked):
            return None
        return first.place(country, match=LOOSE)

    def geocode(self, query: str, country: str | None = None) -> Place | None:
        """Resolve a phrase against the gazetteer alone (see `geo.chain` for the full chain)."""
        code = country_code(country)
        phrase = normalise(query)
        for key, floor, wants_region in phrase.keys:
            place = self.lookup(key, code, wants_region, phrase.context_keys)
            if place is not None:
                return place.at_least(floor)
        return None
