"""The window of days an event may have happened in, from its date and time precision.

ACLED's rule, which the event table follows: an event known only to the
week or the month is dated at the middle of its window. Its window is then
that many days either side of ``event_date``: 3 for a week (7 days in all),
15 for a month (31 days). The timeline draws the window as a span and the
date filter can keep every event whose window overlaps the chosen range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# time_precision -> days either side of event_date. 1 = the day is known.
HALF_WIDTH_DAYS: dict[int, int] = {1: 0, 2: 3, 3: 15}


def half_widths(precision: pd.Series) -> np.ndarray:
    """Days either side of each event's date (0 where the day is known or precision is blank)."""
    codes = pd.to_numeric(precision, errors="coerce").fillna(1).astype(int)
    return codes.map(HALF_WIDTH_DAYS).fillna(0).astype("int64").to_numpy()


def windows(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each event's window, as timestamps (both days included)."""
    half = pd.to_timedelta(half_widths(precision), unit="D")
    return dates - half, dates + half
