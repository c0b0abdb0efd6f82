"""Take out exactly what is in view: CSV (ours or ACLED's layout), GeoJSON, a citation line.

Pure functions of the filtered events; the dashboard's buttons, a notebook
and the command line call the same ones. The standalone HTML map lives with
the map code, in `components.map.export`.
"""

from events.export.citation import citation_line, sources_summary
from events.export.csvfiles import (
    acled_csv,
    acled_frame,
    events_csv,
    neutralise_formula,
)
from events.export.geojson import MEDIA_TYPE as GEOJSON_MEDIA_TYPE
from events.export.geojson import feature_collection, geojson_bytes

__all__ = [
    "GEOJSON_MEDIA_TYPE",
    "acled_csv",
    "acled_frame",
    "citation_line",
    "events_csv",
    "feature_collection",
    "geojson_bytes",
    "neutralise_formula",
    "sources_summary",
]
