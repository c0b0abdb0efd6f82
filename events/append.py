"""Add accepted events to an events file and its `sources.csv`, safely.

This is the one write path for events (the review page calls it; so can a
notebook). What it promises:

- Only new rows are added, and only the cells named by `cite_in` and
  `set_cells` change in existing rows: every other byte of the file (column
  order, line ends, byte-order mark, quoting, extra columns) stays as it
  was (`events.csvedit`). A column a new row has and the file lacks is
  added, blank in the existing rows, rather than dropping the value.
- Ids are stable and unique (`events.ids`): a row's own `event_id` if it is
  free, else `<date>-<place>-<what>` with `-2`, `-3` ... against the file
  and the other new rows. The source gets a `source_id` (an identical entry
  already in `sources.csv` is reused) and every new row cites it.
- Nothing is written unless the result loads through the same validator
  as `load_events`, with every existing event still valid, every new row
  valid, and no new error anywhere; otherwise `AppendRejected` names the
  problems (rows as the new file would number them).
- Two writers at the same moment both land: an exclusive `flock` on a lock
  file beside the events file is held across reading both files,
  validating, and replacing both (sources first, so a reader never sees an
  event citing a source that is not there yet). Each file is replaced
  atomically (`storage.atomic`).
- A file that cannot be written (`EVENTS_READ_ONLY=1`, permissions, a
  read-only mount, not UTF-8) raises `ReadOnlyEvents` with the reason, and
  `download_files` gives the same rows as files to download instead.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from events import schema
from events.csvedit import CsvText, Record
from events.csvfile import decode_reporting
from events.errors import EventsError
from events.ids import event_slug, source_slug, unique
from events.load import split_list, validate
from events.problems import ERROR, Code, Problem
from events.result import LoadResult
from events.table import read_table
from events.writable import (
    ReadOnlyEvents,
    not_utf8_reason,
    permission_reason,
    reason_from_os_error,
    sources_path_for,
    why_not_writable,
)
from storage.atomic import write_bytes_atomic
from storage.locks import wait_for_lock

__all__ = [
    "AppendRejected",
    "AppendResult",
    "ReadOnlyEvents",
    "append_events",
    "download_files",
    "lock_path",
    "why_not_writable",
]

# A writer holds the lock for the time of one read-validate-replace (well under a
# second for the bundled file, a few seconds for a very large one); one that waits
# longer than this is stuck behind something else, and says so instead of hanging.
LOCK_TIMEOUT_S = 60.0
_LOCK_POLL_S = 0.01
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# How many problems the message of `AppendRejected` quotes; `.problems` has them all.
_QUOTED_PROBLEMS = 3
# The default of `set_cells`: a mapping no call can change.
NO_CHANGES: Mapping[str, Mapping[str, str]] = MappingProxyType({})


class AppendRejected(EventsError):
    """The new rows (or the changed cells, or the source) do not validate; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:_QUOTED_PROBLEMS])
        more = len(self.problems) - _QUOTED_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        super().__init__(f"nothing was added: {shown}{tail}")


class EventsBusy(EventsError):
    """Another writer has held the events file's lock for longer than any append takes."""


@dataclass(frozen=True)
class AppendResult:
    """What an append did: the ids it gave, the source it cited, the rows it changed."""

    added_ids: tuple[str, ...]
    source_id: str | None
    updated_ids: tuple[str, ...]
    events_path: Path
    sources_path: Path
    # Warnings the loader gives on the new and changed rows (they do not stop the append).
    warnings: tuple[Problem, ...] = ()


def lock_path(events_path: Path | str) -> Path:
    """The lock file writers of `events_path` share: beside the real file, hidden."""
    real = Path(os.path.realpath(events_path))
    return real.with_name(f".{real.name}.lock")


