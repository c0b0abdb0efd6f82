"""The one owner of `st.session_state`: every key the app keeps there, and every change to them.

A rerun of a Streamlit script is a function of (the URL, the session state); when
the state is written from seven places, "what happens when the user selects an
event?" has seven answers. Here it has one: components name their widgets with
the keys below and call these transitions from their callbacks, and nothing else
reads or writes the session state. The decisions that need no Streamlit
(which event a map click chose, which row a table click chose, which dates a
brush named) are pure functions, tested on their own.

Lifecycle of a session:

1. First run: `read_url_once` seeds the widgets from the link (once per data
   set; a link made on an uploaded file waits until that file is open).
2. Every run: `view_from_widgets` is the view; components draw it.
3. A user acts: a callback calls a transition (`select`, `set_dates`,
   `reset_filters` ...), Streamlit reruns, and step 2 sees the new state.
4. Once the view is known, before the map is drawn: `write_url` puts it in the
   address bar when it changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from events.colouring import DEFAULT_COLOUR_BY
from events.link_length import fit_query
from events.links import Notice, from_query_params, to_query_params
from events.view import ViewState, Vocabulary

# -- widget keys (the widget owns the value; these transitions set it) --------------
DATES = "f_dates"
# The same window, shown again beside the timeline; the two are kept equal.
DATES_MIRROR = "f_dates_timeline"
TEXT = "f_text"
LISTS = {
    "sides": "f_sides",
    "actors": "f_actors",
    "event_types": "f_types",
    "sub_event_types": "f_subs",
    "countries": "f_countries",
    "attributions": "f_attributions",
}
# The reprisal chains: the Chains list shown, suggested links drawn (toggles).
CHAINS_VIEW = "f_chains"
DATE_OVERLAP = "f_date_overlap"  # True: keep events whose week/month overlaps the range
SUGGESTED = "f_suggested"
COLOUR = "f_colour"  # what colour means on the map and the timeline (events.colouring)
MAP = "map"
TABLE = "table"
TIMELINE = "timeline"
UPLOAD = "upload"
UPLOAD_MODE = "upload_mode"
# The report form of the review page.
REPORT_TEXT = "report-text"
REPORT_FILES = "report-files"
REPORT_PUBLISHED = "report-published"
REPORT_OUTLET = "report-outlet"
REPORT_TITLE = "report-title"
REPORT_URL = "report-url"

# -- the view's parts that no widget shows -------------------------------------------
SELECTED = "selected"
MAP_CENTER = "map_center"
MAP_ZOOM = "map_zoom"
CHAIN = "chain"  # the chain picked in the Chains list (its first event's id)
# Playback as the link gave it (the browser steps it and writes the URL itself).
PLAYBACK = "playback"  # (play_at, play_step, play_trail)

# -- bookkeeping ---------------------------------------------------------------------
_PAN_PENDING = "_map_pan_pending"  # a selection from outside the map: pan to it once
_PAN_TO = "_map_pan_to"
_MAP_START = "_map_start"  # (dataset version, start view)
_SEEDED = "_view_seeded"  # the data set the widgets were last seeded for
_PENDING_LINK = "_url_pending"  # a link's (data set, params) waiting for that data set
_NOTICES = "_url_notices"
_WRITTEN = "_url_written"
_LINK_DONE = "_link_done"  # what confirming a suggested link did, shown once
_CONFIRMED = "_links_confirmed"  # links confirmed on a read-only deployment, to download

DATA_PARAM = "data"

MapStart = tuple[tuple[float, float], int, list[list[float]] | None]


# -- pure decisions ------------------------------------------------------------------


def selection_from_map(returned: Mapping | None) -> str | None:
    """The event a click on a marker chose, from what streamlit-folium returned.

    Anything but a feature carrying a string id (a click on a grid cell, on the
    basemap, the empty state before any click) chooses nothing.
    """
    if not isinstance(returned, Mapping):
        return None
    drawing = returned.get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    properties = drawing.get("properties")
    if not isinstance(properties, Mapping):
        return None
    event_id = properties.get("id")
    return event_id if isinstance(event_id, str) and event_id else None


def selection_from_table(returned: Mapping | None, event_ids: Sequence[str]) -> str | None:
    """The event a click on a table row chose: `event_ids` are the rows as drawn."""
    try:
        rows = returned["selection"]["rows"]
    except (KeyError, TypeError):
        return None
    if not rows or not isinstance(rows[0], int) or not 0 <= rows[0] < len(event_ids):
        return None
    return event_ids[rows[0]]


def window_from_brush(returned: Mapping | None, brush: str) -> tuple[date, date] | None:
    """The date window a timeline brush names, or None when there is no brush."""
    try:
        interval = returned["selection"][brush]["date"]
    except (KeyError, TypeError):
        return None
    if not interval or len(interval) != 2:
        return None
    start, end = (pd.Timestamp(value, unit="ms") for value in interval)
    return start.date(), end.date()


def view_from_values(values: Mapping, vocab: Vocabulary) -> ViewState:
    """The view that widget values describe; the data's full date range counts as no limit."""
    start = end = None
    chosen = values.get(DATES) or ()
    if len(chosen) >= 1 and chosen[0] != vocab.date_min:
        start = chosen[0]
    if len(chosen) == 2 and chosen[1] != vocab.date_max:
        end = chosen[1]
    lists = {name: tuple(values.get(key) or ()) for name, key in LISTS.items()}
    return ViewState(
        date_from=start,
        date_to=end,
        text=(values.get(TEXT) or "").strip(),
        selected=values.get(SELECTED),
        center=values.get(MAP_CENTER),
        zoom=values.get(MAP_ZOOM),
        chain=values.get(CHAIN),
        chains_view=bool(values.get(CHAINS_VIEW)),
        suggested=bool(values.get(SUGGESTED)),
        date_overlap=bool(values.get(DATE_OVERLAP)),
        colour_by=_colour_by(values.get(COLOUR)),
        **dict(
            zip(("play_at", "play_step", "play_trail"), values.get(PLAYBACK) or (), strict=False)
        ),
        **lists,
    )


