"""Vectorised pandas against DuckDB for the dashboard's filters, on the same events.

The dashboard filters with pandas masks (`events.filters.apply`). DuckDB is the
other embedded engine worth trying; this prints both, producing what the
app needs from a filter: a pandas frame of the rows in view. DuckDB scans an
Arrow copy of the table registered once (the fairest setting for it); its
registration time is printed apart. DuckDB is not a dependency: without it
installed (`pip install duckdb`) only pandas is measured.

    .venv/bin/python benchmarks/bench_filter_engines.py [--sizes 100000 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_filter import best_ms, typed_events  # noqa: E402
from events.cache import compact  # noqa: E402
from events.filters import apply  # noqa: E402
from events.view import ViewState  # noqa: E402

# Each filter as the dashboard states it and as SQL over the same columns.
FILTERS = {
    "country": (ViewState(countries=("Syria",)), "country = 'Syria'"),
    "type + actor + date": (
        ViewState(
            event_types=("Explosions/Remote violence",),
            actors=("Kata'ib Hezbollah",),
            date_from=date(2019, 1, 1),
            date_to=date(2019, 12, 31),
        ),
        "event_type = 'Explosions/Remote violence'"
        " AND (actor1 = 'Kata''ib Hezbollah' OR actor2 = 'Kata''ib Hezbollah')"
        " AND event_date BETWEEN DATE '2019-01-01' AND DATE '2019-12-31'",
    ),
    "date only": (ViewState(date_from=date(2020, 1, 1)), "event_date >= DATE '2020-01-01'"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    try:
        import duckdb
        import pyarrow as pa
    except ImportError:
        duckdb = None
        print("duckdb is not installed: only pandas is measured", file=sys.stderr)

    print(f"{'events':>9}  {'filter':<20} {'rows':>8} {'pandas ms':>10} {'duckdb ms':>10}")
    for n in args.sizes:
        events = compact(typed_events(n))
        con = None
        if duckdb is not None:
            started = time.perf_counter()
            con = duckdb.connect()
            con.register("events", pa.Table.from_pandas(events, preserve_index=False))
            registered = (time.perf_counter() - started) * 1000
            print(f"{n:>9,}  {'(register Arrow)':<20} {'':>8} {'':>10} {registered:>10.1f}")
        for name, (view, where) in FILTERS.items():
            pick = lambda view=view, events=events: apply(view, events)  # noqa: E731
            pandas_ms, shown = best_ms(pick, args.repeat)
            duck = "-"
            if con is not None:
                query = f"SELECT * FROM events WHERE {where}"
                duck_ms, found = best_ms(lambda q=query, con=con: con.execute(q).df(), args.repeat)
                assert len(found) == len(shown), (name, len(found), len(shown))
                duck = f"{duck_ms:.1f}"
            print(f"{n:>9,}  {name:<20} {len(shown):>8,} {pandas_ms:>10.1f} {duck:>10}")
    print(f"best of {args.repeat} runs; both return a pandas frame of the rows in view")


if __name__ == "__main__":
    main()
