"""The table of events in view, and the filtered view as a CSV download.

The download is what the user sees, in our schema, with spreadsheet formulas
neutralised: a cell starting with = + - @ (or a tab or CR) would run as a
formula in Excel or LibreOffice, so it gets a leading apostrophe there only.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from components.detail import select_event
from events.load import ROW_COLUMN

TABLE_KEY = "table"
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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader scans, newest first, with readable headings."""
    frame = events[list(DISPLAY_COLUMNS)].rename(columns=DISPLAY_COLUMNS)
    return frame.sort_values("Date", ascending=False, kind="stable").reset_index(drop=True)


def neutralise_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(events: pd.DataFrame) -> bytes:
    """The events in our schema (plus any extra columns), safe to open in a spreadsheet."""
    columns = [c for c in events.columns if c != ROW_COLUMN]
    frame = events[columns].copy()
    frame["event_date"] = frame["event_date"].dt.strftime("%Y-%m-%d")
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_formula)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def _on_row_selected(event_ids: list[str]) -> None:
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    if rows:
        select_event(event_ids[rows[0]])


def render_table(events: pd.DataFrame, file_stem: str) -> None:
    frame = table_frame(events)
    st.dataframe(
        frame,
        key=TABLE_KEY,
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
    st.download_button(
        f"Download these {len(events)} events (CSV)",
        data=lambda: csv_bytes(events),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key="download-csv",
        on_click="ignore",
        icon=":material/download:",
    )
