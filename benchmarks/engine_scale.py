"""The engine path at scale: generated events straight to Parquet, then the view's queries timed.

Used by bench_scale.py (``--engine-sizes``). Events are generated typed, in
chunks of ``CHUNK`` rows, each chunk covering its own stretch of days, and
written as the engine's copy (events.engine.columns): date-sorted files with
skippable row groups, so a hundred million events never sit in memory at
once. 400 actors, 60 countries, 6 event types, six years.

Each measurement runs in a fresh process (``--engine-one``) so its peak
memory is its own: the first open and first full view (cold start: what a
new server process pays), the same again (warm start, OS cache warm),
then a filter change (three years, three actors, three countries) and back,
each timed from the view to the JSON the browser receives (summary totals,
grid cells or markers, the 1,000 newest rows, the timeline's counts).
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

CHUNK = 1_000_000
YEARS = 6
START = pd.Timestamp("2017-01-01")
COUNTRIES = ["Iraq", "Syria", *[f"Country {i:02d}" for i in range(58)]]
NAMED = ["United States", "US-led coalition", "Kata'ib Hezbollah", "Iran", "Islamic State"]
ACTORS = [*NAMED, "Unidentified armed group", *[f"Armed group {i:03d}" for i in range(394)]]
TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Armed clash"),
    ("Riots", "Violent demonstration"),
    ("Violence against civilians", "Attack"),
]
FILTERED = dict(
    date_from=date(2019, 1, 1),
    date_to=date(2021, 12, 31),
    actors=("Kata'ib Hezbollah", "Iran", "Armed group 007"),
    countries=("Iraq", "Syria", "Country 03"),
)


def chunk(n: int, first_day: int, days: int, first_row: int, rng) -> pd.DataFrame:
    """``n`` typed events dated within ``days`` days of ``first_day``, as the loader gives them."""
    country = rng.integers(0, len(COUNTRIES), n)
    # Countries sit on a 10 x 6 grid of 4-degree squares around the Middle East.
    lat = 10 + (country // 10) * 4 + rng.normal(2, 0.8, n)
    lon = 20 + (country % 10) * 4 + rng.normal(2, 0.8, n)
    kind = rng.integers(0, len(TYPES), n)
    types = np.array(TYPES, dtype=object)[kind]
    day = np.sort(rng.integers(first_day, first_day + days, n))
    fatalities = np.where(rng.random(n) < 0.6, 0, rng.zipf(2.0, n).clip(max=500))
    # Most days known, some only the week or the month, as in ACLED.
    precision = rng.choice([1, 2, 3], n, p=[0.9, 0.07, 0.03])
    return pd.DataFrame(
        {
            "event_id": [f"syn-{i:09d}" for i in range(first_row, first_row + n)],
            "event_date": (START + pd.to_timedelta(day, unit="D")).astype("datetime64[us]"),
            "time_precision": pd.array(precision, dtype="Int64"),
            "weapon": pd.Categorical.from_codes(rng.integers(0, len(WEAPONS), n), WEAPONS),
            "geo_precision": pd.array(rng.choice([1, 2, 3], n, p=[0.6, 0.3, 0.1]), dtype="Int64"),
            "event_type": pd.Categorical(types[:, 0]),
            "sub_event_type": pd.Categorical(types[:, 1]),
            "actor1": pd.Categorical.from_codes(rng.integers(0, len(ACTORS), n), ACTORS),
            "attribution": pd.Categorical.from_codes(rng.integers(0, 5, n), _ATTRIBUTIONS),
            "actor2": pd.Categorical.from_codes(rng.integers(0, len(ACTORS), n), ACTORS),
            "country": pd.Categorical.from_codes(country, COUNTRIES),
            "admin1": pd.Categorical.from_codes(country, [f"{c} region" for c in COUNTRIES]),
            "location": pd.Categorical.from_codes(country, [f"{c} town" for c in COUNTRIES]),
            "notes": None,
            "latitude": np.round(lat, 4),
            "longitude": np.round(lon, 4),
            "fatalities": pd.array(fatalities, dtype="Int64"),
            "wounded": pd.array(np.zeros(n, dtype=np.int64), dtype="Int64"),
        }
    )


_ATTRIBUTIONS = ["confirmed", "claimed", "alleged", "denied", "unknown"]
WEAPONS = ["rockets", "drone", "artillery", "small arms", "IED"]


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (Linux's VmHWM), in MB.

    Not ``getrusage``'s ``ru_maxrss``: a child process inherits its parent's
    peak at the fork, so every child of a parent that generated ten million
    events reported at least the parent's 1.4 GB.
    """
    status = Path("/proc/self/status").read_text()
    kilobytes = next(row.split()[1] for row in status.splitlines() if row.startswith("VmHWM:"))
    return int(kilobytes) / 1024


