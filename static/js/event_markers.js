// Every event marker on one canvas layer: shapes (triangle, diamond, square,
// ring, dot), a pixel offset for events fanned out on a ring, halos for places
// known roughly, the selected event drawn last, on top. One layer instead of one
// Leaflet layer per event makes a map update with 5,000 markers about 60 ms
// cheaper; hover tooltips and clicks are found by hit-testing the drawn points.
// A click fires on the layer with `layer.toGeoJSON()` giving the event's
// feature, as a per-marker layer would, so streamlit-folium reports it as the
// last drawing. `eventMarkers` (the data) and `pointOf(id)` are there for tests
// and tools.
//
// The page loads this file once; each map update sends only the data
// (components/map/markers.py, `marker_table`) and one call of `L.eventMarkers`.
L.EventCanvas = L.Canvas.extend({
  initialize: function (data, selected, colors, options) {
    L.Canvas.prototype.initialize.call(this, options);
    this.eventMarkers = data;
    this._colors = colors;
    this._selected = selected;
    this._days = null;
    this._order = this._orderOf();
    this._points = null;
    this._hovered = -1;
  },
  // The markers drawn, in drawing order (the selected event last, on top):
  // every event, or with a day window (playback) only those dated in it.
  _orderOf: function () {
    var d = this.eventMarkers, w = this._days, order = [], last = -1;
    for (var i = 0; i < d.id.length; i++) {
      if (w && (d.day[i] < w[0] || d.day[i] > w[1])) { continue; }
      if (d.id[i] === this._selected) { last = i; } else { order.push(i); }
    }
    if (last >= 0) { order.push(last); }
    return order;
  },
  // Show only events dated from day `first` to day `last` (days since
  // 1970-01-01, both included); `null` shows them all again. Only this
  // canvas is redrawn: the basemap and the other layers are not touched.
  setDayWindow: function (first, last) {
    this._days = first === null ? null : [first, last];
    this._order = this._orderOf();
    this._closeTip(); this._hovered = -1;
    if (this._map) { this._redraw(); }
    return this._order.length;
  },
  shownCount: function () { return this._order.length; },
  _updatePaths: function () { this._points = null; this._redraw(); },
  _project: function () {
    var map = this._map, d = this.eventMarkers, points = new Array(d.id.length);
    for (var i = 0; i < d.id.length; i++) {
      var p = map.latLngToLayerPoint([d.lat[i], d.lon[i]]);
      points[i] = [p.x + d.ox[i], p.y + d.oy[i], p.x, p.y];
    }
    this._points = points;
  },
  // How the actor is known sets the fill and edge: solid for confirmed and
  // claimed, hollow (white inside a thick edge of the side's colour) for
  // alleged, solid with a dark cross for denied, a grey edge for unknown.
  _style: function (i) {
    var d = this.eventMarkers, shape = d.shapes[d.shape[i]], crowd = shape === 'crowd';
    var sel = d.id[i] === this._selected, dense = !!d.dense;
    var color = this._colors[d.sides[d.side[i]]] || this._colors.other;
    var how = d.att ? L.EventCanvas.attributions[d.att[i]] : 'confirmed';
    var hollow = crowd || how === 'alleged';
    var edge = hollow ? color : (how === 'unknown' ? '#8a8a8a' : '#fff');
    var weight = hollow ? (dense ? 1.5 : 3) : (dense ? 0.6 : 1.5);
    if (how === 'unknown' && !hollow) { weight = dense ? 1.2 : 2.5; }
    return {
      shape: shape, color: color, radius: d.r[i] + (sel ? 3 : 0),
      stroke: sel ? '#111' : edge, weight: sel ? 3 : weight,
      fill: hollow ? '#fff' : color, denied: how === 'denied',
      disputed: !!(d.fig && d.fig[i] && d.fig[i].length === 2)
    };
  },
  _draw: function () {
    if (!this._map) { return; }
    if (!this._points) { this._project(); }
    var ctx = this._ctx, d = this.eventMarkers, points = this._points;
    var zoom = this._map.getZoom(), i, p, s;
    ctx.save();
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    for (var n = 0; n < this._order.length; n++) {
      i = this._order[n];
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
      if (s.denied) { L.EventCanvas.drawCross(ctx, x, y, r); }
      if (s.disputed) { L.EventCanvas.drawDispute(ctx, x, y, r); }
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
    var d = this.eventMarkers, p = this._points[i];
    this.hoveredId = d.id[i];
    this._tip = L.tooltip({direction: 'top', offset: [0, -8]})
      .setLatLng(this._map.layerPointToLatLng([p[0], p[1]]))
      .setContent(L.EventCanvas.tooltipHtml(d, i))
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

// A denied attribution: a dark X across the marker, with a white rim so it
// reads on any fill and on the pale basemap.
L.EventCanvas.drawCross = function (ctx, x, y, r) {
  var k = Math.max(2.5, r * 0.6);
  ctx.beginPath();
  ctx.moveTo(x - k, y - k); ctx.lineTo(x + k, y + k);
  ctx.moveTo(x + k, y - k); ctx.lineTo(x - k, y + k);
  ctx.lineWidth = 3.5; ctx.strokeStyle = '#fff'; ctx.stroke();
  ctx.lineWidth = 1.8; ctx.strokeStyle = '#111'; ctx.stroke();
};

// Disputed deaths (the reports give a range): a small black dot ringed in
// white at the marker's upper right.
L.EventCanvas.drawDispute = function (ctx, x, y, r) {
  var cx = x + r * 0.8, cy = y - r * 0.8, k = Math.max(2.5, r * 0.32);
  ctx.beginPath(); ctx.arc(cx, cy, k, 0, Math.PI * 2);
  ctx.fillStyle = '#111'; ctx.fill();
  ctx.lineWidth = 1.2; ctx.strokeStyle = '#fff'; ctx.stroke();
};

// events/schema.py ATTRIBUTIONS, in order: `att` holds a code into it.
L.EventCanvas.attributions = ['confirmed', 'claimed', 'alleged', 'denied', 'unknown'];

// How the actor is known, in words for the tooltip.
L.EventCanvas.attributionWords = {
  confirmed: 'actor confirmed', claimed: 'claimed by the actor',
  alleged: 'actor alleged, not confirmed', denied: 'denied by the alleged actor',
  unknown: 'actor not established'
};

// The deaths in words: "4–26 killed (reports disagree)", "3 killed", or nothing.
L.EventCanvas.figureText = function (fig) {
  if (fig === null || fig === undefined) { return ''; }
  if (fig.length === 2) { return fig[0] + '\u2013' + fig[1] + ' killed (reports disagree)'; }
  return fig + ' killed';
};

// The tooltip of marker `i`: its date, kind, place, how the actor is known
// and the deaths. The strings arrive HTML-escaped from the server
// (`marker_table`), so they are set as HTML.
L.EventCanvas.tooltipHtml = function (d, i) {
  var day = d.day[i];
  var when = day < 0 ? 'date unknown' : new Date(day * 864e5).toISOString().slice(0, 10);
  var text = '<b>' + when + '</b> · ' + d.kinds[d.kind[i]] + '<br>' + d.places[d.place[i]];
  // "unknown" is the loader's default for a blank attribution: the grey edge
  // says it, and the tooltip stays as short as before.
  var how = d.att ? L.EventCanvas.attributions[d.att[i]] : 'unknown';
  if (how !== 'unknown') { text += '<br>' + L.EventCanvas.attributionWords[how]; }
  var figure = d.fig ? L.EventCanvas.figureText(d.fig[i]) : '';
  return figure ? text + '<br>' + figure : text;
};

// Draw `data` on a new canvas layer added to `parent` (the update's feature group).
L.eventMarkers = function (parent, data, selected, colors) {
  return new L.EventCanvas(data, selected, colors, {padding: 0.1, tolerance: 3}).addTo(parent);
};
