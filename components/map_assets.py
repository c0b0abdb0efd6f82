"""Serve the map's JavaScript and CSS from the app itself, and say so when they are missing.

folium points every map at public CDNs (jsdelivr, code.jquery.com, bootstrap,
cdnjs) and streamlit-folium loads them one after another inside its iframe; if
one fails the iframe stays 0 px tall, a grey box with no error. The app instead
serves the pinned copies that ``python -m assets.fetch`` put under
``static/vendor`` through Streamlit's static serving
(``server.enableStaticServing = true`` serves ``./static/*`` at ``/app/static/``).

Our map draws with Leaflet alone (vector layers, ``L.divIcon``), so folium's
jQuery, Bootstrap, Font Awesome and awesome-markers are dropped, not moved.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium

from assets.basemap_data import BASEMAP_FILES
from assets.fetch import DEFAULT_STATIC_DIR
from assets.manifest import Manifest, load_manifest

DEFAULT_VENDOR_URL = "/app/static/vendor"
INSTALL_HINT = (
    "install them with `make assets` (or `python -m assets.fetch`), and run Streamlit with "
    "`--server.enableStaticServing=true`"
)
# folium's names for the Leaflet entries, kept so code looking them up still finds them.
_FOLIUM_NAMES = {"leaflet.js": "leaflet", "leaflet.css": "leaflet_css"}


class MapAssetsMissing(FileNotFoundError):
    """Files the map needs are not installed; the message names them and how to install."""


def browser_assets(
    base_url: str = DEFAULT_VENDOR_URL, manifest: Manifest | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (name, url) script and stylesheet lists a folium element's default_js/css take."""
    manifest = manifest or load_manifest()
    base = base_url.rstrip("/")
    js, css = [], []
    for package in manifest.packages:
        for relative in package.browser_js:
            name = _FOLIUM_NAMES.get(relative, f"{package.name}:{relative}")
            js.append((name, f"{base}/{package.folder}/{relative}"))
        for relative in package.browser_css:
            name = _FOLIUM_NAMES.get(relative, f"{package.name}:{relative}")
            css.append((name, f"{base}/{package.folder}/{relative}"))
    return js, css


def use_local_assets(base_url: str = DEFAULT_VENDOR_URL) -> None:
    """Point every folium map at the app's own copies of Leaflet, and at nothing else.

    This sets class attributes, so it holds for the whole process: call it
    once at start-up (calling again is harmless). ``base_url`` is where
    ``static/vendor`` is served; behind ``server.baseUrlPath=/x`` it is
    ``/x/app/static/vendor``.
    """
    js, css = browser_assets(base_url)
    folium.Map.default_js = js
    folium.Map.default_css = css


def served_files(manifest: Manifest | None = None) -> list[str]:
    """Paths under ``static/`` that the browser fetches: Leaflet (with its images) and the basemap.

    The raw Natural Earth packages are install-time inputs only and are not listed.
    """
    manifest = manifest or load_manifest()
    files = [
        f"vendor/{package.folder}/{relative}"
        for package in manifest.packages
        if package.browser_js or package.browser_css
        for relative in package.files.values()
    ]
    if manifest.basemap:
        files += [f"basemap/{name}" for name in BASEMAP_FILES]
    return files


# A call of jQuery's `$` function or one of its methods; `${` in template literals does not match.
_JQUERY_CALL = re.compile(r"(?<![\w$])\$(?:\(|\.\w)")


def jquery_calls(m: folium.Map) -> list[str]:
    """Snippets of the map's rendered HTML that call jQuery, which the offline map does not load.

    Some folium elements still use it: ``folium.Popup`` (so any ``popup=`` on a
    marker), ``GeoJson(embed=False)`` and ``Map.keep_in_front``. Use
    ``GeoJsonPopup``/``GeoJsonTooltip`` or ``Tooltip`` instead, or pin
    ``jquery`` in assets/manifest.json (its ``browser_js`` is then loaded too).
    """
    html = m.get_root().render()
    return [
        html[max(0, hit.start() - 40) : hit.end() + 40].strip()
        for hit in _JQUERY_CALL.finditer(html)
    ]


def missing_assets(static_dir: Path = DEFAULT_STATIC_DIR) -> list[str]:
    """Files the map needs that are absent, as paths relative to ``static_dir``."""
    return [path for path in served_files() if not (static_dir / path).is_file()]


def require_assets(static_dir: Path = DEFAULT_STATIC_DIR) -> None:
    """Raise MapAssetsMissing, naming the first missing files, unless all are installed."""
    missing = missing_assets(static_dir)
    if missing:
        shown = ", ".join(missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        )
        raise MapAssetsMissing(
            f"The map cannot be drawn: {shown} missing under {static_dir}; {INSTALL_HINT}."
        )


def static_serving_enabled() -> bool:
    """Whether Streamlit serves ./static at /app/static, without which the assets 404."""
    import streamlit as st

    return bool(st.get_option("server.enableStaticServing"))


# The watchdog runs in the page (st.html, not an iframe): it can see
# streamlit-folium's iframe, which stays 0 px when a script fails, and it can
# ask the server whether the assets are there to say why.
_WATCHDOG_TEMPLATE = """
<div id="map-watchdog" role="alert" style="display:none;padding:0.75rem 1rem;border-radius:0.5rem;
background:#fdecea;color:#7d1a12;border:1px solid #f5c2bd;font:14px/1.4 sans-serif"></div>
<script>
(function () {
  var ASSETS = __ASSETS__, TIMEOUT_MS = __TIMEOUT_MS__, HINT = __HINT__;
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
</script>
"""


def map_watchdog_html(
    base_url: str = DEFAULT_VENDOR_URL, timeout_s: float = 20.0, manifest: Manifest | None = None
) -> str:
    """HTML+JS that turns a map which never appears into a visible error message.

    It asks the server for each asset (HEAD) and reports those that fail at
    once; otherwise it waits up to ``timeout_s`` for streamlit-folium's iframe
    to expose ``window.map``, which streamlit-folium sets only after every
    script loaded and the map script ran to its end, and says the map failed
    if it does not. The text is fixed for a given base URL so reruns leave the
    element untouched. Render it only on pages that draw a map.
    """
    js, css = browser_assets(base_url, manifest)
    urls = [url for _, url in js + css]
    return (
        _WATCHDOG_TEMPLATE.replace("__ASSETS__", json.dumps(urls))
        .replace("__TIMEOUT_MS__", str(int(timeout_s * 1000)))
        .replace("__HINT__", json.dumps("The app's maintainer can " + INSTALL_HINT + "."))
    )


def render_map_assets_check(static_dir: Path = DEFAULT_STATIC_DIR) -> bool:
    """Show an st.error and return False when the map's assets cannot be served."""
    import streamlit as st

    problems = []
    try:
        require_assets(static_dir)
    except MapAssetsMissing as err:
        problems.append(str(err))
    if not static_serving_enabled():
        problems.append(
            "The map cannot be drawn: Streamlit's static file serving is off, so "
            "/app/static/vendor answers 404; run Streamlit with "
            "`--server.enableStaticServing=true` (or set it in .streamlit/config.toml)."
        )
    for problem in problems:
        st.error(problem, icon=":material/map:")
    return not problems


def render_map_watchdog(base_url: str = DEFAULT_VENDOR_URL, timeout_s: float = 20.0) -> None:
    """Place the watchdog right after the map so its message appears where the map should be."""
    import streamlit as st

    st.html(map_watchdog_html(base_url, timeout_s), unsafe_allow_javascript=True)
