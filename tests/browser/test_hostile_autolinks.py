"""Bare links, e-mail addresses and shortcodes in data stay text in a real browser.

Streamlit's Markdown looks for `www.`, `https://`, `name@host` and
`:material/…:` in the text after undoing backslash escapes, so escaping
alone let them through: a note became a link to the address it named, a
shortcode an icon. The detail panel of one event carrying all of them must
hold no link but its source's and no icon the data asked for.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.support import DATA, ROOT
from tests.support.browser import (
    block_other_hosts,
    require_browser,
    streamlit_server,
    wait_for_markers,
)

pytestmark = pytest.mark.browser

NOTE = "see www.evil.example and http://evil.example/x, mail victim@evil.example :material/skull:"
PLACE = "Camp www.evil.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    folder = tmp_path_factory.mktemp("autolinks")
    rows = list(csv.DictReader(io.StringIO((DATA / "events.csv").read_text(encoding="utf-8"))))
    rows[0].update(notes=NOTE, location=PLACE)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "sources.csv").write_bytes((DATA / "sources.csv").read_bytes())
    with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(folder / "events.csv")}) as base:
        yield base, rows[0]["event_id"], sum(1 for r in rows if r["latitude"].strip())


def test_bare_links_and_shortcodes_in_a_note_are_shown_as_text(browser, server):
    base, event_id, placed = server
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    attempted = block_other_hosts(context)
    page = context.new_page()
    try:
        page.goto(f"{base}/?event={event_id}")
        wait_for_markers(page, placed)
        panel = page.locator(".st-key-detail")
        page.wait_for_function(
            "() => (document.querySelector('.st-key-detail') || {}).innerText?.includes('victim')",
            timeout=30_000,
        )
        text = panel.inner_text().replace("\u2060", "")
        assert NOTE in text and PLACE in text
        hrefs = panel.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        links = [h for h in hrefs if not h.startswith("#")]  # "#…": the heading's own anchor
        assert not [h for h in links if "evil" in h or h.startswith("mailto:")], hrefs
        # Streamlit draws a shortcode's icon as a span of the icon font holding its name.
        icons = panel.locator("span").evaluate_all(
            "els => els.filter(e => e.innerText.trim() === 'skull').length"
        )
        assert icons == 0
        assert attempted == []
    finally:
        context.close()
