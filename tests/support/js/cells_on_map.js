// Drawn cells as (count in the frame, or all; tooltip) for each circle on the map,
// west to east: their tooltips.
() => {
  const found = [];
  window.map.eachLayer(l => {
    const o = l.options;
    if (o && o.cellBounds) found.push([l.getLatLng().lng, l.getTooltip().getContent()]);
  });
  return found.sort((a, b) => a[0] - b[0]).map(x => x[1]);
}
