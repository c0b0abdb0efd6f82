"""Opening an analyst's own file in the running app: alone, merged, broken, and by link."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from components.upload import MERGE, dataset_name
from events import load_events
from tests.support.acled_layout import acled_file, acled_rows
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


@dataclass(frozen=True)
class AcledUpload:
    content: bytes
    events: int
    countries: list[str]


@pytest.fixture(scope="module", params=["generated", "real"])
def acled(request) -> AcledUpload:
    """An export in ACLED's layout: generated on every clone, ACLED's own where it is present."""
    if request.param == "generated":
        rows = acled_rows(60)
        countries = sorted({row.cells["country"] for row in rows})
        return AcledUpload(acled_file(rows), len(rows), countries)
    if not ACLED.exists():
        pytest.skip(f"{ACLED} is not here (the shared datasets folder is absent)")
    return AcledUpload(ACLED.read_bytes(), 496, ["Afghanistan"])


def test_an_acled_export_replaces_the_bundled_events(acled):
    at = upload(started(), "acled.csv", acled.content)
    assert markers(at) == acled.events
    assert at.multiselect(key="f_countries").options == acled.countries
    assert at.query_params["data"] == dataset_name(acled.content)
    assert any("ACLED export" in s.value for s in at.success)


def test_an_upload_can_be_added_to_the_bundled_events(acled):
    at = started()
    at.radio(key="upload_mode").set_value(MERGE)
    at = upload(at, "acled.csv", acled.content)
    assert markers(at) == acled.events + len(BUNDLED)
    assert set(at.multiselect(key="f_countries").options) == {*acled.countries, "Iraq", "Syria"}


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


def test_a_link_made_on_an_upload_waits_for_that_file(acled):
    name = dataset_name(acled.content)
    country = acled.countries[0]
    at = started({"data": name, "country": country, "zoom": "7"})
    assert any(name in w.value.replace("\\", "") for w in at.warning), "names the file"
    assert markers(at) == len(BUNDLED)

    at = upload(at, "acled.csv", acled.content)

    assert at.multiselect(key="f_countries").value == [country]
    assert at.query_params["data"] == name
    assert at.query_params["country"] == country
