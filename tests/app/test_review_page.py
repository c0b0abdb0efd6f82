"""The review page in AppTest: a report about a known event cites it, bad input is named."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from events import load_events
from tests.support import DATA, FIXTURES, ROOT

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

KNOWN_ID = "2021-02-15-erbil-airport-rockets"
REPORT = (FIXTURES / "reports" / "erbil_airport_rockets.txt").read_text(encoding="utf-8")


@pytest.fixture
def files(tmp_path, monkeypatch):
    shutil.copy(DATA / "events.csv", tmp_path / "events.csv")
    shutil.copy(DATA / "sources.csv", tmp_path / "sources.csv")
    monkeypatch.setenv("EVENTS_CSV", str(tmp_path / "events.csv"))
    return tmp_path


def review_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()  # st.navigation registers the page's own url path on the first run
    at.switch_page("app_pages/add_events.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def find_events(at: AppTest, text: str, published: date | None, outlet: str = "Rudaw") -> None:
    at.text_area(key="report-text").input(text)
    if published is not None:
        at.date_input(key="report-published").set_value(published)
    at.text_input(key="report-outlet").input(outlet)
    at.button(key="FormSubmitter:report-form-Find events").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def test_a_report_about_a_known_event_is_offered_as_its_source(files):
    before = load_events(files / "events.csv")
    at = review_page()
    find_events(at, REPORT, date(2021, 2, 16))
    cite = [c for c in at.checkbox if "Already on the map as" in c.label]
    assert len(cite) == 1 and KNOWN_ID.replace("-", "\\-") in cite[0].label
    assert cite[0].value is True
    heading = [c for c in at.checkbox if c.key.endswith("-tick")]
    assert [c.value for c in heading] == [False]  # not added again as a new row

    add = at.button(key="report-add")
    assert add.label == "Add and 1 source to events already on the map"
    add.click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]

    after = load_events(files / "events.csv")
    assert len(after.events) == len(before.events)
    old = before.events.set_index("event_id").loc[KNOWN_ID, "source"]
    new = after.events.set_index("event_id").loc[KNOWN_ID, "source"]
    added = set(new.split(";")) - set(old.split(";"))
    assert len(added) == 1
    (source_id,) = added
    entry = after.sources.set_index("source_id").loc[source_id]
    assert entry["outlet"] == "Rudaw" and entry["published"] == "2021-02-16"
    assert any("added the report as a source of 1 events" in s.value for s in at.success)


def test_a_report_without_a_publication_date_is_refused_with_a_reason(files):
    at = review_page()
    find_events(at, REPORT, None)
    assert any("Give the date the report was published" in e.value for e in at.error)
    assert not [c for c in at.checkbox if c.key.endswith("-tick")]


def test_a_report_that_names_no_event_says_so(files):
    at = review_page()
    find_events(at, "The weather in Baghdad was mild and the markets were busy.", date(2021, 3, 1))
    assert any("No event with a date or a place was found" in i.value for i in at.info)
    untouched = (DATA / "events.csv").read_bytes()
    assert (files / "events.csv").read_bytes() == untouched
