"""Command line: `python -m ingest REPORT.txt --published YYYY-MM-DD -o candidates.csv`.

Writes the report's candidate events as an events CSV (the columns of
data/events.csv) plus `background` (0/1) and `evidence` (the sentences they
came from), so the file opens in the dashboard and passes `python -m events
check` (apart from warnings: its source id is new, and extra columns are
kept). Candidates a person must complete first (no date, no place) are listed
on stderr instead of written, and with `--held FILE` written to FILE in the
same columns, to complete and add by hand (that file does not pass `events
check` until they are complete). With `--events FILE`, candidates that are
events already in that file are reported, not written again, and
`responds_to` is proposed from it.

Exit status: 0 when candidates were written, 1 when there were none to
write, 2 when the input cannot be read (the message says which file and why).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import date
from pathlib import Path

from events.schema import COLUMN_NAMES
from ingest import OUTPUT_EXTRA_COLUMNS, extract

EXIT_WROTE, EXIT_NONE, EXIT_UNREADABLE = 0, 1, 2


def _published(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, e.g. 2020-03-12, not {text!r}"
        ) from None


def _slug(text: str, words: int = 5) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words])


def source_id(outlet: str | None, published: date, title: str | None, report: Path) -> str:
    """`<outlet>-<published>-<topic>`, the form data/sources.csv uses."""
    who = _slug(outlet or "", 3) or "unattributed"
    topic = _slug(title or "", 4) or _slug(report.stem, 4) or "report"
    return f"{who}-{published.isoformat()}-{topic}"


def read_report(path: Path) -> str:
    """The report's text; raises OSError/ValueError with a message naming the file and why."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError(f"{path}: holds NUL bytes; expected a plain text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8"
        ) from None


def write_candidates(path: Path, candidates) -> None:
    """The candidates as an events CSV with the report's two extra columns."""
    columns = [*COLUMN_NAMES, *OUTPUT_EXTRA_COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for candidate in candidates:
            record = candidate.to_record()
            record["responds_to"] = ";".join(candidate.responds_to)
            writer.writerow(record)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.split("\n")[0])
    parser.add_argument("report", type=Path, help="the report as a UTF-8 text file")
    parser.add_argument("--published", type=_published, required=True, help="YYYY-MM-DD")
    parser.add_argument("--outlet", help="who published it, e.g. Reuters")
    parser.add_argument("--title", help="its headline")
    parser.add_argument("--url", help="where it was published")
    parser.add_argument("--events", type=Path, help="events already loaded, to match against")
    parser.add_argument("-o", "--output", type=Path, required=True, help="candidates CSV to write")
    parser.add_argument(
        "--held",
        type=Path,
        help="also write the candidates that need a date or a place to this CSV",
    )
    args = parser.parse_args(argv)

    try:
        text = read_report(args.report)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = "" if str(args.report) in reason else f"{args.report}: "
        print(f"error: cannot read the report {where}{reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    known = None
    if args.events is not None:
        from events import CsvFileError, load_events

        try:
            known = load_events(args.events).events
        except (CsvFileError, OSError) as error:
            print(f"error: cannot read the events file {args.events}: {error}", file=sys.stderr)
            return EXIT_UNREADABLE

    source = source_id(args.outlet, args.published, args.title, args.report)
    candidates = extract(text, args.published, known_events=known, source=source)
    written, held = [], []
    for candidate in candidates:
        if candidate.matches_existing:
            print(
                f"same as {candidate.matches_existing}: offer {source} as a source for it "
                f"(not written)",
                file=sys.stderr,
            )
        elif candidate.complete:
            written.append(candidate)
        else:
            held.append(candidate)
    for candidate in held:
        missing = [c for c in ("event_date", "location", "country") if not candidate.row[c]]
        where = f"written to {args.held}" if args.held is not None else "not written"
        print(
            f"needs review, {where}: {candidate.event_id} ({', '.join(missing)} missing; "
            f"{'; '.join(candidate.review)})",
            file=sys.stderr,
        )
    if args.held is not None and held:
        try:
            write_candidates(args.held, held)
        except OSError as error:
            print(f"error: cannot write {args.held}: {error.strerror or error}", file=sys.stderr)
            return EXIT_UNREADABLE
        print(f"{args.held}: {len(held)} candidate events to complete", file=sys.stderr)
    if not written:
        print(f"{args.report}: no candidate events to write", file=sys.stderr)
        return EXIT_NONE
    try:
        write_candidates(args.output, written)
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(
        f"{args.output}: {len(written)} candidate events written"
        + (f", {len(held)} held for review" if held else "")
        + f"; source id {source}"
        + (f" ({args.outlet}, {args.url})" if args.outlet and args.url else ""),
        file=sys.stderr,
    )
    return EXIT_WROTE


if __name__ == "__main__":
    sys.exit(main())
