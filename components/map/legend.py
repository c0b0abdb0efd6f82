"""The one-line legend under the map, built from the same tables the markers use."""

from __future__ import annotations

import html

from components import style
from components.map.cells import AGGREGATE_ABOVE
from components.map.markers import FULL_DETAIL_UP_TO
from events.colouring import COLOUR_BY, NOT_REPORTED, Colouring
from events.sides import SIDES


def legend_html(
    cells: bool = False, dense: bool = False, colouring: Colouring | None = None
) -> str:
    """A one-line legend under the map, built from the same tables the markers use.

    It sits outside the map so it never covers the events (the densest area,
    around Baghdad, is where a corner legend would sit). With `cells`, the
    map shows grid cells (components/map/cells.py) and the legend says so;
    with `dense`, markers are small and plain (`FULL_DETAIL_UP_TO`); with
    `colouring`, the colour row shows its groups (events.colouring), whose
    names may come from the data and are escaped. An entry is never wider
    than the column: a long name or sentence wraps on a phone rather than
    running off the edge.
    """
    side_groups = [(label, style.SIDE_COLORS[key]) for key, label in SIDES.items()]
    sides = _dots(side_groups)
    colour_title = "Colour: who"
    cells_title = "Colour: the side with most events in the cell"
    if colouring is not None:
        colour_title = colouring.title
        groups = colouring.groups
        if cells and colouring.by == "deaths":  # a cell's deaths are summed: never unreported
            groups = tuple(g for g in groups if g[0] != NOT_REPORTED[0])
        sides = _dots(groups)
        cells_title = _cells_title(colouring)
    glyphs = {"missile": "▲", "air": "◆", "clash": "■", "crowd": "○", "other": "●"}
    kinds = "".join(
        f'<span class="item"><span class="glyph" aria-hidden="true">{glyphs[key]}</span>'
        f"{html.escape(label)}</span>"
        for key, label in style.SHAPES.items()
    )
    if cells:
        threshold = f"{AGGREGATE_ABOVE:,}"
        return (
            "<style>.ev-legend{font:12px/1.6 system-ui,sans-serif;color:#333}"
            ".ev-legend .row{display:flex;flex-wrap:wrap;gap:2px 12px;align-items:center}"
            ".ev-legend .item{max-width:100%;display:inline-flex;align-items:center;gap:4px}"
            ".ev-legend .dot{width:10px;height:10px;border-radius:50%;display:inline-block}"
            ".ev-legend b{margin-right:2px}</style>"
            '<div class="ev-legend" aria-label="Map legend">'
            f'<div class="row"><b>{html.escape(cells_title)}</b>{sides}</div>'
            '<div class="row"><b>Circles:</b><span class="item">events counted in grid cells, '
            "sized by count; zoom in or click one for finer cells</span></div>"
            f'<div class="row"><span class="item">Filters that leave {threshold} events or '
            "fewer show each event on its own.</span></div>"
            "</div>"
        )
    detail = (
        f'<span class="item">Over {FULL_DETAIL_UP_TO:,} events in view, markers are small, '
        "without halos or rings; narrow the filters to see them.</span>"
        if dense
        else '<b>Dashed halo:</b><span class="item">place known only roughly</span>'
        '<b>Dot + ring:</b><span class="item">several events at one place</span>'
    )
    return (
        "<style>.ev-legend{font:12px/1.6 system-ui,sans-serif;color:#333}"
        ".ev-legend .row{display:flex;flex-wrap:wrap;gap:2px 12px;align-items:center}"
        ".ev-legend .item{max-width:100%;display:inline-flex;align-items:center;gap:4px}"
        ".ev-legend .dot{width:10px;height:10px;border-radius:50%;display:inline-block}"
        ".ev-legend .glyph{color:#555;font-size:13px;width:12px;text-align:center}"
        ".ev-legend b{margin-right:2px}"
        f"{ATTRIBUTION_CSS}</style>"
        '<div class="ev-legend" aria-label="Map legend">'
        f'<div class="row"><b>{html.escape(colour_title)}</b>{sides}</div>'
        f'<div class="row"><b>Shape: what</b>{kinds}</div>'
        '<div class="row"><b>Size:</b><span class="item">reported deaths</span>'
        f"{detail}</div>"
        f"{ATTRIBUTION_ROW}"
        "</div>"
    )


def _dots(groups) -> str:
    return "".join(
        f'<span class="item"><span class="dot" style="background:{html.escape(colour)}">'
        f"</span>{html.escape(label)}</span>"
        for label, colour in groups
    )


# How the actor is known, drawn as static/js/event_markers.js draws it.
ATTRIBUTION_CSS = (
    ".ev-legend .att{width:10px;height:10px;border-radius:50%;display:inline-block;"
    "position:relative;box-sizing:border-box;background:#555;border:1.5px solid #fff;"
    "box-shadow:0 0 0 1px #bbb}"
    ".ev-legend .att.alleged{background:#fff;border:3px solid #555;box-shadow:none}"
    ".ev-legend .att.unknown{border:2.5px solid #8a8a8a;box-shadow:none}"
    ".ev-legend .att.denied::after{content:'\\00d7';position:absolute;inset:-4px 0 0 0;"
    "color:#111;font:bold 12px/1 system-ui;text-align:center;text-shadow:0 0 2px #fff}"
    ".ev-legend .att.disputed::after{content:'';position:absolute;right:-4px;top:-4px;"
    "width:6px;height:6px;border-radius:50%;background:#111;border:1px solid #fff}"
)
ATTRIBUTION_ROW = (
    '<div class="row"><b>Edge: how the actor is known</b>'
    '<span class="item"><span class="att"></span>confirmed or claimed: solid</span>'
    '<span class="item"><span class="att alleged"></span>alleged: hollow</span>'
    '<span class="item"><span class="att denied"></span>denied: crossed</span>'
    '<span class="item"><span class="att unknown"></span>unknown: grey edge</span>'
    '<span class="item"><span class="att disputed"></span>dot: reports disagree on deaths</span>'
    "</div>"
)


def _cells_title(colouring: Colouring) -> str:
    """What a grid cell's colour means under `colouring` (components/map/cells.py)."""
    if colouring.by == "deaths":
        return "Colour: the deaths of all the cell's events, added up"
    what = "actor" if colouring.fallback else COLOUR_BY[colouring.by].lower()
    return f"Colour: the {what} with most events in the cell"