def append_events(
    events_path: Path | str,
    rows: Sequence[Mapping[str, str]],
    *,
    source: Mapping[str, str] | None = None,
    cite_in: Sequence[str] = (),
    set_cells: Mapping[str, Mapping[str, str]] = NO_CHANGES,
    today: date | None = None,
) -> AppendResult:
    """Append `rows` (events-schema cells as text) to `events_path`, and `source` to its sources.

    `cite_in` names existing events that get the source added to their
    `source` cell; `set_cells` maps an existing event id to cells to set
    (a confirmed `responds_to`, say). Raises `ReadOnlyEvents` when the files
    cannot be written, `AppendRejected` when the result would not validate.
    """
    path = Path(events_path)
    sources = sources_path_for(path)
    reason = permission_reason(path)
    if reason:
        raise ReadOnlyEvents(reason)
    with _locked(path):
        events_data = _read(path)
        sources_data = _read(sources) if sources.exists() else None
        for data, what, file in (
            (events_data, "the events file", path),
            (sources_data, "its sources.csv", sources),
        ):
            reason = None if data is None else not_utf8_reason(data, f"{what} {file}")
            if reason:
                raise ReadOnlyEvents(reason)
        plan = _Plan.make(events_data, sources_data, rows, source, cite_in, set_cells, today)
        if plan.sources_changed:
            _write(sources, plan.sources_bytes())
        if plan.events_changed:
            _write(path, plan.events_bytes())
    return plan.result(path, sources)


def download_files(
    events_path: Path | str,
    rows: Sequence[Mapping[str, str]],
    *,
    source: Mapping[str, str] | None = None,
    cite_in: Sequence[str] = (),
    set_cells: Mapping[str, Mapping[str, str]] = NO_CHANGES,
    today: date | None = None,
) -> tuple[bytes, bytes]:
    """The append as two files to download: (events CSV, sources CSV).

    The events CSV has the file's header and, in file order, the rows
    `append_events` would change and the rows it would add, byte for byte
    as it would write them (same ids, same validation, `AppendRejected` the
    same way); the sources CSV has the header and the source's entry. For
    a deployment that cannot write its data: nothing is written here.
    """
    path = Path(events_path)
    sources = sources_path_for(path)
    events_data = _read(path)
    sources_data = _read(sources) if sources.exists() else None
    plan = _Plan.make(events_data, sources_data, rows, source, cite_in, set_cells, today)
    return plan.download()


# -- planning an append -------------------------------------------------------------


def _canonical(name: str) -> str:
    """A column name as the loader reads it: case and spacing of known columns ignored."""
    cleaned = name.strip().lstrip("\ufeff")
    return _BY_LOWER.get(cleaned.lower().replace(" ", "_"), cleaned)


_BY_LOWER = {name.lower(): name for name in schema.COLUMN_NAMES}


