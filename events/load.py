"""Load and validate the event table.

The loader is strict about what it calls valid and lenient about what it keeps:
every row with an error is reported (row, column, value, why) and set aside in
`rejected`, every row with only warnings stays in `events`, and no value is
silently altered. The documented defaults (a blank `time_precision` is 1, a
blank `attribution` is `unknown`) are the only values it fills.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from events import schema
from events.cleancsv import ColumnTable, read_clean_csv
from events.csvfile import RawTable, read_csv_records
from events.problems import ERROR, WARNING, Problem

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
_BAD_ID_CHARS = re.compile(r"[\s;]")
EARLIEST_DATE = pd.Timestamp("1900-01-01")


@dataclass
class LoadResult:
    """What the loader found: valid events, rows set aside, and why."""

    events: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    sources: pd.DataFrame | None = None
    encoding: str = "utf-8"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


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
    raw = read_clean_csv(source) or read_csv_records(source)
    if sources_path is None and not isinstance(source, bytes):
        candidate = Path(source).with_name("sources.csv")
        sources_path = candidate if candidate.exists() else None
    sources, source_problems = (
        load_sources(sources_path) if sources_path is not None else (None, [])
    )
    known_sources = set(sources["source_id"]) if sources is not None else None
    result = validate(raw, known_sources, today or date.today())
    result.problems = source_problems + result.problems
    result.sources = sources
    return result


def load_sources(path: Path | str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read `sources.csv`: one row per report, ids referenced by events."""
    raw = read_csv_records(path)
    where = Path(path).name
    problems = [_in_file(p, where) for p in raw.problems]
    header = [h.strip() for h in raw.header]
    for column in schema.SOURCE_REQUIRED:
        if column not in header:
            problems.append(Problem(1, column, "", f"{where}: required column is missing", ERROR))
    width = len(header)
    records = [(r + [""] * width)[:width] for r in raw.records]
    table = pd.DataFrame(records, columns=header, dtype=str)
    for column in schema.SOURCE_COLUMNS:
        if column not in table:
            table[column] = ""
    seen: dict[str, int] = {}
    for row, record, source_id in zip(raw.rows, raw.records, table["source_id"], strict=True):
        if len(record) != width:
            problems.append(
                Problem(row, None, "", f"{where}: row has {len(record)} fields, header {width}")
            )
        if not source_id.strip():
            problems.append(Problem(row, "source_id", "", f"{where}: source_id is blank"))
        elif source_id in seen:
            problems.append(
                Problem(
                    row,
                    "source_id",
                    source_id,
                    f"{where}: duplicate source_id (first on row {seen[source_id]})",
                )
            )
        else:
            seen[source_id] = row
    for row, url in zip(raw.rows, table["url"], strict=True):
        if url and not url.lower().startswith(("http://", "https://")):
            problems.append(
                Problem(row, "url", url, f"{where}: a url must start with http:// or https://")
            )
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return table, problems


def _in_file(problem: Problem, where: str) -> Problem:
    return Problem(
        problem.row, problem.column, problem.value, f"{where}: {problem.message}", problem.severity
    )


def validate(
    raw: RawTable | ColumnTable, known_sources: set[str] | None, today: date
) -> LoadResult:
    """Check every row of a raw table and split it into valid and rejected."""
    checker = _Checker(raw, known_sources, today)
    return checker.run()


