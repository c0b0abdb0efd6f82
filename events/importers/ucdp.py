"""UCDP GED files onto our event table.

Read from the GED CSV layout (23.1's 49 columns; earlier releases with fewer
columns, `best_est`/`low_est`/`high_est` for the counts and any
capitalisation of the names are read the same way):

- `event_id`: `ucdp-<id>` (UCDP's own ids are bare numbers); a file without
  `id` gets ids made from each row's content (dates, place, sides, type),
  with one warning that counts the rows.
- `event_date`: the middle day of `date_start`..`date_end` (ACLED's rule for
  imprecise dates), rounded down.
- `time_precision` from `date_prec`: 1 (the day) -> 1; 2 (a 2-6 day window)
  -> 2; 3 (the week) -> 2; 4 (the month, 8-30 days) -> 3; 5 (longer, up to
  a year) -> 3, and the row's notes give the window, since "month known"
  understates it.
- `event_type` / `sub_event_type` from `type_of_violence`: 1 state-based and
  2 non-state -> `Battles` / `Armed clash`; 3 one-sided -> `Violence against
  civilians` / `Attack`.
- `actor1`, `actor2`: `side_a`, `side_b` as written. `attribution` is
  `unknown`: UCDP codes who fought, not how each report attributed it.
- `country`, `admin1`, `location`: `country`, `adm_1`, `where_coordinates`.
- `latitude`, `longitude` as written; `geo_source` is `ucdp-ged`.
- `geo_precision` from `where_prec`: 1 exact place -> 1; 2 within about
  25 km -> 2; 3 second-order division (district) -> 2, as ACLED codes a
  district; 4 first-order division (province) -> 3; 5 a linear or larger
  area -> 3; 6 country only -> 3; 7 international waters or airspace -> 3.
  For 6 and 7 a sentence in notes says the point does not mark the place.
- `fatalities`, `fatalities_low`, `fatalities_high`: `best`, `low`, `high`.
  Where UCDP's `low` is above `best` (or `high` below it), the range is
  widened to hold `best`, and a warning quotes the original figure.
- `source`: `source_article` and `source_original` joined with `;`, whole;
  `UCDP GED` when both are blank.

The time precision follows the window too: a `date_prec` that claims more
than `date_start`..`date_end` allows (1 for a 3-day window) gives way to the
window, with a warning. `date_prec` 2 maps to "week known" rather than "day
known" because a 2-6 day window does not name the day.

Every column not mapped one to one is kept under its UCDP name:
`date_start`, `date_end`, `date_prec`, `where_prec`, `type_of_violence`,
`source_article`, `source_original`, `source_headline`, `conflict_name`,
`deaths_civilians` and the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from events import schema
from events.importers.conversion import Conversion, SourceTable
from events.importers.dates import parse_date_column
from events.importers.derived_ids import content_ids, derived_ids_message
from events.problems import Code

VIOLENCE_TYPES: dict[str, tuple[str, str, str]] = {
    "1": ("state-based conflict", "Battles", "Armed clash"),
    "2": ("non-state conflict", "Battles", "Armed clash"),
    "3": ("one-sided violence", "Violence against civilians", "Attack"),
}
DATE_PRECISION: dict[str, tuple[int, str]] = {
    "1": (1, "the day is known"),
    "2": (2, "known within 2-6 days"),
    "3": (2, "the week is known"),
    "4": (3, "the month is known"),
    "5": (3, "known within more than a month"),
}
WHERE_PRECISION: dict[str, int] = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3, "6": 3, "7": 3}
WHERE_NOTES = {
    "6": "UCDP places this event only in the country (where_prec 6); the point does not mark "
    "where it happened.",
    "7": "UCDP places this event in international waters or airspace (where_prec 7).",
}
LONGEST_MONTH_DAYS = 31
DEFAULT_SOURCE = "UCDP GED"
GEO_SOURCE = "ucdp-ged"

# Our column -> UCDP names, newest first.
ALIASES: dict[str, tuple[str, ...]] = {
    "best": ("best", "best_est", "best_estimate"),
    "low": ("low", "low_est", "low_estimate"),
    "high": ("high", "high_est", "high_estimate"),
    "adm_1": ("adm_1", "adm1"),
}


# What an event's derived id is made of, for a file without `id`.
ID_CONTENT: tuple[str, ...] = (
    "date_start",
    "date_end",
    "country",
    "adm_1",
    "where_coordinates",
    "latitude",
    "longitude",
    "side_a",
    "side_b",
    "type_of_violence",
)


@dataclass
class Window:
    """Each row's window of dates: its length in days and how to say it (blank if unreadable)."""

    days: pd.Series
    text: pd.Series
    valid: pd.Series


