"""Edit a CSV file's text in place: append records, change named cells, add a column.

People keep their events files in spreadsheets and in git. A write that
re-serialised the whole file would requote fields, change line ends or drop
the byte-order mark, and every save would show up as a diff of every row.
This module changes only what it is asked to: the bytes of a record it does
not touch stay as they were, and in a record it edits only the edited
fields are written anew (minimal quoting, as Python's `csv` writes).

It works on text: the caller decides the encoding (the write path takes
UTF-8 only, see `events.append`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

BOM = "\ufeff"
NEWLINES = ("\r\n", "\n", "\r")


def format_record(fields: list[str], newline: str) -> str:
    """One record as text with `newline` after it.

    A field holding a CR or LF is quoted whatever ends the records: `csv`'s
    writer quotes only the characters of its own terminator, and a reader
    splitting lines at either would cut the field.
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    text = buffer.getvalue().removesuffix("\r\n")
    if text == "" and len(fields) == 1:
        text = '""'  # one blank field would otherwise be a blank line, which is no record
    return text + newline


def _terminator(line: str) -> str:
    for newline in NEWLINES:
        if line.endswith(newline):
            return newline
    return ""


@dataclass(slots=True)
class Record:
    """One record: its text as the file holds it (with its line end) and its fields."""

    text: str
    fields: list[str]

    @property
    def blank(self) -> bool:
        return not "".join(self.fields).strip()


@dataclass
class CsvText:
    """A CSV file's text split into the header and records, each kept as written.

    `records` is parsed only when a record has to be found or changed; a
    plain append never pays for it.
    """

    bom: bool
    prefix: str  # blank lines above the header, as written
    header: list[str]
    header_text: str  # the header record as written, with its line end
    rest: str  # everything after the header, as written
    newline: str  # what ends the header: the file's line end
    _records: list[Record] | None = field(default=None, repr=False)
    _appended: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def parse(cls, text: str, default_header: list[str], default_newline: str = "\n") -> CsvText:
        """Split `text`; an empty text gets `default_header` (written out when saved)."""
        bom = text.startswith(BOM)
        if bom:
            text = text[len(BOM) :]
        if not text.strip():
            header_text = format_record(default_header, default_newline)
            return cls(bom, "", list(default_header), header_text, "", default_newline, [])
        prefix, header, header_text = _header(text)
        rest = text[len(prefix) + len(header_text) :]
        newline = _terminator(header_text) or default_newline
        return cls(bom, prefix, list(header), header_text, rest, newline)

    # -- reading ------------------------------------------------------------------

    @property
    def records(self) -> list[Record]:
        """Every record after the header (blank ones included), parsed on first use."""
        if self._records is None:
            self._records = _split_records(self.rest)
        return self._records

    def find(self, column: int, value: str) -> int | None:
        """Position of the first record whose field `column` is `value` (stripped)."""
        for position, record in enumerate(self.records):
            if column < len(record.fields) and record.fields[column].strip() == value:
                return position
        return None

    # -- changing -----------------------------------------------------------------

    def add_column(self, name: str) -> int:
        """Add a column at the end, blank in every record; returns its position."""
        records = self.records
        self.header_text = _with_field(self.header_text, self.header, len(self.header), name)
        self.header.append(name)
        width = len(self.header)
        for record in records:
            if record.blank:
                continue
            record.text = _with_field(record.text, record.fields, width - 1, "")
            record.fields.extend([""] * (width - len(record.fields)))
        return width - 1

    def set_cell(self, position: int, column: int, value: str) -> None:
        """Change one field of one record; the other fields keep their text."""
        record = self.records[position]
        record.text = _with_field(record.text, record.fields, column, value)
        record.fields.extend([""] * (column + 1 - len(record.fields)))
        record.fields[column] = value

    def append(self, fields: list[str]) -> str:
        """Add a record at the end; returns its text."""
        text = format_record(fields, self.newline)
        self._appended.append(text)
        return text

    # -- writing ------------------------------------------------------------------

    def dumps(self) -> str:
        """The whole file's text, with its byte-order mark if it had one."""
        header = self.header_text
        body = "".join(r.text for r in self._records) if self._records is not None else self.rest
        if self._appended:
            if not body and not header.endswith(NEWLINES):
                header += self.newline
            if body and not body.endswith(NEWLINES):
                body += self.newline  # a last line with no line end gets one before new rows
        return (BOM if self.bom else "") + self.prefix + header + body + "".join(self._appended)