def write_events(size: int, folder: Path, seed: int = 7) -> Path:
    """``size`` generated events as the engine's Parquet copy in ``folder``, chunk by chunk."""
    from events.engine.columns import write_parquet_chunks

    rng = np.random.default_rng(seed)
    total_days = YEARS * 365
    parts = max(1, -(-size // CHUNK))

    def chunks():
        for k in range(parts):
            n = min(CHUNK, size - k * CHUNK)
            first = k * total_days // parts
            days = max(1, (k + 1) * total_days // parts - first)
            yield chunk(n, first, days, k * CHUNK, rng)

    write_parquet_chunks(chunks(), folder)
    return folder


def _view_json(engine, view) -> tuple[bytes, dict[str, float]]:
    """Everything the page sends for a view (components.view_data.page_data, as the
    dashboard builds it), and how long each of its queries took (seconds)."""
    from components.map.markers import marker_table
    from components.table import table_frame
    from components.view_data import EngineView, page_data

    took: dict[str, float] = {}
    run = engine.execute

    def timed(expr):
        started = time.perf_counter()
        try:
            return run(expr)
        finally:
            took[f"{len(took)} {str(expr.op().__class__.__name__)}"] = time.perf_counter() - started

    engine.execute = timed
    try:
        found = page_data(EngineView(engine), view)
    finally:
        del engine.execute
    layer = found.cells if found.cells is not None else marker_table(found.markers)
    timeline = found.timeline_rows if found.timeline_rows is not None else found.counts
    payload = json.dumps(
        {
            "summary": found.line,
            "map": layer,
            "table": table_frame(found.newest).to_json(orient="split", date_format="iso"),
            "timeline": timeline.to_json(orient="split", date_format="iso"),
        },
        default=str,
    ).encode()
    return payload, took


def measure_engine(folder: Path, runs: int) -> dict:
    """The engine path's numbers for the Parquet copy in ``folder``, in this process."""
    from events.engine import backend, query
    from events.view import ViewState

    started, cpu = time.perf_counter(), time.process_time()
    engine = backend.open_source(str(folder))
    vocab = query.vocabulary(engine)
    _view_json(engine, ViewState())
    start_s, start_cpu = time.perf_counter() - started, time.process_time() - cpu
    whole, filtered, longest, filter_cpu = [], [], 0.0, []
    view = ViewState(**FILTERED)
    for _ in range(runs):
        for target, times in ((view, filtered), (ViewState(), whole)):
            started, cpu = time.perf_counter(), time.process_time()
            payload, took = _view_json(engine, target)
            times.append((time.perf_counter() - started, len(payload)))
            if target is view:
                filter_cpu.append(time.process_time() - cpu)
            longest = max(longest, *took.values())
    return {
        "events": query.total(engine),
        "in_view": query.totals(engine, view).shown,
        "actors": len(vocab.actors),
        "start_s": start_s,
        # CPU seconds of all the process's threads: what the work costs when
        # the machine is shared (wall times grow with other people's load).
        "start_cpu_s": start_cpu,
        "filter_cpu_s": statistics.median(filter_cpu),
        "filter_s": statistics.median(t for t, _ in filtered),
        "bytes_view": filtered[0][1],
        "all_s": statistics.median(t for t, _ in whole),
        "bytes_all": whole[0][1],
        "longest_query_s": longest,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_pandas(folder: Path, runs: int) -> dict:
    """Today's path on the same events: all of them in pandas, filtered and aggregated there."""
    import pyarrow.parquet as pq

    from components.map.cells import cell_table
    from components.table import MAX_ROWS, table_frame
    from components.timeline import timeline_points
    from events.engine.columns import VIEW_COLUMNS
    from events.filters import apply
    from events.view import ViewState

    started = time.perf_counter()
    events = pq.read_table(folder, columns=[*VIEW_COLUMNS, "row"]).to_pandas()
    events = events.sort_values("row").drop(columns="row").reset_index(drop=True)
    from events.cache import compact

    events = compact(events)
    start_s = time.perf_counter() - started
    times = []
    view = ViewState(**FILTERED)
    for _ in range(runs):
        started = time.perf_counter()
        shown = apply(view, events)
        json.dumps(cell_table(shown))
        table_frame(shown, limit=MAX_ROWS).to_json()
        timeline_points(
            apply(ViewState(**{**FILTERED, "date_from": None, "date_to": None}), events)
        )
        times.append(time.perf_counter() - started)
    return {
        "pandas_start_s": start_s,
        "pandas_filter_s": statistics.median(times),
        "pandas_rss_mb": peak_rss_mb(),
    }


def _page_bytes(at) -> tuple[int, int]:
    """Bytes of the map's update and of everything the run sent (each element's message)."""
    component = at.get("component_instance")[0]
    layer = len(json.loads(component.proto.json_args)["feature_group"].encode())
    sent = 0
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            sent += proto.ByteSize()
        stack.extend(getattr(node, "children", {}).values())
    return layer, sent


def measure_app(events: Path, runs: int, pandas: bool = False) -> dict:
    """The dashboard itself, headless (Streamlit's AppTest), in this process.

    ``events`` is an engine Parquet folder opened as EVENTS_SOURCE, or with
    ``pandas`` a CSV the page loads into memory (the switch set above it).
    Start = the first run (open, vocabulary, first view, every component);
    filter -> map = one rerun after the filters change (three years, three
    actors, three countries) and one back to every event, the shared view
    caches emptied first so each rerun asks again; RSS = this process's peak.
    """
    import os

    from streamlit.testing.v1 import AppTest

    # The loader's cache beside the events, not in the user's cache folder.
    os.environ["EVENTS_CACHE_DIR"] = str(Path(events).parent / "cache")
    if pandas:
        os.environ["EVENTS_CSV"] = str(events)
        os.environ["EVENTS_ENGINE_ABOVE"] = str(10**12)
        os.environ.pop("EVENTS_SOURCE", None)
    else:
        os.environ["EVENTS_SOURCE"] = str(events)
    root = Path(__file__).resolve().parent.parent
    started, cpu = time.perf_counter(), time.process_time()
    at = AppTest.from_file(str(root / "app.py"), default_timeout=3600)
    at.run()
    assert not at.exception, [(e.message, e.stack_trace) for e in at.exception]
    start_s, start_cpu = time.perf_counter() - started, time.process_time() - cpu
    from datetime import timedelta

    wall, cpus, sizes, back = [], [], [], []
    low, high = _all_dates(at)
    for k in range(runs):
        # A day further each time, so no rerun finds its view in a shared cache.
        shift = timedelta(days=k + 1)
        for narrow in (True, False):
            f = FILTERED
            at.multiselect(key="f_actors").set_value(list(f["actors"]) if narrow else [])
            at.multiselect(key="f_countries").set_value(list(f["countries"]) if narrow else [])
            dates = (f["date_from"] + shift, f["date_to"]) if narrow else (low, high - shift)
            at.date_input(key="f_dates").set_value(dates)
            started, cpu = time.perf_counter(), time.process_time()
            at.run()
            took = time.perf_counter() - started
            assert not at.exception, [(e.message, e.stack_trace) for e in at.exception]
            if narrow:
                wall.append(took)
                cpus.append(time.process_time() - cpu)
                sizes.append(_page_bytes(at))
            else:
                back.append(took)
    return {
        "app_start_s": start_s,
        "app_start_cpu_s": start_cpu,
        "app_filter_s": statistics.median(wall),
        "app_filter_cpu_s": statistics.median(cpus),
        "app_all_s": statistics.median(back),
        "app_layer_bytes": sizes[0][0],
        "app_sent_bytes": sizes[0][1],
        "app_rss_mb": peak_rss_mb(),
    }


def _all_dates(at) -> tuple:
    widget = at.date_input(key="f_dates")
    return (widget.min, widget.max)
