"""The dashboard run headless with Streamlit's AppTest: filters, URL state, bad data."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from events import load_events, schema
from tests.support import ROOT
from tests.support.apptest import APP, markers, problems_expander, selected_marker, summary
from tests.support.apptest import run_app as start_app

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

EVENTS = load_events(ROOT / "data" / "events.csv").events


def run_app(query: dict[str, str | list[str]] | None = None, env_file=None, monkeypatch=None):
    if env_file is not None:
        monkeypatch.setenv("EVENTS_CSV", str(env_file))
    return start_app(query)


def map_script(at: AppTest) -> str:
    return json.loads(at.get("component_instance")[0].proto.json_args)["script"]


@pytest.fixture(scope="module")
def placed():
    return int(EVENTS["latitude"].notna().sum()) or len(EVENTS)


def test_app_runs_on_the_bundled_data_and_maps_every_event():
    at = run_app()
    assert markers(at) == len(EVENTS)
    assert str(len(EVENTS)) in summary(at)
    assert not at.error


@pytest.mark.parametrize(
    ("key", "pick", "column"),
    [
        ("f_actors", "Kata'ib Hezbollah", None),
        ("f_types", "Riots", "event_type"),
        ("f_subs", "Air/drone strike", "sub_event_type"),
        ("f_countries", "Syria", "country"),
        ("f_attributions", "claimed", "attribution"),
    ],
)
def test_each_filter_changes_the_count_as_expected(key, pick, column):
    at = run_app()
    at.multiselect(key=key).select(pick).run()
    if column is None:
        expected = ((EVENTS["actor1"] == pick) | (EVENTS["actor2"] == pick)).sum()
    else:
        expected = (EVENTS[column] == pick).sum()
    assert 0 < expected < len(EVENTS)
    assert markers(at) == expected
    assert summary(at).startswith(f"{expected} of {len(EVENTS)} events")


def test_side_filter():
    at = run_app()
    at.multiselect(key="f_sides").select("coalition").run()
    from events.sides import sides_for

    expected = int((sides_for(EVENTS["actor1"]) == "coalition").sum())
    assert markers(at) == expected


def test_date_range_filter_narrows_the_map():
    at = run_app()
    at.date_input(key="f_dates").set_value(
        (pd.Timestamp("2020-03-01").date(), pd.Timestamp("2020-03-31").date())
    ).run()
    in_march = EVENTS["event_date"].between("2020-03-01", "2020-03-31").sum()
    assert markers(at) == in_march
    assert at.query_params["from"] == "2020-03-01"


def test_free_text_search():
    at = run_app()
    at.text_input(key="f_text").input("taji").run()
    expected = EVENTS["location"].str.contains("Taji", case=False).sum()
    assert markers(at) == expected >= 1


def test_filter_change_keeps_the_base_map():
    at = run_app()
    before = map_script(at)
    at.multiselect(key="f_countries").select("Iraq").run()
    assert map_script(at) == before


def test_query_string_restores_filters_and_selection():
    chosen = EVENTS.iloc[9]
    at = run_app(
        {
            "from": "2020-03-01",
            "to": "2020-03-31",
            "country": "Iraq",
            "event": chosen["event_id"],
            "zoom": "8",
            "center": "33.5,44.2",
        }
    )
    assert at.multiselect(key="f_countries").value == ["Iraq"]
    start, end = at.date_input(key="f_dates").value
    assert (str(start), str(end)) == ("2020-03-01", "2020-03-31")
    expected = (
        EVENTS["event_date"].between("2020-03-01", "2020-03-31") & (EVENTS["country"] == "Iraq")
    ).sum()
    assert markers(at) == expected
    assert any(chosen["location"] in m.value for m in at.markdown), "detail panel shows it"
    assert selected_marker(at) == chosen["event_id"]
    assert "[33.5, 44.2]" in map_script(at) and "8" in map_script(at)
    assert not at.warning


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "Nobody At All"},
        {"from": "yesterday"},
        {"event": "no-such-event"},
        {"zoom": "400"},
        {"center": "abc"},
        {"type": "<script>alert(1)</script>"},
        {"q": "x" * 5000},
        {"from": "2021-01-01", "to": "2020-01-01"},
        {"wat": "1"},
    ],
)
def test_junk_in_the_url_is_ignored_with_a_notice(query):
    at = run_app(query)
    assert at.warning, "a visible notice"
    assert "ignored" in at.warning[0].value
    assert markers(at) >= 1


def test_junk_and_good_values_mix_field_by_field():
    at = run_app({"country": ["Iraq", "Atlantis"], "event": "nope"})
    assert at.multiselect(key="f_countries").value == ["Iraq"]
    assert markers(at) == (EVENTS["country"] == "Iraq").sum()
    assert "Atlantis" in at.warning[0].value


def test_selecting_a_related_event_moves_the_detail_panel():
    linked = EVENTS.loc[EVENTS["responds_to"].notna()].iloc[0]
    target = linked["responds_to"].split(";")[0]
    at = run_app({"event": linked["event_id"]})
    button = next(b for b in at.button if b.key.startswith("goto-") and b.key.endswith(target))
    button.click().run()
    assert at.query_params["event"] == target


def test_broken_rows_are_listed_and_valid_events_still_show(tmp_path, monkeypatch):
    with open(ROOT / "data" / "events.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["event_date"] = "2020-02-30"
    rows[1]["latitude"] = "95"
    with open(tmp_path / "events.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "sources.csv").write_text((ROOT / "data" / "sources.csv").read_text())

    at = run_app(env_file=tmp_path / "events.csv", monkeypatch=monkeypatch)

    assert markers(at) == len(EVENTS) - 2
    expander = problems_expander(at)
    assert "2 errors" in expander.label and "2 rows left out" in expander.label
    problems = expander.dataframe[0].value
    assert list(problems["Row"]) == [2, 3]
    assert list(problems["Column"]) == ["event_date", "latitude"]
    assert list(problems["Value"]) == ["2020-02-30", "95"]


def test_unreadable_file_shows_an_error(tmp_path, monkeypatch):
    (tmp_path / "events.csv").write_bytes(b"")
    at = AppTest.from_file(APP, default_timeout=60)
    monkeypatch.setenv("EVENTS_CSV", str(tmp_path / "events.csv"))
    at.run()
    assert at.error and "empty" in at.error[0].value


def test_columns_match_the_schema():
    assert list(EVENTS.columns)[1:] == list(schema.COLUMN_NAMES)


def test_the_table_lists_the_newest_thousand_and_says_so(tmp_path, monkeypatch):
    from benchmarks.synthetic import generate
    from components.table import MAX_ROWS

    events = generate(MAX_ROWS + 500, seed=5)
    events.to_csv(tmp_path / "events.csv", index=False)
    at = run_app(env_file=tmp_path / "events.csv", monkeypatch=monkeypatch)
    table = next(d for d in at.dataframe if d.key == "table").value
    assert len(table) == MAX_ROWS
    newest = pd.to_datetime(events["event_date"]).nlargest(MAX_ROWS, keep="all")
    assert pd.to_datetime(table["Date"]).min() == newest.min()
    assert any(f"{MAX_ROWS:,} newest of the {MAX_ROWS + 500:,}" in c.value for c in at.caption)
