"""The offline basemap: TopoJSON decoding, cutting to the region, label placement, folium layers."""

from __future__ import annotations

import json
import re

import folium
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit_folium import _get_map_string, generate_js_hash

from assets.basemap_data import countries_in_region, features_in_region, round_positions
from assets.geometry import BBox, distance_km, iter_positions, label_point, point_in_polygons
from assets.place_labels import Label, Tier, assign_zooms, label_box, town_labels
from assets.topojson import TopoJSONError, decode_arcs, stitch, to_feature_collection
from components.map import assembly, basemap
from components.map.assets import script_text
from components.map.basemap import REGION_CENTER, REGION_ZOOM, BasemapData, add_basemap
from tests.support import ROOT

BASEMAP_DIR = ROOT / "static" / "basemap"
REGION = BBox(25, 12, 63, 43)

# --- TopoJSON -----------------------------------------------------------------------

# Two squares sharing the edge x=1: arc 0 is the shared edge, arcs 1 and 2 the rest.
# Quantised with scale 0.5 and translate (10, 20), delta-encoded.
SQUARES = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "objects": {
        "shapes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "A", "properties": {"name": "a"}},
                {"type": "Polygon", "arcs": [[2, ~0]], "id": "B"},
                {"type": "LineString", "arcs": [0]},
                {"type": "MultiLineString", "arcs": [[1], [~1]]},
                {"type": "Point", "coordinates": [4, 6]},
                {"type": None, "properties": {"name": "nothing"}},
            ],
        }
    },
    "arcs": [
        # (2,0) -> (2,2): the shared edge, in quantised units
        [[2, 0], [0, 2]],
        # (2,2) -> (0,2) -> (0,0) -> (2,0)
        [[2, 2], [-2, 0], [0, -2], [2, 0]],
        # (2,0) -> (4,0) -> (4,2) -> (2,2)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],
    ],
}


def base_map(**options):
    """The dashboard's base map with this basemap on it, built as the app builds it."""
    return assembly.base_map(
        REGION_CENTER, REGION_ZOOM, basemap=lambda m: add_basemap(m, **options)
    )


