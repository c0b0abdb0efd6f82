"""A problem found in a data file, stated so a person can find and fix it.

Every problem names the row as a spreadsheet numbers it (the header is row 1),
the column, the value as written, and why it is wrong. An `error` keeps its row
out of the valid events; a `warning` leaves the row in and points at something
to check. Nothing is dropped or changed without a problem saying so.

The message is for people and may be reworded at any time; the `code` says
what kind of problem it is, for programs. Code that acts on a problem (the
events cache, the dashboard's cache of placed events) reads the code, never
the message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

ERROR = "error"
WARNING = "warning"


class Code(StrEnum):
    """What kind of problem it is: a short name that stays the same when the wording changes."""

    # The file as bytes and as CSV.
    NOT_UTF8 = "not-utf8"  # read in another encoding; accents may be wrong
    UNDECODABLE_BYTES = "undecodable-bytes"  # bytes shown as U+FFFD
    UNREADABLE_CSV = "unreadable-csv"  # the header itself cannot be parsed
    UNREADABLE_ROW = "unreadable-row"  # one record cannot be parsed; reading goes on after it
    UNCLOSED_QUOTE = "unclosed-quote"  # a quoted field runs over the following rows
    CUT_OFF = "cut-off"  # the file ends inside a quoted field
    HEADER_NOT_FIRST = "header-not-first"  # blank rows above the header
    NUL_BYTES = "nul-bytes"  # a cell holds NUL bytes
    WRONG_WIDTH = "wrong-width"  # a row has more or fewer fields than the header
    # The header.
    MISSING_COLUMN = "missing-column"
    REPEATED_COLUMN = "repeated-column"
    TOO_MANY_COLUMNS = "too-many-columns"  # columns beyond the limit are left out
    RESERVED_COLUMN = "reserved-column"  # a column named like one the loader adds
    # Cells.
    REQUIRED_BLANK = "required-blank"
    BAD_ID = "bad-id"  # spaces or `;` in an id
    DUPLICATE_ID = "duplicate-id"
    BAD_DATE = "bad-date"  # not a date in a form we read
    AMBIGUOUS_DATE = "ambiguous-date"  # day and month order cannot be told
    NO_SUCH_DAY = "no-such-day"
    FUTURE_DATE = "future-date"  # depends on today's date
    DATE_TOO_EARLY = "date-too-early"
    DATES_BACKWARDS = "dates-backwards"  # a window of dates ends before it starts
    BAD_CODE = "bad-code"  # not one of a column's coded values (precisions, UCDP codes)
    UNKNOWN_EVENT_TYPE = "unknown-event-type"
    UNKNOWN_SUB_EVENT_TYPE = "unknown-sub-event-type"
    TYPE_MISMATCH = "type-mismatch"  # a sub-event type of another event type
    UNMAPPABLE_TYPE = "unmappable-type"  # an old type with no single current one
    RENAMED_TYPE = "renamed-type"  # read under its current name
    UNKNOWN_ATTRIBUTION = "unknown-attribution"
    NOT_A_NUMBER = "not-a-number"
    OUT_OF_RANGE = "out-of-range"  # a coordinate off the globe
    HALF_COORDINATES = "half-coordinates"  # latitude without longitude or the reverse
    NOT_A_COUNT = "not-a-count"  # not a whole number
    COUNT_TOO_LARGE = "count-too-large"
    NEGATIVE_COUNT = "negative-count"
    RANGE_OUT_OF_ORDER = "range-out-of-order"  # low above high, or best outside them
    RANGE_WIDENED = "range-widened"  # an imported range changed to hold its best figure
    PRECISION_FROM_DATES = "precision-from-dates"  # an imported precision gave way to the dates
    WIDE_DATE_WINDOW = "wide-date-window"  # dated only within more than a month
    DEFAULT_SOURCE = "default-source"  # a source filled in for rows that name none
    DERIVED_ID = "derived-id"  # a file without ids: each row's id made from its content
    OUT_OF_SCOPE = "out-of-scope"  # rows of a kind the format's mapping leaves out (GDELT codes)
    UNKNOWN_SOURCE = "unknown-source"  # a source id not in sources.csv
    BAD_URL = "bad-url"
    SELF_RESPONSE = "self-response"  # an event responding to itself
    REPEATED_RESPONSE = "repeated-response"  # responds_to names one event twice
    UNKNOWN_EVENT = "unknown-event"  # responds_to names an event not in the file
    # Placing events on the map.
    NO_PLACE_NAME = "no-place-name"
    GEOCODE_FAILED = "geocode-failed"  # the geocoder raised
    GEOCODE_NOT_TRIED = "geocode-not-tried"  # given up before this place, nothing offline
    GEOCODE_OFFLINE_ONLY = "geocode-offline-only"  # not found offline, online given up
    PLACE_NOT_FOUND = "place-not-found"


@dataclass(frozen=True)
class Problem:
    """One problem. `code` is left out of equality: two reports of the same cell with the
    same words are the same problem, and the code only classifies it."""

    row: int | None
    column: str | None
    value: str
    message: str
    severity: str = ERROR
    code: Code | None = field(default=None, compare=False, kw_only=True)

    def __post_init__(self) -> None:
        if self.code is not None and not isinstance(self.code, Code):
            object.__setattr__(self, "code", Code(self.code))  # from JSON; unknown raises

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        if self.column:
            where += f", column {self.column}"
        value = f" {self.value!r}" if self.value != "" else ""
        return f"{where}:{value} {self.message}"


def format_table(problems: Iterable[Problem], max_value: int = 40) -> str:
    """Lay problems out as a plain-text table for a terminal."""
    header = ("row", "column", "value", "severity", "problem")
    rows = [
        (
            "" if p.row is None else str(p.row),
            p.column or "",
            _clip(p.value, max_value),
            p.severity,
            p.message,
        )
        for p in problems
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for r in [header, *rows]:
        cells = [r[i].ljust(widths[i]) for i in range(len(widths))] + [r[-1]]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)


def _clip(value: str, limit: int) -> str:
    shown = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
