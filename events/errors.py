"""The failures the `events` package raises, under one root.

As `geo` has `GeoError`, `events` has `EventsError`: a caller that opens
files for people (the dashboard, the command line) catches one class and
shows its message. Only a file that cannot be read at all raises; a file
that reads but holds bad rows gives problems (`events.problems`), not
exceptions.
"""

from __future__ import annotations


class EventsError(Exception):
    """Base of every error the `events` package raises."""


class CsvFileError(EventsError):
    """The file cannot be read as a CSV at all (missing, empty, binary)."""


class UnknownFormatError(EventsError, ValueError):
    """The header matches none of the formats; the message lists what each one needs."""
