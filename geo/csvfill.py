"""Fill blank coordinates in an event CSV, touching nothing else.

The file is edited as text: it is parsed with `csv` to read values, but only
the cells we fill are re-serialised. Every other row stays byte for byte, and in
the rows we change, the other cells keep their original quoting. Line endings
(CRLF, LF, mixed), a UTF-8 byte-order mark, unknown columns and quoted fields with
embedded newlines all survive. The new file replaces the old one atomically.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.chain import Chain
from geo.errors import GeocoderUnavailable, GeoDataError, GeoError
from geo.place import Place
from storage.atomic import write_bytes_atomic

REQUIRED_COLUMNS = ("location", "latitude", "longitude", "geo_source", "geo_precision")
_BOM = "\ufeff"
DELIMITER = ","


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One CSV record as it is in the file: its text and the line ending after it."""

    text: str
    terminator: str
    line: int  # 1-based physical line where the record starts


def split_records(text: str) -> list[RawRecord]:
    """Split CSV text into records, keeping each record's own line ending.

    Newlines inside quoted fields belong to the field, as in RFC 4180.
    """
    records: list[RawRecord] = []
    start = 0
    line = 1
    record_line = 1
    in_quotes = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            in_quotes = not in_quotes
        elif ch in "\r\n":
            terminator = "\r\n" if text.startswith("\r\n", i) else ch
            if not in_quotes:
                records.append(RawRecord(text[start:i], terminator, record_line))
                i += len(terminator)
                line += 1
                start = i
                record_line = line
                continue
            line += 1
            i += len(terminator)
            continue
        i += 1
    if start < n:
        records.append(RawRecord(text[start:], "", record_line))
    return records


def split_fields(record: str) -> list[str]:
    """The raw text of each field, quotes included, so untouched cells can be kept as is."""
    fields: list[str] = []
    start = 0
    in_quotes = False
    for i, ch in enumerate(record):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == DELIMITER and not in_quotes:
            fields.append(record[start:i])
            start = i + 1
    fields.append(record[start:])
    return fields


def parse_record(record: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(record, newline=""), delimiter=DELIMITER))
    return rows[0] if rows else []


def format_field(value: str) -> str:
    """A value as csv's default dialect writes it (quoted only when it must be)."""
    out = io.StringIO()
    # The line terminator takes part in the decision to quote ("\r" alone must be quoted).
    csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n").writerow([value])
    return out.getvalue().removesuffix("\r\n")


def format_coordinate(value: float) -> str:
    return f"{value:.5f}"


@dataclass
class Resolved:
    line: int
    location: str
    place: Place


@dataclass
class Unresolved:
    line: int
    location: str
    why: str


@dataclass
class FillReport:
    path: Path
    rows: int = 0
    needed: int = 0
    resolved: list[Resolved] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    written: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unresolved


def _decode(path: Path) -> tuple[str, bool]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GeoDataError(f"cannot read {path}: {error}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise GeoDataError(f"{path} is not UTF-8 text: {error}") from error
    if text.startswith(_BOM):
        return text[len(_BOM) :], True
    return text, False


def fill_csv(
    path: Path,
    chain: Chain,
    *,
    dry_run: bool = False,
    offline_fallback: Chain | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FillReport:
    """Geocode rows whose latitude and longitude are blank; see the module docstring.

    If the online step fails as unavailable, the remaining rows use
    `offline_fallback` (when given) rather than waiting on a dead service again.
    """
    path = Path(path)
    text, had_bom = _decode(path)
    records = split_records(text)
    report = FillReport(path)
    if not records:
        raise GeoDataError(f"{path} is empty: expected a header row")
    header = parse_record(records[0].text)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise GeoDataError(f"{path}: header lacks columns {missing}; it has {header}")
    col = {name: header.index(name) for name in (*REQUIRED_COLUMNS, "country") if name in header}

    out: list[str] = [records[0].text + records[0].terminator]
    changed = False
    data_records = records[1:]
    last_tick = time.monotonic()
    for number, record in enumerate(data_records, start=1):
        if progress and time.monotonic() - last_tick >= 1.0:
            progress(number, len(data_records))
            last_tick = time.monotonic()
        out.append(record.text + record.terminator)
        if not record.text.strip():
            continue
        report.rows += 1
        values = parse_record(record.text)
        raw = split_fields(record.text)
        if len(raw) != len(values) or any(
            _unquote(r) != v for r, v in zip(raw, values, strict=False)
        ):
            raise GeoDataError(
                f"{path} line {record.line}: cannot split the row into its fields "
                "reliably (stray quote?); fix the row and run again"
            )
        if len(values) < len(header):
            values += [""] * (len(header) - len(values))
            raw += [""] * (len(header) - len(raw))
        lat, lon = values[col["latitude"]].strip(), values[col["longitude"]].strip()
        location = values[col["location"]].strip()
        if lat and lon:
            continue
        report.needed += 1
        if lat or lon:
            report.unresolved.append(
                Unresolved(record.line, location, "only one of latitude/longitude is filled")
            )
            continue
        if not location:
            report.unresolved.append(Unresolved(record.line, location, "location is blank"))
            continue
        country = values[col["country"]].strip() if "country" in col else ""
        try:
            place = chain.geocode(location, country or None)
        except GeocoderUnavailable as error:
            if offline_fallback is None:
                report.unresolved.append(Unresolved(record.line, location, str(error)))
                continue
            report.notes.append(f"online lookups stopped after: {error}")
            chain, offline_fallback = offline_fallback, None
            try:
                place = chain.geocode(location, country or None)
            except GeoError as again:
                report.unresolved.append(Unresolved(record.line, location, str(again)))
                continue
        except GeoError as error:
            report.unresolved.append(Unresolved(record.line, location, str(error)))
            continue
        if place is None:
            report.unresolved.append(Unresolved(record.line, location, "no match"))
            continue
        updates = {
            col["latitude"]: format_coordinate(place.lat),
            col["longitude"]: format_coordinate(place.lon),
            col["geo_source"]: place.provenance,
        }
        if not values[col["geo_precision"]].strip():
            updates[col["geo_precision"]] = str(place.precision)
        for index, value in updates.items():
            raw[index] = format_field(value)
        out[-1] = DELIMITER.join(raw) + record.terminator
        report.resolved.append(Resolved(record.line, location, place))
        changed = True

    if changed and not dry_run:
        new_text = (_BOM if had_bom else "") + "".join(out)
        write_bytes_atomic(path, new_text.encode("utf-8"))
        report.written = True
    return report


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
        return raw[1:-1].replace('""', '"')
    return raw
