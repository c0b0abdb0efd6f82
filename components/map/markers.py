"""Event markers: by side, shape and size, halos for vague places, rings for shared places.

Events travel as compact columns and are drawn on one canvas in the browser
(static/js/event_markers.js, which also builds the tooltips), which keeps
the payload small and every CSV-derived string escaped once, here.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from components import style
from components.map.rawtext import PARENT, ScriptCall, ScriptJson, script_json
from events import schema
from events.colouring import OTHER_COLOUR, Colouring
from events.sides import sides_for

SPREAD_STEP_PX = 13
SPREAD_NEAR_DEG = 0.08
# A ring of more events than this would span hundreds of pixels and put markers
# far from their place; a larger group is drawn where it is.
SPREAD_MAX_GROUP = 16
# Up to this many markers each is drawn in full: sized by deaths, a halo for a
# place known roughly, a ring for events at one spot. Above it, at the zoom a
# region needs, full-size shapes, halos and rings cover one another; each event
# becomes a small shape with a thin edge, which shows where events cluster.
FULL_DETAIL_UP_TO = 300
DENSE_RADIUS_PX = (3, 7)


def marker_table(events: pd.DataFrame, colouring: Colouring | None = None) -> dict[str, list]:
    """What the browser needs to draw each placed event, column by column.

    With `colouring`, ``sides`` holds the keys of `marker_colours(colouring)`
    (a group's code, never its name, so no actor's name is looked up in a
    script's object); without, the side keys of events.sides.

    Columns of plain lists (not one GeoJSON feature per event) keep the
    build vectorised, and repeated values (sides, shapes, types, places) are
    sent once with a small code per event, so an event costs about 80 bytes.
    Every CSV-derived string is HTML-escaped here, once.
    """
    placed = events.dropna(subset=["latitude", "longitude"])
    radii = style.radii_for(placed["fatalities"])
    dense = is_dense(len(placed))
    if dense:
        radii = (radii * 0.4).round().clip(*DENSE_RADIUS_PX).astype(int)
        offsets = [(0, 0)] * len(placed)
        halos = pd.Series(0, index=placed.index)
    else:
        offsets = spread_offsets(
            placed["latitude"].to_numpy(), placed["longitude"].to_numpy(), radii.tolist()
        )
        halos = style.halos_for(placed["geo_precision"])
    kinds = (
        placed["sub_event_type"]
        .astype(object)
        .where(placed["sub_event_type"].notna(), placed["event_type"])
    )
    side, sides = _codes(_colour_keys(placed, colouring))
    shape, shapes = _codes(style.shapes_for(placed["sub_event_type"], placed["weapon"]))
    kind, kind_names = _codes(kinds.fillna("type unknown"))
    place, place_names = _codes(placed["location"].astype(object).fillna("place unknown"))
    days = (placed["event_date"] - pd.Timestamp("1970-01-01")).dt.days
    # Codes into schema.ATTRIBUTIONS, a list static/js/event_markers.js holds
    # too; a value outside it counts as unknown.
    known = {name: code for code, name in enumerate(schema.ATTRIBUTIONS)}
    how = placed["attribution"].astype(object).map(known).fillna(known["unknown"]).astype(int)
    return {
        "id": placed["event_id"].astype(object).tolist(),
        "lat": placed["latitude"].round(5).tolist(),
        "lon": placed["longitude"].round(5).tolist(),
        "r": radii.tolist(),
        "halo": halos.tolist(),
        "ox": [x for x, _ in offsets],
        "oy": [y for _, y in offsets],
        "day": days.astype("Int64").fillna(-1).tolist(),
        "side": side,
        "sides": sides,
        "shape": shape,
        "shapes": shapes,
        "kind": kind,
        "kinds": [html.escape(str(name)) for name in kind_names],
        "place": place,
        "places": [html.escape(str(name)) for name in place_names],
        "dense": dense,
        "att": how.tolist(),
        "fig": figures_column(placed),
    }


def marker_colours(colouring: Colouring | None) -> dict[str, str]:
    """The colour of each key that `marker_table` puts in ``sides``, as the script reads it."""
    if colouring is None:
        return dict(style.SIDE_COLORS)
    colours = {_group_key(i): colour for i, (_, colour) in enumerate(colouring.groups)}
    colours["other"] = OTHER_COLOUR
    return colours


def _group_key(index: int) -> str:
    return f"g{index}"


def _colour_keys(placed: pd.DataFrame, colouring: Colouring | None) -> pd.Series:
    if colouring is None:
        return sides_for(placed["actor1"])
    keys = {label: _group_key(i) for i, label in enumerate(colouring.labels)}
    return colouring.labels_for(placed).map(keys).fillna("other")


def figures_column(placed: pd.DataFrame) -> list:
    """Per event: ``[low, high]`` when the reports disagree on deaths, else the best figure.

    ``None`` is "not reported" (which differs from 0); the browser marks a
    disputed marker and writes "4–26 killed (reports disagree)".
    """
    low = placed["fatalities_low"].astype("Float64")
    high = placed["fatalities_high"].astype("Float64")
    best = placed["fatalities"].astype("Float64")
    disputed = (low.notna() & high.notna() & (low != high)).fillna(False).to_numpy()
    out: list = []
    for is_disputed, lo, hi, value in zip(disputed, low, high, best, strict=True):
        if is_disputed:
            out.append([int(lo), int(hi)])
        else:
            out.append(None if pd.isna(value) else int(value))
    return out


def is_dense(placed_count: int) -> bool:
    """Whether this many markers are drawn small and plain (see `FULL_DETAIL_UP_TO`)."""
    return placed_count > FULL_DETAIL_UP_TO


def _codes(values: pd.Series) -> tuple[list[int], list]:
    """Dictionary-encode a column: a code per row and the distinct values once."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    return codes.tolist(), list(uniques)


def spread_offsets(
    lats, lons, radii=None, step_px: int = SPREAD_STEP_PX, near_deg: float = SPREAD_NEAR_DEG
) -> list[tuple[int, int]]:
    """Pixel offsets that fan out events at the same or nearby places on a ring.

    Events within `near_deg` of a group's first event join its ring (Albu Kamal,
    its border crossing and Al-Qaim are a few kilometres apart and would hide
    one another at the zoom a region needs). Offsets are in screen pixels, so
    the ring keeps its size at every zoom while each marker stays anchored to
    its own coordinates, which a small dot marks.
    """
    cell_of = {}
    groups: list[list[int]] = []
    anchors: list[tuple[float, float]] = []
    for index, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        cell = (math.floor(lat / near_deg), math.floor(lon / near_deg))
        found = None
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for group in cell_of.get((cell[0] + dy, cell[1] + dx), ()):
                    a_lat, a_lon = anchors[group]
                    if abs(a_lat - lat) <= near_deg and abs(a_lon - lon) <= near_deg:
                        found = group
                        break
                if found is not None:
                    break
            if found is not None:
                break
        if found is None:
            found = len(groups)
            groups.append([])
            anchors.append((float(lat), float(lon)))
            cell_of.setdefault(cell, []).append(found)
        groups[found].append(index)
    offsets = [(0, 0)] * len(lats)
    for members in groups:
        if len(members) == 1 or len(members) > SPREAD_MAX_GROUP:
            continue
        widest = max(radii[i] for i in members) if radii is not None else step_px / 2
        spacing = max(step_px, 2 * widest + 3)
        radius = max(spacing, spacing * len(members) / (2 * math.pi))
        for k, index in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * k / len(members)
            offsets[index] = (round(radius * math.cos(angle)), round(radius * math.sin(angle)))
    return offsets


class EventMarkers(ScriptCall):
    """Draw the events as shape markers on one canvas layer (static/js/event_markers.js).

    The script is on the page already; an update carries the columns of
    `marker_table` (`data_json`), the selected event and the colours of its
    ``sides`` keys (`marker_colours`; the side colours when not given).
    """

    function = "L.eventMarkers"

    def __init__(
        self, data_json: str, selected: str | None = None, colours: dict[str, str] | None = None
    ):
        self.data_json = ScriptJson(data_json)
        self.selected_json = script_json(selected)
        colours = colours if colours is not None else style.SIDE_COLORS
        super().__init__(PARENT, self.data_json, self.selected_json, colours)
