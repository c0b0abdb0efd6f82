"""The file formats an events table arrives in, and how each dataset asks to be credited.

A leaf module, so the loaded-table record (`events.result`) and the format
detection (`events.importers.detect`) name formats the same way without
importing each other.
"""

from __future__ import annotations

OURS = "ours"
ACLED = "acled"
UCDP = "ucdp"
GDELT = "gdelt"
FORMATS: tuple[str, ...] = (OURS, ACLED, UCDP, GDELT)
FORMAT_NAMES = {
    OURS: "our event table",
    ACLED: "ACLED export",
    UCDP: "UCDP GED",
    GDELT: "GDELT 2.0 event export",
}

# How each dataset asks to be credited; the export citation line names it.
DATASET_CREDITS = {
    ACLED: "ACLED, Armed Conflict Location & Event Data Project (acleddata.com)",
    UCDP: "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program (ucdp.uu.se)",
    GDELT: "The GDELT Project, GDELT 2.0 Event Database (gdeltproject.org)",
}