def test_decode_arcs_undoes_quantisation_and_deltas():
    arcs = decode_arcs(SQUARES)
    assert arcs[0] == [[11.0, 20.0], [11.0, 21.0]]
    assert arcs[1] == [[11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]


def test_polygons_lines_and_points_decode_with_shared_and_reversed_arcs():
    features = to_feature_collection(SQUARES, "shapes")["features"]
    a, b, line, multi, point, empty = features
    assert a["id"] == "A" and a["properties"] == {"name": "a"}
    assert a["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[11, 20], [11, 21], [10, 21], [10, 20], [11, 20]]],
    }
    # B uses the shared edge reversed: (11,21) -> (11,20) closes its ring.
    assert b["geometry"]["coordinates"] == [[[11, 20], [12, 20], [12, 21], [11, 21], [11, 20]]]
    assert b["properties"] == {}
    assert line["geometry"] == {"type": "LineString", "coordinates": [[11, 20], [11, 21]]}
    assert multi["geometry"]["coordinates"][1] == multi["geometry"]["coordinates"][0][::-1]
    assert point["geometry"] == {"type": "Point", "coordinates": [12.0, 23.0]}
    assert empty["geometry"] is None and empty["properties"] == {"name": "nothing"}


def test_unquantised_topology_keeps_positions_as_they_are():
    topology = {
        "type": "Topology",
        "objects": {"l": {"type": "LineString", "arcs": [0, 1]}},
        "arcs": [[[0.5, 1.5], [2.5, 3.5]], [[2.5, 3.5], [4.0, 5.0]]],
    }
    (feature,) = to_feature_collection(topology, "l")["features"]
    assert feature["geometry"]["coordinates"] == [[0.5, 1.5], [2.5, 3.5], [4.0, 5.0]]


@pytest.mark.parametrize(
    ("topology", "message"),
    [
        ({"type": "FeatureCollection"}, "expected type 'Topology'"),
        ({**SQUARES, "objects": {}}, "no object 'shapes'"),
        (
            {**SQUARES, "objects": {"shapes": {"type": "LineString", "arcs": [7]}}},
            "arc index 7 out of range",
        ),
        ({**SQUARES, "transform": {"scale": [1]}}, "transform"),
        (
            {**SQUARES, "objects": {"shapes": {"type": "Sphere", "arcs": []}}},
            "unsupported geometry type 'Sphere'",
        ),
    ],
)
def test_malformed_topology_says_what_is_wrong(topology, message):
    with pytest.raises(TopoJSONError, match=re.escape(message)):
        to_feature_collection(topology, "shapes")


@given(
    st.lists(
        st.tuples(st.integers(-10_000, 10_000), st.integers(-10_000, 10_000)),
        min_size=2,
        max_size=30,
    ),
    st.integers(1, 5),
)
def test_delta_encoding_round_trips(points, split):
    """Any polyline cut into two delta-encoded arcs decodes back to itself."""
    split = min(split, len(points) - 1)
    first, second = points[: split + 1], points[split:]

    def encode(arc):
        out, prev = [], (0, 0)
        for x, y in arc:
            out.append([x - prev[0], y - prev[1]])
            prev = (x, y)
        return out

    topology = {
        "type": "Topology",
        "transform": {"scale": [0.25, 0.5], "translate": [-3, 7]},
        "arcs": [encode(first), encode(second)],
    }
    line = stitch([0, 1], decode_arcs(topology))
    assert line == [[x * 0.25 - 3, y * 0.5 + 7] for x, y in points]


# --- geometry and region --------------------------------------------------------------


def test_label_point_stays_inside_a_shape_whose_centroid_is_not():
    # A "C" open to the east: its centroid lies in the gap.
    ring = [[0, 0], [10, 0], [10, 2], [2, 2], [2, 8], [10, 8], [10, 10], [0, 10], [0, 0]]
    lon, lat = label_point(ring)
    geometry = {"type": "Polygon", "coordinates": [ring]}
    assert point_in_polygons(lon, lat, geometry)


def test_distance_baghdad_to_erbil():
    assert distance_km(44.37, 33.31, 44.01, 36.19) == pytest.approx(322, abs=5)


def test_rounding_drops_repeated_positions():
    assert round_positions([[1.001, 2.0], [1.004, 2.001], [1.02, 2.0]], 2) == [
        [1.0, 2.0],
        [1.02, 2.0],
    ]


def _square(x, y, size=1.0):
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def test_countries_touching_the_region_are_kept_without_far_islands():
    countries = {
        "type": "FeatureCollection",
        "features": [
            {"id": "368", "properties": {"name": "Inside"}, "geometry": _poly(_square(44, 33))},
            {"id": "1", "properties": {"name": "Away"}, "geometry": _poly(_square(100, 0))},
            {
                "id": "250",
                "properties": {"name": "Overseas"},  # parts on both sides, none inside
                "geometry": _multi(_square(0, 45), _square(70, 0)),
            },
            {
                "id": "300",
                "properties": {"name": "Islands"},  # main part inside, one near, one far
                "geometry": _multi(_square(26, 38), _square(20, 38), _square(120, 38)),
            },
        ],
    }
    kept = countries_in_region(countries, REGION, decimals=2)["features"]
    assert [f["properties"]["name"] for f in kept] == ["Inside", "Islands"]
    islands = kept[1]["geometry"]
    assert islands["type"] == "MultiPolygon" and len(islands["coordinates"]) == 2
    assert kept[0]["id"] == "368"


def test_rivers_crossing_into_the_region_are_kept_whole():
    rivers = {
        "type": "FeatureCollection",
        "features": [
            {
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [[20, 40], [30, 40]]},
            },
            {"properties": {}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [5, 5]]}},
        ],
    }
    (kept,) = features_in_region(rivers, REGION, decimals=2)["features"]
    assert kept["geometry"]["coordinates"] == [[20, 40], [30, 40]]


def _poly(rings):
    return {"type": "Polygon", "coordinates": rings}


def _multi(*polygons):
    return {"type": "MultiPolygon", "coordinates": list(polygons)}


# --- labels ---------------------------------------------------------------------------


def _city(gid, name, country, lon, lat, population):
    return {
        "geonameid": gid,
        "name": name,
        "countrycode": country,
        "longitude": lon,
        "latitude": lat,
        "population": population,
    }


def test_city_sections_merge_into_the_conventional_name_but_borders_do_not():
    cities = {
        "1": _city(1, "Al Mawşil al Jadīdah", "IQ", 43.10, 36.33, 2_065_597),
        "2": _city(2, "Mosul", "IQ", 43.11, 36.34, 1_683_000),
        "3": _city(3, "Ālbū Kamāl", "SY", 40.919, 34.452, 57_572),
        "4": _city(4, "Al Qā’im", "IQ", 40.989, 34.393, 74_100),
        "5": _city(5, "Baghdad", "IQ", 44.40, 33.34, 7_216_000),
        "6": _city(6, "Tiny", "IQ", 42.0, 33.0, 5_000),
        "7": _city(7, "Faraway", "IQ", 100.0, 33.0, 9_000_000),
    }
    countries = {"IQ": {"capital": "Baghdad"}, "SY": {"capital": "Damascus"}}
    tiers = [Tier(1_000_000, 4), Tier(30_000, 8)]
    labels = town_labels(cities, countries, REGION, tiers, capital_min_zoom=3, merge_within_km=8)
    by_name = {label.name: label for label in labels}
    assert set(by_name) == {"Mosul", "Ālbū Kamāl", "Al Qā’im", "Baghdad"}
    assert by_name["Baghdad"].kind == "capital" and by_name["Baghdad"].min_zoom == 3
    assert by_name["Mosul"].min_zoom == 4 and by_name["Ālbū Kamāl"].min_zoom == 8


