"""Take out exactly what is in view: our CSV, ACLED's layout, GeoJSON, an offline HTML map.

Each file is built only when its button is clicked (a 10,000-event view
would otherwise cost every rerun a CSV, a GeoJSON and an HTML page), and
each carries, or comes with, a citation line: what was in view, when it was
exported, and where the data came from.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.map.export import standalone_map_html
from components.text import md_escape
from events.export import (
    GEOJSON_MEDIA_TYPE,
    acled_csv,
    citation_line,
    events_csv,
    geojson_bytes,
    sources_summary,
)
from events.importers import DATASET_CREDITS


def export_citation(
    events: pd.DataFrame,
    view_line: str,
    sources: pd.DataFrame | None,
    dataset_format: str = "ours",
    today: date | None = None,
) -> str:
    """The line to cite an export by: the view, the export date, and the data's sources."""
    credit = DATASET_CREDITS.get(dataset_format) or sources_summary(events, sources)
    return citation_line(view_line, credit, today)


def render_exports(
    events: pd.DataFrame,
    view_line: str,
    sources: pd.DataFrame | None,
    dataset_format: str = "ours",
    file_stem: str = "events-in-view",
) -> None:
    citation = export_citation(events, view_line, sources, dataset_format)
    count = f"{len(events):,} event" + ("" if len(events) == 1 else "s")
    st.markdown(f"**Download the {count} in view**")
    columns = st.columns(4)
    buttons = (
        ("CSV", f"{file_stem}.csv", "text/csv", lambda: events_csv(events)),
        (
            "CSV, ACLED layout",
            f"{file_stem}-acled.csv",
            "text/csv",
            lambda: acled_csv(events),
        ),
        (
            "GeoJSON",
            f"{file_stem}.geojson",
            GEOJSON_MEDIA_TYPE,
            lambda: geojson_bytes(events, citation),
        ),
        (
            "Map (HTML, works offline)",
            f"{file_stem}-map.html",
            "text/html",
            lambda: standalone_map_html(events, citation),
        ),
    )
    for column, (label, name, mime, build) in zip(columns, buttons, strict=True):
        column.download_button(
            label,
            data=build,
            file_name=name,
            mime=mime,
            key=f"download-{name}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    st.caption("Cite as: " + md_escape(citation))
