"""A publisher's file named where the dashboard expects its own CSV opens as that format.

`python -m streamlit run app.py -- --events acled.csv` (or `EVENTS_CSV`) used to
read an ACLED export as our schema: no `event_id`, a date error on every row,
0 events on the map. The upload told the format; the start-up path must too.
"""

from __future__ import annotations

import csv
from pathlib import Path

from components import data
from events.importers.detect import ACLED, OURS
from tests.support.acled_layout import acled_file, acled_rows

ROOT = Path(__file__).resolve().parents[2]


def load(path: Path) -> data.Dataset:
    """The dashboard's own loading step, past Streamlit's in-process cache."""
    return data._load_dataset.__wrapped__(str(path), (0, 0))


def test_an_acled_export_given_as_the_events_file_opens_every_row(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(tmp_path / "cache"))
    rows = acled_rows(40)
    path = tmp_path / "acled.csv"
    path.write_bytes(acled_file(rows))
    dataset = load(path)
    assert dataset.fatal is None
    assert dataset.table.format == ACLED
    assert len(dataset.events) == len(rows)
    assert sorted(dataset.events["event_id"]) == sorted(row.event_id for row in rows)


def test_our_own_file_with_no_valid_row_keeps_the_loaders_report(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(tmp_path / "cache"))
    with (ROOT / "data" / "events.csv").open(encoding="utf-8", newline="") as bundled:
        reader = csv.DictReader(bundled)
        row = next(reader)
        header = reader.fieldnames
    # The one row's date broken: nothing to show, and the loader's own words say why.
    row["event_date"] = "not a date"
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerow(row)
    dataset = load(path)
    assert dataset.table.format in (None, OURS)
    assert dataset.events.empty
    assert any(p.row == 2 and p.column == "event_date" for p in dataset.problems)