class _Checker:
    def __init__(self, raw: RawTable | ColumnTable, known_sources: set[str] | None, today: date):
        self.raw = raw
        self.known_sources = known_sources
        self.today = pd.Timestamp(today)
        self.problems: list[Problem] = list(raw.problems)
        self.header = self._canonical_header(raw.header)
        self.frame = self._frame()
        self.bad = np.zeros(len(self.frame), dtype=bool)

    # -- building the raw frame -------------------------------------------------

    def _canonical_header(self, header: list[str]) -> list[str]:
        """Match column names by case and spacing; keep unknown ones; rename repeats."""
        by_lower = {name.lower(): name for name in schema.COLUMN_NAMES}
        names: list[str] = []
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
                    )
                )
                name = renamed
            if name in names:
                first = names.index(name) + 1
                renamed = f"{name} (column {index})"
                self.problems.append(
                    Problem(
                        1,
                        name,
                        original,
                        f"column name repeats column {first}; column {index} is kept as "
                        f"{renamed!r} and not read as {name}",
                    )
                )
                name = renamed
            names.append(name)
        return names

    def _frame(self) -> pd.DataFrame:
        self.width_errors: list[int] = []
        if isinstance(self.raw, ColumnTable):
            frame = self.raw.columns.rename_columns(self.header).to_pandas()
            frame.insert(0, ROW_COLUMN, self.raw.rows)
            return frame
        width = len(self.header)
        records = self.raw.records
        padded = []
        extras = []
        for i, record in enumerate(records):
            if len(record) == width:
                padded.append(record)
                extras.append("")
                continue
            self.width_errors.append(i)
            padded.append((record + [""] * width)[:width])
            extras.append(",".join(record[width:]))
        frame = pd.DataFrame(padded, columns=self.header, dtype=str)
        if self.width_errors:
            frame[EXTRA_FIELDS_COLUMN] = extras
        frame.insert(0, ROW_COLUMN, np.asarray(self.raw.rows, dtype=np.int64))
        return frame

    # -- reporting ---------------------------------------------------------------

    def flag(self, mask, column: str | None, message, severity: str = ERROR) -> None:
        """Report every row where `mask` holds; `message` may be a function of the value."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if positions.size == 0:
            return
        values = self.frame[column].to_numpy() if column else None
        rows = self.frame[ROW_COLUMN].to_numpy()
        for pos in positions:
            value = str(values[pos]) if values is not None else ""
            text = message(value) if callable(message) else message
            self.problems.append(Problem(int(rows[pos]), column, value, text, severity))
        if severity == ERROR:
            self.bad[positions] = True

    # -- the checks --------------------------------------------------------------

    def run(self) -> LoadResult:
        missing = [c for c in schema.REQUIRED if c not in self.frame]
        for column in missing:
            self.problems.append(Problem(1, column, "", "required column is missing"))
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
        width = len(self.header)
        mask = np.zeros(len(self.frame), dtype=bool)
        mask[self.width_errors] = True
        counts = {i: len(self.raw.records[i]) for i in self.width_errors}
        rows = self.frame[ROW_COLUMN].to_numpy()
        for i in self.width_errors:
            self.problems.append(
                Problem(
                    int(rows[i]),
                    None,
                    "",
                    f"row has {counts[i]} fields but the header has {width}",
                )
            )
        self.bad |= mask

    def _check_required(self, skip: set[str]) -> None:
        for column in schema.REQUIRED:
            if column in skip:
                continue
            self.flag(self.frame[column].str.strip() == "", column, "required value is blank")

    def _check_ids(self) -> None:
        ids = self.frame["event_id"]
        self.flag(
            ids.str.contains(_BAD_ID_CHARS) & (ids.str.strip() != ""),
            "event_id",
            "an event_id may not hold spaces or ';'",
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
            )

    def _check_dates(self) -> None:
        text = self.frame["event_date"].str.strip()
        present = text != ""
        shaped = text.str.match(_DATE_SHAPE)
        self.flag(present & ~shaped, "event_date", "is not a date in YYYY-MM-DD form")
        parsed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
        self.flag(shaped & parsed.isna(), "event_date", "no such day in the calendar")
        self.flag(
            parsed > self.today,
            "event_date",
            lambda v: f"is in the future (today is {self.today.date().isoformat()})",
        )
        self.flag(parsed < EARLIEST_DATE, "event_date", "is before 1900")
        self.parsed_dates = parsed

    def _check_precision(self, column: str) -> None:
        text = self.frame[column].str.strip()
        codes = schema.TIME_PRECISION if column == "time_precision" else schema.GEO_PRECISION
        allowed = {str(k) for k in codes}
        described = ", ".join(f"{k} {v}" for k, v in codes.items())
        self.flag((text != "") & ~text.isin(allowed), column, f"must be one of: {described}")

    def _check_types(self) -> None:
        etype = self.frame["event_type"].str.strip()
        known = etype.isin(schema.EVENT_TYPES)
        self.flag(
            (etype != "") & ~known,
            "event_type",
            lambda v: "unknown event type" + _suggest(v, schema.EVENT_TYPES),
        )
        sub = self.frame["sub_event_type"].str.strip()
        sub_known = sub.isin(schema.ALL_SUB_EVENT_TYPES)
        self.flag(
            (sub != "") & ~sub_known,
            "sub_event_type",
            lambda v: "unknown sub-event type" + _suggest(v, schema.ALL_SUB_EVENT_TYPES),
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
                    )
                )
                self.bad[pos] = True

    def _check_attribution(self) -> None:
        text = self.frame["attribution"].str.strip()
        self.flag(
            (text != "") & ~text.isin(schema.ATTRIBUTIONS),
            "attribution",
            lambda v: "unknown attribution" + _suggest(v, schema.ATTRIBUTIONS),
        )

    def _check_coordinates(self) -> None:
        numbers = {}
        for column, limit in (("latitude", 90.0), ("longitude", 180.0)):
            text = self.frame[column].str.strip()
            value = pd.to_numeric(text.where(text != ""), errors="coerce")
            self.flag((text != "") & value.isna(), column, "is not a number")
            self.flag(
                value.abs() > limit,
                column,
                f"is out of range (-{limit:g} to {limit:g})",
            )
            numbers[column] = (text != "", value)
        lat_set, _ = numbers["latitude"]
        lon_set, _ = numbers["longitude"]
        self.flag(
            lat_set & ~lon_set, "longitude", "is blank but latitude is set; give both or neither"
        )
        self.flag(
            lon_set & ~lat_set, "latitude", "is blank but longitude is set; give both or neither"
        )

    def _check_counts(self) -> None:
        self.counts = {}
        for column in schema.INT_COLUMNS:
            text = self.frame[column].str.strip()
            present = text != ""
            shaped = text.str.match(_INT_SHAPE)
            self.flag(present & ~shaped, column, "is not a whole number")
            too_long = shaped & (text.str.lstrip("+-").str.lstrip("0").str.len() > MAX_COUNT_DIGITS)
            self.flag(
                too_long, column, f"is too large for a count (over {MAX_COUNT_DIGITS} digits)"
            )
            value = pd.to_numeric(text.where(shaped & ~too_long), errors="coerce")
            self.flag(value < 0, column, "a count cannot be negative")
            self.counts[column] = value
        for best, low, high in schema.COUNT_RANGES:
            b, lo, hi = self.counts[best], self.counts[low], self.counts[high]
            swapped = lo > hi
            self.flag(
                swapped,
                low,
                lambda v, high=high: f"is greater than {high}",
            )
            self.flag(
                ~swapped & (b < lo),
                best,
                lambda v, low=low: f"is below {low}",
            )
            self.flag(
                ~swapped & (b > hi),
                best,
                lambda v, high=high: f"is above {high}",
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
                    )
                )

    def _check_responds_to(self) -> None:
        cells = self.frame["responds_to"]
        linked = np.flatnonzero((cells.str.strip() != "").to_numpy())
        if linked.size == 0:
            return
        ids = set(self.frame["event_id"])
        rows = self.frame[ROW_COLUMN].to_numpy()
        own_ids = self.frame["event_id"].to_numpy()
        cell_values = cells.to_numpy()
        for pos in linked:
            for token in split_list(cell_values[pos]):
                if token == own_ids[pos]:
                    message = "an event cannot respond to itself"
                elif token not in ids:
                    message = "names an event that is not in this file"
                else:
                    continue
                self.problems.append(
                    Problem(int(rows[pos]), "responds_to", token, message, WARNING)
                )

    # -- the typed result ----------------------------------------------------

    def _result(self) -> LoadResult:
        good = ~self.bad
        rejected = self.frame.loc[self.bad].reset_index(drop=True)
        # With nothing rejected the raw frame becomes the result, column by
        # column, so a million rows are never held twice.
        events = self.frame.loc[good].copy() if self.bad.any() else self.frame
        self.frame = None
        events["event_date"] = self.parsed_dates[good]
        for column in ("time_precision", "geo_precision"):
            events[column] = pd.to_numeric(events[column].str.strip().replace("", None)).astype(
                "Int8"
            )
        events["time_precision"] = events["time_precision"].fillna(schema.DEFAULT_TIME_PRECISION)
        for column in schema.INT_COLUMNS:
            events[column] = self.counts[column][good].astype("Int64")
        for column in ("latitude", "longitude"):
            text = events[column].str.strip()
            events[column] = pd.to_numeric(text.where(text != ""), errors="coerce").astype(
                "float64"
            )
        typed = {"event_date", "time_precision", "geo_precision", "latitude", "longitude"}
        typed |= set(schema.INT_COLUMNS)
        for column in events.columns:
            if column in typed or column == ROW_COLUMN:
                continue
            stripped = events[column].str.strip()
            events[column] = stripped.where(stripped != "").astype("str")
        events["attribution"] = events["attribution"].fillna(schema.DEFAULT_ATTRIBUTION)
        ordered = [ROW_COLUMN, *schema.COLUMN_NAMES]
        extra = [c for c in events.columns if c not in ordered]
        events = events[ordered + extra].reset_index(drop=True)
        self.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        return LoadResult(events, rejected, self.problems, encoding=self.raw.encoding)


def split_list(cell: object) -> list[str]:
    """Split a `;`-separated cell into its non-blank items."""
    if not isinstance(cell, str) or not cell:
        return []
    return [item.strip() for item in cell.split(schema.LIST_SEPARATOR) if item.strip()]


def _suggest(value: str, choices) -> str:
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.5)
    return f"; did you mean {lowered[match[0]]!r}?" if match else ""
