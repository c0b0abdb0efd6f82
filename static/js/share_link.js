// The copy-link control (components/share.py): the link box shows the page's
// URL with the map's live centre and zoom, read from streamlit-folium's iframe,
// and the button copies it. The page inlines this file in a block that
// declares SERVER_QUERY (the query string the app wrote), CENTER_PARAM and
// ZOOM_PARAM (the URL keys of the map's position).

/* global SERVER_QUERY, CENTER_PARAM, ZOOM_PARAM */
(function () {
  function liveLink() {
    let page, params;
    try {
      const loc = window.parent.location;
      page = loc.origin + loc.pathname;
      params = new URLSearchParams(loc.search || SERVER_QUERY);
    } catch (e) {
      page = ""; params = new URLSearchParams(SERVER_QUERY);
    }
    try {
      const frame = window.parent.document.querySelector(
        'iframe[title="streamlit_folium.st_folium"]');
      const map = frame && frame.contentWindow && frame.contentWindow.map;
      if (map) {
        const c = map.getCenter();
        params.set(CENTER_PARAM, c.lat.toFixed(4) + "," + c.lng.toFixed(4));
        params.set(ZOOM_PARAM, String(map.getZoom()));
      }
    } catch (e) { /* the map is not there yet: the link keeps the server's view */ }
    const query = params.toString();
    return page + (query ? "?" + query : "");
  }
  const box = document.getElementById("link");
  function refresh() { if (document.activeElement !== box) box.value = liveLink(); }
  refresh();
  setInterval(refresh, 1000);
  document.getElementById("copy").addEventListener("click", async () => {
    box.value = liveLink();
    box.select();
    let done = false;
    try { await navigator.clipboard.writeText(box.value); done = true; }
    catch (e) { try { done = document.execCommand("copy"); } catch (e2) { /* no clipboard */ } }
    document.getElementById("note").textContent = done
      ? "Copied. Anyone with the link sees this view."
      : "Select the link and copy it (Ctrl+C / Cmd+C).";
  });
})();
