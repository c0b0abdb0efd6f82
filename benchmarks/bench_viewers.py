"""Many viewers of one link: the server's cost, measured with no browser in the way.

Each session is a websocket client speaking Streamlit's own protocol
(``BackMsg``/``ForwardMsg`` protobufs over ``/_stcore/stream``), as the
browser does: it asks for the first run, finds the search box's widget id in
the elements the server sends, and then changes the search text, either once
every ``--every`` seconds or again as soon as the last change reached it
(continuous). The time of one change is from sending it to receiving the map's
new element (the streamlit-folium component, whose data is the new markers);
the server's CPU (user + system, as a share of one core, and in seconds per
rerun served, which other work on a shared machine does not inflate much)
and resident memory are read from /proc for its processes, beside the
machine's load average. Behind nginx (deploy/nginx.conf) each
session first fetches the page, as a browser would, and keeps the route
cookie nginx sets, so it stays on one process.

Everything listens on 127.0.0.1; every row is bounded in sessions and seconds.

Run: .venv/bin/python benchmarks/bench_viewers.py            # the whole table, ~4 minutes
     .venv/bin/python benchmarks/bench_viewers.py --rows 50x5 20x0 --processes 1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.support.browser import free_port, wait_healthy  # noqa: E402

SEARCH_KEY = "f_text"
MAP_COMPONENT = "st_folium"
# Terms for the bundled events, each leaving a different set of markers.
TERMS = ("Baghdad", "", "Erbil", "Albu Kamal", "Syria", "Ain al-Asad", "Kata'ib", "Iraq")
CHANGE_TIMEOUT_S = 30.0
MAX_SESSIONS = 200
MAX_SECONDS = 120.0
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


@dataclass
class Row:
    sessions: int
    every_s: float  # 0: continuous
    processes: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_share: float = 0.0
    cpu_seconds: float = 0.0
    sent: int = 0  # changes sent in the timed part: each is one rerun of the script
    rss_mb: float = 0.0
    load: str = ""  # /proc/loadavg's 1-minute figure before and after the row

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]

    @staticmethod
    def header() -> str:
        return (
            f"{'processes':>9}  {'sessions':>8}  {'change every':>12}  {'changes':>7}  "
            f"{'per s':>6}  {'p50 s':>6}  {'p95 s':>6}  {'max s':>6}  {'CPU':>5}  "
            f"{'CPU s/rerun':>11}  {'RSS MB':>7}  {'errors':>6}  {'load':>9}"
        )

    def cpu_per_rerun(self) -> float:
        """Server CPU seconds per rerun served: comparable whatever else loads the machine."""
        return self.cpu_seconds / self.sent if self.sent else float("nan")

    def line(self, seconds: float) -> str:
        rate = "continuous" if self.every_s == 0 else f"{self.every_s:g} s"
        return (
            f"{self.processes:>9}  {self.sessions:>8}  {rate:>12}  {len(self.latencies):>7}  "
            f"{len(self.latencies) / seconds:>6.1f}  {self.percentile(0.5):>6.3f}  "
            f"{self.percentile(0.95):>6.3f}  {max(self.latencies, default=float('nan')):>6.3f}  "
            f"{self.cpu_share:>5.0%}  {self.cpu_per_rerun():>11.3f}  {self.rss_mb:>7.0f}  "
            f"{len(self.errors):>6}  {self.load:>9}"
        )


class Session:
    """One viewer: a websocket on the app, its widget ids, and the map's arrival."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.search_id: str | None = None
        self.page_hash = ""
        self.query = ""
        # The date pickers' values, sent back with every change as the browser does: a
        # client state that leaves them out is not one a browser sends.
        self.dates: dict[str, list[str]] = {}
        self.errors: list[str] = []

    async def rerun(self, text: str | None = None) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        if text is not None:
            widget = state.widget_states.widgets.add()
            widget.id = self.search_id
            widget.string_value = text
            for widget_id, value in self.dates.items():
                dates = state.widget_states.widgets.add()
                dates.id = widget_id
                dates.string_array_value.data.extend(value)
        await self.ws.send(msg.SerializeToString())

    async def until_map(self, timeout_s: float = CHANGE_TIMEOUT_S) -> float:
        """Read one run's messages to its end; return when (monotonic) the map's element came.

        The run goes on after the map (timeline, table, downloads); the next
        change is sent only once it has finished, as a viewer reading the map would.
        """
        deadline = time.monotonic() + timeout_s
        map_at = None
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.monotonic()))
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which == "text_input" and element.text_input.id.endswith(SEARCH_KEY):
                    self.search_id = element.text_input.id
                elif which == "date_input":
                    picker = element.date_input
                    self.dates[picker.id] = list(
                        picker.value if picker.set_value else picker.default
                    )
                elif which == "exception":
                    self.errors.append(f"exception: {element.exception.message[:120]}")
                elif which == "component_instance" and MAP_COMPONENT in (
                    element.component_instance.component_name
                ):
                    map_at = time.monotonic()
            elif kind == "script_finished":
                if map_at is None:
                    raise RuntimeError(
                        f"a run ended (status {msg.script_finished}) without the map"
                    )
                return map_at