def _overlapping_at(labels: list[tuple[Label, int]], zoom: int) -> list[tuple[str, str]]:
    shown = [label for label, z in labels if z <= zoom]
    boxes = [(label.name, label_box(label, zoom)) for label in shown]
    return [
        (a, b)
        for i, (a, (l1, t1, r1, b1)) in enumerate(boxes)
        for b, (l2, t2, r2, b2) in boxes[i + 1 :]
        if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1
    ]


def test_crowded_labels_wait_for_a_closer_zoom_and_priority_decides():
    capital = Label("Baghdad", 44.40, 33.34, "capital", 3, 7e6)
    suburb = Label("Abu Ghraib", 44.20, 33.30, "town", 3, 2e5)
    far = Label("Aden", 45.04, 12.78, "town", 3, 1e6)
    placed = dict(assign_zooms([suburb, far, capital], lowest_zoom=3, highest_zoom=10))
    assert placed[capital] == 0 and placed[far] == 0
    assert 3 < placed[suburb] <= 10
    for zoom in range(3, 11):
        assert _overlapping_at(list(placed.items()), zoom) == []


def test_a_label_that_never_fits_is_left_out():
    a = Label("Here", 44.0, 33.0, "town", 3, 2.0)
    b = Label("Same spot", 44.0, 33.0, "town", 3, 1.0)
    assert [label for label, _ in assign_zooms([a, b], 3, 10)] == [a]


# --- the installed files (after `python -m assets.fetch`) -----------------------------

needs_installed = pytest.mark.skipif(
    not (BASEMAP_DIR / "places.geojson").exists(),
    reason="basemap not built: run `python -m assets.fetch`",
)


def _load(name):
    return json.loads((BASEMAP_DIR / name).read_text(encoding="utf-8"))


@needs_installed
def test_region_countries_are_there_and_known_places_fall_in_the_right_one():
    countries = {f["properties"]["name"]: f for f in _load("countries.geojson")["features"]}
    for name in ("Iraq", "Syria", "Turkey", "Iran", "Jordan", "Saudi Arabia", "Kuwait", "Lebanon"):
        assert name in countries
    assert "France" not in countries and "United States of America" not in countries
    for place, lon, lat, country in [
        ("Camp Taji", 44.25, 33.52, "Iraq"),
        ("Erbil", 44.01, 36.19, "Iraq"),
        ("Ain al-Asad", 42.44, 33.80, "Iraq"),
        ("Albu Kamal", 40.92, 34.45, "Syria"),
        ("Deir ez-Zor", 40.14, 35.34, "Syria"),
    ]:
        inside = [n for n, f in countries.items() if point_in_polygons(lon, lat, f["geometry"])]
        assert inside == [country], place


@needs_installed
def test_tigris_and_euphrates_are_drawn():
    lines = [f["geometry"] for f in _load("rivers.geojson")["features"]]

    def nearest_river_km(lon, lat):
        return min(distance_km(lon, lat, x, y) for g in lines for x, y in iter_positions(g))

    for town, lon, lat in [
        ("Baghdad (Tigris)", 44.40, 33.34),
        ("Mosul (Tigris)", 43.13, 36.34),
        ("Albu Kamal (Euphrates)", 40.92, 34.45),
        ("Deir ez-Zor (Euphrates)", 40.14, 35.34),
        ("Ramadi (Euphrates)", 43.30, 33.42),
    ]:
        assert nearest_river_km(lon, lat) < 10, town


@needs_installed
def test_places_label_capitals_always_and_never_overlap():
    features = _load("places.geojson")["features"]
    by_name = {f["properties"]["name"]: f["properties"] for f in features}
    assert by_name["Baghdad"] == {"name": "Baghdad", "kind": "capital", "z": 0}
    assert by_name["Damascus"]["kind"] == "capital"
    assert by_name["Iraq"]["kind"] == "country" and by_name["Syria"]["kind"] == "country"
    assert "Mosul" in by_name and "Al Mawşil al Jadīdah" not in by_name
    labels = [
        (
            Label(
                f["properties"]["name"],
                *f["geometry"]["coordinates"],
                f["properties"]["kind"],
                0,
                0.0,
            ),
            f["properties"]["z"],
        )
        for f in features
    ]
    for zoom in (4, 6, 8):
        assert _overlapping_at(labels, zoom) == []


