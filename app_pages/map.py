"""The map page: strikes and attacks on a map and a timeline, filtered, linked, exported.

The data is loaded once; every rerun derives the view from the widgets
(seeded from the URL), filters, and draws each component from (filtered
events, view).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import streamlit as st

from components import (
    chains,
    controls,
    data,
    detail,
    engine_page,
    exports,
    share,
    state,
    summary,
    table,
    upload,
)
from components.map import widget as event_map
from components.map.assembly import start_fit
from components.timeline import playback_frame, render_timeline
from events.colouring import DEFAULT_COLOUR_BY, colouring_for
from events.filters import apply
from events.links import filter_key
from events.region import page_title, region_of


@st.cache_resource(max_entries=256, show_spinner=False)
def shared_view(dataset_version: tuple, key: tuple, _view, _events):
    """`apply(view, events)`, worked out once for every session showing the same view.

    Many viewers of one link have the same filters: the first computes the
    rows, the others get the same frame (read-only, like the dataset itself,
    which `apply` returns as is when nothing filters). `key` is the view's
    `filter_key`, which leaves out the selection and the map position.
    """
    return apply(_view, _events)


@st.cache_resource(max_entries=64, show_spinner=False)
def shared_colouring(dataset_version: tuple, by: str, _events):
    """What colour means for this data set, decided once from all its events (events.colouring)."""
    return colouring_for(_events, by)


@st.cache_resource(max_entries=64, show_spinner=False)
def shared_region(dataset_version: tuple, _events) -> str:
    """Where the data set's events are, for the title (events.region)."""
    return region_of(_events["country"])


event_map.require_map_assets()

# A source above the switch by size is answered by the query engine, never held in pandas.
big = engine_page.engine_dataset(data.events_path(sys.argv[1:]), sys.argv[1:])
if big is not None:
    engine_page.render_engine_page(big)
    st.stop()

bundled = data.load_dataset(data.events_path(sys.argv[1:]))
if bundled.fatal:
    st.error(f"Could not open the events file: {bundled.fatal}")
    st.stop()
dataset = upload.render_upload(bundled)
events = dataset.events
vocab = data.vocabulary(dataset)

notices = state.read_url_once(vocab, dataset.key)
view = controls.render_filters(vocab)
# The address bar first: the map, drawn later in this run, reaches the browser
# before the run ends, and a link copied then must already name what it shows.
state.write_url(view, dataset.key)
dataset_version = (dataset.key, dataset.path, dataset.version)
colouring = shared_colouring(dataset_version, view.colour_by or DEFAULT_COLOUR_BY, events)
shown = shared_view(dataset_version, filter_key(view), view, events)
undated_view = replace(view, date_from=None, date_to=None)
undated = shared_view(dataset_version, filter_key(undated_view), undated_view, events)

found = chains.shared_chain_view(
    (*dataset_version, filter_key(view), *chains.view_key(view)), events, undated, shown, view
)

region = shared_region(dataset_version, events)
if str(dataset.path) != str(data.BUNDLED_EVENTS):
    st.set_page_config(page_title=page_title(summary.file_name(dataset.path), region))
st.markdown(summary.title_line(dataset.path, data.BUNDLED_EVENTS, region))
controls.render_notices(notices)
view_line = summary.summary_line(view, events, shown)
with st.container(key="summary-line"):  # playback.js adds the frame's counts to it
    summary.render_summary(view_line)

map_column, detail_column = st.columns([2, 1], gap="medium")
with map_column:
    event_map.render_map(
        shown,
        view.selected,
        start=state.map_start(view, events, dataset_version, fit=start_fit),
        pan_to=state.pan_target(view.selected, events),
        basemap=event_map.basemap(),
        cache_key=(*dataset_version, filter_key(view)),
        chains=found.map_json,
        legend_chains=(found.arrows_in_view, view.suggested, found.links_hidden),
        colouring=colouring,
    )
    chains.render_toggles()
    event_map.render_map_watchdog()
    controls.render_date_window(vocab)
    render_timeline(
        undated,
        (view.date_from, view.date_to),
        view.selected,
        set_window=state.set_dates,
        reset_window=lambda: state.reset_dates(vocab),
        cache_key=(*dataset_version, filter_key(undated_view)),
        colouring=colouring,
        play_frame=playback_frame(view.play_at, view.play_trail),
    )
with detail_column:
    detail.render_detail(
        detail.event_detail(view.selected, events, dataset.sources) if view.selected else None
    )
    st.markdown("**Share this view**")
    share.render_share(view, dataset.key)

table_column, chains_column = st.columns([3, 2]) if view.chains_view else (st.container(), None)
with table_column:
    st.markdown("#### Events in view")
    table.render_table(shown)
if chains_column is not None:
    with chains_column:
        chains.render_chains(found, events)
if view.suggested:
    chains.render_suggestions(found, events, Path(dataset.path), uploaded=bool(dataset.key))
exports.render_exports(shown, view_line, dataset.sources, dataset.format)
summary.render_problems(dataset.problems, dataset.rejected_rows, dataset.path)
