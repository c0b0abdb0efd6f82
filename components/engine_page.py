"""The map page when a query engine answers: a big file, a Parquet export, a server's table.

Above the switch by size (components/view_data.py) the events never sit in
pandas: each view's totals, map cells or markers, newest rows and timeline
counts are asked of the engine (components.view_data.page_data), once per
view for every session, and drawn by the same components the in-memory page
uses, so the page looks and reads the same; the reprisal chains come from
the linked events alone (query.linked_records). What the engine cannot give
yet is said on the page rather than left out: suggested links, playback of
grid cells, uploads, downloads of very large views, colourings other than
by side.

Streamlit glue only: what to open is decided by components/view_data.py and
events/cache.py, what to draw by their builders.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import (
    chains,
    controls,
    data,
    detail,
    exports,
    opening,
    share,
    state,
    summary,
    table,
    view_data,
)
from components.map import markers
from components.map import widget as event_map
from components.map.assembly import MAP_HEIGHT, base_map, start_fit
from components.map.chains import chains_legend_html
from components.map.legend import legend_html
from components.timeline import BRUSH, render_timeline, timeline_chart
from events import cache as events_cache
from events.colouring import DEFAULT_COLOUR_BY, colouring_for
from events.engine import backend, query
from events.filters import apply
from events.links import filter_key
from events.problems import Problem
from events.region import page_title, region_of
from events.view import ViewState, Vocabulary

_START_KEY = filter_key(ViewState())

# Views up to this many events can be downloaded (each download is built
# from rows fetched for it); larger ones are for the engine's own tools.
DOWNLOAD_UP_TO = 50_000


@dataclass(frozen=True)
class EngineDataset:
    """An events source the engine answers for, and what the page says about it."""

    view: view_data.EngineView
    label: str  # the file or URL, as the title names it
    key: tuple  # names this version of the source in every shared cache
    vocab: Vocabulary
    total: int
    region: str
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0
    sources: pd.DataFrame | None = None
    format: str = "ours"
    # Where the map of every event opens (two corners), and the start view's page.
    extent: pd.DataFrame | None = None
    start: view_data.PageData | None = None


def engine_dataset(path: Path, argv: list[str]) -> EngineDataset | None:
    """The engine's dataset for this page, or None when pandas in memory serves it.

    $EVENTS_SOURCE always goes to the engine; an events file does when it has
    more events than the switch (`view_data.engine_above`).
    """
    source = view_data.named_source(argv)
    if source is not None:
        try:
            return _open_source(source, _version(source))
        except backend.SourceError as error:
            st.error(str(error))
            st.stop()
    if str(path) == str(data.BUNDLED_EVENTS):
        return None
    try:
        above = view_data.engine_above()
    except ValueError as error:
        st.error(str(error))
        st.stop()
    copy = _engine_copy(str(path), _version(str(path)), above)
    if copy is None:
        return None
    return _open_copy(str(path), copy)


def _version(source: str) -> tuple[int, int]:
    try:
        stat = Path(source).stat()
    except OSError:
        return (0, 0)
    return (stat.st_size, stat.st_mtime_ns)


@st.cache_resource(max_entries=4, show_spinner="Opening the events source…")
def _open_source(source: str, version: tuple[int, int]) -> EngineDataset:
    return _dataset(backend.open_source(source), source, (source, version))


@st.cache_resource(max_entries=8, show_spinner="Loading and checking events…")
def _engine_copy(path: str, version: tuple[int, int], above: int) -> events_cache.EngineCopy | None:
    """The engine copy of a file above the switch, made on its first load; None below it.

    A restart finds the copy by the file's content and never reads the
    events into pandas; the first load does (validation and geocoding are
    pandas'), then lets that frame go.
    """
    key = events_cache.content_key(Path(path), setup=data._placing_setup())
    copy = events_cache.read_engine_copy(key) if key else None
    if copy is not None:
        return copy if copy.rows > above else None
    dataset = data.load_dataset(Path(path))
    if dataset.fatal or len(dataset.events) <= above or key is None:
        return None
    events_cache.write_engine_copy(key, dataset.table)
    # The in-memory frame is what the copy spares; the next load of any file reads its cache.
    data._load_dataset.clear()
    return events_cache.read_engine_copy(key)


@st.cache_resource(max_entries=4, show_spinner=False)
def _open_copy(path: str, copy: events_cache.EngineCopy) -> EngineDataset:
    opened = _dataset(backend.open_source(str(copy.path)), path, (path, str(copy.path), copy.rows))
    return replace(
        opened,
        problems=copy.problems,
        rejected_rows=copy.rejected_rows,
        sources=copy.sources,
        format=copy.format,
    )


def _dataset(engine: backend.Engine, label: str, key: tuple) -> EngineDataset:
    """The source's filter choices, size, region, extent and start view: kept on disk per
    version of the source (components/opening.py), so a restart asks the engine for none."""
    source = view_data.EngineView(engine)
    folder = opening.folder_for(backend.copies_dir(), engine.version) if engine.version else None
    kept = opening.load(folder, query.EngineIds(engine)) if folder else None
    if kept is not None:
        facts, vocab, extent, start = kept
        total, region = facts["total"], facts["region"]
    else:
        total = source.total()
        vocab = query.vocabulary(engine)
        extent = source.extent()
        start = view_data.page_data(source, ViewState(), total=total)
        region = region_of(view_data.region_order(query.counts_by(engine, "country")))
        if folder is not None:
            opening.save(folder, {"total": total, "region": region}, vocab, extent, start)
    return EngineDataset(
        view=source,
        label=label,
        key=key,
        vocab=vocab,
        total=total,
        region=region,
        extent=extent,
        start=start,
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _page_data(key: tuple, view_key: tuple, _dataset: EngineDataset, _view: ViewState):
    """One view's queries, run once for every session showing it (keyed by `filter_key`)."""
    if _dataset.start is not None and view_key == _START_KEY:
        return _dataset.start
    undated = query.undated(_view)
    timeline = None
    if undated != _view:
        timeline = _timeline_data(key, filter_key(undated), _dataset, undated)
    return view_data.page_data(_dataset.view, _view, total=_dataset.total, timeline=timeline)


@st.cache_resource(max_entries=32, show_spinner=False)
def _timeline_data(key: tuple, undated_key: tuple, _dataset: EngineDataset, _undated: ViewState):
    """The timeline of a view without its dates: shared by every window over it."""
    return view_data.timeline_data(_dataset.view, _undated)


@st.cache_resource(max_entries=4, show_spinner="Finding the linked events…")
def _linked(key: tuple, _dataset: EngineDataset) -> pd.DataFrame | None:
    """The events that answer another or are answered (query.linked_records), once per source."""
    return query.linked_records(_dataset.view.engine)


def _chain_view(dataset: EngineDataset, view: ViewState, linked: pd.DataFrame | None):
    """The chains among the linked events, as the in-memory page works them out from all.

    A chain is made of linked events only, so the filters applied to those
    alone give the same chains, arrows and list. Suggested links compare each
    event with every other one nearby: they are not offered here.
    """
    if linked is None:
        return None
    return _chains_of((*dataset.key, filter_key(view), *chains.view_key(view)), linked, view)


@st.cache_resource(max_entries=64, show_spinner=False)
def _chains_of(key: tuple, _linked: pd.DataFrame, _view: ViewState):
    """`_chain_view`'s answer, worked out once for every session showing the same view."""
    undated = apply(query.undated(_view), _linked)
    shown = apply(_view, _linked)
    return chains.chain_view(_linked, undated, shown, replace(_view, suggested=False))


def _not_in_memory(dataset: EngineDataset, view: ViewState, linked) -> str:
    """What the page leaves out at this size, and why."""
    missing = ["the playback of grid cells (it needs every event's day)"]
    if view.suggested:
        missing.insert(0, "suggested links (each event is compared with every other nearby)")
    if linked is None and "responds_to" in dataset.view.engine.detail_columns():
        missing.insert(0, f"reprisal chains (more than {query.LINKED_UP_TO:,} linked events)")
    listed = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    text = f"{listed}: worked out in memory, not available for {dataset.total:,} events."
    return text[0].upper() + text[1:]


def _on_map_click() -> None:
    event_id = state.selection_from_map(state.map_returned())
    if event_id is not None:
        state.select_on_map(event_id)


def _on_brush(vocab: Vocabulary) -> None:
    window = state.window_from_brush(state.timeline_returned(), BRUSH)
    if window is None:
        state.reset_dates(vocab)
    else:
        state.set_dates(*window)


def render_engine_page(dataset: EngineDataset) -> None:
    """The map page over an engine: the same layout and components as the in-memory page."""
    vocab = dataset.vocab
    notices = state.read_url_once(vocab, "")
    view = controls.render_filters(vocab)
    # The address bar first, as on the in-memory page: a link copied while the map loads
    # already names what it shows.
    state.write_url(view, "")
    st.sidebar.caption(
        f"{dataset.total:,} events, answered by {dataset.view.engine.kind}: "
        "opening your own file is not offered at this size."
    )
    # The engine keeps each event's side; other colourings need every event in memory.
    colouring = colouring_for(pd.DataFrame(), "side")
    found = _page_data(dataset.key, filter_key(view), dataset, view)
    linked = _linked(dataset.key, dataset)
    found_chains = _chain_view(dataset, view, linked)
    # The selected event's row (no rows when none is, or it is not in the source).
    chosen = dataset.view.event(view.selected) if view.selected else found.newest.iloc[:0]
    in_view = not chosen.empty and dataset.view.in_view(view, view.selected)

    if dataset.label != str(data.BUNDLED_EVENTS):
        name = summary.file_name(dataset.label)
        st.set_page_config(page_title=page_title(name, dataset.region))
    st.markdown(summary.title_line(dataset.label, data.BUNDLED_EVENTS, dataset.region))
    controls.render_notices(notices)
    summary.render_summary(found.line)
    if (view.colour_by or DEFAULT_COLOUR_BY) != "side":
        st.caption(
            f"Colour by {view.colour_by}: not available for {dataset.total:,} events; "
            "the map and the timeline are coloured by side."
        )

    map_column, detail_column = st.columns([2, 1], gap="medium")
    with map_column:
        start = state.map_start(view, dataset.extent, dataset.key, fit=start_fit)
        pan_to = state.pan_target(view.selected, chosen)
        arrows = found_chains.map_json if found_chains else None
        legend_chains = (
            (found_chains.arrows_in_view, False, found_chains.links_hidden)
            if found_chains
            else (False, False, False)
        )
        if found.markers is not None:
            event_map.render_map(
                found.markers,
                view.selected,
                start=start,
                pan_to=pan_to,
                basemap=event_map.basemap(),
                cache_key=(*dataset.key, filter_key(view)),
                chains=arrows,
                legend_chains=legend_chains,
                colouring=colouring,
            )
        else:
            chosen_here = chosen if in_view else chosen.iloc[:0]
            _render_cells_map(found, chosen_here, view, start, pan_to, arrows, legend_chains)
        chains.render_toggles()
        st.caption(_not_in_memory(dataset, view, linked))
        event_map.render_map_watchdog()
        controls.render_date_window(vocab)
        _render_timeline(found, view, vocab, dataset, chosen, colouring)
    with detail_column:
        # As in memory, any event of the source can be shown, in view or not.
        related = chosen
        if not chosen.empty:
            related = query.related_records(dataset.view.engine, view.selected)
        detail.render_detail(
            detail.event_detail(view.selected, related, dataset.sources) if view.selected else None
        )
        st.markdown("**Share this view**")
        share.render_share(view, "")

    with_list = view.chains_view and found_chains is not None
    table_column, chains_column = st.columns([3, 2]) if with_list else (st.container(), None)
    with table_column:
        st.markdown("#### Events in view")
        if found.totals.shown > len(found.newest):
            st.caption(
                f"The {len(found.newest):,} newest of the {found.totals.shown:,} events in view."
            )
        table.render_table(found.newest)
    if chains_column is not None:
        with chains_column:
            chains.render_chains(found_chains, linked)
    _render_downloads(found, view, dataset)
    summary.render_problems(dataset.problems, dataset.rejected_rows, dataset.label)


def _render_cells_map(found, chosen, view, start, pan_to, arrows, legend_chains) -> None:
    """The map drawn from the engine's cells (`view_data.cells_layer`), as `render_map` does,
    with the reprisal arrows' JSON (`arrows`, or None) above them."""
    center, zoom, bounds = start
    colouring = colouring_for(pd.DataFrame(), "side")
    st_folium(
        base_map(center, zoom, event_map.basemap(), fit_bounds=bounds),
        key=state.MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=view_data.cells_layer(
            found.cells, chosen, view.selected, colouring, chains=arrows
        ),
        center=pan_to,
        returned_objects=["last_active_drawing"],
        on_change=_on_map_click,
    )
    legend = legend_html(cells=True, dense=markers.is_dense(found.placed), colouring=colouring)
    st.html(legend + chains_legend_html(*legend_chains))


def _render_timeline(found, view, vocab, dataset, chosen, colouring) -> None:
    window = (view.date_from, view.date_to)
    undated = replace(view, date_from=None, date_to=None)
    if found.timeline_rows is not None:
        render_timeline(
            found.timeline_rows,
            window,
            view.selected,
            set_window=state.set_dates,
            reset_window=lambda: state.reset_dates(vocab),
            cache_key=(*dataset.key, filter_key(undated)),
            colouring=colouring,
        )
        return
    # The selected event is ringed when the undated view holds it, as in memory.
    ringed = not chosen.empty and dataset.view.in_view(undated, view.selected)
    chart = timeline_chart(
        chosen if ringed else chosen.iloc[:0],
        window,
        view.selected,
        points=(found.counts, found.period),
        colouring=colouring,
    )
    # The builder's charts are validated by its tests; validating each one again
    # here took a tenth of a second of every rerun.
    st.vega_lite_chart(
        chart.to_dict(validate=False),
        key=state.TIMELINE,
        on_select=lambda: _on_brush(vocab),
        selection_mode=BRUSH,
        width="stretch",
    )
    st.caption("Drag across the timeline to show only that window; click outside it to clear.")


@st.cache_resource(max_entries=16, show_spinner=False)
def _download_rows(key: tuple, view_key: tuple, _dataset: EngineDataset, _view: ViewState):
    """Every event of a view too large for the page's own fetch, for its downloads."""
    return query.rows_in_view(_dataset.view.engine, _view, DOWNLOAD_UP_TO)


def _render_downloads(found, view, dataset) -> None:
    if found.totals.shown <= DOWNLOAD_UP_TO:
        rows = found.rows
        if rows is None:
            rows = _download_rows(dataset.key, filter_key(view), dataset, view)
        if rows is not None:
            exports.render_exports(rows, found.line, dataset.sources, dataset.format)
            return
    st.caption(
        f"Downloads hold up to {DOWNLOAD_UP_TO:,} events; narrow the filters to download "
        f"these {found.totals.shown:,}, or query the source directly."
    )
