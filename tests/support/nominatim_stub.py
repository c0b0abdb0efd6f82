"""A local stand-in for Nominatim's /search endpoint, for tests that run the real geopy client.

It listens on 127.0.0.1 on a free port, in a thread. Tests either register
places (`stub.places["camp taji"] = [result]`) or script the next replies
(`stub.script(Reply(429, headers={"Retry-After": "7"}), Reply(200, [...]))`), and
afterwards read `stub.hits`: what each request asked and which User-Agent it sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=list)  # JSON-serialisable, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class Hit:
    path: str
    params: dict[str, str]
    user_agent: str
    at: float


def result(
    name: str,
    lat: float,
    lon: float,
    *,
    osm_type: str = "way",
    osm_id: int = 123,
    addresstype: str = "military",
    country_code: str = "iq",
    **extra: Any,
) -> dict[str, Any]:
    """One Nominatim search result as format=json&addressdetails=1 returns it."""
    return {
        "place_id": 1,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": osm_type,
        "osm_id": osm_id,
        "lat": str(lat),
        "lon": str(lon),
        "class": extra.pop("class_", "landuse"),
        "type": extra.pop("type", addresstype),
        "place_rank": extra.pop("place_rank", 30),
        "importance": 0.3,
        "addresstype": addresstype,
        "name": name,
        "display_name": f"{name}, Iraq",
        "address": {"country": "Iraq", "country_code": country_code},
        "boundingbox": [str(lat - 0.01), str(lat + 0.01), str(lon - 0.01), str(lon + 0.01)],
        **extra,
    }


class NominatimStub:
    def __init__(self) -> None:
        self.places: dict[str, list[dict[str, Any]]] = {}
        self.replies: deque[Reply] = deque()
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                return

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                with stub._lock:
                    stub.hits.append(
                        Hit(url.path, params, self.headers.get("User-Agent", ""), time.monotonic())
                    )
                    reply = stub.replies.popleft() if stub.replies else None
                if reply is None:
                    if url.path != "/search":
                        reply = Reply(404, {"error": "not found"})
                    else:
                        reply = Reply(200, stub.places.get(params.get("q", "").lower(), []))
                if reply.delay:
                    time.sleep(reply.delay)
                body = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test); nothing to answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def domain(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def start(self) -> NominatimStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


class FakeClock:
    """A clock that only moves when something sleeps on it: waits are recorded, not spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
