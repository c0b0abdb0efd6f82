"""The event domain: schema, loading and validation, view state.

Plain Python and pandas, usable from a notebook or the command line; the
dashboard is one caller among others.
"""

from events.csvfile import CsvFileError
from events.load import LoadResult, load_events, load_sources, split_list
from events.problems import ERROR, WARNING, Problem

__all__ = [
    "ERROR",
    "WARNING",
    "CsvFileError",
    "LoadResult",
    "Problem",
    "load_events",
    "load_sources",
    "split_list",
]
