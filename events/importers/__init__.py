"""Open the files analysts already hold: ACLED, UCDP GED and GDELT files, and our own.

`import_file(path_or_bytes, format="auto")` tells the format from the
header, maps the columns onto our event table and validates every row as
the loader does; the result is the loader's own `LoadResult`, with the
format, the number of rows read and the HXL row that was set aside.
"""

from events.importers.detect import (
    ACLED,
    AUTO,
    FORMATS,
    GDELT,
    OURS,
    UCDP,
    UnknownFormatError,
    detect_format,
)
from events.importers.importer import DATASET_CREDITS, import_file

__all__ = [
    "ACLED",
    "AUTO",
    "DATASET_CREDITS",
    "FORMATS",
    "GDELT",
    "OURS",
    "UCDP",
    "UnknownFormatError",
    "detect_format",
    "import_file",
]
