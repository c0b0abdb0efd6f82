"""The table of events in view, newest first; picking a row selects the event.

It lists at most `MAX_ROWS` events, the newest: a reader scans a few hundred
rows, and sending half a million to the browser on every filter change would
cost tens of megabytes. The downloads below the table hold every event in view.

`csv_bytes` is the table's download (built in `components/exports.py`): our
schema with spreadsheet formulas neutralised (`events.export.events_csv`), so
a cell starting with = + - @ (or a tab or CR) cannot run in Excel or
LibreOffice, while the screen shows the data as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import state
from events.export import events_csv, neutralise_formula

DISPLAY_COLUMNS = {
    "event_date": "Date",
    "location": "Place",
    "country": "Country",
    "actor1": "Actor",
    "attribution": "Attribution",
    "actor2": "Target",
    "sub_event_type": "Type",
    "fatalities": "Killed",
    "wounded": "Wounded",
    "event_id": "ID",
}
MAX_ROWS = 1_000
__all__ = ["csv_bytes", "neutralise_formula", "render_table", "table_frame"]


def table_frame(events: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The columns a reader scans, newest first (ties in file order), with readable headings.

    With `limit`, only the newest `limit` events: the same rows a full sort
    would put first, found without sorting them all.
    """
    if limit is not None and len(events) > limit:
        # As integers: numpy partitions datetimes seventy times slower.
        dates = np.asarray(events["event_date"], dtype="datetime64[ns]").view("i8")
        # Every event newer than the limit-th newest, then the earliest in file order of its day.
        cutoff = np.partition(dates, len(dates) - limit)[len(dates) - limit]
        newer = np.flatnonzero(dates > cutoff)
        tied = np.flatnonzero(dates == cutoff)[: limit - len(newer)]
        events = events.iloc[np.sort(np.concatenate([newer, tied]))]
    frame = events[list(DISPLAY_COLUMNS)].rename(columns=DISPLAY_COLUMNS)
    return frame.sort_values("Date", ascending=False, kind="stable").reset_index(drop=True)


def csv_bytes(events: pd.DataFrame) -> bytes:
    """The events in our schema (plus any extra columns), safe to open in a spreadsheet."""
    return events_csv(events)


def _on_row_selected(event_ids: list[str]) -> None:
    event_id = state.selection_from_table(state.table_returned(), event_ids)
    if event_id is not None:
        state.select(event_id)


def render_table(events: pd.DataFrame) -> None:
    frame = table_frame(events, limit=MAX_ROWS)
    if len(events) > len(frame):
        st.caption(
            f"The {len(frame):,} newest of the {len(events):,} events in view; "
            "the downloads below hold them all."
        )
    st.dataframe(
        frame,
        key=state.TABLE,
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * max(1, len(frame))),
        on_select=lambda: _on_row_selected(list(frame["ID"])),
        selection_mode="single-row",
        column_config={
            "Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Killed": st.column_config.NumberColumn(help="blank = not reported"),
            "Wounded": st.column_config.NumberColumn(help="blank = not reported"),
        },
    )
