"""The sidebar filters, and keeping them in step with the URL.

The URL is read once, on a session's first run, into the widgets' state; from
then on the widgets are the truth and the URL is written from them, so a link
copied at any moment opens the same view. Values the URL names that this
dataset does not have are dropped field by field with a notice.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.detail import SELECTED_KEY
from components.text import md_escape
from events.links import Notice, from_query_params, to_query_params
from events.sides import SIDES
from events.view import ViewState, Vocabulary

DATES_KEY = "f_dates"
# The same window, shown again beside the timeline; the two are kept equal.
DATES_MIRROR_KEY = "f_dates_timeline"
TEXT_KEY = "f_text"
LIST_KEYS = {
    "sides": "f_sides",
    "actors": "f_actors",
    "event_types": "f_types",
    "sub_event_types": "f_subs",
    "countries": "f_countries",
    "attributions": "f_attributions",
}
# (ViewState field, label, placeholder, help) for each multi-choice filter, in sidebar order.
LIST_FILTER_WIDGETS = (
    ("sides", "Side", "All sides", "Who carried the event out, grouped as on the map."),
    ("actors", "Actor (either party)", "All actors", None),
    ("event_types", "Event type", "All types", None),
    ("sub_event_types", "Sub-event type", "All sub-types", None),
    ("countries", "Country", "All countries", None),
    (
        "attributions",
        "Attribution",
        "Any attribution",
        "How the actor is known: confirmed, claimed, alleged, denied or unknown.",
    ),
)
MAP_CENTER_KEY = "map_center"
MAP_ZOOM_KEY = "map_zoom"
SEEDED_KEY = "_view_seeded"  # the data set the widgets were last seeded for
PENDING_KEY = "_url_pending"  # a link's (data set, params) waiting for that data set
DATA_PARAM = "data"
NOTICES_KEY = "_url_notices"
WRITTEN_KEY = "_url_written"


def read_url_once(vocab: Vocabulary, dataset_key: str = "") -> list[Notice]:
    """Seed the widgets from the URL once per data set; return what was ignored.

    A link names its data set (`data=upload-…`) when it was made on an
    uploaded file. Until that file is open here, the link's view is kept
    aside with a notice; when it is uploaded, the view is restored. Any
    other change of data set starts from every event.
    """
    if st.session_state.get(SEEDED_KEY) == dataset_key:
        return st.session_state.get(NOTICES_KEY, [])
    if SEEDED_KEY not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        wanted = (params.pop(DATA_PARAM, None) or [""])[-1]
        st.session_state[PENDING_KEY] = (wanted, params)
    wanted, params = st.session_state.get(PENDING_KEY, ("", {}))
    if wanted == dataset_key:
        view, notices = from_query_params(params, vocab)
        st.session_state.pop(PENDING_KEY, None)
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
            st.session_state.pop(PENDING_KEY, None)
    seed_widgets(view, vocab)
    st.session_state[SEEDED_KEY] = dataset_key
    st.session_state[NOTICES_KEY] = notices
    return notices


def seed_widgets(view: ViewState, vocab: Vocabulary) -> None:
    start = view.date_from or vocab.date_min
    end = view.date_to or vocab.date_max
    if start is not None and end is not None:
        _store_dates((start, end))
    for name, key in LIST_KEYS.items():
        st.session_state[key] = list(getattr(view, name))
    st.session_state[TEXT_KEY] = view.text
    st.session_state[SELECTED_KEY] = view.selected
    st.session_state[MAP_CENTER_KEY] = view.center
    st.session_state[MAP_ZOOM_KEY] = view.zoom


def reset_filters(vocab: Vocabulary) -> None:
    """Callback: back to every event, keeping the selection and the map position."""
    reset_dates(vocab)
    for key in LIST_KEYS.values():
        st.session_state[key] = []
    st.session_state[TEXT_KEY] = ""


def _store_dates(window: tuple[date, ...]) -> None:
    st.session_state[DATES_KEY] = tuple(window)
    st.session_state[DATES_MIRROR_KEY] = tuple(window)


def set_date_window(start: date, end: date) -> None:
    _store_dates((start, end))


def reset_dates(vocab: Vocabulary) -> None:
    if vocab.date_min is not None and vocab.date_max is not None:
        _store_dates((vocab.date_min, vocab.date_max))


def _copy_dates(source_key: str) -> None:
    _store_dates(st.session_state.get(source_key) or ())


def _date_bounds(vocab: Vocabulary) -> tuple[date | None, date | None]:
    """Widget limits wide enough for the data and for any window the URL named."""
    low, high = vocab.date_min, vocab.date_max
    chosen = st.session_state.get(DATES_KEY) or ()
    for day in chosen:
        if low is None or day < low:
            low = day
        if high is None or day > high:
            high = day
    return low, high


def render_filters(vocab: Vocabulary) -> ViewState:
    """Draw the sidebar filters and return the view they describe."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    low, high = _date_bounds(vocab)
    if low is not None and high is not None:
        sidebar.date_input(
            "Date range",
            key=DATES_KEY,
            min_value=low,
            max_value=high,
            format="YYYY-MM-DD",
            help="Or drag across the timeline to pick a window.",
            on_change=_copy_dates,
            args=(DATES_KEY,),
        )
    sidebar.text_input(
        "Search places, actors, notes",
        key=TEXT_KEY,
        placeholder="e.g. Taji, Kata'ib, drone",
        max_chars=200,
    )
    for name, label, placeholder, help_text in LIST_FILTER_WIDGETS:
        sidebar.multiselect(
            label,
            options=list(getattr(vocab, name)),
            key=LIST_KEYS[name],
            format_func=(lambda key: SIDES.get(key, key)) if name == "sides" else str,
            placeholder=placeholder,
            help=help_text,
        )
    sidebar.button("Reset filters", key="reset-filters", on_click=reset_filters, args=(vocab,))
    return view_from_widgets(vocab)