def _header(text: str) -> tuple[str, list[str], str]:
    """(blank lines above the header, the header's fields, the header as written).

    The header is the first record that is not blank, as the loader reads it.
    Only the start of the text is looked at, a larger part each time the
    header is not wholly inside it: a large file is not split for an append.
    """
    size = 1 << 16
    while True:
        chunk = text[:size]
        lines = io.StringIO(chunk, newline="").readlines()
        source = _Counted(lines)
        start = 0
        header: list[str] = []
        for record in csv.reader(source):
            if "".join(record).strip():
                header = record
                break
            start = source.taken
        # A header on the chunk's last line may go on past it (or its "\r\n" be cut in two).
        at_edge = source.taken == len(lines)
        if size >= len(text) or (header and not at_edge):
            return "".join(lines[:start]), header, "".join(lines[start : source.taken])
        size *= 4


class _Counted:
    """Lines handed to `csv.reader` one at a time, counting how many it took."""

    def __init__(self, lines: list[str], start: int = 0) -> None:
        self.lines = lines
        self.taken = start

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        if self.taken >= len(self.lines):
            raise StopIteration
        line = self.lines[self.taken]
        self.taken += 1
        return line


def _split_records(text: str) -> list[Record]:
    lines = io.StringIO(text, newline="").readlines()
    records: list[Record] = []
    offset = 0
    while offset < len(lines):
        reader = csv.reader(iter(lines[offset:]) if offset else iter(lines))
        start = 0  # lines of this reader taken by the records before
        try:
            for fields in reader:
                end = reader.line_num
                if end == start + 1:
                    record_text = lines[offset + start]
                else:
                    record_text = "".join(lines[offset + start : offset + end])
                records.append(Record(record_text, fields))
                start = end
            break
        except csv.Error:
            # A damaged record (the loader names it): kept as its first line, untouched.
            bad = offset + start
            records.append(Record(lines[bad], [lines[bad].rstrip("\r\n")]))
            offset = bad + 1
    return records


def _raw_fields(text: str) -> list[str] | None:
    """The fields of one record as written (quotes kept), or None when they cannot be told."""
    fields: list[str] = []
    i, n = 0, len(text)
    while True:
        start = i
        if i < n and text[i] == '"':
            i += 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    return None
                if text.startswith('""', j):
                    i = j + 2
                    continue
                i = j + 1
                break
        comma = text.find(",", i)
        if comma < 0:
            fields.append(text[start:])
            return fields
        fields.append(text[start:comma])
        i = comma + 1


def _with_field(text: str, fields: list[str], column: int, value: str) -> str:
    """`text` (one record with its line end) with field `column` set to `value`."""
    newline = _terminator(text)
    body = text[: len(text) - len(newline)] if newline else text
    raw = _raw_fields(body)
    if raw is None or _decoded(raw) != fields:
        # Written in a way this reader does not follow: write the whole record anew.
        new = list(fields) + [""] * max(0, column + 1 - len(fields))
        new[column] = value
        return format_record(new, newline)
    raw = raw + [""] * max(0, column + 1 - len(raw))
    raw[column] = format_record([value], "") if value else ""
    if raw[column] == '""':
        raw[column] = ""
    return ",".join(raw) + newline


def _decoded(raw: list[str]) -> list[str]:
    decoded = []
    for piece in raw:
        parsed = next(csv.reader(io.StringIO(piece, newline="")), [""])
        if len(parsed) != 1:
            return []
        decoded.append(parsed[0])
    return decoded
