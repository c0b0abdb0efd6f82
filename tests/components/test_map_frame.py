"""The map widget sends what st_folium would, with the base map worked out once per start.

The parity tests call the real st_folium on a freshly built map and record
what it hands to the component, then compare that with what the widget
sends for the same start and layer: every argument, byte for byte.
"""

from __future__ import annotations

import folium
import pytest
import streamlit_folium

from benchmarks.synthetic import generate
from components import state
from components.map import assembly, assets, cells, widget
from components.map.basemap import add_basemap
from components.map.chains import EventChains
from components.map.rawtext import script_json
from events import load_events
from events.colouring import colouring_for
from tests.support import DATA

RETURNED = ["last_active_drawing"]


@pytest.fixture(scope="module")
def bundled():
    return load_events(DATA / "events.csv").events


@pytest.fixture
def recorded(monkeypatch):
    """What st_folium passes to the component, call by call (its callback left out)."""
    calls = []

    def record(**kwargs):
        kwargs.pop("on_change")
        calls.append(kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", record)
    return calls


def st_folium_args(recorded, start, layer, basemap=add_basemap, center=None, returned=RETURNED):
    (middle, zoom, bounds) = start
    streamlit_folium.st_folium(
        assembly.base_map(middle, zoom, basemap, fit_bounds=bounds),
        key=state.MAP,
        height=assembly.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layer,
        center=center,
        returned_objects=returned,
    )
    return recorded.pop()


def widget_args(start, layer, basemap=add_basemap, center=None, returned=RETURNED):
    frame = widget.map_frame(*start, basemap, state.MAP)
    return widget.component_args(frame, layer, center=center, returned_objects=returned)


def layers(events, selected=None, chains=None, colouring=None):
    """Two equal event layers: st_folium renders (and so changes) the one it is given."""
    return tuple(
        assembly.event_layer(events, selected, chains=chains, colouring=colouring) for _ in "ab"
    )


def test_the_widget_sends_what_st_folium_sends_for_the_bundled_view(bundled, recorded):
    start = assembly.start_fit(bundled)
    chosen = bundled["event_id"].iloc[3]
    theirs, ours = layers(bundled, chosen)
    assert widget_args(start, ours, center=(33.3, 44.4)) == st_folium_args(
        recorded, start, theirs, center=(33.3, 44.4)
    )


@pytest.mark.parametrize("returned", [None, [], ["last_active_drawing", "bounds", "zoom"]])
def test_the_defaults_match_for_any_returned_objects(bundled, recorded, returned):
    start = ((34.0, 42.0), 6, None)
    theirs, ours = layers(bundled)
    assert widget_args(start, ours, returned=returned) == st_folium_args(
        recorded, start, theirs, returned=returned
    )


@pytest.mark.slow
def test_the_widget_sends_what_st_folium_sends_for_cells_chains_and_colouring(recorded):
    many = load_events(
        generate(cells.AGGREGATE_ABOVE + 50, seed=3).to_csv(index=False).encode()
    ).events
    colouring = colouring_for(many, "actor")
    arrows = script_json({"from": ["a"], "to": ["b"]})
    theirs, ours = layers(many, many["event_id"].iloc[0], arrows, colouring)
    assert any(isinstance(c, EventChains) for c in ours._children.values())
    start = assembly.start_fit(many)
    assert widget_args(start, ours) == st_folium_args(recorded, start, theirs)


def test_the_widget_sends_what_st_folium_sends_without_a_basemap(bundled, recorded):
    start = ((30.0, 40.0), 5, [[29.0, 39.0], [31.0, 41.0]])
    theirs, ours = layers(bundled.iloc[:3])
    assert widget_args(start, ours, basemap=None) == st_folium_args(
        recorded, start, theirs, basemap=None
    )


def test_one_start_is_one_frame_for_every_rerun_and_session():
    first = widget.map_frame((34.0, 42.0), 6, [[30.0, 40.0], [36.0, 46.0]], add_basemap, "map")
    again = widget.map_frame([34, 42], 6, ((30, 40), (36, 46)), add_basemap, "map")
    assert again is first


@pytest.mark.parametrize(
    "change",
    [
        {"center": (34.0, 42.5)},
        {"zoom": 7},
        {"bounds": None},
        {"bounds": [[30.0, 40.0], [36.0, 46.5]]},
        {"basemap": None},
        {"key": "another map"},
    ],
)
def test_a_frame_is_never_shared_by_different_starts(change):
    inputs = {
        "center": (34.0, 42.0),
        "zoom": 6,
        "bounds": [[30.0, 40.0], [36.0, 46.0]],
        "basemap": add_basemap,
        "key": "map",
    }
    base = widget.map_frame(**inputs)
    other = widget.map_frame(**{**inputs, **change})
    fields = ("script", "header", "html", "widget_key")
    assert tuple(getattr(other, f) for f in fields) != tuple(getattr(base, f) for f in fields)


def test_moving_the_assets_gives_a_frame_with_the_new_urls(monkeypatch):
    for owner, name in ((folium.Map, "default_js"), (folium.Map, "default_css")):
        monkeypatch.setattr(owner, name, getattr(owner, name))  # restored after the test
    monkeypatch.setattr(assets.MapScripts, "default_js", assets.MapScripts.default_js)
    start = ((34.0, 42.0), 6, None)
    before = widget.map_frame(*start, add_basemap, "map")
    assets.use_local_assets("/elsewhere/app/static/vendor")
    moved = widget.map_frame(*start, add_basemap, "map")
    assert moved is not before
    assert all(url.startswith("/elsewhere/app/static/") for url in moved.js_links)


def test_the_layer_is_the_views_own_whatever_frame_came_before(bundled):
    frame = widget.map_frame((34.0, 42.0), 6, None, add_basemap, "map")
    one, _ = layers(bundled.iloc[:2])
    other, _ = layers(bundled.iloc[2:5])
    first = widget.component_args(frame, one)["feature_group"]
    second = widget.component_args(frame, other)["feature_group"]
    assert first != second
    for event_id in bundled["event_id"].iloc[2:5]:
        assert event_id in second and event_id not in first


def test_the_kept_watchdog_is_the_one_the_installed_manifest_gives():
    from assets.manifest import load_manifest

    assert assets.map_watchdog_html() == assets.map_watchdog_html(manifest=load_manifest())
    moved = assets.map_watchdog_html("/x/app/static/vendor")
    assert "/x/app/static/vendor/" in moved and moved != assets.map_watchdog_html()


def test_equal_layers_share_one_script_and_it_is_the_rendered_one(bundled):
    frame = widget.map_frame((34.0, 42.0), 6, None, add_basemap, "map")
    first, second = layers(bundled, bundled["event_id"].iloc[1])
    assert widget.layer_fingerprint(first) == widget.layer_fingerprint(second)
    kept = widget.layer_script(first, frame)[0]
    assert widget.layer_script(second, frame)[0] is kept
    fresh, _ = layers(bundled, bundled["event_id"].iloc[1])
    assert widget._render_layer(fresh, frame.map_id) == kept


@pytest.mark.parametrize("change", ["selected", "colouring", "chains", "events"])
def test_a_layer_script_is_never_shared_by_different_views(bundled, change):
    frame = widget.map_frame((34.0, 42.0), 6, None, add_basemap, "map")
    inputs = {"events": bundled, "selected": None, "chains": None, "colouring": None}
    other = {
        "selected": bundled["event_id"].iloc[0],
        "colouring": colouring_for(bundled, "actor"),
        "chains": script_json({"from": ["a"], "to": ["b"]}),
        "events": bundled.iloc[1:],
    }[change]
    one, _ = layers(**inputs)
    two, _ = layers(**{**inputs, change: other})
    assert widget.layer_fingerprint(one) != widget.layer_fingerprint(two)
    assert widget.layer_script(one, frame)[0] != widget.layer_script(two, frame)[0]


def test_a_layer_of_plain_folium_elements_is_rendered_every_time():
    frame = widget.map_frame((34.0, 42.0), 6, None, add_basemap, "map")
    scripts = []
    for place in ((33.0, 44.0), (36.0, 43.0)):
        group = folium.FeatureGroup(name="Events", control=False)
        folium.CircleMarker(place, radius=4).add_to(group)
        assert widget.layer_fingerprint(group) is None
        scripts.append(widget.layer_script(group, frame)[0])
    assert "[33.0, 44.0]" in scripts[0] and "[36.0, 43.0]" in scripts[1]


def test_placed_count_needs_both_coordinates(bundled):
    events = bundled.iloc[:4].copy()
    events.loc[events.index[0], "latitude"] = None
    events.loc[events.index[1], "longitude"] = None
    events.loc[events.index[2], ["latitude", "longitude"]] = None
    assert assembly.placed_count(events) == 1
    assert assembly.placed_count(bundled) == int(
        bundled[["latitude", "longitude"]].notna().all(axis=1).sum()
    )


@pytest.mark.slow
def test_the_startup_heap_is_frozen_once_per_process():
    from tests.support import fresh_python

    code = (
        "import gc\n"
        "from components.map import widget\n"
        "first = widget.freeze_startup_heap()\n"
        "gc.unfreeze()\n"
        "again = widget.freeze_startup_heap()\n"
        "print(first > 1000, again == first, gc.get_freeze_count())\n"
    )
    out = fresh_python(code).split()
    assert out == ["True", "True", "0"]
