"""Command line: `python -m events check data/events.csv`, `python -m events import FILE -o OUT`,
`python -m events export-parquet FILE -o OUT` (the query engine's copy, see events.engine.export).

`check` prints every problem as a table and exits 1 if there are any, so the
same check runs in CI, in a pre-commit hook and by hand before sharing a
file. `import` reads an ACLED export or a UCDP GED file (or one of ours) and
writes it in our schema; see `events.importers.cli`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from events.errors import EventsError
from events.importers.detect import AUTO, FORMATS
from events.load import load_events
from events.problems import format_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m events", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate an events CSV and list its problems")
    check.add_argument("path", type=Path, help="the events CSV, e.g. data/events.csv")
    check.add_argument(
        "--sources", type=Path, default=None, help="sources CSV (default: sources.csv beside it)"
    )
    importer = commands.add_parser(
        "import", help="read an ACLED or UCDP GED file and write it as our events CSV"
    )
    importer.add_argument("path", type=Path, help="the file to import, e.g. acled.csv")
    importer.add_argument(
        "--format",
        choices=(AUTO, *FORMATS),
        default=AUTO,
        help="the file's format (default: told from its header)",
    )
    importer.add_argument(
        "-o", "--output", type=Path, required=True, help="where to write our events CSV"
    )
    exporter = commands.add_parser(
        "export-parquet", help="write an events file as the query engine's date-sorted Parquet"
    )
    exporter.add_argument("path", type=Path, help="our CSV, an ACLED, UCDP or GDELT file")
    exporter.add_argument(
        "--format", choices=(AUTO, *FORMATS), default=AUTO, help="the file's format"
    )
    exporter.add_argument(
        "-o", "--output", type=Path, required=True, help="OUT.parquet, or a folder of them"
    )
    args = parser.parse_args(argv)
    if args.command == "export-parquet":
        from events.engine.export import run_export

        return run_export(args.path, args.format, args.output)
    if args.command == "import":
        from events.importers.cli import run_import

        return run_import(args.path, args.format, args.output)

    try:
        result = load_events(args.path, sources_path=args.sources)
    except EventsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    total = len(result.events) + len(result.rejected)
    if result.problems:
        print(format_table(result.problems))
        print()
    print(
        f"{args.path}: {total} rows, {len(result.events)} valid, {len(result.rejected)} rejected; "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings"
    )
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
