// How the map in one of the page's frames draws its events now: "cells" (the
// grid layer, `eventCells`), "markers" (the marker canvas, `eventMarkers`),
// or null when no frame holds a map with either.
() => {
  for (const frame of document.querySelectorAll("iframe")) {
    let layer = null;
    try {
      const w = frame.contentWindow;
      if (!w || !w.map) continue;
      w.map.eachLayer((l) => {
        if (l.eventCells) layer = "cells";
        else if (l.eventMarkers && layer === null) layer = "markers";
      });
    } catch { layer = null; }
    if (layer !== null) return layer;
  }
  return null;
}
