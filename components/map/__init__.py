"""The event map, one module per job; the browser side is in static/js/.

- `markers`: the events as columns for the marker canvas (event_markers.js).
- `cells`: events counted in grid cells when too many are in view (event_cells.js).
- `basemap`: the offline vector basemap, optional online tiles, the status label (basemap.js).
- `legend`: the legend under the map.
- `assets`: the files the page loads (Leaflet, the project's scripts) and the checks
  that they can be served; scripts outside the map (watchdog, share link) inlined.
- `rawtext`: how data enters the page: `script_json`, raw text, one-line `ScriptCall`s.
- `assembly`: the base map and the event layer put together.
- `export`: the same map as one offline HTML file.
- `widget`: the map in the dashboard (st_folium); the only module that imports Streamlit.
"""
