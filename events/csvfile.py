"""Read a CSV file into raw string records, whatever spreadsheet wrote it.

Files arrive from Excel, LibreOffice, ACLED and humanitarian portals: with or
without a byte-order mark, in UTF-8, UTF-16 or Windows-1252, with CRLF line
ends and newlines inside quoted fields. This module turns any of them into a
header and a list of records with their spreadsheet row numbers, and says how
it read the file, so the validator never has to think about bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from events.problems import WARNING, Problem

# A single cell may hold a long note, never megabytes; the limit keeps a
# corrupt file from exhausting memory while reporting where it went wrong.
MAX_FIELD_CHARS = 1_000_000


class CsvFileError(Exception):
    """The file cannot be read as a CSV at all (missing, empty, binary)."""


@dataclass
class RawTable:
    header: list[str]
    records: list[list[str]]
    rows: list[int]  # spreadsheet row number of each record (header is row 1)
    encoding: str
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding it was read with."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:1] != b"\x00":
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    # Windows-1252 maps every byte except five; Latin-1 takes what is left.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_csv_records(source: Path | str | bytes) -> RawTable:
    """Read `source` (a path or the file's bytes) into a RawTable."""
    if isinstance(source, bytes):
        data = source
        name = "the uploaded file"
    else:
        path = Path(source)
        name = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise CsvFileError(f"{name}: no such file") from error
        except IsADirectoryError as error:
            raise CsvFileError(f"{name}: is a folder, not a CSV file") from error
        except OSError as error:
            raise CsvFileError(f"{name}: cannot be read ({error.strerror})") from error
    if not data.strip():
        raise CsvFileError(f"{name}: the file is empty")
    text, encoding = decode(data)
    if "\x00" in text[:4096]:
        raise CsvFileError(f"{name}: looks like a binary file, not a CSV (it holds NUL bytes)")

    problems: list[Problem] = []
    if encoding in ("cp1252", "latin-1", "utf-16-le"):
        problems.append(
            Problem(
                None,
                None,
                encoding,
                f"the file is not UTF-8; read it as {encoding}. Save it as UTF-8 to be sure "
                "accented names are right",
                WARNING,
            )
        )

    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        header, records, rows = _split(text, problems)
    finally:
        csv.field_size_limit(old_limit)
    if header is None:
        raise CsvFileError(f"{name}: the file has no header row")
    return RawTable(header, records, rows, encoding, problems)


def _split(text: str, problems: list[Problem]) -> tuple[list[str] | None, list, list]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    row = 0
    while True:
        row += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                Problem(row, None, "", f"the CSV cannot be read past this row: {error}")
            )
            break
        if header is None:
            if not "".join(record).strip():
                continue
            header = record
            if row != 1:
                problems.append(
                    Problem(row, None, "", f"the header is on row {row}; rows above it are blank")
                )
            continue
        if not "".join(record).strip():
            continue  # a blank line is not data
        records.append(record)
        rows.append(row)
    return header, records, rows