def _text(data: bytes) -> str:
    """The file's text with its byte-order mark kept as a character (CsvText keeps it)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text, _, _ = decode_reporting(data)  # only a download reads other encodings
        return text


def _cells(mapping: Mapping[str, str], what: str) -> dict[str, str]:
    cells: dict[str, str] = {}
    for key, value in mapping.items():
        if not isinstance(key, str) or not key.strip():
            raise TypeError(f"{what}: column names must be non-blank strings, not {key!r}")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise TypeError(f"{what}, column {key}: cells are text, not {type(value).__name__}")
        cells[_canonical(key)] = value
    return cells


def _with_source(cell: str, source_id: str) -> str:
    if source_id in split_list(cell):
        return cell
    kept = cell.strip().rstrip(schema.LIST_SEPARATOR).strip()
    return f"{kept}{schema.LIST_SEPARATOR}{source_id}" if kept else source_id


def _key(problem: Problem) -> tuple:
    """What a problem is about, whatever its wording (a width message names the header's width)."""
    return (problem.row, problem.column, problem.value, problem.code, problem.severity)


@dataclass
class _Plan:
    """The files as they will be after the append, validated, and what changed."""

    events: CsvText
    sources: CsvText
    added_ids: list[str] = field(default_factory=list)
    source_id: str | None = None
    source_record: str | None = None  # its line in sources.csv (new or reused)
    updated: list[int] = field(default_factory=list)  # positions of changed records
    updated_ids: list[str] = field(default_factory=list)
    new_records: list[str] = field(default_factory=list)
    had_sources: bool = False
    sources_changed: bool = False
    warnings: list[Problem] = field(default_factory=list)
    # The new files' bytes, made once all changes are in (validated, then written).
    _events_bytes: bytes | None = None
    _sources_bytes: bytes | None = None

    @classmethod
    def make(
        cls,
        events_data: bytes,
        sources_data: bytes | None,
        rows: Sequence[Mapping[str, str]],
        source: Mapping[str, str] | None,
        cite_in: Sequence[str],
        set_cells: Mapping[str, Mapping[str, str]] | None,
        today: date | None,
    ) -> _Plan:
        if isinstance(cite_in, str):
            raise TypeError("cite_in is a sequence of event ids, not one string")
        if cite_in and source is None:
            raise ValueError("cite_in adds the source to events: give the source")
        today = today or date.today()
        events = CsvText.parse(_text(events_data), list(schema.COLUMN_NAMES))
        newline = events.newline
        sources = CsvText.parse(
            _text(sources_data) if sources_data is not None else "",
            list(schema.SOURCE_COLUMNS),
            newline,
        )
        plan = cls(events, sources, had_sources=sources_data is not None)
        new_rows = [_cells(row, f"new row {i + 1}") for i, row in enumerate(rows)]
        changes = {
            str(event_id).strip(): _cells(cells, f"set_cells[{event_id!r}]")
            for event_id, cells in (set_cells or {}).items()
        }
        before = _checked(events_data, sources_data, today)
        problems = plan._add_source(_cells(source, "source") if source is not None else None)
        plan._add_columns([*new_rows, *changes.values()])
        problems += plan._change_existing(list(dict.fromkeys(cite_in)), changes)
        plan._add_rows(new_rows, before)
        problems += plan._check(before, len(new_rows), today)
        if problems:
            raise AppendRejected(problems)
        return plan

    # -- the steps --------------------------------------------------------------

    def _add_source(self, source: dict[str, str] | None) -> list[Problem]:
        if source is None:
            return []
        doc = self.sources
        columns = {_canonical_source(h): i for i, h in reversed(list(enumerate(doc.header)))}
        index = {c: columns.get(c) for c in schema.SOURCE_COLUMNS}

        def cell(record: Record, column: str) -> str:
            i = index[column]
            return record.fields[i].strip() if i is not None and i < len(record.fields) else ""

        compared = ("outlet", "title", "published", "url")
        wanted = {c: source.get(c, "").strip() for c in compared}
        taken = {cell(r, "source_id") for r in doc.records if not r.blank}
        for record in doc.records:
            if not record.blank and all(cell(record, c) == wanted[c] for c in compared):
                self.source_id = cell(record, "source_id")
                self.source_record = _ended(record.text, doc.newline)
                return []
        row = len(doc.records) + 2 + doc.prefix.count("\n")
        problems = _source_problems(source, row)
        given = source.get("source_id", "").strip()
        self.source_id = (
            given if given and given not in taken else unique(source_slug(source), taken)
        )
        for name in source:
            if _canonical_source(name) not in columns:
                columns[name] = doc.add_column(name)
        fields = [""] * len(doc.header)
        for name, value in source.items():
            fields[columns[_canonical_source(name)]] = value
        fields[columns["source_id"]] = self.source_id
        self.source_record = doc.append(fields)
        self.sources_changed = True
        return problems

    def _columns(self) -> dict[str, int]:
        columns: dict[str, int] = {}
        for i, name in enumerate(self.events.header):
            columns.setdefault(_canonical(name), i)  # the loader reads a repeated name once
        return columns

    def _add_columns(self, cell_maps: list[dict[str, str]]) -> None:
        columns = self._columns()
        for cells in cell_maps:
            for name in cells:
                if name not in columns:
                    columns[name] = self.events.add_column(name)
        for needed in ("event_id", "source"):
            if needed not in columns:
                columns[needed] = self.events.add_column(needed)

    def _change_existing(
        self, cite_in: list[str], changes: dict[str, dict[str, str]]
    ) -> list[Problem]:
        problems: list[Problem] = []
        columns = self._columns()
        id_column = columns.get("event_id")
        positions: dict[str, int] = {}
        for event_id in [*changes, *cite_in]:
            if event_id in positions:
                continue
            found = None if id_column is None else self.events.find(id_column, event_id)
            if found is None:
                problems.append(
                    Problem(
                        None,
                        "event_id",
                        event_id,
                        "names an event that is not in this file, so it cannot be changed",
                        code=Code.UNKNOWN_EVENT,
                    )
                )
                continue
            positions[event_id] = found
        for event_id, cells in changes.items():
            if event_id not in positions:
                continue
            for name, value in cells.items():
                if name == "event_id" and value.strip() != event_id:
                    problems.append(
                        Problem(
                            None,
                            "event_id",
                            value,
                            f"an event_id is stable once published; {event_id!r} keeps its id",
                            code=Code.BAD_ID,
                        )
                    )
                    continue
                self.events.set_cell(positions[event_id], columns[name], value)
        for event_id in cite_in:
            if event_id not in positions:
                continue
            record = self.events.records[positions[event_id]]
            column = columns["source"]
            old = record.fields[column] if column < len(record.fields) else ""
            if _with_source(old, self.source_id) != old:
                self.events.set_cell(positions[event_id], column, _with_source(old, self.source_id))
        self.updated = sorted(set(positions.values()))
        by_position = {p: e for e, p in positions.items()}
        self.updated_ids = [by_position[p] for p in self.updated]
        return problems

    def _add_rows(self, rows: list[dict[str, str]], before: _Checked | None) -> None:
        taken = set(before.ids) if before else set()
        columns = self._columns()
        width = len(self.events.header)
        for row in rows:
            given = row.get("event_id", "").strip()
            event_id = given if given and given not in taken else unique(event_slug(row), taken)
            taken.add(event_id)
            self.added_ids.append(event_id)
            fields = [""] * width
            for name, value in row.items():
                fields[columns[name]] = value
            fields[columns["event_id"]] = event_id
            if self.source_id:
                fields[columns["source"]] = _with_source(row.get("source", ""), self.source_id)
            self.new_records.append(self.events.append(fields))

    # -- validating -------------------------------------------------------------

    def _check(self, before: _Checked | None, added: int, today: date) -> list[Problem]:
        """The errors the new file has and the old one did not; [] when it may be written."""
        sources = self.sources_bytes() if self.sources_changed or self.had_sources else None
        after = _checked(self.events_bytes(), sources, today)
        assert after is not None
        seen = before.keys() if before else frozenset()
        new = [p for p in after.problems if _key(p) not in seen]
        errors = [p for p in new if p.severity == ERROR]
        self.warnings = [p for p in new if p.severity != ERROR]
        expected = (before.valid if before else 0) + added
        missing = [i for i in self.added_ids if i not in after.valid_ids]
        if errors or missing or after.valid != expected:
            return errors or [p for p in after.problems if p.severity == ERROR]
        return []

    # -- what to write ----------------------------------------------------------

    @property
    def events_changed(self) -> bool:
        return bool(self.new_records or self.updated)

    def events_bytes(self) -> bytes:
        if self._events_bytes is None:
            self._events_bytes = self.events.dumps().encode("utf-8")
        return self._events_bytes

    def sources_bytes(self) -> bytes:
        if self._sources_bytes is None:
            self._sources_bytes = self.sources.dumps().encode("utf-8")
        return self._sources_bytes

    def download(self) -> tuple[bytes, bytes]:
        doc = self.events
        bom = "\ufeff" if doc.bom else ""
        changed = [_ended(doc.records[p].text, doc.newline) for p in self.updated]
        events = bom + _ended(doc.header_text, doc.newline) + "".join(changed + self.new_records)
        src = self.sources
        sources = (
            ("\ufeff" if src.bom else "")
            + _ended(src.header_text, src.newline)
            + (self.source_record or "")
        )
        return events.encode("utf-8"), sources.encode("utf-8")

    def result(self, events_path: Path, sources_path: Path) -> AppendResult:
        return AppendResult(
            tuple(self.added_ids),
            self.source_id,
            tuple(self.updated_ids),
            events_path,
            sources_path,
            tuple(self.warnings),
        )


def _canonical_source(name: str) -> str:
    cleaned = name.strip().lstrip("\ufeff")
    lowered = cleaned.lower().replace(" ", "_")
    return lowered if lowered in schema.SOURCE_COLUMNS else cleaned


def _ended(text: str, newline: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + newline


@dataclass(frozen=True)
class _Checked:
    """What the append needs to know of a validated file, to compare before with after."""

    valid: int  # events that load
    ids: frozenset[str]  # every event id, in valid rows and in rows set aside
    valid_ids: frozenset[str]
    problems: tuple[Problem, ...]

    def keys(self) -> frozenset[tuple]:
        return frozenset(_key(p) for p in self.problems)

    @classmethod
    def of(cls, result: LoadResult) -> _Checked:
        valid_ids = frozenset(result.events["event_id"].dropna().tolist())
        ids = set(valid_ids)
        if "event_id" in result.rejected:
            ids.update(result.rejected["event_id"].dropna().str.strip().tolist())
        return cls(len(result.events), frozenset(ids), valid_ids, tuple(result.problems))


# The last files validated in this process, by content: the file after one append is
# the file before the next, so a long-running app validates each version once.
_CHECKED: dict[tuple, _Checked] = {}
_CHECKED_LOCK = threading.Lock()
_CHECKED_KEPT = 2


def _checked(events_data: bytes, sources_data: bytes | None, today: date) -> _Checked | None:
    """`events_data` checked exactly as `load_events` checks a file, with the given sources.

    None for an empty file (the append writes the schema's header into it).
    """
    if not events_data.strip():
        return None
    key = (
        hashlib.blake2b(events_data, digest_size=20).digest(),
        None if sources_data is None else hashlib.blake2b(sources_data, digest_size=20).digest(),
        today,
    )
    with _CHECKED_LOCK:
        found = _CHECKED.get(key)
    if found is not None:
        return found
    known = _source_ids(sources_data) if sources_data is not None else None
    checked = _Checked.of(validate(read_table(events_data), known, today))
    with _CHECKED_LOCK:
        _CHECKED[key] = checked
        while len(_CHECKED) > _CHECKED_KEPT:
            del _CHECKED[next(iter(_CHECKED))]
    return checked


def _source_ids(data: bytes) -> set[str]:
    """The ids in a sources table, as the loader checks events' `source` cells against them."""
    if not data.strip():
        return set()
    table = read_table(data)
    header = [_canonical_source(h) for h in table.header]
    if "source_id" not in header:
        return set()
    return set(table.cells[str(header.index("source_id"))])


def _source_problems(source: Mapping[str, str], row: int) -> list[Problem]:
    """The checks `load_sources` makes, on the one new entry (row as sources.csv will number it)."""
    problems = []
    where = "sources.csv"
    outlet = source.get("outlet", "").strip()
    if not outlet:
        problems.append(
            Problem(row, "outlet", "", f"{where}: outlet is blank", code=Code.REQUIRED_BLANK)
        )
    given = source.get("source_id", "").strip()
    if given and not _SOURCE_ID.match(given):
        problems.append(
            Problem(
                row,
                "source_id",
                given,
                f"{where}: a source_id is lower-case letters, digits, '.', '_' and '-'",
                code=Code.BAD_ID,
            )
        )
    published = source.get("published", "").strip()
    if published and not _is_date(published):
        problems.append(
            Problem(
                row,
                "published",
                published,
                f"{where}: is not a date in YYYY-MM-DD form",
                code=Code.BAD_DATE,
            )
        )
    url = source.get("url", "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        problems.append(
            Problem(
                row,
                "url",
                url,
                f"{where}: a url must start with http:// or https://",
                code=Code.BAD_URL,
            )
        )
    return problems


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# -- the files ----------------------------------------------------------------------


@contextlib.contextmanager
def _locked(events_path: Path) -> Iterator[None]:
    """Hold the exclusive lock writers of `events_path` share, for the whole block."""
    lock = lock_path(events_path)
    try:
        # Read-only is enough for flock, and works whoever created the lock file.
        fd = os.open(lock, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as error:
        reason = reason_from_os_error(error, lock.parent)
        if reason:
            raise ReadOnlyEvents(f"the lock file cannot be created: {reason}") from error
        raise EventsError(f"{lock}: cannot be opened ({error.strerror})") from error
    try:
        if not wait_for_lock(fd, LOCK_TIMEOUT_S, _LOCK_POLL_S):
            raise EventsBusy(
                f"another writer has held {lock} for over {LOCK_TIMEOUT_S:g} s; "
                "try again, or look for a process stuck writing the events file"
            )
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise EventsError(f"{path}: no such file") from error
    except OSError as error:
        raise EventsError(f"{path}: cannot be read ({error.strerror})") from error


def _write(path: Path, data: bytes) -> None:
    try:
        write_bytes_atomic(path, data)
    except OSError as error:
        reason = reason_from_os_error(error, path)
        if reason:
            raise ReadOnlyEvents(reason) from error
        if error.errno == errno.ENOSPC:
            raise EventsError(f"{path}: the disk is full; nothing was changed") from error
        raise EventsError(f"{path}: cannot be written ({error.strerror})") from error
