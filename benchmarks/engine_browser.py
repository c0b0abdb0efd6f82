"""The engine page in headless Chromium: start, filter -> map, bytes per update, server memory.

Used by bench_scale.py (``--engine-sizes``, unless ``--no-browser``). The
dashboard is served on an engine Parquet folder (EVENTS_SOURCE) with a cache
folder of its own, twice: the first server starts cold (DuckDB's copy of the
files and the opening view are made), the second warm (both read back, the
OS cache full). Each start is timed from launching the server to the map
showing every placed event.

On the warm server, each change picks one more country in the sidebar (a
view no session has asked for, so nothing is answered from a shared cache)
and is timed in the page from the rerun request to the first frame showing
that view's events (benchmarks/browser_timing.py); clearing the filter goes
back to the start view. The bytes are what the server sent on the websocket
for the change, with Streamlit's message cache off.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks import browser_timing
from benchmarks.bench_map_update import clear_country

ROOT = Path(__file__).resolve().parent.parent


def choose_countries(page, names: list[str]) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Country")
    box.locator("input").click()
    for name in names:
        page.keyboard.type(name)
        page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def placed_in_view(folder: Path, choices: list[tuple[str, ...]]) -> list[int]:
    """How many placed events the map shows for each choice of countries (() for all)."""
    from events.engine import backend, query
    from events.view import ViewState

    # Read in place: a copy made here would spare the cold server its own.
    engine = backend.parquet_engine(folder, copy=False)
    found = []
    for countries in choices:
        view = query.placed(ViewState(countries=countries))
        found.append(int(engine.execute(view.aggregate(n=view.count()))["n"].iloc[0]))
    return found


def measure(folder: Path, runs: int, cache: Path, csv: Path | None = None) -> dict:
    """Browser numbers for the engine page over the Parquet ``folder``.

    With ``csv`` (the same events as a CSV file), the in-memory page instead:
    the file loaded into pandas (the switch to the engine set above its size).
    """
    import os

    from tests.support.browser import (
        block_other_hosts,
        chromium,
        server_peak_mb,
        streamlit_server,
    )

    os.environ["EVENTS_CACHE_DIR"] = str(cache)
    env = {"EVENTS_SOURCE": str(folder), "EVENTS_CACHE_DIR": str(cache)}
    if csv is not None:
        env = {"EVENTS_CSV": str(csv), "EVENTS_CACHE_DIR": str(cache)}
        env["EVENTS_ENGINE_ABOVE"] = str(10**12)
    picks = [f"Country {k:02d}" for k in range(runs)]
    everything, *expected = placed_in_view(folder, [(), *((name,) for name in picks)])
    received: list[int] = []

    found: dict = {}
    with chromium() as browser:
        for start in ("cold", "warm"):
            started = time.perf_counter()
            with streamlit_server(
                ROOT / "app.py", env=env, args=browser_timing.NO_MESSAGE_CACHE
            ) as base:
                context, page = browser_timing.open_recorded(
                    browser, base, received, block_other_hosts
                )
                browser_timing.wait_events(page, everything, timeout_s=3600)
                found[f"browser_{start}_s"] = time.perf_counter() - started
                if start == "cold":
                    context.close()
                    continue
                found.update(
                    _changes(page, list(zip(picks, expected, strict=True)), everything, received)
                )
                found["browser_server_mb"] = server_peak_mb(base)
                context.close()
    return found


def _changes(page, picks: list[tuple[str, int]], everything: int, received: list[int]) -> dict:
    """Each pick of one more country timed to the map, and the clear back to every event."""
    narrow, back, sizes = [], [], []
    for name, count in picks:
        received.clear()
        narrow.append(
            browser_timing.timed_change(
                page, lambda n=name: choose_countries(page, [n]), count, 600
            )
        )
        page.wait_for_timeout(1_000)  # the rest of the rerun's messages
        sizes.append(sum(received))
        back.append(browser_timing.timed_change(page, lambda: clear_country(page), everything, 600))
    return {
        "browser_filter_s": statistics.median(narrow),
        "browser_filter_max_s": max(narrow),
        "browser_back_s": statistics.median(back),
        "browser_update_kb": statistics.median(sizes) / 1024,
    }
