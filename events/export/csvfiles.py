"""The events in view as CSV: in our schema, or in ACLED's column layout.

Both are meant to be opened in a spreadsheet, so by default a text cell that
starts with = + - @ (or a tab or CR) gets a leading apostrophe: Excel and
LibreOffice would otherwise run it as a formula (CSV injection). So does
every line inside a cell: a reader that splits the file at line ends sees
each as the start of a record. Numbers and dates are never touched.

Every cell that holds a CR or an LF is quoted. Python's writer quotes only
the characters of its own line end, so a cell holding a lone CR would be
written bare and read back as two records, the second free to start with `=`.

Pass `neutralise_formulas=False` for a file that only programs will read,
such as the output of `python -m events import`.

No citation is written into the CSV itself: a leading `#` line or a trailing
note breaks `csv` readers, pandas and R alike. The citation travels beside
the file (see `events.export.citation`).
"""

from __future__ import annotations

import io
import re

import pandas as pd

from events import schema
from events.importers.acled import ACLED_COLUMNS, SAME_NAME
from events.load import EXTRA_FIELDS_COLUMN, ROW_COLUMN

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A line inside a cell that starts like a formula (after a CR or an LF).
_FORMULA_LINE = re.compile(r"(?<=[\r\n])(?=[=+\-@\t])")

# Bookkeeping of the loader, not data: never exported.
INTERNAL_COLUMNS = (ROW_COLUMN, EXTRA_FIELDS_COLUMN)


def neutralise_formula(value: object) -> object:
    """A text a spreadsheet would run as a formula, made inert with a leading apostrophe.

    Each line of a text of several lines is made inert the same way.
    """
    if not isinstance(value, str):
        return value
    if "\r" in value or "\n" in value:
        value = _FORMULA_LINE.sub("'", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def data_columns(events: pd.DataFrame) -> list[str]:
    """Our columns and any extra ones, in table order, without the loader's bookkeeping."""
    return [c for c in events.columns if c not in INTERNAL_COLUMNS]


def events_csv(events: pd.DataFrame, *, neutralise_formulas: bool = True) -> bytes:
    """The events in our schema (plus any extra columns) as UTF-8 CSV bytes."""
    frame = events[data_columns(events)].copy()
    frame["event_date"] = _iso_dates(frame["event_date"])
    return _csv(frame, neutralise_formulas)


def acled_frame(events: pd.DataFrame, *, extra_columns: bool = True) -> pd.DataFrame:
    """The events under ACLED's 31 export columns, in ACLED's order.

    `event_id` becomes `event_id_cnty`, `year` is the event date's year,
    columns ACLED has and we keep as extras (`assoc_actor_1`, `inter1`,
    `admin2` ...) come back from them, and ACLED columns we know nothing of
    are blank. `fatalities` stays blank where no figure was reported (ACLED
    would write 0, which means "reported as none" here). With
    `extra_columns`, our columns ACLED has no place for (`weapon`,
    `attribution`, `fatalities_low` ...) and every other extra column follow
    the 31, so importing the file again loses nothing.
    """
    out: dict[str, pd.Series] = {}
    blank = pd.Series("", index=events.index, dtype=object)
    for name in ACLED_COLUMNS:
        if name == "event_id_cnty":
            out[name] = events["event_id"]
        elif name == "event_date":
            out[name] = _iso_dates(events["event_date"])
        elif name == "year":
            out[name] = events["event_date"].dt.year.astype("Int64")
        elif name in events.columns:
            out[name] = events[name]
        else:
            out[name] = blank
    if extra_columns:
        mapped = {"event_id", "event_date", *SAME_NAME, *ACLED_COLUMNS}
        for name in data_columns(events):
            if name not in mapped:
                out[name] = events[name]
    return pd.DataFrame(out, index=events.index)


def acled_csv(
    events: pd.DataFrame, *, extra_columns: bool = True, neutralise_formulas: bool = True
) -> bytes:
    """The events in ACLED's column layout as UTF-8 CSV bytes (see `acled_frame`)."""
    return _csv(acled_frame(events, extra_columns=extra_columns), neutralise_formulas)


def _neutralised(values: pd.Series) -> pd.Series:
    """`neutralise_formula` over a whole column at once (non-text cells are left alone)."""
    lines = _holding(values, "\n") | _holding(values, "\r")
    texts = values.astype(object)
    if lines.any():
        texts = texts.where(
            ~lines, texts.where(lines, "").str.replace(_FORMULA_LINE, "'", regex=True)
        )
    risky = texts.str.startswith(FORMULA_START).fillna(False).astype(bool)
    if not risky.any() and not lines.any():
        return values
    return texts.where(~risky, "'" + texts.where(risky, ""))


def _iso_dates(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d")


def _csv(frame: pd.DataFrame, neutralise_formulas: bool) -> bytes:
    if neutralise_formulas:
        frame = frame.copy()
        for column in frame.columns:
            if column in schema.COLUMNS_BY_NAME and schema.COLUMNS_BY_NAME[column].kind in (
                "date",
                "int",
                "float",
                "precision",
            ):
                continue
            values = frame[column]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                frame[column] = _neutralised(values)
        # An extra column's name is a cell of the header row too.
        frame.columns = [neutralise_formula(name) for name in frame.columns]
    buffer = io.StringIO()
    if not _has_cr(frame):
        frame.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue().encode("utf-8")
    # Written with CR LF record ends, Python's writer quotes every cell holding a
    # CR or an LF; a cell's own CR LF is stood in for first, so that afterwards
    # each CR LF left in the text is a record end, and becomes LF as usual.
    frame = frame.copy()
    texts = [c for c in frame.columns if _is_text(frame[c])]
    stand_in = next(
        s
        for s in (f"\r{chr(c)}\n" for c in range(0xE000, 0xF900))
        if not any(_holding(frame[c], s).any() for c in texts)
    )
    for column in texts:
        values = frame[column].astype(object)
        crlf = _holding(values, "\r\n")
        if crlf.any():
            frame[column] = values.where(
                ~crlf, values.where(crlf, "").str.replace("\r\n", stand_in, regex=False)
            )
    frame.to_csv(buffer, index=False, lineterminator="\r\n")
    text = buffer.getvalue().replace("\r\n", "\n").replace(stand_in, "\r\n")
    return text.encode("utf-8")


def _has_cr(frame: pd.DataFrame) -> bool:
    """Whether a text cell (or a column name) holds a CR, which the LF writer leaves bare."""
    if any("\r" in str(name) for name in frame.columns):
        return True
    return any(_holding(frame[c], "\r").any() for c in frame.columns if _is_text(frame[c]))


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def _holding(values: pd.Series, text: str) -> pd.Series:
    """Which cells are strings holding `text` (other values never are)."""
    if values.dtype != object:  # a string column: searched in Arrow, not cell by cell
        return values.str.contains(text, regex=False).fillna(False).astype(bool)
    return values.astype(object).str.contains(text, regex=False).fillna(False).astype(bool)
