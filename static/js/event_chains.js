// Reprisal chains: a curved arrow from each event to the one that answers it,
// on a canvas of its own (pane `eventChains`, above the markers, never taking
// the pointer, so markers stay clickable). A link whose other end is not in
// view is a short stub ending in an open ring; suggested links are dotted and
// labelled "suggested". When a chain is highlighted, the map is veiled and the
// chain's events show through holes in the veil: the rest is dimmed.
//
// Arrows end at the markers as drawn (a marker fanned out on a ring is found
// through the marker layer's own points); hover text of stubs and suggested
// links comes from the map's mousemove. The data (components/map/chains.py,
// `chain_table`) arrives HTML-escaped; `drawn` and `openTooltipText` are there
// for tests and tools.
L.ChainCanvas = L.Canvas.extend({
  initialize: function (data, markers, options) {
    L.Canvas.prototype.initialize.call(this, options);
    this.eventChains = data;
    this._markers = markers;
    this._hovered = -1;
    this.drawn = [];
  },
  onAdd: function (map) {
    if (!map.getPane('eventChains')) {
      var pane = map.createPane('eventChains');
      pane.style.zIndex = 450;
      pane.style.pointerEvents = 'none';
    }
    L.Canvas.prototype.onAdd.call(this, map);
    this._container.style.pointerEvents = 'none';
    map.on('mousemove', this._chainHover, this);
    map.on('mouseout', this._closeTip, this);
  },
  onRemove: function (map) {
    map.off('mousemove', this._chainHover, this);
    map.off('mouseout', this._closeTip, this);
    this._closeTip();
    L.Canvas.prototype.onRemove.call(this, map);
  },
  _updatePaths: function () { this._redraw(); },
  // Where event `id` is drawn, in layer pixels: its marker if the marker layer has it.
  _point: function (id, latlng) {
    // Projected here from the marker layer's data (its own points may still be
    // those of the last zoom when this layer redraws first).
    var m = this._markers, d = m && m.eventMarkers;
    if (d) {
      var i = d.id.indexOf(id);
      if (i >= 0) {
        var p = this._map.latLngToLayerPoint([d.lat[i], d.lon[i]]);
        return L.point(p.x + d.ox[i], p.y + d.oy[i]);
      }
    }
    return latlng ? this._map.latLngToLayerPoint(latlng) : null;
  },
  // The radius of the hole over event `id`: its marker's own footprint (shape,
  // edge and the disputed-figure dot) and one pixel more, so a neighbouring
  // marker a few pixels away stays under the veil. A fixed hole wider than the
  // gap between markers (Camp Taji is 14 px from the Baghdad embassy at zoom 7)
  // uncovered half of a marker outside the chain. Without a marker (grid cells
  // drawn instead) the hole is the size of a large marker.
  _reach: function (id) {
    var m = this._markers, d = m && m.eventMarkers, i = d ? d.id.indexOf(id) : -1;
    if (i < 0 || !m._style) { return 12; }
    var s = m._style(i), reach = s.radius + s.weight / 2;
    if (s.disputed) { reach = Math.max(reach, s.radius * 1.14 + Math.max(2.5, s.radius * 0.32)); }
    return reach + 1;
  },
  _draw: function () {
    if (!this._map) { return; }
    var d = this.eventChains, ctx = this._ctx, map = this._map, k, b = this._bounds;
    var drawn = [];
    ctx.save();
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    if (d.veil && b) {
      ctx.fillStyle = 'rgba(255,255,255,0.66)';
      ctx.fillRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      ctx.globalCompositeOperation = 'destination-out';
      ctx.fillStyle = '#000';  // opaque: the holes clear the veil entirely
      for (k = 0; k < d.lit.length; k++) {
        var spot = this._point(d.lit[k], d.spots[k]);
        if (!spot) { continue; }
        ctx.beginPath(); ctx.arc(spot.x, spot.y, this._reach(d.lit[k]), 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.globalCompositeOperation = 'source-over';
    }
    for (k = 0; k < d.s.length; k++) {
      var pa = d.a[k] ? this._point(d.s[k], d.a[k]) : null;
      var pb = d.b[k] ? this._point(d.t[k], d.b[k]) : null;
      var path = L.ChainCanvas.geometry(d.end[k], pa, pb);
      if (!path) { continue; }
      var faded = d.veil && !d.hi[k];
      var color = d.sg[k] ? d.colors.suggested : (d.hi[k] ? d.colors.hi : d.colors.arrow);
      ctx.globalAlpha = faded ? 0.25 : 0.95;
      ctx.strokeStyle = color; ctx.fillStyle = color;
      ctx.lineWidth = d.hi[k] ? 3 : 2;
      ctx.setLineDash(d.sg[k] ? [1, 5] : (d.end[k] ? [5, 3] : []));
      ctx.beginPath();
      ctx.moveTo(path.p0.x, path.p0.y);
      ctx.quadraticCurveTo(path.c.x, path.c.y, path.p1.x, path.p1.y);
      ctx.stroke();
      ctx.setLineDash([]);
      L.ChainCanvas.head(ctx, path.c, path.p1, d.hi[k] ? 11 : 9);
      if (path.open) {
        ctx.beginPath(); ctx.arc(path.open.x, path.open.y, 4, 0, Math.PI * 2);
        ctx.fillStyle = '#fff'; ctx.fill(); ctx.lineWidth = 2; ctx.stroke();
      }
      if (d.sg[k]) {
        var mid = L.ChainCanvas.at(path, 0.5);
        ctx.font = '600 11px system-ui, sans-serif'; ctx.textAlign = 'center';
        ctx.lineWidth = 3; ctx.strokeStyle = '#fff'; ctx.strokeText('suggested', mid.x, mid.y - 5);
        ctx.fillStyle = color; ctx.fillText('suggested', mid.x, mid.y - 5);
      }
      var from = map.layerPointToContainerPoint(path.p0);
      var to = map.layerPointToContainerPoint(path.p1);
      drawn.push({
        k: k, s: d.s[k], t: d.t[k], end: d.end[k], suggested: d.sg[k], hi: d.hi[k],
        faded: faded, from: [from.x, from.y], to: [to.x, to.y], path: path
      });
    }
    ctx.restore();
    this.drawn = drawn;
  },
  _chainHover: function (e) {
    var d = this.eventChains, best = -1, bestDistance = 8, where = null;
    for (var n = 0; n < this.drawn.length; n++) {
      var item = this.drawn[n];
      if (!d.tip[item.k]) { continue; }
      for (var step = 0; step <= 20; step++) {
        var p = L.ChainCanvas.at(item.path, step / 20);
        var distance = p.distanceTo(e.layerPoint);
        if (distance < bestDistance) { bestDistance = distance; best = item.k; where = p; }
      }
    }
    if (best === this._hovered) { return; }
    this._closeTip();
    this._hovered = best;
    if (best < 0) { return; }
    this.hoveredLink = best;
    this._tip = L.tooltip({direction: 'top', offset: [0, -6], className: 'chain-tip'})
      .setLatLng(this._map.layerPointToLatLng(where))
      .setContent(d.tip[best])
      .openOn(this._map);
  },
  _closeTip: function () {
    if (this._tip && this._map) { this._map.closeTooltip(this._tip); }
    this._tip = null;
    this._hovered = -1;
    this.hoveredLink = null;
  },
  openTooltipText: function () {
    return this._tip ? this._tip.getElement().innerText : null;
  }
});

// The curve of one link in layer pixels: from p0 through control c to p1 (the
// arrow's tip), and `open`, the open end of a stub. `end` 0: both ends known;
// 1: only the answer (pb) is in view, the stub comes in towards it; 2: only the
// answered event (pa), the stub leaves it. An unknown far end points up-left.
L.ChainCanvas.geometry = function (end, pa, pb) {
  var STUB = 38, GAP = 9;
  if (end === 0 && pa && pb) {
    var dx = pb.x - pa.x, dy = pb.y - pa.y, len = Math.sqrt(dx * dx + dy * dy);
    if (len < 6) {
      // One place: a small loop above it.
      return {p0: L.point(pa.x - 5, pa.y - GAP), c: L.point(pa.x, pa.y - 44),
        p1: L.point(pa.x + 5, pa.y - GAP), open: null};
    }
    var ux = dx / len, uy = dy / len, bend = Math.min(0.25 * len, 80);
    var c = L.point((pa.x + pb.x) / 2 + uy * bend, (pa.y + pb.y) / 2 - ux * bend);
    return {p0: L.ChainCanvas.toward(pa, c, 6), c: c, p1: L.ChainCanvas.toward(pb, c, GAP),
      open: null};
  }
  var anchor = end === 1 ? pb : pa, far = end === 1 ? pa : pb;
  if (!anchor) { return null; }
  var vx = -0.7071, vy = -0.7071;
  if (far) {
    var fx = far.x - anchor.x, fy = far.y - anchor.y, fl = Math.sqrt(fx * fx + fy * fy);
    if (fl > 1) { vx = fx / fl; vy = fy / fl; }
  }
  var out = L.point(anchor.x + vx * STUB, anchor.y + vy * STUB);
  var mid = L.point(anchor.x + vx * STUB / 2 - vy * 8, anchor.y + vy * STUB / 2 + vx * 8);
  if (end === 1) {
    return {p0: out, c: mid, p1: L.ChainCanvas.toward(anchor, mid, GAP), open: out};
  }
  return {p0: L.ChainCanvas.toward(anchor, mid, 6), c: mid, p1: out, open: null};
};

// The point `gap` pixels from `p` towards `q`.
L.ChainCanvas.toward = function (p, q, gap) {
  var dx = q.x - p.x, dy = q.y - p.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
  return L.point(p.x + dx / len * gap, p.y + dy / len * gap);
};

// The point at `t` (0..1) along a path's curve.
L.ChainCanvas.at = function (path, t) {
  var u = 1 - t;
  return L.point(u * u * path.p0.x + 2 * u * t * path.c.x + t * t * path.p1.x,
    u * u * path.p0.y + 2 * u * t * path.c.y + t * t * path.p1.y);
};

// A filled arrowhead at `tip`, pointing away from `from`.
L.ChainCanvas.head = function (ctx, from, tip, size) {
  var dx = tip.x - from.x, dy = tip.y - from.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
  var ux = dx / len, uy = dy / len;
  ctx.beginPath();
  ctx.moveTo(tip.x, tip.y);
  ctx.lineTo(tip.x - ux * size - uy * size * 0.5, tip.y - uy * size + ux * size * 0.5);
  ctx.lineTo(tip.x - ux * size + uy * size * 0.5, tip.y - uy * size - ux * size * 0.5);
  ctx.closePath();
  ctx.fill();
};

// Draw `data` on a new chains layer added to `parent` (the update's feature
// group), finding that group's marker layer to end the arrows at its markers.
L.eventChains = function (parent, data) {
  var markers = null;
  parent.eachLayer(function (layer) {
    if (L.EventCanvas && layer instanceof L.EventCanvas) { markers = layer; }
  });
  return new L.ChainCanvas(data, markers, {pane: 'eventChains', padding: 0.1}).addTo(parent);
};
