"""The copy-link control: a link that reopens exactly this view.

Filters, dates and the selected event are in the query string the app writes.
The map's centre and zoom change without a rerun (panning must stay cheap), so
the control reads them from the live map when the link is shown or copied.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlencode

import streamlit as st

from events.links import PARAM_CENTER, PARAM_ZOOM, to_query_params
from events.view import ViewState

SHARE_HEIGHT = 92


def share_query(view: ViewState, dataset_key: str = "") -> str:
    """The query string for `view`, as the app writes it (leading '?' or empty)."""
    params = to_query_params(view)
    if dataset_key:
        params["data"] = dataset_key
    query = urlencode(params, doseq=True)
    return f"?{query}" if query else ""


def share_html(query: str) -> str:
    """A read-only link box and a copy button; the script only reads locations."""
    fallback = html.escape(query, quote=True)
    return f"""
<div style="font:14px system-ui,sans-serif;display:flex;gap:6px;align-items:center">
  <input id="link" readonly value="{fallback}" aria-label="Link to this view"
    style="flex:1;min-width:0;padding:6px;border:1px solid #ccc;border-radius:6px;
    font:13px ui-monospace,monospace;color:#222;background:#fafafa">
  <button id="copy" style="padding:6px 12px;border-radius:6px;border:1px solid #b03a2e;
    background:#b03a2e;color:#fff;cursor:pointer">Copy link</button>
</div>
<div id="note" style="font:12px system-ui,sans-serif;color:#555;margin-top:4px">
  The link includes the filters, the selected event and the map's position.</div>
<script>
const serverQuery = {json.dumps(query)};
function liveLink() {{
  let page, params;
  try {{
    const loc = window.parent.location;
    page = loc.origin + loc.pathname;
    params = new URLSearchParams(loc.search || serverQuery);
  }} catch (e) {{
    page = ""; params = new URLSearchParams(serverQuery);
  }}
  try {{
    const frame = window.parent.document.querySelector(
      'iframe[title="streamlit_folium.st_folium"]');
    const map = frame && frame.contentWindow && frame.contentWindow.map;
    if (map) {{
      const c = map.getCenter();
      params.set({json.dumps(PARAM_CENTER)}, c.lat.toFixed(4) + "," + c.lng.toFixed(4));
      params.set({json.dumps(PARAM_ZOOM)}, String(map.getZoom()));
    }}
  }} catch (e) {{ /* the map is not there yet: the link keeps the server's view */ }}
  const query = params.toString();
  return page + (query ? "?" + query : "");
}}
const box = document.getElementById("link");
function refresh() {{ if (document.activeElement !== box) box.value = liveLink(); }}
refresh();
setInterval(refresh, 1000);
document.getElementById("copy").addEventListener("click", async () => {{
  box.value = liveLink();
  box.select();
  let done = false;
  try {{ await navigator.clipboard.writeText(box.value); done = true; }}
  catch (e) {{ try {{ done = document.execCommand("copy"); }} catch (e2) {{}} }}
  document.getElementById("note").textContent = done
    ? "Copied. Anyone with the link sees this view."
    : "Select the link and copy it (Ctrl+C / Cmd+C).";
}});
</script>
"""


def render_share(view: ViewState, dataset_key: str = "") -> None:
    st.iframe(share_html(share_query(view, dataset_key)), height=SHARE_HEIGHT)
