"""One visual vocabulary for the map, its legend and the timeline.

A reader learns once that orange is Iran and aligned groups and a triangle is
rockets or missiles; every component takes its colours, shapes and sizes from
here so the legend never disagrees with the marks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Colour-blind-safe (Okabe-Ito) colours, one per side of the conflict.
SIDE_COLORS: dict[str, str] = {
    "coalition": "#0072B2",
    "iran": "#D55E00",
    "isis": "#000000",
    "unidentified": "#8a8a8a",
    "other": "#CC79A7",
}

# What kind of attack a marker shape stands for, chosen from the sub-event
# type first (ACLED's vocabulary is controlled) and the weapon second.
SHAPES: dict[str, str] = {
    "missile": "Rockets, missiles, artillery",
    "air": "Air or drone strike",
    "clash": "Armed clash",
    "crowd": "Riot or protest",
    "other": "Other",
}
_SHAPE_BY_SUB_EVENT = {
    "Shelling/artillery/missile attack": "missile",
    "Air/drone strike": "air",
    "Armed clash": "clash",
    "Violent demonstration": "crowd",
    "Mob violence": "crowd",
    "Peaceful protest": "crowd",
    "Protest with intervention": "crowd",
    "Excessive force against protesters": "crowd",
}
_SHAPE_BY_WEAPON = {
    "rockets": "missile",
    "ballistic missiles": "missile",
    "missiles": "missile",
    "artillery": "missile",
    "mortars": "missile",
    "drone": "air",
    "aircraft": "air",
    "small arms": "clash",
    "mob": "crowd",
}

# How far a place may be from where the marker sits, in metres, by
# geo_precision (1 the site or town, 2 near a town, 3 a region only).
HALO_METRES: dict[int, int] = {1: 0, 2: 12_000, 3: 60_000}
UNKNOWN_PRECISION_HALO = 25_000

MIN_RADIUS_PX = 7
MAX_RADIUS_PX = 20


def shapes_for(sub_event_types: pd.Series, weapons: pd.Series) -> pd.Series:
    """The marker shape of each event: from its sub-event type first, its weapon second."""
    by_sub = sub_event_types.astype(object).map(_SHAPE_BY_SUB_EVENT)
    by_weapon = weapons.astype(object).str.strip().str.lower().map(_SHAPE_BY_WEAPON)
    return by_sub.fillna(by_weapon).fillna("other").astype(object)


def radii_for(fatalities: pd.Series) -> pd.Series:
    """Marker radius in pixels: area grows with deaths, capped so one event can't hide others.

    Blank and 0 get the smallest marker; otherwise `MIN_RADIUS_PX + 2.2 * sqrt(deaths)`,
    rounded, at most `MAX_RADIUS_PX`.
    """
    deaths = pd.to_numeric(fatalities, errors="coerce").astype("float64").fillna(0).to_numpy()
    grown = np.minimum(
        MAX_RADIUS_PX, np.round(MIN_RADIUS_PX + 2.2 * np.sqrt(np.maximum(deaths, 0)))
    )
    radii = np.where(deaths > 0, grown, MIN_RADIUS_PX).astype(int)
    return pd.Series(radii, index=fatalities.index)


def halos_for(geo_precision: pd.Series) -> pd.Series:
    """Each event's halo radius in metres, from its geo_precision (unknown: a middling halo)."""
    codes = pd.to_numeric(geo_precision, errors="coerce").astype("float64")
    halos = codes.map({float(k): v for k, v in HALO_METRES.items()})
    return halos.fillna(UNKNOWN_PRECISION_HALO).astype(int)
