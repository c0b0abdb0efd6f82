// Defines window.__eventsInWindow(w) in the page: the events on the map in a
// frame's window `w`, however drawn: the dashboard's marker canvas
// (`eventMarkers`), a bare CircleMarker (a plain folium map, not an L.Circle),
// or the count of the grid cells' events; -1 when `w` holds no Leaflet map.
// events_on_map.js and watch_map.js use it (browser_timing.py defines it first).
(function () {
  window.__eventsInWindow = function (w) {
    if (!w || !w.map || !w.L) return -1;
    let markers = 0, plain = 0, cells = null;
    w.map.eachLayer((l) => {
      if (l.eventCells) cells = l.eventCells.events;
      else if (l.eventMarkers) markers += l.eventMarkers.id.length;
      else if (l instanceof w.L.CircleMarker && !(l instanceof w.L.Circle)
               && !(l.options && l.options.cellCount !== undefined)) {
        plain++;
      }
    });
    return cells !== null ? cells : markers + plain;
  };
})();
