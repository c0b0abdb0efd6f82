"""Run the dashboard headless with Streamlit's AppTest, and read what it shows.

The map's events are read from the very data the browser would receive
(the feature group's script), so a test counts what a user would see.
"""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from tests.support.browser import ROOT

APP = str(ROOT / "app.py")
# An update calls `L.eventMarkers(layer, data, selected, colors)` (static/js/event_markers.js)
# with compact JSON, so ", " only separates the arguments.
_MARKER_CALL = re.compile(r"L\.eventMarkers\(\w+, (\{.*?\}), (null|\"(?:[^\"\\]|\\.)*\"), \{")


def run_app(query: dict[str, str | list[str]] | None = None, timeout: float = 60) -> AppTest:
    """Start the app (with `query` as its URL's query string) and check it raised nothing."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def summary(at: AppTest) -> str:
    """The line above the map, as the reader sees it (Markdown escapes removed)."""
    line = next(m.value for m in at.markdown if re.search(r"\d+ (of \d+ )?events?", m.value))
    return re.sub(r"\\(.)", r"\1", line).strip("*")


def marker_ids(at: AppTest) -> list[str]:
    """The event ids the map layer draws, read from the data the browser receives."""
    component = at.get("component_instance")[0]
    script = json.loads(component.proto.json_args)["feature_group"]
    return json.loads(_MARKER_CALL.search(script).group(1))["id"]


def selected_marker(at: AppTest) -> str | None:
    """The event the map layer draws as selected, from the same data."""
    component = at.get("component_instance")[0]
    script = json.loads(component.proto.json_args)["feature_group"]
    return json.loads(_MARKER_CALL.search(script).group(2))


def markers(at: AppTest) -> int:
    return len(marker_ids(at))


def problems_expander(at: AppTest):
    """The "Data problems" expander, or None when the data has none."""
    found = [e for e in at.expander if e.label.startswith("Data problems")]
    return found[0] if found else None


_CHAIN_CALL = re.compile(r"L\.eventChains\(\w+, (\{.*\})\);")


def plain(markdown: str) -> str:
    """Markdown as read: the escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def chain_data(at: AppTest) -> dict | None:
    """What the chains layer receives: its columns, the lit events, whether it veils the rest."""
    script = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
    found = _CHAIN_CALL.search(script)
    return json.loads(found.group(1)) if found else None
