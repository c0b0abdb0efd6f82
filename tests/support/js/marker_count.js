// How many event markers the map holds: the canvas layer of static/js/event_markers.js
// keeps its data as `eventMarkers`; -1 before Leaflet and the map are up.
() => {
  if (!window.map || !window.L) return -1;
  let n = 0;
  window.map.eachLayer(l => { if (l.eventMarkers) n += l.eventMarkers.id.length; });
  return n;
}
