// Draw the markers `data` with event `selected` selected: the radius of the first three.
([data, selected, colours]) => {
  const layer = L.eventMarkers(L.layerGroup().addTo(window.map), data, selected, colours);
  return [0, 1, 2].map(i => layer._style(i).radius);
}