async def _route_cookie(base: str) -> str | None:
    """The Set-Cookie nginx answers the page with (None straight to Streamlit)."""

    def fetch() -> str | None:
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            cookie = response.headers.get("Set-Cookie")
        return cookie.split(";", 1)[0] if cookie else None

    return await asyncio.to_thread(fetch)


@dataclass
class Gate:
    """Sessions load first; the timed part starts for all at once, when every one is ready."""

    sessions: int
    ready: int = 0
    failed: int = 0
    until: float = 0.0
    start: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait_all_loaded(self, timeout_s: float = 180) -> None:
        deadline = time.monotonic() + timeout_s
        while self.ready + self.failed < self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.1)


async def _viewer(base: str, index: int, row: Row, gate: Gate) -> None:
    terms = TERMS[index % len(TERMS) :] + TERMS[: index % len(TERMS)]
    loaded = False
    try:
        cookie = await _route_cookie(base)
        headers = {"Cookie": cookie} if cookie else None
        url = base.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(
            url, subprotocols=["streamlit"], additional_headers=headers, max_size=None
        ) as ws:
            session = Session(ws)
            await session.rerun()
            await session.until_map(timeout_s=120)
            if session.search_id is None:
                raise RuntimeError("no search box among the elements")
            loaded = True
            gate.ready += 1
            await gate.start.wait()
            # Spread the sessions' changes over one period, as independent viewers would.
            if row.every_s:
                await asyncio.sleep(row.every_s * index / row.sessions)
            step = 1
            while time.monotonic() < gate.until:
                began = time.monotonic()
                await session.rerun(terms[step % len(terms)])
                row.sent += 1
                step += 1
                row.latencies.append(await session.until_map() - began)
                if row.every_s:
                    await asyncio.sleep(max(0.0, began + row.every_s - time.monotonic()))
            row.errors += session.errors
    except TimeoutError:
        stage = "a change" if loaded else "the first map"
        row.errors.append(f"session {index}: {stage} got no answer within the time allowed")
    except Exception as error:  # noqa: BLE001 - one failing session is reported, not fatal
        row.errors.append(f"session {index}: {type(error).__name__}: {error}")
    finally:
        if not loaded:
            gate.failed += 1


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _load_1min() -> str:
    """The machine's 1-minute load average: others' work on a shared machine shows here."""
    return Path("/proc/loadavg").read_text().split()[0]


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


async def run_row(base: str, pids: list[int], row: Row, seconds: float) -> Row:
    """Open the row's sessions on `base`, then let each change its filter for `seconds`."""
    gate = Gate(row.sessions)
    tasks = [asyncio.create_task(_viewer(base, i, row, gate)) for i in range(row.sessions)]
    await gate.wait_all_loaded()
    load_before = _load_1min()
    cpu_before = _cpu_seconds(pids)
    began = time.monotonic()
    gate.until = began + seconds
    gate.start.set()
    await asyncio.gather(*tasks)
    row.cpu_seconds = _cpu_seconds(pids) - cpu_before
    row.cpu_share = row.cpu_seconds / (time.monotonic() - began)
    row.rss_mb = _rss_mb(pids)
    row.load = f"{load_before}-{_load_1min()}"
    return row


