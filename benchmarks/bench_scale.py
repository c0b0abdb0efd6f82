"""How the dashboard's server side scales: 10k, 100k and 1M generated events.

For each size, in a fresh process (so peak memory belongs to that size
alone): cold load (parse, validate, compact, write the events cache), warm
load (read the cache back, what a restart costs), filter time (type + actor
+ date, as `bench_filter.py`), the bytes one map update sends (the
feature-group string streamlit-folium ships, for the whole view and a
filtered one) with the time to build it, and the process's peak memory.
A second process then starts from the cache the first one wrote, as a
restart would, and its peak memory is shown too. Prints medians of `--runs`
runs as a table.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--runs 3]

With ``--engine-sizes 1000000 10000000 100000000`` it measures the engine
path instead (benchmarks/engine_scale.py): events generated straight to
date-sorted Parquet in chunks, embedded DuckDB answering each view (the
page's own builder, components.view_data.page_data), and the pandas path on
the same file for sizes up to ``--pandas-max``. Then the dashboard itself,
headless (Streamlit's AppTest, every component drawn): on the engine as
EVENTS_SOURCE, and in memory from a CSV of the same events for sizes up to
``--pandas-page-max``, each in fresh processes (the first a cold start, the
others warm: OS cache filled, a new server process).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.engine_scale import peak_rss_mb  # noqa: E402


def measure(path: Path, runs: int, folder: Path) -> dict:
    """Every number for the events at `path`, in this process."""
    import os

    os.environ["EVENTS_CACHE_DIR"] = str(folder / "cache")
    import folium
    from streamlit_folium import _get_feature_group_string

    from components import data
    from components.map import assembly as event_map
    from events import cache
    from events.filters import apply
    from events.view import ViewState

    load = data._load_dataset.__wrapped__  # past Streamlit's in-process cache
    cold, warm = [], []
    for _ in range(runs):
        for entry in (folder / "cache").glob("*.parquet"):
            entry.unlink()
        started = time.perf_counter()
        dataset = load(str(path), (0, 0))
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        dataset = load(str(path), (0, 0))
        warm.append(time.perf_counter() - started)
    assert list((folder / "cache").glob("*.parquet")), "the cold load wrote no cache entry"
    events = dataset.events
    view = ViewState(
        event_types=("Explosions/Remote violence",),
        actors=("Kata'ib Hezbollah", "Iran"),
        date_from=date(2018, 1, 1),
        date_to=date(2021, 12, 31),
    )
    filtering = []
    for _ in range(max(runs, 5)):
        started = time.perf_counter()
        shown = apply(view, events)
        filtering.append(time.perf_counter() - started)

    def update(frame) -> tuple[int, float]:
        started = time.perf_counter()
        text = _get_feature_group_string(event_map.event_layer(frame), folium.Map(tiles=None))
        return len(text.encode()), time.perf_counter() - started

    whole = [update(events) for _ in range(runs)]
    narrowed = [update(shown) for _ in range(runs)]
    return {
        "events": len(events),
        "in_view": len(shown),
        "cold_s": statistics.median(cold),
        "warm_s": statistics.median(warm),
        "filter_ms": statistics.median(filtering) * 1000,
        "bytes_all": whole[0][0],
        "build_all_ms": statistics.median(t for _, t in whole) * 1000,
        "bytes_view": narrowed[0][0],
        "build_view_ms": statistics.median(t for _, t in narrowed) * 1000,
        "frame_mb": events.memory_usage(deep=True).sum() / 1e6,
        "cache_mb": sum(p.stat().st_size for p in (folder / "cache").glob("*.parquet")) / 1e6,
        "schema_version": cache.SCHEMA_VERSION,
        "peak_rss_mb": peak_rss_mb(),
    }


def warm_start(path: Path) -> dict:
    """Peak memory of a restart: load from the cache the cold load wrote, build one map update."""
    import os

    os.environ["EVENTS_CACHE_DIR"] = str(path.parent / "cache")
    import folium
    from streamlit_folium import _get_feature_group_string

    from components import data
    from components.map import assembly as event_map

    started = time.perf_counter()
    dataset = data._load_dataset.__wrapped__(str(path), (0, 0))
    took = time.perf_counter() - started
    _get_feature_group_string(event_map.event_layer(dataset.events), folium.Map(tiles=None))
    return {
        "restart_load_s": took,
        "restart_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine-sizes", type=int, nargs="+")
    parser.add_argument("--pandas-max", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="generate the engine's files here and keep them")
    parser.add_argument("--engine-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pandas-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pandas-page-max", type=int, default=1_000_000)
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the engine page in headless Chromium"
    )
    parser.add_argument("--app-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--app-pandas-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm-start", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.app_one or args.app_pandas_one:
        from benchmarks import engine_scale

        path, pandas = (args.app_one, False) if args.app_one else (args.app_pandas_one, True)
        print(json.dumps(engine_scale.measure_app(path, args.runs, pandas=pandas)))
        return
    if args.engine_one or args.pandas_one:
        from benchmarks import engine_scale

        if args.engine_one:
            print(json.dumps(engine_scale.measure_engine(args.engine_one, args.runs)))
        else:
            print(json.dumps(engine_scale.measure_pandas(args.pandas_one, args.runs)))
        return
    if args.engine_sizes:
        engine_main(args)
        return
    if args.one:
        print(json.dumps(measure(args.one, args.runs, args.one.parent)))
        return
    if args.warm_start:
        print(json.dumps(warm_start(args.warm_start)))
        return
    from benchmarks.synthetic import write

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            # Written here, so generating the file counts in no child's peak memory.
            path = write(size, Path(folder) / f"events-{size}.csv")
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(path), "--runs", str(args.runs)],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(child.stdout.strip().splitlines()[-1])
            # A restart: a new process that finds the entry the cold load wrote.
            child = subprocess.run(
                [sys.executable, __file__, "--warm-start", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append({**row, **json.loads(child.stdout.strip().splitlines()[-1])})
            path.unlink()
            shutil.rmtree(Path(folder) / "cache")
    print(
        f"{'events':>9} {'cold s':>7} {'warm s':>7} {'filter ms':>9} {'in view':>8} "
        f"{'update KB all':>13} {'build ms':>8} {'update KB view':>14} {'build ms':>8} "
        f"{'frame MB':>8} {'cache MB':>8} {'peak RSS MB':>11} {'restart RSS MB':>14}"
    )
    for r in rows:
        print(
            f"{r['events']:>9,} {r['cold_s']:>7.2f} {r['warm_s']:>7.3f} {r['filter_ms']:>9.1f} "
            f"{r['in_view']:>8,} {r['bytes_all'] / 1024:>13.1f} {r['build_all_ms']:>8.0f} "
            f"{r['bytes_view'] / 1024:>14.1f} {r['build_view_ms']:>8.0f} "
            f"{r['frame_mb']:>8.1f} {r['cache_mb']:>8.1f} {r['peak_rss_mb']:>11.0f} "
            f"{r['restart_rss_mb']:>14.0f}"
        )
    print(
        f"medians of {args.runs} runs; cold = parse + validate + compact + write cache, "
        "warm = read the cache; update = bytes of the map layer sent on a filter change; "
        "restart = peak memory of a new process that loads from the cache and draws the map"
    )


def _child(*args: str) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def engine_main(args) -> None:
    """The engine path at each size: cold and warm start, filter -> map payload, memory."""
    from benchmarks import engine_scale

    rows = []
    for size in args.engine_sizes:
        base = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
        folder = base / f"events-{size}"
        started = time.perf_counter()
        if not folder.exists():
            engine_scale.write_events(size, folder)
        written = time.perf_counter() - started
        disk = sum(p.stat().st_size for p in folder.glob("*.parquet"))
        cold = _child("--engine-one", str(folder), "--runs", str(args.runs))
        warm = [_child("--engine-one", str(folder), "--runs", str(args.runs)) for _ in range(2)]
        row = {
            **cold,
            "write_s": written,
            "disk_mb": disk / 1e6,
            "cold_s": cold["start_s"],
            "warm_s": statistics.median(w["start_s"] for w in warm),
            "filter_s": statistics.median([cold["filter_s"], *(w["filter_s"] for w in warm)]),
            "peak_rss_mb": max([cold["peak_rss_mb"], *(w["peak_rss_mb"] for w in warm)]),
            "longest_query_s": max(
                [cold["longest_query_s"], *(w["longest_query_s"] for w in warm)]
            ),
        }
        if size <= args.pandas_max:
            try:
                row.update(_child("--pandas-one", str(folder), "--runs", str(args.runs)))
            except subprocess.CalledProcessError as error:
                print(f"pandas path at {size:,}: failed ({error.stderr[-300:]})", file=sys.stderr)
        row.update(_pages(folder, size, args))
        if not args.no_browser:
            from benchmarks import engine_browser

            with tempfile.TemporaryDirectory(prefix="bench-scale-cache-") as cache:
                row.update(engine_browser.measure(folder, args.runs, Path(cache)))
            if size <= args.pandas_page_max:
                with tempfile.TemporaryDirectory(prefix="bench-scale-cache-") as cache:
                    found = engine_browser.measure(folder, args.runs, Path(cache), _csv_of(folder))
                row["pandas_browser"] = found
        rows.append(row)
        if args.keep is None:
            shutil.rmtree(base)
    print(
        f"{'events':>11} {'write s':>7} {'disk MB':>7} {'cold s':>6} {'warm s':>6} "
        f"{'filter->map s':>13} {'KB/update':>9} {'all s':>6} {'longest q s':>11} "
        f"{'RSS MB':>6} | {'pandas load s':>13} {'filter s':>8} {'RSS MB':>6}"
    )
    for r in rows:
        pandas = (
            f"{r['pandas_start_s']:>13.1f} {r['pandas_filter_s']:>8.2f} {r['pandas_rss_mb']:>6.0f}"
            if "pandas_start_s" in r
            else f"{'does not fit':>13} {'':>8} {'':>6}"
        )
        print(
            f"{r['events']:>11,} {r['write_s']:>7.0f} {r['disk_mb']:>7.0f} {r['cold_s']:>6.2f} "
            f"{r['warm_s']:>6.2f} {r['filter_s']:>13.3f} {r['bytes_view'] / 1024:>9.1f} "
            f"{r['all_s']:>6.2f} {r['longest_query_s']:>11.2f} {r['peak_rss_mb']:>6.0f} | " + pandas
        )
    print(
        f"medians of {args.runs} filter changes in each of 3 processes (1 cold, 2 warm); "
        "filter->map = the view's queries (totals, cells, 1,000 newest, timeline) to the JSON "
        "sent; start = open + vocabulary + first view; RSS = peak of the server process"
    )
    print()
    print(
        f"{'dashboard':>11} {'path':>6} {'cold s':>7} {'warm s':>7} {'start cpu':>9} "
        f"{'filter s':>8} {'cpu s':>6} {'back s':>6} {'map KB':>7} {'sent KB':>8} {'RSS MB':>7}"
    )
    for r in rows:
        for path in ("engine", "pandas"):
            page = r.get(f"page_{path}")
            if page is None:
                continue
            print(
                f"{r['events']:>11,} {path:>6} {page['cold_s']:>7.2f} {page['warm_s']:>7.2f} "
                f"{page['start_cpu_s']:>9.2f} {page['filter_s']:>8.3f} "
                f"{page['filter_cpu_s']:>6.3f} "
                f"{page['all_s']:>6.3f} {page['layer_kb']:>7.1f} {page['sent_kb']:>8.1f} "
                f"{page['rss_mb']:>7.0f}"
            )
    print(
        "the dashboard run headless (AppTest): cold = first run of a fresh process, warm = the "
        "same in a second process; filter = one rerun after the filters change (server side, "
        "every component), back = the rerun to every event; map KB = the map layer sent, "
        "sent KB = every element of the run; RSS = peak of the process; medians; load average: "
        + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    )
    browsed = [r for r in rows if "browser_filter_s" in r]
    if browsed:
        print()
        print(
            f"{'in Chromium':>11} {'path':>6} {'cold s':>7} {'warm s':>7} {'filter->map s':>13} "
            f"{'max s':>6} {'back s':>6} {'KB/update':>9} {'server MB':>9}"
        )
        for r in browsed:
            for path, b in (("engine", r), ("pandas", r.get("pandas_browser"))):
                if b is None:
                    continue
                print(
                    f"{r['events']:>11,} {path:>6} {b['browser_cold_s']:>7.1f} "
                    f"{b['browser_warm_s']:>7.1f} "
                    f"{b['browser_filter_s']:>13.3f} {b['browser_filter_max_s']:>6.3f} "
                    f"{b['browser_back_s']:>6.3f} {b['browser_update_kb']:>9.1f} "
                    f"{b['browser_server_mb']:>9.0f}"
                )
        print(
            "the engine page served on EVENTS_SOURCE (pandas: the same events as a CSV file, "
            "loaded into memory), in headless Chromium at 1400x900: cold/warm "
            "= server launch to the map showing every event (first server: DuckDB's copy and the "
            "opening view made; second: read back); filter->map = picking one more country, timed "
            "in the page from the rerun request to the frame showing its events (a new view each "
            f"time; median and max of {args.runs}); back = clearing it (the start view); KB/update "
            "= websocket bytes of the change; server MB = peak RSS of the warm server"
        )


def _pages(folder: Path, size: int, args) -> dict:
    """The dashboard on the engine and, up to ``--pandas-page-max``, in memory, per process."""
    found = {}
    runs = [("engine", "--app-one", folder)]
    if size <= args.pandas_page_max:
        runs.append(("pandas", "--app-pandas-one", _csv_of(folder)))
    for path, flag, events in runs:
        try:
            started = [_child(flag, str(events), "--runs", str(args.runs)) for _ in range(3)]
        except subprocess.CalledProcessError as error:
            print(f"{path} page at {size:,}: failed ({error.stderr[-600:]})", file=sys.stderr)
            continue
        cold, warm = started[0], started[1:]
        every = [cold, *warm]
        found[f"page_{path}"] = {
            "cold_s": cold["app_start_s"],
            "warm_s": statistics.median(w["app_start_s"] for w in warm),
            "start_cpu_s": statistics.median(w["app_start_cpu_s"] for w in warm),
            "filter_s": statistics.median(w["app_filter_s"] for w in every),
            "filter_cpu_s": statistics.median(w["app_filter_cpu_s"] for w in every),
            "all_s": statistics.median(w["app_all_s"] for w in every),
            "layer_kb": cold["app_layer_bytes"] / 1024,
            "sent_kb": cold["app_sent_bytes"] / 1024,
            "rss_mb": max(w["app_rss_mb"] for w in every),
        }
    return found


def _csv_of(folder: Path) -> Path:
    """The engine's events as a CSV in our schema, for the in-memory page to load."""
    import pyarrow.parquet as pq

    from events.engine.columns import DETAIL_COLUMNS, VIEW_COLUMNS

    path = folder.with_suffix(".csv")
    if not path.exists():
        table = pq.read_table(folder)
        names = [n for n in (*VIEW_COLUMNS, *DETAIL_COLUMNS) if n in table.column_names]
        frame = table.select([*names, "row"]).to_pandas().sort_values("row")
        frame = frame.drop(columns="row").assign(
            source="synthetic", event_date=lambda f: f["event_date"].dt.strftime("%Y-%m-%d")
        )
        frame.to_csv(path, index=False)
    return path


if __name__ == "__main__":
    main()
