"""The copy-link control: a link that reopens exactly this view.

Filters, dates and the selected event are in the query string the app writes.
The map's centre and zoom change without a rerun (panning must stay cheap), so
the control reads them from the live map when the link is shown or copied.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from components.map.assets import page_script
from events.link_length import fit_query
from events.links import PARAM_CENTER, PARAM_ZOOM, to_query_params
from events.view import ViewState

SHARE_HEIGHT = 92


def share_query(view: ViewState, dataset_key: str = "") -> str:
    """The query string for `view`, as the app writes it (leading '?' or empty)."""
    return _share_query(view, dataset_key)[0]


def _share_query(view: ViewState, dataset_key: str) -> tuple[str, list[str]]:
    params = to_query_params(view)
    if dataset_key:
        params["data"] = dataset_key
    params, left_out = fit_query(params)
    query = urlencode(params, doseq=True)
    return (f"?{query}" if query else ""), left_out


def left_out_note(left_out: list[str]) -> str | None:
    """What a too-long view's link does not carry, in words (None when it carries all)."""
    if not left_out:
        return None
    names = ", ".join(f"'{key}'" for key in left_out)
    return (
        f"This view is too long for a link: the link leaves out the {names} filter "
        "(too many values). Narrow it to share the whole view."
    )


def share_html(query: str) -> str:
    """A read-only link box and a copy button; the script (static/js/share_link.js) only reads."""
    fallback = html.escape(query, quote=True)
    script = page_script(
        "share_link.js", SERVER_QUERY=query, CENTER_PARAM=PARAM_CENTER, ZOOM_PARAM=PARAM_ZOOM
    )
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
{script}
"""


def render_share(view: ViewState, dataset_key: str = "") -> None:
    query, left_out = _share_query(view, dataset_key)
    st.iframe(share_html(query), height=SHARE_HEIGHT)
    note = left_out_note(left_out)
    if note:
        st.caption(note)
