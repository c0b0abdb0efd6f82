// Draw the cell table `table` on a fresh layer; once drawn, each circle's
// [count, bounds, tooltip], smallest count first.
([table, colours]) => {
  const parent = L.layerGroup().addTo(window.map);
  L.eventCells(parent, table, colours, 28);
  return new Promise(done => setTimeout(() => {
    const found = [];
    window.map.eachLayer(l => {
      const o = l.options;
      if (o && o.cellBounds) {
        found.push([o.cellCount, o.cellBounds, l.getTooltip().getContent()]);
      }
    });
    done(found.sort((a, b) => a[0] - b[0]));
  }, 0));
}
