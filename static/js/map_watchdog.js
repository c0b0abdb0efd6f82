// Turns a map that never appears into a visible message (components/map/assets.py).
// It runs in the page (st.html, not an iframe): it can see streamlit-folium's
// iframe, which stays 0 px tall when a script fails, and it can ask the server
// whether the assets are there to say why. The page inlines this file in a
// block that declares ASSETS (the URLs to probe), TIMEOUT_MS and HINT.

/* global ASSETS, TIMEOUT_MS, HINT */
(function () {
  var box = document.getElementById("map-watchdog");
  if (!box || box.dataset.started) return;
  box.dataset.started = "1";
  var started = Date.now();
  function show(text) { box.textContent = text; box.style.display = "block"; }
  function mapFrames() {
    return document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
  }
  function mapIsUp() {
    var frames = mapFrames();
    for (var i = 0; i < frames.length; i++) {
      try {
        var w = frames[i].contentWindow;
        if (w && w.map) return true;
      } catch (e) { /* another origin: cannot look inside */ }
    }
    return false;
  }
  function probeAssets() {
    return Promise.all(ASSETS.map(function (url) {
      return fetch(url, {method: "HEAD", cache: "no-store"})
        .then(function (r) { return r.ok ? null : url + " (HTTP " + r.status + ")"; })
        .catch(function (e) { return url + " (" + e.message + ")"; });
    })).then(function (r) { return r.filter(Boolean); });
  }
  probeAssets().then(function (bad) {
    if (bad.length) {
      show("The map cannot load its scripts: " + bad.join(", ") + ". " + HINT);
      window.__mapWatchdog = "assets-missing";
    }
  });
  var timer = setInterval(function () {
    if (mapIsUp()) {
      clearInterval(timer);
      box.style.display = "none";
      window.__mapWatchdog = "ok";
      return;
    }
    if (Date.now() - started > TIMEOUT_MS) {
      clearInterval(timer);
      if (window.__mapWatchdog === "assets-missing") return;
      window.__mapWatchdog = "timeout";
      show("The map did not start within " + Math.round(TIMEOUT_MS / 1000) + " s. A script inside "
        + "it failed to load or run; the browser console names it. " + HINT);
    }
  }, 250);
})();
