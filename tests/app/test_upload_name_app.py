"""An uploaded file as the page shows it: its name, quotes and all, and no borrowed dates."""

from __future__ import annotations

import pytest

from components.text import md_escape
from components.upload import file_name
from tests.support import DATA
from tests.support.apptest import run_app

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow


def test_a_quote_in_a_file_name_is_not_shown_as_percent_22():
    assert file_name("report %22final%22.csv") == 'report "final".csv'
    assert file_name("two%0Alines.csv") == "two lines.csv"
    at = run_app(timeout=90)
    # As the browser sends it: `"` written as %22 in the form's filename.
    sent = "report %22final%22.csv"
    at.get("file_uploader")[0].set_value((sent, (DATA / "events.csv").read_bytes(), "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [s.value for s in at.success] + [m.value for m in at.markdown]
    assert any(md_escape('report "final".csv') in text for text in shown), shown
    assert not any("%22" in text for text in shown)


def test_an_upload_of_no_valid_events_shows_no_date_range_from_the_bundled_data():
    header = (DATA / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    data = f"{header}\n{','.join(['bad'] * len(header.split(',')))}\n".encode()
    at = run_app(timeout=90)
    at.get("file_uploader")[0].set_value(("none-valid.csv", data, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("0 events" in s.value for s in at.success)
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not [text for text in shown if "2019" in text or "2021" in text], shown
    assert not at.date_input  # no dates to choose among
