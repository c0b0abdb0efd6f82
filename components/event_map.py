"""The event map: markers by side, shape and size, halos for vague places.

The base map (basemap and controls) is built once per session and never
changes, so streamlit-folium keeps the same Leaflet instance; only the event
layer is sent again when the view changes (`feature_group_to_add`). Events
travel as compact columns and are drawn on a canvas in the browser, which
keeps the payload small and every CSV-derived string escaped once, here.
"""

from __future__ import annotations

import html
import json
import math

import folium
import pandas as pd
import streamlit as st
from jinja2 import Template
from streamlit_folium import st_folium

from components import aggregate, style
from components.rawelement import DataScript, RawElement
from events.sides import SIDES, sides_for

MAP_HEIGHT = 560
MAP_KEY = "map"
DEFAULT_CENTER = (34.0, 42.0)
DEFAULT_ZOOM = 6
MIN_ZOOM, MAX_ZOOM = 3, 18
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


def marker_table(events: pd.DataFrame) -> dict[str, list]:
    """What the browser needs to draw each placed event, column by column.

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
    side, sides = _codes(sides_for(placed["actor1"]))
    shape, shapes = _codes(style.shapes_for(placed["sub_event_type"], placed["weapon"]))
    kind, kind_names = _codes(kinds.fillna("type unknown"))
    place, place_names = _codes(placed["location"].astype(object).fillna("place unknown"))
    days = (placed["event_date"] - pd.Timestamp("1970-01-01")).dt.days
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
    }


def is_dense(placed_count: int) -> bool:
    """Whether this many markers are drawn small and plain (see `FULL_DETAIL_UP_TO`)."""
    return placed_count > FULL_DETAIL_UP_TO


def _codes(values: pd.Series) -> tuple[list[int], list]:
    """Dictionary-encode a column: a code per row and the distinct values once."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    return codes.tolist(), list(uniques)


def tooltip_text(table: dict[str, list], index: int) -> str:
    """The tooltip the browser builds for marker `index` (the same rule, for tests and docs)."""
    day = table["day"][index]
    when = "date unknown" if day < 0 else str(pd.Timestamp("1970-01-01") + pd.Timedelta(days=day))
    return (
        f"<b>{when[:10]}</b> · {table['kinds'][table['kind'][index]]}"
        f"<br>{table['places'][table['place'][index]]}"
    )


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