def convert(source: SourceTable) -> Conversion:
    """Build our columns from a UCDP GED table."""
    conversion = Conversion(source, "ucdp")
    _event_id(conversion)
    window = _dates(conversion)
    if window is not None:
        _time_precision(conversion, window)
    _types(conversion)
    for ours, theirs in (
        ("actor1", "side_a"),
        ("actor2", "side_b"),
        ("country", "country"),
        ("location", "where_coordinates"),
        ("latitude", "latitude"),
        ("longitude", "longitude"),
    ):
        if source.has(theirs):
            conversion.take(ours, theirs)
        elif ours in schema.REQUIRED:
            conversion.missing_column(theirs, ours, f"UCDP's {theirs} gives our {ours}")
    if adm_1 := source.first_present(*ALIASES["adm_1"]):
        conversion.take("admin1", adm_1)
    conversion.set("attribution", "unknown")
    _geo_precision(conversion)
    _fatalities(conversion)
    _source(conversion)
    if source.has("latitude") and source.has("longitude"):
        placed = (source.stripped("latitude") != "") & (source.stripped("longitude") != "")
        conversion.set("geo_source", placed.map({True: GEO_SOURCE, False: ""}))
    _notes(conversion, window)
    return conversion


def _event_id(conversion: Conversion) -> None:
    source = conversion.source
    if not source.has("id"):
        parts = [source.frame[name] for name in ID_CONTENT if source.has(name)]
        if not parts:
            parts = [pd.Series("", index=source.frame.index, dtype=str)]
        conversion.set("event_id", content_ids("ucdp", parts))
        conversion.file_warning(
            "id",
            "",
            derived_ids_message(len(source.frame), "dates, place, sides and type", "id"),
            Code.DERIVED_ID,
        )
        return
    ids = source.stripped("id")
    conversion.set("event_id", ("ucdp-" + ids).where(ids != "", ""), "id")


