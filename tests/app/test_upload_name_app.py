"""An uploaded file's name reads as the user's system shows it, quotes and all."""

from __future__ import annotations

from components.text import md_escape
from components.upload import file_name
from tests.support import DATA
from tests.support.apptest import run_app


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