# One canvas layer draws every event marker: shapes (triangle, diamond, square,
# ring, dot), a pixel offset for events fanned out on a ring, halos for places
# known roughly, the selected event on top. One layer instead of one Leaflet
# layer per event makes a map update with 5,000 markers about 60 ms cheaper;
# hover tooltips and clicks are found by hit-testing the drawn points. A click
# fires on the layer with `layer.toGeoJSON()` giving the event's feature, as a
# per-marker layer would, so streamlit-folium reports it as the last drawing.
# `eventMarkers` (the data) and `pointOf(id)` are there for tests and tools.
EVENT_CANVAS_JS = """
if (!L.EventCanvas) {
  L.EventCanvas = L.Canvas.extend({
    initialize: function (data, selected, colors, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this.eventMarkers = data;
      this._colors = colors;
      this._selected = selected;
      var order = [], last = -1;
      for (var i = 0; i < data.id.length; i++) {
        if (data.id[i] === selected) { last = i; } else { order.push(i); }
      }
      if (last >= 0) { order.push(last); }
      this._order = order;
      this._points = null;
      this._hovered = -1;
    },
    _updatePaths: function () { this._points = null; this._redraw(); },
    _project: function () {
      var map = this._map, d = this.eventMarkers, points = new Array(d.id.length);
      for (var i = 0; i < d.id.length; i++) {
        var p = map.latLngToLayerPoint([d.lat[i], d.lon[i]]);
        points[i] = [p.x + d.ox[i], p.y + d.oy[i], p.x, p.y];
      }
      this._points = points;
    },
    _style: function (i) {
      var d = this.eventMarkers, shape = d.shapes[d.shape[i]], crowd = shape === 'crowd';
      var sel = d.id[i] === this._selected, dense = !!d.dense;
      var color = this._colors[d.sides[d.side[i]]] || this._colors.other;
      return {
        shape: shape, color: color, radius: d.r[i] + (sel ? 3 : 0),
        stroke: sel ? '#111' : (crowd ? color : '#fff'),
        weight: sel ? 3 : (crowd ? (dense ? 1.5 : 3) : (dense ? 0.6 : 1.5)),
        fill: crowd ? '#fff' : color
      };
    },
    _draw: function () {
      if (!this._map) { return; }
      if (!this._points) { this._project(); }
      var ctx = this._ctx, d = this.eventMarkers, points = this._points;
      var zoom = this._map.getZoom(), i, p, s;
      ctx.save();
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      for (i = 0; i < d.id.length; i++) {
        if (!(d.halo[i] > 0)) { continue; }
        p = points[i];
        var metresPerPixel = 40075016.686 * Math.cos(d.lat[i] * Math.PI / 180)
          / Math.pow(2, zoom + 8);
        s = this._style(i);
        ctx.beginPath();
        ctx.arc(p[2], p[3], d.halo[i] / metresPerPixel, 0, Math.PI * 2);
        ctx.globalAlpha = 0.07; ctx.fillStyle = s.color; ctx.fill();
        ctx.setLineDash([4, 4]); ctx.globalAlpha = 1; ctx.lineWidth = 1;
        ctx.strokeStyle = s.color; ctx.stroke(); ctx.setLineDash([]);
      }
      for (var k = 0; k < this._order.length; k++) {
        i = this._order[k]; p = points[i]; s = this._style(i);
        var x = p[0], y = p[1], r = s.radius;
        if (x !== p[2] || y !== p[3]) {
          ctx.beginPath(); ctx.arc(p[2], p[3], 2, 0, Math.PI * 2);
          ctx.globalAlpha = 1; ctx.fillStyle = '#333'; ctx.fill();
        }
        ctx.beginPath();
        if (s.shape === 'missile') {
          ctx.moveTo(x, y - r); ctx.lineTo(x + r * 0.95, y + r * 0.75);
          ctx.lineTo(x - r * 0.95, y + r * 0.75); ctx.closePath();
        } else if (s.shape === 'air') {
          ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r);
          ctx.lineTo(x - r, y); ctx.closePath();
        } else if (s.shape === 'clash') {
          var h = r * 0.8; ctx.rect(x - h, y - h, 2 * h, 2 * h);
        } else {
          ctx.arc(x, y, r * 0.85, 0, Math.PI * 2);
        }
        ctx.globalAlpha = 0.92; ctx.fillStyle = s.fill; ctx.fill('evenodd');
        ctx.globalAlpha = 1; ctx.lineWidth = s.weight; ctx.strokeStyle = s.stroke; ctx.stroke();
      }
      ctx.restore();
    },
    _markerAt: function (point) {
      if (!this._points) { return -1; }
      var tolerance = this.options.tolerance || 0;
      for (var k = this._order.length - 1; k >= 0; k--) {
        var i = this._order[k], p = this._points[i], s = this._style(i);
        var reach = s.radius + s.weight / 2 + tolerance;
        var dx = point.x - p[0], dy = point.y - p[1];
        if (dx * dx + dy * dy <= reach * reach) { return i; }
      }
      return -1;
    },
    _feature: function (i) {
      var d = this.eventMarkers, feature = {
        type: 'Feature', properties: {id: d.id[i]},
        geometry: {type: 'Point', coordinates: [d.lon[i], d.lat[i]]}
      };
      return {feature: feature, toGeoJSON: function () { return feature; }};
    },
    _onClick: function (e) {
      var map = this._map;
      if (!map) { return; }
      var i = this._markerAt(map.mouseEventToLayerPoint(e));
      if (i >= 0 && e.type === 'click' && !map._draggableMoved(this)) {
        var d = this.eventMarkers;
        this.fire('click', {
          latlng: L.latLng(d.lat[i], d.lon[i]), layer: this._feature(i), originalEvent: e,
          containerPoint: map.mouseEventToContainerPoint(e)
        }, true);
      }
      // The map ignores its canvases' own events; pass every one on, as Leaflet's canvas does.
      this._fireEvent(false, e);
    },
    _handleMouseHover: function (e, point) {
      this._fireEvent(false, e);
      var i = this._markerAt(point);
      if (i === this._hovered) { return; }
      this._closeTip();
      this._hovered = i;
      if (i < 0) { return; }
      L.DomUtil.addClass(this._container, 'leaflet-interactive');
      var d = this.eventMarkers, p = this._points[i], day = d.day[i];
      var when = day < 0 ? 'date unknown' : new Date(day * 864e5).toISOString().slice(0, 10);
      this.hoveredId = d.id[i];
      this._tip = L.tooltip({direction: 'top', offset: [0, -8]})
        .setLatLng(this._map.layerPointToLatLng([p[0], p[1]]))
        .setContent('<b>' + when + '</b> · ' + d.kinds[d.kind[i]] + '<br>' + d.places[d.place[i]])
        .openOn(this._map);
    },
    _handleMouseOut: function () { this._closeTip(); this._hovered = -1; },
    _closeTip: function () {
      if (this._tip && this._map) { this._map.closeTooltip(this._tip); }
      this._tip = null;
      this.hoveredId = null;
      if (this._container) { L.DomUtil.removeClass(this._container, 'leaflet-interactive'); }
    },
    openTooltipText: function (id) {
      return this._tip && this.hoveredId === id ? this._tip.getElement().innerText : null;
    },
    pointOf: function (id) {
      var i = this.eventMarkers.id.indexOf(id);
      if (i < 0 || !this._points || !this._map) { return null; }
      var p = this._map.layerPointToContainerPoint([this._points[i][0], this._points[i][1]]);
      return [p.x, p.y];
    }
  });
}
"""


