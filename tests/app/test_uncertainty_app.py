"""The dashboard with an event known only to the month: a span on the timeline, the overlap rule."""

from __future__ import annotations

import csv
import json
import shutil

import pyarrow as pa
import pytest

from tests.support import ROOT
from tests.support.apptest import run_app, summary

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

TAJI = "2020-03-11-camp-taji-rockets"


@pytest.fixture
def month_file(tmp_path):
    """The bundled events with Camp Taji known only to the month (window 25 Feb - 26 Mar)."""
    with open(ROOT / "data" / "events.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["event_id"] == TAJI:
            row["time_precision"] = "3"
    path = tmp_path / "events.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(ROOT / "data" / "sources.csv", tmp_path / "sources.csv")
    return path


def _spans(at) -> list[dict]:
    """The rows of every bar layer of the timeline (the spans), from the chart's datasets."""
    charts = at.get("vega_lite_chart")
    assert charts, "no timeline drawn"
    spec = json.loads(charts[0].proto.spec)
    datasets = {
        d.name: pa.ipc.open_stream(d.data.data).read_pandas().to_dict("records")
        for d in charts[0].proto.datasets
    }
    found = []

    def walk(layer):
        for child in layer.get("layer", []):
            walk(child)
        mark = layer.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "bar":
            found.extend(datasets[layer["data"]["name"]])

    walk(spec)
    return found


def test_a_month_event_is_a_span_and_the_overlap_rule_keeps_it(month_file, monkeypatch):
    window = {"from": "2020-03-20", "to": "2020-03-31"}
    monkeypatch.setenv("EVENTS_CSV", str(month_file))
    plain = run_app(window)
    assert not plain.exception
    assert "overlaps" not in summary(plain)
    spans = _spans(plain)
    assert [row["event_id"] for row in spans] == [TAJI]
    assert spans[0]["known"] == "month"
    plain_count = int(summary(plain).split(" ")[0])

    overlap = run_app({**window, "dates": "overlap"})
    assert not overlap.exception
    assert "with events whose week or month overlaps it" in summary(overlap)
    assert int(summary(overlap).split(" ")[0]) == plain_count + 1
    assert overlap.radio(key="f_date_overlap").value is True


def test_the_detail_panel_says_how_the_actor_is_known():
    at = run_app({"event": TAJI})
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "attribution: **alleged** (actor alleged, not confirmed)" in text
