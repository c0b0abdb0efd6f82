"""Ids for files that carry none: made from each row's content, the same on every open.

ACLED's curated regional files and reduced exports often drop `event_id_cnty`
and `data_id`; a UCDP extract may drop `id`. Refusing the file for one
missing column costs the user every row, and numbering rows by position
would give an event another id as soon as a row above it is added or
removed, breaking every link made on it. So the id is a short digest of
what the row says: its date, place, actors and type, compared without case
or spacing. Rows that say exactly the same are told apart by a counter in
file order (`-2`, `-3` ...), so the same file opened twice gives the same ids.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# 64 bits: among a million rows, two share a digest about once in 30 million files,
# and a clash would be reported by the loader as a repeated id, not merged.
DIGEST_CHARS = 16


def content_ids(prefix: str, parts: list[pd.Series]) -> pd.Series:
    """`<prefix>-<digest>` per row from `parts` (aligned text columns), counted where equal."""
    index = parts[0].index
    # Folded in Arrow's kernels (lower case, runs of spaces as one, no outer spaces),
    # then joined with a separator no cell holds: a million rows in a fraction of a second.
    folded = [
        pc.utf8_trim_whitespace(
            pc.replace_substring_regex(
                pc.utf8_lower(pa.array(part.fillna("").astype(str), type=pa.string())),
                r"\s+",
                " ",
            )
        )
        for part in parts
    ]
    keys = pc.binary_join_element_wise(*folded, "\x1f").to_pylist()
    digests = pd.Series(
        [
            hashlib.blake2b(key.encode("utf-8"), digest_size=DIGEST_CHARS // 2).hexdigest()
            for key in keys
        ],
        index=index,
        dtype=str,
    )
    ids = prefix + "-" + digests
    repeat = digests.groupby(digests, sort=False).cumcount()
    if (repeat > 0).any():
        ids = ids.where(repeat == 0, ids + "-" + (repeat + 1).astype(str))
    return ids


def derived_ids_message(rows: int, columns: str, what: str) -> str:
    return (
        f"the file has no {what} column; each of its {rows:,} events is given an id made "
        f"from its {columns} (the same file gives the same ids on every open, so links to "
        "its events keep working)"
    )
