"""Command line: look a place up, or fill the coordinates of an event CSV.

    python -m geo lookup "Abu Kamal" [--country Syria] [--online] [--json]
    python -m geo resolve data/events.csv [--online] [--dry-run]

Online lookups (Nominatim) happen only with --online or GEO_ONLINE=1.
Exit status: 0 found / everything resolved, 1 not found / something left
unresolved, 2 bad usage or a failure (unreadable file, service error).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.chain import default_chain
from geo.countries import country_name
from geo.csvfill import fill_csv
from geo.errors import GeoError
from geo.place import Place
from geo.schema_text import PRECISION_WORDS

EXIT_OK, EXIT_MISSING, EXIT_ERROR = 0, 1, 2


def describe(place: Place) -> str:
    country = country_name(place.country) or place.country or "?"
    loose = " (loose match: check it)" if place.match == "loose" else ""
    return (
        f"{place.name}: {place.lat:.5f}, {place.lon:.5f}  {country}, {place.kind}, "
        f"precision {place.precision} ({PRECISION_WORDS[place.precision]})\n"
        f"  from {place.provenance}{loose}"
    )


def _online_flag(args: argparse.Namespace) -> bool | None:
    return True if args.online else None


def cmd_lookup(args: argparse.Namespace) -> int:
    chain = default_chain(online=_online_flag(args), cache_path=args.cache)
    try:
        place = chain.geocode(args.name, args.country)
    except GeoError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    if place is None:
        where = f" in {args.country}" if args.country else ""
        hint = "" if chain.online else " (offline; try --online)"
        print(f"not found: {args.name!r}{where}{hint}", file=sys.stderr)
        return EXIT_MISSING
    if args.json:
        print(json.dumps(place.to_dict(), ensure_ascii=False))
    else:
        print(describe(place))
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    chain = default_chain(online=_online_flag(args), cache_path=args.cache)
    fallback = default_chain(online=False, cache_path=args.cache) if chain.online else None

    def progress(done: int, total: int) -> None:
        print(f"  ... row {done} of {total}", file=sys.stderr, flush=True)

    try:
        report = fill_csv(
            args.csv,
            chain,
            dry_run=args.dry_run,
            offline_fallback=fallback,
            progress=progress,
        )
    except GeoError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    verb = "would fill" if args.dry_run else "filled"
    for item in report.resolved:
        p = item.place
        print(
            f"line {item.line}: {item.location!r} -> {p.lat:.5f}, {p.lon:.5f} "
            f"precision {p.precision} from {p.provenance}"
            + (" (loose match: check it)" if p.match == "loose" else "")
        )
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.unresolved:
        print(f"could not resolve {len(report.unresolved)} row(s):")
        for item in report.unresolved:
            print(f"  line {item.line}: {item.location!r}: {item.why}")
    print(
        f"{report.path}: {report.rows} rows, {report.needed} needed coordinates, "
        f"{verb} {len(report.resolved)}, unresolved {len(report.unresolved)}"
        + ("" if report.written or args.dry_run or not report.resolved else " (not written)")
    )
    return EXIT_OK if report.complete else EXIT_MISSING


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m geo", description=__doc__.split("\n\n")[0])
    sub = root.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--online", action="store_true", help="also ask Nominatim (or GEO_ONLINE=1)")
        p.add_argument("--cache", type=Path, default=None, help="answer cache file (JSON)")

    lookup = sub.add_parser("lookup", help="resolve one place name")
    lookup.add_argument("name")
    lookup.add_argument("--country", default=None, help="country name or ISO code")
    lookup.add_argument("--json", action="store_true", help="print the answer as JSON")
    common(lookup)
    lookup.set_defaults(run=cmd_lookup)

    resolve = sub.add_parser("resolve", help="fill blank coordinates of an event CSV in place")
    resolve.add_argument("csv", type=Path)
    resolve.add_argument("--dry-run", action="store_true", help="report, do not write")
    common(resolve)
    resolve.set_defaults(run=cmd_resolve)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except GeoError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
