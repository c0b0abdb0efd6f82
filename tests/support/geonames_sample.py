"""A handful of GeoNames-shaped places (namesakes in two countries, alternate names) for
tests of the GeoNames index and of the chain's preference for the nearby namesake."""

from __future__ import annotations


def city(gid, name, lat, lon, cc, population, *alternates):
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "population": population,
        "alternatenames": list(alternates),
    }


FAKE = {
    "1": city(1, "Springfield", 39.8, -89.6, "US", 116_000),
    "2": city(2, "Springfield", 42.1, -72.6, "US", 155_000),
    "3": city(3, "Ālbū Kamāl", 34.45, 40.92, "SY", 57_000, "Abu Kamal", "Al-Bukamal"),
    "4": city(4, "Abu Kamal", 30.0, 31.0, "EG", 900),
    "5": city(5, "Deir ez-Zor", 35.34, 40.14, "SY", 271_000, "Dayr az Zawr"),
    "6": city(6, "Decatur", 39.84, -88.95, "US", 70_000),
}
