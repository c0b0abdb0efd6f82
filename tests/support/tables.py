"""Event tables the tests share: the bundled file, rows written as a spreadsheet writes
them, generated valid tables (the loader's and the fast reader's property tests), and a
typed frame from a few fields (the components' and the map scripts' tests)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
from hypothesis import strategies as st

from events import load_events, schema
from tests.support import DATA

TODAY = date(2026, 1, 1)
BUNDLED = (DATA / "events.csv").read_bytes()
COLUMNS = list(schema.COLUMN_NAMES)
TYPE_PAIRS = [(t, s) for t, subs in schema.SUB_EVENT_TYPES.items() for s in ("", *subs)]
TEXT_COLUMNS = ("weapon", "actor1", "actor2", "operation", "country", "admin1", "location")
TEXT_COLUMNS += ("geo_source", "notes")
REQUIRED_TEXT = ("actor1", "country", "location")


def csv_text(records: list[list[str]], terminator: str = "\n") -> str:
    """Records as a spreadsheet writes them: a field holding a CR or LF is quoted whatever
    ends the records (csv's writer quotes only the characters of its own terminator)."""
    lines = []
    for record in records:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerow(record)
        lines.append(buffer.getvalue().removesuffix("\r\n") + terminator)
    return "".join(lines)


def to_csv(rows: list[dict[str, str]], columns=COLUMNS, terminator: str = "\n") -> str:
    records = [list(columns), *([row.get(c, "") for c in columns] for row in rows)]
    return csv_text(records, terminator)


# Anything a spreadsheet cell can hold: quotes, commas, newlines, CR, tabs, NUL,
# right-to-left marks, emoji, combining accents.
# NUL bytes have tests of their own below.
any_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=24)
some_text = any_text.filter(lambda t: t.strip() != "")
count = st.integers(0, 999_999_999)


@st.composite
def valid_rows(draw, ident: str) -> dict[str, str]:
    event_type, sub = draw(st.sampled_from(TYPE_PAIRS))
    row = {column: "" for column in COLUMNS}
    row.update(
        event_id=ident,
        event_date=draw(st.dates(date(1900, 1, 1), TODAY)).isoformat(),
        time_precision=draw(st.sampled_from(["", "1", "2", "3"])),
        event_type=event_type,
        sub_event_type=sub,
        attribution=draw(st.sampled_from(["", *schema.ATTRIBUTIONS])),
        geo_precision=draw(st.sampled_from(["", "1", "2", "3"])),
        source=draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)),
    )
    for column in TEXT_COLUMNS:
        row[column] = draw(some_text if column in REQUIRED_TEXT else any_text)
    if draw(st.booleans()):
        row["latitude"] = repr(draw(st.floats(-90, 90)))
        row["longitude"] = repr(draw(st.floats(-180, 180)))
    for best, low, high in schema.COUNT_RANGES:
        low_value, best_value, high_value = sorted(draw(st.lists(count, min_size=3, max_size=3)))
        shown = draw(st.sampled_from(["none", "best", "range"]))
        if shown in ("best", "range"):
            row[best] = str(best_value)
        if shown == "range":
            row[low], row[high] = str(low_value), str(high_value)
    return row


@st.composite
def valid_tables(draw, max_rows: int = 12) -> list[dict[str, str]]:
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
            min_size=1,
            max_size=max_rows,
            unique=True,
        )
    )
    return [draw(valid_rows(ident)) for ident in ids]


def bundled_row(index: int, **changes: str) -> dict[str, str]:
    record = list(csv.DictReader(io.StringIO(BUNDLED.decode("utf-8"), newline="")))[index]
    return {**record, **changes}


def frame(rows: list[dict]) -> pd.DataFrame:
    """A typed events frame from a few fields, the rest blank, as the loader gives it."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(schema.COLUMN_NAMES))
    writer.writeheader()
    for i, row in enumerate(rows):
        writer.writerow(
            {
                **{name: "" for name in schema.COLUMN_NAMES},
                "event_id": f"e{i}",
                "event_date": "2020-03-11",
                "event_type": "Explosions/Remote violence",
                "actor1": "Kata'ib Hezbollah",
                "country": "Iraq",
                "location": "Camp Taji",
                "latitude": "33.523",
                "longitude": "44.253",
                "source": "Reuters",
                **row,
            }
        )
    result = load_events(buffer.getvalue().encode())
    assert result.errors == [], result.errors
    return result.events
