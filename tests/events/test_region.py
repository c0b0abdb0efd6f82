"""The title names where an imported file's events are, not the bundled data's Iraq and Syria."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from components.summary import title_line
from components.text import md_escape
from events.importers import import_file
from events.region import page_title, region_of
from tests.support import ROOT

UCDP_SAMPLE = ROOT / "tests" / "fixtures" / "ucdp_ged_sample.csv"  # UCDP GED, CC BY 4.0
BUNDLED = ROOT / "data" / "events.csv"


def ucdp_rows_of(*countries: str) -> bytes:
    """The sample's real rows for `countries`, as a UCDP GED file in UCDP's own layout."""
    frame = pd.read_csv(UCDP_SAMPLE, dtype=str, keep_default_na=False)
    buffer = io.StringIO()
    frame[frame["country"].isin(countries)].to_csv(buffer, index=False)
    return buffer.getvalue().encode()


@pytest.mark.slow
@pytest.mark.parametrize(
    "countries,region",
    [
        (("Afghanistan",), "Afghanistan"),
        (("Mexico", "Colombia"), "Mexico and Colombia"),
        (("Ukraine",), "Ukraine"),
    ],
)
def test_a_ucdp_file_of_another_country_is_titled_by_its_own_countries(countries, region):
    result = import_file(ucdp_rows_of(*countries))
    assert result.format == "ucdp" and len(result.events)
    found = region_of(result.events["country"])
    assert found == region
    title = page_title("ged_extract.csv", found)
    assert title == f"Conflict map: ged_extract.csv in {region}"
    heading = title_line("/uploads/ged_extract.csv", BUNDLED, found)
    assert "Iraq" not in heading and "Syria" not in heading
    assert heading == f"#### {md_escape(title)}"


def test_the_same_file_beside_the_bundled_events_names_both():
    imported = import_file(ucdp_rows_of("Afghanistan")).events
    bundled = pd.read_csv(BUNDLED, dtype=str)
    countries = pd.concat([imported["country"], bundled["country"]], ignore_index=True)
    region = region_of(countries)
    assert "Afghanistan" in region and "Iraq" in region
