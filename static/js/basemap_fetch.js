// Basemap data by URL, for the dashboard (static/basemap, served by Streamlit).
// A failure is kept on `map.basemapErrors` and the basemap label says so. The
// offline export carries its basemap inline and leaves this file out, so the
// exported page holds no code that fetches anything.
L.basemapFetch = function (map, url, add) {
  return fetch(url)
    .then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    })
    .then(add)
    .catch(function (err) {
      map.basemapErrors = (map.basemapErrors || []).concat([url + ': ' + err.message]);
      map.fire('basemaperror');
      console.error('basemap layer failed', url, err);
    });
};
