"""From a report's text to candidate events: the pipeline.

Clean the text and split it into sentences (`ingest.text`), find each
sentence's mentions with the recognisers (`ingest.mentions`), merge mentions
of one event (`ingest.merge`) and turn events into rows of the events schema
with their evidence (`ingest.rows`). Matching against loaded events is
`ingest.match`, applied by `ingest.extract`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from geo.chain import default_chain
from ingest.actors import report_army
from ingest.candidate import Candidate, Span
from ingest.mentions import Mention, mentions_of
from ingest.merge import attach_headlines, merge
from ingest.places import report_area
from ingest.rows import to_candidates
from ingest.text import clean, headline_indices, split_sentences


def extract_events(text: str, published: date, geocoder=None, source: str = "") -> list[Candidate]:
    """Candidates of one report, before matching; `source` fills every row's `source` cell."""
    geocoder = geocoder or default_chain(online=False)
    cleaned = clean(text)
    sentences = split_sentences(cleaned)
    headlines = headline_indices(sentences, cleaned)
    mentions: list[Mention] = []
    headline: list[Mention] = []
    named_groups: list[str] = []
    area = report_area(cleaned, geocoder)
    army = report_army(cleaned, area.countries)
    last_site = None
    for s in sentences:
        found = mentions_of(s.index, s.text, published, geocoder, named_groups, area, army)
        if s.index not in headlines:
            _same_place(s.text, found, last_site)
            sites = [p for m in found for p in m.places if p.role == "site"]
            last_site = sites[-1] if sites else last_site
        (headline if s.index in headlines else mentions).extend(found)
    if _saudi_coalition(cleaned, area):
        for m in mentions + headline:
            _coalition_is_saudi_led(m, sentences[m.sentence].text)
    events = attach_headlines(merge(mentions, published), headline, published, mentions)
    return to_candidates(events, sentences, published, source, area, geocoder, army)


# "in the same square", "at the same base": the place the report named last.
_SAME_PLACE = re.compile(
    r"\b(?:in|at|on|near|from)\s+the\s+same\s+(?:square|base|town|city|village|area|place|"
    r"site|street|market|camp|neighbou?rhood|district|spot|location|port|facility|building|"
    r"checkpoint|compound|airport|field)\b",
    re.IGNORECASE,
)


def _same_place(text: str, found: list[Mention], last_site) -> None:
    """'A second bomb went off in the same square': the event is at the place named before."""
    match = _SAME_PLACE.search(text)
    if match is None or last_site is None:
        return
    unplaced = [m for m in found if not any(p.role == "site" for p in m.places)]
    if not unplaced:
        return
    m = min(unplaced, key=lambda m: abs(m.trigger.start - match.start()))
    m.places.append(replace(last_site, start=match.start(), end=match.end(), text=match.group(0)))
    m.spans.append(Span("location", m.sentence, match.start(), match.end()))


_US_LED = re.compile(r"U\.?S\.?-led|international\s+coalition|Inherent\s+Resolve|CJTF-OIR|\bISIS\b")
_BARE_COALITION = re.compile(r"(?:the\s+)?coalition(?:\s+forces)?", re.IGNORECASE)


def _saudi_coalition(text: str, area) -> bool:
    """A Yemen story's "the coalition" is the Saudi-led one, unless it says otherwise."""
    if _US_LED.search(text):
        return False
    return "Saudi-led" in text or (bool(area.countries) and "YE" in area.countries[:2])


def _coalition_is_saudi_led(m: Mention, text: str) -> None:
    if (
        m.actor is not None
        and m.actor.actor == "US-led coalition"
        and _BARE_COALITION.fullmatch(text[m.actor.start : m.actor.end])
    ):
        m.actor = replace(m.actor, actor="Saudi-led coalition")
    m.attributions = [
        replace(a, actor="Saudi-led coalition") if a.actor == "US-led coalition" else a
        for a in m.attributions
    ]
