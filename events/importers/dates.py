"""Read the date forms ACLED and UCDP files arrive in, and nothing ambiguous.

ACLED's own exports write `21 March 2020` (older ones) or `2020-03-21`
(the current API); a file saved again by Excel shows `21-Mar-20`; UCDP GED
writes `2013-01-03`, sometimes with a midnight time (`2013-01-03 00:00:00.000`).
Forms like `03/04/2020` are refused: whether that is 3 April or 4 March cannot
be told from the cell, and a wrong guess would move an event by a month.

Two-digit years are read as the latest year they can be that is not in the
future (`97` is 1997, `20` is 2020): conflict event data start in 1989.
Each distinct text is parsed once, so a file of 100,000 rows over a few
thousand days costs a few thousand parses.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from events.problems import Code

ACCEPTED_FORMS = "YYYY-MM-DD, 21 March 2020, 21 Mar 2020, 21-Mar-20, 21-Mar-2020 or March 21, 2020"

# Month names and their English abbreviations; ingest/dates.py reads reports with the same table.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([a-z]{3,9})\.?[ -](\d{4}|\d{2})$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"^([a-z]{3,9})\.? (\d{1,2}),? (\d{4})$", re.IGNORECASE)
_SLASHED = re.compile(r"^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$")


def parse_date(text: str, today: date | None = None) -> tuple[date | None, str]:
    """The date a cell holds, or None and why it cannot be read."""
    day, why, _ = read_date(text, today)
    return day, why


def read_date(text: str, today: date | None = None) -> tuple[date | None, str, Code | None]:
    """The date a cell holds, or None, why it cannot be read and the problem's code."""
    value = text.strip()
    if not value:
        return None, "is blank", Code.REQUIRED_BLANK
    parts = _parts(value, today or date.today())
    if parts is None:
        if _SLASHED.match(value):
            return (
                None,
                "day and month order cannot be told in a date with slashes; "
                f"write it as {ACCEPTED_FORMS}",
                Code.AMBIGUOUS_DATE,
            )
        return None, f"is not a date; write it as {ACCEPTED_FORMS}", Code.BAD_DATE
    year, month, day = parts
    if month is None:
        return None, f"has no month called that; write it as {ACCEPTED_FORMS}", Code.BAD_DATE
    try:
        return date(year, month, day), "", None
    except ValueError:
        return None, "no such day in the calendar", Code.NO_SUCH_DAY


def _parts(value: str, today: date) -> tuple[int, int | None, int] | None:
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
        return year, month, day
    if match := _DAY_MONTH_YEAR.match(value):
        day, month, year = match.groups()
        return _full_year(year, today), MONTHS.get(month.lower()), int(day)
    if match := _MONTH_DAY_YEAR.match(value):
        month, day, year = match.groups()
        return int(year), MONTHS.get(month.lower()), int(day)
    return None


def _full_year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year else year - 100


def parse_date_column(
    values: pd.Series, today: date | None = None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """ISO text (`YYYY-MM-DD`, blank where unreadable), why each unreadable cell failed,
    and the code of that problem.

    The second series is blank (and the third None) for cells read, or for
    blank cells (whether a blank is allowed is for the caller to say).
    """
    today = today or date.today()
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    iso, why, kinds = [], [], []
    for text in uniques:
        day, reason, code = read_date(str(text), today)
        if day:
            iso.append(day.isoformat()), why.append(""), kinds.append(None)
        elif not str(text).strip():
            iso.append(""), why.append(""), kinds.append(None)
        else:
            iso.append(""), why.append(reason), kinds.append(code)

    # Each distinct text was read once; the rows take their answers by position.
    def spread(answers: list) -> pd.Series:
        return pd.Series(np.asarray(answers, dtype=object)[codes], index=values.index)

    return spread(iso).astype(str), spread(why).astype(str), spread(kinds)
