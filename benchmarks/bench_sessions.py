"""Many people at once: concurrent browser sessions changing filters against one server.

Each session is its own browser context (its own cookies and Streamlit session)
in one headless Chromium. After the map has drawn every marker, every session
types search terms into the sidebar, one after another, for a fixed time; for
each change it measures the time from pressing Enter to the map holding
exactly the events the term selects. Errors are collected, not raised: page
errors, console errors, Streamlit exception boxes, changes that never reach
the map.

Run: .venv/bin/python benchmarks/bench_sessions.py [--sessions 1 5 10] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from events import load_events  # noqa: E402
from events.filters import apply  # noqa: E402
from events.view import ViewState  # noqa: E402
from tests.support.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    COUNT_EVENT_MARKERS,
    MAP_FRAME,
    streamlit_server,
)

SEARCH_INPUT = ".st-key-f_text input"
EXCEPTION_BOX = '[data-testid="stException"]'
CHANGE_TIMEOUT_S = 60.0
# Ten Chromium contexts opening one server at once on two cores: the first map can
# take minutes on a busy machine. A limit on liveness, not a speed threshold.
FIRST_LOAD_TIMEOUT_S = 240.0
POLL_S = 0.02
# Places of benchmarks/synthetic.py, each matching a different number of events.
TERMS = ("Baghdad", "Erbil", "", "Mosul", "Raqqa", "Homs", "Basra", "")
# Terms for the bundled events, each leaving a different number of markers.
BUNDLED_TERMS = ("Baghdad", "", "Erbil", "Albu Kamal", "", "Ain al-Asad", "Kata'ib")


@dataclass
class SessionsReport:
    sessions: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    first_loads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
        return ordered[index]

    def line(self) -> str:
        return (
            f"{self.sessions:>8}  {len(self.latencies):>7}  "
            f"{statistics.median(self.first_loads) if self.first_loads else float('nan'):>11.2f}  "
            f"{self.percentile(0.5):>7.3f}  {self.percentile(0.95):>7.3f}  "
            f"{max(self.latencies, default=float('nan')):>7.3f}  {len(self.errors):>6}"
        )

    @staticmethod
    def header() -> str:
        return (
            f"{'sessions':>8}  {'changes':>7}  {'first load':>11}  {'p50 s':>7}  {'p95 s':>7}  "
            f"{'max s':>7}  {'errors':>6}"
        )


def expected_counts(events_path: Path, terms: tuple[str, ...] = TERMS) -> dict[str, int]:
    """How many markers each search term leaves on the map, in the order to type them."""
    events = load_events(events_path).events
    placed = events.dropna(subset=["latitude", "longitude"])
    return {term: len(apply(ViewState(text=term), placed)) for term in terms}


async def _marker_count(page) -> int | None:
    element = await page.query_selector(MAP_FRAME)
    frame = await element.content_frame() if element else None
    if frame is None:
        return None
    try:
        return await frame.evaluate(COUNT_EVENT_MARKERS)
    except Exception:  # noqa: BLE001 - the frame is replaced or busy while the map updates
        return None


async def _wait_for_count(page, expected: int, timeout_s: float = CHANGE_TIMEOUT_S) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if await _marker_count(page) == expected:
            return time.perf_counter() - start
        await asyncio.sleep(POLL_S)
    raise TimeoutError(f"the map never showed {expected} markers")


async def _session(browser, base: str, index: int, seconds: float, counts, report) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})

    async def route(route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "blob:")):
            await route.continue_()
        else:
            report.foreign_requests.append(url)
            await route.abort()

    await context.route("**/*", route)
    page = await context.new_page()
    name = f"session {index}"
    page.on("pageerror", lambda error: report.errors.append(f"{name}: page error: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and report.errors.append(f"{name}: console error: {message.text}")
        ),
    )
    try:
        started = time.perf_counter()
        await page.goto(base, timeout=FIRST_LOAD_TIMEOUT_S * 1000)
        await _wait_for_count(page, counts[""], FIRST_LOAD_TIMEOUT_S)
        report.first_loads.append(time.perf_counter() - started)
        until = time.perf_counter() + seconds
        box = page.locator(SEARCH_INPUT)
        terms = list(counts)
        step = index
        current = ""
        while time.perf_counter() < until:
            term = terms[step % len(terms)]
            step += 1
            if counts[term] == counts[current]:
                continue  # the map would not change: nothing to time
            await box.fill(term)
            await box.press("Enter")
            try:
                report.latencies.append(await _wait_for_count(page, counts[term]))
            except TimeoutError as error:
                report.errors.append(f"{name}: search {term!r}: {error}")
                break
            current = term
        if await page.locator(EXCEPTION_BOX).count():
            report.errors.append(f"{name}: Streamlit shows an exception")
    except Exception as error:  # noqa: BLE001 - one failing session is reported, not fatal
        report.errors.append(f"{name}: {type(error).__name__}: {error}")
    finally:
        await context.close()


async def run_sessions(base: str, sessions: int, seconds: float, counts) -> SessionsReport:
    """Open `sessions` contexts on `base` and change filters in each for `seconds`.

    `counts` maps each search term, in the order to type them, to the markers
    it leaves (see `expected_counts`); "" must be one of them (every event).
    """
    from playwright.async_api import async_playwright

    report = SessionsReport(sessions, seconds)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            # Sessions open together, as a link shared in a newsroom would be; each then
            # changes filters for `seconds` from the moment its map is drawn.
            await asyncio.gather(
                *(_session(browser, base, i, seconds, counts, report) for i in range(sessions))
            )
        finally:
            await browser.close()
    return report


def write_events(folder: Path, size: int) -> Path:
    path = folder / f"events-{size}.csv"
    generate(size, seed=17).to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--events", type=int, default=1_000, help="generated events")
    parser.add_argument(
        "--bundled", action="store_true", help="use the bundled data/events.csv instead"
    )
    args = parser.parse_args()
    print(SessionsReport.header())
    with tempfile.TemporaryDirectory() as folder:
        if args.bundled:
            path, counts = (
                ROOT / "data" / "events.csv",
                expected_counts(ROOT / "data" / "events.csv", BUNDLED_TERMS),
            )
        else:
            path = write_events(Path(folder), args.events)
            counts = expected_counts(path)
        for sessions in args.sessions:
            with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(path)}) as base:
                report = asyncio.run(run_sessions(base, sessions, args.seconds, counts))
            print(report.line())
            for error in report.errors[:5]:
                print(f"    {error}")
    size = "the bundled events" if args.bundled else f"{args.events} generated events"
    print(
        f"{size}; filter change = search term typed + Enter, timed until the "
        "map holds exactly the matching markers; one Chromium, one server, same machine"
    )


if __name__ == "__main__":
    main()
