"""Selecting an event whose links are hostile draws the whole page."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support import DATA
from tests.support.apptest import run_app

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow


def test_selecting_an_event_that_names_its_cause_twice_draws_the_page(tmp_path, monkeypatch):
    text = (DATA / "events.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    cause, answer = rows[0]["event_id"], rows[1]["event_id"]
    rows[1]["responds_to"] = f"{cause};{cause}"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes((DATA / "sources.csv").read_bytes())
    monkeypatch.setenv("EVENTS_CSV", str(tmp_path / "events.csv"))
    at = run_app({"event": answer})  # raised StreamlitDuplicateElementKey
    buttons = [b for b in at.button if b.key and b.key.startswith("goto-Responds to-")]
    assert [b.key for b in buttons] == [f"goto-Responds to-{cause}"]
    assert any(m.value == "#### Events in view" for m in at.markdown)  # drawn after the panel
