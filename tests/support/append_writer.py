"""A writer process for the concurrent-append test: waits for a start signal, then appends.

    python -m tests.support.append_writer EVENTS_CSV WRITER APPENDS GO_FILE

It touches `GO_FILE.WRITER.ready` once imported, then waits for GO_FILE.

Each append adds two rows, one with its own `event_id` and one whose id is
generated (the same slug in every writer, so ids collide and must be made
unique), and cites the same source every writer cites. Every row's `notes`
says which writer and which append it came from, so the test can find each
row exactly once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from events.append import append_events

SOURCE = {
    "outlet": "Concurrency Wire",
    "title": "Writers at the same moment",
    "published": "2020-03-14",
    "url": "",
}


def row(writer: str, append: int, part: int) -> dict[str, str]:
    cells = {
        "event_date": "2020-03-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "weapon": "rockets",
        "actor1": "Unidentified armed group",
        "country": "Iraq",
        "location": "Camp Taji",
        "notes": f"writer {writer} append {append} row {part}",
    }
    if part == 0:
        cells["event_id"] = f"concurrent-{writer}-{append}"
    return cells


def ready_file(go: Path, writer: str) -> Path:
    return go.with_name(f"{go.name}.{writer}.ready")


def main(argv: list[str]) -> int:
    events, writer, appends, go = Path(argv[0]), argv[1], int(argv[2]), Path(argv[3])
    ready_file(go, writer).touch()  # imported and about to wait: the test may start us
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            return 3
        time.sleep(0.001)
    for append in range(appends):
        append_events(events, [row(writer, append, 0), row(writer, append, 1)], source=SOURCE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
