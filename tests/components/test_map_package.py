"""The map package's layout holds: builders and export without Streamlit, data-only updates."""

from __future__ import annotations

import json
import subprocess
import sys

import folium
import pytest

from components.map import assembly, assets
from tests.support import ROOT


@pytest.mark.slow
@pytest.mark.parametrize(
    "module",
    [
        "components.map.export",
        "components.map.assembly",
        "components.map.basemap",
        "components.map.legend",
    ],
)
def test_builders_and_the_export_do_not_import_streamlit(module):
    """The offline export runs in scripts and notebooks with no Streamlit runtime."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print('streamlit' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_every_project_script_is_in_the_repository_and_listed():
    on_disk = sorted(path.name for path in assets.SCRIPTS_DIR.glob("*.js"))
    listed = {*assets.MAP_SCRIPTS, *assets.EXPORT_SCRIPTS, "map_watchdog.js", "share_link.js"}
    assert sorted(listed) == on_disk
    ignored = subprocess.run(
        ["git", "check-ignore", *(f"static/js/{name}" for name in on_disk)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout == ""  # none of them is git-ignored


def test_a_map_update_carries_data_and_calls_not_the_scripts():
    from benchmarks.synthetic import generate
    from events import load_events

    events = load_events(generate(400, seed=5).to_csv(index=False).encode()).events
    group = assembly.event_layer(events, selected=events["event_id"].iloc[0])
    m = folium.Map(tiles=None)
    group.add_to(m)
    script = m.get_root().render()
    code = assets.script_text("event_markers.js")
    assert "L.eventMarkers(" in script
    assert "L.Canvas.extend" in code and "L.Canvas.extend" not in script
    assert "_markerAt" not in script and "toGeoJSON" not in script


def test_script_json_cannot_end_or_break_a_script_and_reads_back_the_same():
    from components.map.rawtext import script_json

    value = {"place": "</script><!-- & \u2028\u2029 {% raw %} {{ 7 * 7 }}", "n": [1, None]}
    text = script_json(value)
    for character in "<>&\u2028\u2029":
        assert character not in text
    assert json.loads(text) == value


def test_a_call_renders_its_data_as_text_never_as_a_template():
    from components.map.markers import EventMarkers
    from components.map.rawtext import script_json

    m = folium.Map(tiles=None)
    group = folium.FeatureGroup().add_to(m)
    EventMarkers(script_json({"id": ["{% if %}"], "places": ["{{ 7 * 7 }}"]})).add_to(group)
    html = m.get_root().render()
    assert '{"id":["{% if %}"],"places":["{{ 7 * 7 }}"]}' in html  # left as it was
