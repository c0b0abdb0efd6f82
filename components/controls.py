"""The sidebar filters, the date window beside the timeline, and notices about the link.

The widgets' keys and what happens when they change belong to
`components/state.py`; this module only draws them, and says which parts of
a link were not understood.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import state
from components.text import md_escape
from events.colouring import COLOUR_BY
from events.links import Notice
from events.sides import SIDES
from events.view import ViewState, Vocabulary

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


def _date_bounds(vocab: Vocabulary) -> tuple[date | None, date | None]:
    """Widget limits wide enough for the data and for any window the URL named."""
    low, high = vocab.date_min, vocab.date_max
    for day in state.chosen_dates():
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
            key=state.DATES,
            min_value=low,
            max_value=high,
            format="YYYY-MM-DD",
            help="Or drag across the timeline to pick a window.",
            on_change=state.copy_dates,
            args=(state.DATES,),
        )
    sidebar.text_input(
        "Search places, actors, notes",
        key=state.TEXT,
        placeholder="e.g. Taji, Kata'ib, drone",
        max_chars=200,
    )
    for name, label, placeholder, help_text in LIST_FILTER_WIDGETS:
        sidebar.multiselect(
            label,
            options=list(getattr(vocab, name)),
            key=state.LISTS[name],
            format_func=(lambda key: SIDES.get(key, key)) if name == "sides" else str,
            placeholder=placeholder,
            help=help_text,
        )
    sidebar.button(
        "Reset filters", key="reset-filters", on_click=state.reset_filters, args=(vocab,)
    )
    sidebar.selectbox(
        "Colour by",
        options=list(COLOUR_BY),
        format_func=COLOUR_BY.__getitem__,
        key=state.COLOUR,
        help="What a marker's colour and a timeline row stand for. Where the sides of a "
        "file's actors are not known, its most frequent actors get their own colours.",
    )
    return state.view_from_widgets(vocab)


def render_date_window(vocab: Vocabulary) -> None:
    """The exact date window beside the timeline, in step with the sidebar's and the brush."""
    low, high = _date_bounds(vocab)
    if low is None or high is None:
        return
    state.ensure_mirror_dates((low, high))
    st.date_input(
        "Dates shown",
        key=state.DATES_MIRROR,
        min_value=low,
        max_value=high,
        format="YYYY-MM-DD",
        on_change=state.copy_dates,
        args=(state.DATES_MIRROR,),
    )
    st.radio(
        "Date rule",
        (False, True),
        format_func=lambda overlap: (
            "events whose week or month overlaps the range"
            if overlap
            else "events dated in the range"
        ),
        key=state.DATE_OVERLAP,
        horizontal=True,
        help="An event known only to the week or month is dated at the middle of its window.",
    )


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
