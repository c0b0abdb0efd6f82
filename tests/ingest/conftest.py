"""An offline geocoder for the extractor: the curated gazetteer and GeoNames, no answer cache."""

from __future__ import annotations

import pytest

from geo.chain import Chain, shared_gazetteer, shared_geonames


@pytest.fixture(scope="session")
def geocoder() -> Chain:
    return Chain(shared_gazetteer(), shared_geonames())
