"""The shared machinery of an import: the source table, the mapped columns, the problems.

An importer reads the other format's table as strings, builds our columns
from it (whole columns at a time, so 100,000 rows take a fraction of a
second), and hands the result to the loader's own validation as if it were
our CSV. What the importer itself cannot read (a date in no known form, an
ACLED type with no current equivalent, a UCDP window that ends before it
starts) it reports against the source's column, as the user's file names
it, and the row is set aside; the loader's report on the same cell is then
dropped so each cell is explained once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from events import schema
from events.importers.detect import normalise_name
from events.load import ROW_COLUMN
from events.problems import ERROR, WARNING, Code, Problem
from events.table import TextTable

Message = str | Callable[[str], str] | pd.Series
# One code for every row reported, or a code per row (aligned like a message series).
Codes = Code | pd.Series


@dataclass
class SourceTable:
    """The other format's rows as strings, under normalised column names."""

    frame: pd.DataFrame
    written: dict[str, str]  # normalised name -> the name as the file writes it
    rows: np.ndarray  # spreadsheet row of each record
    problems: list[Problem] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)

    @classmethod
    def from_raw(cls, raw: TextTable) -> SourceTable:
        names: list[str] = []
        written: dict[str, str] = {}
        problems: list[Problem] = []
        for index, original in enumerate(raw.header, start=1):
            name = normalise_name(original) or f"column_{index}"
            if name in written:
                renamed = f"{name}_{index}"
                problems.append(
                    Problem(
                        1,
                        original,
                        original,
                        f"column name repeats an earlier column; column {index} is kept "
                        f"as {renamed!r}",
                        WARNING,
                        code=Code.REPEATED_COLUMN,
                    )
                )
                name = renamed
            names.append(name)
            written[name] = original.strip().lstrip("\ufeff").strip()
        width = len(names)
        bad_rows: set[int] = set()
        for position in raw.wrong_width():
            row = int(raw.rows[position])
            problems.append(
                Problem(
                    row,
                    None,
                    "",
                    f"row has {raw.field_counts[position]} fields but the header has {width}",
                    code=Code.WRONG_WIDTH,
                )
            )
            bad_rows.add(row)
        return cls(raw.named(names), written, raw.rows, problems, bad_rows)

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def first_present(self, *names: str) -> str | None:
        return next((name for name in names if self.has(name)), None)

    def stripped(self, name: str) -> pd.Series:
        return self.frame[name].str.strip()


