"""The map's legend fits a phone: no entry runs past the edge of a 390 px page.

The legend's sentences ("Over 300 events in view ...") and group names taken
from the data (ACLED's "Coordination of Azawad Movements (CMA): Coordination
des Mouvements de l'Azawad") are longer than a phone's line; they must wrap,
not be cut off.
The legend is laid out by Chromium at the width Streamlit gives it there.
"""

from __future__ import annotations

import pandas as pd
import pytest

from components.map.legend import legend_html
from events.colouring import colouring_for
from tests.support.browser import chromium, require_browser
from tests.support.scripts import probe

pytestmark = pytest.mark.browser

# 390 px less Streamlit's 1 rem of padding on each side.
PHONE_COLUMN_PX = 358
LONG_NAMES = [
    "Coordination of Azawad Movements (CMA): Coordination des Mouvements de l'Azawad",
    "NATO: North Atlantic Treaty Organization",
    "Taliban",
]


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(
    "options", [{"dense": True}, {"cells": True}, {}], ids=["dense", "cells", "each-event"]
)
def test_no_legend_entry_runs_past_a_phone_wide_column(browser, options):
    events = pd.DataFrame({"actor1": [n for i, n in enumerate(LONG_NAMES) for _ in range(i + 1)]})
    legend = legend_html(colouring=colouring_for(events, "actor"), **options)
    assert "Coordination des Mouvements" in legend
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.set_content(
            f'<body style="margin:0"><div id="column" style="width:{PHONE_COLUMN_PX}px;'
            f'margin:0 16px">{legend}</div></body>'
        )
        assert page.evaluate(probe("legend_overflow")) == []
    finally:
        page.close()
