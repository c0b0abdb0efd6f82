"""A persistent cache of online answers, so each name is asked online once.

Both hits and misses are stored: a name Nominatim does not know would
otherwise be asked again on every run, which the OpenStreetMap usage policy
asks us not to do. Keyed by the normalised query and the country code. Errors
are never cached: a timeout says nothing about the place.

The file is JSON, rewritten atomically on every new answer (answers arrive at
most once a second, so the cost does not matter). Before writing, entries
another process added since we read the file are merged in, and whatever else
the file holds (fields of a newer version, notes) is written back as it was.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geo.errors import GeoDataError
from geo.place import Place
from storage.atomic import write_bytes_atomic

FORMAT = "conflict-map geocode cache"
VERSION = 1


def cache_key(key: str, country: str | None) -> str:
    return f"{key}|{country or ''}"


@dataclass(frozen=True, slots=True)
class CacheEntry:
    place: Place | None  # None: the service was asked and found nothing
    source: str
    stored: str


class GeocodeCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._entries: dict[str, dict[str, Any]] | None = None
        self._mtime_ns: int | None = None
        self._other_fields: dict[str, Any] = {}  # top-level fields this code does not use
        self._lock = threading.Lock()

    def _read_file(self) -> tuple[dict[str, dict[str, Any]], int | None]:
        entries, mtime, others = self._read_document()
        self._other_fields = {**self._other_fields, **others}
        return entries, mtime

    def _read_document(self) -> tuple[dict[str, dict[str, Any]], int | None, dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}, None, {}
        except OSError as error:
            raise GeoDataError(f"cannot read the geocode cache {self.path}: {error}") from error
        try:
            document = json.loads(raw)
        except ValueError as error:
            raise GeoDataError(
                f"the geocode cache {self.path} is not valid JSON ({error}); "
                "delete it to start afresh (it only holds answers that can be asked again)"
            ) from error
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise GeoDataError(f"{self.path} is not a geocode cache (no format {FORMAT!r})")
        if document.get("version") != VERSION:
            raise GeoDataError(
                f"the geocode cache {self.path} has version {document.get('version')!r}, "
                f"this code reads version {VERSION}"
            )
        entries = document.get("entries")
        if not isinstance(entries, dict):
            raise GeoDataError(f"the geocode cache {self.path} has no 'entries' object")
        others = {k: v for k, v in document.items() if k not in ("format", "version", "entries")}
        return entries, mtime, others

    def _loaded(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries, self._mtime_ns = self._read_file()
        return self._entries

    def get(self, key: str) -> CacheEntry | None:
        """The stored answer for this key, or None when the question was never asked."""
        with self._lock:
            record = self._loaded().get(key)
        if record is None:
            return None
        try:
            place = Place.from_dict(record["place"]) if record.get("place") else None
        except (KeyError, TypeError, ValueError) as error:
            raise GeoDataError(
                f"the geocode cache {self.path}, entry {key!r}, has a bad place: {error}"
            ) from error
        return CacheEntry(place, str(record.get("source", "")), str(record.get("stored", "")))

    def put(self, key: str, place: Place | None, source: str) -> None:
        record = {
            "place": place.to_dict() if place else None,
            "source": source,
            "stored": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with self._lock:
            entries = self._loaded()
            entries[key] = record
            try:
                current_mtime = self.path.stat().st_mtime_ns
            except FileNotFoundError:
                current_mtime = None
            if current_mtime is not None and current_mtime != self._mtime_ns:
                on_disk, _ = self._read_file()
                for other_key, other in on_disk.items():
                    entries.setdefault(other_key, other)
            document = {
                **self._other_fields,
                "format": FORMAT,
                "version": VERSION,
                "entries": entries,
            }
            data = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode()
            write_bytes_atomic(self.path, data + b"\n")
            self._mtime_ns = self.path.stat().st_mtime_ns

    def __len__(self) -> int:
        with self._lock:
            return len(self._loaded())
