"""Say in words what the map shows, and what the data file got wrong."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.text import md_escape
from events import Problem
from events.filters import describe
from events.problems import ERROR
from events.region import page_title
from events.view import ViewState


def title_line(dataset_path: str, bundled_path, region: str = "") -> str:
    """The page heading: the bundled data's subject, or the name of the file opened.

    `region` is where the file's events are (events.region.region_of), so a
    file from elsewhere is not titled as the bundled data's region.
    """
    if str(dataset_path) == str(bundled_path):
        return "#### Conflict map: strikes and attacks in Iraq and Syria"
    return f"#### {md_escape(page_title(file_name(dataset_path), region))}"


def file_name(dataset_path) -> str:
    """The file's own name, without its folders."""
    return str(dataset_path).replace("\\", "/").rsplit("/", 1)[-1]


def summary_line(view: ViewState, all_events: pd.DataFrame, shown: pd.DataFrame) -> str:
    line = describe(view, all_events, shown)
    unplaced = int(shown["latitude"].isna().sum()) if len(shown) else 0
    if unplaced:
        line += f" ({unplaced} not on the map: place unknown)"
    return line


def render_summary(line: str) -> None:
    st.markdown(f"**{md_escape(line)}**", help=None)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Row": [p.row for p in problems],
            "Column": [p.column or "" for p in problems],
            "Value": [p.value for p in problems],
            "Severity": [p.severity for p in problems],
            "Problem": [p.message for p in problems],
        }
    )


def render_problems(problems: list[Problem], rejected_rows: int, path: str) -> None:
    if not problems:
        return
    errors = sum(p.severity == ERROR for p in problems)
    title = (
        f"Data problems in {md_escape(path.rsplit('/', 1)[-1])}: {errors} errors, "
        f"{len(problems) - errors} warnings; {rejected_rows} rows left out"
    )
    with st.expander(title, expanded=rejected_rows > 0, icon=":material/warning:"):
        st.caption(
            "Rows with errors are left out of the map and the table; rows with warnings "
            "are shown. Row numbers are as a spreadsheet shows them (the header is row 1)."
        )
        st.dataframe(problems_frame(problems), hide_index=True, width="stretch", key="problems")
