"""Read a CSV file into raw string records, whatever spreadsheet wrote it.

Files arrive from Excel, LibreOffice, ACLED and humanitarian portals: with or
without a byte-order mark, in UTF-8, UTF-16 or Windows-1252, with CRLF line
ends and newlines inside quoted fields. They also arrive damaged: cut off
mid-row or mid-quote, with a stray opening quote, NUL bytes, or not a CSV at
all (a workbook, an image). This module turns any of them into a header and a
list of records with their spreadsheet row numbers, says how it read the file
and where it had to guess, so the validator never has to think about bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from events.errors import CsvFileError
from events.problems import WARNING, Code, Problem

# A single cell may hold a long note, never megabytes; the limit keeps a
# corrupt file from exhausting memory while reporting where it went wrong.
# The csv module's limit is one for the whole process, so it is set once here:
# set and restored around each read, one session's restore would cut another's
# read short.
MAX_FIELD_CHARS = 1_000_000
csv.field_size_limit(MAX_FIELD_CHARS)
# Far more columns than any events file has (ACLED's export has 31, UCDP's
# about 50); `events.table.read_table` leaves out the ones beyond it, so a
# file of a hundred thousand empty columns costs no more than one of a thousand.
MAX_COLUMNS = 1_000
# How much of a damaged line a problem quotes.
PREVIEW_CHARS = 80
# A record that swallowed following lines is checked against this many of them.
RECOVERY_LOOKAHEAD = 50

# Files people pick by mistake, recognised by their first bytes.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook is one)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office file (an Excel .xls workbook?)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)


@dataclass
class RawTable:
    header: list[str]
    records: list[list[str]]
    rows: list[int]  # spreadsheet row number of each record (header is row 1)
    encoding: str
    problems: list[Problem] = field(default_factory=list)
    # Rows the reader could only partly make out (cut off, unclosed quote):
    # their records are best guesses, so the validator sets them aside.
    broken_rows: set[int] = field(default_factory=set)


def decode(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding it was read with (see `decode_reporting`)."""
    text, encoding, _ = decode_reporting(data)
    return text, encoding


def decode_reporting(data: bytes) -> tuple[str, str, list[Problem]]:
    """The text, the encoding it was read with, and what a reader should know about it.

    Byte-order marks decide first (UTF-8, UTF-32, UTF-16); then UTF-16 without
    a mark, recognised by the NUL half of every ASCII character; then UTF-8;
    then Windows-1252, and Latin-1 for the five bytes Windows-1252 lacks.
    """
    if data.startswith(codecs.BOM_UTF8):
        return (
            data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"),
            "utf-8-sig",
            (_replaced(data[len(codecs.BOM_UTF8) :], "utf-8")),
        )
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _decode_lenient(data, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_lenient(data, "utf-16")
    unmarked = _utf16_without_bom(data[:4096])
    if unmarked is not None:
        text, encoding, problems = _decode_lenient(data, unmarked)
        return text, encoding, [*problems, _not_utf8(encoding)]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Windows-1252 maps every byte except five; Latin-1 takes what is left.
    try:
        return data.decode("cp1252"), "cp1252", [_not_utf8("cp1252")]
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", [_not_utf8("latin-1")]


def _not_utf8(encoding: str) -> Problem:
    return Problem(
        None,
        None,
        encoding,
        f"the file is not UTF-8; read it as {encoding}. Save it as UTF-8 to be sure "
        "accented names are right",
        WARNING,
        code=Code.NOT_UTF8,
    )


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 LE or BE when one byte of most pairs is NUL and the other almost never is."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul = sample[0 : 2 * pairs : 2].count(0)
    odd_nul = sample[1 : 2 * pairs : 2].count(0)
    if odd_nul >= 0.3 * pairs and even_nul <= 0.02 * pairs:
        return "utf-16-le"
    if even_nul >= 0.3 * pairs and odd_nul <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_lenient(data: bytes, encoding: str) -> tuple[str, str, list[Problem]]:
    """Decode, turning undecodable bytes into U+FFFD with a warning rather than failing."""
    try:
        return data.decode(encoding), encoding, []
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), encoding, _replaced(data, encoding)


def _replaced(data: bytes, encoding: str) -> list[Problem]:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        cut = " (the file may be cut off)" if error.end >= len(data) else ""
        return [
            Problem(
                None,
                None,
                encoding,
                f"some bytes are not valid {encoding}, from byte {error.start}{cut}; "
                "they are shown as \ufffd",
                WARNING,
                code=Code.UNDECODABLE_BYTES,
            )
        ]
    return []


def file_bytes(source: Path | str | bytes) -> tuple[bytes, str]:
    """The file's bytes and how messages name it; CsvFileError when a path cannot be read."""
    if isinstance(source, bytes):
        return source, "the uploaded file"
    path = Path(source)
    name = str(path)
    try:
        return path.read_bytes(), name
    except FileNotFoundError as error:
        raise CsvFileError(f"{name}: no such file") from error
    except IsADirectoryError as error:
        raise CsvFileError(f"{name}: is a folder, not a CSV file") from error
    except OSError as error:
        raise CsvFileError(f"{name}: cannot be read ({error.strerror})") from error


