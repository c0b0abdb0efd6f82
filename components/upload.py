"""Open an analyst's own file (ACLED, UCDP or ours), alone or beside the bundled data.

The file is read with the same importers as `python -m events import`, its
problems are listed like the bundled file's, and the data set it makes gets a
name (`upload-` and the file's whole SHA-256) that shared links carry, so a
link made on an uploaded file says which file it needs. The name is also the
key of the caches every session shares (filter choices, map layers), so it is
the whole hash: with a part of it, a file made to collide would show one
user's events to another.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pandas as pd
import streamlit as st

from components import state
from components.data import Dataset, placed
from components.text import md_escape
from events import Code, EventsError, Problem
from events.importers import import_file
from events.problems import ERROR

REPLACE = "Show only this file"
MERGE = "Add it to the bundled events"
MAX_UPLOAD_MB = 100
UPLOAD_PREFIX = "upload-"
UPLOAD_TYPES = ["csv", "tsv", "txt", "gz", "zip", "xlsx", "json"]


def file_name(sent: str) -> str:
    """The file's name as the user's system shows it.

    Browsers send a name in a form with `"`, CR and LF written as `%22`,
    `%0D` and `%0A` (the HTML standard's form-data encoding), so `"`
    would otherwise read as `%22` in every message.
    """
    return sent.replace("%22", '"').replace("%0D", " ").replace("%0A", " ")


def dataset_name(data: bytes) -> str:
    """A stable name for the uploaded bytes, safe to put in a URL, unique to their content."""
    return UPLOAD_PREFIX + hashlib.sha256(data).hexdigest()


@st.cache_resource(max_entries=4, show_spinner="Reading the uploaded file…")
def _import_upload(file_id: str, file_name: str, _data: bytes, _progress=None) -> Dataset:
    """Import once per upload: keyed by Streamlit's id for it, so reruns neither hash
    nor parse megabytes; the file's own hash (its name in links) is taken here, once.
    `_progress` is told each stage of the import, so a large file shows it is moving."""
    key = dataset_name(_data)
    try:
        result = import_file(_data, progress=_progress)
    except EventsError as error:
        return Dataset(file_name, fatal=str(error), key=key)
    table, _ = placed(result)
    return Dataset(file_name, table, version=(len(_data), 0), key=key)


def merge(bundled: Dataset, uploaded: Dataset) -> Dataset:
    """The bundled events and the uploaded ones together; clashing ids are reported, not merged."""
    known = set(bundled.events["event_id"])
    clash = uploaded.events["event_id"].isin(known)
    problems = list(bundled.problems) + list(uploaded.problems)
    for _, row in uploaded.events.loc[clash].iterrows():
        problems.append(
            Problem(
                int(row["csv_row"]),
                "event_id",
                row["event_id"],
                f"{uploaded.path}: the bundled data already has this event_id; the uploaded "
                "row is left out of the combined view",
                ERROR,
                code=Code.DUPLICATE_ID,
            )
        )
    events = pd.concat([bundled.events, uploaded.events.loc[~clash]], ignore_index=True)
    sources = pd.concat(
        [s for s in (bundled.sources, uploaded.sources) if s is not None], ignore_index=True
    )
    # The rows left out of the combined view: each file's own, then the clashing uploads.
    rejected = [bundled.table.rejected, uploaded.table.rejected, uploaded.events.loc[clash]]
    rejected = [frame for frame in rejected if not frame.empty]
    table = replace(
        uploaded.table,
        events=events,
        rejected=pd.concat(rejected, ignore_index=True) if rejected else pd.DataFrame(),
        sources=sources.drop_duplicates("source_id") if not sources.empty else None,
        problems=problems,
        rows_read=bundled.table.rows_read + uploaded.table.rows_read,
    )
    return replace(
        uploaded,
        path=f"{bundled.path} + {uploaded.path}",
        table=table,
        # Both files' sizes and the bundled file's modification time (an upload has
        # none), so the combined view's caches notice an edit to the bundled file.
        version=(bundled.version[0] + uploaded.version[0], bundled.version[1]),
        key=f"{bundled.key}+{uploaded.key}" if bundled.key else uploaded.key + "+bundled",
    )


def render_upload(bundled: Dataset) -> Dataset:
    """The sidebar's upload control; returns the data set the dashboard should show."""
    with st.sidebar.expander("Open your own file", icon=":material/upload_file:"):
        st.caption(
            "An ACLED, UCDP GED or GDELT file (CSV, .xlsx, JSON, .gz or .zip) or a CSV in "
            "this dashboard's layout "
            f"(up to {MAX_UPLOAD_MB} MB). It stays in this browser session."
        )
        upload = st.file_uploader(
            "Events file", type=UPLOAD_TYPES, key=state.UPLOAD, label_visibility="collapsed"
        )
        st.radio("How", (REPLACE, MERGE), key=state.UPLOAD_MODE, label_visibility="collapsed")
    if upload is None:
        return bundled
    name = file_name(upload.name)
    if upload.size > MAX_UPLOAD_MB * 1_000_000:
        st.sidebar.error(
            f"{md_escape(name)} is {upload.size / 1e6:.0f} MB; files up to "
            f"{MAX_UPLOAD_MB} MB can be opened here. Filter it first, or run the "
            "dashboard on it with `--events PATH`."
        )
        return bundled
    bar = st.sidebar.progress(0.0, text=f"Opening {md_escape(name)}…")
    stages = iter((0.15, 0.35, 0.6, 0.8, 0.9))

    def progress(text: str) -> None:
        bar.progress(next(stages, 0.9), text=f"{md_escape(name)}: {text}…")

    uploaded = _import_upload(upload.file_id, name, upload.getvalue(), progress)
    bar.empty()
    if uploaded.fatal:
        st.sidebar.error(f"{md_escape(name)} could not be opened: {md_escape(uploaded.fatal)}")
        return bundled
    label = {
        "acled": "ACLED export",
        "ucdp": "UCDP GED file",
        "gdelt": "GDELT event export",
        "ours": "events file",
    }
    st.sidebar.success(
        f"Opened {md_escape(name)} ({label.get(uploaded.format, uploaded.format)}): "
        f"{len(uploaded.events):,} events",
        icon=":material/check:",
    )
    if state.upload_mode() == MERGE:
        return merge(bundled, uploaded)
    return uploaded
