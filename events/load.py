"""Load and validate the event table.

The loader is strict about what it calls valid and lenient about what it keeps:
every row with an error is reported (row, column, value, why) and set aside in
`rejected`, every row with only warnings stays in `events`, and no value is
silently altered. The documented defaults (a blank `time_precision` is 1, a
blank `attribution` is `unknown`) are the only values it fills. Files come
in through `read_table` (events/table.py), so the checks below see the same
text columns whichever reader read the file; each problem carries a `Code`.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from events import schema
from events.cleancsv import ColumnTable
from events.csvfile import RawTable
from events.problems import ERROR, WARNING, Code, Problem
from events.result import LoadResult
from events.sources import known_ids, load_sources, sources_for
from events.table import TextTable, read_table

__all__ = ["LoadResult", "load_events", "load_sources", "split_list", "validate"]

ROW_COLUMN = "csv_row"
EXTRA_FIELDS_COLUMN = "_extra_fields"
# Names the loader adds to the table; a file's own column by that name is renamed.
RESERVED_COLUMNS = (ROW_COLUMN, EXTRA_FIELDS_COLUMN)

# ASCII digits only: `\d` would also take Arabic-Indic digits, which pandas cannot read.
_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INT_SHAPE = re.compile(r"^[+-]?[0-9]+$")
# No report counts a billion dead; a longer number is a typo or a merged cell.
MAX_COUNT_DIGITS = 9
_SOURCE_ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# What `re`'s `\s` matches in a str (exactly the characters `str.isspace` accepts), and ';',
# spelled out so Arrow's regex engine (whose own `\s` is ASCII only) tests the ids in C.
_BAD_ID_CHARS = "[" + "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace()) + ";]"
# Cells read as numbers in C: plain decimals of at most 15 characters, whose digits a
# double holds exactly, so Arrow's parser and pandas' `to_numeric` give the same bits
# (both are correctly rounded there). Every other cell goes to `to_numeric` as before.
_PLAIN_DECIMAL = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$"
_PLAIN_DECIMAL_CHARS = 15
_NEGATIVE_ZERO = r"^-0*\.?0*$"
EARLIEST_DATE = pd.Timestamp("1900-01-01")
# How many cells of extra columns are stripped in one string operation.
_BATCH_CELLS = 200_000


def load_events(
    source: Path | str | bytes,
    sources_path: Path | str | None = None,
    today: date | None = None,
) -> LoadResult:
    """Read an events CSV (a path or its bytes) and validate every row.

    `sources_path` defaults to `sources.csv` beside a path; without a sources
    table, source ids are only checked for presence. Raises `CsvFileError`
    only when the file cannot be read as a CSV at all.
    """
    table = read_table(source)
    sources, source_problems = sources_for(source, sources_path)
    result = validate(table, known_ids(sources), today or date.today())
    result.problems = source_problems + result.problems
    result.sources = sources
    return result


def validate(
    raw: TextTable | RawTable | ColumnTable, known_sources: set[str] | None, today: date
) -> LoadResult:
    """Check every row of a table as read and split it into valid and rejected."""
    checker = _Checker(TextTable.of(raw), known_sources, today)
    return checker.run()


class _Checker:
    def __init__(self, raw: TextTable, known_sources: set[str] | None, today: date):
        self.raw = raw
        self.known_sources = known_sources
        self.today = pd.Timestamp(today)
        self.problems: list[Problem] = list(raw.problems)
        self.header = self._canonical_header(raw.header)
        self.frame = self._frame()
        self.bad = np.zeros(len(self.frame), dtype=bool)
        # Each column stripped once, shared by the checks and the typed result.
        self._stripped_columns: dict[str, pd.Series] = {}
        self.coordinates: dict[str, pd.Series] = {}

    def stripped(self, column: str) -> pd.Series:
        """The column's cells without surrounding whitespace (computed once)."""
        if column not in self._stripped_columns:
            self._stripped_columns[column] = self.frame[column].str.strip()
        return self._stripped_columns[column]

    # -- building the raw frame -------------------------------------------------

    def _canonical_header(self, header: list[str]) -> list[str]:
        """Match column names by case and spacing; keep unknown ones; rename repeats."""
        by_lower = {name.lower(): name for name in schema.COLUMN_NAMES}
        names: list[str] = []
        position: dict[str, int] = {}  # name -> column number, so a wide header costs no more
        for index, original in enumerate(header, start=1):
            cleaned = original.strip().lstrip("\ufeff")
            name = by_lower.get(cleaned.lower().replace(" ", "_"), cleaned) or f"column_{index}"
            if name in RESERVED_COLUMNS:
                renamed = f"{name} (column {index})"
                self.problems.append(
                    Problem(
                        1,
                        name,
                        original,
                        f"the loader uses the name {name!r} for itself; column {index} is kept "
                        f"as {renamed!r}",
                        WARNING,
                        code=Code.RESERVED_COLUMN,
                    )
                )
                name = renamed
            if name in position:
                first = position[name]
                renamed = f"{name} (column {index})"
                self.problems.append(
                    Problem(
                        1,
                        name,
                        original,
                        f"column name repeats column {first}; column {index} is kept as "
                        f"{renamed!r} and not read as {name}",
                        code=Code.REPEATED_COLUMN,
                    )
                )
                name = renamed
            position.setdefault(name, index)
            names.append(name)
        return names

    def _frame(self) -> pd.DataFrame:
        self.width_errors = self.raw.wrong_width()
        frame = self.raw.named(self.header)
        if self.width_errors.size:
            frame[EXTRA_FIELDS_COLUMN] = [",".join(extra) for extra in self.raw.extra_fields]
        frame.insert(0, ROW_COLUMN, self.raw.rows)
        return frame

    # -- reporting ---------------------------------------------------------------

    def flag(self, mask, column: str | None, message, code: Code, severity: str = ERROR) -> None:
        """Report every row where `mask` holds; `message` may be a function of the value."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if positions.size == 0:
            return
        values = self.frame[column].to_numpy() if column else None
        rows = self.frame[ROW_COLUMN].to_numpy()
        for pos in positions:
            value = str(values[pos]) if values is not None else ""
            text = message(value) if callable(message) else message
            self.problems.append(Problem(int(rows[pos]), column, value, text, severity, code=code))
        if severity == ERROR:
            self.bad[positions] = True

    # -- the checks --------------------------------------------------------------

    def run(self) -> LoadResult:
        missing = [c for c in schema.REQUIRED if c not in self.frame]
        for column in missing:
            self.problems.append(
                Problem(1, column, "", "required column is missing", code=Code.MISSING_COLUMN)
            )
        for column in schema.COLUMN_NAMES:
            if column not in self.frame:
                self.frame[column] = ""
        self._check_width()
        self._check_required(skip=set(missing))
        self._check_ids()
        self._check_dates()
        self._check_precision("time_precision")
        self._check_precision("geo_precision")
        self._check_types()
        self._check_attribution()
        self._check_coordinates()
        self._check_counts()
        self._check_sources()
        self._check_responds_to()
        self.bad |= self.frame[ROW_COLUMN].isin(self.raw.broken_rows).to_numpy()
        if missing:
            self.bad[:] = True
        return self._result()

    def _check_width(self) -> None:
        width = self.raw.header_width
        mask = np.zeros(len(self.frame), dtype=bool)
        mask[self.width_errors] = True
        rows = self.frame[ROW_COLUMN].to_numpy()
        for i in self.width_errors:
            self.problems.append(
                Problem(
                    int(rows[i]),
                    None,
                    "",
                    f"row has {self.raw.field_counts[i]} fields but the header has {width}",
                    code=Code.WRONG_WIDTH,
                )
            )
        self.bad |= mask

    def _check_required(self, skip: set[str]) -> None:
        for column in schema.REQUIRED:
            if column in skip:
                continue
            self.flag(
                self.stripped(column) == "",
                column,
                "required value is blank",
                Code.REQUIRED_BLANK,
            )

    def _check_ids(self) -> None:
        ids = self.frame["event_id"]
        self.flag(
            _matches(ids, _BAD_ID_CHARS) & (self.stripped("event_id") != ""),
            "event_id",
            "an event_id may not hold spaces or ';'",
            Code.BAD_ID,
        )
        dup = ids.duplicated(keep="first") & (ids != "")
        if dup.any():
            first_row = self.frame.loc[~ids.duplicated(keep="first")].set_index("event_id")[
                ROW_COLUMN
            ]
            self.flag(
                dup,
                "event_id",
                lambda v: f"duplicate event_id (first used on row {first_row[v]})",
                Code.DUPLICATE_ID,
            )

    def _check_dates(self) -> None:
        text = self.stripped("event_date")
        present = text != ""
        shaped = text.str.match(_DATE_SHAPE)
        self.flag(
            present & ~shaped, "event_date", "is not a date in YYYY-MM-DD form", Code.BAD_DATE
        )
        parsed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
        self.flag(
            shaped & parsed.isna(), "event_date", "no such day in the calendar", Code.NO_SUCH_DAY
        )
        self.flag(
            parsed > self.today,
            "event_date",
            lambda v: f"is in the future (today is {self.today.date().isoformat()})",
            Code.FUTURE_DATE,
        )
        self.flag(parsed < EARLIEST_DATE, "event_date", "is before 1900", Code.DATE_TOO_EARLY)
        self.parsed_dates = parsed

    def _check_precision(self, column: str) -> None:
        text = self.stripped(column)
        codes = schema.TIME_PRECISION if column == "time_precision" else schema.GEO_PRECISION
        allowed = {str(k) for k in codes}
        described = ", ".join(f"{k} {v}" for k, v in codes.items())
        self.flag(
            (text != "") & ~text.isin(allowed),
            column,
            f"must be one of: {described}",
            Code.BAD_CODE,
        )

    def _check_types(self) -> None:
        etype = self.stripped("event_type")
        known = etype.isin(schema.EVENT_TYPES)
        self.flag(
            (etype != "") & ~known,
            "event_type",
            lambda v: "unknown event type" + _suggest(v, schema.EVENT_TYPES),
            Code.UNKNOWN_EVENT_TYPE,
        )
        sub = self.stripped("sub_event_type")
        sub_known = sub.isin(schema.ALL_SUB_EVENT_TYPES)
        self.flag(
            (sub != "") & ~sub_known,
            "sub_event_type",
            lambda v: "unknown sub-event type" + _suggest(v, schema.ALL_SUB_EVENT_TYPES),
            Code.UNKNOWN_SUB_EVENT_TYPE,
        )
        owner = {s: t for t, subs in schema.SUB_EVENT_TYPES.items() for s in subs}
        owning_type = sub.map(owner)
        mismatch = sub_known & known & (owning_type != etype)
        if mismatch.any():
            for pos in np.flatnonzero(mismatch.to_numpy()):
                value = sub.iloc[pos]
                self.problems.append(
                    Problem(
                        int(self.frame[ROW_COLUMN].iloc[pos]),
                        "sub_event_type",
                        value,
                        f"belongs to event type {owner[value]!r}, not {etype.iloc[pos]!r}",
                        code=Code.TYPE_MISMATCH,
                    )
                )
                self.bad[pos] = True

    def _check_attribution(self) -> None:
        text = self.stripped("attribution")
        self.flag(
            (text != "") & ~text.isin(schema.ATTRIBUTIONS),
            "attribution",
            lambda v: "unknown attribution" + _suggest(v, schema.ATTRIBUTIONS),
            Code.UNKNOWN_ATTRIBUTION,
        )

    def _check_coordinates(self) -> None:
        numbers = {}
        for column, limit in (("latitude", 90.0), ("longitude", 180.0)):
            text = self.stripped(column)
            value = _numbers(text)
            self.coordinates[column] = value
            self.flag((text != "") & value.isna(), column, "is not a number", Code.NOT_A_NUMBER)
            self.flag(
                value.abs() > limit,
                column,
                f"is out of range (-{limit:g} to {limit:g})",
                Code.OUT_OF_RANGE,
            )
            numbers[column] = (text != "", value)
        lat_set, _ = numbers["latitude"]
        lon_set, _ = numbers["longitude"]
        self.flag(
            lat_set & ~lon_set,
            "longitude",
            "is blank but latitude is set; give both or neither",
            Code.HALF_COORDINATES,
        )
        self.flag(
            lon_set & ~lat_set,
            "latitude",
            "is blank but longitude is set; give both or neither",
            Code.HALF_COORDINATES,
        )

    def _check_counts(self) -> None:
        self.counts = {}
        for column in schema.INT_COLUMNS:
            text = self.stripped(column)
            present = text != ""
            shaped = text.str.match(_INT_SHAPE)
            self.flag(present & ~shaped, column, "is not a whole number", Code.NOT_A_COUNT)
            too_long = shaped & (text.str.lstrip("+-").str.lstrip("0").str.len() > MAX_COUNT_DIGITS)
            self.flag(
                too_long,
                column,
                f"is too large for a count (over {MAX_COUNT_DIGITS} digits)",
                Code.COUNT_TOO_LARGE,
            )
            value = _whole_numbers(text, shaped & ~too_long)
            self.flag(value < 0, column, "a count cannot be negative", Code.NEGATIVE_COUNT)
            self.counts[column] = value
        for best, low, high in schema.COUNT_RANGES:
            b, lo, hi = self.counts[best], self.counts[low], self.counts[high]
            swapped = lo > hi
            self.flag(
                swapped,
                low,
                lambda v, high=high: f"is greater than {high}",
                Code.RANGE_OUT_OF_ORDER,
            )
            self.flag(
                ~swapped & (b < lo),
                best,
                lambda v, low=low: f"is below {low}",
                Code.RANGE_OUT_OF_ORDER,
            )
            self.flag(
                ~swapped & (b > hi),
                best,
                lambda v, high=high: f"is above {high}",
                Code.RANGE_OUT_OF_ORDER,
            )

    def _check_sources(self) -> None:
        if self.known_sources is None:
            return
        known = self.known_sources
        cells = self.frame["source"]
        unknown_by_cell = {
            cell: unknown
            for cell in cells.unique()
            if (
                unknown := [
                    t for t in split_list(cell) if _SOURCE_ID_SHAPE.match(t) and t not in known
                ]
            )
        }
        if not unknown_by_cell:
            return
        rows = self.frame[ROW_COLUMN].to_numpy()
        for pos in np.flatnonzero(cells.isin(list(unknown_by_cell)).to_numpy()):
            for token in unknown_by_cell[cells.iloc[pos]]:
                self.problems.append(
                    Problem(
                        int(rows[pos]),
                        "source",
                        token,
                        "source id is not in sources.csv" + _suggest(token, sorted(known)),
                        WARNING,
                        code=Code.UNKNOWN_SOURCE,
                    )
                )

    def _check_responds_to(self) -> None:
        cells = self.frame["responds_to"]
        linked = np.flatnonzero((self.stripped("responds_to") != "").to_numpy())
        if linked.size == 0:
            return
        ids = set(self.frame["event_id"])
        rows = self.frame[ROW_COLUMN].to_numpy()
        own_ids = self.frame["event_id"].to_numpy()
        cell_values = cells.to_numpy()
        for pos in linked:
            named: set[str] = set()
            for token in split_list(cell_values[pos]):
                if token in named:
                    message = "names the same event twice; it is linked once"
                    code = Code.REPEATED_RESPONSE
                elif token == own_ids[pos]:
                    message, code = "an event cannot respond to itself", Code.SELF_RESPONSE
                elif token not in ids:
                    message, code = "names an event that is not in this file", Code.UNKNOWN_EVENT
                else:
                    named.add(token)
                    continue
                named.add(token)
                self.problems.append(
                    Problem(int(rows[pos]), "responds_to", token, message, WARNING, code=code)
                )

    # -- the typed result ----------------------------------------------------

    def _result(self) -> LoadResult:
        good = ~self.bad
        some_bad = self.bad.any()

        def kept(series: pd.Series) -> pd.Series:
            return series[good] if some_bad else series

        def kept_stripped(column: str) -> pd.Series:
            if column in self._stripped_columns:  # each is used once here: let it go
                return kept(self._stripped_columns.pop(column))
            return events[column].str.strip()

        rejected = self.frame.loc[self.bad].reset_index(drop=True)
        # With nothing rejected the raw frame becomes the result, column by
        # column, so a million rows are never held twice.
        events = self.frame.loc[good].copy() if some_bad else self.frame
        self.frame = None
        events["event_date"] = self.parsed_dates[good]
        for column in ("time_precision", "geo_precision"):
            # Every kept cell is blank or one of the codes, checked above.
            events[column] = _numbers(kept_stripped(column)).astype("Int8")
        events["time_precision"] = events["time_precision"].fillna(schema.DEFAULT_TIME_PRECISION)
        for column in schema.INT_COLUMNS:
            events[column] = self.counts[column][good].astype("Int64")
        for column in ("latitude", "longitude"):
            events[column] = kept(self.coordinates[column]).astype("float64")
        typed = {"event_date", "time_precision", "geo_precision", "latitude", "longitude"}
        typed |= set(schema.INT_COLUMNS)
        for column in schema.COLUMN_NAMES:
            if column in typed:
                continue
            events[column] = _blank_as_missing(kept_stripped(column))
        self._stripped_columns.clear()
        events["attribution"] = events["attribution"].fillna(schema.DEFAULT_ATTRIBUTION)
        ordered = [ROW_COLUMN, *schema.COLUMN_NAMES]
        known = set(ordered)
        extra = [c for c in events.columns if c not in known]
        others = events[extra].reset_index(drop=True) if extra else None
        events = events[ordered].reset_index(drop=True)
        if others is not None:
            events = pd.concat([events, _blanked(others)], axis=1)
        self.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        return LoadResult(
            events, rejected, self.problems, encoding=self.raw.encoding, rows_read=len(self.raw)
        )


def _blanked(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell stripped, blank ones missing: as the loader treats each of its own columns.

    Columns go through in batches of about `_BATCH_CELLS` cells, one string
    operation per batch, so a short file with a thousand extra columns costs
    a few operations, not a thousand (a long file is done a column at a time).
    """
    rows = len(frame)
    per_batch = _BATCH_CELLS // max(rows, 1)
    if per_batch <= 1:
        out = {}
        for column in frame.columns:
            stripped = frame[column].str.strip()
            out[column] = stripped.where(stripped != "").astype("str")
        return pd.DataFrame(out, index=frame.index)
    parts = []
    for start in range(0, frame.shape[1], per_batch):
        block = frame.iloc[:, start : start + per_batch]
        flat = pd.Series(block.to_numpy(dtype=object).ravel(order="F"), dtype="str")
        stripped = flat.str.strip()
        values = stripped.where(stripped != "").astype("str").to_numpy()
        parts.extend(
            pd.Series(values[i * rows : (i + 1) * rows], index=frame.index, dtype="str")
            for i in range(block.shape[1])
        )
    return pd.DataFrame(dict(zip(frame.columns, parts, strict=True)), index=frame.index)


