// Where the largest drawn cell sits in the map frame, in pixels (null: no cell drawn).
() => {
  let best = null;
  window.map.eachLayer(l => {
    if (l.options && l.options.cellCount !== undefined && l._point
        && (!best || l.options.cellCount > best.options.cellCount)) best = l;
  });
  if (!best) return null;
  const p = window.map.layerPointToContainerPoint(best._point);
  return [p.x, p.y];
}
