"""The reprisal chains in the dashboard: what the map draws, the Chains list, confirming links.

`chain_view` decides, from (the dataset, the events in view, the view), which
links are drawn, which chain is highlighted and which links are suggested; it
calls no Streamlit. The renderers lay out the toggles, the Chains list (each
chain with a button that shows it on the map and sets the date window to its
span) and the suggested links with a button that writes one into the events
file through `events.append`, the app's one locked write path. Where the file
cannot be written, the confirmed links are offered as a CSV patch instead, and
the page says why.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from components import state
from components.map.chains import chain_table
from components.map.rawtext import ScriptJson, script_json
from components.text import md_escape
from events.append import (
    AppendRejected,
    EventsBusy,
    ReadOnlyEvents,
    append_events,
    why_not_writable,
)
from events.chains import (
    Chain,
    Link,
    chain_of_event,
    chains_of,
    describe,
    links_of,
    responds_to_cell,
    suggest_links,
)
from events.view import ViewState

# A Chains list or a list of suggestions longer than this shows its first rows only.
LIST_AT_MOST = 50


@dataclass
class ChainView:
    """What the dashboard shows of the chains for one view."""

    chains: list[Chain]  # among the events the filters keep, whatever the dates
    highlight: Chain | None
    suggestions: list[Link] = field(default_factory=list)
    map_json: ScriptJson | None = None
    arrows_in_view: bool = False
    # Links among the events in view that are not drawn (no chain selected, list closed).
    links_hidden: bool = False


def highlighted(chains: list[Chain], view: ViewState) -> Chain | None:
    """The chain of the selected event; with none selected, the chain picked in the list."""
    return chain_of_event(chains, view.selected) or chain_of_event(chains, view.chain)


def chain_view(
    events: pd.DataFrame, undated: pd.DataFrame, shown: pd.DataFrame, view: ViewState
) -> ChainView:
    """The chains for the Chains list and the map.

    `events` is the whole dataset (it names a link's far end when filters
    leave it out), `undated` the events the filters keep with no date limit
    (the chains listed), `shown` the events in view (the arrows drawn).
    """
    links = links_of(events)
    chains = chains_of(undated, links)
    highlight = highlighted(chains, view)
    suggestions = suggest_links(undated) if view.suggested else []
    drawn = drawn_links(links, highlight, view.chains_view)
    table = chain_table(shown, events, [*drawn, *suggestions], highlight)
    in_view = set(shown["event_id"].astype(object))
    return ChainView(
        chains=chains,
        highlight=highlight,
        suggestions=suggestions,
        map_json=script_json(table) if table["s"] or table["veil"] else None,
        arrows_in_view=bool(table["s"]),
        links_hidden=len(drawn) < len(links)
        and any(link.source in in_view or link.target in in_view for link in links),
    )


def drawn_links(links: list[Link], highlight: Chain | None, every_chain: bool) -> list[Link]:
    """The links the map draws: every one with the Chains list open, else the highlighted chain's.

    All thirty-odd arrows at once cross each other over Baghdad and hide the
    markers, worst at phone width; the chain of the event a reader picked is
    what answers "what answered what". Its links whose other end is filtered
    out are still drawn, as stubs.
    """
    if every_chain:
        return list(links)
    if highlight is None:
        return []
    ids = set(highlight.event_ids)
    return [link for link in links if link.source in ids or link.target in ids]


def _label(by_id: pd.DataFrame, event_id: str) -> str:
    if event_id not in by_id.index:
        return event_id
    row = by_id.loc[event_id]
    return f"{row['event_date']:%Y-%m-%d} · {row['location']} · {row['actor1']}"


def chain_lines(chain: Chain, events: pd.DataFrame) -> list[str]:
    """The list entry of one chain as escaped Markdown lines."""
    by_id = events.drop_duplicates("event_id").set_index("event_id", drop=False)
    return [
        f"**{md_escape(describe(chain))}**, {chain.deaths:,} reported deaths",
        f"First: {md_escape(_label(by_id, chain.first))}",
        f"Last: {md_escape(_label(by_id, chain.last))}",
        "Places: " + md_escape(", ".join(chain.places)),
    ]


def render_toggles() -> None:
    """The two switches under the map: the Chains list, and suggested links."""
    left, right = st.columns(2)
    with left:
        st.toggle("Chains list", key=state.CHAINS_VIEW, help="List each chain of reprisals")
    with right:
        st.toggle(
            "Suggested links",
            key=state.SUGGESTED,
            help="Propose links the data lacks: an event by one side followed within 7 days, "
            "in the same country or within 300 km, by an action of the other side",
        )


def render_chains(found: ChainView, events: pd.DataFrame) -> None:
    """The Chains list: each chain, and a button that shows it on the map."""
    st.markdown("#### Chains")
    if not found.chains:
        st.caption("No linked events among those the filters keep.")
        return
    if found.highlight is not None:
        st.caption(f"Highlighted on the map: {md_escape(describe(found.highlight))}")
    for number, chain in enumerate(found.chains[:LIST_AT_MOST], start=1):
        with st.container(border=True, key=f"chain-{number}"):
            st.markdown(f"{number}. " + "  \n".join(chain_lines(chain, events)))
            st.markdown("Sides in turn: " + md_escape(" → ".join(chain.side_labels)))
            st.button(
                "Show on map",
                key=f"show-chain-{chain.chain_id}",
                on_click=state.pick_chain,
                args=(chain.chain_id, _day(chain.start), _day(chain.end)),
                icon=":material/timeline:",
            )
    if len(found.chains) > LIST_AT_MOST:
        st.caption(f"The first {LIST_AT_MOST} of {len(found.chains):,} chains.")


def _day(value: pd.Timestamp):
    return None if pd.isna(value) else value.date()


def confirm_link(events_path: Path, events: pd.DataFrame, link: Link) -> None:
    """Callback: write `link` into the events file, or keep it for the CSV patch."""
    row = events.loc[events["event_id"] == link.target]
    current = row.iloc[0]["responds_to"] if not row.empty else None
    cell = responds_to_cell(current, link.source)
    blocked = why_not_writable(events_path)
    if blocked:
        state.link_done(
            f"Kept for download: {md_escape(link.target)} responds to {md_escape(link.source)}.",
            confirmed=(link.source, link.target),
        )
        return
    try:
        append_events(events_path, [], set_cells={link.target: {"responds_to": cell}})
    except (ReadOnlyEvents, AppendRejected, EventsBusy) as error:
        state.link_done(f"Not written: {md_escape(str(error))}")
        return
    state.link_done(
        f"Written to {md_escape(events_path.name)}: {md_escape(link.target)} responds to "
        f"{md_escape(link.source)}."
    )


def patch_csv(confirmed: list[tuple[str, str]], events: pd.DataFrame) -> bytes:
    """The confirmed links as a CSV patch: event_id and its new responds_to, one row each."""
    cells: dict[str, object] = {}
    by_id = events.drop_duplicates("event_id").set_index("event_id")["responds_to"]
    for source, target in confirmed:
        cells[target] = responds_to_cell(cells.get(target, by_id.get(target)), source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["event_id", "responds_to"])
    writer.writerows(cells.items())
    return buffer.getvalue().encode("utf-8")


def render_suggestions(
    found: ChainView, events: pd.DataFrame, events_path: Path, uploaded: bool
) -> None:
    """The suggested links, each with a button that confirms it."""
    st.markdown("#### Suggested links")
    done = state.take_link_message()
    if done:
        st.success(done, icon=":material/check:")
    blocked = (
        "this is an uploaded file, which the app never changes" if uploaded else None
    ) or why_not_writable(events_path)
    if blocked:
        st.caption(
            f"Confirmed links cannot be written to {md_escape(events_path.name)} here: "
            f"{md_escape(blocked)}. They are kept in a CSV patch to download."
        )
    if not found.suggestions:
        st.caption("No suggestions: every candidate pair is linked already or none fits.")
    by_id = events.drop_duplicates("event_id").set_index("event_id", drop=False)
    for link in found.suggestions[:LIST_AT_MOST]:
        line = (
            f"*suggested*: {md_escape(_label(by_id, link.target))} **may answer** "
            f"{md_escape(_label(by_id, link.source))}"
        )
        st.markdown(line)
        st.button(
            "Confirm this link",
            key=f"confirm-{link.source}-{link.target}",
            on_click=_keep if uploaded else confirm_link,
            args=(events_path, events, link),
            icon=":material/link:",
        )
    confirmed = state.confirmed_links()
    if confirmed:
        st.download_button(
            f"Download {len(confirmed)} confirmed link{'s' * (len(confirmed) != 1)} (CSV patch)",
            data=patch_csv(confirmed, events),
            file_name="responds-to-patch.csv",
            mime="text/csv",
            key="download-links",
        )


def _keep(events_path: Path, events: pd.DataFrame, link: Link) -> None:
    state.link_done(
        f"Kept for download: {md_escape(link.target)} responds to {md_escape(link.source)}.",
        confirmed=(link.source, link.target),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def shared_chain_view(
    key: tuple, _events: pd.DataFrame, _undated: pd.DataFrame, _shown, _view
) -> ChainView:
    """`chain_view`, worked out once for every session showing the same view.

    `key` is (dataset version, filter key, selected, chain, suggested, the
    Chains list open): what the result depends on. The result is read, never changed.
    """
    return chain_view(_events, _undated, _shown, _view)


def view_key(view: ViewState) -> tuple:
    return (view.selected, view.chain, view.suggested, view.chains_view)


def timeline_connectors(frame: pd.DataFrame, events: pd.DataFrame, side_labels: list[str]):
    """An Altair line from each event to the one that answers it, both on the timeline.

    `frame` is the timeline's one-row-per-event table (`timeline_frame`);
    None when no link has both ends on it.
    """
    import altair as alt

    at = frame.drop_duplicates("event_id").set_index("event_id")[["date", "side"]]
    rows = []
    for number, link in enumerate(links_of(events)):
        if link.source in at.index and link.target in at.index:
            for end, event_id in (("from", link.source), ("to", link.target)):
                point = at.loc[event_id]
                rows.append(
                    {"link": number, "end": end, "date": point["date"], "side": point["side"]}
                )
    if not rows:
        return None
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_line(color="#555", strokeWidth=1.2, opacity=0.7)
        .encode(
            x="date:T",
            y=alt.Y("side:N", sort=side_labels),
            detail="link:N",
            order="end:N",
        )
    )