def render_date_window(vocab: Vocabulary) -> None:
    """The exact date window beside the timeline, in step with the sidebar's and the brush."""
    low, high = _date_bounds(vocab)
    if low is None or high is None:
        return
    if DATES_MIRROR_KEY not in st.session_state:
        st.session_state[DATES_MIRROR_KEY] = st.session_state.get(DATES_KEY, (low, high))
    st.date_input(
        "Dates shown",
        key=DATES_MIRROR_KEY,
        min_value=low,
        max_value=high,
        format="YYYY-MM-DD",
        on_change=_copy_dates,
        args=(DATES_MIRROR_KEY,),
    )


def view_from_widgets(vocab: Vocabulary) -> ViewState:
    """The view the widgets (and the selection, and the map position) describe now."""
    start = end = None
    chosen = st.session_state.get(DATES_KEY) or ()
    if len(chosen) >= 1 and chosen[0] != vocab.date_min:
        start = chosen[0]
    if len(chosen) == 2 and chosen[1] != vocab.date_max:
        end = chosen[1]
    lists = {name: tuple(st.session_state.get(key) or ()) for name, key in LIST_KEYS.items()}
    return ViewState(
        date_from=start,
        date_to=end,
        text=(st.session_state.get(TEXT_KEY) or "").strip(),
        selected=st.session_state.get(SELECTED_KEY),
        center=st.session_state.get(MAP_CENTER_KEY),
        zoom=st.session_state.get(MAP_ZOOM_KEY),
        **lists,
    )


def write_url(view: ViewState, dataset_key: str = "") -> None:
    """Put the view in the address bar, only when it changed (no needless history)."""
    params = to_query_params(view)
    if dataset_key:
        params[DATA_PARAM] = dataset_key
    if st.session_state.get(WRITTEN_KEY) == params:
        return
    st.query_params.from_dict(params)
    st.session_state[WRITTEN_KEY] = params


# A link can carry a thousand junk parameters; the notice names the first few.
NOTICES_SHOWN = 20


def render_notices(notices: list[Notice]) -> None:
    if not notices:
        return
    lines = [f"- {md_escape(notice.message)}" for notice in notices[:NOTICES_SHOWN]]
    if len(notices) > NOTICES_SHOWN:
        lines.append(f"- and {len(notices) - NOTICES_SHOWN} more")
    st.warning(
        "Parts of the link were not understood and were ignored:\n" + "\n".join(lines),
        icon=":material/link_off:",
    )
