"""What opening an events file gives back, whichever way it was opened.

The loader (`load_events`), the importers (`import_file`) and the events
cache all hand back this one record: the valid typed events, the rows set
aside, every problem, the sources table, and how the file was read. A
field that does not apply keeps its default (our own files have format
`ours` and no HXL row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from events.formats import DATASET_CREDITS, OURS
from events.problems import ERROR, WARNING, Problem


@dataclass
class LoadResult:
    """A loaded table: valid events, rows set aside, and why.

    `rejected` holds the rows set aside, with their cells as the file wrote
    them; a table read back from the events cache keeps only their row
    numbers (`csv_row`). `format` is `ours`, `acled` or `ucdp`; `rows_read`
    counts the data rows (not the header, a hashtag row or blank lines);
    `hxl_row` is the row of the HXL hashtag row that was set aside, if any.
    """

    events: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[Problem] = field(default_factory=list)
    sources: pd.DataFrame | None = None
    encoding: str = "utf-8"
    format: str = OURS
    rows_read: int = 0
    hxl_row: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def rejected_rows(self) -> int:
        return len(self.rejected)

    @property
    def credit(self) -> str | None:
        """How the dataset the file came from asks to be cited, or None for our own files."""
        return DATASET_CREDITS.get(self.format)