def _matches(text: pd.Series, pattern: str) -> pd.Series:
    """Whether each cell contains a match of `pattern` (RE2 syntax), tested in C."""
    found = pc.match_substring_regex(pa.array(text), pattern)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index)


def _numbers(text: pd.Series) -> pd.Series:
    """Stripped cells as float64, as `pd.to_numeric(text.where(text != ""), errors="coerce")`.

    `to_numeric` makes a Python string of every cell; at a million rows and a
    dozen columns that was most of an import's time. Plain short decimals
    (nearly every cell of a real file) are parsed by Arrow instead, which
    gives the same doubles for them; the rest, and only the rest, go through
    `to_numeric` as before, so `1e3`, `inf` or junk read exactly as they did.
    A blank cell or one that is not a number is NaN.
    """
    cells = pa.array(text)
    if pc.any(pc.match_substring_regex(cells, _NEGATIVE_ZERO)).as_py():
        # `to_numeric` reads `-0` as 0 or -0.0 depending on the rest of the column: let it.
        return pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
    plain = pc.and_(
        pc.match_substring_regex(cells, _PLAIN_DECIMAL),
        pc.less_equal(pc.utf8_length(cells), _PLAIN_DECIMAL_CHARS),
    )
    plain = pc.fill_null(plain, False)
    parsed = pc.cast(pc.if_else(plain, cells, pa.scalar(None, cells.type)), pa.float64())
    values = parsed.to_numpy(zero_copy_only=False).astype("float64", copy=True)
    rest = np.flatnonzero(
        pc.and_(pc.invert(plain), pc.not_equal(cells, "")).to_numpy(zero_copy_only=False)
    )
    if rest.size:
        others = pd.to_numeric(text.iloc[rest], errors="coerce")
        values[rest] = np.asarray(others, dtype="float64")
    return pd.Series(values, index=text.index)


