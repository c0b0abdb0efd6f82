"""Sentences of a report, with their offsets, and the small text facts every recogniser shares.

Wire copy arrives with stray HTML entities (",quot;"), curly quotes, bullets
and repeated headlines. Sentences are split on end punctuation followed by a
capital or a quote, never after the abbreviations reports use ("U.S.", "Gen.",
"Sgt.", "Mr."), so that spans found in a sentence stay valid offsets into the
sentence as the reviewer sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENTITIES = (
    (",quot;", '"'),
    ("&quot;", '"'),
    ("&amp;", "&"),
    ("&#39;", "'"),
    ("&apos;", "'"),
    ("&nbsp;", " "),
)
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "u.s",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "maj",
        "cpl",
        "pvt",
        "adm",
        "rep",
        "sen",
        "gov",
        "st",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "jr",
        "sr",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "approx",
    ]
)
_BOUNDARY = re.compile(
    r"([.!?]+[\"'”’)]*)(\s+)(?=[\"'“‘(]?[A-Z0-9])(?!(?:19|20)\d\d\s*(?:\n|$))|\n\s*\n|\n(?=\s*[•*\-–]\s)"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its index in the report, its text, and where it starts in the report."""

    index: int
    text: str
    start: int


# A dateline or metadata token at the start of a line ("date 2021-06-29", "Date:"):
# it dates the report, not an event.
_METADATA = re.compile(
    r"^[ \t]*(?:date|published|posted|updated)[ \t]*:?[ \t]*(?:(?:19|20)\d\d-\d\d-\d\d)?[ \t]*$"
    r"|^[ \t]*(?:date|published|posted|updated)[ \t]*:?[ \t]*(?:19|20)\d\d-\d\d-\d\d[ \t]+",
    re.IGNORECASE | re.MULTILINE,
)


# A wire dateline at the start of a line ("DUBAI, Jan 26 (Reuters) -", "ERBIL, Iraq, Aug 17 -",
# "BEIRUT (AP) —"): the city is where the story was filed, never where the event was.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,2}"
    r"(?:,[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)?"
    r"(?:,?[ \t]*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2})?"
    r"(?:[ \t]*\([A-Za-z .]+\))?[ \t]*[-–—]+(?=[ \t]|$)[ \t]*",
    re.MULTILINE,
)


def clean(text: str) -> str:
    """The report with entities decoded and whitespace inside lines tidied; line breaks kept."""
    for entity, plain in _ENTITIES:
        text = text.replace(entity, plain)
    text = _METADATA.sub("", text)
    text = _DATELINE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _ends_with_abbreviation(chunk: str) -> bool:
    words = chunk.rstrip(".!?\"'”’)").split()
    if not words:
        return False
    last = words[-1].lower().rstrip(".")
    # Single capitals ("Mark T. Esper", "Diego D. Pongo") are initials.
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Split a cleaned report into sentences; repeated lines (a headline printed twice) once."""
    sentences: list[Sentence] = []
    seen: set[str] = set()
    position = 0
    pieces: list[tuple[int, int]] = []
    for match in _BOUNDARY.finditer(text):
        end = match.end(1) if match.group(1) else match.start()
        if match.group(1) and _ends_with_abbreviation(text[position:end]):
            continue
        pieces.append((position, end))
        position = match.end()
    pieces.append((position, len(text)))
    # A fragment under 30 characters inside a line ("On Sunday, the captain.") is a
    # stray full stop, not a sentence: join it to what follows.
    joined: list[tuple[int, int]] = []
    for start, end in pieces:
        if joined and joined[-1][1] - joined[-1][0] < 30 and "\n" not in text[joined[-1][0] : end]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    pieces = joined
    for start, end in pieces:
        for line_start, line in _lines(text, start, end):
            stripped = line.strip().lstrip("•*-– ").strip()
            if not stripped or stripped.casefold() in seen:
                continue
            seen.add(stripped.casefold())
            offset = line_start + line.index(stripped)
            sentences.append(Sentence(len(sentences), stripped, offset))
    return sentences


def _lines(text: str, start: int, end: int):
    """A chunk split at single line breaks: wire copy puts headlines on their own lines."""
    chunk = text[start:end]
    offset = start
    for line in chunk.split("\n"):
        yield offset, line
        offset += len(line) + 1


def headline_indices(sentences: list[Sentence], text: str) -> set[int]:
    """The headline lines at the top of a report: short lines with no closing full stop.

    A headline restates the lead in fewer words ("Houthis hit tanker in Red Sea" over
    "... targeted the tanker in the Gulf of Aden"), so its words must not make an event
    of their own when the body tells it.
    """
    found: set[int] = set()
    for s in sentences:
        line_end = text.find("\n", s.start)
        whole_line = line_end == -1 or line_end == s.start + len(s.text)
        if (
            not whole_line
            or re.search(r"[.!?][\"'”’)]*$", s.text)
            or len(s.text.split()) > 20
            or s.index == len(sentences) - 1
        ):
            break
        found.add(s.index)
    return found
