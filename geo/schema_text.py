"""Words for the geo_precision codes, kept in step with `events/schema.py` GEO_PRECISION.

`geo` must not import `events` (the dependency runs the other way), so the
three phrases are repeated here; a test checks they match.
"""

from __future__ import annotations

PRECISION_WORDS: dict[int, str] = {
    1: "the site or town",
    2: "near a town, or part of a region",
    3: "a region only",
}
