"""Recognise and set aside the HXL hashtag row that humanitarian data portals add.

HDX and similar portals publish ACLED and UCDP files with a second header
row of Humanitarian Exchange Language tags (`#date`, `#adm1+name`,
`#affected+killed`) directly under the column names. It is metadata, not an
event; it is removed before the rows are read, and every other row keeps the
number a spreadsheet gives it, so problems still point at the right line.
"""

from __future__ import annotations

import re

from events.table import TextTable

# A hashtag with optional +attributes: `#adm1`, `#affected+killed`, `#date +start`.
_HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*$", re.IGNORECASE)


def is_hxl_row(record: list[str]) -> bool:
    """True when every non-blank cell is an HXL hashtag and at least one cell is."""
    cells = [cell.strip() for cell in record if cell.strip()]
    return bool(cells) and all(_HXL_TAG.match(cell) for cell in cells)


def drop_hxl_row(table: TextTable) -> tuple[TextTable, int | None]:
    """The table without its hashtag row, and the spreadsheet row it was on (or None)."""
    if not len(table) or not is_hxl_row(table.record(0)):
        return table, None
    return table.without_first_record(), int(table.rows[0])