class EventMarkers(DataScript):
    """Draw the events as shape markers on one canvas layer, halos for places known roughly."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.event_canvas_js }}
        (function (parent) {
            var d = {{ this.data_json }}, selected = {{ this.selected_json }};
            var colors = {{ this.colors_json }};
            new L.EventCanvas(d, selected, colors, {padding: 0.1, tolerance: 3}).addTo(parent);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, selected: str | None = None):
        super().__init__()
        self._name = "EventMarkers"
        self.event_canvas_js = EVENT_CANVAS_JS
        self.colors_json = json.dumps(style.SIDE_COLORS)
        self.data_json = data_json
        self.selected_json = script_json(selected)


def script_json(value) -> str:
    """JSON safe to place inside a <script>: "<", ">" and "&" cannot end or confuse it."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _cached_marker_json(cache_key: tuple, _events: pd.DataFrame) -> str:
    return script_json(marker_table(_events))


@st.cache_data(max_entries=16, show_spinner=False)
def _cached_cell_json(cache_key: tuple, _events: pd.DataFrame) -> str:
    return script_json(aggregate.cell_table(_events))


def event_layer(
    events: pd.DataFrame, selected: str | None = None, cache_key: tuple | None = None
) -> folium.FeatureGroup:
    """The part of the map that changes with the view.

    Up to `aggregate.AGGREGATE_ABOVE` placed events are drawn one marker
    each; above that, as grid cells with counts (components/aggregate.py),
    plus the selected event's own marker, so the payload stays bounded.
    `cache_key` names the dataset version and the filters that produced
    `events`; with it, going back to an earlier view reuses its map data.
    """
    group = folium.FeatureGroup(name="Events", control=False)
    placed = int(events[["latitude", "longitude"]].notna().all(axis=1).sum())
    if aggregate.should_aggregate(placed):
        if cache_key is None:
            cells_json = script_json(aggregate.cell_table(events))
        else:
            cells_json = _cached_cell_json(cache_key, events)
        group.add_child(aggregate.EventCells(cells_json))
        chosen = events[events["event_id"] == selected] if selected else events.iloc[:0]
        if not chosen.empty:
            group.add_child(EventMarkers(script_json(marker_table(chosen)), selected))
        return group
    if cache_key is None:
        data_json = script_json(marker_table(events))
    else:
        data_json = _cached_marker_json(cache_key, events)
    group.add_child(EventMarkers(data_json, selected))
    return group


