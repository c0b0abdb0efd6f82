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
from ingest.merge import merge
from ingest.rows import to_candidates
from ingest.text import clean, split_sentences


def extract_events(text: str, published: date, geocoder=None, source: str = "") -> list[Candidate]:
    """Candidates of one report, before matching; `source` fills every row's `source` cell."""
    geocoder = geocoder or default_chain(online=False)
    sentences = split_sentences(clean(text))
    mentions: list[Mention] = []
    named_groups: list[str] = []
    for s in sentences:
        mentions.extend(mentions_of(s.index, s.text, published, geocoder, named_groups))
    events = merge(mentions, published)
    return to_candidates(events, sentences, published, source)
