"""Grid cells for large views: counts add up, sizes follow the extent, output repeats."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import generate
from components.map import assembly, cells
from components.map.legend import legend_html
from events import load_events


@pytest.fixture(scope="module")
def many() -> pd.DataFrame:
    """Events past the aggregation threshold, loaded as the dashboard loads them."""
    raw = generate(cells.AGGREGATE_ABOVE + 2_000, seed=3)
    result = load_events(raw.to_csv(index=False).encode())
    assert result.errors == []
    return result.events


def test_counts_in_every_level_add_up_to_the_events(many):
    table = cells.cell_table(many)
    assert table["events"] == len(many)
    assert len(table["levels"]) >= 2
    for level in table["levels"]:
        assert sum(level["n"]) == len(many)
        assert min(level["n"]) >= 1
        assert sum(level["killed"]) == int(many["fatalities"].fillna(0).sum())


def test_events_without_coordinates_are_not_counted(many):
    blanked = many.copy()
    blanked.loc[blanked.index[:10], ["latitude", "longitude"]] = np.nan
    table = cells.cell_table(blanked)
    assert table["events"] == len(many) - 10
    assert sum(table["levels"][0]["n"]) == len(many) - 10


def test_each_level_is_four_times_finer_and_nests_in_the_coarser(many):
    levels = cells.cell_table(many)["levels"]
    sizes = [level["size"] for level in levels]
    assert all(a / b == cells.LEVEL_STEP for a, b in zip(sizes, sizes[1:], strict=False))
    coarse, finer = levels[0], levels[1]
    parents = {(x, y) for x, y in zip(coarse["ix"], coarse["iy"], strict=True)}
    for x, y in zip(finer["ix"], finer["iy"], strict=True):
        assert (x // cells.LEVEL_STEP, y // cells.LEVEL_STEP) in parents


def test_coarse_cells_span_the_extent_in_a_few_thousand_cells_at_most():
    lats = np.array([30.0, 37.0])
    lons = np.array([36.0, 48.0])  # 12 degrees wide
    sizes = cells.grid_sizes(lats, lons)
    assert sizes[0] == 1.0  # 12 / 16 rounded up to a power of two
    assert sizes == [1.0, 0.25, 0.0625]
    assert cells.grid_sizes(np.array([]), np.array([])) == []
    one_town = cells.grid_sizes(np.array([33.3, 33.3]), np.array([44.4, 44.4]))
    assert one_town[0] > 0


def test_finer_levels_are_dropped_when_they_have_too_many_cells(many):
    levels = cells.cell_table(many, max_cells=100)["levels"]
    assert len(levels) >= 1
    assert all(len(level["n"]) <= 100 for level in levels[1:])
    full = cells.cell_table(many, max_cells=10**9)["levels"]
    assert len(full) == cells.LEVELS
    assert len(levels) < len(full)


def test_a_cell_knows_its_count_deaths_side_and_dates():
    rows = pd.DataFrame(
        {
            "latitude": [33.1, 33.2, 33.3, 10.0],
            "longitude": [44.1, 44.2, 44.3, 10.0],
            "fatalities": pd.array([2, None, 5, 1], dtype="Int64"),
            "actor1": ["Islamic State", "Islamic State", "United States", "Iran"],
            "event_date": pd.to_datetime(["2020-01-05", "2020-01-01", "2020-02-01", "2021-01-01"]),
        }
    )
    level = cells.cell_level(
        rows["latitude"].to_numpy(),
        rows["longitude"].to_numpy(),
        rows["fatalities"].fillna(0).to_numpy(dtype=float),
        cells.sides_for(rows["actor1"]).cat.codes.to_numpy().astype(np.int64),
        ((rows["event_date"] - pd.Timestamp("1970-01-01")).dt.days).to_numpy(),
        size=4.0,
    )
    assert level["n"] == [1, 3]  # ordered south to north
    assert level["iy"] == [25, 30] and level["ix"] == [47, 56]
    assert level["killed"] == [1, 7]
    assert cells.SIDE_KEYS[level["side"][1]] == "isis"
    assert level["d0"] == [18628, 18262] and level["d1"] == [18628, 18293]
    # Its bounds and tooltip are drawn in the browser: tests/browser/test_map_scripts.py.


def test_output_is_deterministic_whatever_the_row_order(many):
    first = cells.cell_table(many)
    shuffled = many.sample(frac=1.0, random_state=11)
    assert json.dumps(cells.cell_table(shuffled)) == json.dumps(first)


def test_the_map_switches_to_cells_above_the_threshold_and_keeps_the_selection(many):
    selected = many["event_id"].iloc[0]
    html = _render(assembly.event_layer(many, selected=selected))
    assert "eventCells" in html
    assert f'"{selected}"' in html  # the selected event keeps its own marker
    few = many.iloc[: cells.AGGREGATE_ABOVE]
    assert "eventCells" not in _render(assembly.event_layer(few))


def test_payload_stays_bounded_as_events_grow(many):
    small = len(_render(assembly.event_layer(many)))
    doubled = pd.concat([many, many.assign(event_id=many["event_id"] + "-b")])
    large = len(_render(assembly.event_layer(doubled)))
    # The cells stay bounded; only the playback index grows, by 2 bytes an
    # event (2.7 in base64).
    assert large < small * 1.2 + 2.7 * len(many)
    assert large - small > 2.6 * len(many)
    assert large < 2_000_000


def _render(group) -> str:
    import folium

    m = folium.Map(tiles=None)
    group.add_to(m)
    return m.get_root().render()


def test_the_legend_explains_cells_when_the_map_shows_them():
    legend = legend_html(cells=True)
    assert "grid cells" in legend and f"{cells.AGGREGATE_ABOVE:,}" in legend
    assert "grid cells" not in legend_html()


def test_the_playback_index_names_each_events_finest_cell_in_day_order(many):
    import base64

    table = cells.cell_table(many)
    play, finest = table["play"], table["levels"][-1]
    cell = np.frombuffer(base64.b64decode(play["cell"]), dtype="<u2")
    assert len(cell) == len(many) == sum(play["len"])
    assert play["days"] == sorted(play["days"]) and len(set(play["days"])) == len(play["days"])
    # Counting the index per cell gives the finest level's counts ...
    assert np.bincount(cell, minlength=len(finest["n"])).tolist() == finest["n"]
    # ... and the events of one day, the cells of that day's events.
    day = play["days"][len(play["days"]) // 2]
    start = sum(play["len"][: play["days"].index(day)])
    those = cell[start : start + play["len"][play["days"].index(day)]]
    on_day = many[(many["event_date"] - pd.Timestamp("1970-01-01")).dt.days == day]
    size = finest["size"]
    keys = list(zip(finest["iy"], finest["ix"], strict=True))
    expected = sorted(
        keys.index((int(np.floor((lat + 90) / size)), int(np.floor((lon + 180) / size))))
        for lat, lon in zip(on_day["latitude"], on_day["longitude"], strict=True)
    )
    assert sorted(those.tolist()) == expected


def _cell_of(table: dict, level: int, lat: float, lon: float) -> int:
    cells_at = table["levels"][level]
    size = cells_at["size"]
    key = (int(np.floor((lat + 90) / size)), int(np.floor((lon + 180) / size)))
    return list(zip(cells_at["iy"], cells_at["ix"], strict=True)).index(key)


def test_cells_take_the_colour_of_the_group_with_most_events_there(many):
    from events.colouring import colouring_for

    colouring = colouring_for(many, "actor")
    table = cells.cell_table(many, colouring=colouring)
    assert table["sides"] == [f"g{i}" for i in range(len(colouring.groups))] + ["other"]
    labels = colouring.labels_for(many)
    coarse = table["levels"][0]
    for i in range(len(coarse["n"]))[:20]:
        size = coarse["size"]
        inside = (np.floor((many["latitude"] + 90) / size) == coarse["iy"][i]) & (
            np.floor((many["longitude"] + 180) / size) == coarse["ix"][i]
        )
        counts = labels[inside].value_counts()
        dominant = colouring.labels[coarse["side"][i]]
        assert counts[dominant] == counts.max()
    # The same colour keys as the markers', so one legend serves both.
    from components.map.markers import marker_colours

    assert set(table["sides"]) <= set(marker_colours(colouring))


def test_coloured_by_deaths_a_cell_takes_the_band_of_its_summed_deaths():
    from events.colouring import colouring_for

    rows = [
        {"latitude": 33.31, "longitude": 44.36, "fatalities": 2},
        {"latitude": 33.32, "longitude": 44.37, "fatalities": 3},
        {"latitude": 33.33, "longitude": 44.38, "fatalities": 0},
        {"latitude": 36.19, "longitude": 44.01, "fatalities": 0},
    ]
    events = pd.DataFrame(rows).assign(
        event_date=pd.Timestamp("2020-01-01"), actor1="United States"
    )
    colouring = colouring_for(events, "deaths")
    table = cells.cell_table(events, colouring=colouring)
    coarse = table["levels"][0]
    baghdad, erbil = _cell_of(table, 0, 33.31, 44.36), _cell_of(table, 0, 36.19, 44.01)
    assert colouring.labels[coarse["side"][baghdad]] == "5–24 killed"  # 2 + 3 + 0
    assert colouring.labels[coarse["side"][erbil]] == "0 killed"


def test_the_cells_legend_says_what_a_cells_colour_means_under_each_colouring(many):
    from events.colouring import colouring_for

    by_type = legend_html(cells=True, colouring=colouring_for(many, "event_type"))
    assert "the event type with most events in the cell" in by_type
    by_deaths = html.unescape(legend_html(cells=True, colouring=colouring_for(many, "deaths")))
    assert "deaths of all the cell's events, added up" in by_deaths
    assert "5–24 killed" in by_deaths and "deaths not reported" not in by_deaths
    assert "the side with most events in the cell" in legend_html(cells=True)