@contextlib.contextmanager
def app_processes(count: int, events: Path | None):
    """`count` Streamlit processes on free ports of 127.0.0.1: yield (ports, pids)."""
    ports = [free_port() for _ in range(count)]
    logs = Path(tempfile.mkdtemp(prefix="bench-viewers-"))
    env = {**os.environ, **({"EVENTS_CSV": str(events)} if events else {})}
    processes = []
    try:
        for port in ports:
            log = open(logs / f"streamlit-{port}.log", "w")  # noqa: SIM115
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "streamlit", "run", "app.py"]
                    + [f"--server.port={port}", "--server.address=127.0.0.1"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port, process in zip(ports, processes, strict=True):
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process, timeout_s=120)
        yield ports, [process.pid for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def nginx_config(text: str, listen: int, ports: list[int]) -> str:
    """deploy/nginx.conf with its listening port and upstream servers moved to these ports."""
    lines, upstream_done = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("listen 127.0.0.1:"):
            line = line.replace(stripped, f"listen 127.0.0.1:{listen};")
        elif stripped.startswith("server 127.0.0.1:"):
            if upstream_done:
                continue
            indent = line[: len(line) - len(line.lstrip())]
            line = "\n".join(f"{indent}server 127.0.0.1:{port};" for port in ports)
            upstream_done = True
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def nginx_in_front(ports: list[int]):
    """Debian's nginx with deploy/nginx.conf on a free port, proxying to `ports`: yield its URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    listen = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(NGINX_CONF.read_text(), listen, ports), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(prefix / "error.log", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{listen}"
    try:
        wait_healthy(f"{base}/_stcore/health", process, timeout_s=30)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def parse_row(text: str) -> tuple[int, float]:
    """`50x5`: 50 sessions, a change every 5 s each; `20x0`: 20 changing continuously."""
    sessions, _, every = text.partition("x")
    count, period = int(sessions), float(every or 5)
    if not 1 <= count <= MAX_SESSIONS:
        raise argparse.ArgumentTypeError(f"{text}: between 1 and {MAX_SESSIONS} sessions")
    return count, period


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows", type=parse_row, nargs="+", default=[(1, 5), (10, 5), (20, 5), (50, 5), (20, 0)]
    )
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], choices=[1, 2, 3, 4])
    parser.add_argument("--seconds", type=float, default=20.0, help="timed part of each row")
    parser.add_argument("--events", type=Path, default=None, help="events file (default: bundled)")
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)
    print(Row.header(), flush=True)
    for processes in args.processes:
        for sessions, every in args.rows:
            # Fresh processes per row: no row inherits another's sessions or caches.
            with app_processes(processes, args.events) as (ports, pids):
                if processes == 1:
                    base = f"http://127.0.0.1:{ports[0]}"
                    row = asyncio.run(run_row(base, pids, Row(sessions, every, 1), seconds))
                else:
                    with nginx_in_front(ports) as (base, nginx_pid):
                        row = Row(sessions, every, processes)
                        row = asyncio.run(run_row(base, [*pids, nginx_pid], row, seconds))
            print(row.line(seconds), flush=True)
            for error in row.errors[:3]:
                print(f"    {error}", flush=True)
    print(
        f"{seconds:g} s timed per row after every session drew its first map; a change = the "
        "search text set over the websocket, timed until the map's new element arrives; "
        "CPU = server processes' user+system time over wall time (1 core = 100%); "
        "CPU s/rerun = that time over the changes sent; load = 1-minute load average "
        "before-after; "
        f"{os.cpu_count()} cores, clients on the same machine"
    )


if __name__ == "__main__":
    main()
