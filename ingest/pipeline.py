"""From a report's text to candidate events: the pipeline.

Clean the text and split it into sentences (`ingest.text`), find each
sentence's mentions with the recognisers (`ingest.mentions`), merge mentions
of one event (`ingest.merge`) and turn events into rows of the events schema
with their evidence (`ingest.rows`). Matching against loaded events is
`ingest.match`, applied by `ingest.extract`.
"""

from __future__ import annotations

from datetime import date

from geo.chain import default_chain
from ingest.candidate import Candidate
from ingest.mentions import Mention, mentions_of
from ingest.merge import attach_headlines, merge
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
    for s in sentences:
        found = mentions_of(s.index, s.text, published, geocoder, named_groups)
        (headline if s.index in headlines else mentions).extend(found)
    events = attach_headlines(merge(mentions, published), headline, published)
    return to_candidates(events, sentences, published, source)
