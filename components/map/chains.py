"""Reprisal chains on the map: an arrow from each event to the one that answers it.

The links come from `events.chains` (the data's `responds_to`, and suggested
links when they are asked for); this module turns them into columns for
static/js/event_chains.js, which draws them on a canvas of its own above the
markers. A link with both ends in view is a curved arrow; a link whose other
end is filtered out (or not placed) is a short stub at the end that is in
view, and its tooltip says what is missing. When a chain is highlighted, its
events stay bright and the rest of the map is veiled.

Every CSV-derived string is HTML-escaped here, once; the script sets them as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from components.map.rawtext import PARENT, ScriptCall, ScriptJson, script_json
from events.chains import Chain, Link

ARROW_COLOR = "#3b3b3b"
SUGGESTED_COLOR = "#7b3fa0"
HIGHLIGHT_COLOR = "#111111"


def _label(row: pd.Series) -> str:
    day = "date unknown" if pd.isna(row["event_date"]) else f"{row['event_date']:%Y-%m-%d}"
    return f"{day} · {row['location']} · {row['actor1']}"


def chain_table(
    shown: pd.DataFrame,
    events: pd.DataFrame,
    links: Iterable[Link],
    highlight: Chain | None = None,
) -> dict:
    """What the browser needs to draw `links` among the `shown` events.

    `events` is the whole dataset, which names and places the end of a link
    that the filters leave out. Links with neither end in view are not sent.
    Columns: `a`/`b` the two ends (latitude, longitude; None when unplaced),
    `s`/`t` their ids, `end` 0 both in view, 1 only the answer (`t`) in
    view, 2 only the answered event (`s`); `sg` suggested; `hi` part of the
    highlighted chain; `tip` the hover text of a stub or a suggested link.
    """
    placed = shown.dropna(subset=["latitude", "longitude"])
    in_view = set(placed["event_id"].astype(object))
    shown_ids = set(shown["event_id"].astype(object))
    by_id = events.drop_duplicates("event_id").set_index("event_id", drop=False)
    highlighted = set(highlight.event_ids) if highlight is not None else set()
    columns: dict[str, list] = {k: [] for k in ("s", "t", "a", "b", "end", "sg", "hi", "tip")}

    def where(event_id: str):
        if event_id not in by_id.index:
            return None
        row = by_id.loc[event_id]
        if pd.isna(row["latitude"]) or pd.isna(row["longitude"]):
            return None
        return [round(float(row["latitude"]), 5), round(float(row["longitude"]), 5)]

    for link in links:
        source_in, target_in = link.source in in_view, link.target in in_view
        if not (source_in or target_in):
            continue
        end = 0 if source_in and target_in else (1 if target_in else 2)
        tip = ""
        if end:
            other = link.source if end == 1 else link.target
            known = other in by_id.index
            what = _label(by_id.loc[other]) if known else other
            relation = "Responds to" if end == 1 else "Answered by"
            if not known:
                why = "not in this data set"
            elif other in shown_ids:
                why = "not placed on the map"
            else:
                why = "filtered out of this view"
            tip = f"{relation} {html.escape(str(what))} ({why})"
        elif link.suggested:
            tip = (
                f"suggested: {html.escape(_label(by_id.loc[link.target]))} may answer "
                f"{html.escape(_label(by_id.loc[link.source]))}; not in the data until confirmed"
            )
        columns["s"].append(link.source)
        columns["t"].append(link.target)
        columns["a"].append(where(link.source))
        columns["b"].append(where(link.target))
        columns["end"].append(end)
        columns["sg"].append(bool(link.suggested))
        columns["hi"].append(link.source in highlighted and link.target in highlighted)
        columns["tip"].append(tip)
    lit = [
        event_id for event_id in (highlight.event_ids if highlight else ()) if event_id in in_view
    ]
    spots = [where(event_id) for event_id in lit]
    return {
        **columns,
        "lit": lit,
        "spots": spots,
        "veil": highlight is not None,
        "colors": {"arrow": ARROW_COLOR, "suggested": SUGGESTED_COLOR, "hi": HIGHLIGHT_COLOR},
    }


def dimmed_ids(shown: pd.DataFrame, highlight: Chain | None) -> list[str]:
    """The events in view that a highlighted chain veils (for tests and the legend's words)."""
    if highlight is None:
        return []
    return [e for e in shown["event_id"].astype(object) if e not in set(highlight.event_ids)]


class EventChains(ScriptCall):
    """Draw the chains' arrows and stubs on a canvas above the markers (event_chains.js)."""

    function = "L.eventChains"

    def __init__(self, data_json: str):
        self.data_json = ScriptJson(data_json)
        super().__init__(PARENT, self.data_json)


def encode_chains(table: dict) -> ScriptJson:
    return script_json(table)


CHAINS_HINT = "select an event, or open the Chains list, to draw what answered what"


def chains_legend_html(arrows: bool, suggested: bool, hidden: bool = False) -> str:
    """The legend's row for the chains, drawn with the same colours and dashes as the map.

    Empty when no link is in view; the suggested-link entry only when they
    are shown. `hidden`: links in view are not drawn (the map draws the
    selected event's chain, or every chain with the Chains list open), and
    the row says how to draw them.
    """
    if not arrows and not suggested:
        if not hidden:
            return ""
        return (
            '<div class="ev-chains" aria-label="Chains legend" '
            'style="font:12px/1.6 system-ui,sans-serif;color:#333">'
            f"<b>Arrows: chains</b> {CHAINS_HINT}</div>"
        )

    def sample(color: str, line: str, ring: bool = False) -> str:
        """A short line in the map's style, drawn with CSS (st.html drops inline SVG)."""
        circle = f'<span class="ring" style="border-color:{color}"></span>' if ring else ""
        return (
            f'<span class="sample" aria-hidden="true">{circle}<span class="line" '
            f'style="border-top:2px {line} {color}"></span>'
            f'<span class="head" style="border-left-color:{color}"></span></span>'
        )

    items = [
        f'<span class="item">{sample(ARROW_COLOR, "solid")}answered by (earlier → later)</span>',
        f'<span class="item">{sample(ARROW_COLOR, "dashed", ring=True)}'
        "other end filtered out (hover it)</span>",
        '<span class="item"><span class="veil" aria-hidden="true"></span>'
        "faded: not in the chain of the selected event</span>",
    ]
    if suggested:
        items.append(
            f'<span class="item">{sample(SUGGESTED_COLOR, "dotted")}'
            '<i style="color:' + SUGGESTED_COLOR + '">suggested</i>: a proposed link, '
            "not in the data until confirmed</span>"
        )
    return (
        "<style>.ev-chains{font:12px/1.6 system-ui,sans-serif;color:#333;display:flex;"
        "flex-wrap:wrap;gap:2px 12px;align-items:center}"
        ".ev-chains .item{display:inline-flex;align-items:center;gap:4px}"
        ".ev-chains .veil{width:10px;height:10px;border-radius:50%;background:#999;"
        "opacity:.35;display:inline-block}"
        ".ev-chains .sample{display:inline-flex;align-items:center}"
        ".ev-chains .line{display:inline-block;width:16px;height:0}"
        ".ev-chains .head{display:inline-block;width:0;height:0;border-top:4px solid transparent;"
        "border-bottom:4px solid transparent;border-left:7px solid}"
        ".ev-chains .ring{display:inline-block;width:5px;height:5px;border:2px solid;"
        "border-radius:50%;background:#fff}</style>"
        f'<div class="ev-chains" aria-label="Chains legend"><b>Arrows: chains</b>{"".join(items)}'
        "</div>"
    )