def _colour_by(value: object) -> str | None:
    """The colour widget's value as the view holds it: None for the default, side."""
    return value if isinstance(value, str) and value != DEFAULT_COLOUR_BY else None


def start_view_for(view: ViewState, events: pd.DataFrame, fit) -> MapStart:
    """Where the base map opens: the link's centre and zoom if it named them, else fit the data.

    `fit(events)` returns (centre, zoom, bounds to fit).
    """
    center, zoom, bounds = fit(events)
    if view.center is not None or view.zoom is not None:
        return (view.center or center, view.zoom or zoom, None)
    return (center, zoom, bounds)


# -- reading the state ---------------------------------------------------------------


def view_from_widgets(vocab: Vocabulary) -> ViewState:
    """The view the widgets (and the selection, and the map position) describe now."""
    return view_from_values(st.session_state, vocab)


def chosen_dates() -> tuple[date, ...]:
    return tuple(st.session_state.get(DATES) or ())


def has_mirror_dates() -> bool:
    return DATES_MIRROR in st.session_state


def upload_mode() -> str | None:
    return st.session_state.get(UPLOAD_MODE)


def map_returned() -> Mapping:
    """What streamlit-folium last returned for the map (empty before the first click)."""
    return st.session_state.get(MAP) or {}


def keep_map_returned(component_key: str) -> None:
    """On a map event: keep the component's value (under its own key) as what the map returned.

    st_folium's callback does the same; the map widget calls the component directly.
    """
    st.session_state[MAP] = st.session_state.get(component_key, {})


def table_returned() -> Mapping | None:
    return st.session_state.get(TABLE)


def timeline_returned() -> Mapping | None:
    return st.session_state.get(TIMELINE)


# -- transitions ---------------------------------------------------------------------


def select(event_id: str | None) -> None:
    """Select from outside the map (a button, a table row): the map then pans to it once."""
    st.session_state[SELECTED] = event_id
    st.session_state[_PAN_PENDING] = event_id is not None


