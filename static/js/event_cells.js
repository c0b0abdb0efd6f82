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
//
// Playback (playback.js) steps cells too: the data's `play` index names the
// finest cell of every event, in day order, so `setDayWindow` recounts each
// cell for the frame's days in the browser (a prefix of that index, a few
// milliseconds at 100,000 events) and redraws the cells' canvas only. A cell
// with no event in the frame is taken off the map; the others are sized
// against the frame's largest cell, and their tooltips give both counts.

(function () {
  function day(value) {
    return value < 0 ? 'date unknown' : new Date(value * 864e5).toISOString().slice(0, 10);
  }

  // South-west and north-east corners of cell `i` of `level`: what a click zooms to.
  function bounds(level, i) {
    var size = level.size, south = level.iy[i] * size - 90, west = level.ix[i] * size - 180;
    return [[south, west], [south + size, west + size]];
  }

  // The tooltip of cell `i`: events, deaths and the dates they span; during
  // playback, first how many of its events the frame shows (`inFrame`).
  function tooltipHtml(level, i, inFrame) {
    var n = level.n[i], first = day(level.d0[i]), last = day(level.d1[i]);
    var head = inFrame === undefined || inFrame === null ? ''
      : '<b>' + inFrame.toLocaleString('en-US') + ' in this frame</b>, of ';
    return head + '<b>' + n.toLocaleString('en-US') + ' ' + (n === 1 ? 'event' : 'events')
      + '</b>, ' + level.killed[i].toLocaleString('en-US') + ' killed<br>'
      + (first === last ? first : first + ' – ' + last);
  }

  // The `play` index decoded: cumulative event counts by day, and each
  // event's finest cell (little-endian 16-bit integers in base64).
  function decodeIndex(play) {
    var bytes = window.atob(play.cell), cell = new Uint16Array(bytes.length >> 1);
    for (var e = 0; e < cell.length; e++) {
      cell[e] = bytes.charCodeAt(2 * e) | (bytes.charCodeAt(2 * e + 1) << 8);
    }
    var starts = new Int32Array(play.len.length + 1);
    for (var k = 0; k < play.len.length; k++) { starts[k + 1] = starts[k] + play.len[k]; }
    return {days: play.days, starts: starts, cell: cell};
  }

  // The first position in the sorted `days` whose day is at least `wanted`.
  function firstAtLeast(days, wanted) {
    var lo = 0, hi = days.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (days[mid] < wanted) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  L.eventCells = function (parent, d, colors, minPx) {
    var renderer = L.canvas({padding: 0.5, tolerance: 2});
    var shown = L.layerGroup(), built = {}, current = -1, map = null;
    var index = d.play && d.levels.length ? decodeIndex(d.play) : null;
    var finest = d.levels.length - 1, ups = {}, dayWindow = null, frame = null, inFrame = 0;
    parent.eventCells = d;

    function radius(count, most) { return 4 + 16 * Math.sqrt(count / Math.max(most, 1)); }
    function build(k) {
      var level = d.levels[k], size = level.size, group = L.layerGroup(), circles = [];
      var most = Math.max.apply(null, level.n);
      for (var i = 0; i < level.n.length; i++) {
        var corners = bounds(level, i);
        var color = colors[d.sides[level.side[i]]] || colors.other;
        var circle = L.circleMarker([corners[0][0] + size / 2, corners[0][1] + size / 2], {
          renderer: renderer, radius: radius(level.n[i], most),
          color: '#fff', weight: 1.5, fillColor: color, fillOpacity: 0.75,
          cellCount: level.n[i], cellLevel: k, cellBounds: corners, cellIndex: i
        });
        circle.bindTooltip(tooltipHtml(level, i), {direction: 'top', offset: [0, -6]});
        circle.on('click', zoomTo);
        group.addLayer(circle);
        circles.push(circle);
      }
      group.circles = circles;
      group.onMap = circles.map(function () { return true; });
      return group;
    }
    // For each finest cell, the cell of level `k` that holds it (the grids nest).
    function upTo(k) {
      if (ups[k]) { return ups[k]; }
      var fine = d.levels[finest], level = d.levels[k], ratio = Math.round(level.size / fine.size);
      var at = {}, up = new Int32Array(fine.n.length);
      for (var i = 0; i < level.n.length; i++) { at[level.iy[i] + ',' + level.ix[i]] = i; }
      for (var j = 0; j < fine.n.length; j++) {
        up[j] = at[Math.floor(fine.iy[j] / ratio) + ',' + Math.floor(fine.ix[j] / ratio)];
      }
      ups[k] = up;
      return up;
    }
    function levelCounts(k) {
      if (!frame || k < 0) { return null; }
      if (k === finest) { return frame; }
      var up = upTo(k), counts = new Int32Array(d.levels[k].n.length);
      for (var j = 0; j < frame.length; j++) { counts[up[j]] += frame[j]; }
      return counts;
    }
    // Size and show the circles of the level on screen for the frame (or for all events).
    function paint() {
      if (current < 0 || !built[current]) { return; }
      var group = built[current], level = d.levels[current], counts = levelCounts(current);
      var most = 0, i;
      for (i = 0; i < level.n.length; i++) { most = Math.max(most, counts ? counts[i] : level.n[i]); }
      for (i = 0; i < group.circles.length; i++) {
        var count = counts ? counts[i] : level.n[i], circle = group.circles[i];
        if (count > 0) {
          circle.setRadius(radius(count, most));
          circle.setTooltipContent(tooltipHtml(level, i, counts ? count : null));
          if (!group.onMap[i]) { group.addLayer(circle); group.onMap[i] = true; }
        } else if (group.onMap[i]) {
          group.removeLayer(circle); group.onMap[i] = false;
        }
      }
    }
    // Count only events dated from day `first` to day `last` (both included;
    // `null` counts them all again); returns how many events the frame holds.
    shown.setDayWindow = function (first, last) {
      dayWindow = first === null || first === undefined ? null : [first, last];
      frame = null; inFrame = d.events;
      if (dayWindow && index) {
        var lo = index.starts[firstAtLeast(index.days, dayWindow[0])];
        var hi = index.starts[firstAtLeast(index.days, dayWindow[1] + 1)];
        frame = new Int32Array(d.levels[finest].n.length);
        for (var e = lo; e < hi; e++) { frame[index.cell[e]]++; }
        inFrame = hi - lo;
      }
      paint();
      return inFrame;
    };
    shown.shownCount = function () { return inFrame; };
    shown.totalCount = function () { return d.events; };
    // The first and last known day of the events, or null.
    shown.daySpan = function () {
      if (!index) { return null; }
      var known = index.days.filter(function (v) { return v >= 0; });
      return known.length ? [known[0], known[known.length - 1]] : null;
    };
    shown.eventCells = d;
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
      paint();
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
