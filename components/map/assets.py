"""Serve the map's JavaScript and CSS from the app itself, and say so when they are missing.

Two kinds of script: Leaflet, pinned and downloaded (``static/vendor``), and
the project's own (``static/js``, in the repository). Both are files the page
loads once, listed on the map as folium's plugins list theirs (``default_js``);
the offline export (components/map/export.py) inlines the same files.

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

import functools
import re
from pathlib import Path

import folium
from folium.elements import JSCSSMixin

from assets.basemap_data import BASEMAP_FILES
from assets.fetch import DEFAULT_STATIC_DIR
from assets.manifest import MANIFEST_PATH, Manifest, load_manifest
from components.map.rawtext import script_json, script_safe

DEFAULT_VENDOR_URL = "/app/static/vendor"
DEFAULT_SCRIPTS_URL = "/app/static/js"
SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "static" / "js"
# The project's scripts every map page loads, in order (each needs Leaflet only).
MAP_SCRIPTS = (
    "basemap.js",
    "basemap_fetch.js",
    "event_markers.js",
    "event_cells.js",
    "event_chains.js",
    "playback.js",
)
# What the offline export inlines: no fetching, its basemap is in the page; and
# `window.map` named as streamlit-folium names it in the dashboard.
EXPORT_SCRIPTS = (
    "basemap.js",
    "event_markers.js",
    "event_cells.js",
    "event_chains.js",
    "export_page.js",
)
INSTALL_HINT = (
    "install them with `make assets` (or `python -m assets.fetch`), and run Streamlit with "
    "`--server.enableStaticServing=true`"
)
# folium's names for the Leaflet entries, kept so code looking them up still finds them.
_FOLIUM_NAMES = {"leaflet.js": "leaflet", "leaflet.css": "leaflet_css"}


class MapAssetsMissing(FileNotFoundError):
    """Files the map needs are not installed; the message names them and how to install."""


def current_manifest() -> Manifest:
    """assets/manifest.json, parsed again only when the file changes: every rerun asks for it."""
    return _parsed_manifest(MANIFEST_PATH, MANIFEST_PATH.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _parsed_manifest(path: Path, mtime_ns: int) -> Manifest:
    return load_manifest(path)


def browser_assets(
    base_url: str = DEFAULT_VENDOR_URL, manifest: Manifest | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (name, url) script and stylesheet lists a folium element's default_js/css take."""
    manifest = manifest or current_manifest()
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


def script_links(base_url: str = DEFAULT_SCRIPTS_URL) -> list[tuple[str, str]]:
    """The (name, url) list of the project's map scripts, served from ``static/js``."""
    base = base_url.rstrip("/")
    return [(f"map:{name}", f"{base}/{name}") for name in MAP_SCRIPTS]


def script_text(name: str) -> str:
    """One of the project's scripts, as the browser would fetch it."""
    path = SCRIPTS_DIR / name
    return _read_script(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _read_script(path: Path, mtime_ns: int) -> str:
    """The file's text, read again only when it changes (pages inline some on every rerun)."""
    return path.read_text(encoding="utf-8")


class MapScripts(JSCSSMixin):
    """The project's scripts on a map's asset list: the page loads them once.

    streamlit-folium loads every element's ``default_js`` when it mounts the
    map, so the base map carries this and each map update sends only data
    and one-line calls of the functions these files define.
    """

    default_js = script_links()

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapScripts"


def use_local_assets(base_url: str = DEFAULT_VENDOR_URL, scripts_url: str | None = None) -> None:
    """Point every folium map at the app's own copies of Leaflet and scripts, and nothing else.

    This sets class attributes, so it holds for the whole process: call it
    once at start-up (calling again is harmless). ``base_url`` is where
    ``static/vendor`` is served; behind ``server.baseUrlPath=/x`` it is
    ``/x/app/static/vendor``. ``scripts_url`` is where ``static/js`` is
    served, by default beside ``base_url``.
    """
    js, css = browser_assets(base_url)
    folium.Map.default_js = js
    folium.Map.default_css = css
    MapScripts.default_js = script_links(scripts_url or _beside(base_url, "js"))


def _beside(base_url: str, folder: str) -> str:
    """The URL of `folder` next to the one `base_url` names (``/app/static/vendor`` -> ``js``)."""
    parent = base_url.rstrip("/").rpartition("/")[0]
    return f"{parent}/{folder}"


def served_files(manifest: Manifest | None = None) -> list[str]:
    """Paths under ``static/`` that the browser fetches: Leaflet (with its images) and the basemap.

    The raw Natural Earth packages are install-time inputs only and are not listed.
    """
    manifest = manifest or current_manifest()
    files = [
        f"vendor/{package.folder}/{relative}"
        for package in manifest.packages
        if package.browser_js or package.browser_css
        for relative in package.files.values()
    ]
    if manifest.basemap:
        files += [f"basemap/{name}" for name in BASEMAP_FILES]
    return files + [f"js/{name}" for name in MAP_SCRIPTS]


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


_WATCHDOG_BOX = (
    '<div id="map-watchdog" role="alert" style="display:none;padding:0.75rem 1rem;'
    "border-radius:0.5rem;background:#fdecea;color:#7d1a12;border:1px solid #f5c2bd;"
    'font:14px/1.4 sans-serif"></div>'
)


def page_script(name: str, **constants) -> str:
    """A <script> that runs one of the project's files with `constants` declared before it.

    For scripts outside the map's iframe (st.html, st.iframe), which have no
    asset list: the file is inlined, in a block of its own, and each constant
    is JSON from `script_json`.
    """
    declared = ", ".join(f"{key} = {script_json(value)}" for key, value in constants.items())
    return f"<script>{{ const {declared};\n{script_safe(script_text(name))}}}</script>"


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
    if manifest is not None:
        return _watchdog_text(base_url, timeout_s, manifest)
    versions = (
        MANIFEST_PATH.stat().st_mtime_ns,
        (SCRIPTS_DIR / "map_watchdog.js").stat().st_mtime_ns,
    )
    return _current_watchdog_html(base_url, timeout_s, versions)


@functools.lru_cache(maxsize=8)
def _current_watchdog_html(base_url: str, timeout_s: float, _versions: tuple[int, int]) -> str:
    """The watchdog for the installed manifest, kept until it or the script changes."""
    return _watchdog_text(base_url, timeout_s, current_manifest())


def _watchdog_text(base_url: str, timeout_s: float, manifest: Manifest) -> str:
    js, css = browser_assets(base_url, manifest)
    urls = [url for _, url in js + css] + [url for _, url in script_links(_beside(base_url, "js"))]
    return _WATCHDOG_BOX + page_script(
        "map_watchdog.js",
        ASSETS=urls,
        TIMEOUT_MS=int(timeout_s * 1000),
        HINT="The app's maintainer can " + INSTALL_HINT + ".",
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
