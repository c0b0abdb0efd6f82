// What the offline map shows: its circle markers, the basemap's land, water and label
// elements, the labels visible, the basemap's state and status line, and the background.
() => {
  if (!window.map || !window.L) return null;
  let circles = [];
  window.map.eachLayer(l => { if (l instanceof L.CircleMarker) circles.push(
      [l.getLatLng().lat, l.getLatLng().lng]); });
  const count = sel => document.querySelectorAll(sel).length;
  return {
    circles: circles,
    land: count(".leaflet-basemapLand-pane svg path"),
    water: count(".leaflet-basemapWater-pane svg path"),
    labels: count(".leaflet-basemapLabels-pane .bm-place"),
    visibleLabels: Array.from(document.querySelectorAll(".leaflet-basemapLabels-pane .bm-place"))
        .filter(e => e.offsetParent !== null).map(e => e.textContent),
    state: window.map.basemapState,
    status: (document.querySelector(".bm-which") || {}).textContent,
    background: getComputedStyle(window.map.getContainer()).backgroundColor,
  };
}