def select_on_map(event_id: str | None) -> None:
    """Select by clicking a marker: the map is already where the user looks."""
    st.session_state[SELECTED] = event_id


def pick_chain(chain_id: str | None, start: date | None = None, end: date | None = None) -> None:
    """Show one chain: it is highlighted (no event selected) and the date window is its span."""
    st.session_state[CHAIN] = chain_id
    st.session_state[SELECTED] = None
    if start is not None and end is not None:
        _store_dates((start, end))


def link_done(message: str, confirmed: tuple[str, str] | None = None) -> None:
    """After a suggested link was confirmed: the message for one run; on a read-only
    deployment, `confirmed` (source, target) joins the links to download."""
    st.session_state[_LINK_DONE] = message
    if confirmed is not None:
        kept = st.session_state.setdefault(_CONFIRMED, [])
        if confirmed not in kept:
            kept.append(confirmed)


def take_link_message() -> str | None:
    return st.session_state.pop(_LINK_DONE, None)


def confirmed_links() -> list[tuple[str, str]]:
    """Links confirmed here that the events file could not take (read-only), oldest first."""
    return list(st.session_state.get(_CONFIRMED, []))


def set_dates(start: date, end: date) -> None:
    _store_dates((start, end))


def copy_dates(source_key: str) -> None:
    """Callback of either date widget: the other one shows the same window."""
    _store_dates(tuple(st.session_state.get(source_key) or ()))


def reset_dates(vocab: Vocabulary) -> None:
    if vocab.date_min is not None and vocab.date_max is not None:
        _store_dates((vocab.date_min, vocab.date_max))


def reset_filters(vocab: Vocabulary) -> None:
    """Back to every event, keeping the selection and the map position."""
    reset_dates(vocab)
    for key in LISTS.values():
        st.session_state[key] = []
    st.session_state[TEXT] = ""


def ensure_mirror_dates(default: tuple[date, date]) -> None:
    """Give the timeline's date box its first value: the sidebar's window."""
    if DATES_MIRROR not in st.session_state:
        st.session_state[DATES_MIRROR] = st.session_state.get(DATES, default)


def _store_dates(window: tuple[date, ...]) -> None:
    st.session_state[DATES] = tuple(window)
    st.session_state[DATES_MIRROR] = tuple(window)


def seed_widgets(view: ViewState, vocab: Vocabulary) -> None:
    start = view.date_from or vocab.date_min
    end = view.date_to or vocab.date_max
    if start is not None and end is not None:
        _store_dates((start, end))
    else:  # a data set with no dates (an upload of no valid events) keeps none of the last one's
        st.session_state.pop(DATES, None)
        st.session_state.pop(DATES_MIRROR, None)
    for name, key in LISTS.items():
        st.session_state[key] = list(getattr(view, name))
    st.session_state[TEXT] = view.text
    st.session_state[SELECTED] = view.selected
    st.session_state[MAP_CENTER] = view.center
    st.session_state[MAP_ZOOM] = view.zoom
    st.session_state[CHAIN] = view.chain
    st.session_state[CHAINS_VIEW] = view.chains_view
    st.session_state[SUGGESTED] = view.suggested
    st.session_state[DATE_OVERLAP] = view.date_overlap
    st.session_state[PLAYBACK] = (view.play_at, view.play_step, view.play_trail)
    st.session_state[COLOUR] = view.colour_by or DEFAULT_COLOUR_BY


