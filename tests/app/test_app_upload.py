"""Opening an analyst's own file in the running app: alone, merged, broken, and by link."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.upload import MERGE, dataset_name
from events import load_events
from tests.support.apptest import markers, problems_expander, run_app
from tests.support.browser import ROOT

# Each test runs the whole page (AppTest): left out of `make test-fast`.
pytestmark = pytest.mark.slow

DATASETS = ROOT.parent / "shared" / "datasets"
ACLED = DATASETS / "acled_export_sample.csv"
BUNDLED = load_events(ROOT / "data" / "events.csv").events


def started(query: dict | None = None) -> AppTest:
    return run_app(query, timeout=90)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def acled_bytes() -> bytes:
    if not ACLED.exists():
        pytest.skip(f"{ACLED} is not here (the shared datasets folder is absent)")
    return ACLED.read_bytes()


def test_an_acled_export_replaces_the_bundled_events(acled_bytes):
    at = upload(started(), "acled.csv", acled_bytes)
    assert markers(at) == 496
    assert at.multiselect(key="f_countries").options == ["Afghanistan"]
    assert at.query_params["data"] == dataset_name(acled_bytes)
    assert any("ACLED export" in s.value for s in at.success)


def test_an_upload_can_be_added_to_the_bundled_events(acled_bytes):
    at = started()
    at.radio(key="upload_mode").set_value(MERGE)
    at = upload(at, "acled.csv", acled_bytes)
    assert markers(at) == 496 + len(BUNDLED)
    assert set(at.multiselect(key="f_countries").options) == {"Afghanistan", "Iraq", "Syria"}


def test_a_file_that_is_not_a_csv_is_refused_and_the_bundled_data_stays():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    at = upload(started(), "map.csv", png)
    assert at.error and "could not be opened" in at.error[0].value
    assert markers(at) == len(BUNDLED)


def test_broken_rows_in_an_upload_are_listed_and_the_rest_shown():
    text = (ROOT / "data" / "events.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = text
    broken = first.replace("2019-12-27,", "2019-13-27,", 1)
    at = upload(started(), "mine.csv", "\n".join([header, broken, *rest]).encode())
    assert markers(at) == len(BUNDLED) - 1
    expander = problems_expander(at)
    problems = expander.dataframe[0].value
    assert (problems["Row"] == 2).any() and (problems["Column"] == "event_date").any()


def test_a_link_made_on_an_upload_waits_for_that_file(acled_bytes):
    name = dataset_name(acled_bytes)
    at = started({"data": name, "country": "Afghanistan", "zoom": "7"})
    assert any(name in w.value.replace("\\", "") for w in at.warning), "names the file"
    assert markers(at) == len(BUNDLED)

    at = upload(at, "acled.csv", acled_bytes)

    assert at.multiselect(key="f_countries").value == ["Afghanistan"]
    assert at.query_params["data"] == name
    assert at.query_params["country"] == "Afghanistan"
