// Grid cells that stand in for events when there are too many to draw one by
// one (components/map/cells.py builds the data). All levels arrive at once;
// the finest whose cells are at least `minPx` wide at the current zoom is
// shown, so zooming in brings detail without a rerun. A click on a cell zooms
// the map to that cell, and only that: cells sit in plain layer groups, which
// do not pass clicks on to the map component, so a click never reruns the app.
// The data stays on the parent layer (`eventCells`) so tests can read it.
//
// The page loads this file once; each map update sends only the data and one
// call of `L.eventCells`.

(function () {
  function day(value) {
    return value < 0 ? 'date unknown' : new Date(value * 864e5).toISOString().slice(0, 10);
  }

  // South-west and north-east corners of cell `i` of `level`: what a click zooms to.
  function bounds(level, i) {
    var size = level.size, south = level.iy[i] * size - 90, west = level.ix[i] * size - 180;
    return [[south, west], [south + size, west + size]];
  }

  // The tooltip of cell `i`: events, deaths and the dates they span.
  function tooltipHtml(level, i) {
    var n = level.n[i], first = day(level.d0[i]), last = day(level.d1[i]);
    return '<b>' + n.toLocaleString('en-US') + ' ' + (n === 1 ? 'event' : 'events') + '</b>, '
      + level.killed[i].toLocaleString('en-US') + ' killed<br>'
      + (first === last ? first : first + ' – ' + last);
  }

  L.eventCells = function (parent, d, colors, minPx) {
    var renderer = L.canvas({padding: 0.5, tolerance: 2});
    var shown = L.layerGroup(), built = {}, current = -1, map = null;
    parent.eventCells = d;

    function build(k) {
      var level = d.levels[k], size = level.size, group = L.layerGroup();
      var most = Math.max.apply(null, level.n);
      for (var i = 0; i < level.n.length; i++) {
        var corners = bounds(level, i);
        var color = colors[d.sides[level.side[i]]] || colors.other;
        var circle = L.circleMarker([corners[0][0] + size / 2, corners[0][1] + size / 2], {
          renderer: renderer, radius: 4 + 16 * Math.sqrt(level.n[i] / most),
          color: '#fff', weight: 1.5, fillColor: color, fillOpacity: 0.75,
          cellCount: level.n[i], cellLevel: k, cellBounds: corners
        });
        circle.bindTooltip(tooltipHtml(level, i), {direction: 'top', offset: [0, -6]});
        circle.on('click', zoomTo);
        group.addLayer(circle);
      }
      return group;
    }
    function zoomTo(e) {
      if (map) { map.fitBounds(e.target.options.cellBounds); }
    }
    function levelFor(zoom) {
      for (var k = d.levels.length - 1; k > 0; k--) {
        if (d.levels[k].size * 256 * Math.pow(2, zoom) / 360 >= minPx) { return k; }
      }
      return 0;
    }
    function show() {
      if (!map || !d.levels.length) { return; }
      var k = levelFor(map.getZoom());
      if (k === current) { return; }
      shown.clearLayers();
      built[k] = built[k] || build(k);
      shown.addLayer(built[k]);
      current = k;
    }
    function attach(target) {
      if (map || !target) { return; }
      map = target;
      map.on('zoomend', show);
      // After the current script: streamlit-folium then binds its own click
      // handler (which reruns the app) to every layer already on the map.
      setTimeout(show, 0);
    }
    parent.on('add', function () { attach(parent._map); });
    parent.on('remove', function () {
      if (map) { map.off('zoomend', show); }
      map = null;
      current = -1;
    });
    shown.addTo(parent);
    attach(parent._map);
    return shown;
  };
  L.eventCells.bounds = bounds;
  L.eventCells.tooltipHtml = tooltipHtml;
})();