def _whole_numbers(text: pd.Series, readable: pd.Series) -> pd.Series:
    """The `readable` cells (signed digits, at most nine of them past leading zeros) as float64.

    Every one is exact as a double and parsed by Arrow; the others are NaN.
    Only the sign of a zero can differ from `to_numeric`'s, and a count of
    -0 is 0 either way.
    """
    cells = pa.array(text)
    chosen = pa.array(readable.to_numpy(dtype=bool))
    parsed = pc.cast(pc.if_else(chosen, cells, pa.scalar(None, cells.type)), pa.float64())
    values = parsed.to_numpy(zero_copy_only=False).astype("float64", copy=True)
    return pd.Series(values, index=text.index)


def _blank_as_missing(stripped: pd.Series) -> pd.Series:
    """`stripped.where(stripped != "").astype("str")`, done in Arrow without a copy per step."""
    cells = pa.array(stripped)
    missing = pa.scalar(None, cells.type)
    blanked = pc.if_else(pc.equal(cells, ""), missing, cells)
    if isinstance(blanked, pa.Array):
        blanked = pa.chunked_array([blanked])
    return pd.Series(_STR.__from_arrow__(blanked), index=stripped.index)


_STR = pd.Series([], dtype="str").dtype


def split_list(cell: object) -> list[str]:
    """Split a `;`-separated cell into its non-blank items."""
    if not isinstance(cell, str) or not cell:
        return []
    return [item.strip() for item in cell.split(schema.LIST_SEPARATOR) if item.strip()]


def _suggest(value: str, choices) -> str:
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.5)
    return f"; did you mean {lowered[match[0]]!r}?" if match else ""
