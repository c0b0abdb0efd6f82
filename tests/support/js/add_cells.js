// Add the cells of `table` to the map on a fresh layer, `px` their smallest width on
// screen; the layer L.eventCells returns.
([table, colours, px]) => L.eventCells(L.layerGroup().addTo(window.map), table, colours, px)
