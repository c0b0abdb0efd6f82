"""The dashboard's pure builders: what the map, timeline, detail, table and link hold."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from benchmarks.synthetic import generate
from components import style
from components.detail import event_detail, source_lines
from components.map import assembly
from components.map import markers as event_markers
from components.map.legend import legend_html
from components.share import share_html, share_query
from components.state import window_from_brush
from components.table import csv_bytes, neutralise_formula, table_frame
from components.text import md_escape, md_link, safe_url
from components.timeline import BRUSH, timeline_chart
from events import load_events
from events.view import ViewState
from tests.support import DATA
from tests.support.tables import frame


@pytest.fixture(scope="module")
def bundled():
    return load_events(DATA / "events.csv")


def test_every_placed_event_becomes_one_marker(bundled):
    table = event_markers.marker_table(bundled.events)
    placed = bundled.events.dropna(subset=["latitude"])
    assert table["id"] == list(placed["event_id"])
    per_event = [c for c in table if c not in ("sides", "shapes", "kinds", "places", "dense")]
    assert {len(table[c]) for c in per_event} == {len(placed)}
    assert (table["lat"][0], table["lon"][0]) == (
        round(placed.iloc[0]["latitude"], 5),
        round(placed.iloc[0]["longitude"], 5),
    )
    assert table["dense"] is False


def test_thousands_of_markers_are_drawn_small_without_halos_or_rings():
    generated = generate(event_markers.FULL_DETAIL_UP_TO + 1, seed=2)
    events = load_events(generated.to_csv(index=False).encode()).events
    dense = event_markers.marker_table(events)
    assert dense["dense"] is True
    assert set(dense["halo"]) == {0} and set(dense["ox"]) == {0} and set(dense["oy"]) == {0}
    low, high = event_markers.DENSE_RADIUS_PX
    assert low == min(dense["r"]) and max(dense["r"]) <= high
    detailed = event_markers.marker_table(events.iloc[: event_markers.FULL_DETAIL_UP_TO])
    assert detailed["dense"] is False and max(detailed["r"]) > high
    assert any(dense_x != 0 for dense_x in detailed["ox"]) and max(detailed["halo"]) > 0
    assert "without halos or rings" in legend_html(dense=True)
    assert "Dashed halo" in legend_html() and "Dashed halo" not in legend_html(dense=True)


def test_unplaced_events_are_left_off_the_map():
    events = frame([{}, {"latitude": "", "longitude": ""}])
    assert event_markers.marker_table(events)["id"] == ["e0"]


def test_markers_encode_side_shape_size_and_precision():
    events = frame(
        [
            {
                "actor1": "United States",
                "sub_event_type": "Air/drone strike",
                "fatalities": "25",
                "geo_precision": "3",
            },
            {
                "sub_event_type": "Shelling/artillery/missile attack",
                "fatalities": "",
                "geo_precision": "1",
                "latitude": "36.1",
            },
            {"weapon": "small arms", "fatalities": "0", "latitude": "30.1"},
        ]
    )
    table = event_markers.marker_table(events)
    assert [table["sides"][code] for code in table["side"]] == ["coalition", "iran", "iran"]
    assert [table["shapes"][code] for code in table["shape"]] == ["air", "missile", "clash"]
    assert table["r"] == [18, style.MIN_RADIUS_PX, style.MIN_RADIUS_PX]  # 7 + 2.2 * sqrt(25)
    assert table["r"][0] > style.MIN_RADIUS_PX
    assert table["halo"] == [style.HALO_METRES[3], 0, style.UNKNOWN_PRECISION_HALO]


@pytest.mark.parametrize(
    ("deaths", "radius"), [(None, 7), (0, 7), (1, 9), (3, 11), (25, 18), (110, 20), (10_000, 20)]
)
def test_sizes_grow_with_deaths_up_to_a_cap(deaths, radius):
    series = pd.Series([deaths], dtype="Int64")
    assert style.radii_for(series).tolist() == [radius]


def test_events_at_one_place_fan_out_and_others_do_not():
    events = frame([{}, {}, {}, {"latitude": "34.45", "longitude": "40.92"}])
    table = event_markers.marker_table(events)
    offsets = list(zip(table["ox"], table["oy"], strict=True))
    assert len(set(offsets[:3])) == 3
    assert all(abs(x) + abs(y) >= event_markers.SPREAD_STEP_PX // 2 for x, y in offsets[:3])
    assert offsets[3] == (0, 0)


def test_nearby_places_share_a_ring():
    events = frame(
        [
            {"latitude": "34.452", "longitude": "40.918"},
            {"latitude": "34.422", "longitude": "40.954"},
            {"latitude": "33.3", "longitude": "44.4"},
        ]
    )
    table = event_markers.marker_table(events)
    assert (table["ox"][0], table["oy"][0]) != (table["ox"][1], table["oy"][1])
    assert (table["ox"][2], table["oy"][2]) == (0, 0)


def test_selected_event_is_passed_to_the_layer():
    layer = assembly.event_layer(frame([{}, {}]), selected="e1")
    markers = next(iter(layer._children.values()))
    assert markers.selected_json == '"e1"'


def test_script_closing_tag_in_data_cannot_end_the_map_script():
    events = frame([{"location": "</script><script>alert(1)</script>"}])
    markers = next(iter(assembly.event_layer(events)._children.values()))
    assert "</script>" not in markers.data_json and "<" not in markers.data_json
    assert json.loads(markers.data_json)["places"] == [
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    ]


def test_fit_view_frames_iraq_and_syria(bundled):
    (lat, lon), zoom = assembly.fit_view(bundled.events)
    assert 31 < lat < 37 and 38 < lon < 46
    assert 4 <= zoom <= 8


def test_base_map_is_identical_on_every_build():
    first = assembly.base_map((34.0, 42.0), 6).get_root().render()
    second = assembly.base_map((34.0, 42.0), 6).get_root().render()
    strip = __import__("re").compile(r"_[0-9a-f]{32}")
    assert strip.sub("", first) == strip.sub("", second)


def test_legend_names_every_side_and_shape():
    legend = legend_html()
    for label in [*style.SHAPES.values(), "US-led coalition", "Iran and aligned groups"]:
        assert label in legend


def test_timeline_builds_with_brush_and_selection(bundled):
    chart = timeline_chart(bundled.events, selected=bundled.events.iloc[0]["event_id"])
    spec = chart.to_dict()
    params = spec.get("params", []) + [p for la in spec["layer"] for p in la.get("params", [])]
    assert [p["name"] for p in params] == ["brush"]
    assert len(spec["layer"]) == 2


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (None, None),
        ({"selection": {}}, None),
        ({"selection": {"brush": {}}}, None),
        (
            {"selection": {"brush": {"date": [1583884800000, 1585612800000]}}},
            (pd.Timestamp("2020-03-11").date(), pd.Timestamp("2020-03-31").date()),
        ),
    ],
)
def test_brushed_window(state, expected):
    assert window_from_brush(state, BRUSH) == expected


def test_detail_lists_sources_chain_and_precision(bundled):
    events = bundled.events
    linked = events.loc[events["responds_to"].notna()].iloc[0]
    detail = event_detail(linked["event_id"], events, bundled.sources)
    assert detail is not None
    assert detail.responds_to, "an event with responds_to shows what it responds to"
    target = detail.responds_to[0].event_id
    back = event_detail(target, events, bundled.sources)
    assert linked["event_id"] in [r.event_id for r in back.responses]
    labels = dict(detail.facts)
    assert "precision" in labels["Place"] and "geocoded by" in labels["Place"]
    assert detail.sources and all(line for line in detail.sources)


def test_detail_of_unknown_event_is_none(bundled):
    assert event_detail("no-such-event", bundled.events, bundled.sources) is None


def test_figures_show_ranges_and_unknowns():
    events = frame([{"fatalities": "26", "fatalities_low": "0", "fatalities_high": "26"}])
    facts = dict(event_detail("e0", events, None).facts)
    assert facts["Killed"] == "26 (reports range 0–26)"
    assert facts["Wounded"] == "not reported"


def test_source_lines_link_only_http_urls():
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "outlet": ["Reuters", "X"],
            "title": ["Title", "Evil"],
            "published": ["2020-03-12", ""],
            "url": ["https://example.org/a", "javascript:alert(1)"],
        }
    )
    good, bad = source_lines("a;b", sources)
    assert "(https://example.org/a)" in good
    assert "javascript" not in bad


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Camp Taji", "Camp Taji"),
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        (":red[alarm]", r"\:red\[alarm\]"),
        ("$x^2$", r"\$x\^2\$"),
        ("# heading\n- item", r"\# heading \- item"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.reuters.com/x", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<b>", False),
        ("//evil.example", False),
        ("https://ex.org/a) [x](javascript:1", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url, safe):
    assert (safe_url(url) is not None) is safe


def test_md_link_falls_back_to_text():
    assert md_link("Title", "javascript:alert(1)") == "Title"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Camp Taji", "Camp Taji"),
        (3, 3),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_download_keeps_the_view_and_neutralises_formulas():
    events = frame([{"notes": "=cmd|' /C calc'!A0"}, {"notes": "plain"}])
    text = csv_bytes(events).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["event_id"] for r in rows] == ["e0", "e1"]
    assert rows[0]["notes"].startswith("'=")
    assert rows[1]["notes"] == "plain"
    assert rows[0]["event_date"] == "2020-03-11"
    assert "csv_row" not in rows[0]


def test_table_is_newest_first(bundled):
    table = table_frame(bundled.events)
    assert table["Date"].is_monotonic_decreasing


@pytest.mark.parametrize("limit", [1, 7, 100, 999, 1_000, 5_000])
def test_a_limited_table_holds_the_rows_a_full_sort_puts_first(limit):
    events = generate(3_000, seed=11)
    in_view = events[events["country"] == "Syria"]  # labels with gaps, as a filter leaves them
    limited = table_frame(in_view, limit=limit)
    pd.testing.assert_frame_equal(limited, table_frame(in_view).head(limit))


def test_share_query_round_trips_the_view():
    view = ViewState(actors=("Kata'ib Hezbollah",), selected="x", zoom=7)
    query = share_query(view)
    assert query.startswith("?") and "actor=Kata%27ib+Hezbollah" in query and "zoom=7" in query
    assert share_query(ViewState()) == ""


def test_share_html_escapes_the_query():
    page = share_html('?q="><script>alert(1)</script>')
    assert '"><script>alert(1)' not in page.split("<script>")[0]
