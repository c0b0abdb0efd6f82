"""Time the view module on generated events: filtering, describing, decoding links.

Filtering runs on every rerun of the dashboard, so it has to stay far below
the 200 ms a whole rerun may take; the goal for a type + actor + date filter
is under 50 ms at a million events. Prints the best of several runs, in ms.

    .venv/bin/python benchmarks/bench_filter.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generate  # noqa: E402
from events import schema  # noqa: E402
from events.filters import apply, describe  # noqa: E402
from events.links import from_query_params, to_query_params  # noqa: E402
from events.sides import sides_for  # noqa: E402
from events.view import ViewState, Vocabulary  # noqa: E402

NOTES = np.array(
    [
        "Rockets hit the base; two soldiers were killed.",
        "Air strikes on weapons depots near the border.",
        "Reports disagree on the number of dead.",
        "Drone strike on a convoy on the highway.",
        "Frappe aérienne revendiquée près de Qaïm.",
        "Katyusha rockets launched from a truck.",
    ],
    dtype=object,
)


def typed_events(n: int) -> pd.DataFrame:
    """Generated events with the dtypes the loader hands to the dashboard."""
    raw = generate(n)
    rng = np.random.default_rng(11)
    df = raw.copy()
    df.insert(0, "csv_row", np.arange(2, n + 2, dtype=np.int64))
    df["event_date"] = pd.to_datetime(raw["event_date"], format="%Y-%m-%d")
    for column in ("time_precision", "geo_precision"):
        df[column] = pd.to_numeric(raw[column]).astype("Int8")
    for column in schema.INT_COLUMNS:
        df[column] = pd.to_numeric(raw[column].replace("", None)).astype("Int64")
    for column in ("latitude", "longitude"):
        df[column] = pd.to_numeric(raw[column]).astype("float64")
    df["notes"] = NOTES[rng.integers(0, len(NOTES), n)]
    typed = {"csv_row", "event_date", "time_precision", "geo_precision", "latitude", "longitude"}
    typed |= set(schema.INT_COLUMNS)
    for column in df.columns:
        if column not in typed:
            df[column] = df[column].where(df[column] != "").astype("str")
    return df


def best_ms(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` runs in ms, and what the action returned."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def cases(df: pd.DataFrame) -> dict[str, Callable[[], object]]:
    vocab = Vocabulary.from_events(df)
    target = ViewState(
        date_from=date(2019, 1, 1),
        date_to=date(2019, 12, 31),
        event_types=("Explosions/Remote violence",),
        actors=("Kata'ib Hezbollah",),
    )
    many_actors = ViewState(actors=tuple(vocab.actors[:4]))
    everything = ViewState(
        date_from=date(2018, 1, 1),
        date_to=date(2020, 12, 31),
        actors=("Kata'ib Hezbollah", "Iran"),
        event_types=("Explosions/Remote violence",),
        sub_event_types=("Air/drone strike", "Shelling/artillery/missile attack"),
        countries=("Iraq", "Syria"),
        attributions=("claimed", "alleged", "confirmed"),
        sides=("iran",),
        text="rockets",
    )
    shown = apply(target, df)
    link = to_query_params(everything) | {"event": "syn-0000001", "zoom": "7"}
    return {
        "type + actor + date": lambda: apply(target, df),
        "date only": lambda: apply(ViewState(date_from=date(2020, 1, 1)), df),
        "4 actors (isin)": lambda: apply(many_actors, df),
        "side": lambda: apply(ViewState(sides=("iran",)), df),
        'text "taji"': lambda: apply(ViewState(text="taji"), df),
        'text "qaim" (accents)': lambda: apply(ViewState(text="qaim"), df),
        "all filters": lambda: apply(everything, df),
        "describe": lambda: describe(target, df, shown),
        "sides_for(actor1)": lambda: sides_for(df["actor1"]),
        "Vocabulary.from_events": lambda: Vocabulary.from_events(df),
        "from_query_params": lambda: from_query_params(link, vocab),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    results: dict[str, dict[int, float]] = {}
    # Share of the rows a filter keeps: copying them is part of its cost.
    kept: dict[str, str] = {}
    for n in args.sizes:
        start = time.perf_counter()
        df = typed_events(n)
        print(f"generated {n:,} events in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        for name, action in cases(df).items():
            results.setdefault(name, {})[n], result = best_ms(action, args.repeat)
            if isinstance(result, pd.DataFrame):
                kept[name] = f"{len(result) / n:.0%}"

    width = max(len(name) for name in results)
    header = (
        f"{'ms (best of ' + str(args.repeat) + ')':<{width}}"
        + "".join(f"{n:>12,}" for n in args.sizes)
        + f"{'rows kept':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, by_size in results.items():
        times = "".join(f"{by_size[n]:>12.1f}" for n in args.sizes)
        print(f"{name:<{width}}{times}{kept.get(name, ''):>11}")


if __name__ == "__main__":
    main()