def fit_view(
    events: pd.DataFrame, width_px: int = 900, height_px: int = MAP_HEIGHT
) -> tuple[tuple[float, float], int]:
    """Centre and the largest zoom that shows every placed event."""
    placed = events.dropna(subset=["latitude", "longitude"])
    if placed.empty:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    south, north = placed["latitude"].min(), placed["latitude"].max()
    west, east = placed["longitude"].min(), placed["longitude"].max()
    center = (round((south + north) / 2, 4), round((west + east) / 2, 4))

    def mercator_y(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return math.log((1 + s) / (1 - s)) / 2

    lon_fraction = max((east - west) / 360, 1e-6)
    lat_fraction = max((mercator_y(north) - mercator_y(south)) / (2 * math.pi), 1e-6)
    padding = 0.75
    zoom_x = math.log2(width_px * padding / 256 / lon_fraction)
    zoom_y = math.log2(height_px * padding / 256 / lat_fraction)
    zoom = int(max(MIN_ZOOM, min(10, math.floor(min(zoom_x, zoom_y)))))
    return center, zoom


MAP_CSS = (
    "<style>.leaflet-container { font-family: system-ui, sans-serif; }"
    # On a phone the scale bar and the attribution would overlap; the scale goes...
    "@media (max-width: 480px) { .leaflet-control-scale { display: none; }"
    # ...and the attribution keeps to one line, clear of the basemap's label.
    " .leaflet-control-attribution { font-size: 9px; } }</style>"
)


def legend_html(cells: bool = False, dense: bool = False) -> str:
    """A one-line legend under the map, built from the same tables the markers use.

    It sits outside the map so it never covers the events (the densest area,
    around Baghdad, is where a corner legend would sit). With `cells`, the
    map shows grid cells (components/aggregate.py) and the legend says so;
    with `dense`, markers are small and plain (`FULL_DETAIL_UP_TO`).
    """
    sides = "".join(
        f'<span class="item"><span class="dot" style="background:{style.SIDE_COLORS[key]}">'
        f"</span>{html.escape(label)}</span>"
        for key, label in SIDES.items()
    )
    glyphs = {"missile": "▲", "air": "◆", "clash": "■", "crowd": "○", "other": "●"}
    kinds = "".join(
        f'<span class="item"><span class="glyph" aria-hidden="true">{glyphs[key]}</span>'
        f"{html.escape(label)}</span>"
        for key, label in style.SHAPES.items()
    )
    if cells:
        threshold = f"{aggregate.AGGREGATE_ABOVE:,}"
        return (
            "<style>.ev-legend{font:12px/1.6 system-ui,sans-serif;color:#333}"
            ".ev-legend .row{display:flex;flex-wrap:wrap;gap:2px 12px;align-items:center}"
            ".ev-legend .item{white-space:nowrap;display:inline-flex;align-items:center;gap:4px}"
            ".ev-legend .dot{width:10px;height:10px;border-radius:50%;display:inline-block}"
            ".ev-legend b{margin-right:2px}</style>"
            '<div class="ev-legend" aria-label="Map legend">'
            f'<div class="row"><b>Colour: the side with most events in the cell</b>{sides}</div>'
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
        ".ev-legend .item{white-space:nowrap;display:inline-flex;align-items:center;gap:4px}"
        ".ev-legend .dot{width:10px;height:10px;border-radius:50%;display:inline-block}"
        ".ev-legend .glyph{color:#555;font-size:13px;width:12px;text-align:center}"
        ".ev-legend b{margin-right:2px}</style>"
        '<div class="ev-legend" aria-label="Map legend">'
        f'<div class="row"><b>Colour: who</b>{sides}</div>'
        f'<div class="row"><b>Shape: what</b>{kinds}</div>'
        '<div class="row"><b>Size:</b><span class="item">reported deaths</span>'
        f"{detail}</div>"
        "</div>"
    )


def data_bounds(events: pd.DataFrame) -> list[list[float]] | None:
    """South-west and north-east corners of the placed events, for the browser to fit."""
    placed = events.dropna(subset=["latitude", "longitude"])
    if placed.empty:
        return None
    return [
        [round(float(placed["latitude"].min()), 4), round(float(placed["longitude"].min()), 4)],
        [round(float(placed["latitude"].max()), 4), round(float(placed["longitude"].max()), 4)],
    ]


def base_map(
    center: tuple[float, float],
    zoom: int,
    basemap=None,
    fit_bounds: list[list[float]] | None = None,
) -> folium.Map:
    """The part of the map that never changes in a session.

    `basemap` is a callable that adds the background layers to the map (the
    offline vector basemap by default); it must be deterministic, or the map
    would be rebuilt on every rerun.
    """
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        maxZoom=MAX_ZOOM,
        zoom_snap=1,
        world_copy_jump=False,
    )
    m.get_root().header.add_child(RawElement(MAP_CSS))
    if fit_bounds is not None:
        # Fitted in the browser, so a phone and a wide screen each see every event.
        m.fit_bounds(fit_bounds, padding=(24, 24), max_zoom=9)
    if basemap is not None:
        basemap(m)
    return m


def _on_map_click(select) -> None:
    """Callback: a click on a marker selects its event."""
    state = st.session_state.get(MAP_KEY) or {}
    drawing = state.get("last_active_drawing") or {}
    event_id = (drawing.get("properties") or {}).get("id")
    if isinstance(event_id, str):
        select(event_id)


def render_map(
    shown: pd.DataFrame,
    selected: str | None,
    start: tuple[tuple[float, float], int, list[list[float]] | None],
    select,
    pan_to: tuple[float, float] | None = None,
    basemap=None,
    cache_key: tuple | None = None,
) -> None:
    """Draw the map; `start` (centre, zoom, bounds to fit) is fixed for the session."""
    center, zoom, bounds = start
    st_folium(
        base_map(center, zoom, basemap, fit_bounds=bounds),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=event_layer(shown, selected, cache_key),
        center=pan_to,
        returned_objects=["last_active_drawing"],
        on_change=lambda: _on_map_click(select),
    )
    placed = int(shown[["latitude", "longitude"]].notna().all(axis=1).sum())
    st.html(legend_html(cells=aggregate.should_aggregate(placed), dense=is_dense(placed)))