def read_csv_records(source: Path | str | bytes, name: str | None = None) -> RawTable:
    """Read `source` (a path or the file's bytes) into a RawTable.

    `name` is how messages name the file when `source` is its bytes.
    """
    data, default_name = file_bytes(source)
    name = name or default_name
    if not data.strip():
        raise CsvFileError(f"{name}: the file is empty")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise CsvFileError(
                f"{name}: this is {what}, not a CSV file; save or export the table as CSV (UTF-8)"
            )
    text, encoding, problems = decode_reporting(data)
    if _mostly_nul(text[:4096]):
        raise CsvFileError(f"{name}: looks like a binary file, not a CSV (it holds NUL bytes)")

    header, records, rows, broken = _split(text, problems)
    if header is None:
        raise CsvFileError(f"{name}: the file has no header row")
    if "\x00" in text:
        _report_nul_cells(header, records, rows, problems)
    return RawTable(header, records, rows, encoding, problems, broken)


def _mostly_nul(sample: str) -> bool:
    """Binary, not a damaged text: text never holds NUL, a stray one is damage to report."""
    return sample.count("\x00") * 10 > len(sample)


class _Lines:
    """The text's physical lines, handed to `csv.reader` one at a time.

    Knowing which lines a record came from lets the reader start again right
    after a damaged record instead of giving up on the rest of the file.
    """

    def __init__(self, text: str) -> None:
        # newline="" splits at \n, \r\n and a lone \r, and keeps them, as csv expects.
        self.lines = io.StringIO(text, newline="").readlines()
        self.next = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.next >= len(self.lines):
            raise StopIteration
        line = self.lines[self.next]
        self.next += 1
        return line

    def reader_from(self, index: int):
        self.next = index
        return csv.reader(self)


def _split(
    text: str, problems: list[Problem]
) -> tuple[list[str] | None, list[list[str]], list[int], set[int]]:
    source = _Lines(text)
    reader = source.reader_from(0)
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    broken: set[int] = set()
    row = 0
    while True:
        start = source.next
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row += 1
            if header is None:
                problems.append(
                    Problem(
                        row, None, "", f"the CSV cannot be read: {error}", code=Code.UNREADABLE_CSV
                    )
                )
                break
            problems.append(
                Problem(
                    row,
                    None,
                    _preview(source.lines[start]),
                    f"cannot be read as CSV ({error}); the lines after it are read as rows",
                    code=Code.UNREADABLE_ROW,
                )
            )
            records.append(_best_guess(source.lines[start]))
            rows.append(row)
            broken.add(row)
            reader = source.reader_from(start + 1)
            continue
        end = source.next
        row += 1
        if header is None:
            if not "".join(record).strip():
                continue
            header = record
            if row != 1:
                problems.append(
                    Problem(
                        row,
                        None,
                        "",
                        f"the header is on row {row}; rows above it are blank",
                        code=Code.HEADER_NOT_FIRST,
                    )
                )
            continue
        if not "".join(record).strip():
            continue  # a blank line is not data
        cut_off = end == len(source.lines) and _ends_inside_quotes(source.lines[start:end])
        suspicious = end - start > 1 and (len(record) != len(header) or cut_off)
        if suspicious and _swallowed_rows(source.lines[start + 1 : end], len(header)):
            problems.append(
                Problem(
                    row,
                    None,
                    _preview(source.lines[start]),
                    "a quoted field opens on this row and is not closed on it; "
                    "the lines after it are read as rows of their own",
                    code=Code.UNCLOSED_QUOTE,
                )
            )
            records.append(_best_guess(source.lines[start]))
            rows.append(row)
            broken.add(row)
            reader = source.reader_from(start + 1)
            continue
        if cut_off:
            problems.append(
                Problem(
                    row,
                    None,
                    _preview(source.lines[start]),
                    "the file ends inside a quoted field: this row is cut off",
                    code=Code.CUT_OFF,
                )
            )
            broken.add(row)
        records.append(record)
        rows.append(row)
    return header, records, rows, broken


def _preview(line: str) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= PREVIEW_CHARS else line[: PREVIEW_CHARS - 1] + "…"


def _best_guess(line: str) -> list[str]:
    """The fields of one damaged line read on its own, or the line whole if even that fails."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return [line[:MAX_FIELD_CHARS]]


def _ends_inside_quotes(lines: list[str]) -> bool:
    try:
        list(csv.reader(lines, strict=True))
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _swallowed_rows(lines: list[str], width: int) -> bool:
    """Whether lines a quoted field ran over look like rows of their own."""
    for line in lines[:RECOVERY_LOOKAHEAD]:
        try:
            fields = next(csv.reader([line]), [])
        except csv.Error:
            continue
        if len(fields) == width:
            return True
    return False


def _report_nul_cells(
    header: list[str], records: list[list[str]], rows: list[int], problems: list[Problem]
) -> None:
    for record, row in zip(records, rows, strict=True):
        for index, cell in enumerate(record):
            if "\x00" in cell:
                column = header[index] if index < len(header) else None
                problems.append(
                    Problem(
                        row,
                        column,
                        cell.replace("\x00", "\\x00")[:PREVIEW_CHARS],
                        "holds NUL bytes (a damaged file?); the value is kept as it is",
                        WARNING,
                        code=Code.NUL_BYTES,
                    )
                )
