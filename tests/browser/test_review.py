"""A report pasted on the review page becomes events on the map, or downloads where it cannot."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from events import load_events
from tests.support import DATA, FIXTURES, ROOT
from tests.support.browser import (
    block_other_hosts,
    click_marker,
    require_browser,
    streamlit_server,
    wait_for_markers,
)
from tests.support.polling import page_wait, poll

pytestmark = pytest.mark.browser

REPORT = (FIXTURES / "reports" / "two_bases_drones.txt").read_text(encoding="utf-8")
PUBLISHED = "2023-10-26"
OUTLET = "Test Wire Service"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    shutil.copy(DATA / "events.csv", folder / "events.csv")
    shutil.copy(DATA / "sources.csv", folder / "sources.csv")
    return folder


@pytest.fixture(scope="module")
def server(files):
    require_browser()
    with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(files / "events.csv")}) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    block_other_hosts(context)
    page = context.new_page()
    yield page
    context.close()


def find_events(page, base: str) -> None:
    page.goto(f"{base}/add")
    page.locator(".st-key-report-text textarea").fill(REPORT)
    published = page.locator(".st-key-report-published input")
    published.fill(PUBLISHED)
    published.press("Enter")
    page.locator(".st-key-report-outlet input").fill(OUTLET)
    page.get_by_role("button", name="Find events").click()
    page.get_by_text("2 candidate events").wait_for(timeout=60_000)


def test_two_candidates_added_appear_on_the_map_with_their_source(server, page, files):
    before = load_events(files / "events.csv").events
    find_events(page, server)
    page.get_by_role("button", name="Add the ticked events (2)").click()
    page.get_by_text("Added 2 events").wait_for(timeout=60_000)

    after = load_events(files / "events.csv")
    assert [p for p in after.problems if p.severity == "error"] == []
    new = after.events.loc[~after.events["event_id"].isin(before["event_id"])]
    assert sorted(new["location"]) == ["Ain al-Asad Air Base", "Conoco gas field"]
    (source_id,) = set(new["source"])
    sources = after.sources.set_index("source_id")
    assert sources.loc[source_id, "outlet"] == OUTLET

    page.get_by_role("link", name="See them on the map").click()
    frame = wait_for_markers(page, len(before) + 2)
    for event_id, place in zip(new["event_id"], new["location"], strict=True):
        click_marker(page, frame, event_id)
        detail = page.locator(".st-key-detail")
        poll(
            detail.inner_text,
            lambda text, place=place: place in text,
            timeout_s=30,
            what=f"{place} in the detail panel",
            wait=page_wait(page),
        )
        assert OUTLET in detail.inner_text()


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory):
    require_browser()
    folder = tmp_path_factory.mktemp("read-only")
    shutil.copy(DATA / "events.csv", folder / "events.csv")
    shutil.copy(DATA / "sources.csv", folder / "sources.csv")
    env = {"EVENTS_CSV": str(folder / "events.csv"), "EVENTS_READ_ONLY": "1"}
    with streamlit_server(ROOT / "app.py", env=env) as base:
        yield base, folder


def test_a_read_only_events_file_offers_the_rows_as_a_download(read_only_server, page):
    base, folder = read_only_server
    untouched = (folder / "events.csv").read_bytes()
    find_events(page, base)
    assert page.get_by_text("Events cannot be added to events.csv here").count() == 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the events of pasted text (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert sorted(r["location"] for r in rows) == ["Ain al-Asad Air Base", "Conoco gas field"]
    assert (folder / "events.csv").read_bytes() == untouched