# --- folium builders --------------------------------------------------------------------


def test_base_map_script_is_the_same_on_every_build():
    """streamlit-folium remounts the iframe when this hash changes between reruns."""
    first, second = base_map(), base_map()
    for m in (first, second):
        m.get_root().render()
    assert generate_js_hash(_get_map_string(first), "map") == generate_js_hash(
        _get_map_string(second), "map"
    )


def test_basemap_by_url_fetches_the_static_files():
    html = base_map(data=BasemapData.from_url("/x/app/static/basemap")).get_root().render()
    for name in ("countries", "rivers", "lakes", "places"):
        assert f'"url":"/x/app/static/basemap/{name}.geojson"' in html
    assert '"coordinates"' not in html
    # The layers themselves are drawn by the page's script, one per kind.
    code = script_text("basemap.js")
    assert code.count("interactive: false") >= 2 and "L.svg({pane:" in code
    assert "fetch(url)" in script_text("basemap_fetch.js")


def test_inline_basemap_carries_the_data_escaped():
    hostile = "<img src=x onerror=alert(1)>"
    places = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": hostile, "kind": "town", "z": 0},
                "geometry": {"type": "Point", "coordinates": [44.0, 33.0]},
            }
        ],
    }
    empty = {"type": "FeatureCollection", "features": []}
    data = BasemapData(countries=empty, rivers=empty, lakes=empty, places=places)
    html = base_map(data=data).get_root().render()
    assert hostile not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "fetch(" not in html and '"url":null' in html
    assert "text.textContent = p.name" in script_text("basemap.js")


def test_online_tiles_are_an_option_not_the_default():
    html = base_map().get_root().render()
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert "openstreetmap.org/copyright" in html
    assert "L.control.layers" in html
    tiles_var = re.search(r"var (tile_layer_\w+) = L\.tileLayer", html).group(1)
    assert f"{tiles_var}.addTo(" not in html
    assert f'"{basemap.VECTOR_BASEMAP_NAME}"' in html
    assert re.search(rf"L\.basemapStatus\(map_\w+, feature_group_\w+, {tiles_var}, ", html)
    assert "tileerror" in script_text("basemap.js")


def test_offline_only_map_has_no_tile_layer_or_switcher():
    html = base_map(online_tiles=False).get_root().render()
    assert "L.tileLayer" not in html and "L.control.layers" not in html
    assert re.search(r"L\.basemapStatus\(map_\w+, feature_group_\w+, null, ", html)
    assert "Basemap: " in script_text("basemap.js")


def test_add_basemap_puts_its_layers_on_any_map():
    m = folium.Map(location=[33, 44], zoom_start=6, tiles=None)
    add_basemap(m, online_tiles=True, layer_control=False)
    html = m.get_root().render()
    assert "L.control.layers" not in html
    assert '"panes":{"basemapLand":210' in html
    for kind in ("countries", "lakes", "rivers", "places"):
        assert html.count(f'{{"kind":"{kind}"') == 1


def test_basemap_layer_outside_a_map_says_so():
    layer = basemap.BasemapLayer("rivers", "/r.geojson")
    with pytest.raises(ValueError, match=r"must be added to a folium\.Map"):
        _ = layer.map_name


def test_inline_data_missing_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"countries\.geojson.*python -m assets\.fetch"):
        BasemapData.inline(tmp_path)


@needs_installed
def test_inline_and_url_payloads_are_what_the_docs_say():
    """The docstring of BasemapData quotes these sizes; keep them honest."""
    by_url = len(base_map().get_root().render())
    inline = len(base_map(data=BasemapData.inline(BASEMAP_DIR)).get_root().render())
    files = sum((BASEMAP_DIR / n).stat().st_size for n in basemap.BASEMAP_FILES)
    assert by_url < 20_000
    assert inline > files * 0.9


@pytest.mark.slow
@needs_installed
def test_rebuilding_gives_byte_identical_files(tmp_path):
    """Same inputs, same bytes: the map's data never changes under a running app by accident."""
    from assets.basemap_data import build_basemap
    from assets.manifest import load_manifest

    manifest = load_manifest()
    folders = {p.name: p.folder for p in manifest.packages}
    vendor = ROOT / "static" / "vendor"
    missing = [p.folder for p in manifest.packages if not (vendor / p.folder).is_dir()]
    assert not missing, f"basemap sources {missing} absent: run `python -m assets.fetch --sources`"
    built = build_basemap(manifest.basemap, vendor, folders, tmp_path)
    for item in built:
        assert item.path.read_bytes() == (BASEMAP_DIR / item.path.name).read_bytes(), item.path
