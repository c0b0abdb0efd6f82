"""Add events from a report: paste or upload a news report, review its candidates, add them."""

from __future__ import annotations

import sys

from components import data
from components.review_page import render_page

render_page(data.events_path(sys.argv[1:]))
