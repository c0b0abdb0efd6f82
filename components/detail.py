"""The detail panel: one event, how sure we are of each part, and its chain.

The builder gathers the facts into plain data (escaped Markdown lines and
links to related events); the renderer only lays them out, so what the panel
says is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from components import state
from components.text import md_escape, md_link
from events import schema, split_list


@dataclass(frozen=True)
class Related:
    event_id: str
    label: str


@dataclass
class EventDetail:
    event_id: str
    title: str
    facts: list[tuple[str, str]]  # (label, escaped Markdown)
    note: str
    sources: list[str]
    responds_to: list[Related] = field(default_factory=list)
    responses: list[Related] = field(default_factory=list)
    missing_links: list[str] = field(default_factory=list)


# How the actor is known, in the words the map's tooltip uses (static/js/event_markers.js).
ATTRIBUTION_WORDS = {
    "confirmed": "actor confirmed",
    "claimed": "claimed by the actor",
    "alleged": "actor alleged, not confirmed",
    "denied": "denied by the alleged actor",
    "unknown": "actor not established",
}


def _count_text(row: pd.Series, best: str, low: str, high: str) -> str:
    value, lo, hi = row.get(best), row.get(low), row.get(high)
    known = not pd.isna(value)
    has_range = not pd.isna(lo) and not pd.isna(hi) and lo != hi
    if not known and not has_range:
        return "not reported"
    text = f"{int(value)}" if known else "no single figure"
    if has_range:
        text += f" (reports range {int(lo)}–{int(hi)})"
    return text


def related_label(row: pd.Series) -> str:
    return f"{row['event_date']:%Y-%m-%d} · {row['location']} · {row['actor1']}"


def event_detail(
    event_id: str, events: pd.DataFrame, sources: pd.DataFrame | None
) -> EventDetail | None:
    """Gather what the panel shows for `event_id`, or None if it is not in `events`."""
    match = events.loc[events["event_id"] == event_id]
    if match.empty:
        return None
    row = match.iloc[0]
    time_precision = int(row["time_precision"]) if not pd.isna(row["time_precision"]) else 1
    when = f"{row['event_date']:%Y-%m-%d} ({schema.TIME_PRECISION.get(time_precision, '?')})"
    if pd.isna(row["latitude"]):
        where = f"{md_escape(row['location'])}, not placed on the map"
    else:
        geo = row["geo_precision"]
        precision = schema.GEO_PRECISION.get(int(geo), "?") if not pd.isna(geo) else "unknown"
        how = md_escape(row["geo_source"]) or "not recorded"
        where = (
            f"{md_escape(row['location'])} — {row['latitude']:.4f}, {row['longitude']:.4f}; "
            f"precision: {md_escape(precision)}; geocoded by: {how}"
        )
    region = ", ".join(md_escape(v) for v in (row["admin1"], row["country"]) if isinstance(v, str))
    kind = md_escape(row["event_type"])
    if isinstance(row["sub_event_type"], str):
        kind += f" / {md_escape(row['sub_event_type'])}"
    if isinstance(row["weapon"], str):
        kind += f" ({md_escape(row['weapon'])})"
    actor = f"{md_escape(row['actor1'])} — attribution: **{md_escape(row['attribution'])}**"
    if row["attribution"] in ATTRIBUTION_WORDS:
        actor += f" ({ATTRIBUTION_WORDS[row['attribution']]})"
    facts = [
        ("Date", md_escape(when)),
        ("Place", where),
        ("Region", region),
        ("Type", kind),
        ("Carried out by", actor),
        ("Target", md_escape(row["actor2"]) or "not reported"),
        ("Killed", _count_text(row, *schema.COUNT_RANGES[0])),
        ("Wounded", _count_text(row, *schema.COUNT_RANGES[1])),
    ]
    if isinstance(row["operation"], str):
        facts.append(("Operation", md_escape(row["operation"])))

    by_id = events.set_index("event_id", drop=False)
    responds_to, missing = [], []
    # Each event once: `a;a` is reported at load, and two buttons would share a key.
    for target in dict.fromkeys(split_list(row["responds_to"])):
        if target in by_id.index:
            responds_to.append(Related(target, related_label(by_id.loc[target])))
        else:
            missing.append(target)
    answered = events.loc[
        events["responds_to"]
        .fillna("")
        .str.split(schema.LIST_SEPARATOR)
        .map(lambda ids: event_id in [i.strip() for i in ids])
    ]
    responses = [Related(r["event_id"], related_label(r)) for _, r in answered.iterrows()]

    return EventDetail(
        event_id=event_id,
        title=f"{md_escape(row['location'])}, {row['event_date']:%d %B %Y}",
        facts=facts,
        note=md_escape(row["notes"]),
        sources=source_lines(row["source"], sources),
        responds_to=responds_to,
        responses=responses,
        missing_links=missing,
    )


def source_lines(cell: object, sources: pd.DataFrame | None) -> list[str]:
    """One Markdown line per source: outlet, title, date, link when the URL is safe."""
    table = sources.set_index("source_id") if sources is not None else None
    lines = []
    for token in split_list(cell):
        if table is not None and token in table.index:
            src = table.loc[token]
            outlet = md_escape(src.get("outlet", ""))
            title = md_link(src.get("title", "") or token, src.get("url", ""))
            published = md_escape(src.get("published", ""))
            line = f"**{outlet}** — {title}"
            if published:
                line += f", {published}"
            lines.append(line)
        else:
            lines.append(md_escape(token))
    return lines


def render_detail(detail: EventDetail | None) -> None:
    if detail is None:
        st.info("Click a marker on the map or a row in the table to see an event's details.")
        return
    with st.container(border=True, key="detail"):
        st.markdown(f"#### {detail.title}")
        st.markdown("\n".join(f"- **{label}:** {value}" for label, value in detail.facts))
        if detail.note:
            st.markdown(f"> {detail.note}")
        st.markdown("**Sources**")
        st.markdown("\n".join(f"- {line}" for line in detail.sources) or "none listed")
        for heading, related in (
            ("Responds to", detail.responds_to),
            ("Answered by", detail.responses),
        ):
            if not related:
                continue
            st.markdown(f"**{heading}**")
            for item in related:
                st.button(
                    md_escape(item.label),
                    key=f"goto-{heading}-{item.event_id}",
                    on_click=state.select,
                    args=(item.event_id,),
                    icon=":material/arrow_forward:",
                    type="tertiary",
                )
        if detail.missing_links:
            st.caption(
                "Also said to respond to events not in this file: "
                + ", ".join(md_escape(i) for i in detail.missing_links)
            )
        st.button("Clear selection", key="clear-selection", on_click=state.select, args=(None,))
