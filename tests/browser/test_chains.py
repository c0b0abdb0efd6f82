"""Reprisal chains in headless Chromium: arrows drawn, a chain lit and the rest veiled,
the Chains list setting the window, a suggested link confirmed, a stub's hover text.

The veil is checked by reading the chains canvas's own pixels where the
markers are drawn: a hole (transparent) over the chain's events, white over
the others. Screenshots of the December 2019 chain and the Camp Taji chain,
at desktop and phone width, go to .screenshots/.
"""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from components.map.chains import CHAINS_HINT
from events import load_events
from events.chains import chain_of_event, chains_of
from tests.support.browser import (
    MAP_FRAME,
    ROOT,
    click_marker,
    open_page,
    require_browser,
    streamlit_server,
    wait_for_markers,
)
from tests.support.polling import page_wait, poll
from tests.support.scripts import probe

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / ".screenshots"
EVENTS = load_events(ROOT / "data" / "events.csv").events
CHAINS = chains_of(EVENTS)
DRONE = "2020-01-03-baghdad-airport-drone-strike"
K1 = "2019-12-27-k1-air-base-rockets"
TAJI = "2020-03-11-camp-taji-rockets"
QARA_CHOKH = "2020-03-08-qara-chokh-clash"
DECEMBER = chain_of_event(CHAINS, DRONE)
TAJI_CHAIN = chain_of_event(CHAINS, TAJI)


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chains")
    shutil.copy(ROOT / "data" / "events.csv", folder / "events.csv")
    shutil.copy(ROOT / "data" / "sources.csv", folder / "sources.csv")
    return folder / "events.csv"


@pytest.fixture(scope="module")
def server(events_file):
    require_browser()
    with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(events_file)}) as base:
        yield base


def chain_state(frame, ids=()):
    return frame.evaluate(probe("chain_state"), list(ids))


def wait_for_chains(page, expected, markers: int, ids=(), timeout_s: float = 60):
    """Poll until the chains layer lights `expected` (a set of ids; empty: no veil)."""

    def lit():
        frame = wait_for_markers(page, markers)
        return frame, chain_state(frame, ids)

    def as_expected(read) -> bool:
        seen = read[1]
        return seen is not None and set(seen["lit"]) == set(expected) and seen["drawn"]

    frame, seen = poll(
        lit,
        as_expected,
        timeout_s=timeout_s,
        what=f"the chains layer lighting {sorted(expected)}",
        wait=page_wait(page),
        tolerate=(PlaywrightError,),  # the frame was replaced mid-update
    )
    return frame, seen


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(600)
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / name))


def test_arrows_join_every_linked_pair_and_nothing_is_veiled_before_a_selection(server, page):
    # With nothing selected the map draws no arrow; the Chains list draws every chain.
    page.goto(server)
    frame = wait_for_markers(page, len(EVENTS))
    assert chain_state(frame) is None
    assert CHAINS_HINT in page.locator('[aria-label="Chains legend"]').inner_text()
    page.goto(f"{server}/?chains=1")
    frame, seen = wait_for_chains(page, set(), len(EVENTS))
    expected = {(link.source, link.target) for chain in CHAINS for link in chain.links}
    assert {(s, t) for s, t, end, *_ in seen["drawn"] if end == 0} == expected
    assert seen["veil"] is False
    assert page.attempted == []


def test_selecting_an_event_lights_its_chain_and_veils_the_rest(server, page):
    page.goto(f"{server}/?event={DRONE}")
    probe = [*DECEMBER.event_ids, TAJI, "2021-02-15-erbil-airport-rockets"]
    frame, seen = wait_for_chains(page, set(DECEMBER.event_ids), len(EVENTS), probe)
    assert seen["veil"] is True
    # Holes in the veil over the chain's events (backwards to K-1, forwards to the missiles) ...
    assert seen["alpha"][K1] == 0 and seen["alpha"]["2020-01-08-ain-al-asad-iranian-missiles"] == 0
    assert all(seen["alpha"][e] == 0 for e in DECEMBER.event_ids if seen["alpha"][e] is not None)
    # ... and the veil over the others.
    assert seen["alpha"][TAJI] > 100 and seen["alpha"]["2021-02-15-erbil-airport-rockets"] > 100
    lit = {(s, t) for s, t, _end, _sg, hi, faded in seen["drawn"] if hi and not faded}
    assert lit == {(link.source, link.target) for link in DECEMBER.links}
    shoot(page, "chain-december-1400x900.png")

    # A click on Camp Taji's marker moves the light to its chain.
    click_marker(page, frame, TAJI)
    frame, seen = wait_for_chains(page, set(TAJI_CHAIN.event_ids), len(EVENTS), [TAJI, K1])
    seen = poll(  # the update's canvas may redraw once more as it settles
        lambda: chain_state(frame, [TAJI, K1]),
        lambda seen: seen["alpha"][K1] > 100,
        timeout_s=10,
        what="K-1 veiled once Camp Taji's chain is lit",
        every_s=0.1,
        wait=page_wait(page),
    )
    assert seen["alpha"][TAJI] == 0 and seen["alpha"][K1] > 100
    assert parse_qs(urlsplit(page.url).query)["event"] == [TAJI]


