"""Run a real Streamlit server and Debian's Chromium for browser tests.

One place for the recipe: a free port on 127.0.0.1, polling `/_stcore/health`,
Chromium launched with the flags this sandbox needs, every request that
leaves 127.0.0.1 aborted and recorded, and the streamlit-folium map frame
found and counted.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import ROOT
from tests.support.polling import page_wait, poll
from tests.support.scripts import probe

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WAIT_S = 60

# Markers carry their event id on the feature. Event markers are drawn by one
# canvas layer (static/js/event_markers.js), which keeps its data as
# `eventMarkers` and says where it drew an event (`pointOf`).
COUNT_EVENT_MARKERS = probe("marker_count")


def require_browser() -> None:
    """Skip locally when Chromium or the map assets are missing; fail in CI, where they must be."""
    from components.map.assets import missing_assets

    reasons = []
    if not CHROMIUM.exists():
        reasons.append(f"{CHROMIUM} not installed (apt-get install chromium)")
    if missing_assets(ROOT / "static"):
        reasons.append("map assets not installed (python -m assets.fetch)")
    if reasons and os.environ.get("CI"):
        pytest.fail("browser tests cannot run in CI: " + "; ".join(reasons))
    if reasons:
        pytest.skip("; ".join(reasons))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout_s: float = WAIT_S) -> None:
    def answers_ok() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode} before {url} was up")
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().strip() == b"ok"

    poll(
        answers_ok,
        timeout_s=timeout_s,
        what=f"{url} answering 'ok'",
        every_s=0.1,
        tolerate=(urllib.error.URLError, ConnectionError, TimeoutError),
    )


# The process serving each base URL `streamlit_server` yields, while it runs.
_SERVERS: dict[str, int] = {}


def server_peak_mb(base: str) -> float:
    """The peak resident memory so far of the server at `base` (Linux's VmHWM), in MB."""
    status = Path(f"/proc/{_SERVERS[base]}/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


@contextlib.contextmanager
def streamlit_server(
    app: Path, cwd: Path = ROOT, env: dict[str, str] | None = None, args: list[str] = ()
) -> Iterator[str]:
    """Serve `app` on a free port of 127.0.0.1 and yield its base URL (see `server_peak_mb`)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.enableStaticServing=true",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        *args,
    ]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"streamlit-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    _SERVERS[base] = process.pid
    try:
        wait_healthy(f"{base}/_stcore/health", process)
        yield base
    finally:
        _SERVERS.pop(base, None)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, width: int = 1400, height: int = 900):
    """A new context and page of that size, requests to other hosts blocked and kept in
    `page.attempted`, so every test can say the page asked for nothing outside."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.attempted = block_other_hosts(context)
    page = context.new_page()
    page.attempted = context.attempted
    return context, page


def block_other_hosts(context) -> list[str]:
    """Abort every request whose host is not 127.0.0.1; return the list they are recorded in."""
    attempted: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if host in ("127.0.0.1", None) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    context.route("**/*", handle)
    return attempted


def _started_map_frame(page):
    """The map's frame if Leaflet is up in it now, else None."""
    for element in page.query_selector_all(MAP_FRAME):
        frame = element.content_frame()
        try:
            if frame and frame.evaluate("() => !!(window.map && window.L)"):
                return frame
        except Exception:  # noqa: BLE001 - the frame is detached while it remounts
            continue
    return None


def map_frame(page, timeout_s: float = WAIT_S):
    """The map's frame once Leaflet is up (re-queried: a remount replaces the iframe)."""
    return poll(
        lambda: _started_map_frame(page),
        lambda frame: frame is not None,
        timeout_s=timeout_s,
        what="the map started in the streamlit-folium iframe",
        wait=page_wait(page),
    )


def wait_for_markers(page, expected: int, timeout_s: float = WAIT_S):
    """Poll until the map shows `expected` event markers; return the frame."""
    from playwright.sync_api import Error as PlaywrightError

    def markers_shown():
        frame = map_frame(page, timeout_s)
        return frame, frame.evaluate(COUNT_EVENT_MARKERS)

    frame, _ = poll(
        markers_shown,
        lambda seen: seen[1] == expected,
        timeout_s=timeout_s,
        what=f"{expected} markers on the map",
        every_s=0.025,
        wait=page_wait(page),
        tolerate=(PlaywrightError,),  # detached mid-update
    )
    return frame


MARKER_POINT = probe("marker_point")


def click_marker(page, frame, event_id: str) -> None:
    """Click where the map draws `event_id`'s marker (markers live on a canvas)."""
    point = frame.evaluate(MARKER_POINT, event_id)
    assert point is not None, f"no marker for {event_id} on the map"
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
