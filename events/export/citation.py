"""The one line that says where an export came from: sources, date of export, what was in view.

A file taken out of the dashboard is quoted, forwarded and reopened months
later; the line answers "whose data, as of when, which part of it". GeoJSON
carries it as a `citation` member, the HTML map shows it on the page; a CSV
cannot carry it without breaking CSV readers, so the app shows the same line
beside the download button for the user to paste with the file.

Outlet names, the title and the description of the view come from data or
from a link, so each has its direction controls fenced in
(`events.bidi.isolate_direction`): a right-to-left override in one outlet's
name cannot reverse the rest of the line in any file that carries it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd

from events.bidi import isolate_direction
from events.load import split_list

DEFAULT_TITLE = "Conflict map"
_LONGEST_NAME = 60


def citation_line(
    view_description: str,
    sources: str,
    exported: date | None = None,
    *,
    title: str = DEFAULT_TITLE,
) -> str:
    """E.g. `Conflict map, exported 2025-06-01. View: 7 of 22 events, Iraq. Sources: Reuters, AFP.`

    `view_description` is what the dashboard says is shown (`events.filters.describe`);
    `sources` names the data: a dataset's credit (`LoadResult.credit`) or
    `sources_summary(events)`.
    """
    day = (exported or date.today()).isoformat()
    parts = [f"{isolate_direction(title.strip())}, exported {day}"]
    if view_description.strip():
        parts.append(f"View: {isolate_direction(_sentence(view_description))}")
    if sources.strip():
        parts.append(f"Sources: {isolate_direction(_sentence(sources))}")
    return ". ".join(parts) + "."


def sources_summary(
    events: pd.DataFrame, sources: pd.DataFrame | None = None, limit: int = 3
) -> str:
    """The most cited sources of these events, e.g. `Reuters (12 events), AFP (9) and 4 more`.

    With the sources table (`LoadResult.sources`), source ids are named by
    their outlet; free-text sources (ACLED style) are named as written.
    """
    outlets = {}
    if sources is not None and {"source_id", "outlet"} <= set(sources.columns):
        outlets = dict(zip(sources["source_id"], sources["outlet"], strict=True))
    counts: Counter[str] = Counter()
    for cell, times in events["source"].value_counts().items():
        names = {outlets.get(token) or token for token in split_list(cell)}
        for name in names:
            counts[_clip(name)] += int(times)
    if not counts:
        return ""
    top = counts.most_common(limit)
    shown = [
        f"{name} ({n} event{'s' if n != 1 else ''})" if i == 0 else f"{name} ({n})"
        for i, (name, n) in enumerate(top)
    ]
    rest = len(counts) - len(top)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]


def _sentence(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _clip(name: str) -> str:
    name = " ".join(name.split())
    name = name if len(name) <= _LONGEST_NAME else name[: _LONGEST_NAME - 1] + "…"
    return isolate_direction(name)