def read_url_once(vocab: Vocabulary, dataset_key: str = "") -> list[Notice]:
    """Seed the widgets from the URL once per data set; return what was ignored.

    A link names its data set (`data=upload-…`) when it was made on an
    uploaded file. Until that file is open here, the link's view is kept
    aside with a notice; when it is uploaded, the view is restored. Any
    other change of data set starts from every event.
    """
    if st.session_state.get(_SEEDED) == dataset_key:
        return st.session_state.get(_NOTICES, [])
    if _SEEDED not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        wanted = (params.pop(DATA_PARAM, None) or [""])[-1]
        st.session_state[_PENDING_LINK] = (wanted, params)
    wanted, params = st.session_state.get(_PENDING_LINK, ("", {}))
    if wanted == dataset_key:
        view, notices = from_query_params(params, vocab)
        st.session_state.pop(_PENDING_LINK, None)
    else:
        view, notices = ViewState(), []
        if wanted:
            notices = [
                Notice(
                    DATA_PARAM,
                    wanted,
                    f"this link was made on an uploaded file ({wanted!r}) that is not open "
                    "here, so its filters wait: open the same file under 'Open your own "
                    "file' to see the linked view",
                )
            ]
        else:
            st.session_state.pop(_PENDING_LINK, None)
    seed_widgets(view, vocab)
    st.session_state[_SEEDED] = dataset_key
    st.session_state[_NOTICES] = notices
    return notices


def write_url(view: ViewState, dataset_key: str = "") -> None:
    """Put the view in the address bar, only when it changed (no needless history)."""
    params = to_query_params(view)
    if dataset_key:
        params[DATA_PARAM] = dataset_key
    params, _ = fit_query(params)  # the share box says what a long view's link leaves out
    if st.session_state.get(_WRITTEN) == params:
        return
    st.query_params.from_dict(params)
    st.session_state[_WRITTEN] = params


def map_start(view: ViewState, events: pd.DataFrame, dataset_version: tuple, fit) -> MapStart:
    """The base map's start view, fixed once per session and per dataset version.

    The base map must be identical on every rerun or streamlit-folium rebuilds
    Leaflet (a flicker, and the user's pan lost); later moves go through `center`.
    """
    stored = st.session_state.get(_MAP_START)
    if stored is not None and stored[0] == dataset_version:
        return stored[1]
    start = start_view_for(view, events, fit)
    st.session_state[_MAP_START] = (dataset_version, start)
    return start


def pan_target(selected: str | None, events: pd.DataFrame) -> tuple[float, float] | None:
    """Where the map should centre: the event last selected from outside the map, if placed."""
    if st.session_state.pop(_PAN_PENDING, False) and selected is not None:
        row = events.loc[events["event_id"] == selected]
        if not row.empty and not pd.isna(row.iloc[0]["latitude"]):
            st.session_state[_PAN_TO] = (
                float(row.iloc[0]["latitude"]),
                float(row.iloc[0]["longitude"]),
            )
    return st.session_state.get(_PAN_TO)


# -- the report review page ----------------------------------------------------------

_REVIEW = "_review"  # the reports being reviewed and their candidates
_REVIEW_DONE = "_review_done"  # what the last "Add" did, shown once
_PLACE_OPTIONS = "_place_options"  # {widget key: the geocoder's answers for a typed name}


def review():
    """The reports under review (components.review.Review), or None before "Find events"."""
    return st.session_state.get(_REVIEW)


def start_review(reviewing) -> None:
    """New reports replace the old ones, with their edits and place lookups."""
    for key in [k for k in st.session_state if str(k).startswith(REVIEW_PREFIX)]:
        del st.session_state[key]
    st.session_state[_PLACE_OPTIONS] = {}
    st.session_state[_REVIEW] = reviewing


def finish_review(message: str) -> None:
    """After the events were added: clear the candidates, keep the message for one run."""
    start_review(None)
    st.session_state[_REVIEW_DONE] = message


def take_review_message() -> str | None:
    return st.session_state.pop(_REVIEW_DONE, None)


REVIEW_PREFIX = "rv-"


def review_key(*parts: object) -> str:
    """The widget key of one field of one candidate (`rv-<report>-<candidate>-<field>`)."""
    return REVIEW_PREFIX + "-".join(str(part) for part in parts)


def place_options(key: str, default):
    """The answers last looked up for the place widget `key`, or `default` before any."""
    return st.session_state.get(_PLACE_OPTIONS, {}).get(key, default)


def set_place_options(key: str, options) -> None:
    st.session_state.setdefault(_PLACE_OPTIONS, {})[key] = options
