"""What the importer tests share: the real sample files, small CSVs, finding a row."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

TODAY = date(2026, 1, 1)


def needs(sample: Path):
    """Skip a test when the shared sample file is not on this machine."""
    return pytest.mark.skipif(not sample.exists(), reason=f"{sample} is not on this machine")


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def event(result, event_id: str) -> pd.Series:
    """The imported row with `event_id`, failing with the first problems when it is missing."""
    match = result.events.loc[result.events["event_id"] == event_id]
    assert len(match) == 1, f"{event_id} not imported: {result.problems[:5]}"
    return match.iloc[0]