def test_picking_a_chain_in_the_chains_list_sets_the_window(server, page):
    page.goto(f"{server}/?chains=1")
    wait_for_markers(page, len(EVENTS))
    page.locator(f".st-key-show-chain-{TAJI} button").click()
    frame, seen = wait_for_chains(page, set(TAJI_CHAIN.event_ids), len(TAJI_CHAIN.event_ids))
    query = parse_qs(urlsplit(page.url).query)
    assert query["chain"] == [TAJI] and query["chains"] == ["1"]
    assert (query["from"], query["to"]) == (["2020-03-11"], ["2020-03-13"])
    assert {(s, t) for s, t, end, *_ in seen["drawn"] if end == 0} == {
        (link.source, link.target) for link in TAJI_CHAIN.links
    }
    shoot(page, "chain-camp-taji-1400x900.png")


def test_a_stub_says_on_hover_that_its_other_end_is_filtered_out(server, page):
    page.goto(f"{server}/?from=2020-01-01&to=2020-01-31&chains=1")
    in_january = EVENTS["event_date"].between("2020-01-01", "2020-01-31").sum()
    frame = wait_for_markers(page, int(in_january))
    stub = frame.evaluate(probe("chain_stub"), [K1, DRONE])
    assert stub is not None and stub["end"] == 1
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.move(box["x"] + stub["at"][0] + 1, box["y"] + stub["at"][1] + 1)
    frame.wait_for_function("() => document.querySelector('.chain-tip') !== null", timeout=10_000)
    text = frame.evaluate("() => document.querySelector('.chain-tip').innerText")
    assert text.startswith("Responds to 2019-12-27 · K-1 Air Base")
    assert text.endswith("(filtered out of this view)")


@pytest.mark.parametrize("width, height", [(1400, 900), (390, 844)])
def test_screenshots_of_the_two_chains(browser, server, width, height):
    context, page = open_page(browser, width, height)
    try:
        for name, chain in (("december", DECEMBER), ("camp-taji", TAJI_CHAIN)):
            window = f"from={chain.start:%Y-%m-%d}&to={chain.end:%Y-%m-%d}"
            page.goto(f"{server}/?chain={chain.chain_id}&{window}")
            count = EVENTS["event_date"].between(chain.start, chain.end).sum()
            wait_for_chains(page, set(chain.event_ids), int(count))
            shoot(page, f"chain-{name}-window-{width}x{height}.png")
            legend = page.locator('[aria-label="Chains legend"]')
            legend.scroll_into_view_if_needed()
            assert legend.bounding_box()["width"] <= width
            page.screenshot(path=str(SCREENSHOTS / f"chain-{name}-legend-{width}x{height}.png"))
        assert page.attempted == []
    finally:
        context.close()


# Last: it changes the events file the other tests read.
def test_a_suggested_link_is_drawn_dotted_and_confirming_it_writes_it(server, page, events_file):
    page.goto(f"{server}/?suggested=1")

    def suggested_links():
        seen = chain_state(wait_for_markers(page, len(EVENTS)))
        return [(s, t) for s, t, _e, sg, *_ in (seen or {"drawn": []})["drawn"] if sg]

    suggested = poll(
        suggested_links, timeout_s=30, what="a suggested link drawn", wait=page_wait(page)
    )
    assert suggested == [(QARA_CHOKH, TAJI)]
    legend = page.locator('[aria-label="Chains legend"]').inner_text()
    assert "suggested" in legend and "a proposed link" in legend
    page.locator(f".st-key-confirm-{QARA_CHOKH}-{TAJI} button").click()
    page.get_by_text("Written to events.csv").wait_for(timeout=30_000)
    assert f"{TAJI}," in events_file.read_text(encoding="utf-8")
    row = next(
        line
        for line in events_file.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"{TAJI},")
    )
    assert f",{QARA_CHOKH},Iraq," in row
