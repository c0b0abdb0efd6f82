"""Reviewing the events a news report names before they reach the map.

The extractor (`ingest`) proposes; a person decides. Each candidate shows the
sentences it came from with the words that set each field marked, and every
field can be changed. The place is changed by typing a name and picking one of
the geocoder's answers (with where the answer came from), never by typing
coordinates. Ticked candidates are appended to the events file through
`events.append`, which validates them with the loader and writes atomically
under a lock; where the file cannot be written, the same rows are offered as a
download and the page says why.

Builders (`Review`, `highlight_html`, `row_from_fields`, `legend_html` ...) are
pure; `render_*` draw them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from events import schema

# Colours of the marked words, one per field, and what each says.
FIELD_MARKS = {
    "event_type": ("#fde68a", "what happened"),
    "event_date": ("#bfdbfe", "when"),
    "location": ("#bbf7d0", "where"),
    "actor1": ("#fbcfe8", "who"),
    "attribution": ("#ddd6fe", "how the actor is known"),
    "fatalities": ("#fecaca", "killed"),
    "wounded": ("#fed7aa", "wounded"),
}
_OTHER_MARK = ("#e5e7eb", "other")


@dataclass(frozen=True)
class Report:
    """One report as the reviewer gave it: its text and what the source entry will say."""

    text: str
    published: date | None
    outlet: str = ""
    title: str = ""
    url: str = ""
    name: str = "pasted text"

    def source_entry(self) -> dict[str, str]:
        return {
            "outlet": self.outlet.strip(),
            "title": self.title.strip(),
            "published": self.published.isoformat() if self.published else "",
            "url": self.url.strip(),
        }


@dataclass(frozen=True)
class Review:
    """Reports under review, each with its candidates (`ingest.Candidate`)."""

    reports: tuple[Report, ...]
    candidates: tuple[tuple, ...] = field(default=())  # per report, a tuple of candidates


def highlight_html(text: str, spans: Sequence[tuple[str, int, int]]) -> str:
    """`text` as HTML, the (field, start, end) spans wrapped in coloured marks.

    Every character of `text` is escaped, so a report's own markup shows as
    written. Overlapping spans are cut at each other's edges; a stretch that
    two fields share takes the first field's colour and names both.
    """
    bounds = {0, len(text)}
    kept = []
    for name, start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if start < end:
            kept.append((name, start, end))
            bounds.update((start, end))
    edges = sorted(bounds)
    parts = []
    for left, right in zip(edges, edges[1:], strict=False):
        piece = html.escape(text[left:right])
        fields = [name for name, start, end in kept if start <= left and right <= end]
        if not fields:
            parts.append(piece)
            continue
        colour, _ = FIELD_MARKS.get(fields[0], _OTHER_MARK)
        title = ", ".join(FIELD_MARKS.get(name, (None, name))[1] for name in dict.fromkeys(fields))
        parts.append(
            f'<mark style="background:{colour};padding:0 2px;border-radius:3px" '
            f'title="{html.escape(title, quote=True)}">{piece}</mark>'
        )
    return "".join(parts)


def evidence_html(candidate) -> str:
    """The candidate's sentences, each with the words that set its fields marked."""
    by_sentence: dict[int, list[tuple[str, int, int]]] = {}
    for span in candidate.spans:
        by_sentence.setdefault(span.sentence, []).append((span.field, span.start, span.end))
    quoted = [
        f'<p style="margin:0 0 .4em 0">{highlight_html(text, by_sentence.get(index, []))}</p>'
        for index, text in candidate.evidence
    ]
    return (
        '<blockquote style="border-left:3px solid #d1d5db;margin:0;padding:.2em .8em;'
        'color:#374151;font-size:.92em">' + "".join(quoted) + "</blockquote>"
    )


def legend_html() -> str:
    marks = " ".join(
        f'<mark style="background:{colour};padding:0 4px;border-radius:3px">'
        f"{html.escape(label)}</mark>"
        for colour, label in FIELD_MARKS.values()
    )
    return f'<div style="font-size:.85em;color:#4b5563">Marked words: {marks}</div>'


def candidate_heading(row: Mapping[str, str], background: bool) -> str:
    """A one-line name for a candidate: date, what, where (plain text)."""
    what = row.get("sub_event_type") or row.get("event_type") or "event of unknown type"
    where = row.get("location") or "no place yet"
    when = row.get("event_date") or "no date yet"
    line = f"{when} · {what} · {where}"
    return f"{line} (recalled in the report)" if background else line


def ticked_by_default(candidate) -> bool:
    """New events the report is about are ticked; recalled ones and known ones are not."""
    return not candidate.background and candidate.matches_existing is None


_INTEGER = re.compile(r"\d{1,9}")


def count_problem(label: str, text: str) -> str | None:
    """Why a typed figure cannot be used, or None: blank (not reported) or a whole number."""
    text = text.strip()
    if not text or _INTEGER.fullmatch(text):
        return None
    return f"{label}: {text!r} is not a whole number (leave it blank if not reported)"


def row_from_fields(base: Mapping[str, str], fields: Mapping[str, object], place) -> dict:
    """The events row that a candidate's edited fields describe.

    `place` is the chosen `ingest.PlaceOption` (or None to keep the base row's
    place): the location text, coordinates, country, precision and provenance
    all come from it, so coordinates are never typed.
    """
    row = {column: str(base.get(column, "") or "") for column in schema.COLUMN_NAMES}
    for column, value in fields.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, (list, tuple)):
            value = schema.LIST_SEPARATOR.join(str(v) for v in value)
        row[column] = "" if value is None else str(value).strip()
    if place is not None:
        point = place.place
        row["location"] = place.location
        row["latitude"] = f"{point.lat:.5f}"
        row["longitude"] = f"{point.lon:.5f}"
        if point.country:
            row["country"] = point.country
        row["geo_precision"] = str(point.precision)
        row["geo_source"] = point.provenance
    return row


def option_label(option) -> str:
    """How one geocoder answer reads in the picker: name, country, point, where it came from."""
    point = option.place
    where = f"{point.name}, {point.country}" if point.country else point.name
    return (
        f"{option.location} → {where} ({point.lat:.3f}, {point.lon:.3f}); "
        f"{option.why}; {point.provenance}"
    )


def missing_fields(fields: Mapping[str, object], place) -> list[str]:
    """What a row still needs before it can be added, in the words a reviewer acts on."""
    missing = []
    if fields.get("event_date") is None:
        missing.append("give the date")
    if place is None:
        missing.append("find the place and pick one of the answers")
    if not str(fields.get("actor1") or "").strip():
        missing.append("name the actor (or 'Unidentified armed group')")
    return missing


def add_label(events: int, sources: int) -> str:
    """The add button's words: how many events, and how many known events get a source."""
    label = f"Add the ticked events ({events})" if events else "Add"
    if sources:
        noun = "source" if sources == 1 else "sources"
        label += f" and {sources} {noun} to events already on the map"
    return label