class Conversion:
    """Our columns as they are built from a source table, and what was found on the way."""

    def __init__(self, source: SourceTable, format_name: str):
        self.source = source
        self.format_name = format_name
        self.columns: dict[str, pd.Series] = {}
        self.origin: dict[str, str] = {}  # our column -> the source column(s) it came from
        self.used: set[str] = set()
        self.problems: list[Problem] = list(source.problems)
        self.rejected: set[int] = set(source.bad_rows)
        self.reported: set[tuple[int, str]] = set()

    # -- building columns ---------------------------------------------------------

    def take(
        self, ours: str, theirs: str, values: pd.Series | None = None, keep: bool = False
    ) -> None:
        """Set our column from a source column, as is or transformed."""
        values = self.source.frame[theirs] if values is None else values
        self.set(ours, values, theirs, keep=keep)

    def set(self, ours: str, values: pd.Series | str, *theirs: str, keep: bool = False) -> None:
        """Set our column; `theirs` are the source columns it comes from.

        Those are dropped from the extra columns unless `keep` says the
        mapping loses something the source column holds (a window of dates
        read as one day, two texts joined into one).
        """
        if isinstance(values, str):
            values = pd.Series(values, index=self.source.frame.index, dtype=str)
        self.columns[ours] = values.fillna("").astype(str)
        if not keep:
            self.used.update(theirs)
        if theirs:
            self.origin[ours] = ", ".join(self.source.written.get(t, t) for t in theirs)

    def pass_through_our_columns(self) -> None:
        """Columns named as ours (`weapon`, `attribution` ...) that the mapping left free."""
        for name in schema.COLUMN_NAMES:
            if name not in self.columns and self.source.has(name) and name not in self.used:
                self.take(name, name)

    # -- reporting --------------------------------------------------------------

    def where(self, theirs: str) -> str:
        return self.source.written.get(theirs, theirs)

    def error(
        self,
        mask: pd.Series | np.ndarray,
        theirs: str,
        message: Message,
        code: Codes,
        ours: str | None = None,
        values: pd.Series | None = None,
    ) -> None:
        """An error on each row of `mask`: reported at the source column, the row set aside.

        `message` is a text, a function of the cell's value, or a series of
        texts aligned with the rows (and `code` then may be a series too);
        `ours` names our column the cell becomes, so the loader's own report
        on it is not repeated.
        """
        self._report(mask, theirs, message, code, ERROR, ours, values)

    def warn(
        self,
        mask: pd.Series | np.ndarray,
        theirs: str,
        message: Message,
        code: Codes,
        values: pd.Series | None = None,
    ) -> None:
        self._report(mask, theirs, message, code, WARNING, None, values)

    def file_warning(self, column: str | None, value: str, message: str, code: Code) -> None:
        self.problems.append(Problem(None, column, value, message, WARNING, code=code))

    def missing_column(self, theirs: str, ours: str, why: str) -> None:
        """A column the import cannot do without: every row is set aside."""
        self.problems.append(
            Problem(1, theirs, "", f"required column is missing; {why}", code=Code.MISSING_COLUMN)
        )
        self.rejected.update(int(row) for row in self.source.rows)
        self.reported.add((1, ours))

    def _report(self, mask, theirs, message, code, severity, ours, values) -> None:
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if positions.size == 0:
            return
        cells = (values if values is not None else self.source.frame[theirs]).to_numpy()
        column = self.where(theirs)
        texts = message.to_numpy() if isinstance(message, pd.Series) else None
        codes = code.to_numpy() if isinstance(code, pd.Series) else None
        for pos in positions:
            row = int(self.source.rows[pos])
            value = str(cells[pos])
            if texts is not None:
                text = str(texts[pos])
            else:
                text = message(value) if callable(message) else message
            kind = Code(codes[pos]) if codes is not None else code
            self.problems.append(Problem(row, column, value, text, severity, code=kind))
            if severity == ERROR:
                self.rejected.add(row)
                if ours:
                    self.reported.add((row, ours))

    # -- the result ---------------------------------------------------------------

    def text_table(self, raw: TextTable) -> TextTable:
        """`raw` rewritten in our columns (schema order), then every source column not used.

        Everything else the reader found (encoding, problems, rows it could
        not split) is carried over unchanged, and the rows keep their numbers.
        The columns go to the validator as they are: no row is rebuilt.
        """
        self.pass_through_our_columns()
        ours = [name for name in schema.COLUMN_NAMES if name in self.columns]
        data = {name: self.columns[name] for name in ours}
        for name in self.source.frame.columns:
            if name in self.used:
                continue
            kept = name if name not in data else f"{self.format_name}_{name}"
            data[kept] = self.source.frame[name]
        frame = pd.DataFrame(data, index=self.source.frame.index, copy=False)
        self._table = frame
        return TextTable(
            header=list(frame.columns),
            cells=frame.set_axis([str(i) for i in range(frame.shape[1])], axis=1),
            rows=raw.rows,
            encoding=raw.encoding,
            problems=raw.problems,
            broken_rows=raw.broken_rows,
        )

    def rows_of_table(self, rows: pd.Series | np.ndarray) -> pd.DataFrame:
        """The rows numbered `rows` of the table `text_table` built, as text, each with its
        spreadsheet number, like `rejected` (only those rows are copied)."""
        keep = np.isin(self.source.rows, np.asarray(rows))
        frame = self._table.loc[keep].copy()
        frame.insert(0, ROW_COLUMN, self.source.rows[keep])
        return frame

    def source_column_for(self, ours: str | None) -> str | None:
        """The name to show for a problem the loader found in our column `ours`."""
        if ours is None:
            return None
        return self.origin.get(ours, ours)
