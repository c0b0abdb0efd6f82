// What an update does in the dashboard: one call with the data (a `marker_table`), on a
// fresh layer, kept as `window.layer`.
([data, colours]) => {
  window.layer = L.eventMarkers(L.layerGroup().addTo(window.map), data, null, colours);
}
