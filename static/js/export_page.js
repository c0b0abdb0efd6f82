// For the offline HTML export only (components/map/export.py): `window.map`
// names the Leaflet map, as streamlit-folium does in the dashboard, so scripts
// and tests find it the same way in both.
L.exposeMap = function (map) {
  window.map = map;
  return map;
};
