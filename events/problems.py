"""A problem found in a data file, stated so a person can find and fix it.

Every problem names the row as a spreadsheet numbers it (the header is row 1),
the column, the value as written, and why it is wrong. An `error` keeps its row
out of the valid events; a `warning` leaves the row in and points at something
to check. Nothing is dropped or changed without a problem saying so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    value: str
    message: str
    severity: str = ERROR

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
