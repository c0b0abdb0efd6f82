"""How well `ingest.extract` reads the five seed reports, field by field.

    python benchmarks/eval_ingest.py [--seeds DIR] [--gold FILE] [-v]
    python benchmarks/eval_ingest.py --dev      # the development reports
    python benchmarks/eval_ingest.py --both     # the seeds' table, then the dev table
    python benchmarks/eval_ingest.py --dev --reports 135-144 -v   # a subset of the reports
    python benchmarks/eval_ingest.py --heldout  # the held-out reports, never tuned against

The development set (`benchmarks/ingest_dev/`, gold `benchmarks/ingest_dev_gold.csv`)
holds short wire-style reports written for this evaluation about events of
2020-2024 in Iraq, Syria, Jordan, Yemen and the Red Sea, Lebanon, Israel, the
Gulf and Iran; the rules have been tuned on the seeds and on these.
The held-out set (`benchmarks/ingest_heldout/`, gold
`benchmarks/ingest_heldout_gold.csv`) is written the same way about other
events and is never used to tune the rules: its score is the one to expect on
reports never seen. Once a held-out set has been looked at to fix a rule, it
joins the development set and a fresh one is written (reports 200-211 and
300-311 were held out first, each scored once before it was looked at;
400-411 are the current set).

The gold list (`benchmarks/ingest_gold.csv`) was built by reading each report
and writing down what *the report itself* says: its events, dated as the
report dates them, placed as precisely as the report places them, with the
figures it gives as a low/high range. Facts the report does not give are
blank: a blank date or place is right only when the extractor leaves it
blank too (it must not guess). `news` separates the events a report is about
from earlier ones it recalls.

A candidate is paired with a gold event of its report when the event types
agree and the date or the place agrees (greedy, best agreement first). Per
field, recall is the share of gold events with that field that got it right,
precision the share of candidates giving that field that are right:

- date: within a day at day precision; the same month at month precision;
- place: within 25 km, or the same country when either is only a country;
- actor: the canonical actor is one of the gold's alternatives;
- killed / wounded: the candidate's best figure inside the gold range (a
  blank high end is open).

"of found" is the share right among the gold events the extractor found.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.schema import COLUMN_NAMES  # noqa: E402
from geo.place import distance_km  # noqa: E402
from ingest import extract  # noqa: E402
from ingest.actors import canonical_actor  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT / "benchmarks" / "ingest_gold.csv"
DEV = ROOT / "benchmarks" / "ingest_dev"
DEV_GOLD = ROOT / "benchmarks" / "ingest_dev_gold.csv"
HELDOUT = ROOT / "benchmarks" / "ingest_heldout"
HELDOUT_GOLD = ROOT / "benchmarks" / "ingest_heldout_gold.csv"
COUNTRY_CENTRES = {"Iraq": (33.0, 44.0), "Syria": (35.0, 38.5)}
FIELDS = ("date", "place", "event_type", "sub_event_type", "actor", "attribution", "killed",
          "wounded")  # fmt: skip


@dataclass
class Score:
    right: int = 0
    gold: int = 0
    given: int = 0
    right_given: int = 0
    found: int = 0

    def recall(self) -> float | None:
        return self.right / self.gold if self.gold else None

    def of_found(self) -> float | None:
        return self.right / self.found if self.found else None

    def precision(self) -> float | None:
        return self.right_given / self.given if self.given else None


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def date_ok(gold: dict, row: dict) -> bool:
    g, p = _day(gold["event_date"]), _day(row["event_date"])
    if g is None or p is None:
        return g is None and p is None
    if gold["time_precision"] == "3" or row["time_precision"] == "3":
        return (g.year, g.month) == (p.year, p.month)
    return abs((g - p).days) <= 1


def place_ok(gold: dict, row: dict) -> bool:
    if not gold["location"] or not row["location"]:
        return not gold["location"] and not row["location"]
    glat, glon = _float(gold["latitude"]), _float(gold["longitude"])
    plat, plon = _float(row["latitude"]), _float(row["longitude"])
    if None in (glat, glon, plat, plon):
        return False
    if gold["place_level"] == "country" or row["geo_precision"] == "3":
        return gold_country(gold) == row["country"] or distance_km(glat, glon, plat, plon) <= 25
    return distance_km(glat, glon, plat, plon) <= 25


def gold_country(gold: dict) -> str:
    lat, lon = _float(gold["latitude"]), _float(gold["longitude"])
    for name, (clat, clon) in COUNTRY_CENTRES.items():
        if lat is not None and abs(lat - clat) < 0.01 and abs(lon - clon) < 0.01:
            return name
    if gold["place_level"] == "country":
        return gold["location"]  # "Saudi Arabia", "United Arab Emirates": the whole name
    return gold["location"].split()[-1]


def actor_ok(gold: dict, row: dict) -> bool:
    wanted = {canonical_actor(a) for a in gold["actor1"].split("|") if a}
    return canonical_actor(row["actor1"]) in wanted


def count_ok(low: str, high: str, best: str) -> bool:
    if not best:
        return False
    value = int(best)
    return value >= int(low) and (not high or value <= int(high))


def field_result(name: str, gold: dict, row: dict) -> tuple[bool, bool, bool]:
    """(gold has it, candidate gives it, right)."""
    if name == "date":
        return True, bool(row["event_date"]), date_ok(gold, row)
    if name == "place":
        return True, bool(row["location"]), place_ok(gold, row)
    if name == "event_type":
        return True, True, gold["event_type"] == row["event_type"]
    if name == "sub_event_type":
        has = bool(gold["sub_event_type"])
        return (
            has,
            bool(row["sub_event_type"]),
            has and gold["sub_event_type"] == row["sub_event_type"],
        )
    if name == "actor":
        return True, bool(row["actor1"]), actor_ok(gold, row)
    if name == "attribution":
        has = bool(gold["attribution"])
        return has, bool(row["attribution"]), has and gold["attribution"] == row["attribution"]
    key = "fatalities" if name == "killed" else "wounded"
    has = bool(gold[f"{key}_low"])
    right = has and count_ok(gold[f"{key}_low"], gold[f"{key}_high"], row[key])
    return has, bool(row[key]), right


def pair(golds: list[dict], rows: list[dict]) -> list[tuple[dict, dict]]:
    options = []
    for gi, g in enumerate(golds):
        for ri, r in enumerate(rows):
            if g["event_type"] != r["event_type"]:
                continue
            d, p = date_ok(g, r), place_ok(g, r)
            if not (d or p):
                continue
            sub = g["sub_event_type"] in ("", r["sub_event_type"])
            if not sub:
                continue
            options.append((-(2 * d + 2 * p + sub + actor_ok(g, r)), gi, ri))
    used_g, used_r, pairs = set(), set(), []
    for _, gi, ri in sorted(options):
        if gi in used_g or ri in used_r:
            continue
        used_g.add(gi)
        used_r.add(ri)
        pairs.append((golds[gi], rows[ri]))
    return pairs


_EMPTY: dict = dict.fromkeys(COLUMN_NAMES, "")
_SHOWN = {"date": "event_date", "place": "location", "actor": "actor1", "killed": "fatalities"}


def _shown(name: str, row: dict) -> str:
    return row.get(_SHOWN.get(name, name), "")


def published_of(golds: list[dict]) -> date:
    return date.fromisoformat(golds[0]["published"])


def report_set(spec: str | None) -> set[int] | None:
    """'135-144,100' -> {100, 135, ..., 144}; None scores every report."""
    if not spec:
        return None
    wanted: set[int] = set()
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        wanted.update(range(int(low), int(high or low) + 1))
    return wanted


def evaluate(
    seeds: Path, gold_path: Path, verbose: bool = False, reports: set[int] | None = None
) -> dict:
    with gold_path.open(encoding="utf-8", newline="") as handle:
        gold_rows = list(csv.DictReader(handle))
    if reports is not None:
        gold_rows = [g for g in gold_rows if int(g["report"]) in reports]
    by_report: dict[str, list[dict]] = {}
    for g in gold_rows:
        by_report.setdefault(g["report"], []).append(g)
    scores = {name: Score() for name in FIELDS}
    news = Score()
    found_all = Score()
    candidates_total = 0
    candidates_right = 0
    for report, golds in sorted(by_report.items()):
        path = next(seeds.glob(f"{report}_*.txt"))
        rows = [c.row for c in extract(path.read_text(encoding="utf-8"), published_of(golds))]
        candidates_total += len(rows)
        pairs = pair(golds, rows)
        candidates_right += len(pairs)
        matched = {id(g): r for g, r in pairs}
        for g in golds:
            row = matched.get(id(g))
            found_all.gold += 1
            found_all.right += row is not None
            if g["news"] == "1":
                news.gold += 1
                news.right += row is not None
            for name in FIELDS:
                has = field_result(name, g, row or _EMPTY)[0]
                scores[name].gold += has
                if row is not None and has:
                    scores[name].found += 1
                    scores[name].right += field_result(name, g, row)[2]
        for r in rows:
            paired = next((g for g, pr in pairs if pr is r), None)
            for name in FIELDS:
                given = field_result(name, paired or golds[0], r)[1]
                scores[name].given += given
                if paired is not None and given:
                    scores[name].right_given += field_result(name, paired, r)[2]
        if verbose:
            print(f"--- report {report}")
            for g in golds:
                r = matched.get(id(g))
                status = r["event_id"] if r else "MISSED"
                wrong = [
                    n
                    for n in FIELDS
                    if r and field_result(n, g, r)[0] and not field_result(n, g, r)[2]
                ]
                detail = ""
                if r and wrong:
                    detail = "  wrong: " + ", ".join(f"{n}={_shown(n, r)!r}" for n in wrong)
                print(f"  {g['gold_id']:32} -> {status}{detail}")
            for r in rows:
                if not any(pr is r for _, pr in pairs):
                    print(f"  {'(no gold)':32} <- {r['event_id']}")
    return {
        "scores": scores, "news": news, "all": found_all,
        "candidates": candidates_total, "candidates_right": candidates_right,
    }  # fmt: skip


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{100 * value:5.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--dev", action="store_true", help="score the development reports")
    which.add_argument("--both", action="store_true", help="the seeds' table, then the dev one")
    which.add_argument("--heldout", action="store_true", help="score the held-out reports")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--reports", metavar="RANGES", help="score only these report numbers, e.g. 135-144,100"
    )
    args = parser.parse_args(argv)
    reports = report_set(args.reports)
    if args.both:
        print("== seed reports")
        print_table(evaluate(args.seeds, args.gold, args.verbose, reports))
        print()
        print("== development reports")
        print_table(evaluate(DEV, DEV_GOLD, args.verbose, reports))
        return 0
    if args.dev:
        args.seeds, args.gold = DEV, DEV_GOLD
    if args.heldout:
        args.seeds, args.gold = HELDOUT, HELDOUT_GOLD
    print_table(evaluate(args.seeds, args.gold, args.verbose, reports))
    return 0


def print_table(result: dict) -> None:
    """The events found, the candidates paired, then one line per field."""
    news, found = result["news"], result["all"]
    print(f"news events found      {news.right}/{news.gold}  {_pct(news.recall())}")
    print(f"all events found       {found.right}/{found.gold}  {_pct(found.recall())}")
    total, right = result["candidates"], result["candidates_right"]
    print(f"candidates correct     {right}/{total}  {_pct(right / total if total else None)}")
    print()
    print(
        f"{'field':16} {'precision':>10} {'recall':>8} {'of found':>9}   "
        f"right/gold  right/found  right/given"
    )
    for name, score in result["scores"].items():
        print(
            f"{name:16} {_pct(score.precision()):>10} {_pct(score.recall()):>8} "
            f"{_pct(score.of_found()):>9}   {score.right:>4}/{score.gold:<5}  "
            f"{score.right:>5}/{score.found:<5}  {score.right_given:>5}/{score.given}"
        )


if __name__ == "__main__":
    sys.exit(main())
