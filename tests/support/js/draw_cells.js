// Draw the cell table `table` on a fresh layer, kept as `window.cells`, with the given
// smallest cell width on screen; resolves once it is drawn.
([table, colours, width]) => new Promise(done => {
  window.cells = L.eventCells(L.layerGroup().addTo(window.map), table, colours, width);
  setTimeout(done, 0);
})
