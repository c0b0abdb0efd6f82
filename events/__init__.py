"""The event domain: schema, loading and validation, view state.

Plain Python and pandas, usable from a notebook or the command line; the
dashboard is one caller among others. Every file is opened by
`events.table.read_table`, every load or import gives back one
`LoadResult`, every problem carries a `Code`, and every error raised is an
`EventsError`.
"""

from events.errors import CsvFileError, EventsError, UnknownFormatError
from events.load import load_events, split_list
from events.problems import ERROR, WARNING, Code, Problem
from events.result import LoadResult
from events.sources import load_sources
from events.table import read_table

__all__ = [
    "ERROR",
    "WARNING",
    "Code",
    "CsvFileError",
    "EventsError",
    "LoadResult",
    "Problem",
    "UnknownFormatError",
    "load_events",
    "load_sources",
    "read_table",
    "split_list",
]
