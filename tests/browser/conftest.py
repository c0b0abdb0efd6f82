"""Browser-test fixtures: the dashboard on the bundled data, and a desktop page.

A module that needs other data defines its own `server`; the shared
`browser` fixture (tests/conftest.py) starts once that server is up.
"""

from __future__ import annotations

import pytest

from tests.support.browser import ROOT, open_page, require_browser, streamlit_server


@pytest.fixture(scope="module")
def server():
    """The dashboard on the bundled events, one server per test module."""
    require_browser()
    with streamlit_server(ROOT / "app.py") as base:
        yield base


@pytest.fixture
def page(browser):
    """A 1400x900 page that may reach 127.0.0.1 only (see `open_page`)."""
    context, opened = open_page(browser)
    yield opened
    context.close()