def _dates(conversion: Conversion) -> Window | None:
    source = conversion.source
    if not source.has("date_start"):
        conversion.missing_column("date_start", "event_date", "it dates each event")
        return None
    start_iso, start_why, start_code = parse_date_column(source.frame["date_start"])
    start_blank = source.stripped("date_start") == ""
    conversion.error(start_why != "", "date_start", start_why, start_code, ours="event_date")
    conversion.error(
        start_blank,
        "date_start",
        "is blank; every UCDP event has a first day",
        Code.REQUIRED_BLANK,
        ours="event_date",
    )
    if source.has("date_end"):
        end_iso, end_why, end_code = parse_date_column(source.frame["date_end"])
        conversion.error(end_why != "", "date_end", end_why, end_code, ours="event_date")
        end_iso = end_iso.where(source.stripped("date_end") != "", start_iso)
    else:
        end_iso = start_iso
    start = pd.to_datetime(start_iso, format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(end_iso, format="%Y-%m-%d", errors="coerce")
    span = (end - start).dt.days
    conversion.error(
        span < 0,
        "date_end",
        lambda v: "is before date_start; the window of dates runs backwards",
        Code.DATES_BACKWARDS,
        ours="event_date",
    )
    valid = span >= 0
    middle = start + pd.to_timedelta(span.where(valid, 0) // 2, unit="D")
    conversion.set(
        "event_date",
        middle.dt.strftime("%Y-%m-%d").where(valid, ""),
        "date_start",
        "date_end",
        keep=True,
    )
    text = (start.dt.strftime("%Y-%m-%d") + " to " + end.dt.strftime("%Y-%m-%d")).where(valid, "")
    return Window((span + 1).where(valid), text, valid)


def _time_precision(conversion: Conversion, window: Window) -> None:
    source = conversion.source
    days, valid = window.days, window.valid
    from_window = pd.Series(np.select([days <= 1, days <= 7], [1, 2], 3), index=days.index).where(
        valid, 1
    )
    column = source.first_present("date_prec")
    if column is None:
        conversion.set("time_precision", from_window.astype(str))
        return
    code = source.stripped(column)
    known = code.isin(list(DATE_PRECISION))
    conversion.warn(
        (code != "") & ~known,
        column,
        "must be 1-5 (UCDP's date precision); the precision is taken from date_start and date_end",
        Code.BAD_CODE,
    )
    from_code = code.map({k: v[0] for k, v in DATE_PRECISION.items()}).fillna(0).astype(int)
    coarser = valid & known & (from_window > from_code)
    conversion.warn(
        coarser,
        column,
        lambda v: (
            f"says {DATE_PRECISION[v][1]}, but date_start to date_end spans more days; "
            "time_precision follows the dates"
        ),
        Code.PRECISION_FROM_DATES,
    )
    precision = np.maximum(from_code, from_window)
    conversion.set("time_precision", precision.astype(str), column, keep=True)
    longer = valid & (days > LONGEST_MONTH_DAYS)
    if longer.any():
        conversion.file_warning(
            column,
            "5",
            f"{int(longer.sum())} events are dated only within a window longer than a month; "
            "time_precision 3 (month known) understates that, so their notes give the window",
            Code.WIDE_DATE_WINDOW,
        )


def _types(conversion: Conversion) -> None:
    source = conversion.source
    if not source.has("type_of_violence"):
        conversion.missing_column("type_of_violence", "event_type", "it decides each event's type")
        return
    code = source.stripped("type_of_violence")
    conversion.error(
        ~code.isin(list(VIOLENCE_TYPES)),
        "type_of_violence",
        "must be 1 (state-based conflict), 2 (non-state conflict) or 3 (one-sided violence)",
        Code.BAD_CODE,
        ours="event_type",
    )
    types = code.map({k: v[1] for k, v in VIOLENCE_TYPES.items()}).fillna("")
    subs = code.map({k: v[2] for k, v in VIOLENCE_TYPES.items()}).fillna("")
    conversion.set("event_type", types, "type_of_violence", keep=True)
    conversion.set("sub_event_type", subs, "type_of_violence", keep=True)


def _geo_precision(conversion: Conversion) -> None:
    source = conversion.source
    if not source.has("where_prec"):
        return
    code = source.stripped("where_prec")
    known = code.isin(list(WHERE_PRECISION))
    conversion.warn(
        (code != "") & ~known,
        "where_prec",
        "must be 1-7 (UCDP's place precision); geo_precision is left blank",
        Code.BAD_CODE,
    )
    precision = code.map({k: str(v) for k, v in WHERE_PRECISION.items()}).fillna("")
    conversion.set("geo_precision", precision, "where_prec", keep=True)


def _fatalities(conversion: Conversion) -> None:
    source = conversion.source
    columns = {name: source.first_present(*ALIASES[name]) for name in ("best", "low", "high")}
    for name, ours in (
        ("best", "fatalities"),
        ("low", "fatalities_low"),
        ("high", "fatalities_high"),
    ):
        if columns[name]:
            conversion.take(ours, columns[name])
    best_col, low_col, high_col = columns["best"], columns["low"], columns["high"]
    if not best_col:
        return
    best_text = source.stripped(best_col)
    best = pd.to_numeric(best_text, errors="coerce")
    for name, ours, outside, word in (
        (low_col, "fatalities_low", lambda x: x > best, "above"),
        (high_col, "fatalities_high", lambda x: x < best, "below"),
    ):
        if not name:
            continue
        wrong = outside(pd.to_numeric(source.stripped(name), errors="coerce"))
        conversion.warn(
            wrong,
            name,
            f"is {word} {best_col} ("
            + best_text
            + f"); {ours} is set to "
            + best_text
            + " so the range holds the best estimate",
            Code.RANGE_WIDENED,
        )
        conversion.columns[ours] = conversion.columns[ours].where(~wrong, best_text)


def _source(conversion: Conversion) -> None:
    source = conversion.source
    parts = [name for name in ("source_article", "source_original") if source.has(name)]
    joined = pd.Series("", index=source.frame.index, dtype=str)
    for name in parts:
        text = source.stripped(name)
        both = (joined != "") & (text != "")
        joined = (joined + "; " + text).where(both, joined + text)
    blank = joined == ""
    if blank.any():
        joined = joined.where(~blank, DEFAULT_SOURCE)
        conversion.file_warning(
            "source_article",
            "",
            f"{int(blank.sum())} events name no source article or original source; their "
            f"source is set to {DEFAULT_SOURCE!r}",
            Code.DEFAULT_SOURCE,
        )
    conversion.set("source", joined, *parts, keep=True)


def _notes(conversion: Conversion, window: Window | None) -> None:
    source = conversion.source
    sentences = pd.Series("", index=source.frame.index, dtype=str)
    if window is not None:
        longer = window.days > LONGEST_MONTH_DAYS
        said = (
            "UCDP dates this event only within "
            + window.text
            + " ("
            + window.days.fillna(0).astype(int).astype(str)
            + " days); the date shown is the middle of that window."
        )
        sentences = sentences.where(~longer, said)
    if source.has("where_prec"):
        code = source.stripped("where_prec")
        for value, text in WHERE_NOTES.items():
            here = code == value
            sentences = sentences.where(~here, (sentences + " " + text).str.strip())
    if (sentences != "").any():
        conversion.set("notes", sentences)
